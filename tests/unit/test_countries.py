"""Tests of the country resolver (analysis/countries.py) and of the country and
region reference tables built by scripts/build_reference.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis import countries as ct  # noqa: E402
from analysis.countries import (  # noqa: E402
    AmbiguousCountryError,
    CountryListError,
    UnknownCountryError,
    country_name,
    country_table,
    resolve_countries,
    resolve_country,
    sovereign_of,
)
from analysis.paths import DATAPACKAGE_PATH, REFERENCE_DIR  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
M49_SCHEMES = ["m49-region", "m49-sub-region", "m49-intermediate-region"]
HUB = "liberterra-ii-2024-coordination-hub"
NO_M49_REGION = {"ATA"}  # countries the OCHA taxonomy places in no M49 region


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def countries() -> pd.DataFrame:
    return read(REFERENCE_DIR / "countries.csv")


@pytest.fixture(scope="module")
def membership() -> pd.DataFrame:
    return read(REFERENCE_DIR / "region_membership.csv")


@pytest.fixture(scope="module")
def areas() -> pd.DataFrame:
    return read(REFERENCE_DIR / "m49_areas.csv").set_index("m49_code")


@pytest.fixture(scope="module")
def schemes() -> pd.DataFrame:
    return read(REFERENCE_DIR / "region_schemes.csv").set_index("scheme_id")


@pytest.fixture(scope="module")
def aliases() -> pd.DataFrame:
    return read(REFERENCE_DIR / "country_aliases.csv")


@pytest.fixture(scope="module")
def ocha() -> pd.DataFrame:
    """The OCHA taxonomy, read straight from the installed hdx package."""
    import hdx.location

    path = Path(hdx.location.__file__).with_name(
        "Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"
    )
    table = read(path)
    table = table[table["Deprecated"] != "Y"].copy()
    table["code"] = table["ISO 3166-1 Alpha 3-Codes"].fillna(table["x Alpha3 codes"])
    return table.dropna(subset=["code"]).set_index("code")


# --- resolver: published names and variants ------------------------------------------

LIBERTERRA = read(FIXTURES / "liberterra_ii_participants_expected.csv")


def test_fixture_is_the_published_list():
    assert len(LIBERTERRA) == 116
    assert not LIBERTERRA["name_as_printed"].duplicated().any()
    assert not LIBERTERRA["iso3"].duplicated().any()


@pytest.mark.parametrize("name,iso3", list(LIBERTERRA.itertuples(index=False, name=None)))
def test_published_liberterra_ii_names_resolve(name, iso3):
    assert resolve_country(name) == iso3


def test_published_list_resolves_in_one_call():
    assert resolve_countries(LIBERTERRA["name_as_printed"]) == list(LIBERTERRA["iso3"])


VARIANTS = {
    "Ivory Coast": "CIV",
    "Cote d'Ivoire": "CIV",
    "Côte d’Ivoire": "CIV",
    "Viet Nam": "VNM",
    "Cape Verde": "CPV",
    "DR Congo": "COD",
    "DRC": "COD",
    "Democratic Republic of the Congo": "COD",
    "Congo-Kinshasa": "COD",
    "Republic of the Congo": "COG",
    "Congo-Brazzaville": "COG",
    "Congo (Rep.)": "COG",
    "Lao PDR": "LAO",
    "Laos": "LAO",
    "UAE": "ARE",
    "UK": "GBR",
    "Great Britain": "GBR",
    "USA": "USA",
    "US": "USA",
    "United States": "USA",
    "Kosovo": "XKX",
    "Kosovo*": "XKX",
    "XKX": "XKX",
    "Turkey": "TUR",
    "the Netherlands": "NLD",
    "Netherlands": "NLD",
    "Sint Maarten": "SXM",
    "Curaçao": "CUW",
    "Russia": "RUS",
    "Syria": "SYR",
    "Iran": "IRN",
    "South Korea": "KOR",
    "North Korea": "PRK",
    "Czech Republic": "CZE",
    "Czechia": "CZE",
    "Bolivia": "BOL",
    "Venezuela": "VEN",
    "Tanzania": "TZA",
    "Moldova": "MDA",
    "Brunei": "BRN",
    "Burma": "MMR",
    "Swaziland": "SWZ",
    "Macedonia": "MKD",
    "East Timor": "TLS",
    "Vatican": "VAT",
    "Palestine": "PSE",
    "State of Palestine": "PSE",
    "Taiwan": "TWN",
    "Micronesia": "FSM",
    "St Kitts and Nevis": "KNA",
    "Saint Kitts and Nevis": "KNA",
    "St Vincent and the Grenadines": "VCT",
    "Guinea-Bissau": "GNB",
    "The Gambia": "GMB",
    "Bosnia-Herzegovina": "BIH",
    "Trinidad & Tobago": "TTO",
    "Sao Tome and Principe": "STP",
    "São Tomé and Príncipe": "STP",
    "Hong Kong": "HKG",
    "Macau": "MAC",
    "Macao": "MAC",
    "Turkiye": "TUR",
    "NA": "NAM",
    "Namibia": "NAM",
    "Dominica": "DMA",
    "Equatorial Guinea": "GNQ",
    "Papua New Guinea": "PNG",
    "Sudan": "SDN",
    "South Sudan": "SSD",
    "Niger": "NER",
    "Nigeria": "NGA",
    "Guinea": "GIN",
}


@pytest.mark.parametrize("name,iso3", sorted(VARIANTS.items()))
def test_variants_resolve(name, iso3):
    assert resolve_country(name) == iso3


@pytest.mark.parametrize(
    "name,iso3,sovereign",
    [
        ("Bermuda (UK)", "BMU", "GBR"),
        ("Cayman Islands (UK)", "CYM", "GBR"),
        ("Turks & Caicos (UK)", "TCA", "GBR"),
        ("Curacao", "CUW", "NLD"),
        ("Sint Maarten", "SXM", "NLD"),
        ("Hong Kong", "HKG", "CHN"),
        ("Greenland", "GRL", "DNK"),
        ("Puerto Rico", "PRI", "USA"),
    ],
)
def test_territories_carry_their_sovereign(name, iso3, sovereign):
    assert resolve_country(name) == iso3
    assert sovereign_of(iso3) == sovereign


def test_niger_is_not_nigeria():
    assert resolve_country("Niger") == "NER"
    assert resolve_country("Nigeria") == "NGA"
    assert resolve_country(" NIGER ") == "NER"


@pytest.mark.parametrize(
    "name,candidates",
    [
        ("Congo", {"COD", "COG"}),
        ("the Congo", {"COD", "COG"}),
        ("  CONGO ", {"COD", "COG"}),
        ("Korea", {"KOR", "PRK"}),
        ("Virgin Islands", {"VGB", "VIR"}),
        ("St Martin", {"MAF", "SXM"}),
    ],
)
def test_ambiguous_names_raise(name, candidates):
    with pytest.raises(AmbiguousCountryError) as info:
        resolve_country(name)
    assert set(info.value.candidates) == candidates
    for code in candidates:
        assert code in str(info.value)


def test_unknown_name_raises_with_suggestions():
    with pytest.raises(UnknownCountryError) as info:
        resolve_country("Atlantis")
    message = str(info.value)
    assert isinstance(info.value, LookupError)
    assert "'Atlantis'" in message
    assert info.value.suggestions
    assert all(s in message for s in info.value.suggestions)
    assert "country_aliases.csv" in message


def test_typo_suggests_the_right_name():
    with pytest.raises(UnknownCountryError) as info:
        resolve_country("Curacoa")
    assert any("Curaçao" in s or "Curacao" in s for s in info.value.suggestions)
    assert "Cura" in str(info.value)


def test_no_silent_fuzzy_matching():
    for near_miss in ["Nigera", "Germny", "Bermuda UK", "Kenya Republic"]:
        with pytest.raises(UnknownCountryError):
            resolve_country(near_miss)


@pytest.mark.parametrize("bad", [None, 42, b"Kenya", ["Kenya"]])
def test_non_string_raises_type_error(bad):
    with pytest.raises(TypeError):
        resolve_country(bad)


@pytest.mark.parametrize("bad", ["", "   ", "\t\n"])
def test_empty_raises_value_error(bad):
    with pytest.raises(ValueError):
        resolve_country(bad)


def test_resolve_countries_reports_every_bad_name():
    names = ["Kenya", "Atlantis", "Niger", "Congo", "", "Curacoa", None, "Bermuda (UK)"]
    with pytest.raises(CountryListError) as info:
        resolve_countries(names)
    failures = {(pos, name) for pos, name, _ in info.value.failures}
    assert failures == {(2, "Atlantis"), (4, "Congo"), (5, ""), (6, "Curacoa"), (7, None)}
    message = str(info.value)
    for pos, name in failures:
        assert f"position {pos}: {name!r}" in message


def test_resolve_countries_keeps_order_and_rejects_a_bare_string():
    assert resolve_countries(("Niger", "Nigeria", "Kosovo")) == ["NER", "NGA", "XKX"]
    assert resolve_countries([]) == []
    with pytest.raises(TypeError):
        resolve_countries("Kenya")


def test_every_alias_and_table_name_resolves_to_its_code(aliases, countries):
    for alias, iso3 in zip(aliases["alias"], aliases["iso3"], strict=True):
        assert resolve_country(alias) == iso3, alias
    for name, iso3 in zip(countries["name"], countries["iso3"], strict=True):
        assert resolve_country(name) == iso3, name
    for code, iso3 in zip(countries["iso2"], countries["iso3"], strict=True):
        assert resolve_country(code) == iso3, code


_ALIASES = read(REFERENCE_DIR / "country_aliases.csv")
_COUNTRIES = read(REFERENCE_DIR / "countries.csv")
KNOWN_NAMES = sorted(
    set(_ALIASES["alias"]) | set(_COUNTRIES["name"]) | set(LIBERTERRA["name_as_printed"])
)
WHITESPACE = st.text(alphabet=" \t\n\u00a0", max_size=3)


@settings(max_examples=400, deadline=None)
@given(name=st.sampled_from(KNOWN_NAMES), data=st.data(), before=WHITESPACE, after=WHITESPACE)
def test_resolution_ignores_case_and_surrounding_whitespace(name, data, before, after):
    upper = data.draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name)))
    recased = "".join(ch.upper() if up else ch.lower() for ch, up in zip(name, upper, strict=True))
    assert resolve_country(before + recased + after) == resolve_country(name)


# --- aliases -------------------------------------------------------------------------


def test_aliases_are_needed_and_valid(aliases, countries):
    assert list(aliases.columns) == ["alias", "iso3", "notes"]
    assert not aliases["alias"].str.casefold().duplicated().any()
    assert set(aliases["iso3"]) <= set(countries["iso3"])
    for alias, iso3 in zip(aliases["alias"], aliases["iso3"], strict=True):
        try:
            found = pycountry.countries.lookup(alias).alpha_3
        except LookupError:
            found = None
        assert found != iso3, f"{alias!r} is resolved by pycountry already"


def test_no_alias_for_an_ambiguous_name(aliases):
    keys = {ct.normalise(a) for a in aliases["alias"]}
    assert not keys & {ct.normalise(n) for n in ct.AMBIGUOUS_NAMES}
    assert "congo" not in keys
    assert len(keys) == len(aliases)


# --- country table -------------------------------------------------------------------


def test_reference_columns_follow_the_datapackage():
    package = json.loads(DATAPACKAGE_PATH.read_text(encoding="utf-8"))
    for resource in package["resources"]:
        if resource["name"] in {
            "countries",
            "country_aliases",
            "m49_areas",
            "region_schemes",
            "region_membership",
        }:
            table = read(DATAPACKAGE_PATH.parent / resource["path"])
            assert list(table.columns) == [f["name"] for f in resource["schema"]["fields"]], (
                resource["name"]
            )


def test_countries_cover_iso_and_kosovo(countries):
    assert len(countries) == len(pycountry.countries) + 1 == 250
    assert (
        countries["iso3"].is_unique and countries["iso2"].is_unique and countries["name"].is_unique
    )
    assert list(countries["iso3"]) == sorted(countries["iso3"])
    by_iso3 = countries.set_index("iso3")
    for c in pycountry.countries:
        assert by_iso3.loc[c.alpha_3, "iso2"] == c.alpha_2
        assert by_iso3.loc[c.alpha_3, "m49_code"] == c.numeric
    kosovo = by_iso3.loc["XKX"]
    assert (kosovo["iso2"], kosovo["is_territory"], kosovo["name"]) == ("XK", "false", "Kosovo")
    assert pd.isna(kosovo["m49_code"]) and pd.isna(kosovo["sovereign_iso3"])
    assert by_iso3.loc["NAM", "iso2"] == "NA"
    assert set(countries["is_territory"]) == {"true", "false"}
    assert countries[["iso3", "iso2", "name", "source"]].notna().all().all()
    assert by_iso3.loc["TUR", "name"] == "Türkiye"
    assert by_iso3.loc["CIV", "name"] == "Côte d'Ivoire"
    assert by_iso3.loc["COD", "name"] == "Democratic Republic of the Congo"


def test_territory_sovereigns(countries):
    by_iso3 = countries.set_index("iso3")
    territories = by_iso3[by_iso3["is_territory"] == "true"]
    for iso3, sovereign in territories["sovereign_iso3"].dropna().items():
        assert sovereign in by_iso3.index, iso3
        assert by_iso3.loc[sovereign, "is_territory"] == "false", iso3
    assert by_iso3.loc[by_iso3["is_territory"] == "false", "sovereign_iso3"].isna().all()
    for undetermined in ["PSE", "ESH", "XKX", "TWN", "ATA"]:
        assert pd.isna(by_iso3.loc[undetermined, "sovereign_iso3"])
    assert by_iso3.loc[["ESH", "TWN", "ATA"], "is_territory"].eq("true").all()
    assert by_iso3.loc[["PSE", "XKX"], "is_territory"].eq("false").all()
    curated = read(REFERENCE_DIR / "territory_sovereigns.csv").set_index("iso3")
    assert set(territories.index) <= set(curated.index)
    assert curated["notes"].notna().all()


def test_country_table_is_typed_and_cached():
    table = country_table()
    assert table["is_territory"].dtype == bool
    assert all(
        isinstance(table[c].dtype, pd.StringDtype) for c in table.columns if c != "is_territory"
    )
    table.loc[:, "name"] = "changed"
    assert country_name("KEN") == "Kenya"
    assert country_table()["name"].ne("changed").all()
    assert country_name("bmu") == "Bermuda"
    assert sovereign_of("KEN") is None and sovereign_of("XKX") is None
    with pytest.raises(UnknownCountryError):
        country_name("ZZZ")


# --- M49 areas and region schemes ----------------------------------------------------


def test_m49_area_hierarchy(areas):
    assert areas.loc["001", "level"] == "world" and pd.isna(areas.loc["001", "parent_m49_code"])
    parent_level = {"region": "world", "sub-region": "region", "intermediate-region": "sub-region"}
    for code, area in areas.drop(index="001").iterrows():
        assert len(code) == 3 and code.isdigit()
        assert areas.loc[area["parent_m49_code"], "level"] == parent_level[area["level"]], code
    assert set(areas.index[areas["level"] == "region"]) == {"002", "009", "019", "142", "150"}


def test_every_country_with_m49_code_has_one_row_per_m49_scheme(countries, membership):
    expected = (set(countries["iso3"][countries["m49_code"].notna()]) - NO_M49_REGION) | {"XKX"}
    for scheme in M49_SCHEMES + [HUB]:
        rows = membership[membership["scheme_id"] == scheme]
        assert rows["iso3"].is_unique, scheme
        assert set(rows["iso3"]) == expected, scheme
    assert not membership.duplicated(["scheme_id", "iso3"]).any()
    assert set(membership["scheme_id"]) == set(M49_SCHEMES) | {HUB, "wb-region"}  # World Bank regions: pinned


def test_countries_without_region_are_named_in_the_rules(schemes, countries):
    names = countries.set_index("iso3")["name"]
    for scheme in M49_SCHEMES + [HUB]:
        for iso3 in NO_M49_REGION:
            assert f"{names[iso3]} ({iso3})" in schemes.loc[scheme, "rule"]


def test_membership_codes_exist_at_the_right_level(membership, areas):
    levels = {
        "m49-region": {"region"},
        "m49-sub-region": {"sub-region"},
        "m49-intermediate-region": {"intermediate-region", "sub-region"},
    }
    for scheme, allowed in levels.items():
        rows = membership[membership["scheme_id"] == scheme]
        assert rows["region_code"].isin(areas.index).all(), scheme
        assert areas.loc[rows["region_code"], "level"].isin(allowed).all(), scheme
        assert list(areas.loc[rows["region_code"], "name"]) == list(rows["region_name"]), scheme
    wide = membership[membership["scheme_id"].isin(M49_SCHEMES)].pivot(
        index="iso3", columns="scheme_id", values="region_code"
    )
    assert (
        areas.loc[wide["m49-sub-region"], "parent_m49_code"].values == wide["m49-region"].values
    ).all()
    finer = wide[wide["m49-intermediate-region"] != wide["m49-sub-region"]]
    assert (
        areas.loc[finer["m49-intermediate-region"], "parent_m49_code"].values
        == finer["m49-sub-region"].values
    ).all()


def test_hub_scheme_follows_the_stated_assumption(membership, schemes):
    wide = membership.pivot(index="iso3", columns="scheme_id", values="region_code")
    expected = {"019": "ARG", "002": "SEN", "142": "PHL", "009": "PHL", "150": "MKD"}
    assert (wide[HUB] == wide["m49-region"].map(expected)).all()
    for host in ["ARG", "SEN", "PHL", "MKD"]:
        assert wide.loc[host, HUB] == host
    hub = membership[membership["scheme_id"] == HUB]
    assert hub.groupby("region_code")["region_name"].nunique().eq(1).all()
    assert schemes.loc[HUB, "is_derived_assumption"] == "true"
    assert schemes.loc[HUB, "operation_id"] == "liberterra-ii-2024"
    assert "publicnow.com" in schemes.loc[HUB, "source_url"]
    for scheme in M49_SCHEMES:
        assert schemes.loc[scheme, "is_derived_assumption"] == "false"
        assert "hdx-python-country 4.2.5" in schemes.loc[scheme, "source"]
        assert "4.2.5" in schemes.loc[scheme, "version"]
        assert schemes.loc[scheme, "source_url"] == "https://unstats.un.org/unsd/methodology/m49/"


def test_tables_agree_with_the_installed_ocha_taxonomy(ocha, countries, membership):
    def code(x):
        return None if pd.isna(x) else x.zfill(3)

    wide = membership.pivot(index="iso3", columns="scheme_id", values="region_code")
    for iso3 in countries["iso3"]:
        row = ocha.loc[iso3]
        region, sub = code(row["Region Code"]), code(row["Sub-region Code"])
        intermediate = code(row["Intermediate Region Code"]) or sub
        if region is None:
            assert iso3 not in wide.index
            continue
        assert wide.loc[iso3, "m49-region"] == region, iso3
        assert wide.loc[iso3, "m49-sub-region"] == sub, iso3
        assert wide.loc[iso3, "m49-intermediate-region"] == intermediate, iso3
    by_iso3 = countries.set_index("iso3")
    for iso3, row in by_iso3.drop(index="XKX").iterrows():
        assert row["m49_code"] == code(ocha.loc[iso3, "m49 numerical code"]), iso3
        assert (row["is_territory"] == "true") == (ocha.loc[iso3, "Independent"] == "N"), iso3
    assert ocha.loc["XKX", "Independent"] == "N" and by_iso3.loc["XKX", "is_territory"] == "false"


def test_build_script_reproduces_the_shipped_tables(tmp_path):
    script = ROOT / "scripts" / "build_reference.py"
    for out in (tmp_path / "a", tmp_path / "b"):
        result = subprocess.run(
            [sys.executable, str(script), "--out-dir", str(out)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert result.returncode == 0, result.stderr
    for name in ["countries.csv", "m49_areas.csv", "region_schemes.csv", "region_membership.csv",
                 "dated_membership.csv"]:
        built = (tmp_path / "a" / name).read_bytes()
        assert built == (tmp_path / "b" / name).read_bytes(), name
        assert built == (REFERENCE_DIR / name).read_bytes(), (
            f"{name} is stale: run scripts/build_reference.py"
        )
