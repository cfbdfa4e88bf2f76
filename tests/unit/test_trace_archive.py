"""The tracing check on the real archive (``make trace``), when ../shared/sources/archive/ exists.

The package never needs the archive: without it this test is skipped with a message.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARCHIVE = Path(os.environ.get("TRACE_ARCHIVE", ROOT.parent / "shared" / "sources" / "archive"))


@pytest.mark.skipif(not ARCHIVE.is_dir(), reason=f"no source archive at {ARCHIVE} (set TRACE_ARCHIVE): "
                    "the tracing check needs the stored copies, which are not part of the package")
def test_every_traced_figure_is_found_or_explained():
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "trace_sources.py"), "--quiet"],
                         env={**os.environ, "TRACE_ARCHIVE": str(ARCHIVE)}, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr
