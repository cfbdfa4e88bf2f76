"""Figures for the notebooks, drawn with matplotlib. Each returns its Axes (the trend grid its Figure).

Every figure is sized for a report page about 900 px wide: 9 inches at the notebooks' 100 dpi,
text of 9 pt or more, horizontal labels, and a layout engine that keeps long labels (such as
'Latin America and the Caribbean') inside the figure. Figures are deterministic: fixed sizes,
sorted categories, no random jitter. An empty input gives a figure with a short message.
"""

from __future__ import annotations

import math
import re
import textwrap

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis.package import load
from analysis.places import maps
from analysis.views.trends import COMPARABLE_METRICS

PALETTE = {
    "Took part": "#2b8cbe",
    "Took part, coordination unit": "#08306b",
    "Named case location": "#e6550d",
    "Took part, named case": "#756bb1",
}
#: Width of every figure in inches: about 900 px at 100 dpi.
PAGE_WIDTH = 9.0
TEXT_COLOUR = "#333333"
BAR_COLOUR = "#2b8cbe"
CASE_COLOUR = "#e6550d"


def _new_axes(height: float):
    _, ax = plt.subplots(figsize=(PAGE_WIDTH, height), layout="constrained")
    return ax


def _empty(ax, message: str):
    if ax is None:
        ax = _new_axes(1.0)
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#555555", transform=ax.transAxes)
    ax.set_axis_off()
    return ax


# --------------------------------------------------------------------------------------------
# Maps
# --------------------------------------------------------------------------------------------


def participation_map(participants: pd.DataFrame, cases: pd.DataFrame | None = None,
                      units: pd.DataFrame | None = None, title: str | None = None, ax=None):
    """Map of participating countries and territories, coordination-unit hosts, and countries
    where named cases took place, in the Equal Earth projection. Small states get a visible
    marker. The map zooms to the places shown; places straddling the antimeridian (Pacific
    islands) are drawn on the map centred on 150° E, so they stay in one piece."""
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
        return _empty(ax, "No country-level participant or case location to map here")
    palette = {k: v for k, v in PALETTE.items() if k in set(categories)}
    codes = list(categories.index)
    meridian = maps.central_meridian_for(codes)
    if ax is None:
        ax = maps.map_axes(_zoom_box(codes, central_meridian=meridian), title=title is not None)
    ax = maps.world_map(categories, palette=palette, ax=ax, title=title, central_meridian=meridian)
    _zoom_to(ax, codes, central_meridian=meridian)
    return ax


def _zoom_box(iso3_codes, *, central_meridian: float = 0.0, pad: float = 0.05, min_pad: float = 0.12,
              min_width: float = 0.9, min_height: float = 0.6,
              world_share: float = 0.7) -> tuple[float, float, float, float]:
    """Box in Equal Earth map coordinates (unit sphere) around the places to show.

    The box of the countries' main rings and markers (``maps.region_extent``) is padded on
    every side by ``pad`` times its longer side, at least ``min_pad`` (0.12 is about 7 degrees
    of longitude at the equator), then widened about its centre to at least ``min_width`` by
    ``min_height`` (about 60 by 30 degrees at the equator), so a single small state such as
    Bermuda is shown with its surroundings. Never larger than the world; the whole world when
    the places' box is wider than ``world_share`` of the world or no code is drawn.
    """
    world = maps.world_extent()
    extent = maps.region_extent(iso3_codes, central_meridian=central_meridian)
    if extent is None:
        return world
    x0, y0, x1, y1 = extent
    if x1 - x0 > world_share * (world[2] - world[0]):
        return world  # places all over the world: show all of it
    margin = max(pad * max(x1 - x0, y1 - y0), min_pad)
    x0, y0, x1, y1 = x0 - margin, y0 - margin, x1 + margin, y1 + margin
    if x1 - x0 < min_width:
        middle = (x0 + x1) / 2
        x0, x1 = middle - min_width / 2, middle + min_width / 2
    if y1 - y0 < min_height:
        middle = (y0 + y1) / 2
        y0, y1 = middle - min_height / 2, middle + min_height / 2
    return (max(x0, world[0]), max(y0, world[1]), min(x1, world[2]), min(y1, world[3]))


def _zoom_to(ax, iso3_codes, *, central_meridian: float = 0.0, **box_options) -> tuple[float, float, float, float]:
    """Limit a map drawn by ``maps.world_map`` (same ``central_meridian``) to the places'
    padded box (``_zoom_box``), grown to the Axes' shape so the map fills it. Returns the
    limits ``(x0, y0, x1, y1)`` in map coordinates."""
    box = _zoom_box(iso3_codes, central_meridian=central_meridian, **box_options)
    return maps.fit_limits(ax, box)


COUNTRY_COLOUR = "#08519c"
#: Area (points squared) of the ring drawn around a small state's marker on its profile map.
SMALL_STATE_RING_SIZE = 420.0
#: Width (inches) of a country's profile map: smaller than a world or regional map.
COUNTRY_MAP_WIDTH = 7.0


def country_map(iso3: str, label: str, ax=None):
    """Map zoomed to one country or territory (``label`` names it in the legend), in the Equal
    Earth projection; a small state or territory also gets a circle marker. The zoom box is the
    country's main ring padded to at least about 60 by 30 degrees (see ``_zoom_box``), on the
    central meridian that keeps it in one piece."""
    categories = pd.Series({iso3: label}, dtype="string")
    meridian = maps.central_meridian_for([iso3])
    if ax is None:
        ax = maps.map_axes(_zoom_box([iso3], central_meridian=meridian), width=COUNTRY_MAP_WIDTH, title=False)
    ax = maps.world_map(categories, palette={label: COUNTRY_COLOUR}, ax=ax, central_meridian=meridian, legend=False)
    _zoom_to(ax, [iso3], central_meridian=meridian)
    from matplotlib.patches import Patch

    handles: list = [Patch(facecolor=COUNTRY_COLOUR, edgecolor="none", label=label),
                     Patch(facecolor="#e6e6e6", edgecolor="none", label="Other countries and territories")]
    points = maps.small_state_points()
    point = points[points["iso3"] == iso3]
    if len(point):  # a small state: its marker, circled so the eye finds it
        x, y = maps.equal_earth(point["lon"], point["lat"], central_meridian=meridian)
        ax.scatter(x, y, s=SMALL_STATE_RING_SIZE, facecolors="none", edgecolors=COUNTRY_COLOUR, linewidths=1.5,
                   zorder=4, gid="small-state-ring")
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=float(np.sqrt(maps.MARKER_SIZE)),
                              markerfacecolor=COUNTRY_COLOUR, markeredgecolor=maps.MARKER_EDGE_COLOUR,
                              markeredgewidth=0.6, label="Small state or territory (marked and circled)"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=len(handles),
              fontsize=maps.LEGEND_FONT_SIZE, frameon=False, handlelength=1.4, columnspacing=1.5)
    return ax


# --------------------------------------------------------------------------------------------
# Participation of one country over time
# --------------------------------------------------------------------------------------------

#: Marker of each ``listing`` value in the participation timeline: (legend label, marker, face, edge).
TIMELINE_STYLES = {
    "listed": ("Listed", "o", "#08519c", "#08519c"),
    "not-listed": ("Not listed (complete list)", "o", "white", "#08519c"),
    "partial-list-not-among-names": ("Not among the names of a partial list", "D", "white", "#e6550d"),
    "no-list": ("No list (participation unknown)", "x", "#8c8c8c", "#8c8c8c"),
}
#: ``listing`` values drawn with the style of another (a list printed but not transcribed is,
#: for the reader, no list).
TIMELINE_SAME_AS = {"list-printed-not-transcribed": "no-list"}


def family_label(edition: str) -> str:
    """'Operation Liberterra II (2024)' -> 'Liberterra'; 'Operation FLASH-WEKA (2023)' ->
    'FLASH-WEKA' (the edition's name without 'Operation', its year and a Roman edition number)."""
    short = _short_edition(edition)
    return re.sub(r"\s+(?:[IVX]+|\d{4})$", "", short)


def participation_timeline(timeline: pd.DataFrame, title: str | None = None, ax=None):
    """One country's status in every operation over time: one row per operation family (oldest
    family at the top), each edition a marker at its ``edition_date`` on a real time axis,
    shaped by ``listing`` (``TIMELINE_STYLES``): listed, not listed in a complete list, not
    among the names of a partial list, or no list (unknown). ``timeline`` is the ``timeline``
    table of :func:`analysis.country.country_view`. Editions placed without a printed start
    day, and editions that cannot be placed at all, are named in a note under the chart.

    Artists for tests: one scatter per listing value drawn, ``gid='timeline-<listing>'``
    (x in matplotlib date numbers, days; y the family's row, 0 at the top)."""
    data = timeline.assign(_date=pd.to_datetime(timeline["edition_date"]),
                           _basis=timeline["edition_date_basis"].astype("string"),
                           _style=timeline["listing"].astype(str).replace(TIMELINE_SAME_AS),
                           _family=[family_label(e) for e in timeline["edition"]])
    unknown = sorted(set(data["_style"]) - set(TIMELINE_STYLES))
    if unknown:
        raise ValueError(f"timeline: unknown listing value(s) {unknown}; valid values: "
                         f"{sorted(set(TIMELINE_STYLES) | set(TIMELINE_SAME_AS))}")
    undated = list(data.loc[data["_date"].isna(), "edition"].astype(str))
    data = data[data["_date"].notna()]
    if data.empty:
        return _empty(ax, "No dated operation to place on a time axis")
    first_dates = data.groupby("_family")["_date"].min().sort_values(kind="stable")
    families = list(first_dates.index)
    row_of = {family: i for i, family in enumerate(families)}
    note = _trend_note(data.assign(edition=data["edition"].astype(str)), undated)
    note_lines = note.count("\n") + 1 if note else 0
    if ax is None:
        height = 0.3 * len(families) + 1.3 + 0.17 * note_lines
        fig, ax = plt.subplots(figsize=(PAGE_WIDTH, height), layout="constrained")
    handles = []
    for listing, (label, marker, face, edge) in TIMELINE_STYLES.items():
        rows = data[data["_style"] == listing]
        if rows.empty:
            continue
        filled = marker == "x" or face != "white"
        colours = {"facecolors": edge} if marker == "x" else {"facecolors": face, "edgecolors": edge}
        ax.scatter(mdates.date2num(rows["_date"]), rows["_family"].map(row_of), s=46 if marker != "D" else 34,
                   marker=marker, linewidths=1.4, zorder=3, gid=f"timeline-{listing}", **colours)
        handles.append(Line2D([], [], linestyle="none", marker=marker, markersize=7,
                              markerfacecolor=face if filled else "white", markeredgecolor=edge,
                              markeredgewidth=1.4, color=edge, label=label))
    ax.set_yticks(range(len(families)), ["\n".join(textwrap.wrap(f, 24)) for f in families])
    ax.set_ylim(len(families) - 0.5, -0.5)
    ax.tick_params(axis="y", labelsize=9, colors=TEXT_COLOUR, length=0)
    ax.grid(axis="y", color="#eeeeee", linewidth=0.8)
    ax.set_axisbelow(True)
    _year_axis(ax, mdates.date2num(data["_date"].min()), mdates.date2num(data["_date"].max()))
    ax.set_xlim(*_time_limits(data["_date"].min(), data["_date"].max()))
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=min(len(handles), 2),
              fontsize=9, frameon=False, columnspacing=2.0)
    if title:
        ax.set_title(title, fontsize=12, loc="left", pad=40)
    if note:
        ax.figure.text(0.01, 0.01, note, ha="left", va="bottom", fontsize=8.5, color=TEXT_COLOUR)
        ax.figure.get_layout_engine().set(rect=(0, 0.17 * note_lines / ax.figure.get_size_inches()[1] + 0.02, 1,
                                                1 - 0.02))
    return ax


# --------------------------------------------------------------------------------------------
# Bar charts and the flow table
# --------------------------------------------------------------------------------------------


def _bar_axes(ax, bars: int):
    """Axes for horizontal bars: one row of 0.34 in per bar plus room for the title and axis."""
    return ax if ax is not None else _new_axes(0.34 * bars + 1.3)


def _finish_bars(ax, title: str | None, xlabel: str) -> None:
    ax.set_xlabel(xlabel, fontsize=10, color=TEXT_COLOUR)
    ax.set_ylabel("")
    ax.tick_params(axis="both", labelsize=10, colors=TEXT_COLOUR)
    ax.invert_yaxis()  # first row on top
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(title, fontsize=12, loc="left")


def coverage_bars(coverage: pd.DataFrame, title: str | None = None, ax=None):
    """Horizontal bars of participation coverage (share of the region's countries and
    territories listed as taking part, %), labelled 'listed / total', largest share first."""
    if coverage.empty:
        return _empty(ax, "No participant list to compare with the regions")
    data = coverage.sort_values(["coverage_share", "region_name"], ascending=[False, True], kind="stable")
    share_pct = data["coverage_share"].astype(float).to_numpy() * 100
    ax = _bar_axes(ax, len(data))
    rows = np.arange(len(data))
    ax.barh(rows, share_pct, color=BAR_COLOUR, height=0.7)
    ax.set_yticks(rows, list(data["region_name"].astype(str)))
    for row, share, listed, total in zip(rows, share_pct, data["participants"], data["countries_in_region"],
                                         strict=True):
        ax.annotate(f"{int(listed)} / {int(total)}", (share, row), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=9, color=TEXT_COLOUR)
    ax.set_xlim(0, 112)
    ax.set_xticks([0, 25, 50, 75, 100])
    _finish_bars(ax, title, "Countries and territories listed as taking part (% of region)")
    return ax


def _crime_type_labels() -> dict[str, str]:
    """Crime type id -> label, from data/reference/crime_types.csv."""
    table = load.load_table("crime_types")
    return dict(zip(table["crime_type"].astype(str), table["label"].astype(str), strict=True))


def crime_type_bars(crime_mix: pd.DataFrame, title: str | None = None, ax=None, *,
                    labels: dict[str, str] | None = None):
    """Bars of named cases per crime type (a case can carry several types), each labelled
    with its count. ``labels`` maps crime type ids to display labels; by default those of
    ``data/reference/crime_types.csv`` (an id without a label is shown as it is)."""
    totals = crime_mix.groupby("crime_type", as_index=False, observed=True)["cases"].sum()
    if totals.empty:
        return _empty(ax, "No named cases in this region")
    labels = _crime_type_labels() if labels is None else labels
    totals = totals.sort_values(["cases", "crime_type"], ascending=[False, True], kind="stable")
    counts = totals["cases"].astype(int).to_numpy()
    ax = _bar_axes(ax, len(totals))
    rows = np.arange(len(totals))
    ax.barh(rows, counts, color=CASE_COLOUR, height=0.7)
    ax.set_yticks(rows, [labels.get(str(c), str(c)) for c in totals["crime_type"]])
    for row, count in zip(rows, counts, strict=True):
        ax.annotate(str(count), (count, row), xytext=(4, 0), textcoords="offset points", va="center", fontsize=9,
                    color=TEXT_COLOUR)
    ax.set_xlim(0, counts.max() * 1.12)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    _finish_bars(ax, title, "Named cases (examples, not totals)")
    return ax


def flow_heatmap(flows: pd.DataFrame, title: str | None = None, ax=None):
    """Origin (rows) by destination (columns) table of named cases linking two regions, shaded
    by count; long region names wrap onto several lines and stay horizontal."""
    if flows.empty:
        return _empty(ax, "No named case gives an origin and a destination here")
    table = flows.pivot_table(index="origin_region", columns="destination_region", values="cases",
                              aggfunc="sum", fill_value=0, observed=True).sort_index().sort_index(axis=1)
    values = table.astype(int).to_numpy()
    n_rows, n_cols = values.shape
    if ax is None:
        width = min(PAGE_WIDTH, 2.8 + 1.25 * n_cols)
        ax = plt.subplots(figsize=(width, 1.6 + 0.5 * n_rows), layout="constrained")[1]
    ax.imshow(values, cmap="Oranges", vmin=0, vmax=max(int(values.max()), 1) * 1.25, aspect="auto")
    for (row, col), count in np.ndenumerate(values):
        colour = "#aaaaaa" if count == 0 else "white" if count > 0.6 * values.max() * 1.25 else TEXT_COLOUR
        ax.text(col, row, str(count), ha="center", va="center", fontsize=10, color=colour)
    wrap = lambda names: ["\n".join(textwrap.wrap(str(n), 18)) for n in names]  # noqa: E731
    ax.set_xticks(range(n_cols), wrap(table.columns), fontsize=9)
    ax.set_yticks(range(n_rows), wrap(table.index), fontsize=9)
    ax.set_xticks(np.arange(n_cols + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(n_rows + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="both", length=0)
    ax.xaxis.set_ticks_position("bottom")
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel("Destination region", fontsize=10, color=TEXT_COLOUR)
    ax.set_ylabel("Origin region", fontsize=10, color=TEXT_COLOUR)
    if title:
        ax.set_title(title, fontsize=12, loc="left")
    return ax


# --------------------------------------------------------------------------------------------
# Trends across editions
# --------------------------------------------------------------------------------------------

#: Metrics drawn by default, one panel each, in this order (the comparable headline metrics).
TREND_METRICS = COMPARABLE_METRICS
#: Point labels (edition names) are written when a chart has at most this many editions.
MAX_LABELLED_EDITIONS = 6
VALUE_COLOUR = "#08519c"
RANGE_COLOUR = "#9ecae1"
OPEN_COLOUR = "#e6550d"
_DATE_BASIS_TEXT = {
    "printed_month": "the 15th of the month printed",
    "announced_date": "the announcement date",
    "printed_year": "1 July of the year printed",
}


def _short_edition(edition: str) -> str:
    """'Operation Liberterra II (2024)' -> 'Liberterra II' (the axis shows the year)."""
    return re.sub(r"\s*\([^()]*\)$", "", re.sub(r"^Operation\s+", "", str(edition)))


def _point_labels(data: pd.DataFrame) -> dict[str, str]:
    """Edition -> the label written over its points.

    Within one family, the edition label of ``data/operations.csv`` ('II', 'III'; FLASH-WEKA
    has none and keeps its name); none where that label is only the year, which the axis
    already shows (Global Chain's '2023'). Across families, or for a table without
    ``operation_id``, the short name ('Liberterra II')."""
    editions = data.drop_duplicates("edition")
    short = {str(e): _short_edition(e) for e in editions["edition"]}
    if "operation_id" not in editions.columns:
        return short
    ops = load.load_operations().set_index("operation_id")
    ids = editions["operation_id"].astype(str)
    if not ids.isin(ops.index).all() or ops.loc[ids, "family_id"].nunique() != 1:
        return short
    labels = {}
    for edition, op_id, date in zip(editions["edition"].astype(str), ids, editions["_date"], strict=True):
        label = ops.at[op_id, "edition_label"]
        if pd.isna(label) or not str(label).strip():
            labels[edition] = short[edition]
        elif str(label) == str(date.year):
            labels[edition] = ""
        else:
            labels[edition] = str(label)
    return labels


def _count_format(value: float, _position=None) -> str:
    """Axis numbers for counts: '0', '2,500', '1.5 million'."""
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:,.4g} million"
    return f"{value:,.0f}"


def _year_axis(ax, first, last) -> None:
    """Year ticks: labels centred on each year (between January gridlines) for spans up to
    eight years, else a labelled tick every 2 or 5 years."""
    years = (last - first) / 365.25
    if years <= 8:
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(FuncFormatter(lambda *_: ""))
        ax.xaxis.set_minor_locator(mdates.YearLocator(month=7, day=1))
        ax.xaxis.set_minor_formatter(mdates.DateFormatter("%Y"))
        ax.tick_params(axis="x", which="minor", length=0, labelsize=9, colors=TEXT_COLOUR)
    else:
        ax.xaxis.set_major_locator(mdates.YearLocator(2 if years <= 16 else 5))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(axis="x", which="major", labelsize=9, colors=TEXT_COLOUR)
    ax.grid(axis="x", which="major", color="#e5e5e5", linewidth=0.8)


def _time_limits(first: pd.Timestamp, last: pd.Timestamp) -> tuple[float, float]:
    """x limits (date numbers) of a trend chart: the whole calendar years of the first and last
    editions for spans up to eight years (so each year's centred label shows), else the span
    plus 7% on each side; at least 90 days beyond each point."""
    start, end = mdates.date2num(first), mdates.date2num(last)
    if (end - start) / 365.25 <= 8:
        left = min(mdates.date2num(pd.Timestamp(year=first.year, month=1, day=1)), start - 90)
        right = max(mdates.date2num(pd.Timestamp(year=last.year + 1, month=1, day=1)), end + 90)
        return float(left), float(right)
    margin = max(0.07 * (end - start), 60.0)
    return float(start - margin), float(end + margin)


def headline_trend_grid(trends: pd.DataFrame, metric_ids=TREND_METRICS, title: str | None = None, *,
                        min_editions: int = 2, label_editions: bool | None = None):
    """Small multiples of headline figures over time, one panel per metric; returns the Figure.

    ``trends`` is ``analysis.trends.headline_trends`` (or its comparable-metrics table). Each
    edition is a point at its ``edition_date`` on a real time axis (shared by the panels), so
    the gaps between points are the time between editions; an edition without a printed start
    day is drawn as an open circle and the figure's note says where it was placed (see
    ``trends.edition_dates``); an edition with no date at all is named in the note and left
    out. A light bar runs from the lower to the upper bound the qualifier implies ('nearly',
    'some'); a figure with no upper bound ('more than') gets a dashed line and an upward
    triangle above its lower bound, and the legend explains both. The y axis starts at 0.

    A panel is drawn for each metric of ``metric_ids`` (in that order) that at least
    ``min_editions`` dated editions report. Points carry a label when the chart has at most
    ``MAX_LABELLED_EDITIONS`` editions (``label_editions`` forces it on or off): the edition
    label within a family ('II'), else the short name (see ``_point_labels``); the x axis has
    horizontal year labels. The figure is 9 inches wide, two panels a row.

    Artists for tests and readers: per panel a scatter ``gid='values'`` (x in matplotlib
    date numbers, days), a line collection ``gid='ranges'`` and a line ``gid='open-top'``.
    """
    data = trends[trends["metric_id"].isin(list(metric_ids))]
    if "edition_date" in data.columns:
        dates, basis = data["edition_date"], data["edition_date_basis"]
    else:  # a table from before edition dates: start days only
        dates = data["start_date"]
        basis = pd.Series("start_date", index=data.index, dtype="string").where(dates.notna())
    data = data.assign(_date=pd.to_datetime(dates), _basis=basis.astype("string"))
    undated = list(dict.fromkeys(data.loc[data["_date"].isna(), "edition"].astype(str)))
    data = data[data["_date"].notna()]
    editions_per_metric = data.groupby("metric_id", observed=True)["edition"].nunique()
    shown = [m for m in dict.fromkeys(metric_ids) if editions_per_metric.get(m, 0) >= max(min_editions, 1)]
    if not shown:
        fig, ax = plt.subplots(figsize=(PAGE_WIDTH, 1.0), layout="constrained")
        if data.empty:
            message = "No comparable headline figures"
        elif data["edition"].nunique() == 1:
            message = "Only one dated edition: no trend to draw"
        else:
            message = f"No figure is reported by {min_editions} or more dated editions: no trend to draw"
        _empty(ax, message)
        return fig

    data = data[data["metric_id"].isin(shown)]
    n_editions = data["edition"].nunique()
    label_points = n_editions <= MAX_LABELLED_EDITIONS if label_editions is None else label_editions
    point_labels = _point_labels(data)
    ncols = 1 if len(shown) == 1 else 2
    nrows = math.ceil(len(shown) / ncols)
    note = _trend_note(data, undated)
    # Heights in inches: title, legend (two entries a row), panels, note lines.
    title_height = 0.4 if title else 0.0
    legend_height = 0.55
    note_height = 0.1 + 0.17 * (note.count("\n") + 1) if note else 0.0
    height = title_height + legend_height + 2.5 * nrows + note_height
    fig, axes = plt.subplots(nrows, ncols, figsize=(PAGE_WIDTH, height), sharex=True, squeeze=False,
                             layout="constrained")
    panels_top = 1 - (title_height + legend_height) / height
    fig.get_layout_engine().set(rect=(0, note_height / height, 1, panels_top - note_height / height))
    first, last = mdates.date2num(data["_date"].min()), mdates.date2num(data["_date"].max())
    x_limits = _time_limits(data["_date"].min(), data["_date"].max())

    used = {"range": False, "open": False, "approximate": False}
    for ax, metric in zip(axes.flat, shown, strict=False):
        rows = data[data["metric_id"] == metric].sort_values("_date", kind="stable")
        _trend_panel(ax, rows, point_labels if label_points else None, used)
    for ax in axes.flat[len(shown):]:
        ax.remove()
    for ax in axes.flat[:len(shown)]:
        _year_axis(ax, first, last)
        ax.set_xlim(*x_limits)
        ax.xaxis.set_tick_params(which="both", labelbottom=True)  # also above a removed panel

    handles = [Line2D([], [], linestyle="none", marker="o", markersize=6, color=VALUE_COLOUR,
                      label="Figure as printed")]
    if used["range"]:
        handles.append(Line2D([], [], color=RANGE_COLOUR, linewidth=7, solid_capstyle="butt",
                              label="Range its qualifier implies ('nearly', 'some')"))
    if used["open"]:
        handles.append(Line2D([], [], color=OPEN_COLOUR, linestyle=(0, (2, 1.5)), linewidth=1.6, marker="^",
                              markersize=7, label="'More than': no upper bound"))
    if used["approximate"]:
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=6, markerfacecolor="white",
                              markeredgecolor=VALUE_COLOUR, label="No start day printed (see note)"))
    if title:
        fig.text(0.5, 1 - 0.2 / height, title, ha="center", va="center", fontsize=12)
    fig.legend(handles=handles, loc="center", bbox_to_anchor=(0.5, 1 - (title_height + legend_height / 2) / height),
               ncol=min(len(handles), 2), fontsize=9, frameon=False, columnspacing=2.0)
    if note:
        fig.text(0.01, 0.05 / height, note, ha="left", va="bottom", fontsize=8.5, color=TEXT_COLOUR)
    return fig


def _trend_panel(ax, rows: pd.DataFrame, point_labels: dict[str, str] | None, used: dict[str, bool]) -> None:
    """One metric: ranges, open tops, points (open circles for approximate dates) and, when
    ``point_labels`` (edition -> label) is given, each point's label above it."""
    label_points = point_labels is not None
    x = mdates.date2num(rows["_date"])
    value = rows["value"].astype(float).to_numpy()
    lower = rows["lower_bound"].astype(float).fillna(rows["value"].astype(float)).to_numpy()
    upper = rows["upper_bound"].astype(float).to_numpy()
    open_top = np.isnan(upper)
    top = np.where(open_top, lower, upper)
    y_max = float(np.nanmax(np.concatenate([top, value]))) or 1.0
    arrow = 0.14 * y_max  # open tops reach this far above their lower bound
    y_limit = (y_max + (arrow if open_top.any() else 0.0)) * (1.22 if label_points else 1.1)

    has_range = ~open_top & (upper > lower)
    ax.vlines(x[~open_top], lower[~open_top], upper[~open_top], color=RANGE_COLOUR, linewidth=7, zorder=1,
              gid="ranges")
    ax.vlines(x[open_top], lower[open_top], lower[open_top] + arrow, color=OPEN_COLOUR,
              linestyles=(0, (2, 1.5)), linewidth=1.6, zorder=1, gid="open-top-lines")
    ax.plot(x[open_top], lower[open_top] + arrow, linestyle="none", marker="^", markersize=7, color=OPEN_COLOUR,
            zorder=2, gid="open-top")
    approximate = (rows["_basis"] != "start_date").to_numpy(dtype=bool)
    ax.scatter(x, value, s=36, zorder=3, gid="values", linewidths=1.2, edgecolors=VALUE_COLOUR,
               facecolors=[("white" if a else VALUE_COLOUR) for a in approximate])
    if label_points:
        glyph_top = np.where(open_top, lower + arrow, np.fmax(upper, value))
        for xi, top_i, edition in zip(x, glyph_top, rows["edition"], strict=True):
            if point_labels.get(edition):
                ax.annotate(point_labels[edition], (xi, top_i), xytext=(0, 5), textcoords="offset points",
                            ha="center", va="bottom", fontsize=9, color=TEXT_COLOUR)
    used["range"] |= bool(has_range.any())
    used["open"] |= bool(open_top.any())
    used["approximate"] |= bool(approximate.any())

    label = str(rows["metric"].iloc[0]) if "metric" in rows else str(rows["metric_id"].iloc[0])
    ax.set_title("\n".join(textwrap.wrap(label, 46)), fontsize=10.5, loc="left", color=TEXT_COLOUR)
    ax.set_ylim(0, y_limit)
    ax.yaxis.set_major_locator(MaxNLocator(4, integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(_count_format))
    ax.tick_params(axis="y", labelsize=9, colors=TEXT_COLOUR)
    ax.grid(axis="y", color="#eeeeee", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _trend_note(data: pd.DataFrame, undated: list[str]) -> str:
    """The note under a trend chart: where editions without a start day were placed, and
    which editions could not be placed at all."""
    sentences = []
    approximate = data[data["_basis"] != "start_date"].drop_duplicates("edition")
    for basis, text in _DATE_BASIS_TEXT.items():
        placed = approximate[approximate["_basis"] == basis]
        if len(placed):
            names = ", ".join(f"{_short_edition(e)} ({d:%-d %b %Y})" for e, d in zip(placed["edition"],
                                                                                       placed["_date"], strict=True))
            sentences.append(f"No start day printed; placed at {text}: {names}.")
    if undated:
        sentences.append("Not shown, no date printed: " + ", ".join(_short_edition(e) for e in undated) + ".")
    return "\n".join(textwrap.fill(s, 125) for s in sentences)
