"""The draft extractor (analysis/extract.py) on a made-up release printed in French; the
expected rows are worked out by hand from the text below."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

from analysis import load, paths

OP = "exemple-iii-2026"
SRC = "https://example.org/communique-exemple-iii"
RELEASE = """url: https://example.org/communique-exemple-iii
title: a made-up release (the header of an archived copy is skipped: 2026, 99 lines)

LYON (France) – Une opération coordonnée par INTERPOL du 3 au 9 mars 2026 a permis de secourir plus de 1 150 victimes potentielles, dont 412 mineurs.
Au total, 289 arrestations ont été effectuées et près de 40 000 contrôles ont été menés dans 22 pays.
Les enquêteurs ont saisi 3,6 millions de francs CFA.
Les autorités ont aussi relevé 17 éléphants.
Pays participants : Bénin, Burkina Faso, Cameroun, Côte d'Ivoire, Mali, Niger, Sénégal et Atlantide.
"""


def run_extract(tmp_path, data_dir, *args):
    release = tmp_path / "communique.txt"
    release.write_text(RELEASE, encoding="utf-8")
    env = dict(os.environ, TRAFFICKING_DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, "-m", "analysis.extract", str(release), "--operation-id", OP,
                           "--source-url", SRC, "--language", "fr", *args], cwd=paths.PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_figures_are_drafted_with_the_table_columns_and_review_marks(tmp_path, data_copy):
    before = {p: p.read_bytes() for p in data_copy.rglob("*.csv")}
    result = run_extract(tmp_path, data_copy)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    header = (data_copy / "figures.csv").read_text(encoding="utf-8").splitlines()[0]
    assert result.stdout.splitlines()[0] == header
    certain = {r["metric_id"]: (r["value_as_printed"], r["value"], r["qualifier"], r["lower_bound"], r["upper_bound"],
                                r["currency"]) for r in rows if not r["notes"].startswith("REVIEW:")}
    assert certain == {
        "potential_victims": ("plus de 1 150", "1150", "more-than", "1150", "", ""),
        "child_victims": ("412", "412", "exact", "412", "412", ""),
        "arrests": ("289", "289", "exact", "289", "289", ""),
        "checks_or_inspections": ("près de 40 000", "40000", "nearly", "36000", "40000", ""),
        "participating_countries": ("22", "22", "exact", "22", "22", ""),
        "cash_seized": ("3,6 millions", "3600000", "exact", "3600000", "3600000", "XOF"),
    }
    unassigned = [r for r in rows if r["value"] == "17"]
    assert len(unassigned) == 1 and unassigned[0]["metric_id"] == ""
    assert unassigned[0]["notes"].startswith("REVIEW: metric not recognised")
    assert not any(r["value"] in ("3", "9", "2026", "99") for r in rows)  # dates and the header are skipped
    assert {p: p.read_bytes() for p in data_copy.rglob("*.csv")} == before  # nothing written into data/

    # The rows without REVIEW pass the validator once pasted (with their source and operation).
    with (data_copy / "sources.csv").open("a", encoding="utf-8") as out:
        out.write(f"{SRC},Exemple,Communiqué inventé,2026-03-10,,fr,,,primary,\n")
    with (data_copy / "operations.csv").open("a", encoding="utf-8") as out:
        out.write(f"{OP},exemple,III,Opération Exemple III,2026-03-03,2026-03-09,du 3 au 9 mars 2026,2026-03-10,"
                  f"Lyon,INTERPOL,,,not-stated,not-published,{SRC},\n")
    writer_text = io.StringIO()
    csv.writer(writer_text, lineterminator="\n").writerows(
        [[r[c] for c in header.split(",")] for r in rows if not r["notes"].startswith("REVIEW:")])
    with (data_copy / "figures.csv").open("a", encoding="utf-8") as out:
        out.write(writer_text.getvalue())
    figures = load.load_figures(OP, data_dir=data_copy)
    assert len(figures) == 6


def test_participants_are_complete_rows_and_an_unknown_name_is_for_review(tmp_path, data_copy):
    result = run_extract(tmp_path, data_copy, "--table", "participants")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.stdout.splitlines()[0] == (data_copy / "participants.csv").read_text(
        encoding="utf-8").splitlines()[0]
    assert [r["iso3"] for r in rows] == ["BEN", "BFA", "CMR", "CIV", "MLI", "NER", "SEN", ""]
    assert rows[0]["is_resolver_exception"] == "false" and rows[0]["position"] == "1"
    assert rows[-1]["notes"].startswith("REVIEW: 'Atlantide' does not resolve")
    assert "'Atlantide'" in result.stderr
