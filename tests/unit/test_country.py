"""Country profiles (analysis.country): what every operation says about one country or
territory. Expected values are worked out by hand from the rows of tests/conftest.py
(MINI_TABLES + PROFILE_ROWS); the real-data checks were read by hand from data/*.csv."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from analysis import country, paths
from analysis.countries import AmbiguousCountryError, UnknownCountryError

RELEASE, SECOND = "https://example.org/release", "https://example.org/second"
# Newest first: 1 March 2025, 1 January 2024, 1 June 2023, and Operation Other, which prints no
# day ('spring 2022') and is placed at its announcement, 20 May 2022.
NEWEST_FIRST = ["mini-ii-2025", "mini-i-2024", "mini-iii-2023", "mini-iv-2022"]


def column(view, table, name):
    return [None if pd.isna(v) else v for v in view.tables[table][name]]


def test_a_territory_keeps_its_code_and_names_its_sovereign(profile_data):
    view = country.country_view("BMU", data_dir=profile_data)
    assert (view.iso3, view.name, view.is_territory, view.sovereign_iso3) == ("BMU", "Bermuda", True, "GBR")
    assert column(view, "country", "sovereign_name") == ["United Kingdom"]
    assert column(view, "regions", "region_name") == ["Region Two"]
    assert column(view, "operations", "operation_id") == NEWEST_FIRST
    assert column(view, "operations", "edition") == ["Operation Mini II (2025)", "Operation Mini (2024)",
                                                    "Operation Mini III (2023)", "Operation Other (2022)"]
    # Listed only in the partial list (2nd name); 'not listed' only in the complete one.
    assert column(view, "operations", "listing") == ["listed", "not-listed", "no-list",
                                                    "list-printed-not-transcribed"]
    assert column(view, "operations", "position") == [2, None, None, None]
    assert column(view, "operations", "name_as_printed") == ["Bermuda", None, None, None]
    assert column(view, "operations", "source_url") == [SECOND, RELEASE, SECOND, RELEASE]
    # Case four (located in the United Kingdom) names Bermudians as victims.
    assert column(view, "operations", "other_cases_naming_it") == [0, 0, 1, 0]
    assert column(view, "operations", "named_cases_here") == [0, 0, 0, 0]
    naming = view.cases_naming.iloc[0]
    assert len(view.cases_naming) == 1 and view.cases_located.empty
    assert (naming["case_id"], naming["roles"], naming["places_as_printed"], naming["location"],
            naming["location_iso3"], bool(naming["is_located_here"])) == (
        "mini-c4", "victim-nationality", "Bermudian", "United Kingdom", "GBR", False)
    assert (naming["crime_types"], naming["printed_counts"]) == ("sexual-exploitation", "victims: four")
    assert column(view, "population", "population") == [64000] and column(view, "population", "year") == [2024]
    assert view.coordination.empty and view.partners.empty
    assert set(view.sources["source_url"]) == {RELEASE, SECOND}
    assert country.listing_counts(view) == {"operations": 4, "complete": 1, "listed_complete": 0, "not_listed": 1,
                                            "partial": 1, "listed_partial": 1, "not_among_partial": 0, "no_list": 2}
    assert country.one_line_summary(view) == ("Bermuda (BMU): listed in 0 of 1 operation with a complete list and "
                                              "in 1 partial list; 0 named cases located here, 1 other case naming it")


def test_a_country_only_in_case_places(profile_data):
    view = country.country_view("DDD", data_dir=profile_data)
    # Never "did not take part": not listed in the complete list, unknown elsewhere.
    assert column(view, "operations", "listing") == ["partial-list-not-among-names", "not-listed", "no-list",
                                                    "list-printed-not-transcribed"]
    # Origin in case one, destination in case two (both Operation Mini), origin in case four.
    assert column(view, "cases_naming", "case_id") == ["mini-c1", "mini-c2", "mini-c4"]
    assert column(view, "cases_naming", "roles") == ["origin", "destination", "origin"]
    assert column(view, "cases_naming", "location") == ["Aland", "Bland", "United Kingdom"]
    # counts in the order of reference/count_types.csv (victims before arrests)
    assert column(view, "cases_naming", "printed_counts") == ["victims: 10; arrests: more than 5",
                                                             "victims: nearly 100", "victims: four"]
    assert column(view, "operations", "other_cases_naming_it") == [0, 2, 1, 0]
    assert view.population.empty  # Dland has no population figure: no row, never 0
    assert view.sovereign_iso3 is None and not view.is_territory


def test_a_country_only_in_a_partial_list(profile_data):
    view = country.country_view("FFF", data_dir=profile_data)
    assert column(view, "operations", "listing") == ["listed", "not-listed", "no-list",
                                                    "list-printed-not-transcribed"]
    assert column(view, "operations", "position") == [3, None, None, None]
    assert column(view, "operations", "notes")[0] == "Made-up country of the test package."
    assert column(view, "regions", "region_name") == ["Region One"]
    assert view.cases_located.empty and view.cases_naming.empty and view.population.empty
    assert country.listing_counts(view)["listed_partial"] == 1


def test_units_roles_and_cases_located_there(profile_data):
    view = country.country_view("GBR", data_dir=profile_data)
    assert column(view, "operations", "hosted_unit") == [False, False, True, False]
    assert column(view, "operations", "partner_roles") == [None, None, "lead-country", None]
    assert column(view, "operations", "named_cases_here") == [0, 0, 1, 0]
    assert column(view, "coordination", "city") == ["London"]
    assert column(view, "coordination", "edition") == ["Operation Mini III (2023)"]
    assert column(view, "partners", "role") == ["lead-country"]
    located = view.cases_located.iloc[0]
    assert (located["case_id"], located["location_as_printed"], located["crime_types"], located["printed_counts"]) == (
        "mini-c4", "London", "sexual-exploitation", "victims: four")
    assert pd.isna(located["roles"])  # the case's places do not name the United Kingdom


def test_the_timeline_has_every_operation_oldest_first(profile_data):
    timeline = country.country_view("BMU", data_dir=profile_data).timeline
    assert list(timeline["operation_id"]) == NEWEST_FIRST[::-1]
    assert list(timeline["family_id"]) == ["other", "mini", "mini", "mini"]
    assert list(timeline["edition_date_basis"]) == ["announced_date", "start_date", "start_date", "start_date"]
    assert timeline["edition_date"].iloc[0] == pd.Timestamp("2022-05-20")


def test_names_go_through_the_resolver(profile_data):
    assert country.country_view("Bermuda", data_dir=profile_data).iso3 == "BMU"
    assert country.country_view("Bermudes", data_dir=profile_data).iso3 == "BMU"  # French
    with pytest.raises(AmbiguousCountryError, match="'Congo' is ambiguous"):
        country.country_view("Congo", data_dir=profile_data)
    with pytest.raises(UnknownCountryError) as info:
        country.country_view("Atlantis", data_dir=profile_data)
    assert "\n" not in str(info.value) and "unknown country name 'Atlantis'" in str(info.value)
    with pytest.raises(ValueError, match="'Nigeria' resolves to NGA, which is not in reference/countries.csv"):
        country.country_view("Nigeria", data_dir=profile_data)
    with pytest.raises(ValueError, match="surrounding spaces"):
        country.country_view(" BMU", data_dir=profile_data)
    with pytest.raises(ValueError, match="must be a string"):
        country.country_view(60, data_dir=profile_data)


def test_codes_in_data(profile_data):
    # participants AAA BBB EEE (mini-i), BBB BMU FFF (mini-ii); unit hosts AAA, GBR; partner GBR;
    # case locations AAA BBB GBR; case places DDD CCC BMU.
    assert country.codes_in_data(profile_data) == ["AAA", "BBB", "BMU", "CCC", "DDD", "EEE", "FFF", "GBR"]


# ---------------------------------------------------------------- real data, read by hand


def rows(name):
    with open(paths.DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_nigeria_as_read_from_the_csv_files():
    view = country.country_view("NGA")
    ops = view.operations.set_index("operation_id")
    # participants.csv: Nigeria is no. 79 of Liberterra II, 25 of Global Chain 2024, 2 of Epervier II;
    # not in the complete lists of Nawa and Storm Makers; not among the partial list of Global Chain 2025.
    by_hand = {"liberterra-ii-2024": ("listed", 79), "global-chain-2024": ("listed", 25),
               "epervier-ii-2019": ("listed", 2), "nawa-2014": ("not-listed", None),
               "storm-makers-i-2022": ("not-listed", None), "global-chain-2025": ("partial-list-not-among-names", None)}
    for operation_id, (listing, position) in by_hand.items():
        got = ops.loc[operation_id]
        assert (got["listing"], None if pd.isna(got["position"]) else int(got["position"])) == (listing, position)
    # Totals over every operation change when one is added: counted here from the CSV files.
    lists = {r["operation_id"]: r["participant_list"] for r in rows("operations.csv")}
    listed = {r["operation_id"] for r in rows("participants.csv") if r["iso3"] == "NGA"}
    complete = {op for op, kind in lists.items() if kind == "complete"}
    partial = {op for op, kind in lists.items() if kind == "partial"}
    assert country.listing_counts(view) == {
        "operations": len(lists), "complete": len(complete), "listed_complete": len(listed & complete),
        "not_listed": len(complete - listed), "partial": len(partial), "listed_partial": len(listed & partial),
        "not_among_partial": len(partial - listed), "no_list": len(lists) - len(complete) - len(partial)}
    # case_places.csv: these four cases name Nigeria; the cases.csv rows say where each is located.
    naming = {r["case_id"] for r in rows("case_places.csv") if r["place_code"] == "NGA"}
    assert {"epervier-i-2017-mli-nigerian-women", "flash-weka-2023-tgo-lome-hotel",
            "liberterra-i-2021-gha-nigerian-suspects", "weka-ii-2022-mar-nigerian-women"} <= naming
    located = {r["case_id"] for r in rows("cases.csv") if r["location_iso3"] == "NGA"}
    assert set(view.cases_naming["case_id"]) == naming - located
    assert set(view.cases_located["case_id"]) == located
    assert int(view.population["population"].iloc[0]) == 232679478  # reference/population.csv


def test_every_not_listed_is_a_complete_list_and_every_listed_is_a_row():
    """Over every country in the data: 'not listed' only for complete lists, and 'listed'
    exactly where participants.csv has the row (checked against the CSV files)."""
    status = {r["operation_id"]: r["participant_list"] for r in rows("operations.csv")}
    listed = {(r["operation_id"], r["iso3"]) for r in rows("participants.csv")}
    for iso3 in ("NGA", "BMU", "USA", "CZE", "CIV"):
        ops = country.country_view(iso3).operations
        for op, listing in zip(ops["operation_id"], ops["listing"], strict=True):
            if (op, iso3) in listed:
                assert listing == "listed", (iso3, op)
            else:
                expected = {"complete": "not-listed", "partial": "partial-list-not-among-names",
                            "not-published": "no-list", "printed-not-transcribed": "list-printed-not-transcribed"}
                assert listing == expected[status[op]], (iso3, op)
