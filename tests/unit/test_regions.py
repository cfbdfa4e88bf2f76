"""Region schemes as data."""

import pandas as pd
import pytest

from analysis import regions


def test_schemes_for_an_operation_include_its_own():
    general = set(regions.list_schemes()["scheme_id"])
    assert {"m49-region", "m49-sub-region", "m49-intermediate-region"} <= general
    l2 = set(regions.list_schemes("liberterra-ii-2024")["scheme_id"])
    assert "liberterra-ii-2024-coordination-hub" in l2


def test_m49_region_counts():
    r = regions.list_regions("m49-region").set_index("region_name")
    assert list(r.index) == ["Africa", "Americas", "Asia", "Europe", "Oceania"]
    # Each M49 country or territory is in exactly one region (Antarctica has none).
    assert r["countries_in_region"].sum() == 249


def test_unknown_scheme_and_region_list_valid_values():
    with pytest.raises(ValueError, match=r"unknown scheme 'continents'.*valid values: \[.*'m49-region'"):
        regions.check_scheme("continents")
    with pytest.raises(ValueError, match=r"unknown region 'Atlantis'.*\['World', 'Africa', 'Americas'"):
        regions.check_region("m49-region", "Atlantis")


def test_region_given_by_code_or_name():
    assert regions.region_code_of("m49-region", "Africa") == "002"
    assert regions.region_code_of("m49-region", "002") == "002"
    assert regions.region_code_of("m49-region", "World") is None


def test_assign_regions_refuses_unknown_codes():
    frame = pd.DataFrame({"iso3": ["FRA", "QQQ"]})
    with pytest.raises(ValueError, match=r"\['QQQ'\]"):
        regions.assign_regions(frame, "m49-region")


def test_assign_regions_keeps_missing_codes_missing():
    out = regions.assign_regions(pd.DataFrame({"iso3": ["FRA", None]}), "m49-region")
    assert out.loc[0, "region_name"] == "Europe"
    assert pd.isna(out.loc[1, "region_name"])


def test_area_to_region():
    assert regions.region_of_area("202", "m49-region") == "002"  # Sub-Saharan Africa in Africa
    assert regions.region_of_area("011", "m49-region") == "002"  # Western Africa in Africa
    assert regions.region_of_area("202", "m49-intermediate-region") is None  # spans several
    assert regions.region_of_area("001", "m49-region") is None


def test_kosovo_has_an_explicit_region():
    out = regions.assign_regions(pd.DataFrame({"iso3": ["XKX"]}), "m49-sub-region")
    assert out.loc[0, "region_name"] == "Southern Europe"


def test_remembered_memberships_follow_an_edit_of_the_reference_table(data_copy):
    """Memberships and areas are remembered by the content of the scheme tables: an edit in a
    running session is read afresh, and the project's own data is not affected."""
    assert regions.assign_regions(pd.DataFrame({"iso3": ["FRA"]}), "m49-region", data_dir=data_copy).at[
        0, "region_name"] == "Europe"
    assert "FRA" in regions.countries_in_area("150", data_dir=data_copy)
    path = data_copy / "reference" / "region_membership.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    edited = [line.replace(",150,Europe", ",002,Africa") if line.startswith("m49-region,FRA,") else line
              for line in lines]
    assert edited != lines, "the fixture row of France under m49-region was not found"
    path.write_text("".join(edited), encoding="utf-8")
    moved = regions.assign_regions(pd.DataFrame({"iso3": ["FRA"]}), "m49-region", data_dir=data_copy)
    assert moved.at[0, "region_name"] == "Africa"
    assert "FRA" not in regions.countries_in_area("150", data_dir=data_copy)
    assert regions.assign_regions(pd.DataFrame({"iso3": ["FRA"]}), "m49-region").at[0, "region_name"] == "Europe"


def test_regional_pages_of_one_scheme_follow_an_edit_of_the_data(data_copy):
    """The region-independent tables of a scheme are remembered by the package's content: a
    second region of the same scheme reuses them, an edit in a running session is seen."""
    from analysis.views import regional as regional_view

    op = "liberterra-ii-2024"
    europe = regional_view.regional_view(op, "m49-region", "Europe", data_dir=data_copy)
    assert "ESP" in set(europe.participants["iso3"])
    africa = regional_view.regional_view(op, "m49-region", "Africa", data_dir=data_copy)
    assert "ESP" not in set(africa.participants["iso3"])
    path = data_copy / "reference" / "region_membership.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    edited = [line.replace(",150,Europe", ",002,Africa") if line.startswith("m49-region,ESP,") else line
              for line in lines]
    assert edited != lines, "the fixture row of Spain under m49-region was not found"
    path.write_text("".join(edited), encoding="utf-8")
    moved = regional_view.regional_view(op, "m49-region", "Africa", data_dir=data_copy)
    assert "ESP" in set(moved.participants["iso3"])
    assert int(moved.coverage["participants"].sum()) == int(africa.coverage["participants"].sum()) + 1
    assert "ESP" in set(regional_view.regional_view(op, "m49-region", "Europe").participants["iso3"])
