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
    palette = {k: v for k, v in PALETTE.items() if k in set(categories)}
    return maps.world_map(categories, palette=palette, ax=ax, title=title)


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
