"""Content fingerprints: touching rebuilds nothing; editing one operation rebuilds exactly its
pages, the trends pages that contain it and nothing else; code and templates rebuild what
uses them."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from analysis import paths
from analysis.report import build, fingerprint
from analysis.report.grid import compute_grid

OP = "nawa-2014"  # a small operation: four pages


@pytest.fixture(scope="module")
def grid():
    return compute_grid()


def inputs_of(grid, data_dir, code="code"):
    slices = fingerprint.DataSlices(data_dir)
    return {r.slug: fingerprint.report_inputs(r.template_path, r.params, r.data_scope, slices, code).fingerprint
            for r in grid}


def changed(before, after):
    return {slug for slug in before if before[slug] != after[slug]}


def edit_csv_cell(path, key_column, key, column, new_value):
    """Replace one cell of the row whose ``key_column`` is ``key`` (csv module, no pandas)."""
    import csv

    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    hits = [row for row in rows[1:] if row[header.index(key_column)] == key]
    assert hits, f"no row with {key_column}={key} in {path}"
    hits[0][header.index(column)] = new_value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_touching_every_data_file_changes_no_fingerprint(grid, data_copy):
    before = inputs_of(grid, data_copy)
    for path in data_copy.rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
    assert changed(before, inputs_of(grid, data_copy)) == set()


def test_editing_one_operation_changes_its_pages_and_the_trends_containing_it(grid, data_copy):
    before = inputs_of(grid, data_copy)
    edit_csv_cell(data_copy / "operations.csv", "operation_id", OP, "notes", "A corrected note.")
    expected = {r.slug for r in grid if r.params.get("operation_id") == OP} | {"trends/all"}
    # its overview, three M49 regional pages, the African Union, ECOWAS, income-group and World
    # Bank region pages of its one participant (Côte d'Ivoire), the all-operations trends
    assert len(expected) == 9
    # and every country profile, which shows every operation's list status (operations.csv)
    profiles = {r.slug for r in grid if r.kind == "country"}
    assert changed(before, inputs_of(grid, data_copy)) == expected | profiles


def test_editing_a_case_row_of_one_operation_changes_only_that_operation(grid, data_copy):
    before = inputs_of(grid, data_copy)
    case = "liberterra-ii-2024-mli-togolese-victims"
    edit_csv_cell(data_copy / "case_figures.csv", "case_id", case, "notes", "Edited note.")
    expected = {r.slug for r in grid if r.params.get("operation_id") == "liberterra-ii-2024"}
    expected |= {"trends/all", "trends/liberterra"}
    # and the profiles of the countries the case names: located in Mali, Togolese victims
    expected |= {"countries/mli", "countries/tgo"}
    assert changed(before, inputs_of(grid, data_copy)) == expected


def test_editing_a_source_changes_the_operations_that_cite_it(grid, data_copy):
    before = inputs_of(grid, data_copy)
    url = "https://publicnow.com/view/F74E5ECF70F7E61D8C54D833445A19F2B2EFF5F6"  # Liberterra II's release
    edit_csv_cell(data_copy / "sources.csv", "source_url", url, "notes", "Edited.")
    after = inputs_of(grid, data_copy)
    assert {s for s in changed(before, after) if s.startswith(f"{OP}/")} == set()
    assert "liberterra-ii-2024/overview" in changed(before, after)


def test_editing_reference_data_changes_every_page(grid, data_copy):
    before = inputs_of(grid, data_copy)
    edit_csv_cell(data_copy / "reference" / "qualifiers.csv", "qualifier", "exact", "meaning", "Edited.")
    assert changed(before, inputs_of(grid, data_copy)) == set(before)


def test_code_digest_follows_the_content_of_the_package(tmp_path, monkeypatch):
    copy = tmp_path / "analysis"
    shutil.copytree(fingerprint.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprint, "PACKAGE_DIR", copy)
    monkeypatch.setattr(paths, "PROJECT_ROOT", tmp_path)
    first = fingerprint.code_digest()
    os.utime(copy / "views" / "metrics.py", (1_000_000_000, 1_000_000_000))
    assert fingerprint.code_digest() == first
    (copy / "views" / "metrics.py").write_text((copy / "views" / "metrics.py").read_text() + "\n# edited\n")
    assert fingerprint.code_digest() != first
    (copy / "templates" / "offline" / "conf.json").write_text("{}")
    assert fingerprint.code_digest() != first
    second = fingerprint.code_digest()
    # The builder's orchestration puts nothing into a page; the engine that runs notebooks does.
    (copy / "report" / "build.py").write_text("# edited\n")
    assert fingerprint.code_digest() == second
    (copy / "report" / "engine.py").write_text("# edited\n")
    assert fingerprint.code_digest() != second


def test_a_changed_code_digest_changes_every_page(grid):
    assert changed(inputs_of(grid, paths.DATA_DIR, "one"), inputs_of(grid, paths.DATA_DIR, "two")) == {
        r.slug for r in grid}


def test_a_changed_template_changes_only_the_pages_built_from_it(grid, tmp_path):
    trends = tmp_path / "trends.ipynb"
    shutil.copy(paths.NOTEBOOKS_DIR / "trends.ipynb", trends)
    moved = [r if r.kind != "trends" else type(r)(**{**r.__dict__, "template": str(trends)}) for r in grid]
    before = inputs_of(moved, paths.DATA_DIR)
    trends.write_text(trends.read_text().replace("Trends across editions", "Trends across the editions"))
    assert changed(before, inputs_of(moved, paths.DATA_DIR)) == {r.slug for r in grid if r.kind == "trends"}


def fake_publish(reports_dir, plan):
    """Write what a finished build leaves for each planned page (sidecar last), without
    running notebooks: the plan-level tests need only the files' presence and sidecars."""
    for task in plan.tasks:
        files = build.page_files(reports_dir, task.report.slug)
        files["html"].parent.mkdir(parents=True, exist_ok=True)
        files["tables"].mkdir(exist_ok=True)
        files["html"].write_text("<html></html>")
        files["ipynb"].write_text("{}")
        files["json"].write_text(json.dumps({"fingerprint": task.fingerprint, "inputs": task.inputs}))


def test_the_plan_names_what_changed(grid, data_copy, tmp_path):
    reports = tmp_path / "reports"
    slices = fingerprint.DataSlices(data_copy)
    first = build.plan_build(grid, reports, {}, slices=slices, code="c")
    assert len(first.tasks) == len(grid)
    assert first.describe().startswith(f"{len(grid)} report(s) to build (new page)")
    fake_publish(reports, first)
    assert build.plan_build(grid, reports, {}, slices=fingerprint.DataSlices(data_copy), code="c").tasks == []
    edit_csv_cell(data_copy / "figures.csv", "operation_id", OP, "notes", "Edited.")
    second = build.plan_build(grid, reports, {}, slices=fingerprint.DataSlices(data_copy), code="c")
    assert {t.report.slug for t in second.tasks} == {r.slug for r in grid if r.params.get("operation_id") == OP} | {
        "trends/all"}
    assert second.describe() == f"9 report(s) to build (data of {OP} changed); {len(grid) - 9} up to date"
    files = build.page_files(reports, f"{OP}/overview")
    files["html"].unlink()  # a page whose file went missing is rebuilt too
    third = build.plan_build(grid, reports, {}, slices=fingerprint.DataSlices(data_copy), code="c")
    assert third.reasons[f"{OP}/overview"] == ["new page"]


def test_a_country_digest_follows_the_rows_that_name_the_country(data_copy):
    before = fingerprint.DataSlices(data_copy)
    mli, ner = before.country("MLI"), before.country("NER")
    # A figure of a case located in Mali: Mali's digest changes, Niger's does not.
    edit_csv_cell(data_copy / "case_figures.csv", "case_id", "liberterra-ii-2024-mli-togolese-victims", "notes",
                  "Edited note.")
    after = fingerprint.DataSlices(data_copy)
    assert after.country("MLI") != mli and after.country("NER") == ner
    # Every country page shows the list status of every operation.
    edit_csv_cell(data_copy / "operations.csv", "operation_id", OP, "notes", "Edited.")
    assert fingerprint.DataSlices(data_copy).country("NER") != ner
