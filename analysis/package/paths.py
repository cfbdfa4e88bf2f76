"""Project paths, resolved from this file so they work from any working directory.

``DATA_DIR`` and ``REPORTS_DIR`` can be redirected with the environment variables
``TRAFFICKING_DATA_DIR`` and ``TRAFFICKING_REPORTS_DIR`` (the tests check a new operation in
a temporary copy of the data, and build reports in a temporary folder, that way).
"""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("TRAFFICKING_DATA_DIR", PROJECT_ROOT / "data"))
REFERENCE_DIR = DATA_DIR / "reference"
DATAPACKAGE_PATH = DATA_DIR / "datapackage.json"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = Path(os.environ.get("TRAFFICKING_REPORTS_DIR", PROJECT_ROOT / "reports"))
