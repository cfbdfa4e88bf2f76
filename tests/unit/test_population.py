"""Population reference table and population-weighted coverage.

Mini-package expectations are worked out by hand from the populations in tests/conftest.py;
real-data expectations were read by hand from mapcraft's world pack, which the tests also
open on their own (not through the build script) to compare.
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import json
import re
import subprocess
import sys
from importlib import metadata, resources

import pandas as pd
import pycountry
import pytest

from analysis import load, metrics, paths
from analysis.schema import DataValidationError

SCRIPT = paths.PROJECT_ROOT / "scripts" / "build_reference.py"
COLUMNS = ["region_code", "region_name", "listed_population", "region_population", "population_share",
           "members_without_population", "listed_without_population", "is_lower_bound"]
# Every code of countries.csv without a figure in the pack (read by hand from the pack: 14
# codes it does not hold at all, 23 it holds with a null population).
WITHOUT_FIGURE = {
    "BES", "BVT", "CCK", "CXR", "GIB", "GLP", "GUF", "MTQ", "MYT", "REU", "SJM", "TKL", "TUV", "UMI",
    "AIA", "ALA", "ATA", "ATF", "BLM", "COK", "ESH", "FLK", "GGY", "HMD", "IOT", "JEY", "MSR", "NFK",
    "NIU", "PCN", "SGS", "SHN", "SPM", "TWN", "VAT", "WLF", "XKX",
}
# World Bank aggregate codes (regions, income and lending groups, the Channel Islands).
WORLD_BANK_AGGREGATES = {"WLD", "EUU", "EMU", "SSF", "SSA", "AFE", "AFW", "ARB", "EAS", "EAP", "ECS", "ECA",
                         "LCN", "LAC", "MEA", "MNA", "NAC", "SAS", "HIC", "LIC", "LMC", "LMY", "MIC", "UMC",
                         "OED", "IBD", "IBT", "IDA", "IDB", "IDX", "CHI", "INX"}


def build_module():
    spec = importlib.util.spec_from_file_location("build_reference", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pack() -> dict:
    raw = resources.files("mapcraft").joinpath("packs", "world-countries-2024.json.gz").read_bytes()
    return json.loads(gzip.decompress(raw))


def read_rows(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# ---------------------------------------------------------------- mini package, by hand


def test_population_coverage_by_hand(mini_data):
    participants = load.load_participants(data_dir=mini_data)  # AAA, BBB, EEE
    cov = metrics.population_coverage(participants, "m49-region", data_dir=mini_data)
    assert list(cov.columns) == COLUMNS
    assert list(cov["region_name"]) == ["Region One", "Region Two"]
    one, two = cov.set_index("region_name").loc["Region One"], cov.set_index("region_name").loc["Region Two"]
    # Region One: AAA 1000 + BBB 3000 listed, of 1000 + 3000 + 6000 (CCC) = 10000.
    assert (one["listed_population"], one["region_population"]) == (4000, 10000)
    assert one["population_share"] == pytest.approx(0.4)
    assert one["members_without_population"] == ""
    # Region Two: EEE 250 listed; DDD has no figure, so the denominator is EEE's 250 alone.
    assert (two["listed_population"], two["region_population"]) == (250, 250)
    assert two["population_share"] == pytest.approx(1.0)
    assert two["members_without_population"] == "DDD"
    assert two["listed_without_population"] == ""
    assert not cov["is_lower_bound"].any()  # mini-i-2024's list is complete


def test_column_types(mini_data):
    cov = metrics.population_coverage(load.load_participants(data_dir=mini_data), "m49-region",
                                      data_dir=mini_data)
    assert {c: str(t) for c, t in cov.dtypes.items()} == {
        "region_code": "string", "region_name": "string", "listed_population": "Int64",
        "region_population": "Int64", "population_share": "Float64", "members_without_population": "string",
        "listed_without_population": "string", "is_lower_bound": "boolean",
    }


def test_a_listed_member_without_figure_is_listed_not_zero(mini_data):
    # Drop EEE's figure too: Region Two then has no member with a figure.
    (mini_data / "reference" / "population.csv").write_text(
        "iso3,population,year,pack_region_id\nAAA,1000,2024,901\nBBB,3000,2024,902\nCCC,6000,2024,903\n",
        encoding="utf-8")
    cov = metrics.population_coverage(load.load_participants(data_dir=mini_data), "m49-region",
                                      data_dir=mini_data).set_index("region_name")
    two = cov.loc["Region Two"]
    assert two["listed_population"] == 0
    assert pd.isna(two["region_population"]) and pd.isna(two["population_share"])
    assert two["members_without_population"] == "DDD, EEE"
    assert two["listed_without_population"] == "EEE"
    assert cov.loc["Region One", "population_share"] == pytest.approx(0.4)  # unchanged


def test_each_participant_counts_once(mini_data):
    participants = load.load_participants(data_dir=mini_data)
    twice = pd.concat([participants, participants], ignore_index=True)
    cov = metrics.population_coverage(twice, "m49-region", data_dir=mini_data)
    assert list(cov["listed_population"]) == [4000, 250]


def test_partial_list_gives_a_lower_bound(mini_data):
    operations = mini_data / "operations.csv"
    operations.write_text(operations.read_text(encoding="utf-8").replace(",complete,", ",partial,"),
                          encoding="utf-8")
    participants = load.load_participants(data_dir=mini_data)
    cov = metrics.population_coverage(participants, "m49-region", data_dir=mini_data)
    assert cov["is_lower_bound"].all()
    assert list(cov["listed_population"]) == [4000, 250]  # the figures themselves do not change
    explicit = metrics.population_coverage(participants, "m49-region", data_dir=mini_data,
                                           participant_list="complete")
    assert not explicit["is_lower_bound"].any()


def test_status_argument_and_lookup_errors(mini_data):
    participants = load.load_participants(data_dir=mini_data)
    with pytest.raises(ValueError, match=r"participant_list='not-published'; valid values: \['complete', 'partial'\]"):
        metrics.population_coverage(participants, "m49-region", data_dir=mini_data,
                                    participant_list="not-published")
    mixed = participants.assign(operation_id=["mini-i-2024", "mini-i-2024", "other-2024"])
    with pytest.raises(ValueError, match="several|operations \\['mini-i-2024', 'other-2024'\\]"):
        metrics.population_coverage(mixed, "m49-region", data_dir=mini_data)
    bare = participants[["iso3"]]
    with pytest.raises(ValueError, match="no 'operation_id' column"):
        metrics.population_coverage(bare, "m49-region", data_dir=mini_data)
    cov = metrics.population_coverage(bare, "m49-region", data_dir=mini_data, participant_list="partial")
    assert cov["is_lower_bound"].all()


def test_bad_participants_are_refused(mini_data):
    participants = load.load_participants(data_dir=mini_data)
    with pytest.raises(ValueError, match="participant list"):
        metrics.population_coverage(participants.iloc[0:0], "m49-region", data_dir=mini_data)
    unknown = participants.assign(iso3=["AAA", "BBB", "QQQ"])
    with pytest.raises(ValueError, match=r"\['QQQ'\]"):
        metrics.population_coverage(unknown, "m49-region", data_dir=mini_data)
    with pytest.raises(ValueError, match="unknown scheme"):
        metrics.population_coverage(participants, "continents", data_dir=mini_data)


def test_mixed_vintages_are_refused(mini_data):
    path = mini_data / "reference" / "population.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("CCC,6000,2024", "CCC,6000,2023"), encoding="utf-8")
    with pytest.raises(ValueError, match=r"mixes years \[2023, 2024\]"):
        metrics.population_coverage(load.load_participants(data_dir=mini_data), "m49-region", data_dir=mini_data)


@pytest.mark.parametrize(("bad", "rule"), [("0", "minimum"), ("many", "type integer"), ("", "required")])
def test_loader_rejects_bad_populations(mini_data, bad, rule):
    path = mini_data / "reference" / "population.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("BBB,3000,", f"BBB,{bad},"), encoding="utf-8")
    with pytest.raises(DataValidationError, match=rf"population.csv, line 3, column 'population'.*{rule}"):
        load.load_population(data_dir=mini_data)


def test_loader_rejects_unknown_codes(mini_data):
    path = mini_data / "reference" / "population.csv"
    path.write_text(path.read_text(encoding="utf-8") + "WLD,8000000000,2024,x-world\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"line 6, column 'iso3': 'WLD' not found in countries"):
        load.load_population(data_dir=mini_data)


# ---------------------------------------------------------------- the real table


@pytest.mark.parametrize(("iso3", "key", "population"), [
    ("NGA", "566", 232_679_478),
    ("IND", "356", 1_450_935_791),
    ("FRA", "250", 68_551_653),
    ("BMU", "060", 64_636),
    ("CUW", "531", 155_967),
    ("PSE", "275", 5_289_152),
])
def test_some_populations_as_read_by_hand_from_the_pack(iso3, key, population):
    assert pack()["regions"][key]["population"] == population
    table = load.load_population().set_index("iso3")
    assert table.loc[iso3, "population"] == population
    assert table.loc[iso3, "pack_region_id"] == key
    assert table.loc[iso3, "year"] == 2024


def test_table_matches_the_pack_through_pycountry():
    """Every pack figure with an ISO numeric key is in the table under pycountry's alpha-3."""
    expected = {}
    for key, entry in pack()["regions"].items():
        if entry["population"] is None:
            continue
        assert key.isdigit(), f"pack region {key} has a figure but no ISO numeric code"
        expected[pycountry.countries.get(numeric=key).alpha_3] = entry["population"]
    table = load.load_population()
    assert dict(zip(table["iso3"], table["population"], strict=True)) == expected
    assert len(table) == 213


def test_no_aggregate_and_every_code_known():
    codes = set(load.load_population()["iso3"])
    assert codes <= set(load.load_table("countries")["iso3"])
    assert not codes & WORLD_BANK_AGGREGATES


def test_codes_without_a_figure_are_exactly_the_listed_ones():
    countries = set(load.load_table("countries")["iso3"])
    assert countries - set(load.load_population()["iso3"]) == WITHOUT_FIGURE
    assert len(WITHOUT_FIGURE) == 37


def test_readme_lists_the_codes_without_a_figure():
    readme = (paths.DATA_DIR / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Population (`reference/population.csv`)", 1)[1].split("\n## ", 1)[0]
    paragraph = next(p for p in section.split("\n- ") if p.startswith("**No figure, no row"))
    assert set(re.findall(r"`([A-Z]{3})`", paragraph)) == WITHOUT_FIGURE
    assert "37 codes" in paragraph and "213 rows" in section


def test_provenance_recorded_in_the_package():
    package = json.loads(paths.DATAPACKAGE_PATH.read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == "population")
    manifest = pack()["manifest"]
    assert manifest["population"] == "World Bank SP.POP.TOTL 2024"
    assert f"mapcraft {metadata.version('mapcraft')}" in resource["description"]
    assert "SP.POP.TOTL" in resource["description"] and "year 2024" in resource["description"]
    assert "persons" in resource["description"]
    assert [lic["name"] for lic in resource["licenses"]] == ["CC-BY-4.0"]
    assert resource["sources"][0]["path"] == "https://data.worldbank.org/indicator/SP.POP.TOTL"
    note = metrics.population_source_note()
    assert "SP.POP.TOTL" in note and "2024" in note and "CC-BY-4.0" in note and "mapcraft" in note


def test_build_script_is_deterministic(tmp_path):
    for out in (tmp_path / "a", tmp_path / "b"):
        result = subprocess.run([sys.executable, str(SCRIPT), "--out-dir", str(out)],
                                capture_output=True, text=True, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    built = (tmp_path / "a" / "population.csv").read_bytes()
    assert built == (tmp_path / "b" / "population.csv").read_bytes()
    assert built == (paths.REFERENCE_DIR / "population.csv").read_bytes(), \
        "population.csv is stale: run scripts/build_reference.py"


# ---------------------------------------------------------------- the build's mapping rules


COUNTRIES = [{"iso3": "FRA", "m49_code": "250"}, {"iso3": "XKX", "m49_code": None}]


def test_kosovo_is_mapped_explicitly():
    build = build_module()
    regions = {"250": {"name": "France", "population": 5, "aliases": ["250", "FR", "FRA", "France"]},
               "x-kosovo": {"name": "Kosovo", "population": 7, "aliases": ["Kosovo"]}}
    rows = build.build_population(regions, COUNTRIES)
    assert [(r["iso3"], r["population"], r["pack_region_id"]) for r in rows] == [
        ("FRA", 5, "250"), ("XKX", 7, "x-kosovo")]
    regions["x-kosovo"]["population"] = None
    assert [r["iso3"] for r in build.build_population(regions, COUNTRIES)] == ["FRA"]


@pytest.mark.parametrize(("key", "entry", "message"), [
    ("WLD", {"name": "World", "population": 8, "aliases": ["WLD"]}, "neither an ISO numeric code"),
    ("x-new", {"name": "New", "population": None, "aliases": []}, "neither an ISO numeric code"),
    ("250", {"name": "France", "population": 5, "aliases": ["250", "FRX"]}, r"alias \['FRX'\] differs from FRA"),
    ("x-somaliland", {"name": "Somaliland", "population": 9, "aliases": []}, "now has a population"),
    ("250", {"name": "France", "population": 0, "aliases": ["FRA"]}, "not a positive integer"),
    ("250", {"name": "France", "population": 5.5, "aliases": ["FRA"]}, "not a positive integer"),
])
def test_build_stops_on_what_it_cannot_map(key, entry, message):
    build = build_module()
    with pytest.raises(build.BuildError, match=message):
        build.build_population({key: entry}, COUNTRIES)


def test_build_stops_on_another_vintage():
    build = build_module()
    payload = {"manifest": {"population": "World Bank SP.POP.TOTL 2025"}, "regions": {}}
    with pytest.raises(build.BuildError, match="SP.POP.TOTL 2025"):
        build.load_pack(gzip.compress(json.dumps(payload).encode()))


# ---------------------------------------------------------------- Liberterra II and a partial list


def test_liberterra_ii_m49_regions():
    participants = load.load_participants("liberterra-ii-2024")
    cov = metrics.population_coverage(participants, "m49-region")
    assert list(cov["region_name"]) == ["Africa", "Americas", "Asia", "Europe", "Oceania"]
    assert ((cov["population_share"] > 0) & (cov["population_share"] <= 1)).all()
    assert not cov["is_lower_bound"].any()  # the list is complete
    # Every participant with a figure counted once, computed here from the CSV files alone.
    figures = {r["iso3"]: int(r["population"]) for r in read_rows(paths.REFERENCE_DIR / "population.csv")}
    listed = {r["iso3"] for r in read_rows(paths.DATA_DIR / "participants.csv")
              if r["operation_id"] == "liberterra-ii-2024"}
    assert len(listed) == 116
    assert cov["listed_population"].sum() == sum(figures[c] for c in listed if c in figures)
    # Every figure is in one M49 region's denominator (Antarctica, the one code without a
    # region, has no figure).
    assert cov["region_population"].sum() == sum(figures.values())
    europe = cov.set_index("region_name").loc["Europe"]
    assert "XKX" in europe["members_without_population"].split(", ")
    # Population share and flag share tell different stories: compare with the count share.
    counts = metrics.participation_coverage(participants, "m49-region")
    assert list(counts["region_code"]) == list(cov["region_code"])


def test_partial_list_on_real_data_is_a_lower_bound():
    cov = metrics.population_coverage(load.load_participants("global-chain-2025"), "m49-region")
    assert cov["is_lower_bound"].all()
