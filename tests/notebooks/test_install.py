"""A non-editable install works: the wheel holds every subpackage and the page templates,
and a page builds from the installed copy (not from the checkout's analysis/)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from analysis import paths

pytestmark = pytest.mark.notebook


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)


def test_a_page_builds_from_a_non_editable_install(tmp_path):
    wheels, site, reports = tmp_path / "wheels", tmp_path / "site", tmp_path / "reports"
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                 "--disable-pip-version-check", "-w", str(wheels), str(paths.PROJECT_ROOT)])
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("analysis/package/load.py", "analysis/report/cli.py", "analysis/views/region_pages.py",
                 "analysis/templates/offline/index.html.j2", "analysis/templates/offline/static/report.css",
                 "analysis/templates/index/index.html.j2", "analysis/templates/index/index.css",
                 "analysis/templates/index/filter.js"):
        assert name in names
    installed = run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--disable-pip-version-check",
                     "--target", str(site), str(wheel)])
    assert installed.returncode == 0, installed.stderr
    env = {**os.environ, "PYTHONPATH": str(site), "TRAFFICKING_PROJECT_DIR": str(paths.PROJECT_ROOT),
           "TRAFFICKING_REPORTS_DIR": str(reports),
           "JUPYTER_PATH": str(paths.PROJECT_ROOT / ".venv" / "share" / "jupyter")}
    where = run([sys.executable, "-c", "import analysis.report.html as h; print(h.__file__)"], env=env, cwd=tmp_path)
    assert where.stdout.strip().startswith(str(site)), where.stdout + where.stderr
    page = run([sys.executable, "-m", "analysis.report", "one", "--operation", "liberterra-ii-2024",
                "--scheme", "m49-region", "--region", "Africa"], env=env, cwd=tmp_path)
    assert page.returncode == 0, page.stderr
    html = (reports / "liberterra-ii-2024" / "m49-region" / "africa.html").read_text(encoding="utf-8")
    assert "Liberterra II" in html and "<table" in html
    # The index page, from the installed template and its CSS and JavaScript files.
    index = run([sys.executable, "-c", "import pathlib, sys; from analysis.report import grid, index; "
                 "page = grid.regional_report('liberterra-ii-2024', 'Operation Liberterra II', 'm49-region', "
                 "'UN M49 region', 'Africa', 'Operation Liberterra II'); "
                 "print(index.__file__); sys.stdout.write(index.index_html([page], pathlib.Path(sys.argv[1])))",
                 str(reports)], env=env, cwd=tmp_path)
    assert index.returncode == 0, index.stderr
    where, text = index.stdout.split("\n", 1)
    assert where.startswith(str(site))
    assert '<a href="liberterra-ii-2024/m49-region/africa.html">' in text
    assert "main.index-page" in text and "getElementById('filter')" in text
