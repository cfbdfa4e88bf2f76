"""Tables of the dated groupings: World Bank income groups and organisations.

* :func:`income_table`: an operation's participants by World Bank income group, using the
  classification in force on its start date, with the vintage named on every row;
  participants that vintage does not classify are listed under 'Unclassified', never dropped.
* :func:`organisations_table`: for every organisation (a dated scheme other than the income
  groups), how many of its members on the operation's start date were listed as taking part,
  the share of its members (count and population) that makes.
* :func:`country_income_table` and :func:`country_memberships_table`: for a country profile,
  its income group at the time of each operation and its dated memberships.
* :func:`region_income_table` and :func:`region_wb_region_table`: for a regional page, the
  region's listed participants by World Bank income group (the vintage in force on the
  operation's start date) and by World Bank region (one pinned vintage), each group beside all
  the region's countries and territories in it (by count and by population).

Units: counts of countries and territories; shares are fractions between 0 and 1; population
in persons (World Bank SP.POP.TOTL, reference/population.csv), over the members that have a
figure. A partial participant list makes every count and share a lower bound ('at least').
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from analysis.checks.loaders import load_operations, load_participants, load_population, load_table
from analysis.places import dated_membership as dm
from analysis.places import regions

WB_REGION_SCHEME = "wb-region"
NO_WB_REGION = "No World Bank region"


def income_table(operation_id: str, data_dir=None) -> tuple[pd.DataFrame, str | None]:
    """See :func:`analysis.dated_membership.income_breakdown` (columns, units)."""
    return dm.income_breakdown(operation_id, data_dir)


def organisation_schemes(data_dir=None) -> pd.DataFrame:
    """Dated schemes other than the income groups, with their labels, in a fixed order."""
    schemes = load_table("region_schemes", data_dir=data_dir)
    out = schemes[(schemes["dating"] == dm.DATED) & (schemes["scheme_id"] != dm.INCOME_SCHEME)]
    return out[["scheme_id", "label"]].sort_values("scheme_id").reset_index(drop=True)


def organisations_table(operation_id: str, data_dir=None) -> pd.DataFrame:
    """One row per organisation with at least one member listed by the operation.

    Columns: ``scheme`` (id), ``organisation``, ``members_on_start_date`` (count on the day the
    operation started), ``listed_members`` (of them, listed as taking part), ``coverage_share``
    (listed / members), ``population_share`` (population of the listed members / population of
    all members with a figure), ``listed`` and ``not_listed`` (names, '; '-separated),
    ``on`` (the start date). Empty when the operation has no start day or no list.
    """
    columns = ["scheme", "organisation", "members_on_start_date", "listed_members", "coverage_share",
               "population_share", "listed", "not_listed", "on"]
    start = dm.operation_start(operation_id, data_dir)
    participants = load_participants(operation_id, data_dir)
    if start is None or participants.empty:
        return pd.DataFrame(columns=columns)
    listed_codes = set(participants["iso3"].dropna())
    names = load_table("countries", data_dir=data_dir).set_index("iso3")["name"]
    population = load_population(data_dir).set_index("iso3")["population"]
    rows = []
    for scheme in organisation_schemes(data_dir).itertuples(index=False):
        members = set(dm.membership_on(scheme.scheme_id, start, data_dir)["iso3"])
        listed = members & listed_codes
        if not listed:
            continue
        with_figure = [c for c in members if c in population.index]
        total = sum(int(population[c]) for c in with_figure)
        rows.append({
            "scheme": scheme.scheme_id,
            "organisation": str(load_table("dated_membership", data_dir=data_dir)
                                .query("scheme_id == @scheme.scheme_id")["region_name"].iloc[0]),
            "members_on_start_date": len(members),
            "listed_members": len(listed),
            "coverage_share": len(listed) / len(members),
            "population_share": (sum(int(population[c]) for c in listed if c in population.index) / total
                                 if total else None),
            "listed": "; ".join(sorted(str(names[c]) for c in listed)),
            "not_listed": "; ".join(sorted(str(names[c]) for c in members - listed)),
            "on": start.isoformat(),
        })
    out = pd.DataFrame(rows, columns=columns)
    for column in ("members_on_start_date", "listed_members"):
        out[column] = out[column].astype("Int64")
    return out




def country_income_table(iso3: str, data_dir=None) -> pd.DataFrame:
    """The country's World Bank income group on each dated operation's start date.

    Columns: ``operation_id``, ``operation_name``, ``start_date``, ``income_group`` ('Unclassified'
    when the vintage has no group for it) and ``vintage`` (e.g. FY2025). Newest first; operations
    without a start day are left out (no classification can be chosen for them).
    """
    columns = ["operation_id", "operation_name", "start_date", "income_group", "vintage"]
    if dm.INCOME_SCHEME not in set(load_table("region_schemes", data_dir=data_dir)["scheme_id"]):
        return pd.DataFrame(columns=columns)  # a package without the income groups
    ops = load_operations(data_dir=data_dir)
    ops = ops[ops["start_date"].notna()].sort_values(["start_date", "operation_id"], ascending=[False, True])
    rows = []
    for op in ops.itertuples(index=False):
        on = op.start_date.date()
        found = dm.assign_on(pd.DataFrame({"iso3": [iso3]}), dm.INCOME_SCHEME, on, data_dir=data_dir).iloc[0]
        rows.append({"operation_id": op.operation_id, "operation_name": op.operation_name,
                     "start_date": on.isoformat(),
                     "income_group": dm.UNCLASSIFIED if pd.isna(found["region_name"]) else found["region_name"],
                     "vintage": dm.vintage_on(dm.INCOME_SCHEME, on, data_dir)})
    return pd.DataFrame(rows, columns=["operation_id", "operation_name", "start_date", "income_group", "vintage"])


def country_memberships_table(iso3: str, data_dir=None) -> pd.DataFrame:
    """The country's spells in every organisation: ``organisation``, ``valid_from``,
    ``valid_to`` (first day outside; missing while a member), ``status``, ``source_url``, ``notes``."""
    table = load_table("dated_membership", data_dir=data_dir)
    mine = table[(table["iso3"] == iso3) & (table["scheme_id"] != dm.INCOME_SCHEME)]
    out = mine.rename(columns={"region_name": "organisation", "note": "notes"})
    return out[["organisation", "valid_from", "valid_to", "status", "source_url", "notes"]].reset_index(drop=True)


# -- a region's participants by World Bank grouping (regional pages) -----------------------------

#: Columns of both breakdowns after the group's own two (code and name); see :func:`_breakdown`.
BREAKDOWN_COLUMNS = ["participants", "share_of_participants", "countries_in_group", "coverage_share",
                     "listed_population", "group_population", "population_share", "members_without_population",
                     "listed_countries", "vintage"]
INCOME_COLUMNS = ["income_group_code", "income_group", *BREAKDOWN_COLUMNS, "in_force_from", "is_lower_bound"]
WB_REGION_COLUMNS = ["wb_region_code", "wb_region", *BREAKDOWN_COLUMNS, "is_lower_bound"]


def pinned_vintage(scheme_id: str, data_dir=None) -> str:
    """The fiscal year a pinned scheme is labelled with ('FY2026'), read from the start of its
    ``version`` in reference/region_schemes.csv; ``ValueError`` naming the row when it has none."""
    schemes = load_table("region_schemes", data_dir=data_dir).set_index("scheme_id")
    version = str(schemes.at[scheme_id, "version"])
    found = re.match(r"FY\d{4}\b", version)
    if found is None:
        raise ValueError(f"reference/region_schemes.csv: scheme {scheme_id!r}, column 'version' is {version!r}; "
                         "expected it to start with the fiscal year of the vintage, e.g. 'FY2026 (...)'")
    return found.group(0)


def _breakdown(listed: pd.DataFrame, members: set[str], assigned: pd.DataFrame, groups: list[tuple[str, str]],
               outside: str, *, partial: bool, data_dir=None) -> pd.DataFrame:
    """One row per group of ``groups`` ((code, name), in order), then one for the codes no
    group holds (``outside``, code missing); rows with neither a listed participant nor a member
    are left out.

    ``listed``: the region's listed participants (``iso3``, ``name``), each counted once;
    ``members``: ISO3 codes of every country and territory of the region (the denominators);
    ``assigned``: ``iso3`` -> ``region_code`` under the grouping (codes absent: no group).

    Columns: ``group_code``, ``group_name``, ``participants`` (listed in the group: countries and
    territories), ``share_of_participants`` (participants / all the region's listed, 0-1),
    ``countries_in_group`` (members of the region in the group), ``coverage_share``
    (participants / countries_in_group), ``listed_population`` and ``group_population``
    (persons, over those with a population figure), ``population_share`` (their ratio; missing
    when no member has a figure), ``members_without_population`` (ISO3, ', '-joined; in
    neither sum), ``listed_countries`` (names, '; '-joined) and ``is_lower_bound`` (partial list).
    """
    listed = listed.drop_duplicates("iso3")
    members = members | set(listed["iso3"])
    group_of = dict(zip(assigned["iso3"].astype(str), assigned["region_code"].astype(str), strict=True))
    population = load_population(data_dir).set_index("iso3")["population"]
    names = dict(zip(listed["iso3"].astype(str), listed["name"].astype(str), strict=True))
    rows = []
    for code, label in [*groups, (None, outside)]:
        inside = {c for c in members if group_of.get(c) == code} if code is not None else \
            {c for c in members if c not in group_of}
        taking_part = inside & set(names)
        if not inside:
            continue
        known = [c for c in inside if c in population.index]
        total = sum(int(population[c]) for c in known)
        listed_people = sum(int(population[c]) for c in taking_part if c in population.index)
        rows.append({
            "group_code": code, "group_name": label,
            "participants": len(taking_part),
            "share_of_participants": len(taking_part) / len(names) if names else None,
            "countries_in_group": len(inside),
            "coverage_share": len(taking_part) / len(inside),
            "listed_population": listed_people,
            "group_population": total if known else None,
            "population_share": listed_people / total if total else None,
            "members_without_population": ", ".join(sorted(inside - set(known))),
            "listed_countries": "; ".join(sorted(names[c] for c in taking_part)),
            "is_lower_bound": partial,
        })
    out = pd.DataFrame(rows, columns=["group_code", "group_name", *BREAKDOWN_COLUMNS[:-1], "is_lower_bound"])
    for column in ("participants", "countries_in_group", "listed_population", "group_population"):
        out[column] = out[column].astype("Int64")
    for column in ("share_of_participants", "coverage_share", "population_share"):
        out[column] = out[column].astype("Float64")
    out["is_lower_bound"] = out["is_lower_bound"].astype("boolean")
    return out


def region_income_table(listed: pd.DataFrame, members: set[str], on: date | None, *, partial: bool,
                        data_dir=None) -> pd.DataFrame:
    """The region's listed participants by World Bank income group on day ``on`` (the
    operation's start date), low to high, then 'Unclassified' (no group in that vintage: listed,
    never dropped). Columns: ``INCOME_COLUMNS`` (see :func:`_breakdown`), with ``vintage``
    ('FY2025') and ``in_force_from`` (ISO date, 1 July) on every row. Empty without a start day
    or without a participant list (no ``members`` and no ``listed``: missing, not zero); a region
    with a list but none of it listed gets its groups with 0 participants."""
    if on is None or (listed.empty and not members):
        return pd.DataFrame(columns=INCOME_COLUMNS)
    vintage = dm.vintage_on(dm.INCOME_SCHEME, on, data_dir)
    spells = load_table("dated_membership", data_dir=data_dir).query("scheme_id == @dm.INCOME_SCHEME")
    labels = dict(spells[["region_code", "region_name"]].drop_duplicates().itertuples(index=False))
    groups = [(code, labels[code]) for code in dm.INCOME_ORDER if code in labels]
    in_force = spells.loc[spells["vintage"] == vintage, "valid_from"]
    out = _breakdown(listed, members, dm.membership_on(dm.INCOME_SCHEME, on, data_dir), groups, dm.UNCLASSIFIED,
                     partial=partial, data_dir=data_dir)
    out = out.rename(columns={"group_code": "income_group_code", "group_name": "income_group"})
    out["vintage"] = vintage
    out["in_force_from"] = str(in_force.min()) if len(in_force) else None
    return out[INCOME_COLUMNS]


def region_wb_region_table(listed: pd.DataFrame, members: set[str], *, partial: bool,
                           data_dir=None) -> pd.DataFrame:
    """The region's listed participants by World Bank region, one pinned vintage for every
    operation (``vintage``, e.g. 'FY2026', on every row), regions by name, then those the
    World Bank puts in no region (listed, never dropped). Columns: ``WB_REGION_COLUMNS`` (see
    :func:`_breakdown`). Empty without a participant list (no ``members`` and no ``listed``)."""
    if listed.empty and not members:
        return pd.DataFrame(columns=WB_REGION_COLUMNS)
    groups = list(regions.list_regions(WB_REGION_SCHEME, data_dir)[["region_code", "region_name"]]
                  .itertuples(index=False, name=None))
    out = _breakdown(listed, members, regions.membership(WB_REGION_SCHEME, data_dir), groups, NO_WB_REGION,
                     partial=partial, data_dir=data_dir)
    out = out.rename(columns={"group_code": "wb_region_code", "group_name": "wb_region"})
    out["vintage"] = pinned_vintage(WB_REGION_SCHEME, data_dir)
    return out[WB_REGION_COLUMNS]
