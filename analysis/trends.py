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
    return ops.sort_values(["start_date", "operation_id"], kind="stable").reset_index(drop=True)


def headline_trends(family_id: str, data_dir=None) -> pd.DataFrame:
    """Headline figures of every edition in a family, one row per edition and metric.

    Columns: edition (operation name), start date, metric label, value as printed, value,
    bounds, counting basis, preliminary and single-source flags, and ``alternatives``: how many
    other values sources printed for the figure (see figure_alternatives.csv). Unit: the
    metric's unit (persons, checks, countries...).
    """
    ops = family_operations(family_id, data_dir)[["operation_id", "operation_name", "start_date"]]
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
    columns = ["operation_id", "operation_name", "start_date", "metric_id", "metric",
               "value_as_printed", "value", "qualifier", "lower_bound", "upper_bound",
               "counting_basis", "is_preliminary", "is_single_source", "alternatives"]
    return out[columns].sort_values(["metric_id", "start_date", "operation_id"], kind="stable") \
        .reset_index(drop=True)


def participation_changes(family_id: str, data_dir=None) -> pd.DataFrame:
    """Countries joining and leaving between consecutive editions that published a list.

    One row per edition with a participant list: ``listed`` (countries and territories),
    ``joined`` and ``left`` relative to the previous edition with a list (missing for the
    first), and the ISO3 codes that joined or left, comma-separated. Unit: countries and
    territories. Editions without a published list are skipped, not read as empty.
    """
    ops = family_operations(family_id, data_dir)
    participants = load.load_participants(data_dir=data_dir)
    rows, previous = [], None
    for op in ops.itertuples():
        listed = set(participants.loc[participants["operation_id"] == op.operation_id, "iso3"])
        if not listed:
            continue
        row = {"operation_id": op.operation_id, "operation_name": op.operation_name,
               "listed": len(listed), "joined": pd.NA, "left": pd.NA,
               "joined_iso3": pd.NA, "left_iso3": pd.NA, "compared_with": pd.NA}
        if previous is not None:
            prev_id, prev_set = previous
            joined, left = sorted(listed - prev_set), sorted(prev_set - listed)
            row.update(joined=len(joined), left=len(left), joined_iso3=", ".join(joined),
                       left_iso3=", ".join(left), compared_with=prev_id)
        rows.append(row)
        previous = (op.operation_id, listed)
    out = pd.DataFrame(rows, columns=["operation_id", "operation_name", "listed", "joined", "left",
                                      "joined_iso3", "left_iso3", "compared_with"])
    for column in ("listed", "joined", "left"):
        out[column] = out[column].astype("Int64")
    return out


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
    """Every table the trends notebook shows."""
    return {
        "editions": family_operations(family_id, data_dir)[
            ["operation_id", "operation_name", "dates_as_printed", "coordinator", "focus_region",
             "results_status", "source_url"]],
        "headline_trends": headline_trends(family_id, data_dir),
        "participation_changes": participation_changes(family_id, data_dir),
        "region_frequency": region_participation_frequency(family_id, data_dir=data_dir),
    }
