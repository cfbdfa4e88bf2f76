"""Trends across operation editions: headline figures over time, participation changes and
how often each region takes part.

Figures are compared only within one metric of the shared vocabulary
(``data/reference/metrics.csv``); the ``counting_basis`` column keeps the verb each source
used ('rescued', 'identified', 'safeguarded'), so differently counted figures stay visible.
"""

from __future__ import annotations

import pandas as pd

from analysis import load, metrics, regions

ALL = "all"
COMPARABLE_METRICS = ("participating_countries", "potential_victims", "irregular_migrants", "arrests",
                      "arrests_ht_ms", "investigations_opened", "officers_deployed", "database_checks")


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


def headline_trends(family_id: str, data_dir=None) -> pd.DataFrame:
    """Headline figures of every edition in a family, one row per edition and metric.

    Columns: edition (operation name), start date, metric label, value as printed, value,
    bounds, counting basis, preliminary and single-source flags, ``alternatives``: how many
    other values sources printed for the figure (see figure_alternatives.csv), and the figure's
    notes (our words). Unit: the metric's unit (persons, checks, countries...).
    """
    ops = family_operations(family_id, data_dir)
    ops = ops.assign(edition=operation_label(ops))[["operation_id", "edition", "start_date"]]
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
    columns = ["operation_id", "edition", "start_date", "metric_id", "metric",
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
    """How regions take part across the editions of a family that published a list.

    Per region: ``editions_with_list`` (denominator), ``editions_present`` (editions where at
    least one country or territory of the region took part), ``mean_coverage_share`` (mean over
    those editions of participants / countries in region) and ``countries_ever`` (distinct
    countries and territories of the region listed at least once).
    """
    ops = family_operations(family_id, data_dir)
    participants = load.load_participants(data_dir=data_dir)
    participants = participants[participants["operation_id"].isin(ops["operation_id"])]
    columns = ["region_code", "region_name", "editions_with_list", "editions_present",
               "mean_coverage_share", "countries_ever", "countries_in_region"]
    if participants.empty:
        return pd.DataFrame(columns=columns)
    per_op = []
    for op_id, group in participants.groupby("operation_id", sort=True):
        per_op.append(metrics.participation_coverage(group, scheme, data_dir).assign(operation_id=op_id))
    stacked = pd.concat(per_op, ignore_index=True)
    located = regions.assign_regions(participants, scheme, data_dir=data_dir)
    ever = located.groupby("region_code")["iso3"].nunique()
    out = stacked.groupby(["region_code", "region_name", "countries_in_region"]).agg(
        editions_present=("participants", lambda s: int((s > 0).sum())),
        mean_coverage_share=("coverage_share", "mean"),
    ).reset_index()
    out["editions_with_list"] = participants["operation_id"].nunique()
    out["countries_ever"] = out["region_code"].map(ever).fillna(0)  # 0: none of them ever listed
    for column in ("editions_with_list", "editions_present", "countries_ever", "countries_in_region"):
        out[column] = out[column].astype("Int64")
    out["mean_coverage_share"] = out["mean_coverage_share"].astype("Float64")
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
