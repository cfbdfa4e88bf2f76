"""Region schemes as data: list schemes and regions, assign regions to any frame with ISO3 codes.

A scheme is a row in ``data/reference/region_schemes.csv`` plus one row per country in
``data/reference/region_membership.csv``; adding a scheme is a data change. The universe of
each scheme (the denominator of coverage shares) is every country and territory that has a
row in that scheme.

A scheme whose ``dating`` is ``'dated'`` (World Bank income groups, organisations) keeps its
rows in ``data/reference/dated_membership.csv`` and is read for one day: the start date of
the operation at hand (see :mod:`analysis.dated_membership`). The day comes from ``on=``, else
from the single ``operation_id`` of the frame being assigned, else from
:func:`use_operation`; without one a dated scheme raises ``ValueError``. Under a dated scheme
a country with no row that day is outside every region (missing region), not an error.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import date

import pandas as pd

from analysis.package.load import Package
from analysis.places import dated_membership

WORLD = "World"
_SCHEME_FILES = ("reference/region_schemes.csv", "reference/region_membership.csv", "reference/dated_membership.csv")
# Results by (data folder, digests of the scheme tables, the call): pages ask for the same
# scheme, day and area many times, and each answer costs table reads and merges. Keyed on
# content, so an edited reference table is read afresh.
_RESULTS: dict[tuple, object] = {}


def _remembered(data_dir, call: tuple, compute):
    """``compute()``, remembered for this call and these scheme tables' contents."""
    package = Package.open(data_dir)
    key = (package.data_dir, *(package.digest(f) for f in _SCHEME_FILES), *call)
    if key not in _RESULTS:
        if len(_RESULTS) >= 4096:
            _RESULTS.clear()
        _RESULTS[key] = compute()
    return _RESULTS[key]
_OPERATION_DAY: ContextVar[tuple[str, date | None] | None] = ContextVar("operation_day", default=None)


def use_operation(operation_id: str, data_dir=None) -> date | None:
    """Read dated schemes on this operation's start date from now on (in this context); returns
    the day (``None`` when the sources give no start day)."""
    day = dated_membership.operation_start(operation_id, data_dir)
    _OPERATION_DAY.set((operation_id, day))
    return day


def is_dated(scheme_id: str, data_dir=None) -> bool:
    return dated_membership.scheme_dating(scheme_id, data_dir) == dated_membership.DATED


def _day(scheme_id: str, data_dir=None, on=None, frame: pd.DataFrame | None = None) -> date:
    """The day a dated scheme is read on: ``on``, the frame's single operation, the context."""
    if on is not None:
        return pd.Timestamp(on).date()
    if frame is not None and "operation_id" in frame.columns:
        operations = frame["operation_id"].dropna().unique()
        if len(operations) == 1:
            day = dated_membership.operation_start(str(operations[0]), data_dir)
            if day is None:
                raise ValueError(f"scheme {scheme_id!r} is dated and operation {operations[0]!r} has no start date")
            return day
    current = _OPERATION_DAY.get()
    if current is not None and current[1] is not None:
        return current[1]
    raise ValueError(f"scheme {scheme_id!r} is dated: membership depends on the day; pass on=... or call "
                     "analysis.regions.use_operation(operation_id) first")


def list_schemes(operation_id: str | None = None, data_dir=None) -> pd.DataFrame:
    """Schemes usable for an operation: general schemes plus those specific to it.

    With ``operation_id=None`` every scheme is listed.
    """
    schemes = Package.open(data_dir).table("region_schemes")
    if operation_id is not None:
        schemes = schemes[schemes["operation_id"].isna() | (schemes["operation_id"] == operation_id)]
        if dated_membership.operation_start(operation_id, data_dir) is None:  # no day to read dated schemes on
            schemes = schemes[schemes["dating"] != dated_membership.DATED]
    return schemes.reset_index(drop=True)


def scheme_sort_key(scheme_id: str, data_dir=None) -> tuple[float, str]:
    """Where a scheme comes in a list of schemes: (its ``order`` in region_schemes.csv, its id),
    so the general UN M49 schemes come first, coarse to fine, and schemes sharing a position
    follow by id. An unknown scheme comes after every known one."""
    schemes = Package.open(data_dir).frame("region_schemes")
    order = dict(zip(schemes["scheme_id"], schemes["order"], strict=True))
    return float(order.get(scheme_id, float("inf"))), scheme_id


def check_scheme(scheme_id: str, operation_id: str | None = None, data_dir=None) -> None:
    """Raise ``ValueError`` listing the valid schemes when ``scheme_id`` is not one of them."""
    valid = list(list_schemes(operation_id, data_dir)["scheme_id"])
    if scheme_id not in valid:
        scope = f" for operation {operation_id!r}" if operation_id else ""
        raise ValueError(f"unknown scheme {scheme_id!r}{scope}; valid values: {valid}")


def membership(scheme_id: str, data_dir=None, on=None) -> pd.DataFrame:
    """iso3 -> region_code, region_name under one scheme (one row per country or territory);
    for a dated scheme, the members on the day (see the module docstring)."""
    known = _remembered(data_dir, ("known", scheme_id),
                        lambda: scheme_id in set(list_schemes(data_dir=data_dir)["scheme_id"]))
    if not known:
        check_scheme(scheme_id, data_dir=data_dir)  # raises, naming the valid schemes
    dated = is_dated(scheme_id, data_dir)
    day = _day(scheme_id, data_dir, on) if dated else None
    return _remembered(data_dir, ("membership", scheme_id, day),
                       lambda: _membership(scheme_id, data_dir, day)).copy()


def _membership(scheme_id: str, data_dir, day: date | None) -> pd.DataFrame:
    if day is not None:
        members = dated_membership.membership_on(scheme_id, day, data_dir)
        return members[["iso3", "region_code", "region_name"]].reset_index(drop=True)
    table = Package.open(data_dir).table("region_membership")
    rows = table[table["scheme_id"] == scheme_id]
    return rows[["iso3", "region_code", "region_name"]].reset_index(drop=True)


def list_regions(scheme_id: str, data_dir=None, on=None) -> pd.DataFrame:
    """Regions of a scheme with ``countries_in_region``: how many countries and territories
    the scheme puts in each (the denominator for coverage shares; for a dated scheme, on the
    day). Sorted by region name."""
    members = membership(scheme_id, data_dir, on)
    regions = (
        members.groupby(["region_code", "region_name"], observed=True)
        .size()
        .rename("countries_in_region")
        .reset_index()
        .sort_values("region_name", kind="stable")
        .reset_index(drop=True)
    )
    regions["countries_in_region"] = regions["countries_in_region"].astype("Int64")
    return regions


def _all_regions(scheme_id: str, data_dir=None) -> pd.DataFrame:
    """region_code, region_name of a scheme, on any day for a dated scheme."""
    if is_dated(scheme_id, data_dir):
        check_scheme(scheme_id, data_dir=data_dir)
        table = Package.open(data_dir).table("dated_membership")
        rows = table[table["scheme_id"] == scheme_id][["region_code", "region_name"]].drop_duplicates()
        return rows.sort_values("region_name", kind="stable").reset_index(drop=True)
    return list_regions(scheme_id, data_dir)


def check_region(scheme_id: str, region: str, data_dir=None) -> None:
    """Raise ``ValueError`` listing valid values when ``region`` (a name, a code, or
    ``'World'``) is not a region of the scheme."""
    if region == WORLD:
        return
    regions = _all_regions(scheme_id, data_dir)
    if region not in set(regions["region_name"]) and region not in set(regions["region_code"]):
        valid = [WORLD] + list(regions["region_name"])
        raise ValueError(f"unknown region {region!r} for scheme {scheme_id!r}; valid values: {valid}")


def region_code_of(scheme_id: str, region: str, data_dir=None) -> str | None:
    """Code of a region given by name or code; ``None`` for ``'World'``."""
    check_region(scheme_id, region, data_dir)
    if region == WORLD:
        return None
    regions = _all_regions(scheme_id, data_dir)
    by_name = regions.loc[regions["region_name"] == region, "region_code"]
    return str(by_name.iloc[0]) if len(by_name) else region


def assign_regions(frame: pd.DataFrame, scheme_id: str, iso3_column: str = "iso3",
                   data_dir=None, on=None) -> pd.DataFrame:
    """Return ``frame`` with ``region_code`` and ``region_name`` of ``iso3_column`` under a scheme.

    Rows with a missing code get missing regions. A code the scheme does not cover raises
    ``ValueError`` naming it, rather than being dropped. Under a dated scheme (read on the
    day: ``on``, the frame's single ``operation_id``, or :func:`use_operation`) a code that is
    not a member that day gets missing regions: it is outside the grouping.
    """
    if iso3_column not in frame.columns:
        raise KeyError(f"column {iso3_column!r} not in frame; columns: {list(frame.columns)}")
    dated = is_dated(scheme_id, data_dir)
    day = _day(scheme_id, data_dir, on, frame) if dated else None
    members = membership(scheme_id, data_dir, day).rename(columns={"iso3": iso3_column})
    codes = frame[iso3_column].dropna().astype(str)
    unknown = sorted(set(codes) - set(members[iso3_column]))
    if unknown and not dated:
        raise ValueError(f"no region under scheme {scheme_id!r} for {iso3_column} value(s) {unknown}")
    out = frame.copy()
    out[iso3_column] = out[iso3_column].astype("string")
    members[iso3_column] = members[iso3_column].astype("string")
    return out.merge(members, on=iso3_column, how="left", validate="many_to_one")


def countries_in_area(m49_code: str, data_dir=None) -> set[str]:
    """ISO3 codes of the countries and territories inside an M49 area (any level).

    The M49 hierarchy comes from the M49 schemes' memberships: a country is in an area when
    the area is its region, sub-region or intermediate region; every country is in 001 World.
    """
    return set(_remembered(data_dir, ("area", m49_code), lambda: frozenset(_countries_in_area(m49_code, data_dir))))


def _countries_in_area(m49_code: str, data_dir) -> set[str]:
    table = Package.open(data_dir).frame("region_membership")
    m49 = table[table["scheme_id"].str.startswith("m49-")]
    if m49_code == "001":
        return set(m49["iso3"])
    return set(m49.loc[m49["region_code"] == m49_code, "iso3"])


def region_of_area(m49_code: str, scheme_id: str, data_dir=None, on=None) -> str | None:
    """Region code under ``scheme_id`` that contains the whole M49 area, or ``None`` when the
    area spans several regions of the scheme, or has countries the scheme leaves outside every
    region (or is unknown to it)."""
    inside = countries_in_area(m49_code, data_dir)
    members = membership(scheme_id, data_dir, on)
    if not inside <= set(members["iso3"]):
        return None
    codes = set(members.loc[members["iso3"].isin(inside), "region_code"])
    return codes.pop() if len(codes) == 1 else None
