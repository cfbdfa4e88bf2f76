"""The curated Liberterra II tables: counts and values checked against the press release.

Expected values here are typed from the release by hand, not computed by the code under test.
"""

import csv
import shutil
import subprocess
import sys

import pytest

from analysis import load, paths, regions
from analysis.countries import resolve_country

OP = "liberterra-ii-2024"
FIXTURES = paths.PROJECT_ROOT / "tests" / "fixtures"


def test_participants_are_the_116_printed_names():
    participants = load.load_participants(OP)
    assert len(participants) == 116
    assert participants["iso3"].notna().all() and participants["iso3"].is_unique
    assert list(participants["position"]) == list(range(1, 117))
    first, last = participants.iloc[0], participants.iloc[-1]
    assert (first["name_as_printed"], last["name_as_printed"]) == ("Albania", "Zimbabwe")


def test_participant_codes_match_the_hand_typed_list_and_the_resolver():
    with open(FIXTURES / "liberterra_ii_participants_expected.csv", encoding="utf-8") as f:
        expected = {row["name_as_printed"]: row["iso3"] for row in csv.DictReader(f)}
    participants = load.load_participants(OP)
    for row in participants.itertuples():
        assert expected[row.name_as_printed] == row.iso3, row.name_as_printed
        assert resolve_country(row.name_as_printed) == row.iso3, row.name_as_printed


def test_territories_carry_their_sovereign():
    p = load.load_participants(OP).set_index("name_as_printed")
    assert (p.loc["Bermuda (UK)", "iso3"], p.loc["Bermuda (UK)", "sovereign_iso3"]) == ("BMU", "GBR")
    assert (p.loc["Curacao", "iso3"], p.loc["Curacao", "sovereign_iso3"]) == ("CUW", "NLD")
    assert (p.loc["Turks & Caicos (UK)", "iso3"], p.loc["Turks & Caicos (UK)", "sovereign_iso3"]) == ("TCA", "GBR")
    assert p.loc["Cayman Islands (UK)", "is_territory"]
    assert not p.loc["Türkiye", "is_territory"]


@pytest.mark.parametrize("scheme", ["m49-region", "m49-sub-region", "m49-intermediate-region",
                                    "liberterra-ii-2024-coordination-hub"])
def test_every_participant_has_a_region_and_regions_sum_to_116(scheme):
    located = regions.assign_regions(load.load_participants(OP), scheme)
    assert located["region_code"].notna().all()
    assert located.groupby("region_name").size().sum() == 116


def test_m49_regions_of_some_participants():
    located = regions.assign_regions(load.load_participants(OP), "m49-region").set_index("iso3")
    assert located.loc["BMU", "region_name"] == "Americas"
    assert located.loc["TUR", "region_name"] == "Asia"
    assert located.loc["NZL", "region_name"] == "Oceania"
    assert located.loc["CPV", "region_name"] == "Africa"


def test_headline_figures_as_printed():
    f = load.load_figures(OP).set_index("metric_id")
    expected = {  # metric: (value, qualifier, value as printed), typed from the release
        "participating_countries": (116, "exact", "116"),
        "potential_victims": (3222, "exact", "3,222"),
        "irregular_migrants": (17793, "exact", "17,793"),
        "flights_monitored": (24000, "nearly", "nearly 24,000"),
        "database_checks": (8_000_000, "nearly", "nearly 8 million"),
        "arrests": (2517, "exact", "2,517"),
        "arrests_ht_ms": (850, "exact", "850"),
        "specialised_units": (15, "exact", "15"),
        "coordination_units": (4, "exact", None),
        "funded_projects": (11, "exact", "11"),
    }
    for metric, (value, qualifier, printed) in expected.items():
        assert f.loc[metric, "value"] == value, metric
        assert f.loc[metric, "qualifier"] == qualifier, metric
        if printed is not None:
            assert f.loc[metric, "value_as_printed"] == printed, metric
    assert f["is_preliminary"].all()
    assert f.loc["flights_monitored", "upper_bound"] == 24000
    assert set(f["source_url"]) == {"https://publicnow.com/view/F74E5ECF70F7E61D8C54D833445A19F2B2EFF5F6"}


def test_coordination_units_and_partners():
    units = load.load_coordination_units(OP)
    assert sorted(units["iso3"]) == ["ARG", "MKD", "PHL", "SEN"]
    partners = load.load_partners(OP)
    assert (partners["role"] == "funder").sum() == 7
    assert (partners["role"] == "supporting-organisation").sum() == 9


def test_every_case_of_the_release_is_there():
    cases = load.load_cases(OP)
    located = set(cases["location_iso3"].dropna())
    for iso3 in ["PHL", "MLI", "BRA", "SRB", "CHL", "ARG", "DZA", "MKD", "CRI", "SYR", "IRQ", "ETH",
                 "TUN", "KEN", "GBR", "TUR", "MNE"]:
        assert iso3 in located, iso3
    assert "202" in set(cases["location_area_m49"].dropna())  # West and Central Africa
    assert (cases["case_kind"] == "trend-note").sum() >= 2
    assert cases["summary"].str.len().between(20, 300).all()


def test_case_counts_as_printed_and_never_zero():
    f = load.load_case_figures(OP)
    f = f.assign(key=f["case_id"] + "/" + f["count_type"].astype(str)).set_index("key")
    assert (f["value"] > 0).all()
    assert f.loc["liberterra-ii-2024-phl-scam-warehouse/persons-involved", "qualifier"] == "more-than"
    assert f.loc["liberterra-ii-2024-phl-scam-warehouse/persons-involved", "value"] == 250
    argentina = [k for k in f.index if k.startswith("liberterra-ii-2024-arg")]
    values = {k.split("/")[1]: f.loc[k, "value"] for k in argentina}
    assert values["victims"] == 59 and values["minors"] == 14
    tur = [k for k in f.index if k.startswith("liberterra-ii-2024-tur")]
    assert {f.loc[k, "qualifier"] for k in tur if k.endswith("migrants")} == {"around"}


def test_seizure_usd_only_where_printed():
    s = load.load_case_seizures(OP)
    algeria = s[s["case_id"].str.contains("dza")]
    row = algeria[algeria["currency"] == "DZD"].iloc[0]
    assert (row["amount"], row["amount_usd"]) == (320000, 2400)
    assert s.loc[s["currency"].isna(), "amount_usd"].isna().all()


def test_frictionless_validates_the_package():
    exe = shutil.which("frictionless", path=str(paths.PROJECT_ROOT / ".venv" / "bin")) or \
        shutil.which("frictionless")
    if exe is None:
        exe_cmd = [sys.executable, "-m", "frictionless"]
    else:
        exe_cmd = [exe]
    result = subprocess.run([*exe_cmd, "validate", "datapackage.json"], cwd=paths.DATA_DIR,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:]


def test_data_dictionary_is_up_to_date():
    from analysis.dictionary import dictionary_markdown, updated_readme

    readme = (paths.DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert updated_readme(readme, dictionary_markdown()) == readme, \
        "data/README.md is stale: run python -m analysis.dictionary"


def test_every_schema_field_is_described():
    from analysis.schema import read_package

    for resource in read_package(paths.DATAPACKAGE_PATH).values():
        for field in resource.fields:
            assert field.description, f"{resource.name}.{field.name} has no description"


def test_every_participant_name_of_every_operation_resolves_to_its_code():
    participants = load.load_participants()
    assert participants["operation_id"].nunique() >= 5
    # A row marked is_resolver_exception (e.g. FLASH-WEKA's bare 'Congo' beside 'DRC') is exempt by the
    # data model; it must give its reason in notes.
    exceptions = participants["is_resolver_exception"].astype(bool)
    assert participants.loc[exceptions, "notes"].notna().all()
    for row in participants[~exceptions].itertuples():
        assert resolve_country(row.name_as_printed) == row.iso3, (row.operation_id, row.name_as_printed)


@pytest.mark.parametrize(("name", "iso3"), [
    ("UAE", "ARE"), ("UK", "GBR"), ("Laos", "LAO"), ("Lao PDR", "LAO"), ("Turkey", "TUR"),
    ("the Netherlands", "NLD"), ("Kosovo", "XKX"), ("Kosovo*", "XKX"), ("DR Congo", "COD"),
    ("Sint Maarten", "SXM"),
])
def test_names_met_in_the_multi_operation_sources(name, iso3):
    assert resolve_country(name) == iso3


def test_package_level_api():
    import analysis

    assert len(analysis.load_participants(OP)) == 116
    assert len(analysis.load_cases(OP)) >= 20
    assert analysis.resolve_country("Congo (Democratic Rep.)") == "COD"
