"""The participant lists transcribed for issue 16, checked against what their sources print.

Expected names and codes are typed from the sources by hand (Curaçao.nu's Dutch list, InSight
Crime's list, the EU's membership), not computed by the code under test. No test here counts the
whole dataset: each looks at one operation.
"""

import pandas as pd

from analysis import load, regions
from analysis.countries import resolve_country
from analysis.overview_page import participant_list_text

# Curaçao.nu's 'Deelnemende landen' for Turquesa II, in its order.
TURQUESA_II_DUTCH = [
    "Antigua en Barbuda", "Argentinië", "Aruba", "Bangladesh", "Bolivia", "Brazilië", "Canada", "Chili",
    "Colombia", "Costa Rica", "Curaçao", "Dominicaanse Republiek", "Ecuador", "El Salvador", "Guatemala", "Haïti",
    "Honduras", "Mexico", "Marokko", "Nicaragua", "Pakistan", "Panama", "Paraguay", "Peru", "Portugal", "Senegal",
    "Spanje", "Trinidad en Tobago", "Verenigde Staten", "Uruguay", "Venezuela", "Vietnam",
]
# The 27 EU Member States (2023).
EU = {"AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL", "ITA",
      "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE"}


def listed(operation_id):
    return load.load_participants(operation_id).sort_values("position")


def test_turquesa_ii_spanish_and_dutch_lists_name_the_same_32():
    spanish = listed("turquesa-ii-2020")
    assert list(spanish["position"]) == list(range(1, 33))
    assert spanish["name_as_printed"].iloc[0] == "Antigua y Barbuda" and "EEUU" in set(spanish["name_as_printed"])
    dutch = [resolve_country(name) for name in TURQUESA_II_DUTCH]
    assert len(set(dutch)) == 32
    assert set(dutch) == set(spanish["iso3"])


def test_turquesa_v_is_31_countries_of_the_americas_plus_france_and_spain():
    rows = listed("turquesa-v-2023")
    assert len(rows) == 33 and rows["iso3"].is_unique
    located = regions.assign_regions(rows, "m49-region").set_index("iso3")["region_name"]
    outside = sorted(located.index[located != "Americas"])
    assert outside == ["ESP", "FRA"]
    assert {"BMU", "CUW", "TCA", "CUB"} <= set(located.index)  # territories and Cuba (first time) included


def test_spartacus_iii_list_has_brazil_and_the_24_name_alternative_lacks_only_brazil():
    rows = listed("spartacus-iii-2016")
    assert len(rows) == 25 and rows.loc[rows["iso3"] == "BRA", "name_as_printed"].tolist() == ["Brasil"]
    assert "InSight Crime" in rows.loc[rows["iso3"] == "BRA", "notes"].iloc[0]
    alt = load.load_figure_alternatives("spartacus-iii-2016")
    alt = alt[alt["metric_id"] == "participating_countries"].iloc[0]
    names = [n.strip() for n in alt["value_as_printed"].replace(", and ", ", ").split(",")]
    assert len(names) == alt["value"] == 24
    codes = {"SXM" if name == "St. Marten" else resolve_country(name) for name in names}  # InSight's spelling
    assert set(rows["iso3"]) - codes == {"BRA"} and codes <= set(rows["iso3"])


def test_flash_weka_list_is_partial_and_its_page_says_so():
    ops = load.load_operations().set_index("operation_id")
    op = ops.loc["flash-weka-2023"]
    rows = listed("flash-weka-2023")
    printed = load.load_figures("flash-weka-2023").set_index("metric_id").loc["participating_countries", "value"]
    assert op["participant_list"] == "partial" and (len(rows), printed) == (53, 54)
    congo = rows[rows["name_as_printed"] == "Congo"].iloc[0]
    assert congo["iso3"] == "COG" and congo["is_resolver_exception"]
    assert rows.loc[rows["position"] == congo["position"] + 1, "iso3"].tolist() == ["COD"]  # 'DRC' follows
    assert participant_list_text(op, len(rows)).startswith("partial: 53 names printed")


def test_global_chain_2023_list_is_flagged_as_the_projects_reading_and_splits_25_19():
    rows = listed("global-chain-2023")
    assert len(rows) == 44 and rows["iso3"].is_unique
    assert rows["is_project_reading"].all() and rows["notes"].notna().all()
    assert rows["iso3"].isin(EU).sum() == 25 and (~rows["iso3"].isin(EU)).sum() == 19
    assert "radiofeyalegria" in rows["source_url"].iloc[0]
    notes = load.load_operations().set_index("operation_id").loc["global-chain-2023", "notes"]
    assert "project's reading" in notes


def test_weka_i_and_liberterra_i_have_no_rows_for_names_given_in_passing():
    ops = load.load_operations().set_index("operation_id")
    for op in ("weka-i-2021", "liberterra-i-2021"):
        assert ops.loc[op, "participant_list"] == "not-published"
        assert listed(op).empty
    assert pd.notna(ops.loc["weka-i-2021", "notes"]) and "Kenya" in ops.loc["weka-i-2021", "notes"]
