"""Former home of the report builder, kept so ``python -m analysis.reporting`` still works.

The builder now lives in the :mod:`analysis.report` subpackage (``python -m analysis.report``).
"""

import sys

from analysis.report.cli import main

if __name__ == "__main__":
    sys.exit(main())
