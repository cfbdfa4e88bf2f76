"""Dated memberships: assignment by an operation's start date, coarse dates, validation rules,
income-group breakdowns and grouping coverage, on a hand-made package and on the real data."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis.checks import loaders as load
from analysis.package.schema import DataValidationError
from analysis.places import dated_membership as dm
from analysis.places import regions
from tests.conftest import append_rows

# A made-up bloc and made-up income groups on the mini package (AAA, BBB, CCC, DDD, EEE):
#  bloc: AAA member since 2000; BBB member until 3 January 2024 (leaves after mini-i's start,
#        before mini-v's); CCC joined "in 2023" (year only); DDD joined in March 2025, after
#        mini-v; EEE withdrawing since 2020 (still counts).
#  income: FY2024 (1 July 2023 - 1 July 2024): AAA L, BBB H; FY2025: AAA LM, BBB H;
#          CCC, DDD, EEE never classified.
DATED_ROWS = {
    "reference/region_schemes.csv": """test-bloc,Test bloc,,test,https://example.org/bloc,1,CC0,false,dated,false,test,4
wb-income-group,Test income groups,,test,https://example.org/wb,1,CC0,false,dated,false,test,4
""",
    "reference/dated_membership.csv": """test-bloc,AAA,TB,Test bloc,2000-01-01,,member,,https://example.org/bloc,
test-bloc,BBB,TB,Test bloc,2000-01-01,2024-01-03,member,,https://example.org/bloc,
test-bloc,CCC,TB,Test bloc,2023,,member,,https://example.org/bloc,year only
test-bloc,DDD,TB,Test bloc,2025-03-01,,member,,https://example.org/bloc,
test-bloc,EEE,TB,Test bloc,2020-05-01,,withdrawing,,https://example.org/bloc,
wb-income-group,AAA,L,Low income,2023-07-01,2024-07-01,member,FY2024,https://example.org/wb,
wb-income-group,AAA,LM,Lower middle income,2024-07-01,2025-07-01,member,FY2025,https://example.org/wb,
wb-income-group,BBB,H,High income,2023-07-01,2024-07-01,member,FY2024,https://example.org/wb,
wb-income-group,BBB,H,High income,2024-07-01,2025-07-01,member,FY2025,https://example.org/wb,
""",
    "operations.csv": """mini-v-2025,mini,V,Operation Mini V,2025-02-01,2025-02-05,1 to 5 February 2025,,,INTERPOL,,,not-stated,complete,https://example.org/release,
""",
    "figures.csv": """mini-v-2025,participating_countries,2,2,exact,2,2,,true,false,https://example.org/release,,numeral
""",
    "participants.csv": """mini-v-2025,1,Aland,AAA,https://example.org/release,false,false,Made-up country of the test package.
mini-v-2025,2,Bland,BBB,https://example.org/release,false,false,Made-up country of the test package.
""",
}


@pytest.fixture
def dated_data(mini_data):
    return append_rows(mini_data, DATED_ROWS)


def test_mini_package_with_dated_rows_is_valid(dated_data):
    assert len(load.load_table("dated_membership", data_dir=dated_data)) == 9


def test_same_country_counted_differently_either_side_of_a_change(dated_data):
    # mini-i starts 2024-01-01: BBB still a member (leaves 2024-01-03); CCC joined in 2023,
    # certainly a member by 1 January 2024. Members AAA, BBB, CCC, EEE; listed AAA, BBB, EEE.
    before = dm.grouping_coverage("mini-i-2024", "test-bloc", dated_data)
    assert (before["members"], before["listed"]) == (4, 3)
    assert before["share"] == pytest.approx(0.75)
    assert before["listed_names"] == ["Aland", "Bland", "Eland"]
    # mini-v starts 2025-02-01: BBB has left, DDD not yet joined. Members AAA, CCC, EEE; listed AAA.
    after = dm.grouping_coverage("mini-v-2025", "test-bloc", dated_data)
    assert (after["members"], after["listed"]) == (3, 1)
    assert after["member_names"] == ["Aland", "Cland", "Eland"]


def test_assignment_keeps_non_members_with_missing_group(dated_data):
    frame = pd.DataFrame({"iso3": ["BBB", "DDD", None]})
    on_2024 = dm.assign_on(frame, "test-bloc", date(2024, 1, 2), data_dir=dated_data)
    assert list(on_2024["region_code"].fillna("-")) == ["TB", "-", "-"]
    on_2025 = dm.assign_on(frame, "test-bloc", date(2025, 3, 1), data_dir=dated_data)
    assert list(on_2025["region_code"].fillna("-")) == ["-", "TB", "-"]
    # valid_to is exclusive: on 3 January 2024 BBB is out.
    assert "BBB" not in set(dm.membership_on("test-bloc", date(2024, 1, 3), dated_data)["iso3"])


def test_withdrawing_counts_as_member_and_keeps_its_status(dated_data):
    members = dm.membership_on("test-bloc", date(2024, 1, 1), dated_data).set_index("iso3")
    assert members.at["EEE", "status"] == "withdrawing"


def test_a_day_inside_a_year_only_date_is_uncertain(dated_data):
    with pytest.raises(dm.UncertainMembership, match=r"CCC on 2023-06-01 is uncertain"):
        dm.membership_on("test-bloc", date(2023, 6, 1), dated_data)


def test_income_breakdown_uses_the_vintage_in_force_and_lists_unclassified(dated_data):
    table, vintage = dm.income_breakdown("mini-i-2024", dated_data)  # starts 1 January 2024: FY2024
    assert vintage == "FY2024"
    by_group = table.set_index("income_group")
    assert by_group.at["Low income", "countries"] == "Aland"
    assert by_group.at["High income", "countries"] == "Bland"
    assert by_group.at["Unclassified", "countries"] == "Eland"
    assert list(table["participants"]) == [1, 0, 0, 1, 1]
    assert by_group.at["Unclassified", "share_of_participants"] == pytest.approx(1 / 3)
    table, vintage = dm.income_breakdown("mini-v-2025", dated_data)  # 1 February 2025: FY2025
    assert vintage == "FY2025"
    assert table.set_index("income_group").at["Lower middle income", "countries"] == "Aland"


def test_dated_schemes_are_read_on_the_operations_day(dated_data):
    assert set(regions.list_schemes("mini-i-2024", dated_data)["scheme_id"]) == {
        "m49-region", "test-bloc", "wb-income-group"}
    assert dm.dated_schemes(dated_data) == ["test-bloc", "wb-income-group"]
    # The frame's operation gives the day: BBB is in the bloc for mini-i, not for mini-v.
    frame = pd.DataFrame({"operation_id": ["mini-i-2024", "mini-v-2025"], "iso3": ["BBB", "BBB"]})
    first = regions.assign_regions(frame.iloc[:1], "test-bloc", data_dir=dated_data)
    second = regions.assign_regions(frame.iloc[1:], "test-bloc", data_dir=dated_data)
    assert first["region_code"].tolist() == ["TB"] and second["region_code"].isna().all()
    regions.use_operation("mini-v-2025", dated_data)
    assert regions.list_regions("test-bloc", dated_data)["countries_in_region"].tolist() == [3]
    with pytest.raises(ValueError, match="not dated"):
        dm.membership_on("m49-region", date(2024, 1, 1), dated_data)


def test_overlapping_spells_are_reported(dated_data):
    append_rows(dated_data, {"reference/dated_membership.csv":
                             "test-bloc,BBB,TB,Test bloc,2023-12-01,,member,,https://example.org/bloc,\n"})
    with pytest.raises(DataValidationError) as error:
        load.load_table("dated_membership", data_dir=dated_data)
    text = "\n".join(error.value.problems)
    assert "dated_membership.csv, line 11, column 'valid_from'" in text
    assert "no overlapping spells" in text


def test_dates_out_of_order_are_reported(dated_data):
    append_rows(dated_data, {"reference/dated_membership.csv":
                             "test-bloc,DDD,TB,Test bloc,2026-01-01,2025-12-31,member,,https://example.org/bloc,\n"})
    with pytest.raises(DataValidationError) as error:
        load.load_table("dated_membership", data_dir=dated_data)
    assert any("valid_to 2025-12-31 is not after valid_from 2026-01-01" in p and "dates in order" in p
               for p in error.value.problems)


def test_unknown_iso3_is_reported(dated_data):
    append_rows(dated_data, {"reference/dated_membership.csv":
                             "test-bloc,ZZZ,TB,Test bloc,2001-01-01,,member,,https://example.org/bloc,\n"})
    with pytest.raises(DataValidationError) as error:
        load.load_table("dated_membership", data_dir=dated_data)
    assert any("ZZZ" in p for p in error.value.problems)


@pytest.mark.parametrize("text, first, after", [
    ("2024-02-29", date(2024, 2, 29), date(2024, 3, 1)),
    ("2016-12", date(2016, 12, 1), date(2017, 1, 1)),
    ("1977", date(1977, 1, 1), date(1978, 1, 1)),
])
def test_bounds_of_coarse_dates(text, first, after):
    assert dm.bounds(text) == (first, after)


# --- the real data (facts checked against the World Bank files and the sources) ----------

def test_mali_in_ecowas_for_epervier_2017_not_after_january_2025():
    assert "MLI" in set(dm.membership_on("ecowas", date(2017, 11, 6))["iso3"])  # Epervier I
    assert "MLI" not in set(dm.membership_on("ecowas", date(2025, 11, 10))["iso3"])  # Liberterra III
    assert "MLI" not in set(dm.membership_on("ecowas", date(2026, 3, 1))["iso3"])
    members_2026 = dm.membership_on("ecowas", date(2026, 3, 1))
    assert len(members_2026) == 12


def test_bulgaria_upper_middle_in_june_2024_high_in_october_2024():
    june = dm.assign_on(pd.DataFrame({"iso3": ["BGR"]}), "wb-income-group", date(2024, 6, 3))
    october = dm.assign_on(pd.DataFrame({"iso3": ["BGR"]}), "wb-income-group", date(2024, 10, 1))
    assert (june.at[0, "region_code"], june.at[0, "vintage"]) == ("UM", "FY2024")
    assert (october.at[0, "region_code"], october.at[0, "vintage"]) == ("H", "FY2025")


def test_operations_use_the_vintage_in_force_on_their_start_date():
    assert dm.income_breakdown("liberterra-ii-2024")[1] == "FY2025"  # starts 29 September 2024
    assert dm.income_breakdown("global-chain-2024")[1] == "FY2024"  # starts 3 June 2024


def test_liberterra_ii_breakdown_keeps_every_participant():
    table, _ = dm.income_breakdown("liberterra-ii-2024")
    participants = load.load_participants("liberterra-ii-2024")
    assert int(table["participants"].sum()) == participants["iso3"].nunique()
    assert table["share_of_participants"].sum() == pytest.approx(1.0)


def test_uk_left_the_eu_on_31_january_2020():
    assert "GBR" in set(dm.membership_on("eu", date(2020, 1, 31))["iso3"])
    assert "GBR" not in set(dm.membership_on("eu", date(2020, 2, 1))["iso3"])
    assert len(dm.membership_on("eu", date(2024, 6, 3))) == 27


def test_timor_leste_joined_asean_on_26_october_2025():
    assert len(dm.membership_on("asean", date(2025, 10, 25))) == 10
    assert "TLS" in set(dm.membership_on("asean", date(2025, 11, 10))["iso3"])


def test_operations_without_a_start_day_get_no_dated_scheme():
    schemes = set(regions.list_schemes("epervier-ii-2019")["scheme_id"])  # dated "early April 2019"
    assert "m49-region" in schemes and "ecowas" not in schemes and "wb-income-group" not in schemes


def test_every_dated_scheme_resolves_on_every_operation_start_date():
    ops = load.load_operations()
    for scheme in dm.dated_schemes():
        for start in ops["start_date"].dropna():
            dm.membership_on(scheme, start.date())  # raises if uncertain


def test_every_organisation_row_has_a_source():
    table = load.load_table("dated_membership")
    assert table["source_url"].str.startswith(("http://", "https://")).all()
    organisations = table[table["scheme_id"] != dm.INCOME_SCHEME]
    assert organisations["scheme_id"].nunique() >= 10
