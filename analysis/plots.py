"""Figures for the notebooks, drawn with seaborn and matplotlib. Each returns the Axes.

Figures are deterministic: fixed sizes, sorted categories, no random jitter.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from analysis import maps

PALETTE = {
    "Took part": "#2b8cbe",
    "Took part, coordination unit": "#08306b",
    "Named case location": "#e6550d",
    "Took part, named case": "#756bb1",
}


def _empty(ax, message: str):
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#555555")
    ax.set_axis_off()
    return ax


def participation_map(participants: pd.DataFrame, cases: pd.DataFrame | None = None,
                      units: pd.DataFrame | None = None, title: str | None = None, ax=None):
    """World map: participating countries and territories, coordination-unit hosts, and
    countries where named cases took place. Small states get a visible marker."""
    status = {}
    for iso3 in participants["iso3"].astype(str):
        status[iso3] = "Took part"
    if cases is not None:
        for iso3 in cases["location_iso3"].dropna().astype(str):
            status[iso3] = "Took part, named case" if status.get(iso3) else "Named case location"
    if units is not None:
        for iso3 in units["iso3"].astype(str):
            status[iso3] = "Took part, coordination unit"
    categories = pd.Series(status, dtype="string").sort_index()
    if categories.empty:
        if ax is None:
            _, ax = plt.subplots(figsize=(10, 1.2))
        return _empty(ax, "No country-level participant or case location to map here")
    palette = {k: v for k, v in PALETTE.items() if k in set(categories)}
    ax = maps.world_map(categories, palette=palette, ax=ax, title=title)
    _zoom_to(ax, list(categories.index))
    return ax


def _zoom_to(ax, iso3_codes, pad: float = 8.0, min_width: float = 60.0) -> None:
    """Limit the map to the box around the main landmass (largest ring) or marker of each
    country, padded, at least ``min_width`` degrees wide and never beyond the world map."""
    import numpy as np

    shapes = maps.country_shapes()
    points = maps.small_state_points().set_index("iso3")
    xs, ys = [], []
    for iso3 in iso3_codes:
        if iso3 in shapes:
            ring = max(shapes[iso3], key=len)
            xs += [ring[:, 0].min(), ring[:, 0].max()]
            ys += [ring[:, 1].min(), ring[:, 1].max()]
        if iso3 in points.index:
            xs.append(points.at[iso3, "lon"])
            ys.append(points.at[iso3, "lat"])
    if not xs:
        return
    x0, x1 = min(xs) - pad, max(xs) + pad
    y0, y1 = min(ys) - pad, max(ys) + pad
    if x1 - x0 < min_width:
        middle = (x0 + x1) / 2
        x0, x1 = middle - min_width / 2, middle + min_width / 2
    if y1 - y0 < min_width / 2:
        middle = (y0 + y1) / 2
        y0, y1 = middle - min_width / 4, middle + min_width / 4
    ax.set_xlim(float(np.clip(x0, -180, 180)), float(np.clip(x1, -180, 180)))
    ax.set_ylim(float(np.clip(y0, maps.LAT_MIN, maps.LAT_MAX)), float(np.clip(y1, maps.LAT_MIN, maps.LAT_MAX)))


def coverage_bars(coverage: pd.DataFrame, title: str | None = None, ax=None):
    """Horizontal bars of participation coverage (share of the region's countries and
    territories listed as taking part), labelled 'listed / total'."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.35 * len(coverage) + 1.2))
    data = coverage.sort_values(["coverage_share", "region_name"], ascending=[False, True], kind="stable")
    data = data.assign(share_pct=data["coverage_share"].astype(float) * 100)
    sns.barplot(data=data, y="region_name", x="share_pct", color="#2b8cbe", ax=ax, orient="h")
    for i, row in enumerate(data.itertuples()):
        ax.text(row.share_pct + 1, i, f"{row.participants} / {row.countries_in_region}",
                va="center", fontsize=8)
    ax.set_xlim(0, 110)
    ax.set_xlabel("Countries and territories listed as taking part (% of region)")
    ax.set_ylabel("")
    if title:
        ax.set_title(title)
    sns.despine(ax=ax)
    return ax


def crime_type_bars(crime_mix: pd.DataFrame, title: str | None = None, ax=None):
    """Bars of named cases per crime type (a case can carry several types)."""
    totals = crime_mix.groupby("crime_type", as_index=False)["cases"].sum()
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.35 * max(len(totals), 1) + 1.2))
    if totals.empty:
        return _empty(ax, "No named cases in this region")
    totals = totals.sort_values(["cases", "crime_type"], ascending=[False, True], kind="stable")
    totals = totals.assign(cases=totals["cases"].astype(int))
    sns.barplot(data=totals, y="crime_type", x="cases", color="#e6550d", ax=ax, orient="h")
    ax.set_xlabel("Named cases (examples, not totals)")
    ax.set_ylabel("")
    ax.xaxis.get_major_locator().set_params(integer=True)
    if title:
        ax.set_title(title)
    sns.despine(ax=ax)
    return ax


def flow_heatmap(flows: pd.DataFrame, title: str | None = None, ax=None):
    """Origin (rows) by destination (columns) heatmap of named cases linking two regions."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    if flows.empty:
        return _empty(ax, "No named case gives an origin and a destination here")
    table = flows.pivot_table(index="origin_region", columns="destination_region", values="cases",
                              aggfunc="sum", fill_value=0).sort_index().sort_index(axis=1)
    sns.heatmap(table.astype(int), annot=True, fmt="d", cmap="Oranges", cbar=False, linewidths=0.5,
                ax=ax)
    ax.set_xlabel("Destination region")
    ax.set_ylabel("Origin region")
    if title:
        ax.set_title(title)
    return ax


TREND_METRICS = ("participating_countries", "potential_victims", "irregular_migrants", "arrests")


def headline_trend_grid(trends: pd.DataFrame, metric_ids=TREND_METRICS, title: str | None = None):
    """Small multiples, one panel per metric: value of each edition (points, in date order)
    with a bar from the lower to the upper bound its qualifier implies; an upward triangle
    marks a figure with no upper bound ('more than'). Returns the Figure."""
    shown = [m for m in metric_ids if m in set(trends["metric_id"])]
    n = max(len(shown), 1)
    editions = trends["edition"].nunique()
    fig, axes = plt.subplots(n, 1, figsize=(max(7, 0.45 * editions + 3), 2.8 * n + 0.6), squeeze=False)
    if not shown:
        _empty(axes[0][0], "No comparable headline figures")
        return fig
    for ax, metric in zip(axes[:, 0], shown, strict=True):
        data = trends[trends["metric_id"] == metric]  # already in edition order
        x = list(range(len(data)))
        values = data["value"].astype(float).to_numpy()
        lower = data["lower_bound"].astype(float).fillna(data["value"].astype(float)).to_numpy()
        upper = data["upper_bound"].astype(float).to_numpy()
        open_top = pd.isna(upper)
        upper = pd.Series(upper).fillna(pd.Series(values)).to_numpy()
        ax.vlines(x, lower, upper, color="#9ecae1", linewidth=6)
        ax.plot(x, values, "o", color="#08519c")
        ax.plot([xi for xi, o in zip(x, open_top, strict=True) if o],
                [v for v, o in zip(values, open_top, strict=True) if o], "^", color="#e6550d",
                markersize=9)
        ax.set_xticks(x, list(data["edition"]), rotation=35, ha="right", fontsize=7)
        ax.set_title(str(data["metric"].iloc[0]), fontsize=10, loc="left")
        ax.set_ylim(bottom=0)
        sns.despine(ax=ax)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
