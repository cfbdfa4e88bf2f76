"""Code style: ruff finds nothing in the library, tests and scripts."""

import subprocess
import sys

from analysis import paths


def test_ruff_is_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "analysis", "tests", "scripts"],
                            cwd=paths.PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:]
