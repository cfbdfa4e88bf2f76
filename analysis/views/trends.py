"""Trends across operation editions: headline figures over time, participation changes and
how often each region takes part.

Figures are compared only within one metric of the shared vocabulary
(``data/reference/metrics.csv``); the ``counting_basis`` column keeps the verb each source
used ('rescued', 'identified', 'safeguarded'), so differently counted figures stay visible.
"""

from __future__ import annotations

import pandas as pd

from analysis.package import load
from analysis.places import regions
from analysis.views import metrics

ALL = "all"
COMPARABLE_METRICS = ("participating_countries", "potential_victims", "irregular_migrants", "arrests",
                      "arrests_ht_ms", "investigations_opened", "officers_deployed", "database_checks",
                      "checks_or_inspections")


def families(data_dir=None) -> list[str]:
    """Operation families in the data, plus ``'all'``."""
    return [ALL] + sorted(load.load_operations(data_dir=data_dir)["family_id"].unique())


def family_operations(family_id: str, data_dir=None) -> pd.DataFrame:
    """Operations of a family (or all), oldest first; an unknown family raises ``ValueError``
    listing the valid ones."""
    valid = families(data_dir)
    if family_id not in valid:
        raise ValueError(f"unknown family_id {family_id!r}; valid values: {valid}")
    ops = load.load_operations(data_dir=data_dir)
    if family_id != ALL:
        ops = ops[ops["family_id"] == family_id]
    # Editions without a start day sort by the year in their printed dates (1 January).
    year = ops["dates_as_printed"].str.extract(r"((?:19|20)\d\d)", expand=False)
    sort_date = ops["start_date"].fillna(pd.to_datetime(year + "-01-01", errors="coerce"))
    return ops.assign(_sort=sort_date).sort_values(["_sort", "operation_id"], kind="stable") \
        .drop(columns="_sort").reset_index(drop=True)


def operation_label(operations: pd.DataFrame) -> pd.Series:
    """Short unambiguous label of each edition: its name and year ('Operation Global Chain
    (2024)'); the year comes from the start date, else from the printed dates."""
    year = operations["start_date"].dt.year.astype("Int64").astype("string")
    printed = operations["dates_as_printed"].str.extract(r"((?:19|20)\d\d)", expand=False)
    year = year.fillna(printed).fillna("year not printed")
    return operations["operation_name"] + " (" + year + ")"


_MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")], start=1) for name in names}
_MONTH_PATTERN = r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b"
_YEAR_PATTERN = r"\b((?:19|20)\d\d)\b"


def edition_dates(operations: pd.DataFrame) -> pd.DataFrame:
    """Where each edition goes on a time axis: ``edition_date`` and ``edition_date_basis``.

    In order of preference:

    - ``start_date``: the first day of the operation, when printed;
    - ``printed_month``: the 15th of the first month named in ``dates_as_printed``, when that
      text also names a year ('early April 2019' is 15 April 2019; at most about two weeks off);
    - ``announced_date``: the day the results were announced (after the operation);
    - ``printed_year``: 1 July of the first year in ``dates_as_printed`` (at most six months off);
    - missing (both columns): nothing dates the edition (e.g. 'announced on Monday 17
      September (year not printed)'); such an edition cannot be placed on a time axis.

    Returns a frame with the index of ``operations``.
    """
    printed = operations["dates_as_printed"].astype("string").str.lower()
    year = printed.str.extract(_YEAR_PATTERN, expand=False)
    month = printed.str.extract(_MONTH_PATTERN, expand=False).map(_MONTHS, na_action="ignore")
    month_date = pd.to_datetime(year + "-" + month.astype("Int64").astype("string").str.zfill(2) + "-15",
                                errors="coerce")
    year_date = pd.to_datetime(year + "-07-01", errors="coerce")
    date = operations["start_date"].copy()
    basis = pd.Series(pd.NA, index=operations.index, dtype="string").mask(date.notna(), "start_date")
    for name, candidate in [("printed_month", month_date), ("announced_date", operations["announced_date"]),
                            ("printed_year", year_date)]:
        use = date.isna() & candidate.notna()
        date = date.mask(use, candidate.astype(date.dtype))
        basis = basis.mask(use, name)
    return pd.DataFrame({"edition_date": date, "edition_date_basis": basis}, index=operations.index)


def headline_trends(family_id: str, data_dir=None) -> pd.DataFrame:
    """Headline figures of every edition in a family, one row per edition and metric.

    Columns: edition (operation name), start date, ``edition_date`` and ``edition_date_basis``
    (where the edition goes on a time axis, see ``edition_dates``), metric label, value as
    printed, value, bounds, counting basis, preliminary and single-source flags,
    ``alternatives``: how many other values sources printed for the figure (see
    figure_alternatives.csv), and the figure's notes (our words). Unit: the metric's unit
    (persons, checks, countries...).
    """
    ops = family_operations(family_id, data_dir)
    ops = pd.concat([ops.assign(edition=operation_label(ops)), edition_dates(ops)], axis=1)
    ops = ops[["operation_id", "edition", "start_date", "edition_date", "edition_date_basis"]]
    figures = load.load_figures(data_dir=data_dir)
    figures = figures[figures["operation_id"].isin(ops["operation_id"])]
    labels = load.load_table("metrics", data_dir=data_dir).set_index("metric_id")["label"]
    alternatives = load.load_figure_alternatives(data_dir=data_dir)
    alt_counts = alternatives.groupby(["operation_id", "metric_id"], observed=True).size()
    out = figures.merge(ops, on="operation_id")
    out["metric_id"] = out["metric_id"].astype(str)
    out["metric"] = out["metric_id"].map(labels)
    keys = list(zip(out["operation_id"], out["metric_id"], strict=True))
    out["alternatives"] = pd.array([int(alt_counts.get(k, 0)) for k in keys], dtype="Int64")
    columns = ["operation_id", "edition", "start_date", "edition_date", "edition_date_basis", "metric_id", "metric",
               "value_as_printed", "value", "qualifier", "lower_bound", "upper_bound",
               "counting_basis", "is_preliminary", "is_single_source", "alternatives", "notes"]
    rank = {op_id: i for i, op_id in enumerate(ops["operation_id"])}
    out = out.assign(_rank=out["operation_id"].map(rank))
    return out.sort_values(["metric_id", "_rank"], kind="stable")[columns].reset_index(drop=True)


def participation_changes(family_id: str, data_dir=None) -> pd.DataFrame:
    """Countries joining and leaving between consecutive editions of the same family.

    One row per edition with a participant list: ``listed`` (countries and territories) and,
    compared with the previous edition of the same family that published a list, ``joined`` and
    ``left`` with their ISO3 codes. The comparison is left missing for a family's first list and
    whenever either list is partial (a partial list cannot show who left). Unit: countries and
    territories. Editions without a published list are skipped, not read as empty.
    """
    ops = family_operations(family_id, data_dir)
    ops = ops.assign(edition=operation_label(ops))
    participants = load.load_participants(data_dir=data_dir)
    rows, previous = [], {}
    for op in ops.itertuples():
        listed = set(participants.loc[participants["operation_id"] == op.operation_id, "iso3"])
        if not listed:
            continue
        row = {"operation_id": op.operation_id, "edition": op.edition, "list_status": op.participant_list,
               "listed": len(listed), "joined": pd.NA, "left": pd.NA, "joined_iso3": pd.NA,
               "left_iso3": pd.NA, "compared_with": pd.NA}
        before = previous.get(op.family_id)
        if before is not None and before[2] == "complete" and op.participant_list == "complete":
            prev_id, prev_set, _ = before
            joined, left = sorted(listed - prev_set), sorted(prev_set - listed)
            row.update(joined=len(joined), left=len(left), joined_iso3=", ".join(joined),
                       left_iso3=", ".join(left), compared_with=prev_id)
        rows.append(row)
        previous[op.family_id] = (op.operation_id, listed, op.participant_list)
    out = pd.DataFrame(rows, columns=["operation_id", "edition", "list_status", "listed", "joined", "left",
                                      "joined_iso3", "left_iso3", "compared_with"])
    for column in ("listed", "joined", "left"):
        out[column] = out[column].astype("Int64")
    for column in ("joined_iso3", "left_iso3", "compared_with"):
        out[column] = out[column].astype("string")
    return out


def headline_matrix(trends: pd.DataFrame, metric_ids=None) -> pd.DataFrame:
    """Editions (rows, in date order) by metric (columns), showing each figure as printed, for
    reading across editions at a glance; a missing cell means the source gave no such figure."""
    data = trends if metric_ids is None else trends[trends["metric_id"].isin(metric_ids)]
    order = list(dict.fromkeys(data["edition"]))  # headline_trends keeps the editions in date order
    metric_order = list(dict.fromkeys(m for m in (metric_ids or data["metric_id"]) if m in set(data["metric_id"])))
    labels = dict(zip(data["metric_id"], data["metric"], strict=False))
    wide = data.pivot(index="edition", columns="metric_id", values="value_as_printed")
    wide = wide.reindex(index=order, columns=metric_order).rename(columns=labels)
    wide.columns.name = None
    return wide.astype("string")


def region_participation_frequency(family_id: str, scheme: str = "m49-region",
                                   data_dir=None) -> pd.DataFrame:
    """How regions take part across the editions of a family that have a participant list.

    Complete lists give exact shares; a partial list gives only lower bounds, so the two are
    never averaged together. Per region (unit of shares: a fraction between 0 and 1):

    - ``editions_with_list``: editions with a complete or partial list; ``complete_lists`` and
      ``partial_lists`` split it. Editions whose list was never published or not transcribed
      are left out, not read as empty.
    - ``editions_present``: editions whose list names at least one country or territory of the
      region (numerator; denominator ``editions_with_list``).
    - ``mean_coverage_share``: mean over the *complete* lists of participants in the region /
      countries and territories in the region; missing when the family has no complete list.
    - ``mean_coverage_share_partial_lower_bound``: the same mean over the *partial* lists; each
      share, and so the mean, is a lower bound (countries missing from a cut-off list may have
      taken part); missing when there is no partial list.
    - ``countries_ever``: distinct countries and territories of the region listed at least once
      (denominator ``countries_in_region``).
    - ``is_lower_bound``: true when a partial list is included, so that ``editions_present`` and
      ``countries_ever`` are lower bounds ('at least'); a 0 then means none listed, not none took part.
    """
    ops = family_operations(family_id, data_dir)
    status = ops.set_index("operation_id")["participant_list"].astype(str)
    participants = load.load_participants(data_dir=data_dir)
    participants = participants[participants["operation_id"].isin(ops["operation_id"])]
    columns = ["region_code", "region_name", "editions_with_list", "complete_lists", "partial_lists",
               "editions_present", "mean_coverage_share", "mean_coverage_share_partial_lower_bound",
               "countries_ever", "countries_in_region", "is_lower_bound"]
    if participants.empty:
        return pd.DataFrame(columns=columns)
    per_op = []
    for op_id, group in participants.groupby("operation_id", sort=True):
        coverage = metrics.participation_coverage(group, scheme, data_dir)
        per_op.append(coverage.assign(operation_id=op_id, is_partial=status[op_id] == "partial"))
    stacked = pd.concat(per_op, ignore_index=True)
    partial = stacked["is_partial"]
    located = regions.assign_regions(participants, scheme, data_dir=data_dir)
    ever = located.groupby("region_code")["iso3"].nunique()
    out = stacked.groupby(["region_code", "region_name", "countries_in_region"]).agg(
        editions_present=("participants", lambda s: int((s > 0).sum())),
    ).reset_index()
    out["mean_coverage_share"] = out["region_code"].map(
        stacked[~partial].groupby("region_code")["coverage_share"].mean())
    out["mean_coverage_share_partial_lower_bound"] = out["region_code"].map(
        stacked[partial].groupby("region_code")["coverage_share"].mean())
    lists = stacked.drop_duplicates("operation_id")["is_partial"]
    out["complete_lists"], out["partial_lists"] = int((~lists).sum()), int(lists.sum())
    out["editions_with_list"] = len(lists)
    out["countries_ever"] = out["region_code"].map(ever).fillna(0)  # 0: none of them ever listed
    out["is_lower_bound"] = pd.array([bool(lists.any())] * len(out), dtype="boolean")
    for column in ("editions_with_list", "complete_lists", "partial_lists", "editions_present", "countries_ever",
                   "countries_in_region"):
        out[column] = out[column].astype("Int64")
    for column in ("mean_coverage_share", "mean_coverage_share_partial_lower_bound"):
        out[column] = out[column].astype("Float64")
    return out[columns].sort_values("region_name", kind="stable").reset_index(drop=True)


def trend_tables(family_id: str, data_dir=None) -> dict[str, pd.DataFrame]:
    """Every table the trends notebook shows (``headline_trends``: the comparable metrics;
    ``headline_all``: every headline figure)."""
    headline = headline_trends(family_id, data_dir)
    return {
        "editions": family_operations(family_id, data_dir)[
            ["operation_id", "operation_name", "dates_as_printed", "coordinator", "focus_region",
             "results_status", "participant_list", "source_url"]],
        "headline_matrix": headline_matrix(headline, COMPARABLE_METRICS),
        "headline_trends": headline[headline["metric_id"].isin(COMPARABLE_METRICS)].reset_index(drop=True),
        "headline_all": headline,
        "participation_changes": participation_changes(family_id, data_dir),
        "region_frequency": region_participation_frequency(family_id, data_dir=data_dir),
    }


def one_line_summary(family_id: str, tables: dict[str, pd.DataFrame]) -> str:
    """A line for the report index: 'Trends across editions: the liberterra family (3 editions)'."""
    label = "all operations" if family_id == ALL else f"the {family_id} family"
    n = len(tables["editions"])
    return f"Trends across editions: {label} ({n} edition{'' if n == 1 else 's'})"
