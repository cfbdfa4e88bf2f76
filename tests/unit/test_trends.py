"""Trends across editions, on the mini package plus a second made-up edition."""

import pandas as pd
import pytest

from analysis import trends


@pytest.fixture
def two_editions(mini_data):
    def add(name, text):
        path = mini_data / name
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    add("operations.csv", "mini-ii-2025,mini,II,Operation Mini II,2025-01-01,2025-01-05,1 to 5 January 2025,,,"
        "INTERPOL,,,not-stated,complete,https://example.org/release,\n"
        "other-2020,other,,Operation Other,,,sometime in 2020,,,INTERPOL,,,not-stated,not-published,"
        "https://example.org/release,\n")
    add("figures.csv", "mini-ii-2025,participating_countries,2,2,exact,2,2,,false,false,https://example.org/release,,"
        "numeral\n"
        "mini-ii-2025,arrests,about 3000,3000,around,2700,3300,,false,false,https://example.org/release,,numeral\n")
    add("participants.csv", "mini-ii-2025,1,Aland,AAA,https://example.org/release,false,false,Made-up.\n"
        "mini-ii-2025,2,Cland,CCC,https://example.org/release,false,false,Made-up.\n")
    return mini_data


def test_families_and_unknown_family(two_editions):
    assert trends.families(two_editions) == ["all", "mini", "other"]
    with pytest.raises(ValueError, match=r"unknown family_id 'nope'; valid values: \['all', 'mini', 'other'\]"):
        trends.family_operations("nope", two_editions)


def test_editions_in_date_order_with_year_only_dates(two_editions):
    ops = trends.family_operations("all", two_editions)
    assert list(ops["operation_id"]) == ["other-2020", "mini-i-2024", "mini-ii-2025"]
    labels = trends.operation_label(ops)
    assert list(labels) == ["Operation Other (2020)", "Operation Mini (2024)", "Operation Mini II (2025)"]


def test_participation_changes_by_hand(two_editions):
    changes = trends.participation_changes("mini", two_editions).set_index("operation_id")
    assert pd.isna(changes.loc["mini-i-2024", "joined"])  # first list: nothing to compare with
    row = changes.loc["mini-ii-2025"]
    # {AAA, BBB, EEE} -> {AAA, CCC}: CCC joined; BBB and EEE left
    assert (row["listed"], row["joined"], row["left"]) == (2, 1, 2)
    assert (row["joined_iso3"], row["left_iso3"]) == ("CCC", "BBB, EEE")
    assert "other-2020" not in changes.index  # no list published: skipped, not empty


def test_headline_trends_and_matrix(two_editions):
    t = trends.headline_trends("mini", two_editions)
    arrests = t[t["metric_id"] == "arrests"]
    assert list(arrests["value"]) == [2517, 3000]
    assert list(arrests["qualifier"]) == ["exact", "around"]
    matrix = trends.headline_matrix(t, ("arrests", "flights_monitored"))
    assert matrix.loc["Operation Mini II (2025)", "Arrests"] == "about 3000"
    assert pd.isna(matrix.loc["Operation Mini II (2025)", "Flights monitored"])  # not reported: missing


def test_region_frequency_by_hand(two_editions):
    freq = trends.region_participation_frequency("mini", data_dir=two_editions).set_index("region_name")
    # edition I: One 2/3, Two 1/2; edition II: One 2/3, Two 0/2
    assert freq.loc["Region One", "editions_present"] == 2
    assert freq.loc["Region Two", "editions_present"] == 1
    assert freq.loc["Region Two", "mean_coverage_share"] == pytest.approx((0.5 + 0) / 2)
    assert freq.loc["Region One", "countries_ever"] == 3
    assert (freq["editions_with_list"] == 2).all()


def test_region_frequency_keeps_a_partial_list_apart(two_editions):
    path = two_editions / "operations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "1 to 5 January 2025,,,INTERPOL,,,not-stated,complete", "1 to 5 January 2025,,,INTERPOL,,,not-stated,partial"),
        encoding="utf-8")
    path = two_editions / "figures.csv"  # the printed count (3) exceeds the 2 names of the cut-off list
    path.write_text(path.read_text(encoding="utf-8").replace(
        "mini-ii-2025,participating_countries,2,2,exact,2,2", "mini-ii-2025,participating_countries,3,3,exact,3,3"),
        encoding="utf-8")
    freq = trends.region_participation_frequency("mini", data_dir=two_editions).set_index("region_name")
    # complete edition I: One 2/3, Two 1/2; partial edition II (lower bounds): One 2/3, Two 0/2
    assert (freq["complete_lists"] == 1).all() and (freq["partial_lists"] == 1).all()
    assert (freq["editions_with_list"] == 2).all()
    assert freq.loc["Region Two", "mean_coverage_share"] == pytest.approx(0.5)  # edition I only, not (0.5 + 0) / 2
    assert freq.loc["Region Two", "mean_coverage_share_partial_lower_bound"] == pytest.approx(0.0)
    assert freq.loc["Region One", "mean_coverage_share_partial_lower_bound"] == pytest.approx(2 / 3)
    assert freq["is_lower_bound"].all()


def test_region_frequency_of_complete_lists_only_is_exact(two_editions):
    freq = trends.region_participation_frequency("mini", data_dir=two_editions)
    assert not freq["is_lower_bound"].any()
    assert freq["mean_coverage_share_partial_lower_bound"].isna().all()
    assert (freq["partial_lists"] == 0).all()
