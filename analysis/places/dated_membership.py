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


def scheme_dating(scheme_id: str, data_dir=None) -> str:
    """``'dated'`` or ``'pinned-vintage'``; ``ValueError`` naming the valid schemes if unknown."""
    schemes = Package.open(data_dir).table("region_schemes").set_index("scheme_id")
    if scheme_id not in schemes.index:
        raise ValueError(f"unknown scheme {scheme_id!r}; valid values: {sorted(schemes.index)}")
    return str(schemes.at[scheme_id, "dating"])


def dated_schemes(data_dir=None) -> list[str]:
    schemes = Package.open(data_dir).table("region_schemes")
    return sorted(schemes.loc[schemes["dating"] == DATED, "scheme_id"])


def _spells(scheme_id: str, data_dir=None) -> pd.DataFrame:
    if scheme_dating(scheme_id, data_dir) != DATED:
        raise ValueError(f"scheme {scheme_id!r} is not dated: use analysis.regions.membership")
    table = Package.open(data_dir).table("dated_membership")
    return table[table["scheme_id"] == scheme_id]


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


def _members_on(scheme_id: str, on: date, data_dir) -> pd.DataFrame:
    rows = []
    for iso3, spells in _spells(scheme_id, data_dir).groupby("iso3", sort=True):
        certain, possible = [], []
        for spell in spells.itertuples(index=False):
            start_first, start_after = bounds(spell.valid_from)
            start = start_first if _is_day(spell.valid_from) else start_after
            if pd.isna(spell.valid_to):
                end_early = end_late = date.max
            else:
                end_early, end_after = bounds(spell.valid_to)
                end_late = end_early if _is_day(spell.valid_to) else end_after
            if start <= on < end_early:
                certain.append(spell)
            elif start_first <= on < end_late:
                possible.append(spell)
        if not certain and possible:
            # Two spells meeting at the same coarse date (member, then suspended): in either way.
            joins = [b for a in possible for b in possible if not pd.isna(a.valid_to) and a.valid_to == b.valid_from]
            if not joins:
                coarse = possible[0]
                raise UncertainMembership(
                    f"{scheme_id}: membership of {iso3} on {on:%Y-%m-%d} is uncertain: the source dates "
                    f"the spell {coarse.valid_from}..{coarse.valid_to if not pd.isna(coarse.valid_to) else ''} "
                    "only to the year or month"
                )
            certain = joins[:1]
        if certain:
            spell = certain[0]
            rows.append({c: getattr(spell, c) for c in COLUMNS})
    return pd.DataFrame(rows, columns=COLUMNS)


def operation_start(operation_id: str, data_dir=None) -> date | None:
    """Start date of an operation, ``None`` when the sources give no day."""
    ops = Package.open(data_dir).table("operations").set_index("operation_id")
    if operation_id not in ops.index:
        raise ValueError(f"unknown operation {operation_id!r}; valid values: {sorted(ops.index)}")
    start = ops.at[operation_id, "start_date"]
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
    order = sorted(frame.index, key=lambda i: (frame.at[i, "scheme_id"], frame.at[i, "iso3"],
                                                bounds(frame.at[i, "valid_from"])[0]))
    for i in order:
        key = (frame.at[i, "scheme_id"], frame.at[i, "iso3"])
        start = bounds(frame.at[i, "valid_from"])[0]
        end_text = frame.at[i, "valid_to"]
        end = date.max if pd.isna(end_text) else bounds(end_text)[0]
        if end <= start:
            problems.append(problem(
                file, f"valid_to {end_text} is not after valid_from {frame.at[i, 'valid_from']}", "dates in order",
                "swap the two dates, or correct the one mistyped", line=i + 2, column=["valid_from", "valid_to"]))
        if key in last_end and start < last_end[key][0]:
            problems.append(problem(
                file, f"{key[1]} under {key[0]!r}: this spell starts before the spell on line "
                      f"{last_end[key][1]} ends", "no overlapping spells",
                "end the earlier spell (valid_to) on or before this one's valid_from", line=i + 2,
                column="valid_from"))
        if key not in last_end or end > last_end[key][0]:
            last_end[key] = (end, i + 2)
    return problems
