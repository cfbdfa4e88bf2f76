"""Adding an operation is a data-only change: made-up editions in a temporary copy of the data
load, validate and get reports, with no code change, and the test modules that read the live
data still pass on that copy.

The francophone edition follows the README's "Adding the next operation" step by step, as a
new user would with a release printed in French: figures entered exactly as printed
(« plus de 1 150 », « dont 412 mineurs », « près de 40 000 », « 3,6 millions de francs CFA »),
the list of 22 names pasted into ``python -m analysis.countries --participants`` and its rows
appended as they are, a case with a count in words (« trois »)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import load, paths, regions

pytestmark = pytest.mark.notebook

OP = "example-i-2026"
SRC = "https://example.org/example-operation-release"
ROWS = {
    "sources.csv": f"{SRC},Example coordinator,Made-up release used by the tests,2026-06-01,,en,,,primary,Fictional\n",
    "operations.csv": f"{OP},example,I,Operation Example,2026-05-01,2026-05-05,1-5 May 2026,2026-06-01,Lyon,"
                      f"INTERPOL,,,preliminary,complete,{SRC},Fictional operation used by the tests\n",
    "figures.csv": f"{OP},participating_countries,3,3,exact,3,3,,true,false,{SRC},,numeral,\n"
                   f"{OP},arrests,more than 40,40,more-than,40,,made,true,false,{SRC},,numeral,\n",
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


# --- the francophone edition, through the README's steps ----------------------------------

FR_OP = "exemple-ii-2026"
FR_SRC = "https://example.org/operation-exemple-ii-communique"
# The list as the release prints it, in French (22 names; Nigeria among them, so that facts
# about Nigeria over every operation change).
FR_LIST = ["Bénin", "Burkina Faso", "Cameroun", "Côte d'Ivoire", "Gabon", "Guinée", "Mali", "Mauritanie", "Niger",
           "Nigéria", "Sénégal", "Tchad", "Togo", "République centrafricaine", "République démocratique du Congo",
           "Maroc", "Algérie", "Tunisie", "Ghana", "Gambie", "Guinée-Bissau", "Libéria"]
FR_ROWS = {
    # Step 1: the source, with its language (the printed values are read in French).
    "sources.csv": f"{FR_SRC},Exemple coordinator,Communiqué inventé pour les tests,2026-07-01,,fr,,,primary,"
                   f"Fictional release printed in French\n",
    # Step 2: the operation.
    "operations.csv": f"{FR_OP},exemple,II,Opération Exemple II,2026-06-01,2026-06-07,du 1er au 7 juin 2026,"
                      f"2026-07-01,Dakar,INTERPOL,,,preliminary,complete,{FR_SRC},Fictional operation used by the "
                      f"tests\n",
    # Step 3: the figures exactly as printed; bounds by the qualifier's rule.
    "figures.csv": f"{FR_OP},participating_countries,22,22,exact,22,22,,true,false,{FR_SRC},,numeral,\n"
                   f"{FR_OP},potential_victims,plus de 1 150,1150,more-than,1150,,secourues,true,false,{FR_SRC},,"
                   f"numeral,\n"
                   f"{FR_OP},child_victims,dont 412 mineurs,412,exact,412,412,secourues,true,false,{FR_SRC},,"
                   f"numeral,\n"
                   f"{FR_OP},arrests,289,289,exact,289,289,,true,false,{FR_SRC},,numeral,\n"
                   f"{FR_OP},checks_or_inspections,près de 40 000,40000,nearly,36000,40000,contrôles,true,false,"
                   f"{FR_SRC},,numeral,\n"
                   f"{FR_OP},cash_seized,\"3,6 millions de francs CFA\",3600000,exact,3600000,3600000,saisis,true,"
                   f"false,{FR_SRC},,numeral,XOF\n",
    # Step 5: a coordination unit and a case with a count in words.
    "coordination_units.csv": f"{FR_OP},SEN,Sénégal,Dakar,{FR_SRC},\n",
    "cases.csv": f"{FR_OP}-civ-exemple,{FR_OP},1,case,,CIV,,Abidjan,A made-up case for the tests.,{FR_SRC},printed\n",
    "case_figures.csv": f"{FR_OP}-civ-exemple,victims,trois femmes,3,exact,3,3,,words\n",
    "case_crime_types.csv": f"{FR_OP}-civ-exemple,sexual-exploitation,\n",
    "case_places.csv": f"{FR_OP}-civ-exemple,origin,NGA,Nigéria,\n",
}
# The test modules that read the live data (paths.DATA_DIR, redirected by TRAFFICKING_DATA_DIR),
# among them every module that failed when a correct operation was added (issue 15).
LIVE_DATA_MODULES = ("tests/unit/test_country.py", "tests/unit/test_page_text.py", "tests/unit/test_country_grid.py",
                     "tests/unit/test_data_liberterra_ii.py", "tests/unit/test_regions.py",
                     "tests/unit/test_trends.py", "tests/unit/test_fingerprint.py")


def run(args, data_dir: Path, reports: Path | None = None, stdin: str | None = None, timeout=900):
    env = dict(os.environ, TRAFFICKING_DATA_DIR=str(data_dir))
    if reports is not None:
        env["TRAFFICKING_REPORTS_DIR"] = str(reports)
    return subprocess.run(args, cwd=paths.PROJECT_ROOT, env=env, input=stdin, capture_output=True, text=True,
                          timeout=timeout)


def test_a_francophone_operation_entered_as_printed_keeps_the_tests_green(data_copy_with, tmp_path):
    data = data_copy_with(FR_ROWS)
    # Step 4: paste the printed list into the resolver; append the rows it prints, unchanged.
    names = tmp_path / "liste.txt"
    names.write_text("\n".join(FR_LIST) + "\n", encoding="utf-8")
    resolved = run([sys.executable, "-m", "analysis.countries", str(names), "--participants", FR_OP, FR_SRC], data)
    assert resolved.returncode == 0, resolved.stderr
    assert len(resolved.stdout.splitlines()) == 22
    with (data / "participants.csv").open("a", encoding="utf-8") as out:
        out.write(resolved.stdout)

    # Step 6.1: make data (the validator, then frictionless on the copy).
    validated = run([sys.executable, "-m", "analysis.validate"], data)
    assert validated.returncode == 0, validated.stdout[-2000:] + validated.stderr[-3000:]
    frictionless = Path(sys.executable).with_name("frictionless")
    checked = subprocess.run([str(frictionless), "validate", "datapackage.json"], cwd=data, capture_output=True,
                             text=True, timeout=600)
    assert checked.returncode == 0, checked.stdout[-3000:]
    figures = load.load_figures(FR_OP, data_dir=data).set_index("metric_id")
    assert figures.loc["cash_seized", "value"] == 3_600_000 and figures.loc["cash_seized", "currency"] == "XOF"
    participants = load.load_participants(FR_OP, data_dir=data)
    assert list(participants["iso3"])[:4] == ["BEN", "BFA", "CMR", "CIV"] and "NGA" in set(participants["iso3"])

    # Step 6.3: the test modules that read live data pass on the copy (nbval's stored notebook
    # outputs are step 6.2's business: `make notebooks` rewrites them in the checkout).
    tested = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=", "-x",
                  *LIVE_DATA_MODULES], data, reports=tmp_path / "unused-reports", timeout=1800)
    assert tested.returncode == 0, tested.stdout[-4000:] + tested.stderr[-2000:]

    # Step 6.4: its pages build (the overview and the profile of a participant).
    reports = tmp_path / "reports"
    for args in (["--operation", FR_OP], ["--country", "NGA"]):
        built = run([sys.executable, "-m", "analysis.report", "one", *args], data, reports=reports, timeout=600)
        assert built.returncode == 0, built.stderr[-3000:]
    overview = (reports / FR_OP / "overview.html").read_text(encoding="utf-8")
    assert "Opération Exemple II" in overview and "3,6 millions de francs CFA" in overview
    profile = (reports / "countries" / "nga.html").read_text(encoding="utf-8")
    assert "Opération Exemple II" in profile
