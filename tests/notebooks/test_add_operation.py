"""Adding an operation is a data-only change: a made-up edition in a temporary copy of the
data loads, validates and gets a report, with no code change."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from analysis import load, paths, regions

pytestmark = pytest.mark.notebook

OP = "example-i-2026"
SRC = "https://example.org/example-operation-release"
ROWS = {
    "sources.csv": f"{SRC},Example coordinator,Made-up release used by the tests,2026-06-01,,,,,primary,Fictional\n",
    "operations.csv": f"{OP},example,I,Operation Example,2026-05-01,2026-05-05,1-5 May 2026,2026-06-01,Lyon,"
                      f"INTERPOL,,,preliminary,complete,{SRC},Fictional operation used by the tests\n",
    "figures.csv": f"{OP},participating_countries,3,3,exact,3,3,,true,false,{SRC},,numeral\n"
                   f"{OP},arrests,more than 40,40,more-than,40,,made,true,false,{SRC},,numeral\n",
    "participants.csv": f"{OP},1,Curacao,CUW,{SRC},false,false,\n{OP},2,Kosovo,XKX,{SRC},false,false,\n"
                        f"{OP},3,Türkiye,TUR,{SRC},false,false,\n",
    "coordination_units.csv": f"{OP},TUR,Türkiye,Ankara,{SRC},\n",
    "cases.csv": f"{OP}-tur-example,{OP},1,case,,TUR,,Türkiye,A made-up case for the tests.,{SRC},printed\n",
    "case_figures.csv": f"{OP}-tur-example,arrests,nearly 10,10,nearly,9,10,,numeral\n",
    "case_crime_types.csv": f"{OP}-tur-example,migrant-smuggling,\n",
    "case_places.csv": f"{OP}-tur-example,destination,150,Europe,\n",
}


@pytest.fixture
def data_with_new_operation(data_copy_with):
    return data_copy_with(ROWS)


def test_new_operation_loads_and_validates(data_with_new_operation):
    counts = load.validate_package(data_with_new_operation)
    assert counts["operations"] == len(load.load_operations()) + 1
    participants = load.load_participants(OP, data_dir=data_with_new_operation)
    assert list(participants["iso3"]) == ["CUW", "XKX", "TUR"]
    located = regions.assign_regions(participants, "m49-region", data_dir=data_with_new_operation)
    assert dict(zip(located["iso3"], located["region_name"], strict=True)) == {
        "CUW": "Americas", "XKX": "Europe", "TUR": "Asia"}
    figures = load.load_figures(OP, data_dir=data_with_new_operation).set_index("metric_id")
    assert figures.loc["arrests", "qualifier"] == "more-than"


def test_new_operation_gets_a_report(data_with_new_operation, tmp_path):
    reports = tmp_path / "reports"
    env = dict(os.environ, TRAFFICKING_DATA_DIR=str(data_with_new_operation),
               TRAFFICKING_REPORTS_DIR=str(reports))
    result = subprocess.run(
        [sys.executable, "-m", "analysis.report", "one", "--operation", OP, "--scheme",
         "m49-region", "--region", "Asia"],
        cwd=paths.PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    html = (reports / OP / "m49-region" / "asia.html").read_text(encoding="utf-8")
    assert "Operation Example" in html and "<h1>Asia</h1>" in html
    assert "checks passed" not in html and "assert " not in html
