#!/usr/bin/env python
"""Regenerate the country and region reference tables in data/reference/.

Inputs (all local, no network):

* the OCHA Countries & Territories Taxonomy CSV shipped inside the installed
  hdx-python-country package (M49 codes and regions, 'Independent' flag,
  Kosovo's user-assigned code XKX);
* pycountry (ISO 3166-1 alpha-2, alpha-3, numeric codes and names);
* the world pack shipped inside the installed mapcraft package
  (mapcraft/packs/world-countries-2024.json.gz): its manifest records
  'World Bank SP.POP.TOTL 2024', and each of its regions (keyed by ISO 3166-1
  numeric code, or 'x-...' for areas without one) has a 'population' field,
  null where the pack has no figure;
* data/reference/territory_sovereigns.csv, curated by hand: the sovereign of
  each dependent territory, or an empty sovereign with a note for areas whose
  status is disputed or undetermined.

data/reference/country_aliases.csv is curated by hand too; this script only
checks it (every alias maps to a known code and is not already resolved by
pycountry's exact lookup).

Outputs, columns in the order declared in data/datapackage.json, rows sorted:
countries.csv, m49_areas.csv, region_schemes.csv, region_membership.csv,
dated_membership.csv, population.csv. The World Bank income groups (every vintage, dated),
the World Bank regions (FY2026, one pinned vintage) and the organisations' dated memberships
(from the curated data/reference/organisation_memberships.csv) are built by
scripts/reference_groupings.py, whose docstring gives their inputs and rules.

Rules:

* countries: every ISO 3166-1 entry in pycountry, plus Kosovo (XKX/XK, no M49
  code). is_territory is true when OCHA's 'Independent' is 'N', except Kosovo
  (see TERRITORY_OVERRIDES). name is NAME_OVERRIDES, else pycountry's
  common_name, else pycountry's name.
* m49_areas: World (001) and every region, sub-region and intermediate region
  in the non-deprecated rows of the OCHA file, with its parent.
* region_membership: one row per scheme and country that has an M49 region
  in the OCHA file; a country without one (Antarctica) gets no row, and the
  scheme's rule says so.
* population: one row per country or territory of countries.csv whose pack
  region has a population figure. A pack key is an ISO numeric code, matched
  to countries.m49_code and checked against the pack's own alpha-3 alias;
  the keys without one are mapped by hand (PACK_KEYS_WITH_PROJECT_CODE: Kosovo)
  or known to have no code here (PACK_KEYS_WITHOUT_CODE); any other key (a
  World Bank aggregate, a new code) stops the build. A region with a null
  figure gets no row: missing, never 0. The manifest must still say
  POPULATION_MANIFEST, and the population resource in datapackage.json must
  name the installed mapcraft version and the pack's sha256.

The script is idempotent: it writes the same bytes for the same inputs and
leaves an unchanged file untouched.

Usage:
    python scripts/build_reference.py              # rewrite the tables
    python scripts/build_reference.py --check      # exit 1 if a table would change
    python scripts/build_reference.py --out-dir D  # write the tables to D instead
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import re
import sys
from importlib import metadata, resources
from pathlib import Path

import pandas as pd
import pycountry

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from analysis.paths import DATAPACKAGE_PATH, REFERENCE_DIR  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference_groupings as groupings  # noqa: E402

OCHA_FILENAME = "Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"
EXPECTED_HDX_VERSION = "4.2.5"

# Columns of the OCHA file used here.
ISO3, X_ISO3, X_ISO2 = "ISO 3166-1 Alpha 3-Codes", "x Alpha3 codes", "x Alpha2 codes"
M49, INDEPENDENT, DEPRECATED = "m49 numerical code", "Independent", "Deprecated"
LEVEL_COLUMNS = [  # (level, code column, name column), from the top down
    ("region", "Region Code", "Region Name"),
    ("sub-region", "Sub-region Code", "Sub-region Name"),
    ("intermediate-region", "Intermediate Region Code", "Intermediate Region Name"),
]

KOSOVO = {
    "iso3": "XKX",
    "iso2": "XK",
    "name": "Kosovo",
    "source": "user-assigned code (XKX), as used by the European Commission and the OCHA taxonomy",
}

# OCHA marks Kosovo 'not independent'; this project counts it as a country
# (not a dependent territory) and records no sovereign: see the XKX note in
# territory_sovereigns.csv.
TERRITORY_OVERRIDES = {"XKX": False}

# Names where pycountry has no short common name and its name is inverted
# ('Congo, The Democratic Republic of the'), long or ambiguous ('Congo').
# Most follow the OCHA 'Preferred Term' or pycountry's official name; Brunei
# and Russia are the usual English short names.
NAME_OVERRIDES = {
    "BRN": "Brunei",
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
    "FSM": "Federated States of Micronesia",
    "PSE": "State of Palestine",
    "RUS": "Russia",
    "VAT": "Holy See",
    "VGB": "British Virgin Islands",
    "VIR": "United States Virgin Islands",
}

M49_URL = "https://unstats.un.org/unsd/methodology/m49/"
M49_SOURCE = (
    "UN Statistics Division, Standard country or area codes for statistical use (M49), "
    "via the OCHA Countries and Territories Taxonomy shipped in hdx-python-country {hdx}"
)
M49_LICENCE = "MIT (hdx-python-country package); UN M49 is public"

HUB_SCHEME = "liberterra-ii-2024-coordination-hub"
HUB_OPERATION = "liberterra-ii-2024"
HUB_URL = "https://publicnow.com/view/F74E5ECF70F7E61D8C54D833445A19F2B2EFF5F6"
# M49 region code -> (host ISO3, region name) of the assumed coordination unit.
HUB_BY_REGION = {
    "019": ("ARG", "Argentina OCU (Americas)"),
    "002": ("SEN", "Senegal OCU (Africa)"),
    "142": ("PHL", "Philippines OCU (Asia and Oceania)"),
    "009": ("PHL", "Philippines OCU (Asia and Oceania)"),
    "150": ("MKD", "North Macedonia OCU (Europe)"),
}


MAPCRAFT_PACK = ("packs", "world-countries-2024.json.gz")
EXPECTED_MAPCRAFT_VERSION = "0.1.1"
POPULATION_MANIFEST = "World Bank SP.POP.TOTL 2024"  # the pack manifest's 'population'
POPULATION_YEAR = 2024
# Pack keys that are not ISO numeric codes. Kosovo has no ISO code; this project,
# the World Bank and the OCHA taxonomy all use the user-assigned XKX.
PACK_KEYS_WITH_PROJECT_CODE = {"x-kosovo": "XKX"}
# Natural Earth features with no code in countries.csv. Each must have no figure:
# a figure here would be people the table silently loses.
PACK_KEYS_WITHOUT_CODE = {
    "x-indian-ocean-ter": "Australian Indian Ocean Territories (one feature for Christmas Island CXR and Cocos CCK)",
    "x-n-cyprus": "Northern Cyprus (not recognised; ISO counts it in Cyprus)",
    "x-siachen-glacier": "Siachen Glacier (disputed; no ISO code)",
    "x-somaliland": "Somaliland (not recognised; ISO counts it in Somalia)",
}
ALPHA3 = re.compile(r"[A-Z]{3}")


RULES = {
    "m49-region": (
        "M49 region (Africa 002, Americas 019, Asia 142, Europe 150, Oceania 009) from the "
        "OCHA taxonomy's Region Code/Name. Kosovo (XKX) has its own row in the taxonomy "
        "(Europe)."
    ),
    "m49-sub-region": (
        "M49 sub-region from the OCHA taxonomy's Sub-region Code/Name. Sub-Saharan Africa "
        "(202) and Latin America and the Caribbean (419) are sub-regions; their finer split "
        "is in m49-intermediate-region. Kosovo (XKX): Southern Europe (039), from the taxonomy."
    ),
    "m49-intermediate-region": (
        "M49 intermediate region where M49 defines one (within Sub-Saharan Africa, Latin "
        "America and the Caribbean, and the Channel Islands); otherwise the sub-region, so "
        "region_code is then a sub-region code (see m49_areas.level)."
    ),
    HUB_SCHEME: (
        "INTERPOL did not publish which of the four operational coordination units "
        "(Argentina, Senegal, Philippines, North Macedonia) served which country. "
        "Assumption, by M49 region: Americas -> Argentina OCU, Africa -> Senegal OCU, "
        "Asia and Oceania -> Philippines OCU (Manila), Europe -> North Macedonia OCU (Skopje). "
        "region_code is the host's ISO3 (ARG, SEN, PHL, MKD). Western Asia (e.g. Türkiye, "
        "Cyprus, the Gulf states) thus falls to the Philippines OCU, which may not match "
        "practice. Covers every country with an M49 region, not only participants."
    ),
}


class BuildError(RuntimeError):
    """An input is inconsistent; the message says which and why."""


def read_csv(path: Path) -> pd.DataFrame:
    """Read a CSV as strings only: empty cell = missing, 'NA' stays Namibia."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])


def value(cell) -> str | None:
    """A cell as a stripped string, or None when missing or blank."""
    if cell is None or pd.isna(cell):
        return None
    text = str(cell).strip()
    return text or None


def pad3(code: str | None) -> str | None:
    """M49 code as 3 digits ('4' -> '004')."""
    if code is None:
        return None
    if not code.isdigit():
        raise BuildError(f"not a numeric M49 code: {code!r}")
    return code.zfill(3)


def ocha_path() -> Path:
    import hdx.location

    return Path(hdx.location.__file__).with_name(OCHA_FILENAME)


def column_orders() -> dict[str, list[str]]:
    """Resource name -> field names, in the order declared in datapackage.json."""
    package = json.loads(DATAPACKAGE_PATH.read_text(encoding="utf-8"))
    return {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in package["resources"]}


def load_ocha(path: Path) -> dict[str, dict]:
    """Non-deprecated OCHA rows keyed by ISO3 (or the x-code, e.g. XKX)."""
    rows = {}
    for record in read_csv(path).to_dict("records"):
        if value(record[DEPRECATED]) == "Y":
            continue
        code = value(record[ISO3]) or value(record[X_ISO3])
        if code is None:  # e.g. Sark: no code of its own
            continue
        if code in rows:
            raise BuildError(f"OCHA file has two rows for {code}")
        if value(record[INDEPENDENT]) not in {"Y", "N"}:
            raise BuildError(f"OCHA 'Independent' for {code} is {record[INDEPENDENT]!r}")
        rows[code] = record
    return rows


def ocha_levels(record: dict) -> dict[str, tuple[str, str]]:
    """level -> (3-digit code, name) for the M49 levels an OCHA row has."""
    levels = {}
    for level, code_col, name_col in LEVEL_COLUMNS:
        code = pad3(value(record[code_col]))
        if code is not None:
            levels[level] = (code, value(record[name_col]))
    return levels


def mapcraft_pack_bytes() -> bytes:
    """The gzipped world pack, read from the installed mapcraft package."""
    return resources.files("mapcraft").joinpath(*MAPCRAFT_PACK).read_bytes()


def load_pack(raw: bytes) -> tuple[dict, dict[str, dict]]:
    """(manifest, regions) of the world pack, after checking it is the expected vintage."""
    payload = json.loads(gzip.decompress(raw))
    manifest = payload["manifest"]
    if manifest.get("population") != POPULATION_MANIFEST:
        raise BuildError(
            f"mapcraft pack manifest says population {manifest.get('population')!r}, not "
            f"{POPULATION_MANIFEST!r}: update the source, vintage and licence of the population resource"
        )
    return manifest, payload["regions"]


def pack_region_iso3(key: str, entry: dict, by_m49: dict[str, str]) -> str | None:
    """Project ISO3 code of one pack region; None for the known areas with no code here."""
    if key in PACK_KEYS_WITH_PROJECT_CODE:
        return PACK_KEYS_WITH_PROJECT_CODE[key]
    if key in PACK_KEYS_WITHOUT_CODE:
        if entry.get("population") is not None:
            raise BuildError(
                f"mapcraft pack region {key!r} ({PACK_KEYS_WITHOUT_CODE[key]}) now has a population; "
                "decide which country it belongs to"
            )
        return None
    if key not in by_m49:
        raise BuildError(
            f"mapcraft pack region {key!r} ({entry.get('name')!r}) is neither an ISO numeric code in "
            "countries.csv nor a known area without one (an aggregate or a new code): map it by hand"
        )
    iso3 = by_m49[key]
    alpha3 = sorted(a for a in entry.get("aliases", []) if ALPHA3.fullmatch(a))
    if alpha3 != [iso3]:
        raise BuildError(f"mapcraft pack region {key!r}: alpha-3 alias {alpha3} differs from {iso3}")
    return iso3


def build_population(regions: dict[str, dict], countries: list[dict]) -> list[dict]:
    """One row per country or territory with a population figure in the pack."""
    by_m49 = {r["m49_code"]: r["iso3"] for r in countries if r["m49_code"] is not None}
    rows = {}
    for key in sorted(regions):
        entry = regions[key]
        iso3 = pack_region_iso3(key, entry, by_m49)
        population = entry.get("population")
        if iso3 is None or population is None:
            continue
        if isinstance(population, bool) or not isinstance(population, int) or population <= 0:
            raise BuildError(f"mapcraft pack region {key!r}: population {population!r} is not a positive integer")
        if iso3 in rows:
            raise BuildError(f"two mapcraft pack regions map to {iso3}")
        rows[iso3] = {"iso3": iso3, "population": population, "year": POPULATION_YEAR, "pack_region_id": key}
    return [rows[code] for code in sorted(rows)]


def check_population_provenance(versions: dict) -> None:
    """The population resource in datapackage.json names the pack it was read from."""
    package = json.loads(DATAPACKAGE_PATH.read_text(encoding="utf-8"))
    resource = next((r for r in package["resources"] if r["name"] == "population"), None)
    if resource is None:
        raise BuildError("datapackage.json has no 'population' resource")
    recorded = json.dumps(resource, ensure_ascii=False)
    for needed in (f"mapcraft {versions['mapcraft']}", versions["pack_sha256"], "SP.POP.TOTL", "CC-BY-4.0"):
        if needed not in recorded:
            raise BuildError(
                f"the population resource in datapackage.json does not record {needed!r}: "
                "update its description and sources"
            )


def load_sovereigns(path: Path) -> dict[str, dict]:
    table = read_csv(path)
    if list(table.columns) != ["iso3", "sovereign_iso3", "notes"]:
        raise BuildError(f"{path.name}: columns must be iso3,sovereign_iso3,notes")
    if table["iso3"].duplicated().any():
        raise BuildError(
            f"{path.name}: duplicate iso3 {sorted(table.loc[table['iso3'].duplicated(), 'iso3'])}"
        )
    return {r["iso3"]: r for r in table.to_dict("records")}


def build_countries(
    ocha: dict[str, dict], sovereigns: dict[str, dict], versions: dict
) -> list[dict]:
    iso_source = (
        f"ISO 3166-1 via pycountry {versions['pycountry']}; M49 code and territory status via "
        f"OCHA Countries and Territories Taxonomy (hdx-python-country {versions['hdx']})"
    )
    rows = []
    for country in pycountry.countries:
        iso3 = country.alpha_3
        if iso3 not in ocha:
            raise BuildError(f"{iso3} is in pycountry but not in the OCHA file")
        record = ocha[iso3]
        m49 = pad3(value(record[M49]))
        if m49 != country.numeric:
            raise BuildError(f"{iso3}: OCHA M49 {m49} differs from ISO numeric {country.numeric}")
        rows.append(
            {
                "iso3": iso3,
                "iso2": country.alpha_2,
                "m49_code": m49,
                "name": NAME_OVERRIDES.get(iso3)
                or getattr(country, "common_name", None)
                or country.name,
                "is_territory": value(record[INDEPENDENT]) == "N",
                "sovereign_iso3": None,
                "source": iso_source,
            }
        )
    kosovo = ocha.get(KOSOVO["iso3"])
    if kosovo is None or value(kosovo[X_ISO2]) != KOSOVO["iso2"]:
        raise BuildError("the OCHA file no longer has Kosovo as XKX/XK")
    rows.append(
        {
            **KOSOVO,
            "m49_code": None,
            "is_territory": value(kosovo[INDEPENDENT]) == "N",
            "sovereign_iso3": None,
        }
    )
    for row in rows:
        row["is_territory"] = TERRITORY_OVERRIDES.get(row["iso3"], row["is_territory"])
    return attach_sovereigns(sorted(rows, key=lambda r: r["iso3"]), sovereigns)


def attach_sovereigns(rows: list[dict], sovereigns: dict[str, dict]) -> list[dict]:
    """Fill sovereign_iso3 from the curated file, checking it against the table."""
    by_iso3 = {r["iso3"]: r for r in rows}
    problems = [f"{code} is not a country code" for code in sovereigns if code not in by_iso3]
    for row in rows:
        entry = sovereigns.get(row["iso3"])
        sovereign = value(entry["sovereign_iso3"]) if entry else None
        if row["is_territory"] and entry is None:
            problems.append(
                f"territory {row['iso3']} has no row "
                "(give its sovereign, or leave it empty and say why)"
            )
        if entry is not None and value(entry["notes"]) is None:
            problems.append(f"{row['iso3']} needs a note")
        if sovereign is None:
            if entry is not None and row["is_territory"]:
                row["source"] += "; no sovereign recorded, see the note in territory_sovereigns.csv"
            continue
        if not row["is_territory"]:
            problems.append(f"{row['iso3']} is not a territory but has sovereign {sovereign}")
        elif sovereign not in by_iso3 or by_iso3[sovereign]["is_territory"]:
            problems.append(
                f"{row['iso3']}: sovereign {sovereign} is unknown or itself a territory"
            )
        else:
            row["sovereign_iso3"] = sovereign
            row["source"] += "; sovereign curated in territory_sovereigns.csv"
    if problems:
        raise BuildError("territory_sovereigns.csv: " + "; ".join(problems))
    return rows


def build_m49_areas(ocha_csv: Path) -> list[dict]:
    """World plus every area above country level named in the OCHA file."""
    areas = {"001": {"m49_code": "001", "name": "World", "level": "world", "parent_m49_code": None}}
    for record in read_csv(ocha_csv).to_dict("records"):
        if value(record[DEPRECATED]) == "Y":
            continue
        parent = "001"
        for level, (code, name) in ocha_levels(record).items():
            area = {"m49_code": code, "name": name, "level": level, "parent_m49_code": parent}
            if areas.setdefault(code, area) != area:
                raise BuildError(f"M49 area {code} is described two ways: {areas[code]} and {area}")
            parent = code
    return [areas[code] for code in sorted(areas)]


def build_membership(countries: list[dict], ocha: dict[str, dict]) -> tuple[list[dict], list[str]]:
    """Rows of every scheme, and the countries left out for having no M49 region."""
    rows, no_region = [], []
    for country in countries:
        levels = ocha_levels(ocha[country["iso3"]])
        if "region" not in levels:
            no_region.append(country["iso3"])
            continue
        if "sub-region" not in levels:
            raise BuildError(f"{country['iso3']} has an M49 region but no sub-region")
        finest = levels.get("intermediate-region", levels["sub-region"])
        hub_code, hub_name = HUB_BY_REGION[levels["region"][0]]
        for scheme, (code, name) in [
            ("m49-region", levels["region"]),
            ("m49-sub-region", levels["sub-region"]),
            ("m49-intermediate-region", finest),
            (HUB_SCHEME, (hub_code, hub_name)),
        ]:
            rows.append(
                {
                    "scheme_id": scheme,
                    "iso3": country["iso3"],
                    "region_code": code,
                    "region_name": name,
                }
            )
    rows.sort(key=lambda r: (r["scheme_id"], r["iso3"]))
    return rows, no_region


#: The ``order`` column of region_schemes.csv: where a scheme comes in every list of schemes (the
#: index, the overview, a country profile): the general M49 schemes first, coarse to fine, then
#: every other scheme; schemes sharing a position are listed by scheme_id.
SCHEME_ORDER = {"m49-region": 1, "m49-sub-region": 2, "m49-intermediate-region": 3}
OTHER_SCHEMES_ORDER = 4


def build_schemes(no_region: list[str], names: dict[str, str], versions: dict) -> list[dict]:
    left_out = ", ".join(f"{names[code]} ({code})" for code in no_region) or "none"
    not_covered = f"Countries with no M49 region get no row: {left_out}."
    m49 = {
        "operation_id": None,
        "source": M49_SOURCE.format(hdx=versions["hdx"]),
        "source_url": M49_URL,
        "version": (
            f"M49 as in the OCHA C&T Taxonomy MVP shipped in hdx-python-country {versions['hdx']} "
            f"(file sha256 {versions['ocha_sha256']})"
        ),
        "licence": M49_LICENCE,
        "is_derived_assumption": False,
        "dating": "pinned-vintage",
        "is_full_coverage": True,
    }
    hub = {
        "operation_id": HUB_OPERATION,
        "source": "derived (this project)",
        "source_url": HUB_URL,
        "version": "1 (assumption made by this project for the 2024 operation)",
        "licence": "CC-BY-4.0 (this project)",
        "is_derived_assumption": True,
        "dating": "pinned-vintage",
        "is_full_coverage": True,
    }
    rows = [
        {
            **m49,
            "scheme_id": "m49-region",
            "label": "UN M49 region",
            "order": SCHEME_ORDER["m49-region"],
            "rule": RULES["m49-region"] + " " + not_covered,
        },
        {
            **m49,
            "scheme_id": "m49-sub-region",
            "label": "UN M49 sub-region",
            "order": SCHEME_ORDER["m49-sub-region"],
            "rule": RULES["m49-sub-region"] + " " + not_covered,
        },
        {
            **m49,
            "scheme_id": "m49-intermediate-region",
            "label": "UN M49 intermediate region, else sub-region",
            "order": SCHEME_ORDER["m49-intermediate-region"],
            "rule": RULES["m49-intermediate-region"] + " " + not_covered,
        },
        {
            **hub,
            "scheme_id": HUB_SCHEME,
            "order": OTHER_SCHEMES_ORDER,
            "label": "Liberterra II (2024): assumed operational coordination unit",
            "rule": RULES[HUB_SCHEME] + " " + not_covered,
        },
    ]
    rows += [{**row, "order": OTHER_SCHEMES_ORDER} for row in groupings.build_schemes()]
    return sorted(rows, key=lambda r: r["scheme_id"])


def check_aliases(path: Path, countries: list[dict]) -> None:
    """Each alias maps to a known code and is one pycountry's exact lookup misses or mismaps."""
    known = {r["iso3"] for r in countries}
    table = read_csv(path)
    problems = []
    if table["alias"].str.casefold().duplicated().any():
        problems.append("duplicate aliases")
    for alias, iso3 in zip(table["alias"], table["iso3"], strict=True):
        if iso3 not in known:
            problems.append(f"{alias!r} -> unknown code {iso3}")
        try:
            found = pycountry.countries.lookup(alias).alpha_3
        except LookupError:
            found = None
        if found == iso3:
            problems.append(f"{alias!r} is already resolved by pycountry; remove it")
    if problems:
        raise BuildError("country_aliases.csv: " + "; ".join(problems))


def cell(item) -> str:
    """CSV text of a value: missing -> empty, booleans -> true/false."""
    if item is None:
        return ""
    if isinstance(item, bool):
        return "true" if item else "false"
    return str(item)


def to_csv(rows: list[dict], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        if set(row) != set(columns):
            raise BuildError(f"row keys {sorted(row)} do not match columns {columns}")
        writer.writerow([cell(row[c]) for c in columns])
    return buffer.getvalue().encode("utf-8")


def build() -> dict[str, bytes]:
    """file name -> CSV bytes of every generated table."""
    path = ocha_path()
    pack = mapcraft_pack_bytes()
    versions = {
        "hdx": metadata.version("hdx-python-country"),
        "pycountry": metadata.version("pycountry"),
        "ocha_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "mapcraft": metadata.version("mapcraft"),
        "pack_sha256": hashlib.sha256(pack).hexdigest(),
    }
    for package, expected in (("hdx", EXPECTED_HDX_VERSION), ("mapcraft", EXPECTED_MAPCRAFT_VERSION)):
        if versions[package] != expected:
            print(
                f"warning: {package} {versions[package]} installed; the tables document "
                f"{expected} so far",
                file=sys.stderr,
            )
    ocha = load_ocha(path)
    countries = build_countries(
        ocha, load_sovereigns(REFERENCE_DIR / "territory_sovereigns.csv"), versions
    )
    check_aliases(REFERENCE_DIR / "country_aliases.csv", countries)
    names = {r["name"]: r["iso3"] for r in countries}
    if len(names) != len(countries):
        raise BuildError("two countries share a name")
    membership, no_region = build_membership(countries, ocha)
    schemes = build_schemes(no_region, {r["iso3"]: r["name"] for r in countries}, versions)
    areas = build_m49_areas(path)
    area_codes = {a["m49_code"] for a in areas}
    if any(
        r["region_code"] not in area_codes for r in membership if r["scheme_id"].startswith("m49-")
    ):
        raise BuildError("a membership row points to an M49 area missing from m49_areas")
    known = {r["iso3"] for r in countries}
    try:
        membership = sorted(membership + groupings.build_wb_regions(known),
                            key=lambda r: (r["scheme_id"], r["iso3"]))
        dated = groupings.build_income_groups(known) + groupings.load_organisation_memberships(
            REFERENCE_DIR / "organisation_memberships.csv", known)
    except groupings.GroupingError as error:
        raise BuildError(str(error)) from None
    dated.sort(key=lambda r: (r["scheme_id"], r["iso3"], r["valid_from"]))
    _, pack_regions = load_pack(pack)
    population = build_population(pack_regions, countries)
    check_population_provenance(versions)
    orders = column_orders()
    return {
        "countries.csv": to_csv(countries, orders["countries"]),
        "m49_areas.csv": to_csv(areas, orders["m49_areas"]),
        "region_schemes.csv": to_csv(schemes, orders["region_schemes"]),
        "region_membership.csv": to_csv(membership, orders["region_membership"]),
        "dated_membership.csv": to_csv(dated, orders["dated_membership"]),
        "population.csv": to_csv(population, orders["population"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out-dir", type=Path, default=REFERENCE_DIR, help="where to write the tables"
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a table would change"
    )
    args = parser.parse_args(argv)
    try:
        tables = build()
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    stale = []
    for name, content in tables.items():
        target = args.out_dir / name
        if target.exists() and target.read_bytes() == content:
            continue
        stale.append(name)
        if not args.check:
            args.out_dir.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    verb = "out of date" if args.check else "written"
    print(
        f"{verb}: {', '.join(stale) if stale else 'none'} ({len(tables)} tables in {args.out_dir})"
    )
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
