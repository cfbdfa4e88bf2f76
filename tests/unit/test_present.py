"""Presented tables, figures and text blocks (analysis.present): formats, escaping, footnotes,
fixed ids. Expected strings are written out by hand."""

from __future__ import annotations

import json
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import paths, present  # noqa: E402

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
RAW_TOKENS = re.compile(r">\s*(<NA>|&lt;NA&gt;|nan|NaN|None|NaT|True|False)\s*<")


def cells(html: str) -> list[str]:
    """Text of every <td> of a rendered table (tags inside a cell dropped)."""
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]


def assert_no_live_markup(html: str) -> None:
    lowered = html.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered


# --- numbers, dates, booleans --------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    (3222, "3,222"), (3222.0, "3,222"), (np.int64(17793), "17,793"), (8_000_000.0, "8,000,000"),
    (1234.5, "1,234.5"), (0.25, "0.25"), (2 / 3, "0.67"), (0, "0"), (pd.NA, "–"), (np.nan, "–"), (None, "–"),
])
def test_number(value, expected):
    assert present.number(value) == expected


@pytest.mark.parametrize(("share", "expected"), [
    (0.666667, "66.7%"), (0.5, "50%"), (0.068966, "6.9%"), (1.0, "100%"), (0.0, "0%"), (0.4375, "43.8%"),
    (pd.NA, "–"),
])
def test_percent(share, expected):
    assert present.percent(share) == expected


def test_dates_booleans_counts():
    assert present.date(pd.Timestamp("2024-11-06")) == "6 November 2024"
    assert present.date(pd.NaT) == "–"
    assert (present.yes_no(True), present.yes_no(np.False_), present.yes_no(pd.NA)) == ("yes", "no", "–")
    assert present.count(1, "named case") == "1 named case"
    assert present.count(2517, "arrest") == "2,517 arrests"
    with pytest.raises(TypeError):
        present.number(True)


# --- tables --------------------------------------------------------------------------------------

def sample_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "value": pd.array([3222.0, 24000.0, None], dtype="Float64"),
        "lower_bound": pd.array([3222, 21600, None], dtype="Int64"),
        "upper_bound": pd.array([3222, None, None], dtype="Int64"),
        "counting_basis": pd.array(["rescued", None, "made"], dtype="string"),
        "is_preliminary": pd.array([True, False, None], dtype="boolean"),
        "coverage_share": pd.array([0.666667, 0.5, None], dtype="Float64"),
        "qualifier": pd.array(["exact", "nearly", "more-than"], dtype="string"),
        "count": pd.Series([1.0, 2.0, np.nan]),  # whole numbers in a float column
        "source_url": pd.array(["https://www.interpol.int/en/News", "https://publicnow.com/view/F74E",
                                "javascript:alert(1)"], dtype="string"),
    })


def test_table_formats_every_kind_of_value():
    html = present.table(sample_frame(), "sample").html
    got = cells(html)
    row1, row2, row3 = got[:9], got[9:18], got[18:]
    assert row1 == ["3,222", "3,222", "3,222", "rescued", "yes", "66.7%", "exact", "1", "interpol.int"]
    assert row2 == ["24,000", "21,600", "none", "–", "no", "50%", "nearly", "2", "publicnow.com"]
    assert row3 == ["–", "none", "none", "made", "–", "–", "more than", "–", "javascript:alert(1)"]
    assert not RAW_TOKENS.search(html)
    assert not re.search(r"\d\.0\b", html.replace("0.1.0", ""))
    # one legend line, because en dashes meaning 'not printed' are shown
    assert html.count(present.MISSING_LEGEND) == 1


def test_no_legend_without_missing_values_and_bounds_read_none():
    frame = pd.DataFrame({"value": [1.0, 2.0], "upper_bound": pd.array([None, 2], dtype="Int64")})
    html = present.table(frame, "bounds").html
    assert cells(html) == ["1", "none", "2", "2"]
    assert present.MISSING_LEGEND not in html


def test_headers_come_from_the_data_dictionary_and_the_labels_mapping():
    frame = pd.DataFrame({"value_as_printed": ["3,222"], "coverage_share": [0.5], "brand_new_column": [1]})
    html = present.table(frame, "labels").html
    headers = re.findall(r"<th[^>]*>(.*?)</th>", html)
    assert headers == ["As printed", "Share of the region listed", "Brand new column"]


def test_every_field_of_the_data_package_has_a_title():
    package = json.loads(paths.DATAPACKAGE_PATH.read_text(encoding="utf-8"))
    untitled = [(r["name"], f["name"]) for r in package["resources"] for f in r["schema"]["fields"]
                if not f.get("title")]
    assert untitled == []


def test_no_positional_index_and_a_named_index_becomes_a_column():
    frame = pd.DataFrame({"value": [10, 20]}, index=pd.Index(["Arrests", "Migrants"], name="metric"))
    html = present.table(frame, "named").html
    assert re.findall(r"<th[^>]*>(.*?)</th>", html) == ["Figure", "Value"]
    assert cells(html) == ["Arrests", "10", "Migrants", "20"]
    positional = present.table(pd.DataFrame({"value": [10, 20]}, index=[7, 8]), "positional").html
    assert cells(positional) == ["10", "20"]
    assert "row_heading" not in html + positional


def test_at_least_for_partial_lists():
    frame = pd.DataFrame({"region_name": ["Northern Europe", "Western Asia"], "participants": [7, 3],
                          "countries_in_region": [16, 18], "coverage_share": [0.4375, 1 / 6],
                          "is_lower_bound": [True, False]})
    html = present.table(frame, "partial").html
    assert cells(html) == ["Northern Europe", "at least 7", "16", "at least 43.8%",
                           "Western Asia", "3", "18", "16.7%"]
    assert "Partial list" not in html  # the flag itself is shown as 'at least', not as a column


def test_links_show_the_domain_and_keep_the_full_url():
    url = "https://www.unodc.org/unodc/en/news/2024/November/global-raids.html"
    html = present.link(url)
    assert html == f'<a href="{url}" title="{url}">unodc.org</a>'
    assert present.domain("http://dmoanon.com/news/x") == "dmoanon.com"
    assert present.domain("javascript:alert(1)") == ""
    assert "<a" not in present.link("javascript:alert(1)")
    assert present.link("https://example.org/?q=\"><script>x</script>").count("<script") == 0


def test_footnotes_are_numbered_once_per_distinct_note_in_order():
    frame = pd.DataFrame({"metric": ["A", "B", "C", "D"], "value": [1, 2, 3, 4],
                          "notes": pd.array(["first note", None, "second note", "first note"], dtype="string")})
    html = present.table(frame, "fn", note_column="value").html
    assert cells(html) == ["A", "11", "B", "2", "C", "32", "D", "41"]
    assert re.findall(r'<li id="(fn-note-\d)">(.*?)</li>', html) == [("fn-note-1", "first note"),
                                                                       ("fn-note-2", "second note")]
    assert html.count('href="#fn-note-1"') == 2
    assert "Notes" not in re.findall(r"<th[^>]*>(.*?)</th>", html)
    text = repr(present.table(frame, "fn", note_column="value"))
    assert "[1] first note" in text and "[2] second note" in text
    without = present.table(frame, "fn", footnotes=False).html
    assert "fn-note" not in without and "first note" not in without


def test_urls_in_footnotes_become_links():
    frame = pd.DataFrame({"x": [1], "notes": ["City from https://rso.baliprocess.net/rso-x/), which says so."]})
    html = present.table(frame, "urls").html
    assert ('<a href="https://rso.baliprocess.net/rso-x/" title="https://rso.baliprocess.net/rso-x/">'
            "https://rso.baliprocess.net/rso-x/</a>), which says so.") in html


def test_html_is_deterministic_with_fixed_ids():
    first = present.table(sample_frame(), "headline").html
    second = present.table(sample_frame(), "headline").html
    assert first == second
    assert 'id="T_headline"' in first and 'id="table-headline"' in first
    ids = set(re.findall(r'id="([^"]+)"', first))
    assert all(i.startswith(("T_headline", "table-headline")) for i in ids), ids
    assert 'id="table-headline-caption"' not in first  # no caption asked for
    with pytest.raises(ValueError):
        present.table(sample_frame(), "<>")


def test_vocabulary_values_read_as_words_but_free_text_is_kept():
    frame = pd.DataFrame({"relation": ["rounded-headline", "assumed to serve (derived scheme liberterra-ii-2024-x)"],
                          "participant_list": ["printed-not-transcribed", "not-published"],
                          "crime_type": ["migrant-smuggling", "forced-criminality"]})
    assert cells(present.table(frame, "vocab").html) == [
        "rounded headline", "list printed, not transcribed", "Migrant smuggling",
        "assumed to serve (derived scheme liberterra-ii-2024-x)", "not published", "Forced criminality"]


def test_empty_table_gives_its_sentence():
    html = present.table(pd.DataFrame(columns=["a"]), "empty", caption="Cases", empty="No case here.").html
    assert "No case here." in html and "<table" not in html


def test_wide_tables_sit_in_a_scroll_box():
    html = present.table(sample_frame(), "wide", caption="A caption").html
    assert re.search(r'<div class="table-scroll"[^>]*>\s*<style', html)
    assert '<p class="table-caption" id="table-wide-caption">A caption</p>' in html
    assert html.index("table-caption") < html.index("table-scroll")  # above the box, so it never scrolls away
    assert 'aria-labelledby="table-wide-caption"' in html


# --- escaping ------------------------------------------------------------------------------------

def test_data_text_is_escaped_everywhere_it_reaches_html():
    frame = pd.DataFrame({
        SCRIPT: [IMG, "plain"],
        "source_url": [f"https://example.org/{SCRIPT}", IMG],
        "region_name": [SCRIPT, IMG],
        "notes": [SCRIPT, IMG],
    })
    block = present.table(frame, IMG, caption=SCRIPT, cell_links={"region_name": [f"x{IMG}.html", None]})
    assert_no_live_markup(block.html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in block.html
    assert "&lt;img src=x onerror=alert(1)&gt;" in block.html
    for built in (present.heading(SCRIPT, 1, IMG), present.paragraph(SCRIPT, present.link(IMG), IMG),
                  present.facts([(SCRIPT, IMG), ("Source", [present.link(f"https://x.org/{SCRIPT}"), IMG])],
                                title=SCRIPT),
                  present.local_link(f"{SCRIPT}.html", IMG)):
        html = built.html if hasattr(built, "html") else built
        assert_no_live_markup(html)
    assert present.escape(present.HTML("<b>kept</b>")) == "<b>kept</b>"


def test_partner_rows_with_markup_in_every_text_column():
    frame = pd.DataFrame({"name_as_printed": [SCRIPT], "acronym": [IMG], "role": ["funder"],
                          "iso3": pd.array([None], dtype="string"), "source_url": [f"https://a.org/{IMG}"],
                          "notes": [IMG]})
    html = present.table(frame, "partners").html
    assert_no_live_markup(html)


# --- figures -------------------------------------------------------------------------------------

def draw():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar(["a", "b"], [1, 2])
    return ax


def test_figure_bundle_is_a_deterministic_png_with_caption_and_alt():
    import base64

    bundle1, meta1 = present.figure_bundle(draw(), caption="Figure: two bars.", alt="Bar chart: a 1; b 2.")
    bundle2, _ = present.figure_bundle(draw(), caption="Figure: two bars.", alt="Bar chart: a 1; b 2.")
    plt.close("all")
    assert bundle1["image/png"] == bundle2["image/png"]
    png = base64.b64decode(bundle1["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and b"Software" not in png and b"matplotlib" not in png.lower()
    assert bundle1["text/plain"] == "Figure: two bars."
    assert meta1["image/png"]["alt"] == "Bar chart: a 1; b 2."
    assert meta1["image/png"]["width"] > 0
    with pytest.raises(ValueError):
        present.figure_bundle(draw(), caption="x", alt="")
    plt.close("all")
