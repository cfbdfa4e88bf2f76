"""``python -m analysis.report``: see :mod:`analysis.report.cli`."""

import os
import sys

from analysis.report.cli import main

try:
    sys.exit(main())
except BrokenPipeError:  # output piped into `head` and the like
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)
