"""Project paths, resolved from this file so they work from any working directory.

The data folder a :class:`~analysis.package.load.Package` opens when given none is
:func:`default_data_dir`: ``TRAFFICKING_DATA_DIR`` if set (read at each call), else the
project's ``data/``. Reports go to ``TRAFFICKING_REPORTS_DIR`` or ``reports/`` (the tests
check a new operation in a temporary copy of the data, and build reports in a temporary
folder, that way). ``DATA_DIR``, ``REFERENCE_DIR`` and ``DATAPACKAGE_PATH`` name the default
folder as it was when this module was imported, for scripts and tests that read the
project's own files; the library itself never reads data through them.
"""

import os
from pathlib import Path

# The project folder (notebooks/, pyproject.toml, git): the checkout this package lies in, or
# TRAFFICKING_PROJECT_DIR for an installed copy of the package (see the packaging test).
PROJECT_ROOT = Path(os.environ.get("TRAFFICKING_PROJECT_DIR", Path(__file__).resolve().parents[2]))
PROJECT_DATA_DIR = PROJECT_ROOT / "data"


def default_data_dir() -> Path:
    """The data folder opened when none is given: ``TRAFFICKING_DATA_DIR`` or ``data/``."""
    return Path(os.environ.get("TRAFFICKING_DATA_DIR", PROJECT_DATA_DIR))


DATA_DIR = default_data_dir()
REFERENCE_DIR = DATA_DIR / "reference"
DATAPACKAGE_PATH = DATA_DIR / "datapackage.json"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = Path(os.environ.get("TRAFFICKING_REPORTS_DIR", PROJECT_ROOT / "reports"))
