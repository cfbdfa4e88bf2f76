"""Dated memberships: who belonged to a grouping on a given day.

A scheme whose ``dating`` (``reference/region_schemes.csv``) is ``'dated'`` keeps its rows in
``reference/dated_membership.csv``: World Bank income groups (one row per economy and fiscal
year) and organisations' member states (one row per spell of membership). A row holds from
``valid_from`` up to, not including, ``valid_to`` (empty: still in force). A date may be as
coarse as its source (``YYYY`` or ``YYYY-MM``): a day inside such a period is uncertain, and a
membership that is uncertain on the day asked raises :class:`UncertainMembership` rather than
being guessed. Statuses ``suspended`` and ``withdrawing`` count as members.

An operation is assigned by its start date (``operations.start_date``): the classification in
force that day (World Bank groups change on 1 July, so an operation starting on 29 September
2024 uses FY2025, one starting on 3 June 2024 FY2024). Countries without a row that day are
outside the grouping (or, for income groups, unclassified): they are kept, with a missing group.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from analysis.package.load import Package
from analysis.package.schema import problem

DATED, PINNED = "dated", "pinned-vintage"
UNCLASSIFIED = "Unclassified"
INCOME_SCHEME = "wb-income-group"
INCOME_ORDER = ["L", "LM", "UM", "H"]
COLUMNS = ["iso3", "region_code", "region_name", "status", "vintage", "valid_from", "valid_to"]


class UncertainMembership(ValueError):
    """A source's date is too coarse to say whether a country was a member on the day."""


def bounds(text: str) -> tuple[date, date]:
    """(first day, day after the last day) of a date written YYYY, YYYY-MM or YYYY-MM-DD."""
    parts = [int(p) for p in str(text).split("-")]
    if len(parts) == 3:
        first = date(*parts)
        return first, first + timedelta(days=1)
    if len(parts) == 2:
        first = date(parts[0], parts[1], 1)
        return first, date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
    return date(parts[0], 1, 1), date(parts[0] + 1, 1, 1)


def _is_day(text) -> bool:
    return isinstance(text, str) and len(text) == 10


# The dating of every scheme by (data folder, digest of region_schemes.csv): asked for at
# almost every membership lookup.
_DATING: dict[tuple, dict[str, str]] = {}


def scheme_dating(scheme_id: str, data_dir=None) -> str:
    """``'dated'`` or ``'pinned-vintage'``; ``ValueError`` naming the valid schemes if unknown."""
    package = Package.open(data_dir)
    key = (package.data_dir, package.digest("reference/region_schemes.csv"))
    datings = _DATING.get(key)
    if datings is None:
        schemes = package.frame("region_schemes")
        datings = {str(s): str(d) for s, d in zip(schemes["scheme_id"], schemes["dating"], strict=True)}
        if len(_DATING) >= 16:
            _DATING.clear()
        _DATING[key] = datings
    if scheme_id not in datings:
        raise ValueError(f"unknown scheme {scheme_id!r}; valid values: {sorted(datings)}")
    return datings[scheme_id]


def dated_schemes(data_dir=None) -> list[str]:
    schemes = Package.open(data_dir).frame("region_schemes")
    return sorted(schemes.loc[schemes["dating"] == DATED, "scheme_id"])


def _spells(scheme_id: str, data_dir=None) -> pd.DataFrame:
    if scheme_dating(scheme_id, data_dir) != DATED:
        raise ValueError(f"scheme {scheme_id!r} is not dated: use analysis.regions.membership")
    table = Package.open(data_dir).table("dated_membership")
    return table[table["scheme_id"] == scheme_id]


def _ordinal(text, first: bool) -> int:
    """Day number (``date.toordinal``) of a spell boundary written YYYY, YYYY-MM or YYYY-MM-DD:
    the first day of its period (``first``) or, for a coarse date, the day after its period
    (a full day is its own day either way). A missing boundary (an open end) is ``date.max``."""
    if pd.isna(text):
        return date.max.toordinal()
    start, after = bounds(text)
    return start.toordinal() if first or _is_day(text) else after.toordinal()


# Spells of a dated scheme with their boundaries as day numbers, by (data folder, content of
# the two tables read, scheme): parsing the dates is the costly part, done once per content.
_PARSED: dict[tuple, tuple[pd.DataFrame, dict[str, np.ndarray]]] = {}


def _parsed_spells(scheme_id: str, package: Package) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """The scheme's spells sorted by iso3 (stable: file order within a country) and their
    boundaries as day numbers: ``start`` (first day of certain membership: a coarse start
    counts from the day after its period), ``start_first`` (earliest possible first day),
    ``end_early`` (earliest possible end: a coarse end from the first day of its period) and
    ``end_late`` (the day membership has certainly ended)."""
    key = (package.data_dir, package.digest("reference/dated_membership.csv"),
           package.digest("reference/region_schemes.csv"), scheme_id)
    parsed = _PARSED.get(key)
    if parsed is None:
        spells = _spells(scheme_id, package).sort_values("iso3", kind="stable").reset_index(drop=True)
        starts, ends = list(spells["valid_from"]), list(spells["valid_to"])
        parsed = spells, {
            "start": np.array([_ordinal(t, first=False) for t in starts], dtype=np.int64),
            "start_first": np.array([_ordinal(t, first=True) for t in starts], dtype=np.int64),
            "end_early": np.array([_ordinal(t, first=True) for t in ends], dtype=np.int64),
            "end_late": np.array([_ordinal(t, first=False) for t in ends], dtype=np.int64),
        }
        if len(_PARSED) >= 64:
            _PARSED.clear()
        _PARSED[key] = parsed
    return parsed


# Members by (data folder, content of the two tables read, scheme, day): pages ask for the same
# day of the same scheme many times, and reading the spells costs a pass over every row.
_MEMBERS: dict[tuple, pd.DataFrame] = {}


def membership_on(scheme_id: str, on: date, data_dir=None) -> pd.DataFrame:
    """Members of a dated scheme on day ``on``: one row per country (``COLUMNS``).

    Raises :class:`UncertainMembership` naming the country and the coarse date when a spell's
    start or end, given only as a year or month, leaves membership that day undecided.
    """
    package = Package.open(data_dir)
    on = pd.Timestamp(on).date()
    key = (package.data_dir, package.digest("reference/dated_membership.csv"),
           package.digest("reference/region_schemes.csv"), scheme_id, on)
    members = _MEMBERS.get(key)
    if members is None:
        members = _members_on(scheme_id, on, package)
        if len(_MEMBERS) >= 1024:
            _MEMBERS.clear()
        _MEMBERS[key] = members
    return members.copy()


def _members_on(scheme_id: str, on: date, package: Package) -> pd.DataFrame:
    """One row per country certainly a member on ``on`` (its first such spell in file order),
    sorted by iso3; a country whose spells only possibly hold that day is decided by
    :func:`_possible_member`."""
    spells, days = _parsed_spells(scheme_id, package)
    day = on.toordinal()
    certain = (days["start"] <= day) & (day < days["end_early"])
    possible = ~certain & (days["start_first"] <= day) & (day < days["end_late"])
    iso3 = spells["iso3"].to_numpy(dtype=object)
    chosen: dict[str, int] = {}
    for position in np.flatnonzero(certain):
        chosen.setdefault(iso3[position], int(position))
    for code in sorted(set(iso3[possible]) - set(chosen)):
        candidates = [int(p) for p in np.flatnonzero(possible) if iso3[p] == code]
        chosen[code] = _possible_member(scheme_id, on, spells, candidates)
    records = spells.loc[[chosen[code] for code in sorted(chosen)], COLUMNS]
    rows = [dict(zip(COLUMNS, values, strict=True)) for values in records.itertuples(index=False, name=None)]
    return pd.DataFrame(rows, columns=COLUMNS)


def _possible_member(scheme_id: str, on: date, spells: pd.DataFrame, candidates: list[int]) -> int:
    """Of spells that only possibly hold on ``on`` (positions in ``spells``): two meeting at the
    same coarse date (member, then suspended) make the country a member either way, and the
    later is kept; otherwise :class:`UncertainMembership` is raised."""
    ends, starts = spells["valid_to"], spells["valid_from"]
    joins = [b for a in candidates for b in candidates if not pd.isna(ends[a]) and ends[a] == starts[b]]
    if not joins:
        first = candidates[0]
        end = ends[first] if not pd.isna(ends[first]) else ""
        raise UncertainMembership(
            f"{scheme_id}: membership of {spells['iso3'][first]} on {on:%Y-%m-%d} is uncertain: the source "
            f"dates the spell {starts[first]}..{end} only to the year or month"
        )
    return joins[0]


def operation_start(operation_id: str, data_dir=None) -> date | None:
    """Start date of an operation, ``None`` when the sources give no day."""
    ops = Package.open(data_dir).frame("operations")
    start = ops.loc[ops["operation_id"] == operation_id, "start_date"]
    if start.empty:
        raise ValueError(f"unknown operation {operation_id!r}; valid values: {sorted(ops['operation_id'])}")
    start = start.iloc[0]
    return None if pd.isna(start) else pd.Timestamp(start).date()


def assign_on(frame: pd.DataFrame, scheme_id: str, on: date, iso3_column: str = "iso3",
              data_dir=None) -> pd.DataFrame:
    """``frame`` with ``region_code``, ``region_name``, ``status`` and ``vintage`` of each code
    on day ``on``; a code with no row that day keeps missing values (outside or unclassified)."""
    if iso3_column not in frame.columns:
        raise KeyError(f"column {iso3_column!r} not in frame; columns: {list(frame.columns)}")
    members = membership_on(scheme_id, on, data_dir)[["iso3", "region_code", "region_name", "status", "vintage"]]
    out = frame.copy()
    out[iso3_column] = out[iso3_column].astype("string")
    members = members.rename(columns={"iso3": iso3_column})
    members[iso3_column] = members[iso3_column].astype("string")
    return out.merge(members, on=iso3_column, how="left", validate="many_to_one")


def vintage_on(scheme_id: str, on: date, data_dir=None) -> str | None:
    """The vintage (e.g. 'FY2025') in force on day ``on``, ``None`` when the scheme has none."""
    vintages = membership_on(scheme_id, on, data_dir)["vintage"].dropna().unique()
    if len(vintages) > 1:
        raise ValueError(f"{scheme_id}: several vintages in force on {on}: {sorted(vintages)}")
    return str(vintages[0]) if len(vintages) else None


def income_breakdown(operation_id: str, data_dir=None) -> tuple[pd.DataFrame, str | None]:
    """Participants of an operation by World Bank income group in force on its start date.

    Returns (table, vintage): one row per group in the order low to high, then
    'Unclassified' (participants the vintage does not classify), with ``participants`` (count),
    ``share_of_participants`` (fraction of the listed participants, 0-1), ``countries``
    (names, '; '-separated) and ``vintage``. Empty, vintage ``None``, when the operation has no
    start day or no participant rows.
    """
    start = operation_start(operation_id, data_dir)
    participants = Package.open(data_dir).table("participants", operation_id)
    columns = ["income_group_code", "income_group", "participants", "share_of_participants", "countries",
               "vintage"]
    if start is None or participants.empty:
        return pd.DataFrame(columns=columns), None
    vintage = vintage_on(INCOME_SCHEME, start, data_dir)
    names = Package.open(data_dir).table("countries").set_index("iso3")["name"]
    located = assign_on(participants[["iso3"]].drop_duplicates(), INCOME_SCHEME, start, data_dir=data_dir)
    located["name"] = located["iso3"].map(names)
    labels = dict(Package.open(data_dir).table("dated_membership").query("scheme_id == @INCOME_SCHEME")
                  [["region_code", "region_name"]].drop_duplicates().itertuples(index=False))
    total = len(located)
    rows = []
    for code in INCOME_ORDER + [None]:
        inside = located[located["region_code"].isna()] if code is None else located[located["region_code"] == code]
        rows.append({
            "income_group_code": code,
            "income_group": UNCLASSIFIED if code is None else labels.get(code, code),
            "participants": len(inside),
            "share_of_participants": len(inside) / total if total else None,
            "countries": "; ".join(sorted(inside["name"].astype(str))),
            "vintage": vintage,
        })
    table = pd.DataFrame(rows, columns=columns)
    table["participants"] = table["participants"].astype("Int64")
    return table, vintage


def grouping_coverage(operation_id: str, scheme_id: str, data_dir=None) -> dict:
    """What share of a grouping's members on the operation's start date took part.

    Returns ``members`` (count on that day), ``listed`` (members among the participants),
    ``share`` (listed / members, 0-1), ``member_names`` and ``listed_names`` (sorted names) and
    ``on`` (the day). ``share`` is missing when the operation has no start day.
    """
    start = operation_start(operation_id, data_dir)
    if start is None:
        return {"members": None, "listed": None, "share": None, "member_names": [], "listed_names": [], "on": None}
    names = Package.open(data_dir).table("countries").set_index("iso3")["name"]
    members = set(membership_on(scheme_id, start, data_dir)["iso3"])
    participants = set(Package.open(data_dir).table("participants", operation_id)["iso3"].dropna())
    listed = members & participants
    return {
        "members": len(members), "listed": len(listed),
        "share": len(listed) / len(members) if members else None,
        "member_names": sorted(str(names[c]) for c in members),
        "listed_names": sorted(str(names[c]) for c in listed), "on": start,
    }


def validation_problems(file: str, frame: pd.DataFrame) -> list[str]:
    """Rules of dated_membership.csv: valid_from before valid_to, no overlapping spells for
    one scheme and country (unknown ISO3 codes are the foreign key's to report)."""
    problems = []
    last_end: dict[tuple[str, str], tuple[date, int]] = {}
    # Plain lists, not frame.at per cell: the table has a row per economy and fiscal year.
    schemes, codes = list(frame["scheme_id"]), list(frame["iso3"])
    starts_text, ends_text = list(frame["valid_from"]), list(frame["valid_to"])
    lines = [i + 2 for i in frame.index]
    starts = [bounds(text)[0] for text in starts_text]
    order = sorted(range(len(frame)), key=lambda n: (schemes[n], codes[n], starts[n]))
    for n in order:
        key = (schemes[n], codes[n])
        start, end_text, line = starts[n], ends_text[n], lines[n]
        end = date.max if pd.isna(end_text) else bounds(end_text)[0]
        if end <= start:
            problems.append(problem(
                file, f"valid_to {end_text} is not after valid_from {starts_text[n]}", "dates in order",
                "swap the two dates, or correct the one mistyped", line=line, column=["valid_from", "valid_to"]))
        if key in last_end and start < last_end[key][0]:
            problems.append(problem(
                file, f"{key[1]} under {key[0]!r}: this spell starts before the spell on line "
                      f"{last_end[key][1]} ends", "no overlapping spells",
                "end the earlier spell (valid_to) on or before this one's valid_from", line=line,
                column="valid_from"))
        if key not in last_end or end > last_end[key][0]:
            last_end[key] = (end, line)
    return problems
