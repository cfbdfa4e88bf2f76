"""scripts/check_pages.py on small hand-made sites: a clean page passes, and each rule finds
what it is meant to find (raw values, '.0' whole numbers, test output, absolute, network and
broken links, missing anchors, provenance naming no or an unknown commit)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from analysis import paths

SCRIPT = paths.PROJECT_ROOT / "scripts" / "check_pages.py"


def _load():
    spec = importlib.util.spec_from_file_location("check_pages", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("check_pages", module)
    spec.loader.exec_module(module)
    return module


check_pages = _load()


def _head_commit() -> str:
    result = subprocess.run(["git", "-C", str(paths.PROJECT_ROOT), "rev-parse", "HEAD"], capture_output=True,
                            text=True)
    if result.returncode != 0:
        pytest.skip("not a git checkout: the provenance rule needs the project's commits")
    return result.stdout.strip()


DATA_HASH = "ab" * 32


def page(body: str, commit: str, data_hash: str = DATA_HASH) -> str:
    return (f'<!DOCTYPE html><html><head><link rel="stylesheet" href="../style.css"></head><body><main>{body}'
            f'<section class="provenance"><dl><dt>Code</dt><dd>git commit <code>{commit}</code></dd>'
            f"<dt>Data</dt><dd>sha256 <code>{data_hash}</code></dd></dl></section></main></body></html>")


CLEAN_BODY = """
<h1 id="top">Operation Test: Africa</h1>
<p>Back to the <a href="../index.html">index</a>, the <a href="../trends/all.html#Editions">trends</a>,
the <a href="africa_tables/participants.csv">CSV</a>, and <a href="#top">the top</a>.</p>
<table><tr><th>Figure</th><th>Value</th><th>Share</th><th>Source</th></tr>
<tr><td>Arrests</td><td>2,517</td><td>50.9%</td><td><a href="https://example.org/a">example.org</a></td></tr>
<tr><td>Flights</td><td>&#8211;</td><td>50%</td><td>Licence CC BY 4.0, version 1.0</td></tr></table>
<img src="data:image/png;base64,iVBORw0KGgo=" alt="a map">
"""


@pytest.fixture
def site(tmp_path):
    """A clean site: index, a regional page with its CSV, a trends page, a stylesheet."""
    commit = _head_commit()
    root = tmp_path / "reports"
    (root / "op" / "africa_tables").mkdir(parents=True)
    (root / "trends").mkdir()
    (root / "op" / "africa_tables" / "participants.csv").write_text("iso3\nAAA\n", encoding="utf-8")
    (root / "style.css").write_text("body{}", encoding="utf-8")
    (root / "op" / "style.css").write_text("body{}", encoding="utf-8")
    (root / "op" / "africa.html").write_text(page(CLEAN_BODY, commit), encoding="utf-8")
    (root / "op" / "africa.json").write_text(json.dumps({"provenance": {"commit": commit, "data_hash": DATA_HASH}}),
                                             encoding="utf-8")
    (root / "trends" / "all.html").write_text(page('<h2 id="Editions">Editions</h2>', commit), encoding="utf-8")
    (root / "index.html").write_text(
        f'<html><body><a href="op/africa.html">Africa</a> <a href="trends/all.html">Trends</a>'
        f"<footer>Index written by trafficking-operations 0.1.0, commit {commit[:10]}, data package "
        f"sha256:{DATA_HASH[:12]}.</footer></body></html>", encoding="utf-8")
    return root


def kinds(root) -> dict[str, list[str]]:
    _, problems = check_pages.check_reports(root)
    found: dict[str, list[str]] = {}
    for problem in problems:
        found.setdefault(problem.kind, []).append(problem.detail)
    return found


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_clean_site_passes(site):
    count, problems = check_pages.check_reports(site)
    assert count == 3
    assert problems == []
    assert check_pages.main([str(site)]) == 0


@pytest.mark.parametrize("cell", ["&lt;NA&gt;", "nan", "NaN", "None", "True", "False", "NaT"])
def test_a_raw_value_in_a_cell_is_found(site, cell):
    edit(site / "op" / "africa.html", "<td>Arrests</td>", f"<td>{cell}</td>")
    assert any(repr(cell.replace("&lt;", "<").replace("&gt;", ">")) in d for d in kinds(site)["raw value"])


@pytest.mark.parametrize("shown", ["2517.0", "2,517.0", "50.0%", "12.00", "at least 3.0"])
def test_a_whole_number_with_dot_zero_is_found(site, shown):
    edit(site / "op" / "africa.html", "<td>2,517</td>", f"<td>{shown}</td>")
    assert any("'.0'" in d for d in kinds(site)["raw value"])


@pytest.mark.parametrize("shown", ["2,517", "50.9%", "0.5", "CC BY 4.0", "CC-BY-SA 3.0", "version 2.0", "v1.0",
                                   "1.0.2", "None of the victims", "Nan province", "2024-10-04"])
def test_legitimate_cells_are_not_flagged(site, shown):
    edit(site / "op" / "africa.html", "<td>2,517</td>", f"<td>{shown}</td>")
    assert "raw value" not in kinds(site)


def test_na_outside_cells_and_test_output_are_found(site):
    edit(site / "op" / "africa.html", "<h1 id=", "<p>Total: &lt;NA&gt;</p><pre>All checks passed</pre><h1 id=")
    details = kinds(site)["visible text"]
    assert any("'<NA>' shown" in d for d in details)
    assert any("test output shown" in d for d in details)


def test_text_in_scripts_and_styles_is_not_visible_text(site):
    edit(site / "op" / "africa.html", "<h1 id=", "<script>var x = '<NA>'; // checks passed</script><h1 id=")
    assert "visible text" not in kinds(site)


def test_a_link_starting_with_a_slash_breaks_under_a_sub_path(site):
    edit(site / "index.html", 'href="trends/all.html"', 'href="/trends/all.html"')
    assert "absolute link" in kinds(site)


def test_a_resource_from_the_network_is_found_but_a_link_to_a_source_is_not(site):
    edit(site / "op" / "africa.html", '<img src="data:', '<img src="https://cdn.example.org/x.png"><img src="data:')
    assert len(kinds(site)["network resource"]) == 1  # the <a href="https://example.org/a"> is fine


@pytest.mark.parametrize("old, new, kind", [
    ('href="africa_tables/participants.csv"', 'href="africa_tables/missing.csv"', "broken link"),
    ('href="op/africa.html"', 'href="op/europe.html"', "broken link"),
    ('href="../trends/all.html#Editions"', 'href="../trends/all.html#Nowhere"', "broken anchor"),
    ('href="#top"', 'href="#bottom"', "broken anchor"),
    ('href="../index.html"', 'href="../../outside.html"', "link outside the reports"),
    ('href="../index.html"', 'href="file:///etc/passwd"', "file link"),
])
def test_broken_links_and_anchors_are_found(site, old, new, kind):
    target = site / ("index.html" if "op/" in old else "op/africa.html")
    edit(target, old, new)
    assert kind in kinds(site)


def test_a_partial_build_accepts_links_to_pages_of_the_grid_it_left_out(site):
    edit(site / "index.html", 'href="op/africa.html"', 'href="op/europe.html"')
    _, problems = check_pages.check_reports(site, unbuilt_pages=frozenset({"op/europe"}))
    assert problems == []
    _, problems = check_pages.check_reports(site, unbuilt_pages=frozenset({"op/asia"}))
    assert [p.kind for p in problems] == ["broken link"]


def test_provenance_must_name_an_existing_commit_and_the_data_hash(site):
    commit = _head_commit()
    page_path = site / "op" / "africa.html"
    edit(page_path, commit, "0123456789abcdef0123456789abcdef01234567")
    found = kinds(site)
    assert any("does not exist in the repository" in d for d in found["unknown commit"])
    assert any("its sidecar" in d for d in found["sidecar"])
    page_path.write_text(page("<p>x</p>", "no git commit"), encoding="utf-8")
    assert "no commit" in kinds(site)
    page_path.write_text(page("<p>x</p>", commit, data_hash="not stated"), encoding="utf-8")
    assert "no data hash" in kinds(site)
    page_path.write_text(f"<html><body><p>git commit {commit}</p></body></html>", encoding="utf-8")
    assert "no provenance" in kinds(site)


def test_the_command_exits_1_listing_the_problems_and_2_when_there_is_nothing_to_check(site, tmp_path, capsys):
    edit(site / "op" / "africa.html", "<td>Arrests</td>", "<td>True</td>")
    assert check_pages.main([str(site)]) == 1
    out = capsys.readouterr().out
    assert "raw value: 1 problem(s) on 1 page(s)" in out and "op/africa.html" in out
    assert check_pages.main([str(tmp_path / "nowhere")]) == 2
    (tmp_path / "empty").mkdir()
    assert check_pages.main([str(tmp_path / "empty")]) == 2


def test_hidden_folders_are_not_pages(site):
    (site / ".staging" / "00001").mkdir(parents=True)
    (site / ".staging" / "00001" / "half.html").write_text("<td>nan</td>", encoding="utf-8")
    assert check_pages.check_reports(site) == (3, [])
