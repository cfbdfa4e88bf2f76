"""The report builder: grid, incremental builds, failures that leave nothing finished-looking."""

from __future__ import annotations

import os
import re

import pytest

from analysis import paths, reporting

pytestmark = pytest.mark.notebook


@pytest.fixture
def reports_dir(tmp_path, monkeypatch):
    target = tmp_path / "reports"
    target.mkdir()
    monkeypatch.setattr(paths, "REPORTS_DIR", target)
    monkeypatch.setenv("TRAFFICKING_REPORTS_DIR", str(target))  # seen by worker processes
    return target


def test_slugify():
    assert reporting.slugify("Latin America and the Caribbean") == "latin-america-and-the-caribbean"
    assert reporting.slugify("Côte d'Ivoire") == "cote-d-ivoire"


def test_grid_has_a_page_for_every_region_with_participants():
    grid = reporting.report_grid()
    slugs = {r.slug for r in grid}
    for region in ["africa", "americas", "asia", "europe", "oceania"]:
        assert f"liberterra-ii-2024/m49-region/{region}" in slugs
    assert "liberterra-ii-2024/overview" in slugs
    assert len(slugs) == len(grid)
    for report in grid:  # region codes and names stay strings
        assert all(isinstance(v, str) for v in report.params.values())


def test_one_report_is_built_and_then_up_to_date(reports_dir):
    report = next(r for r in reporting.report_grid()
                  if r.slug == "liberterra-ii-2024/m49-region/oceania")
    assert reporting.is_stale(report)
    failures = reporting.build([report], jobs=1)
    assert failures == []
    html = reports_dir / "liberterra-ii-2024/m49-region/oceania.html"
    text = html.read_text(encoding="utf-8")
    assert "<h1>Oceania</h1>" in text and "Key facts" in text
    # the check cells ran (the build fails otherwise) but neither they nor their output are on the page
    assert "checks passed" not in text and "assert " not in text and "save_outputs" not in text
    # readable offline: no script, stylesheet or image loaded from anywhere (images are inline data)
    assert "<script" not in text and "<link" not in text and "cdnjs" not in text
    assert not re.search(r'src="(?!data:)', text)
    assert not re.search(r">\s*(&lt;NA&gt;|<NA>|nan|None|True|False)\s*<", text)
    assert '<figure class="report-figure">' in text and 'alt="Map of Oceania.' in text
    assert (reports_dir / "liberterra-ii-2024/m49-region/oceania_tables/participants.csv").exists()
    assert not reporting.is_stale(report)
    # an output older than its template is stale again
    template = paths.NOTEBOOKS_DIR / report.template
    older = template.stat().st_mtime - 1
    os.utime(html, (older, older))
    assert reporting.is_stale(report)
    index = reporting.write_index([report])
    assert "oceania.html" in index.read_text(encoding="utf-8")
    assert template.exists()


def test_a_failed_report_leaves_no_finished_output(reports_dir, capsys):
    bad = reporting.Report("regional", "regional_breakdown.ipynb",
                           (("operation_id", "liberterra-ii-2024"), ("scheme", "m49-region"),
                            ("region", "Atlantis")),
                           "liberterra-ii-2024/m49-region/atlantis", "bad", "bad")
    failures = reporting.build([bad], jobs=1)
    assert [r.slug for r, _ in failures] == ["liberterra-ii-2024/m49-region/atlantis"]
    assert "FAILED liberterra-ii-2024/m49-region/atlantis" in capsys.readouterr().err
    folder = reports_dir / "liberterra-ii-2024/m49-region"
    leftovers = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    assert not [n for n in leftovers if n.startswith("atlantis.") or "partial" in n], leftovers


def test_command_line_rejects_a_bad_region(capsys):
    code = reporting.main(["one", "--operation", "liberterra-ii-2024", "--scheme", "m49-region",
                           "--region", "Atlantis"])
    assert code == 2
    assert "valid values" in capsys.readouterr().err


def test_command_line_rejects_an_unknown_operation(capsys):
    code = reporting.main(["build", "--operation", "liberterra-ix-2099"])
    assert code == 2
    assert "unknown operation(s) ['liberterra-ix-2099']; valid values" in capsys.readouterr().err
