"""Key facts, captions and alt texts of the report pages, from the real data (Liberterra II,
Global Chain 2025 with a partial list, Turquesa V with none). Expected sentences by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import overview, regional, trends
from analysis.overview_page import announced_text
from analysis.regional_page import RegionalPage, caveats, coordination_fact, named_cases_fact, participation_fact
from analysis.trends_page import TrendsPage


@pytest.fixture(scope="module")
def africa():
    return regional.regional_view("liberterra-ii-2024", "m49-region", "Africa")


def test_region_first_facts_for_a_complete_list(africa):
    assert participation_fact(africa) == "40 of 60 countries and territories in Africa listed as taking part (66.7%)."
    assert named_cases_fact(africa) == ("6 named cases located in the region (examples the source chose to "
                                        "describe, not totals).")
    assert coordination_fact(africa) == (
        "Senegal (hosted in the region); this project's hub assumption (not published by the coordinator) "
        "assigns all 40 listed participants of the region to Senegal OCU (Africa).")


def test_partial_list_says_at_least():
    view = regional.regional_view("global-chain-2025", "m49-sub-region", "Northern Europe")
    assert participation_fact(view) == ("At least 7 of 16 countries and territories in Northern Europe listed as "
                                        "taking part (at least 43.8%); the published list is partial.")
    assert caveats(view)[0].startswith("The published participant list is partial")


def test_no_list_gives_the_list_status():
    view = regional.regional_view("liberterra-iii-2025", "m49-region", "Africa")  # list not published
    assert participation_fact(view) == ("Not known: the sources consulted print no participant list for this "
                                        "operation.")
    assert caveats(view)[0] == "Without a participant list, participation in the region is unknown, not zero."
    assert "no participant list" in RegionalPage(view).map_caption()
    printed = regional.regional_view("turquesa-v-2023", "m49-region", "Americas")  # printed, not transcribed
    assert participation_fact(printed) == ("Not known: the participant list was printed by the source but is not "
                                           "transcribed here.")


def test_hub_region_says_it_is_an_assumption():
    view = regional.regional_view("liberterra-ii-2024", "liberterra-ii-2024-coordination-hub",
                                  "Senegal OCU (Africa)")
    assert participation_fact(view).startswith("40 of 60 countries and territories assigned to Senegal OCU (Africa)")
    assert "this project's assumption" in coordination_fact(view)
    assert "assumption" in caveats(view)[0]


def test_map_and_chart_alt_texts_carry_the_numbers(africa):
    page = RegionalPage(africa)
    assert page.map_alt() == ("Map of Africa. 40 of 60 countries and territories in Africa listed as taking part "
                              "(66.7%). Coordination units in Senegal. Named cases in Algeria, Ethiopia, Kenya, "
                              "Mali and Tunisia.")
    assert page.crime_alt().startswith("Bar chart of named cases by crime type in Africa: Forced criminality 2; "
                                       "Fraud 2; Migrant smuggling 2;")


def test_announced_text():
    row = {"announced_date": pd.Timestamp("2024-11-06"), "announced_place": "Glasgow, United Kingdom"}
    assert announced_text(row) == "6 November 2024, Glasgow, United Kingdom"
    assert announced_text({**row, "announced_place": pd.NA}) == "6 November 2024 (place not stated)"
    assert announced_text({**row, "announced_date": pd.NaT}) == "in Glasgow, United Kingdom (date not stated)"
    assert announced_text({"announced_date": pd.NaT, "announced_place": pd.NA}) == "not stated"


def test_one_line_summaries():
    tables = overview.overview_tables("liberterra-ii-2024")
    assert overview.one_line_summary("liberterra-ii-2024", tables) == (
        "Operation Liberterra II: overview: 10 headline figures; 116 participants listed; 19 named cases")
    partial = overview.overview_tables("global-chain-2025")
    assert "at least 25 participants (partial list)" in overview.one_line_summary("global-chain-2025", partial)
    assert trends.one_line_summary("liberterra", trends.trend_tables("liberterra")) == (
        "Trends across editions: the liberterra family (3 editions)")


def test_trends_alt_text_lists_each_edition():
    page = TrendsPage("liberterra")
    shown = page.tables["headline_trends"]
    alt = page.headline_alt(shown[shown["metric_id"] == "arrests"])
    assert alt == ("Charts of headline figures by edition. Arrests: Operation Liberterra (2021) 286; Operation "
                   "Liberterra II (2024) 2,517; Operation Liberterra III (2025) 3,744.")
