"""Data rules across tables that the descriptor cannot state (issue 18, class 5).

Run after every table has passed its own checks (:func:`problems`, called by
``python -m analysis.validate`` and by the report builder before it plans). Each problem is
one line naming the file, line, column and rule, with a hint. The rules:

- **dates**: a date of an operation (start, end, announcement) or of a source (published,
  read) lies in the window the data can cover, :data:`FIRST_YEAR` (INTERPOL's coordinated
  operations against trafficking began in the 2000s; the earliest in the data is 2014) to
  next year (an announcement may close a late-December operation; nothing is dated later);
  an operation is not announced before it starts; a source is not read before it was
  published;
- **positions**: the printed positions of a participant list run 1, 2, ... without a gap;
  two cases of one operation do not share a position;
- **keys the descriptor does not declare**: a case id does not begin with the id of another
  operation; ``focus_area_m49`` is an M49 area; a region scheme's ``operation_id`` is an
  operation; ``sovereign_iso3`` is a country; a lead country (``role`` lead-country or
  co-lead-country) has an ``iso3``;
- **region tables**: within a scheme, a region code has one name, two names do not give one
  page address, and every name gives a non-empty page address (``analysis.pages.slugify``);
  every scheme covers every country and territory of the M49 universe (the countries of
  ``m49-region``: each scheme in ``region_schemes.csv`` says it covers every country with an
  M49 region) and every country listed as a participant or case location of an operation
  that can use it;
- **amounts**: where ``amount_usd`` is given (it is "as printed", never converted), the
  printed amount shows that US dollar value (``USD 2,400``, ``US$ 1.1 million``), and a USD
  amount equals it;
- **text**: a cell that starts with a sign and a digit and goes on like a formula
  (``-1+1+cmd|' /C calc'!A0``: an operator right after the number, or ``|``, ``!`` or
  ``=`` anywhere) would be run by a spreadsheet opening the CSV files beside the pages.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict

import pandas as pd

from analysis.checks.loaders import load_table
from analysis.package.schema import problem

FIRST_YEAR = 2000
LEAD_ROLES = ("lead-country", "co-lead-country")
_SIGNED_FORMULA = re.compile(r"[+\-][0-9.,]*[0-9](?:[0-9.,]*[+\-*/^&(]|.*[|!=])", re.DOTALL)
_USD = re.compile(r"(?:USD|US\$|\$)\s?([0-9][0-9,]*(?:\.[0-9]+)?)(?:\s+(million|billion))?")
_SCALE = {"": 1, "million": 1_000_000, "billion": 1_000_000_000}


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _rows(name: str, data_dir) -> list[tuple[int, dict]]:
    """(line, row) for each row of a validated table (the header is line 1)."""
    frame = load_table(name, data_dir=data_dir)
    return [(n + 2, {k: (None if _missing(v) else v) for k, v in row.items()})
            for n, row in enumerate(frame.to_dict("records"))]


def _day(value) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def last_year(today: datetime.date | None = None) -> int:
    return (today or datetime.date.today()).year + 1


def date_problems(data_dir, today: datetime.date | None = None) -> list[str]:
    found = []
    window = (FIRST_YEAR, last_year(today))
    hint_window = f"the data covers {window[0]} to {window[1]}: check the year (four digits, no typing slip)"
    dated = (("operations.csv", "operations", ("start_date", "end_date", "announced_date")),
             ("sources.csv", "sources", ("date_published", "date_accessed")))
    for file, name, columns in dated:
        for line, row in _rows(name, data_dir):
            for column in columns:
                value = row.get(column)
                if value is not None and not window[0] <= value.year <= window[1]:
                    found.append(problem(file, f"{column} {_day(value)} is outside {window[0]} to {window[1]}",
                                         "date window", hint_window, line=line, column=column))
            if name == "operations" and row.get("announced_date") and row.get("start_date") \
                    and row["announced_date"] < row["start_date"]:
                found.append(problem(file, f"announced on {_day(row['announced_date'])}, before the start "
                                           f"{_day(row['start_date'])}", "announced after start",
                                     "results are announced once the operation has begun: check both dates",
                                     line=line, column="announced_date"))
            if name == "sources" and row.get("date_accessed") and row.get("date_published") \
                    and row["date_accessed"] < row["date_published"]:
                found.append(problem(file, f"read on {_day(row['date_accessed'])}, before it was published on "
                                           f"{_day(row['date_published'])}", "read after published",
                                     "check date_accessed and date_published", line=line, column="date_accessed"))
    return found


def position_problems(data_dir) -> list[str]:
    found = []
    by_operation: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for line, row in _rows("participants", data_dir):
        by_operation[row["operation_id"]].append((int(row["position"]), line))
    for operation, positions in by_operation.items():
        positions.sort()
        expected = 1
        for position, line in positions:
            if position != expected:
                found.append(problem("participants.csv", f"position {position} of {operation!r} follows position "
                                                         f"{expected - 1}: position(s) {expected} to {position - 1} "
                                                         "are missing", "positions without gaps",
                                     "number the printed list 1, 2, 3, ... in the order the source prints it",
                                     line=line, column="position"))
                break
            expected += 1
    seen: dict[tuple[str, int], int] = {}
    for line, row in _rows("cases", data_dir):
        key = (row["operation_id"], int(row["position"]))
        if key in seen:
            found.append(problem("cases.csv", f"position {key[1]} of {key[0]!r} is also the position of the case on "
                                              f"line {seen[key]}", "one case per position",
                                 "give each case of an operation its own position, in the source's order",
                                 line=line, column="position"))
        else:
            seen[key] = line
    return found


def key_problems(data_dir) -> list[str]:
    found = []
    operations = {row["operation_id"] for _, row in _rows("operations", data_dir)}
    for line, row in _rows("cases", data_dir):
        own = row["operation_id"]
        other = [op for op in operations if op != own and row["case_id"].startswith(op + "-")
                 and not (own.startswith(op + "-") and row["case_id"].startswith(own + "-"))]
        if other:
            found.append(problem("cases.csv", f"case_id {row['case_id']!r} begins with the id of operation "
                                              f"{max(other, key=len)!r}, but the case belongs to {own!r}",
                                 "case id names its operation",
                                 f"start the id with {own + '-'!r}, or correct operation_id", line=line,
                                 column="case_id"))
    areas = {row["m49_code"] for _, row in _rows("m49_areas", data_dir)}
    for line, row in _rows("operations", data_dir):
        if row.get("focus_area_m49") is not None and row["focus_area_m49"] not in areas:
            found.append(problem("operations.csv", f"focus_area_m49 {row['focus_area_m49']!r} is not an M49 area of "
                                                   "reference/m49_areas.csv", "focus area is an M49 area",
                                 "use a code listed in reference/m49_areas.csv (e.g. 002 Africa)", line=line,
                                 column="focus_area_m49"))
    for line, row in _rows("region_schemes", data_dir):
        if row.get("operation_id") is not None and row["operation_id"] not in operations:
            found.append(problem("reference/region_schemes.csv", f"operation_id {row['operation_id']!r} is not an "
                                                                 "operation of operations.csv",
                                 "scheme of an operation", "correct the id, or leave it empty for a general scheme",
                                 line=line, column="operation_id"))
    countries = {row["iso3"] for _, row in _rows("countries", data_dir)}
    for line, row in _rows("countries", data_dir):
        if row.get("sovereign_iso3") is not None and row["sovereign_iso3"] not in countries:
            found.append(problem("reference/countries.csv", f"sovereign_iso3 {row['sovereign_iso3']!r} is not a "
                                                            "country of this table", "sovereign is a country",
                                 "give the ISO3 code of the sovereign country, listed in this table", line=line,
                                 column="sovereign_iso3"))
    for line, row in _rows("partners", data_dir):
        if str(row.get("role")) in LEAD_ROLES and row.get("iso3") is None:
            found.append(problem("partners.csv", f"partner {row['partner_id']!r} is a {row['role']} without an iso3",
                                 "lead country has a code", "give the country's ISO3 code", line=line,
                                 column="iso3"))
    return found


def region_problems(data_dir) -> list[str]:
    from analysis.package.addresses import slugify

    found = []
    members: dict[str, set[str]] = defaultdict(set)
    names: dict[tuple[str, str], tuple[str, int]] = {}
    slugs: dict[tuple[str, str], tuple[str, int]] = {}
    renamed: set[tuple[str, str, str]] = set()
    named: set[tuple[str, str]] = set()
    file = "reference/region_membership.csv"
    for line, row in _rows("region_membership", data_dir):
        scheme, code, name = row["scheme_id"], row["region_code"], row["region_name"]
        members[scheme].add(row["iso3"])
        known = names.setdefault((scheme, code), (name, line))
        if known[0] != name:
            if (scheme, code, name) not in renamed:  # once per other spelling, at its first row
                renamed.add((scheme, code, name))
                found.append(problem(file, f"region {code!r} of {scheme!r} is named {name!r} here but {known[0]!r} "
                                           f"on line {known[1]}", "one name per region code",
                                     "spell the region's name the same on every row", line=line,
                                     column="region_name"))
            continue
        if (scheme, name) in named:
            continue  # a name is checked once, at its first row
        named.add((scheme, name))
        slug = slugify(name)
        if not slug:
            found.append(problem(file, f"region name {name!r} gives an empty page address", "region page address",
                                 "the page address keeps only the letters a-z and digits of the name: give the "
                                 "name in Latin letters (e.g. its English name)", line=line, column="region_name"))
            continue
        other = slugs.setdefault((scheme, slug), (name, line))
        if other[0] != name:
            found.append(problem(file, f"region names {other[0]!r} (line {other[1]}) and {name!r} of {scheme!r} give "
                                       f"the same page address {slug!r}", "region page address",
                                 "make the names differ in letters or digits, not only in case or punctuation",
                                 line=line, column="region_name"))
    universe = members.get("m49-region", set())
    participants = defaultdict(set)
    for _, row in _rows("participants", data_dir):
        participants[row["operation_id"]].add(row["iso3"])
    for _, row in _rows("cases", data_dir):
        if row.get("location_iso3") is not None:
            participants[row["operation_id"]].add(row["location_iso3"])
    for line, row in _rows("region_schemes", data_dir):
        scheme = row["scheme_id"]
        if not row.get("is_full_coverage", True):
            continue  # a grouping whose non-members are outside it (reference/region_schemes.csv)
        users = [row["operation_id"]] if row.get("operation_id") is not None else list(participants)
        needed = set(universe) | {iso3 for op in users for iso3 in participants[op]}
        missing = sorted(needed - members.get(scheme, set()))
        if missing:
            shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
            found.append(problem("reference/region_schemes.csv", f"scheme {scheme!r} has no region for {shown} "
                                                                 "(in the M49 universe, or listed by an operation "
                                                                 "using the scheme)", "scheme covers its countries",
                                 f"add a row per country to {file}", line=line, column="scheme_id"))
    return found


def _printed_usd(text: str) -> list[float]:
    return [float(number.replace(",", "")) * _SCALE[scale] for number, scale in _USD.findall(text)]


def amount_problems(data_dir) -> list[str]:
    found = []
    for line, row in _rows("case_seizures", data_dir):
        usd = row.get("amount_usd")
        if usd is None:
            continue
        printed = _printed_usd(str(row.get("amount_as_printed") or ""))
        if not any(abs(value - float(usd)) < 0.5 for value in printed):
            shown = ", ".join(f"{v:,.0f}" for v in printed) or "no US dollar amount"
            found.append(problem("case_seizures.csv", f"amount_usd {float(usd):,.0f} is not the US dollar amount "
                                                      f"printed ({shown})", "USD amount as printed",
                                 "amount_usd is the USD value the source prints, never converted: copy it from "
                                 "amount_as_printed, or leave it empty", line=line, column="amount_usd"))
        elif row.get("currency") == "USD" and row.get("amount") is not None \
                and abs(float(row["amount"]) - float(usd)) >= 0.5:
            found.append(problem("case_seizures.csv", f"amount {float(row['amount']):,.0f} USD differs from "
                                                      f"amount_usd {float(usd):,.0f}", "USD amount as printed",
                                 "an amount in US dollars is its own USD equivalent: check both", line=line,
                                 column="amount"))
    return found


def text_problems(data_dir, files: dict[str, str]) -> list[str]:
    """The signed-formula rule over every text column of the tables ``files`` (name -> file)."""
    found = []
    for name, file in files.items():
        frame = load_table(name, data_dir=data_dir)
        for column in frame.columns:
            if not (pd.api.types.is_string_dtype(frame[column]) or isinstance(frame[column].dtype,
                                                                              pd.CategoricalDtype)):
                continue
            for n, value in enumerate(frame[column]):
                if isinstance(value, str) and _SIGNED_FORMULA.match(value):
                    found.append(problem(file, f"{value[:60]!r} starts with a sign and a number and goes on like a "
                                               "formula", "spreadsheet formula",
                                         "spreadsheets run such a cell as a formula: reword it to start with a "
                                         "letter or a digit", line=n + 2, column=column))
    return found


def problems(data_dir, today: datetime.date | None = None) -> list[str]:
    """Every problem of the rules above, for the package in ``data_dir`` (its tables must
    have passed their own checks)."""
    from pathlib import Path

    from analysis.package.schema import read_package

    files = {name: res.path for name, res in read_package(Path(data_dir) / "datapackage.json").items()}
    return (date_problems(data_dir, today) + position_problems(data_dir) + key_problems(data_dir)
            + region_problems(data_dir) + amount_problems(data_dir) + text_problems(data_dir, files))
