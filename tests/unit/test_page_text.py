"""Key facts, captions and alt texts of the report pages, from the real data (Liberterra II,
Global Chain 2025 with a partial list, Turquesa V with none). Expected sentences by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import overview, regional, trends
from analysis.overview_page import OverviewPage, announced_text
from analysis.regional_page import (
    RegionalPage,
    caveats,
    coordination_fact,
    named_cases_fact,
    participation_fact,
    population_fact,
)
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


def test_no_list_gives_the_list_status(profile_data):
    view = regional.regional_view("liberterra-iii-2025", "m49-region", "Africa")  # list not published
    assert participation_fact(view) == ("Not known: the sources consulted print no participant list for this "
                                        "operation.")
    assert caveats(view)[0] == "Without a participant list, participation in the region is unknown, not zero."
    assert "no participant list" in RegionalPage(view).map_caption()
    # printed, not transcribed (no live operation has that status now: the fixture's has)
    printed = regional.regional_view("mini-iv-2022", "m49-region", "Region Two", data_dir=profile_data)
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


# ---------------------------------------------------------------- population share (regional pages)


def test_population_share_beside_the_count_share(africa):
    # Hand-checked with awk over reference/population.csv, region_membership.csv and participants.csv:
    # the 40 listed African participants have 1,229,443,879 people of the region's 1,512,196,879
    # (the 54 members with a figure); six members have none.
    assert population_fact(africa) == (
        "The listed countries and territories are home to 81.3% of Africa's population (1,229,443,879 of "
        "1,512,196,879 people, World Bank 2024), against 66.7% of its countries and territories. 6 members have "
        "no population figure and count in neither: ATF, ESH, IOT, MYT, REU, SHN.")
    table = RegionalPage(africa).table("coverage")
    assert "81.3%" in table.text and "66.7%" in table.text
    assert "SP.POP.TOTL" in table.text and "2024" in table.text  # source and vintage under the table
    assert {"listed_population", "region_population", "population_share", "members_without_population",
            "is_lower_bound"} <= set(africa.coverage.columns)  # and in the CSV


def test_population_share_of_a_partial_list_is_at_least():
    view = regional.regional_view("global-chain-2025", "m49-sub-region", "Northern Europe")
    assert population_fact(view).startswith("The listed countries and territories are home to at least ")
    assert "at least 21.6%" in RegionalPage(view).table("coverage").text
    assert population_fact(regional.regional_view("liberterra-iii-2025", "m49-region", "Africa")) is None


def test_overview_participation_carries_the_population_columns():
    tables = overview.overview_tables("liberterra-ii-2024")
    africa = tables["participation"].query("scheme == 'm49-region' and region_name == 'Africa'").iloc[0]
    assert (int(africa["listed_population"]), int(africa["region_population"])) == (1229443879, 1512196879)
    text = OverviewPage("liberterra-ii-2024", tables).participation().text
    assert "81.3%" in text and "SP.POP.TOTL" in text


# ---------------------------------------------------------------- country profiles


@pytest.fixture(scope="module")
def nigeria():
    from analysis import country

    return country.country_view("NGA")


def csv_rows(name):
    import csv

    from analysis import paths

    with open(paths.DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_country_key_facts_checked_by_hand(nigeria):
    # Counts over every operation change with each new operation, so they are read here from
    # the CSV files with the csv module alone; the facts of named operations are typed by hand.
    from analysis import country_page

    complete = {r["operation_id"] for r in csv_rows("operations.csv") if r["participant_list"] == "complete"}
    listed = {r["operation_id"] for r in csv_rows("participants.csv") if r["iso3"] == "NGA"}
    # participants.csv: Nigeria in Liberterra II, Global Chain 2024 and Epervier II (complete lists).
    assert {"liberterra-ii-2024", "global-chain-2024", "epervier-ii-2019"} <= listed & complete
    n_listed = len(listed & complete)
    assert country_page.participation_fact(nigeria).startswith(
        f"Listed in {n_listed} of the {len(complete)} operations with a complete participant list (not in the other "
        f"{len(complete) - n_listed}); ")
    # case_places.csv: these four cases name Nigeria (origin, victim or suspect nationality).
    naming = {r["case_id"] for r in csv_rows("case_places.csv") if r["place_code"] == "NGA"}
    located = {r["case_id"] for r in csv_rows("cases.csv") if r["location_iso3"] == "NGA"}
    assert {"epervier-i-2017-mli-nigerian-women", "flash-weka-2023-tgo-lome-hotel",
            "liberterra-i-2021-gha-nigerian-suspects", "weka-ii-2022-mar-nigerian-women"} <= naming
    if not located:
        assert country_page.named_cases_fact(nigeria).startswith(
            f"No named case located here; {len(naming)} cases located elsewhere name it, as origin (")
    assert country_page.regions_fact(nigeria) == (
        "UN M49: Africa (region), Sub-Saharan Africa (sub-region), Western Africa (intermediate region).")
    assert country_page.population_fact(nigeria) == "232,679,478 in 2024 (World Bank, SP.POP.TOTL)."
    if not any(r["iso3"] == "NGA" for r in csv_rows("coordination_units.csv")):
        assert country_page.coordination_fact(nigeria) == "Hosted no coordination unit named by the sources."
    assert "did not take part" not in country_page.CountryPage(nigeria).header().text


def test_country_alt_texts_carry_the_numbers(nigeria):
    from analysis.country_page import CountryPage

    page = CountryPage(nigeria)
    chart = page.chart_alt()
    assert chart.startswith(f"Timeline of the {len(csv_rows('operations.csv'))} operations, by family and date. "
                            f"Listed (")
    listed_part = chart[chart.index("Listed ("):chart.index("Not listed in a complete list")]
    for name in ("Operation Epervier II (2019)", "Operation Global Chain (2024)", "Operation Liberterra II (2024)"):
        assert name in listed_part
    # Not listed in these complete lists (operations.csv, participants.csv): typed by hand.
    not_listed = chart[chart.index("Not listed in a complete list"):]
    for name in ("Operation Nawa (2014)", "Operation Epervier (2017)", "Operation Turquesa (2019)",
                 "Operation Storm Makers (2022)", "Operation Storm Makers II (2023)"):
        assert name in not_listed
    assert page.map_alt() == ("Map zoomed to Nigeria, shown in dark blue; other countries and territories in grey. "
                              "UN M49 region: Africa.")


def test_country_facts_on_the_fixture_package(profile_data):
    # tests/conftest.py: mini-i-2024 complete (AAA, BBB, EEE), mini-ii-2025 partial (BBB, BMU, FFF),
    # mini-iii-2023 no list, mini-iv-2022 printed but not transcribed; DDD is named by cases
    # mini-c1 (origin), mini-c2 (destination) and mini-c4 (origin).
    from analysis import country
    from analysis.country_page import CountryPage
    from analysis.country_page import named_cases_fact as country_cases_fact
    from analysis.country_page import participation_fact as country_participation_fact

    dland = country.country_view("DDD", data_dir=profile_data)
    assert country_participation_fact(dland) == (
        "Not listed in the 1 operation with a complete participant list; not among the names of the partial list "
        "(a cut-off list: it may still have taken part); 2 operations have no transcribed list: whether it took "
        "part in them is not known.")
    assert country_cases_fact(dland) == (
        "No named case located here; 3 cases located elsewhere name it, as origin (2) and destination (1) "
        "(examples the sources chose to describe, not totals).")
    assert CountryPage(dland).chart_alt() == (
        "Timeline of the 4 operations, by family and date. Not listed in a complete list (1): Operation Mini (2024). "
        "Not among the names of a partial list (1): Operation Mini II (2025). No transcribed list, participation "
        "unknown: 2 operations, 2022 to 2023.")
    bermuda = country.country_view("BMU", data_dir=profile_data)
    assert country_participation_fact(bermuda) == (
        "Not listed in the 1 operation with a complete participant list; named in the partial list; 2 operations "
        "have no transcribed list: whether it took part in them is not known.")
    assert CountryPage(bermuda).chart_alt() == (
        "Timeline of the 4 operations, by family and date. Listed (1): Operation Mini II (2025). Not listed in a "
        "complete list (1): Operation Mini (2024). No transcribed list, participation unknown: 2 operations, 2022 "
        "to 2023.")


def test_territory_and_units_facts():
    from analysis import country
    from analysis.country_page import CountryPage, caveats, coordination_fact, identity_fact

    bermuda = country.country_view("BMU")
    assert identity_fact(bermuda) == ("Bermuda (BMU), a territory; sovereign: United Kingdom (GBR). It counts as its "
                                      "own entry in lists and regions, never through its sovereign.")
    assert caveats(bermuda)[0].startswith("Bermuda is a territory")
    assert "a dot marks it, circled in blue" in CountryPage(bermuda).map_alt()
    # coordination_units.csv: the United Kingdom hosted a unit in Liberterra III; partners.csv: the UK FCDO
    # funded Liberterra II.
    assert coordination_fact(country.country_view("GBR")) == (
        "Hosted the coordination unit of Operation Liberterra III (2025). Funder: Operation Liberterra II (2024).")
    # Nawa's one-row 'list' is the project's reading: Côte d'Ivoire's first caveat says so.
    assert caveats(country.country_view("CIV"))[0].startswith(
        "Operation Nawa (2014): the entry for Côte d'Ivoire is this project's reading, not a participant list")
    # No transcribed list names Afghanistan: unknown, never absent.
    assert "never that it did not take part" in caveats(country.country_view("AFG"))[0]
