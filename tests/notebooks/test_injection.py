"""Data text reaches the pages only escaped: markup put into a temporary copy of the data (an
operation name, a case summary, a printed participant name, a partner name, a figure note)
shows on the built overview, regional pages, country profile and index as text, never as live
markup."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from analysis import paths

pytestmark = pytest.mark.notebook

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SCRIPT_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
IMG_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"

OP = "injected-i-2026"
SRC = "https://example.org/injected-release"
ROWS = {
    "sources.csv": f"{SRC},Example coordinator,Made-up release for the injection test,2026-06-01,,,,,primary,\n",
    "operations.csv": f"{OP},injected,I,Operation {SCRIPT},2026-05-01,2026-05-05,1-5 May 2026,2026-06-01,"
                      f"Lyon,INTERPOL,,,preliminary,complete,{SRC},\n",
    "figures.csv": f"{OP},participating_countries,1,1,exact,1,1,,true,false,{SRC},Note with {IMG} inside,numeral\n"
                   f"{OP},arrests,more than 40,40,more-than,40,,made,true,false,{SRC},,numeral\n",
    "participants.csv": f"{OP},1,Türkiye {SCRIPT}{IMG},TUR,{SRC},true,false,Markup for the injection test {IMG}\n",
    "partners.csv": f"{OP},evil,{IMG} Partner,EVL,funder,,{SRC},{SCRIPT}\n",
    "cases.csv": f"{OP}-tur-case,{OP},1,case,,TUR,,Türkiye {IMG},A made-up case {SCRIPT} {IMG}.,{SRC},printed\n",
    "case_figures.csv": f"{OP}-tur-case,arrests,nearly 10,10,nearly,9,10,,numeral\n",
    "case_crime_types.csv": f"{OP}-tur-case,migrant-smuggling,\n",
}


@pytest.fixture
def injected_data(data_copy_with):
    return data_copy_with(ROWS)


def assert_only_escaped(html: str, where: str) -> None:
    """No live markup from the data; no script element at all (pages need none)."""
    assert SCRIPT not in html and IMG not in html, f"live markup in {where}"
    assert "<script" not in html.lower(), f"a script element in {where}"  # the pages need no script at all
    assert "<img src=x" not in html.lower(), f"an injected image in {where}"


def test_markup_in_the_data_appears_only_escaped(injected_data, tmp_path):
    reports = tmp_path / "reports"
    env = dict(os.environ, TRAFFICKING_DATA_DIR=str(injected_data), TRAFFICKING_REPORTS_DIR=str(reports))
    # The operation's pages (overview, regional), the trends page containing it, and the index.
    result = subprocess.run([sys.executable, "-m", "analysis.report", "build", "--operation", OP, "--jobs", "2"],
                            cwd=paths.PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]

    overview = (reports / OP / "overview.html").read_text(encoding="utf-8")
    regional = (reports / OP / "m49-region" / "asia.html").read_text(encoding="utf-8")
    index = (reports / "index.html").read_text(encoding="utf-8")
    trends = (reports / "trends" / "all.html").read_text(encoding="utf-8")
    assert_only_escaped(trends, "trends page")
    assert f"Operation {SCRIPT_ESCAPED}" in trends
    for html, where in ((overview, "overview"), (regional, "regional page")):
        assert_only_escaped(html, where)
        assert f"Operation {SCRIPT_ESCAPED}" in html, where  # title, heading, captions
        assert f"<title>Operation {SCRIPT_ESCAPED}" in html, where
    assert f"{IMG_ESCAPED} Partner" in overview  # partner name
    assert f"Note with {IMG_ESCAPED} inside" in overview  # figure note, as a footnote
    assert f"Türkiye {SCRIPT_ESCAPED}{IMG_ESCAPED}" in regional  # printed participant name
    assert f"A made-up case {SCRIPT_ESCAPED} {IMG_ESCAPED}." in regional  # case summary
    assert SCRIPT not in index and IMG not in index and "<img src=x" not in index.lower()
    assert SCRIPT_ESCAPED in index
    assert index.lower().count("<script") == 1  # the index's own filter script, nothing else

    # Türkiye's profile shows the injected operation, printed name, case and note as text.
    result = subprocess.run([sys.executable, "-m", "analysis.report", "one", "--country", "TUR"],
                            cwd=paths.PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    profile = (reports / "countries" / "tur.html").read_text(encoding="utf-8")
    assert_only_escaped(profile, "country profile")
    assert f"Operation {SCRIPT_ESCAPED} (2026)" in profile  # edition, in the tables and the chart's alt text
    assert f"Türkiye {SCRIPT_ESCAPED}{IMG_ESCAPED}" in profile  # printed name in the list
    assert f"A made-up case {SCRIPT_ESCAPED} {IMG_ESCAPED}." in profile  # case summary
