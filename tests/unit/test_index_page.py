"""The index page comes from its Jinja template (analysis/templates/index/): every published
page is linked, everything from the data is escaped, the stylesheet and the filter script are
inlined (the page works offline), and the status words are the data package's."""

from __future__ import annotations

import json
import re

import pytest

from analysis.report import grid, index

HOSTILE = "<script>alert('x')</script> & \"Co\""


def publish(reports_dir, report, summary):
    """Write a page and its sidecar as the builder publishes them."""
    base = reports_dir / report.slug
    base.parent.mkdir(parents=True, exist_ok=True)
    base.with_name(base.name + ".html").write_text("<html></html>", encoding="utf-8")
    base.with_name(base.name + ".json").write_text(json.dumps({"summary": summary}), encoding="utf-8")


@pytest.fixture
def site(tmp_path):
    """Four published pages (one of a region with a hostile name) and one not published."""
    group = grid.operation_group("Operation Liberterra II", "29 September to 4 October 2024")
    reports = [
        grid.overview_report("liberterra-ii-2024", "Operation Liberterra II", group),
        grid.regional_report("liberterra-ii-2024", "Operation Liberterra II", "m49-region", "UN M49 region", HOSTILE,
                             group, scheme_order=1),
        grid.regional_report("liberterra-ii-2024", "Operation Liberterra II", "m49-region", "UN M49 region", "Asia",
                             group, scheme_order=1),
        grid.trends_report("all", ["liberterra-ii-2024"]),
        grid.country_report("NGA", "Nigeria"),
    ]
    reports_dir = tmp_path / "reports"
    for report in reports[:2] + reports[3:]:
        publish(reports_dir, report, f"{report.title}: {HOSTILE}" if report.kind == "regional" else report.title)
    return reports, reports_dir


def test_every_published_page_is_linked_and_only_those(site):
    reports, reports_dir = site
    text = index.index_html(reports, reports_dir)
    hrefs = set(re.findall(r'<a href="([^"]+)"', text))
    assert hrefs == {f"{r.slug}.html" for r in reports if r.params.get("region") != "Asia"}
    assert "2 pages in all" not in text and "4 pages in all" in text
    assert "<h3>Regional breakdowns: UN M49 region</h3>" in text


def test_data_text_is_escaped_on_the_index(site):
    reports, reports_dir = site
    text = index.index_html(reports, reports_dir)
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;Co&quot;" in text
    assert text.count("<script>") == 1  # the filter script, nothing from the data


def test_style_and_script_are_inlined_from_the_template_files(site):
    reports, reports_dir = site
    text = index.index_html(reports, reports_dir)
    script = index.SCRIPT_FILE.read_text(encoding="utf-8")
    assert f"<script>\n{script}</script>" in text
    assert index.INDEX_STYLE_FILE.read_text(encoding="utf-8") in text
    assert index.STYLE_FILE.read_text(encoding="utf-8") in text
    assert not re.search(r"<link|src=|https?://(?!www\.w3\.org)", text)  # nothing to fetch: works from file://
    assert text.startswith("<!DOCTYPE html>\n") and text.endswith("</html>\n")


def test_the_status_words_are_the_data_packages(site, data_copy):
    """A made-up fifth participant-list status, added in a copy of the data (its enum value and
    its words in datapackage.json, one operation using it), shows its words on the index."""
    reports, reports_dir = site
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    operations = next(r for r in descriptor["resources"] if r["name"] == "operations")
    status = next(f for f in operations["schema"]["fields"] if f["name"] == "participant_list")
    status["constraints"]["enum"].append("withheld")
    status["labels"]["withheld"] = {"label": "withheld", "summary": "list withheld by the coordinator",
                                    "has_list": False, "no_list": "the coordinator withheld the list",
                                    "status_line": "participant list withheld", "absent_listing": "no-list",
                                    "absent_listing_label": "no list"}
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    path = data_copy / "operations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if line.startswith("liberterra-ii-2024,"))
    lines[row] = lines[row].replace(",preliminary,complete,", ",preliminary,withheld,")
    path.write_text("".join(lines), encoding="utf-8")
    text = index.index_html(reports, reports_dir, data_dir=data_copy)
    assert '<span class="meta">INTERPOL; preliminary results; list withheld by the coordinator</span>' in text
    default = index.index_html(reports, reports_dir)
    assert '<span class="meta">INTERPOL; preliminary results; complete list</span>' in default
