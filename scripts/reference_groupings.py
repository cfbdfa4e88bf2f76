"""World Bank income groups and regions, and organisations' dated memberships, for
scripts/build_reference.py.

Inputs (all local, no network):

* ``data/inputs/world-bank/OGHIST.csv`` (historical income classifications) and
  ``CLASS_2025_10_07.csv`` (the FY2026 classification and the current regions), copies of
  the World Bank's downloads described in the README beside them. The folder can be moved
  with the environment variable ``WORLD_BANK_DIR``; the files' SHA-256 must match
  ``WORLD_BANK_FILES``, so a changed download stops the build.
* ``data/reference/organisation_memberships.csv``, curated by hand: one row per spell of
  membership of a country or territory in an organisation, with the source URL supporting it.

How OGHIST's years are read: the column headed Y holds the classification published on
1 July Y+1, in force for fiscal year FY(Y+2), from 1 July Y+1 up to (not including)
1 July Y+2. CLASS_2025_10_07.csv is FY2026, from 1 July 2025 to 1 July 2026. Every vintage
is kept: one dated row per economy and fiscal year with a group. '..' (not classified) and
an empty cell give no row: missing, never a guessed group.

Economies of the World Bank files that are not ISO 3166-1 entries: Kosovo keeps the
project's XKX; the Channel Islands (CHI) are the World Bank's one economy for Jersey (JEY)
and Guernsey (GGY), whose classification both receive (the row's note says so); the
former economies listed after OGHIST's notes that have no code in countries.csv
(Czechoslovakia, Netherlands Antilles, Serbia and Montenegro, USSR, Yugoslavia) are left
out, since they ended before 2014, and the scheme's rule names them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
from datetime import date
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_WORLD_BANK_DIR = PROJECT_ROOT / "data" / "inputs" / "world-bank"
WORLD_BANK_FILES = {
    "OGHIST.csv": "de17789afb2884ad1ffff844f1d254584ac4e2c723aa5949aa1840122935cf65",
    "CLASS_2025_10_07.csv": "f36d9dfa3502747c3f809e8f35461e912958816544566690e91328f1acb76538",
}
WB_URL = "https://datahelpdesk.worldbank.org/knowledgebase/articles/906519-world-bank-country-and-lending-groups"
WB_LICENCE = "CC-BY-4.0 (World Bank open data)"
CLASS_FISCAL_YEAR = 2026

INCOME_SCHEME, REGION_SCHEME = "wb-income-group", "wb-region"
INCOME_GROUPS = {  # OGHIST letter -> (region_code, region_name); CLASS names map to the same
    "L": ("L", "Low income"),
    "LM": ("LM", "Lower middle income"),
    "UM": ("UM", "Upper middle income"),
    "H": ("H", "High income"),
}
CLASS_INCOME = {name: code for code, name in INCOME_GROUPS.values()}
# World Bank region name (CLASS file) -> the World Bank's aggregate code (same file).
WB_REGIONS = {
    "East Asia & Pacific": "EAS",
    "Europe & Central Asia": "ECS",
    "Latin America & Caribbean": "LCN",
    "Middle East, North Africa, Afghanistan & Pakistan": "MEA",
    "North America": "NAC",
    "South Asia": "SAS",
    "Sub-Saharan Africa": "SSF",
}
# World Bank economy codes that are not one ISO code here.
WB_CODE_TO_ISO3 = {"CHI": ("JEY", "GGY")}
WB_FORMER_WITHOUT_CODE = {
    "CSK": "Czechoslovakia (former)",
    "ANT": "Netherlands Antilles (former)",
    "YUG": "Serbia and Montenegro (former)",
    "SUN": "USSR (former)",
    "YUGf": "Yugoslavia (former)",
}
CHANNEL_ISLANDS_NOTE = (
    "The World Bank classifies the Channel Islands (CHI) as one economy; Jersey and Guernsey "
    "each receive its group."
)

# Organisations: scheme_id -> (region_code, label, publisher, URL, territories rule).
ORGANISATIONS = {
    "african-union": ("AU", "African Union", "African Union", "https://au.int/en/member_states/countryprofiles2",
                      "The 55 member states; the Sahrawi Arab Democratic Republic is recorded under Western "
                      "Sahara (ESH). Territories of non-African states (Canary Islands, Ceuta, Melilla, "
                      "Mayotte, Reunion, Saint Helena) are outside the grouping."),
    "ecowas": ("ECOWAS", "Economic Community of West African States", "ECOWAS", "https://ecowas.int",
               "Member states only; Mauritania's associate membership (2017) is not membership. No "
               "territories are members."),
    "sadc": ("SADC", "Southern African Development Community", "SADC", "https://www.sadc.int",
             "Member states only; no territories are members. Suspensions (Madagascar after 2009) are "
             "not recorded: no SADC document with their dates was found."),
    "eac": ("EAC", "East African Community", "East African Community", "https://www.eac.int",
            "Partner states only; no territories are members."),
    "eccas": ("ECCAS", "Economic Community of Central African States", "ECCAS/CEEAC", "https://ceeac-eccas.org",
              "Member states only; no territories are members."),
    "eu": ("EU", "European Union", "European Union", "https://european-union.europa.eu/principles-countries-history/eu-countries_en",
           "The member states as the EU lists them. Territories with their own ISO code are outside the "
           "grouping here, including the outermost regions that are part of the EU (French Guiana GUF, "
           "Guadeloupe GLP, Martinique MTQ, Mayotte MYT, Reunion REU, Saint-Martin MAF) and the Aland "
           "Islands (ALA), because the source lists only member states; overseas countries and "
           "territories (Greenland, Aruba, ...) are not in the EU."),
    "asean": ("ASEAN", "Association of Southeast Asian Nations", "ASEAN", "https://asean.org",
              "Member states only; no territories are members."),
    "caricom": ("CARICOM", "Caribbean Community (full members)", "CARICOM", "https://caricom.org",
                "Full members only: Montserrat (MSR), a British territory, is a full member and has its "
                "own row; the associate members (Anguilla, Bermuda, British Virgin Islands, Cayman "
                "Islands, Turks and Caicos Islands) are outside the grouping."),
    "sica": ("SICA", "Central American Integration System", "SICA", "https://www.sica.int",
             "Member states only (observers are outside); no territories are members."),
    "mercosur": ("MERCOSUR", "MERCOSUR (full members)", "MERCOSUR", "https://www.mercosur.int",
                 "States Parties only (associated states are outside); a suspended State Party keeps a row "
                 "with status 'suspended' and counts as a member. No territories are members."),
    "andean-community": ("CAN", "Andean Community", "Andean Community (CAN)", "https://www.comunidadandina.org",
                         "Member countries only (associate members such as Chile since 2006 are outside); "
                         "no territories are members."),
}
ORGANISATION_VERSION = (
    "memberships researched for this project in December 2026; each row names the source that supports it"
)
ORGANISATION_COLUMNS = ["scheme_id", "iso3", "valid_from", "valid_to", "status", "source_url", "note"]
STATUSES = {"member", "suspended", "withdrawing"}
PARTIAL_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


class GroupingError(RuntimeError):
    """An input is inconsistent; the message says which and why."""


def world_bank_dir() -> Path:
    return Path(os.environ.get("WORLD_BANK_DIR", DEFAULT_WORLD_BANK_DIR))


def read_world_bank(name: str) -> list[list[str]]:
    """Rows of one World Bank file, after checking it is the recorded download."""
    path = world_bank_dir() / name
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise GroupingError(f"cannot read {path}: {error.strerror} (set WORLD_BANK_DIR)") from None
    if hashlib.sha256(raw).hexdigest() != WORLD_BANK_FILES[name]:
        raise GroupingError(f"{path}: SHA-256 differs from the recorded download; record the new file first")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def _iso3s(code: str, known: set[str], where: str) -> tuple[str, ...]:
    if code in WB_CODE_TO_ISO3:
        return WB_CODE_TO_ISO3[code]
    if code not in known:
        raise GroupingError(f"{where}: World Bank code {code!r} is not in countries.csv; map it by hand")
    return (code,)


def income_row(iso3: str, group: str, fiscal_year: int, note: str | None) -> dict:
    code, name = INCOME_GROUPS[group]
    return {
        "scheme_id": INCOME_SCHEME, "iso3": iso3, "region_code": code, "region_name": name,
        "valid_from": f"{fiscal_year - 1}-07-01", "valid_to": f"{fiscal_year}-07-01", "status": "member",
        "vintage": f"FY{fiscal_year}", "source_url": WB_URL, "note": note,
    }


def build_income_groups(known: set[str]) -> list[dict]:
    """One row per economy and fiscal year (OGHIST's years and CLASS's FY2026)."""
    table = read_world_bank("OGHIST.csv")
    header = table[0]
    years = [int(cell) for cell in header[2:]]
    rows = []
    for record in table[1:]:
        code = record[0].strip() if record else ""
        if not code or code in WB_FORMER_WITHOUT_CODE:
            continue
        for iso3 in _iso3s(code, known, "OGHIST.csv"):
            note = CHANNEL_ISLANDS_NOTE if code == "CHI" else None
            for year, cell in zip(years, record[2:], strict=False):  # a short row: missing years
                group = cell.strip().rstrip("*")
                if group in ("", ".."):
                    continue
                if group not in INCOME_GROUPS:
                    raise GroupingError(f"OGHIST.csv: {code} {year}: unknown group {cell!r}")
                star = cell.strip().endswith("*")
                rows.append(income_row(iso3, group, year + 2, note if not star else (
                    "Two Yemens at the time: Yemen, PDR (L) and Yemen, Arab Rep. (LM); combined LM (World Bank note)."
                )))
    for record in read_world_bank("CLASS_2025_10_07.csv")[1:]:
        if len(record) < 4 or not record[2].strip():
            continue  # the blank row and the aggregates have no region
        code, group = record[1].strip(), record[3].strip()
        if not group:
            continue  # not classified (Ethiopia, Venezuela in FY2026)
        if group not in CLASS_INCOME:
            raise GroupingError(f"CLASS_2025_10_07.csv: {code}: unknown income group {group!r}")
        for iso3 in _iso3s(code, known, "CLASS_2025_10_07.csv"):
            note = CHANNEL_ISLANDS_NOTE if code == "CHI" else None
            rows.append(income_row(iso3, CLASS_INCOME[group], CLASS_FISCAL_YEAR, note))
    return rows


def build_wb_regions(known: set[str]) -> list[dict]:
    """The seven regions of the FY2026 file: one undated row per economy (one pinned vintage)."""
    rows = []
    for record in read_world_bank("CLASS_2025_10_07.csv")[1:]:
        if len(record) < 3 or not record[2].strip():
            continue
        code, region = record[1].strip(), record[2].strip()
        if region not in WB_REGIONS:
            raise GroupingError(f"CLASS_2025_10_07.csv: {code}: unknown region {region!r}")
        for iso3 in _iso3s(code, known, "CLASS_2025_10_07.csv"):
            rows.append({"scheme_id": REGION_SCHEME, "iso3": iso3, "region_code": WB_REGIONS[region],
                         "region_name": region})
    if {r["region_name"] for r in rows} != set(WB_REGIONS):
        raise GroupingError("CLASS_2025_10_07.csv no longer has the seven regions")
    return rows


def partial_date_bounds(text: str) -> tuple[date, date]:
    """First day and the day after the last day of a date given as YYYY, YYYY-MM or YYYY-MM-DD."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        first = date(*parts)
        return first, date.fromordinal(first.toordinal() + 1)
    if len(parts) == 2:
        first = date(parts[0], parts[1], 1)
        return first, date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
    return date(parts[0], 1, 1), date(parts[0] + 1, 1, 1)


def load_organisation_memberships(path: Path, known: set[str]) -> list[dict]:
    """The curated rows, checked: known scheme, code and status, a source, valid dates."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != ORGANISATION_COLUMNS:
            raise GroupingError(f"{path.name}: columns must be {','.join(ORGANISATION_COLUMNS)}")
        records = list(reader)
    problems = []
    for line, row in enumerate(records, start=2):
        where = f"{path.name}, line {line}"
        if row["scheme_id"] not in ORGANISATIONS:
            problems.append(f"{where}: unknown organisation {row['scheme_id']!r}")
        if row["iso3"] not in known:
            problems.append(f"{where}: unknown iso3 {row['iso3']!r}")
        if row["status"] not in STATUSES:
            problems.append(f"{where}: status {row['status']!r} is not one of {sorted(STATUSES)}")
        if not row["source_url"].startswith(("http://", "https://")):
            problems.append(f"{where}: source_url must be the URL supporting the row")
        for column in ("valid_from", "valid_to"):
            text = row[column]
            if (column == "valid_from" or text) and not PARTIAL_DATE.fullmatch(text):
                problems.append(f"{where}: {column} {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if problems:
        raise GroupingError("; ".join(problems[:10]))
    rows = []
    for row in records:
        code, label = ORGANISATIONS[row["scheme_id"]][:2]
        rows.append({**{k: (v or None) for k, v in row.items()}, "region_code": code, "region_name": label,
                     "vintage": None})
    return rows


def build_schemes() -> list[dict]:
    """Rows of region_schemes.csv for the World Bank schemes and the organisations."""
    wb = {"operation_id": None, "source": "World Bank, country and lending groups", "source_url": WB_URL,
          "licence": WB_LICENCE, "is_derived_assumption": False}
    former = ", ".join(f"{name} ({code})" for code, name in WB_FORMER_WITHOUT_CODE.items())
    rows = [
        {**wb, "scheme_id": INCOME_SCHEME, "label": "World Bank income group (classification in force on the date)",
         "version": "every vintage: FY1989 to FY2025 from OGHIST.csv (sha256 "
                    f"{WORLD_BANK_FILES['OGHIST.csv']}), FY2026 from CLASS_2025_10_07.csv (sha256 "
                    f"{WORLD_BANK_FILES['CLASS_2025_10_07.csv']})",
         "dating": "dated", "is_full_coverage": False,
         "rule": ("Dated: the classification in force on an operation's start date, each vintage from 1 July "
                  "to 30 June (valid_to is the first day of the next fiscal year). OGHIST's column Y is FY(Y+2). "
                  "An economy the World Bank did not classify for that year ('..', or no income group, e.g. "
                  "Ethiopia and Venezuela in FY2026) has no row: unclassified, listed as such. Territories "
                  "follow their own entry where the World Bank lists them (e.g. Bermuda, Puerto Rico); the "
                  "Channel Islands (CHI) entry is given to both Jersey (JEY) and Guernsey (GGY); territories "
                  "the World Bank does not list are unclassified. Former economies left out (no code here, "
                  f"ended before 2014): {former}.")},
        {**wb, "scheme_id": REGION_SCHEME, "label": "World Bank region (FY2026, one pinned vintage)",
         "version": f"FY2026 (CLASS_2025_10_07.csv, sha256 {WORLD_BANK_FILES['CLASS_2025_10_07.csv']})",
         "dating": "pinned-vintage", "is_full_coverage": False,
         "rule": ("One pinned vintage: the seven regions of the FY2026 file (which puts Afghanistan and "
                  "Pakistan with the Middle East and North Africa), used for every operation whatever its "
                  "date; earlier World Bank regions differ and are not recorded. region_code is the World "
                  "Bank's aggregate code. The Channel Islands (CHI) entry is given to Jersey and Guernsey; "
                  "territories the World Bank does not list have no row (outside every region).")},
    ]
    for scheme_id, (code, label, publisher, url, territories) in ORGANISATIONS.items():
        rows.append({
            "scheme_id": scheme_id, "label": f"{label}: member states, dated", "operation_id": None,
            "source": f"{publisher}'s own pages where found, else the press and reference pages named per row",
            "source_url": url, "version": ORGANISATION_VERSION,
            "licence": "facts from the sources named per row; compilation CC-BY-4.0 (this project)",
            "is_derived_assumption": False, "dating": "dated", "is_full_coverage": False,
            "rule": (f"Dated: one row per spell of membership, from valid_from up to (not including) valid_to; "
                     f"region_code {code}. A date given only as a year or month (YYYY, YYYY-MM) is as precise "
                     f"as its source; an operation inside such a period cannot be assigned and is reported. "
                     f"Status 'suspended' or 'withdrawing' (withdrawal notified, not yet in effect) still counts "
                     f"as a member. {territories}"),
        })
    return rows
