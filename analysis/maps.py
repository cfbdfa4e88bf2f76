"""Offline, deterministic world choropleth maps of categorical country data.

Geometry comes from the Natural Earth 1:50m country outlines (via the
world-atlas ``countries-50m`` TopoJSON) that the ``mapcraft`` package ships as
``mapcraft/packs/world-countries-2024.json.gz``.  Only that data file is read;
the TopoJSON is decoded here and drawn with plain matplotlib, so nothing is
downloaded and no third-party rendering code runs.

Public API
----------
``country_shapes()``
    ISO 3166-1 alpha-3 code -> list of polygon rings (lon/lat arrays).
``small_state_points()``
    Marker positions for countries and territories too small to see at world
    scale, and for codes that have no polygon in the pack.
``world_map(categories, palette=...)``
    Draw a categorical world map on a matplotlib Axes.
``save_png(fig, path)``
    Write a PNG without a software/version stamp, so equal figures give equal
    bytes.

Conventions
-----------
* Projection: plain equirectangular (x = longitude, y = latitude, equal
  aspect), latitude shown from ``LAT_MIN`` to ``LAT_MAX`` so Antarctica falls
  outside the frame.
* Rings are closed (first point repeated at the end).  Exterior rings run
  counter-clockwise (positive shoelace area) and holes clockwise (negative), so
  a compound path drawn with the non-zero fill rule shows holes as holes (for
  example Lesotho inside South Africa).
* "Small" means the total polygon area (exteriors minus holes) is below
  ``SMALL_AREA_SQ_DEG`` square degrees, measured on the unprojected lon/lat
  plane.  At a 10-inch-wide figure one degree of longitude is about 2 pt, so
  2 square degrees is only a few pixels.
* Natural Earth features without an ISO code (Somaliland, N. Cyprus, Indian
  Ocean Ter., Siachen Glacier) are drawn in the no-data colour and cannot be
  given a category.  The one exception is Kosovo, which is mapped to ``XKX``.
* Everything is drawn in sorted ISO3 order; there is no randomness.
"""

from __future__ import annotations

import functools
import gzip
import json
from importlib.resources import files
from os import PathLike
from typing import IO

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path

__all__ = [
    "LAT_MAX",
    "LAT_MIN",
    "SMALL_AREA_SQ_DEG",
    "country_shapes",
    "small_state_points",
    "save_png",
    "world_map",
]

#: Total polygon area (square degrees, unprojected) below which a country
#: or territory also gets a circle marker.
SMALL_AREA_SQ_DEG = 2.0
#: Latitude range drawn: everything but Antarctica (north tip about -63.2);
#: the southernmost other land, the South Sandwich Islands, reaches -58.5.
LAT_MIN = -59.0
LAT_MAX = 84.0
#: Default figure size in inches (width, height).
FIGSIZE = (10.0, 5.2)
#: Marker area for small states, in points squared.
MARKER_SIZE = 22.0
MARKER_EDGE_COLOUR = "#222222"
EDGE_COLOUR = "white"
EDGE_WIDTH = 0.25

_PACK = ("packs", "world-countries-2024.json.gz")
_TAXONOMY_CSV = "Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"
# Natural Earth features that carry no ISO numeric id but do have an ISO3
# user-assigned code in common use.
_NAMED_WITHOUT_ID = {"Kosovo": "XKX"}


# --------------------------------------------------------------------------
# Reading and decoding the TopoJSON pack
# --------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _load_pack() -> dict:
    """Return the parsed mapcraft world pack (manifest, regions, topology)."""
    resource = files("mapcraft").joinpath(*_PACK)
    return json.loads(gzip.decompress(resource.read_bytes()))


def _decode_arcs(topology: dict) -> list[np.ndarray]:
    """Turn quantized, delta-encoded TopoJSON arcs into lon/lat arrays."""
    scale = np.asarray(topology["transform"]["scale"], dtype=float)
    translate = np.asarray(topology["transform"]["translate"], dtype=float)
    decoded = []
    for arc in topology["arcs"]:
        quantized = np.cumsum(np.asarray(arc, dtype=np.int64), axis=0)
        decoded.append(quantized * scale + translate)
    return decoded


def _stitch_ring(indices: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    """Join the arcs of one ring; ``~i`` (i.e. ``-i - 1``) means arc i reversed."""
    pieces = []
    for k, index in enumerate(indices):
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share an endpoint: keep it only once.
        pieces.append(arc if k == 0 else arc[1:])
    ring = np.concatenate(pieces, axis=0)
    if not np.array_equal(ring[0], ring[-1]):
        ring = np.vstack([ring, ring[:1]])
    return ring


def _signed_area(ring: np.ndarray) -> float:
    """Shoelace area of a closed ring; positive when counter-clockwise."""
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))


def _centroid(ring: np.ndarray) -> tuple[float, float]:
    """Area centroid of a closed ring (vertex mean if the ring is degenerate)."""
    x, y = ring[:, 0], ring[:, 1]
    cross = x[:-1] * y[1:] - x[1:] * y[:-1]
    area = 0.5 * cross.sum()
    if abs(area) < 1e-12:
        return float(x[:-1].mean()), float(y[:-1].mean())
    cx = ((x[:-1] + x[1:]) * cross).sum() / (6.0 * area)
    cy = ((y[:-1] + y[1:]) * cross).sum() / (6.0 * area)
    return float(cx), float(cy)


def _clip_half_plane(ring: np.ndarray, x0: float, keep_west: bool) -> np.ndarray | None:
    """Clip a closed ring to ``x <= x0`` (``keep_west``) or ``x >= x0``.

    One Sutherland-Hodgman pass; returns a closed ring or None if too little
    is left.  Concave input may yield zero-width edges along ``x = x0``,
    which neither change the area nor show when filled.
    """
    points = ring[:-1]
    inside = points[:, 0] <= x0 if keep_west else points[:, 0] >= x0
    n = len(points)
    out = []
    for i in range(n):
        j = (i + 1) % n
        if inside[i]:
            out.append(points[i])
        if inside[i] != inside[j]:
            (px, py), (qx, qy) = points[i], points[j]
            out.append(np.array([x0, py + (x0 - px) * (qy - py) / (qx - px)]))
    if len(out) < 3:
        return None
    clipped = np.asarray(out)
    return np.vstack([clipped, clipped[:1]])


def _into_window(ring: np.ndarray) -> tuple[list[np.ndarray], bool]:
    """Cut a ring that crosses the antimeridian into pieces within -180..180.

    Natural Earth is mostly pre-cut at 180 degrees, but a few rings (parts of
    Russia and Fiji, and Antarctica) jump from +180 to -180.  Longitudes are
    unwrapped to make the ring continuous; a ring that then circles a pole
    (net change of 360 degrees) is closed along that pole; finally the ring
    and its copies shifted by 360 degrees are clipped to the map window.

    Returns the pieces and whether the ring circles a pole.  Pieces of
    (near) zero area are dropped.
    """
    x = np.unwrap(ring[:, 0], period=360.0)
    if np.array_equal(x, ring[:, 0]) and x.min() >= -180.0 and x.max() <= 180.0:
        return [ring], False
    y = ring[:, 1]
    unwrapped = np.column_stack([x, y])
    polar = abs(x[-1] - x[0]) > 180.0
    if polar:
        pole = -90.0 if y.mean() < 0 else 90.0
        unwrapped = np.vstack([unwrapped, [[x[-1], pole], [x[0], pole], [x[0], y[0]]]])
    pieces = []
    for shift in (-360.0, 0.0, 360.0):
        part = unwrapped + [shift, 0.0]
        if part[:, 0].max() <= -180.0 or part[:, 0].min() >= 180.0:
            continue
        part = _clip_half_plane(part, 180.0, keep_west=True)
        if part is not None:
            part = _clip_half_plane(part, -180.0, keep_west=False)
        if part is not None and abs(_signed_area(part)) > 1e-9:
            pieces.append(part)
    return pieces, polar


def _geometry_rings(geometry: dict, arcs: list[np.ndarray]) -> list[np.ndarray]:
    """Rings of a Polygon/MultiPolygon, exteriors CCW and holes CW."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["arcs"]
    else:  # pragma: no cover - the pack holds only (Multi)Polygons
        raise ValueError(f"unsupported geometry type {geometry['type']!r}")
    rings = []
    for polygon in polygons:
        for position, indices in enumerate(polygon):
            pieces, polar = _into_window(_stitch_ring(indices, arcs))
            # In the world-atlas data Antarctica's outer ring is a line round
            # the South Pole and its coastline is stored as the "hole"; on
            # the flat map the coastline closed along the pole is the land,
            # so a ring that circles a pole is always treated as exterior.
            is_exterior = position == 0 or polar
            for ring in pieces:
                if (_signed_area(ring) > 0) != is_exterior:
                    ring = ring[::-1]
                ring = np.ascontiguousarray(ring, dtype=float)
                ring.setflags(write=False)
                rings.append(ring)
    return rings


def _numeric_to_iso3(regions: dict) -> dict[str, str]:
    """ISO numeric id -> ISO3, from the 3-letter upper-case alias of each region."""
    mapping = {}
    for numeric, region in regions.items():
        alpha3 = [a for a in region["aliases"] if len(a) == 3 and a.isalpha() and a.isupper()]
        if len(alpha3) == 1:
            mapping[numeric] = alpha3[0]
    return mapping


@functools.lru_cache(maxsize=1)
def _decoded_shapes() -> tuple[dict[str, list[np.ndarray]], dict[str, list[np.ndarray]]]:
    """(ISO3 -> rings, unassigned Natural Earth name -> rings), both key-sorted."""
    pack = _load_pack()
    topology = pack["topology"]
    arcs = _decode_arcs(topology)
    to_iso3 = _numeric_to_iso3(pack["regions"])
    assigned: dict[str, list[np.ndarray]] = {}
    unassigned: dict[str, list[np.ndarray]] = {}
    for geometry in topology["objects"][pack["object"]]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        iso3 = to_iso3.get(geometry.get("id")) or _NAMED_WITHOUT_ID.get(name)
        rings = _geometry_rings(geometry, arcs)
        if iso3 is None:
            unassigned.setdefault(name, []).extend(rings)
        else:
            # Several features may share a code (Australia and the Ashmore
            # and Cartier Islands are both 036); they are merged.
            assigned.setdefault(iso3, []).extend(rings)
    return (
        {k: assigned[k] for k in sorted(assigned)},
        {k: unassigned[k] for k in sorted(unassigned)},
    )


def country_shapes() -> dict[str, list[np.ndarray]]:
    """Return ISO3 -> list of closed polygon rings as ``(N, 2)`` lon/lat arrays.

    Exterior rings are counter-clockwise (positive area) and holes clockwise.
    Keys are sorted.  The result is cached and shared between calls: the
    arrays are read-only and the dict should not be modified.
    """
    return _decoded_shapes()[0]


# --------------------------------------------------------------------------
# Small states and territories
# --------------------------------------------------------------------------


def _polygon_area(rings: list[np.ndarray]) -> float:
    """Net area in square degrees (holes are negative, so they subtract)."""
    return float(sum(_signed_area(r) for r in rings))


def _taxonomy_points() -> pd.DataFrame:
    """iso3, lon, lat from the OCHA taxonomy CSV shipped in hdx-python-country."""
    resource = files("hdx.location").joinpath(_TAXONOMY_CSV)
    with resource.open("r", encoding="utf-8") as handle:
        table = pd.read_csv(handle, dtype=str, keep_default_na=False)
    code = table["ISO 3166-1 Alpha 3-Codes"].str.strip()
    code = code.where(code != "", table["x Alpha3 codes"].str.strip())
    lat = pd.to_numeric(table["Latitude"], errors="coerce")
    lon = pd.to_numeric(table["Longitude"], errors="coerce")
    out = pd.DataFrame({"iso3": code, "lon": lon, "lat": lat})
    out = out[(out["iso3"] != "") & out["lon"].notna() & out["lat"].notna()]
    # One row (Tuvalu) is given east of the antimeridian as 181 degrees.
    out["lon"] = (out["lon"] + 180.0) % 360.0 - 180.0
    return out.drop_duplicates("iso3").reset_index(drop=True)


@functools.lru_cache(maxsize=1)
def _small_state_table() -> pd.DataFrame:
    shapes = country_shapes()
    rows = []
    for iso3, rings in shapes.items():
        area = _polygon_area(rings)
        if area < SMALL_AREA_SQ_DEG:
            largest = max(rings, key=_signed_area)
            lon, lat = _centroid(largest)
            rows.append((iso3, lon, lat, "polygon", area))
    for row in _taxonomy_points().itertuples(index=False):
        if row.iso3 not in shapes:
            rows.append((row.iso3, float(row.lon), float(row.lat), "taxonomy", np.nan))
    table = pd.DataFrame(rows, columns=["iso3", "lon", "lat", "source", "area_sq_deg"])
    return table.sort_values("iso3", kind="mergesort").reset_index(drop=True)


def small_state_points() -> pd.DataFrame:
    """Marker positions for places too small to see, or without a polygon.

    Returns a DataFrame sorted by ``iso3`` with columns:

    ``iso3``
        ISO 3166-1 alpha-3 code (plus the OCHA ``x`` codes such as ``AZO`` and
        the deprecated ``ANT`` when the pack has no polygon for them).
    ``lon``, ``lat``
        Degrees.  For ``source == 'polygon'`` the area centroid of the
        largest exterior ring; for ``source == 'taxonomy'`` the
        latitude/longitude in the OCHA Countries & Territories Taxonomy CSV
        shipped with hdx-python-country.
    ``source``
        ``'polygon'`` (net area below ``SMALL_AREA_SQ_DEG`` square degrees) or
        ``'taxonomy'`` (no polygon in the pack, e.g. ``GIB``, ``REU``).
    ``area_sq_deg``
        Net polygon area, NaN for taxonomy rows.

    A fresh copy is returned on each call.
    """
    return _small_state_table().copy()


# --------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------


def _rings_to_path(rings: list[np.ndarray]) -> Path:
    """One compound path holding every ring (each ring explicitly closed)."""
    vertices = np.concatenate(rings, axis=0)
    codes = []
    for ring in rings:
        ring_codes = np.full(len(ring), Path.LINETO, dtype=Path.code_type)
        ring_codes[0] = Path.MOVETO
        ring_codes[-1] = Path.CLOSEPOLY
        codes.append(ring_codes)
    return Path(vertices, np.concatenate(codes))


def _validate(categories: pd.Series, palette: dict[str, str]) -> pd.Series:
    if not isinstance(categories, pd.Series):
        raise TypeError("categories must be a pandas Series indexed by ISO3 code")
    if not isinstance(palette, dict) or not palette:
        raise ValueError("palette must be a non-empty dict of category label -> colour")
    for label, colour in palette.items():
        try:
            to_rgba(colour)
        except ValueError as err:
            raise ValueError(f"palette colour for {label!r} is not a colour: {colour!r}") from err
    categories = categories[categories.notna()]
    duplicated = sorted({str(c) for c in categories.index[categories.index.duplicated()]})
    if duplicated:
        raise ValueError(f"categories has duplicated ISO3 codes: {', '.join(duplicated)}")
    unknown_labels = sorted({str(v) for v in categories if v not in palette})
    if unknown_labels:
        raise ValueError(
            "category labels missing from palette: " + ", ".join(repr(v) for v in unknown_labels)
        )
    known = set(country_shapes()) | set(_small_state_table()["iso3"])
    unknown_codes = sorted({str(c) for c in categories.index if c not in known})
    if unknown_codes:
        raise ValueError(
            "ISO3 codes with neither a polygon nor a marker position: " + ", ".join(unknown_codes)
        )
    return categories


def world_map(
    categories: pd.Series,
    *,
    palette: dict[str, str],
    ax: Axes | None = None,
    title: str | None = None,
    missing_label: str = "Not listed",
    missing_colour: str = "#e6e6e6",
    legend: bool = True,
) -> Axes:
    """Draw a categorical world map and return its Axes.

    Parameters
    ----------
    categories
        Series indexed by ISO3 code whose values are category labels (for
        example ``'Took part'``).  Missing values (NaN/None) are treated as
        not listed.
    palette
        Category label -> matplotlib colour.  Every label in ``categories``
        must be a key; the legend (below the map) follows the palette's order
        and lists only labels that occur, each with its count of ISO3 codes.
    ax
        Axes to draw on; by default a new ``FIGSIZE`` figure is created.
    title
        Optional axes title.
    missing_label, missing_colour
        Legend text and fill for countries not in ``categories`` (also used for
        the Natural Earth features that have no ISO code).
    legend
        Whether to draw the legend.

    Raises
    ------
    ValueError
        If a label is not in ``palette`` (the unknown labels are named), if an
        ISO3 code has neither a polygon nor a marker position (the codes are
        named), if an ISO3 code is repeated, or if a palette colour is invalid.

    Countries and territories listed in ``small_state_points()`` that appear
    in ``categories`` also get a circle marker in their category colour.
    """
    categories = _validate(categories, palette)
    colour_of = {iso3: palette[label] for iso3, label in categories.items()}
    shapes, unassigned = _decoded_shapes()

    if ax is None:
        fig, ax = plt.subplots(figsize=FIGSIZE)
        # The map is about 2.5 times wider than tall: use the full width and
        # leave room for the title above and the legend below.
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.08, top=0.94)

    def add(rings: list[np.ndarray], colour: str, gid: str) -> None:
        patch = PathPatch(
            _rings_to_path(rings),
            facecolor=colour,
            edgecolor=EDGE_COLOUR,
            linewidth=EDGE_WIDTH,
            zorder=1,
            gid=gid,
        )
        # add_artist skips the slow per-vertex data-limit update of add_patch;
        # the limits are set explicitly below.
        ax.add_artist(patch)

    for name, rings in unassigned.items():
        add(rings, missing_colour, f"unassigned:{name}")
    for iso3, rings in shapes.items():
        add(rings, colour_of.get(iso3, missing_colour), iso3)

    points = _small_state_table()
    points = points[points["iso3"].isin(colour_of.keys())]
    if len(points):
        ax.scatter(
            points["lon"].to_numpy(),
            points["lat"].to_numpy(),
            s=MARKER_SIZE,
            c=[colour_of[c] for c in points["iso3"]],
            edgecolors=MARKER_EDGE_COLOUR,
            linewidths=0.6,
            zorder=3,
            gid="small-state-markers",
        )

    ax.set_xlim(-180.0, 180.0)
    ax.set_ylim(LAT_MIN, LAT_MAX)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if title is not None:
        ax.set_title(title)

    if legend:
        counts = categories.value_counts()
        handles: list = [
            Patch(facecolor=colour, edgecolor="none", label=f"{label} ({int(counts[label])})")
            for label, colour in palette.items()
            if counts.get(label, 0) > 0
        ]
        handles.append(Patch(facecolor=missing_colour, edgecolor="none", label=missing_label))
        if len(points):
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="o",
                    markersize=float(np.sqrt(MARKER_SIZE)),
                    markerfacecolor="white",
                    markeredgecolor=MARKER_EDGE_COLOUR,
                    markeredgewidth=0.6,
                    label="Small state or territory",
                )
            )
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            ncol=min(len(handles), 5),
            fontsize=8,
            frameon=False,
            handlelength=1.4,
            columnspacing=1.5,
        )
    return ax


def save_png(fig: Figure, path: str | PathLike | IO[bytes], *, dpi: int = 150) -> None:
    """Save ``fig`` as PNG without the matplotlib version stamp.

    With the software field removed (and PNG carrying no timestamp), the
    same figure rendered with the same matplotlib and fonts gives identical
    bytes.  ``path`` may be a filename or a binary file object.
    """
    fig.savefig(path, format="png", dpi=dpi, metadata={"Software": None})
