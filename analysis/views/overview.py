"""Tables of the operation overview: headline figures, participation by region under every
scheme, coordination units, partners, named cases by region, sources."""

from __future__ import annotations

import pandas as pd

from analysis.checks import loaders as load
from analysis.package import vocabulary
from analysis.places import regions
from analysis.views import groupings, metrics
from analysis.views.regional import (
    COVERAGE_COLUMNS,
    coverage_with_population,
    headline_table,
    whole_numbers_as_integers,
)


def participation_by_scheme(operation_id: str, data_dir=None) -> pd.DataFrame:
    """Participation coverage under every scheme usable for the operation, stacked long with a
    ``scheme`` column. Empty when the operation has no participant list.

    Per scheme and region: ``participants`` (listed countries and territories in the region:
    the numerator), ``countries_in_region`` (all the scheme puts there: the denominator) and
    ``coverage_share`` = participants / countries_in_region (a fraction between 0 and 1).
    Beside them, by population (see :func:`analysis.regional.coverage_with_population`; unit:
    persons): ``listed_population`` / ``region_population`` = ``population_share``, over the
    members with a population figure; ``members_without_population`` and
    ``listed_without_population`` (ISO3 codes) have none and count in neither.
    ``is_lower_bound`` is true when the operation's list is partial: the counts, the listed
    population and both shares are then lower bounds ('at least'), and a 0 means none listed,
    not none took part.
    """
    columns = ["scheme", *COVERAGE_COLUMNS]
    participants = load.load_participants(operation_id, data_dir)
    if participants.empty:
        return pd.DataFrame(columns=columns)
    frames = []
    regions.use_operation(operation_id, data_dir)  # the day dated schemes are read on
    for scheme in regions.list_schemes(operation_id, data_dir)["scheme_id"]:
        coverage = coverage_with_population(participants, scheme, data_dir)
        frames.append(coverage.assign(scheme=scheme))
    stacked = pd.concat(frames, ignore_index=True)
    return stacked[columns]


def cases_by_region(operation_id: str, scheme: str = "m49-region", data_dir=None) -> pd.DataFrame:
    """Named cases per region under one scheme (unit: cases; examples, not totals)."""
    cases = metrics.case_regions(load.load_cases(operation_id, data_dir), scheme, data_dir)
    cases = cases.assign(region_name=cases["region_name"].fillna(metrics.SPANS_SEVERAL),
                         case_kind=cases["case_kind"].astype(str))
    counts = cases.groupby(["region_name", "case_kind"]).size().unstack(fill_value=0)
    for kind in ("case", "trend-note"):
        if kind not in counts.columns:
            counts[kind] = 0
    counts = counts.rename(columns={"case": "named_cases", "trend-note": "trend_notes"})
    return counts[["named_cases", "trend_notes"]].astype("Int64").reset_index()


def overview_tables(operation_id: str, data_dir=None) -> dict[str, pd.DataFrame]:
    """Every table the overview notebook shows, keyed by a short name."""
    load.load_operations(operation_id, data_dir)  # unknown id -> ValueError with valid ids
    headline = headline_table(operation_id, data_dir)
    alternatives = load.load_figure_alternatives(operation_id, data_dir)
    cases = load.load_cases(operation_id, data_dir)
    used = set(headline["source_url"]) | set(alternatives["source_url"]) | set(cases["source_url"])
    sources = load.load_sources(data_dir)
    return {
        "headline": headline,
        "alternatives": whole_numbers_as_integers(alternatives.drop(columns=["operation_id"])),
        "participation": participation_by_scheme(operation_id, data_dir),
        "coordination_units": load.load_coordination_units(operation_id, data_dir),
        "partners": load.load_partners(operation_id, data_dir),
        "cases_by_region": cases_by_region(operation_id, data_dir=data_dir),
        "income_groups": groupings.income_table(operation_id, data_dir)[0],
        "organisations": groupings.organisations_table(operation_id, data_dir),
        "sources": sources[sources["source_url"].isin(used)].reset_index(drop=True),
    }


def one_line_summary(operation_id: str, tables: dict[str, pd.DataFrame], data_dir=None) -> str:
    """A line for the report index, e.g. 'Operation Liberterra II: overview: 10 headline figures;
    116 participants listed; 18 named cases' ('at least' for a partial list, the list status
    when there is none)."""
    op = load.load_operations(operation_id, data_dir).iloc[0]
    status = str(op["participant_list"])
    participation = tables["participation"]
    listed = int(participation.loc[participation["scheme"] == "m49-region", "participants"].sum())
    if status == "partial":
        listing = f"at least {_count(listed, 'participant')} (partial list)"
    elif listed:
        listing = f"{_count(listed, 'participant')} listed"
    else:
        listing = vocabulary.list_status_words(status, "status_line", data_dir)
    cases = int(tables["cases_by_region"]["named_cases"].sum())
    return (f"{op['operation_name']}: overview: {_count(len(tables['headline']), 'headline figure')}; "
            f"{listing}; {_count(cases, 'named case')}")


def _count(n: int, noun: str) -> str:
    """'1 edition', '3 editions'."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
