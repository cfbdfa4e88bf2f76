"""A regional page's participants by World Bank income group (the vintage in force on the
operation's start date) and by World Bank region (one pinned vintage), on the mini package
with hand-made World Bank rows; every expected value below is worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.pages.regional_page import RegionalPage
from analysis.views import regional
from tests.conftest import append_rows

# The mini package: regions One = {AAA, BBB, CCC} and Two = {DDD, EEE (territory of AAA)};
# populations AAA 1,000, BBB 3,000, CCC 6,000, EEE 250, DDD none. mini-i-2024 starts on
# 1 January 2024 (FY2024) and lists AAA, BBB, EEE. Added here:
#  income groups: AAA low in FY2024 and FY2025; BBB upper middle in FY2024, high from 1 July 2024
#    (as Bulgaria); CCC lower middle; DDD high; EEE never classified;
#  World Bank regions (pinned FY2026): AAA, CCC Sub-Saharan Africa; BBB, DDD Europe & Central
#    Asia; EEE in none;
#  mini-vi-2024 (1 October 2024: FY2025; partial list AAA, BBB) and mini-vii-2024 (same day, no
#    list published).
WORLD_BANK_ROWS = {
    "reference/region_schemes.csv": """wb-income-group,Test income groups,,test,https://example.org/wb,every vintage,CC0,false,dated,false,test,4
wb-region,Test World Bank regions,,test,https://example.org/wb,FY2026 (test file),CC0,false,pinned-vintage,false,test,4
""",
    "reference/dated_membership.csv": """wb-income-group,AAA,L,Low income,2023-07-01,2024-07-01,member,FY2024,https://example.org/wb,
wb-income-group,AAA,L,Low income,2024-07-01,2025-07-01,member,FY2025,https://example.org/wb,
wb-income-group,BBB,UM,Upper middle income,2023-07-01,2024-07-01,member,FY2024,https://example.org/wb,
wb-income-group,BBB,H,High income,2024-07-01,2025-07-01,member,FY2025,https://example.org/wb,
wb-income-group,CCC,LM,Lower middle income,2023-07-01,2024-07-01,member,FY2024,https://example.org/wb,
wb-income-group,CCC,LM,Lower middle income,2024-07-01,2025-07-01,member,FY2025,https://example.org/wb,
wb-income-group,DDD,H,High income,2023-07-01,2024-07-01,member,FY2024,https://example.org/wb,
wb-income-group,DDD,H,High income,2024-07-01,2025-07-01,member,FY2025,https://example.org/wb,
""",
    "reference/region_membership.csv": """wb-region,AAA,SSF,Sub-Saharan Africa
wb-region,CCC,SSF,Sub-Saharan Africa
wb-region,BBB,ECS,Europe & Central Asia
wb-region,DDD,ECS,Europe & Central Asia
""",
    "operations.csv": """mini-vi-2024,mini,VI,Operation Mini VI,2024-10-01,2024-10-05,1 to 5 October 2024,,,INTERPOL,,,not-stated,partial,https://example.org/release,
mini-vii-2024,mini,VII,Operation Mini VII,2024-10-01,2024-10-05,1 to 5 October 2024,,,INTERPOL,,,not-stated,not-published,https://example.org/release,
""",
    "participants.csv": """mini-vi-2024,1,Aland,AAA,https://example.org/release,false,false,Made-up country of the test package.
mini-vi-2024,2,Bland,BBB,https://example.org/release,false,false,Made-up country of the test package.
""",
}


@pytest.fixture
def wb_data(mini_data, monkeypatch):
    data = append_rows(mini_data, WORLD_BANK_ROWS)
    monkeypatch.setenv("TRAFFICKING_DATA_DIR", str(data))  # the page reads labels from the default folder
    return data


def rows(table: pd.DataFrame, group: str, columns: list[str]) -> dict[str, tuple]:
    return {str(r[group]): tuple(None if pd.isna(r[c]) else r[c] for c in columns) for _, r in table.iterrows()}


COUNTS = ["participants", "countries_in_group", "listed_population", "group_population", "listed_countries"]


def test_region_one_by_income_group_in_force_on_1_january_2024(wb_data):
    view = regional.regional_view("mini-i-2024", "m49-region", "Region One", wb_data)
    table = view.income_groups
    # Listed in Region One: AAA (low), BBB (upper middle, FY2024); CCC (lower middle) not listed.
    # No high-income or unclassified member in Region One: those rows are left out.
    assert rows(table, "income_group", COUNTS) == {
        "Low income": (1, 1, 1000, 1000, "Aland"),
        "Lower middle income": (0, 1, 0, 6000, ""),
        "Upper middle income": (1, 1, 3000, 3000, "Bland"),
    }
    assert list(table["share_of_participants"]) == [0.5, 0.0, 0.5]
    assert list(table["coverage_share"]) == [1.0, 0.0, 1.0]
    assert list(table["population_share"]) == [1.0, 0.0, 1.0]
    assert set(table["vintage"]) == {"FY2024"} and set(table["in_force_from"]) == {"2023-07-01"}
    assert not table["is_lower_bound"].any()


def test_the_same_country_in_another_group_after_1_july_2024(wb_data):
    view = regional.regional_view("mini-vi-2024", "m49-region", "Region One", wb_data)
    table = view.income_groups
    assert rows(table, "income_group", ["participants", "countries_in_group", "listed_countries"]) == {
        "Low income": (1, 1, "Aland"), "Lower middle income": (0, 1, ""), "High income": (1, 1, "Bland")}
    assert set(table["vintage"]) == {"FY2025"} and set(table["in_force_from"]) == {"2024-07-01"}
    assert table["is_lower_bound"].all()  # partial list
    text = RegionalPage(view).table("income_groups").text
    assert "World Bank classification FY2025 (in force 1 July 2024 to 30 June 2025)" in text
    assert "1 October 2024" in text and "at least 1" in text and "lower bounds" in text


def test_an_unclassified_territory_is_listed_not_dropped(wb_data):
    view = regional.regional_view("mini-i-2024", "m49-region", "Region Two", wb_data)
    # Region Two: DDD (high income, not listed, no population figure), EEE (listed, no group).
    assert rows(view.income_groups, "income_group", COUNTS + ["members_without_population"]) == {
        "High income": (0, 1, 0, None, "", "DDD"),
        "Unclassified": (1, 1, 250, 250, "Eland", ""),
    }
    assert list(view.income_groups["share_of_participants"]) == [0.0, 1.0]
    assert view.income_groups["population_share"].isna().tolist() == [True, False]  # no figure, not 0
    assert rows(view.wb_regions, "wb_region", COUNTS) == {
        "Europe & Central Asia": (0, 1, 0, None, ""),
        "No World Bank region": (1, 1, 250, 250, "Eland"),
    }
    text = RegionalPage(view).table("income_groups").text
    assert "Eland" in text and "Unclassified" in text and "no figure" in text
    assert "High income: DDD" in text  # the member without a population figure, named


def test_world_by_world_bank_region_with_the_pinned_vintage(wb_data):
    view = regional.regional_view("mini-i-2024", "m49-region", "World", wb_data)
    # All five countries and territories; listed AAA, BBB, EEE.
    assert rows(view.wb_regions, "wb_region", COUNTS) == {
        "Europe & Central Asia": (1, 2, 3000, 3000, "Bland"),
        "Sub-Saharan Africa": (1, 2, 1000, 7000, "Aland"),
        "No World Bank region": (1, 1, 250, 250, "Eland"),
    }
    assert list(view.wb_regions["wb_region_code"].fillna("-")) == ["ECS", "SSF", "-"]
    assert set(view.wb_regions["vintage"]) == {"FY2026"}
    assert view.wb_regions["population_share"].tolist() == pytest.approx([1.0, 1000 / 7000, 1.0])
    assert [int(n) for n in view.income_groups["participants"]] == [1, 0, 1, 0, 1]  # L, LM, UM, H, unclassified
    text = RegionalPage(view).table("wb_regions").text
    assert "FY2026 regions (one pinned vintage" in text and "Share of all participants" in text


def test_no_participant_list_gives_no_breakdown_and_says_why(wb_data):
    view = regional.regional_view("mini-vii-2024", "m49-region", "Region One", wb_data)
    assert view.income_groups.empty and view.wb_regions.empty  # missing, not rows of zeros
    assert "is_lower_bound" in view.income_groups.columns and "vintage" in view.wb_regions.columns
    page = RegionalPage(view)
    for name in ("income_groups", "wb_regions"):
        assert page.table(name).text == ("No participant list: the sources consulted print no participant "
                                         "list for this operation.")


def _group_of(view, name: str) -> str:
    table = view.income_groups
    return str(table.loc[table["listed_countries"].str.split("; ").apply(lambda names: name in names),
                         "income_group"].iloc[0])


def test_bulgaria_upper_middle_in_june_2024_high_in_september_2024_on_the_europe_pages():
    # The World Bank moved Bulgaria to high income on 1 July 2024 (FY2025).
    june = regional.regional_view("global-chain-2024", "m49-region", "Europe")  # starts 3 June 2024
    september = regional.regional_view("liberterra-ii-2024", "m49-region", "Europe")  # 29 September 2024
    assert (_group_of(june, "Bulgaria"), set(june.income_groups["vintage"])) == ("Upper middle income", {"FY2024"})
    assert (_group_of(september, "Bulgaria"), set(september.income_groups["vintage"])) == ("High income",
                                                                                          {"FY2025"})
