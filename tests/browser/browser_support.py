"""Helpers of the browser tests (see conftest.py for the fixtures): where Chromium is, how it
is launched, the probe run in each page, and the rules shared with ``scripts/check_pages.py``."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from analysis import paths

DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Flags that work as root without network: no sandbox (root), no GPU, no QUIC, and no
# background traffic (component updates, sync, first-run pages); shared memory in /tmp, as
# containers (CI) give /dev/shm only 64 MB.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"]
SAMPLE_OPERATION = "nawa-2014"  # small: one participant, three regional pages
INDEX = "index"
PROBE = (Path(__file__).parent / "probe.js").read_text(encoding="utf-8")

# Builds the given pages of the grid into $TRAFFICKING_REPORTS_DIR with the builder, then
# rewrites the index (as `python -m analysis.report build` does), for page kinds that
# `build --operation` does not make.
BUILD_PAGES = """
import sys
from analysis import paths
from analysis.report import build, index
from analysis.report import fingerprint as fp
from analysis.report.grid import compute_grid
from analysis.report.provenance import build_provenance

wanted = set(sys.argv[1:])
grid = compute_grid()
slices, code = fp.DataSlices(paths.DATA_DIR), fp.code_digest()
provenance = build_provenance(slices.whole)
with build.BuildLock(paths.REPORTS_DIR):
    plan = build.plan_build([r for r in grid if r.slug in wanted], paths.REPORTS_DIR, provenance, False, slices, code)
    result = build.run_plan(plan, paths.REPORTS_DIR, jobs=1, verbose=False)
    index.write_index(grid, paths.REPORTS_DIR, provenance=provenance)
for slug, message in result.failures:
    print(f"{slug}: {message}", file=sys.stderr)
sys.exit(1 if result.failures else 0)
"""


def load_check_pages():
    """``scripts/check_pages.py`` as a module: the browser test applies its rules."""
    spec = importlib.util.spec_from_file_location("check_pages", paths.PROJECT_ROOT / "scripts" / "check_pages.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("check_pages", module)
    spec.loader.exec_module(module)
    return module


check_pages = load_check_pages()


def find_chromium() -> tuple[str | None, str]:
    """The Chromium executable, or None; and where it was looked for."""
    wanted = os.environ.get("CHROMIUM")
    if wanted:
        return (wanted if os.access(wanted, os.X_OK) else None), wanted
    if os.access(DEFAULT_CHROMIUM, os.X_OK):
        return DEFAULT_CHROMIUM, DEFAULT_CHROMIUM
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return found, f"{DEFAULT_CHROMIUM} (nor chromium or chromium-browser on the PATH)"


@dataclass
class SampleSite:
    """Pages built into ``root``: ``pages`` maps each page kind of the grid (and ``index``) to
    the slug of one published page of that kind."""

    root: Path
    kinds: list[str]
    pages: dict[str, str]
    published: set[str]
    unbuilt: frozenset[str]  # pages of the full grid this partial build left out

    def path(self, slug: str) -> Path:
        return self.root / f"{slug}.html"


def run_builder(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, cwd=paths.PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{' '.join(args[:4])}... failed:\n{result.stdout}\n{result.stderr}"


def linked_slugs(site_root: Path, slugs: set[str]) -> set[str]:
    """Slugs of the pages that the given published pages link to."""
    linked = set()
    for slug in slugs:
        page = check_pages.parse_page((site_root / f"{slug}.html").resolve())
        for tag, _, value, _ in page.urls:
            target = unquote(value.split("#")[0])
            if tag == "a" and target.endswith(".html") and "://" not in target:
                path = (page.path.parent / target).resolve()
                if path.is_relative_to(site_root.resolve()):
                    linked.add(path.relative_to(site_root.resolve()).with_suffix("").as_posix())
    return linked


