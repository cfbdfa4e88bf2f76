"""Project paths, resolved from this file so they work from any working directory.

``REPORTS_DIR`` can be redirected with the environment variable ``TRAFFICKING_REPORTS_DIR``
(the tests build reports in a temporary folder that way).
"""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
DATAPACKAGE_PATH = DATA_DIR / "datapackage.json"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = Path(os.environ.get("TRAFFICKING_REPORTS_DIR", PROJECT_ROOT / "reports"))
