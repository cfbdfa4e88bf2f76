"""Tables of the dated groupings: World Bank income groups and organisations.

* :func:`income_table`: an operation's participants by World Bank income group, using the
  classification in force on its start date, with the vintage named on every row;
  participants that vintage does not classify are listed under 'Unclassified', never dropped.
* :func:`organisations_table`: for every organisation (a dated scheme other than the income
  groups), how many of its members on the operation's start date were listed as taking part,
  the share of its members (count and population) that makes.
* :func:`country_income_table` and :func:`country_memberships_table`: for a country profile,
  its income group at the time of each operation and its dated memberships.

Units: counts of countries and territories; shares are fractions between 0 and 1; population
in persons (World Bank SP.POP.TOTL, reference/population.csv), over the members that have a
figure. A partial participant list makes every count and share a lower bound ('at least').
"""

from __future__ import annotations

import pandas as pd

from analysis.checks.loaders import load_operations, load_participants, load_population, load_table
from analysis.places import dated_membership as dm


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
