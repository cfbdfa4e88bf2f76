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
``equal_earth(lon, lat, central_meridian=...)``
    The Equal Earth projection (degrees -> unit-sphere map coordinates).
``world_map(categories, palette=..., central_meridian=...)``
    Draw a categorical world map on a matplotlib Axes, in Equal Earth.
``world_extent()``, ``region_extent(iso3_codes)``, ``central_meridian_for(iso3_codes)``
    Map-coordinate boxes for zooming, and the central meridian that keeps a region in one
    piece (the Pacific is split by the antimeridian of the usual Greenwich-centred map).
``map_axes(extent)``, ``fit_limits(ax, extent)``
    A figure shaped for a map of a box, and limits grown to fill the Axes.
``save_png(fig, path)``
    Write a PNG without a software/version stamp, so equal figures give equal
    bytes.

Conventions
-----------
* Projection: Equal Earth (Šavrič, Patterson and Jenny 2018), an equal-area
  pseudocylindrical projection, on the unit sphere: map areas are steradians,
  so every country is drawn in proportion to its true area.  Latitude is shown
  from ``LAT_MIN`` to ``LAT_MAX`` so Antarctica falls outside the frame.
  ``country_shapes()`` and the ``lon``/``lat`` columns of
  ``small_state_points()`` stay in degrees; the projection is applied when
  drawing, and the projected rings are cached once per process and central
  meridian.
* Rings are closed (first point repeated at the end).  Exterior rings run
  counter-clockwise (positive shoelace area) and holes clockwise (negative), so
  a compound path drawn with the non-zero fill rule shows holes as holes (for
  example Lesotho inside South Africa).
* "Small" means the total polygon area (exteriors minus holes) is below
  ``SMALL_AREA_KM2`` square kilometres, measured on the equal-area map and
  scaled by the authalic Earth radius.  25,000 km² is about 2 square degrees at
  the equator; on a 9-inch-wide world map such a place is at most about
  4 pt across.
* Natural Earth features without an ISO code (Somaliland, N. Cyprus, Indian
  Ocean Ter., Siachen Glacier) are drawn in the no-data colour and cannot be
  given a category.  The one exception is Kosovo, which is mapped to ``XKX``.
* Everything is drawn in sorted ISO3 order; there is no randomness.
"""

from __future__ import annotations

import functools
import gzip
import json
import math
from importlib.resources import files
from os import PathLike
from typing import IO, NamedTuple

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
    "CENTRAL_MERIDIANS",
    "LAT_MAX",
    "LAT_MIN",
    "SMALL_AREA_KM2",
    "central_meridian_for",
    "country_shapes",
    "equal_earth",
    "fit_limits",
    "map_axes",
    "region_extent",
    "small_state_points",
    "save_png",
    "world_extent",
    "world_map",
]

#: Net area (km², on the equal-area map) below which a country or territory
#: also gets a circle marker: about 2 square degrees at the equator.
SMALL_AREA_KM2 = 25_000.0
#: Radius (km) of the sphere with the WGS 84 ellipsoid's surface area (the
#: authalic radius), which turns unit-sphere map areas into km².
EARTH_AUTHALIC_RADIUS_KM = 6371.0072
#: Latitude range drawn: everything but Antarctica (north tip about -63.2);
#: the southernmost other land, the South Sandwich Islands, reaches -58.5.
LAT_MIN = -59.0
LAT_MAX = 84.0
#: Central meridians (degrees east) of the three registered Equal Earth maps:
#: Greenwich (EPSG:8857), Asia-Pacific (EPSG:8859) and Americas (EPSG:8858).
#: ``central_meridian_for`` picks the first that keeps a region in one piece.
CENTRAL_MERIDIANS = (0.0, 150.0, -90.0)
#: Default figure width in inches: 900 px at the notebooks' 100 dpi.  The
#: height follows the map's shape (``map_axes``): about 5.2 in for the world.
FIGURE_WIDTH = 9.0
#: Marker area for small states, in points squared.
MARKER_SIZE = 22.0
MARKER_EDGE_COLOUR = "#222222"
EDGE_COLOUR = "white"
EDGE_WIDTH = 0.25
FRAME_COLOUR = "#b0b0b0"
LEGEND_FONT_SIZE = 9
#: Longest segment (degrees) drawn as a straight line: longer ones (cuts along
#: the antimeridian) are split so they follow the curved map edge.
_MAX_SEGMENT_DEG = 1.0
#: Equal Earth polynomial coefficients (Šavrič, Patterson and Jenny 2018).
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_SQRT3 = float(np.sqrt(3.0))

_PACK = ("packs", "world-countries-2024.json.gz")
_TAXONOMY_CSV = "Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"
# Natural Earth features that carry no ISO numeric id but do have an ISO3
# user-assigned code in common use.
_NAMED_WITHOUT_ID = {"Kosovo": "XKX"}


# --------------------------------------------------------------------------
# The Equal Earth projection
# --------------------------------------------------------------------------


def _wrap_longitude(lon, central_meridian: float = 0.0):
    """Longitude relative to ``central_meridian``, wrapped into [-180, 180) degrees."""
    return (np.asarray(lon, dtype=float) - central_meridian + 180.0) % 360.0 - 180.0


def equal_earth(lon, lat, *, central_meridian: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Project longitude/latitude (degrees) with the Equal Earth projection.

    Bojan Šavrič, Tom Patterson and Bernhard Jenny (2018), "The Equal Earth
    map projection", International Journal of Geographical Information
    Science 33(3): 454-465, doi:10.1080/13658816.2018.1504949, equations (1)
    and (2)::

        sin θ = (√3 / 2) · sin φ
        x = 2√3 · λ · cos θ / (3 · (9 A4 θ⁸ + 7 A3 θ⁶ + 3 A2 θ² + A1))
        y = A4 θ⁹ + A3 θ⁷ + A2 θ³ + A1 θ

    with A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796, λ the
    longitude from the central meridian and φ the latitude, in radians.

    Returns ``(x, y)`` on the unit sphere: x in [-2.7066, 2.7066] (the equator
    is 2·2.7066 long), y in [-1.3174, 1.3174].  The projection is equal-area
    with scale 1, so the area of a projected region is its area on the unit
    sphere in steradians (multiply by R² for km²).  ``lon`` is taken relative
    to ``central_meridian`` without wrapping, so a longitude 180 degrees from
    it maps to the right-hand edge and -180 to the left-hand edge.
    """
    lam = np.radians(np.asarray(lon, dtype=float) - central_meridian)
    theta = np.arcsin(_SQRT3 / 2.0 * np.sin(np.radians(np.asarray(lat, dtype=float))))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = 2.0 * _SQRT3 * lam * np.cos(theta) / (3.0 * (9.0 * _A4 * t6 * t2 + 7.0 * _A3 * t6 + 3.0 * _A2 * t2 + _A1))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


def _densify(ring: np.ndarray, max_step: float = _MAX_SEGMENT_DEG) -> np.ndarray:
    """Split lon/lat segments longer than ``max_step`` degrees into equal steps.

    Straight lines in lon/lat are curves in Equal Earth (meridians bend), so
    long segments, mostly cuts along the antimeridian, are subdivided before
    projecting.  The 1:50m coastlines have few segments that long.
    """
    delta = np.diff(ring, axis=0)
    steps = np.maximum(np.ceil(np.hypot(delta[:, 0], delta[:, 1]) / max_step), 1.0).astype(np.int64)
    if steps.max(initial=1) == 1:
        return ring
    segment = np.repeat(np.arange(len(steps)), steps)
    first = np.repeat(np.cumsum(steps) - steps, steps)
    fraction = (np.arange(len(segment)) - first) / steps[segment]
    points = ring[segment] + fraction[:, None] * delta[segment]
    return np.vstack([points, ring[-1:]])


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


# Geometry computed once per process: the decoded shapes and the world projected for each
# central meridian (``("shapes",)``, ``("world", meridian)``), read-only and shared by every map.
# Report kernels carry it over from one run to the next (:func:`geometry_snapshot`).
_GEOMETRY: dict[tuple, object] = {}


def _remembered_geometry(key: tuple, compute):
    if key not in _GEOMETRY:
        _GEOMETRY[key] = compute()
    return _GEOMETRY[key]


def geometry_snapshot() -> dict[tuple, object]:
    """The geometry computed so far in this process (picklable), for :func:`restore_geometry`
    in another process running the same code with the same map pack."""
    return dict(_GEOMETRY)


def restore_geometry(snapshot: dict[tuple, object]) -> None:
    """Take over geometry from :func:`geometry_snapshot` (what is computed here already stays)."""
    for key, value in snapshot.items():
        if key in _GEOMETRY:
            continue
        if key == ("shapes",):
            for ring in (ring for part in value for rings in part.values() for ring in rings):
                ring.setflags(write=False)  # pickling does not keep the flag
        _GEOMETRY[key] = value


def _decoded_shapes() -> tuple[dict[str, list[np.ndarray]], dict[str, list[np.ndarray]]]:
    """(ISO3 -> rings, unassigned Natural Earth name -> rings), both key-sorted."""
    return _remembered_geometry(("shapes",), _decode_shapes)


def _decode_shapes() -> tuple[dict[str, list[np.ndarray]], dict[str, list[np.ndarray]]]:
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
    area_km2 = _projected_world(0.0).area_km2
    rows = []
    for iso3, rings in shapes.items():
        area = area_km2.get(iso3)  # None: not drawn (Antarctica), so no marker either
        if area is not None and area < SMALL_AREA_KM2:
            largest = max(rings, key=_signed_area)
            lon, lat = _centroid(largest)
            rows.append((iso3, lon, lat, "polygon", area))
    for row in _taxonomy_points().itertuples(index=False):
        if row.iso3 not in shapes:
            rows.append((row.iso3, float(row.lon), float(row.lat), "taxonomy", np.nan))
    table = pd.DataFrame(rows, columns=["iso3", "lon", "lat", "source", "area_km2"])
    x, y = equal_earth(table["lon"], table["lat"])
    table = table.assign(x=x, y=y)
    return table.sort_values("iso3", kind="mergesort").reset_index(drop=True)


def small_state_points() -> pd.DataFrame:
    """Marker positions for places too small to see, or without a polygon.

    Returns a DataFrame sorted by ``iso3`` with columns:

    ``iso3``
        ISO 3166-1 alpha-3 code (plus the OCHA ``x`` codes such as ``AZO`` and
        the deprecated ``ANT`` when the pack has no polygon for them).
    ``lon``, ``lat``
        Degrees.  For ``source == 'polygon'`` the area centroid (in lon/lat)
        of the largest exterior ring; for ``source == 'taxonomy'`` the
        latitude/longitude in the OCHA Countries & Territories Taxonomy CSV
        shipped with hdx-python-country.
    ``source``
        ``'polygon'`` (net area below ``SMALL_AREA_KM2``) or ``'taxonomy'``
        (no polygon in the pack, e.g. ``GIB``, ``REU``).
    ``area_km2``
        Net polygon area in km², measured on the equal-area map and scaled by
        the authalic radius; NaN for taxonomy rows.
    ``x``, ``y``
        The marker position on the Greenwich-centred Equal Earth map
        (``equal_earth(lon, lat)``, unit sphere).

    A fresh copy is returned on each call.
    """
    return _small_state_table().copy()


# --------------------------------------------------------------------------
# The projected world, cached once per process and central meridian
# --------------------------------------------------------------------------


class _ProjectedWorld(NamedTuple):
    """Country outlines in Equal Earth map coordinates for one central meridian."""

    paths: dict[str, Path]  # ISO3 -> compound path of every ring in the latitude window
    unassigned: dict[str, Path]  # Natural Earth name (no ISO code) -> compound path
    main_box: dict[str, tuple[float, float, float, float]]  # ISO3 -> box of its largest ring
    main_lon: dict[str, tuple[float, float]]  # ISO3 -> longitude range of that ring, degrees
    area_km2: dict[str, float]  # ISO3 -> net area on the map, scaled to km² (authalic radius)


def _rings_to_path(rings: list[np.ndarray]) -> Path:
    """One read-only compound path holding every ring (each ring explicitly closed)."""
    vertices = np.concatenate(rings, axis=0)
    codes = []
    for ring in rings:
        ring_codes = np.full(len(ring), Path.LINETO, dtype=Path.code_type)
        ring_codes[0] = Path.MOVETO
        ring_codes[-1] = Path.CLOSEPOLY
        codes.append(ring_codes)
    return Path(vertices, np.concatenate(codes), readonly=True)


def _project_rings(rings: list[np.ndarray], central_meridian: float) -> list[tuple[np.ndarray, np.ndarray]]:
    """Project lon/lat rings, cut at the map edge ``central_meridian`` ± 180 degrees.

    Returns ``(piece, projected)`` pairs: the lon/lat piece (longitude relative
    to the central meridian) and its map coordinates.  Rings wholly outside
    ``LAT_MIN``..``LAT_MAX`` (Antarctica) are left out.  For a central
    meridian other than 0 the longitudes are shifted and wrapped, and rings
    that now cross the map edge are cut there, as ``_into_window`` does at
    ±180 for the Greenwich-centred map.  Orientation is kept.
    """
    kept = []
    for ring in rings:
        if ring[:, 1].max() < LAT_MIN or ring[:, 1].min() > LAT_MAX:
            continue
        if central_meridian == 0.0:
            pieces = [ring]
        else:
            shifted = np.column_stack([_wrap_longitude(ring[:, 0], central_meridian), ring[:, 1]])
            pieces, _ = _into_window(shifted)
        kept.extend(pieces)
    if not kept:
        return []
    # One projection call for all rings of the country, then split again.
    dense = [_densify(piece) for piece in kept]
    x, y = equal_earth(*np.concatenate(dense, axis=0).T)
    ends = np.cumsum([len(d) for d in dense])[:-1]
    out = []
    for piece, projected in zip(kept, np.split(np.column_stack([x, y]), ends), strict=True):
        projected.setflags(write=False)
        out.append((piece, projected))
    return out


def _projected_world(central_meridian: float) -> _ProjectedWorld:
    """Every country's compound path in map coordinates, computed once per meridian.

    The cached paths are read-only and are shared by every map drawn in the
    process.  The "main" ring of a country is the one with the largest area on
    the map.
    """
    meridian = float(central_meridian)
    return _remembered_geometry(("world", meridian), lambda: _project_world(meridian))


def _project_world(central_meridian: float) -> _ProjectedWorld:
    shapes, unassigned = _decoded_shapes()
    paths, main_box, main_lon, area_km2 = {}, {}, {}, {}
    for iso3, rings in shapes.items():
        pairs = _project_rings(rings, central_meridian)
        if not pairs:
            continue  # Antarctica: south of the window
        paths[iso3] = _rings_to_path([projected for _, projected in pairs])
        # Unit-sphere map areas are steradians (holes are clockwise, so they subtract).
        area_km2[iso3] = sum(_signed_area(projected) for _, projected in pairs) * EARTH_AUTHALIC_RADIUS_KM**2
        piece, main = max(pairs, key=lambda pair: _signed_area(pair[1]))
        (x0, y0), (x1, y1) = main.min(axis=0), main.max(axis=0)
        main_box[iso3] = (float(x0), float(y0), float(x1), float(y1))
        main_lon[iso3] = (float(piece[:, 0].min()) + central_meridian, float(piece[:, 0].max()) + central_meridian)
    other = {}
    for name, rings in unassigned.items():
        pairs = _project_rings(rings, central_meridian)
        if pairs:
            other[name] = _rings_to_path([projected for _, projected in pairs])
    return _ProjectedWorld(paths, other, main_box, main_lon, area_km2)


@functools.lru_cache(maxsize=1)
def _frame_path() -> Path:
    """Outline of the drawn world: the curved edge meridians between ``LAT_MIN`` and ``LAT_MAX``."""
    lat = np.linspace(LAT_MIN, LAT_MAX, 144)
    east = np.column_stack(equal_earth(np.full_like(lat, 180.0), lat))
    west = np.column_stack(equal_earth(np.full_like(lat, -180.0), lat))[::-1]
    ring = np.vstack([east, west, east[:1]])
    return _rings_to_path([ring])


def world_extent() -> tuple[float, float, float, float]:
    """``(x_min, y_min, x_max, y_max)`` of the drawn world in map coordinates.

    The width is the equator (±2.7066); the height runs from ``LAT_MIN`` to
    ``LAT_MAX``.  It does not depend on the central meridian.
    """
    x_edge, _ = equal_earth(180.0, 0.0)
    _, (y_min, y_max) = equal_earth([0.0, 0.0], [LAT_MIN, LAT_MAX])
    return (-float(x_edge), float(y_min), float(x_edge), float(y_max))


def _marker_xy(points: pd.DataFrame, central_meridian: float) -> tuple[np.ndarray, np.ndarray]:
    """Map coordinates of small-state markers for a central meridian."""
    if central_meridian == 0.0:
        return points["x"].to_numpy(), points["y"].to_numpy()
    return equal_earth(_wrap_longitude(points["lon"].to_numpy(), central_meridian), points["lat"].to_numpy())


def region_extent(iso3_codes, *, central_meridian: float = 0.0) -> tuple[float, float, float, float] | None:
    """Map-coordinate box ``(x_min, y_min, x_max, y_max)`` around some countries.

    Each code contributes the box of its main ring (largest on the map: the
    mainland of France, not French Guiana; the contiguous United States, not
    Alaska) and, for small states and places without a polygon, its marker.
    Codes that are not drawn (Antarctica, south of the window) contribute
    nothing; ``None`` is returned when no code contributes.  Unknown codes
    raise ``ValueError`` naming them.
    """
    world = _projected_world(float(central_meridian))
    points = _small_state_table()
    codes = sorted({str(c) for c in iso3_codes})
    known = set(country_shapes()) | set(points["iso3"])
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValueError("ISO3 codes with neither a polygon nor a marker position: " + ", ".join(unknown))
    boxes = [world.main_box[c] for c in codes if c in world.main_box]
    x, y = _marker_xy(points[points["iso3"].isin(codes)], float(central_meridian))
    boxes += [(float(a), float(b), float(a), float(b)) for a, b in zip(x, y, strict=True)]
    if not boxes:
        return None
    corners = np.asarray(boxes)
    return (float(corners[:, 0].min()), float(corners[:, 1].min()),
            float(corners[:, 2].max()), float(corners[:, 3].max()))


#: A set of places spanning more than this many degrees of longitude is shown
#: on the Greenwich-centred map, as a world map.
_WORLD_SPAN_DEG = 240.0
#: Preferred distance (degrees of longitude) between the places and the map edge.
_EDGE_CLEARANCE_DEG = 20.0


def central_meridian_for(iso3_codes) -> float:
    """The central meridian (one of ``CENTRAL_MERIDIANS``) that shows some places in one piece.

    The places' longitudes (main ring and marker of each code) are covered by
    the shortest arc of the circle: the complement of the widest gap between
    them.  The first of ``CENTRAL_MERIDIANS`` whose map edge (the meridian 180
    degrees away) falls in that gap at least 20 degrees from the places is
    returned; if none does, the first whose edge does not cut them (Europe:
    Russia reaches 180 E, Iceland 24 W), else the one cutting least.  So
    Greenwich unless the places straddle or touch the antimeridian: Oceania's
    islands, from Australia (113 E) to French Polynesia (135 W), and even
    Australia with New Zealand (to 178.5 E), get the Asia-Pacific map centred
    on 150 E.  Places spanning more than 240 degrees (a world map), an empty
    list and codes that are not drawn give 0.
    """
    world = _projected_world(0.0)
    points = _small_state_table().set_index("iso3")
    intervals = []
    for code in sorted({str(c) for c in iso3_codes}):
        if code in world.main_lon:
            intervals.append(world.main_lon[code])
        if code in points.index:
            lon = float(points.at[code, "lon"])
            intervals.append((lon, lon))
    if not intervals:
        return 0.0
    # Widest gap between the merged intervals, going round the circle.
    intervals.sort()
    merged = [list(intervals[0])]
    for lo, hi in intervals[1:]:
        if lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    gaps = [(merged[i][1], merged[i + 1][0]) for i in range(len(merged) - 1)]
    gaps.append((merged[-1][1], merged[0][0] + 360.0))  # across the antimeridian
    gap_start, gap_end = max(gaps, key=lambda g: g[1] - g[0])
    if 360.0 - (gap_end - gap_start) > _WORLD_SPAN_DEG:
        return 0.0

    def clearance(meridian: float) -> float:
        """Degrees between the map edge and the nearest place; negative if the edge cuts them."""
        edges = (meridian - 180.0, meridian + 180.0, meridian + 540.0)
        return max(min(e - gap_start, gap_end - e) for e in edges)

    for meridian in CENTRAL_MERIDIANS:
        if clearance(meridian) >= _EDGE_CLEARANCE_DEG:
            return meridian
    for meridian in CENTRAL_MERIDIANS:  # no roomy view: the first that does not cut the places
        if clearance(meridian) >= 0.0:
            return meridian
    return max(CENTRAL_MERIDIANS, key=clearance)


# --------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------


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


def _legend_columns(figure_width: float) -> int:
    """Legend columns that fit a map figure of this width (inches) at ``LEGEND_FONT_SIZE``."""
    return 3 if figure_width >= 8.5 else 2


def map_axes(
    extent: tuple[float, float, float, float] | None = None,
    *,
    width: float = FIGURE_WIDTH,
    min_width: float = 6.5,
    min_map_height: float = 2.6,
    max_map_height: float = 6.0,
    title: bool = True,
    legend: bool = True,
) -> Axes:
    """A new figure and Axes shaped for a map of ``extent``, for a page about 900 px wide.

    ``extent`` is a map-coordinate box (``world_extent()`` by default).  The
    figure is ``width`` inches wide (900 px at the notebooks' 100 dpi), or
    narrower, down to ``min_width``, for a box taller than wide (the
    Americas); the map area keeps the box's shape within
    ``min_map_height``..``max_map_height`` inches, with room above for a title
    and below for the legend.  ``fit_limits`` then grows the box to the Axes'
    exact shape.
    """
    x0, y0, x1, y1 = extent or world_extent()
    aspect = (y1 - y0) / (x1 - x0)
    map_height = float(np.clip(0.98 * width * aspect, min_map_height, max_map_height))
    width = float(np.clip(map_height / aspect / 0.98, min_width, width))
    top = 0.45 if title else 0.08
    # room for up to six legend entries (four categories, not listed, small state)
    bottom = 0.22 + 0.21 * math.ceil(6 / _legend_columns(width)) if legend else 0.08
    height = map_height + top + bottom
    fig = plt.figure(figsize=(width, height))
    return fig.add_axes((0.01, bottom / height, 0.98, map_height / height))


def fit_limits(ax: Axes, extent: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Set ``ax``'s limits to ``extent`` grown to the Axes' shape, so an equal-aspect map fills it.

    The shorter side of the box is widened about its centre; the grown box is
    then shifted back inside ``world_extent()`` where the world is large
    enough to hold it (no empty band beside the map).  Returns the limits set.
    """
    x0, y0, x1, y1 = extent
    fig_width, fig_height = ax.figure.get_size_inches()
    position = ax.get_position(original=True)  # the active one has already shrunk to the old limits
    axes_ratio = (position.height * fig_height) / (position.width * fig_width)
    if (y1 - y0) / (x1 - x0) < axes_ratio:
        grow = ((x1 - x0) * axes_ratio - (y1 - y0)) / 2
        y0, y1 = y0 - grow, y1 + grow
    else:
        grow = ((y1 - y0) / axes_ratio - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    wx0, wy0, wx1, wy1 = world_extent()

    def inside(lo: float, hi: float, world_lo: float, world_hi: float) -> tuple[float, float]:
        if hi - lo >= world_hi - world_lo:
            middle = (world_lo + world_hi) / 2
            return middle - (hi - lo) / 2, middle + (hi - lo) / 2
        shift = max(world_lo - lo, 0.0) + min(world_hi - hi, 0.0)
        return lo + shift, hi + shift

    x0, x1 = inside(x0, x1, wx0, wx1)
    y0, y1 = inside(y0, y1, wy0, wy1)
    ax.set_xlim(float(x0), float(x1))
    ax.set_ylim(float(y0), float(y1))
    return float(x0), float(y0), float(x1), float(y1)


def world_map(
    categories: pd.Series,
    *,
    palette: dict[str, str],
    ax: Axes | None = None,
    title: str | None = None,
    missing_label: str = "Not listed",
    missing_colour: str = "#e6e6e6",
    legend: bool = True,
    central_meridian: float = 0.0,
) -> Axes:
    """Draw a categorical world map in the Equal Earth projection and return its Axes.

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
        Axes to draw on; by default a new figure 9 inches wide (``map_axes``).
    title
        Optional axes title.
    missing_label, missing_colour
        Legend text and fill for countries not in ``categories`` (also used for
        the Natural Earth features that have no ISO code).
    legend
        Whether to draw the legend.
    central_meridian
        Longitude (degrees east) at the centre of the map: 0 (Greenwich), or
        150 for the Asia-Pacific view in which the Pacific is in one piece
        (see ``central_meridian_for``).  The map edge is cut 180 degrees away.

    Raises
    ------
    ValueError
        If a label is not in ``palette`` (the unknown labels are named), if an
        ISO3 code has neither a polygon nor a marker position (the codes are
        named), if an ISO3 code is repeated, or if a palette colour is invalid.

    Axes coordinates are Equal Earth map coordinates on the unit sphere
    (``equal_earth``); the limits are the whole world (``world_extent()``).
    Countries and territories listed in ``small_state_points()`` that appear
    in ``categories`` also get a circle marker in their category colour,
    placed with the same projection.  Each country is one ``PathPatch`` whose
    ``gid`` is its ISO3 code; the world's outline has the ``gid`` ``'frame'``.
    """
    categories = _validate(categories, palette)
    colour_of = {iso3: palette[label] for iso3, label in categories.items()}
    central_meridian = float(central_meridian)
    world = _projected_world(central_meridian)

    if ax is None:
        ax = map_axes(title=title is not None, legend=legend)

    def add(path: Path, colour: str, gid: str) -> None:
        patch = PathPatch(path, facecolor=colour, edgecolor=EDGE_COLOUR, linewidth=EDGE_WIDTH, zorder=1, gid=gid)
        # add_artist skips the slow per-vertex data-limit update of add_patch;
        # the limits are set explicitly below.
        ax.add_artist(patch)

    for name, path in world.unassigned.items():
        add(path, missing_colour, f"unassigned:{name}")
    for iso3, path in world.paths.items():
        add(path, colour_of.get(iso3, missing_colour), iso3)
    ax.add_artist(PathPatch(_frame_path(), facecolor="none", edgecolor=FRAME_COLOUR, linewidth=0.6,
                            zorder=2, gid="frame"))

    points = _small_state_table()
    points = points[points["iso3"].isin(colour_of.keys())]
    if len(points):
        x, y = _marker_xy(points, central_meridian)
        ax.scatter(
            x,
            y,
            s=MARKER_SIZE,
            c=[colour_of[c] for c in points["iso3"]],
            edgecolors=MARKER_EDGE_COLOUR,
            linewidths=0.6,
            zorder=3,
            gid="small-state-markers",
        )

    x0, y0, x1, y1 = world_extent()
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if title is not None:
        ax.set_title(title, fontsize=12)

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
            bbox_to_anchor=(0.5, -0.01),
            ncol=min(len(handles), _legend_columns(ax.figure.get_size_inches()[0])),
            fontsize=LEGEND_FONT_SIZE,
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
