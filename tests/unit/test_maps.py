"""Tests for analysis.maps: TopoJSON decoding, small-state markers, rendering."""

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from analysis import maps  # noqa: E402

PALETTE = {
    "Took part": "#1b7837",
    "Named case location": "#fdb863",
    "Coordination unit": "#5e3c99",
}
REQUIRED_SMALL = ["BMU", "CYM", "TCA", "CUW", "BHR", "SGP", "MDV", "SYC", "MUS", "LCA", "CPV"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _area(rings):
    return sum(maps._signed_area(r) for r in rings)


def _patch(ax, gid):
    found = [p for p in ax.patches if p.get_gid() == gid]
    assert len(found) == 1, f"expected one patch with gid {gid!r}, found {len(found)}"
    return found[0]


def _markers(ax):
    found = [c for c in ax.collections if c.get_gid() == "small-state-markers"]
    assert len(found) == 1
    return found[0]


# --- decoding -------------------------------------------------------------


def test_decode_tiny_topology_by_hand():
    # Two arcs forming a unit square in quantized space, scaled by 10 and
    # shifted by (-5, 20): arc 0 goes (0,0)->(1,0)->(1,1); arc 1 goes
    # (0,0)->(0,1)->(1,1) and is used reversed (~1 == -2).
    topology = {
        "transform": {"scale": [10.0, 10.0], "translate": [-5.0, 20.0]},
        "arcs": [[[0, 0], [1, 0], [0, 1]], [[0, 0], [0, 1], [1, 0]]],
    }
    arcs = maps._decode_arcs(topology)
    assert arcs[0].tolist() == [[-5.0, 20.0], [5.0, 20.0], [5.0, 30.0]]
    ring = maps._stitch_ring([0, ~1], arcs)
    assert ring.tolist() == [[-5, 20], [5, 20], [5, 30], [-5, 30], [-5, 20]]
    assert maps._signed_area(ring) == pytest.approx(100.0)
    assert maps._centroid(ring) == pytest.approx((0.0, 25.0))
    # as the hole of a polygon it is turned clockwise
    polygon = maps._geometry_rings({"type": "Polygon", "arcs": [[0, ~1], [0, ~1]]}, arcs)
    assert [maps._signed_area(r) for r in polygon] == pytest.approx([100.0, -100.0])


def test_shapes_are_keyed_by_iso3_with_closed_lonlat_rings():
    shapes = maps.country_shapes()
    assert len(shapes) > 230
    assert all(len(k) == 3 and k.isupper() for k in shapes)
    for rings in shapes.values():
        assert rings
        for ring in rings:
            assert ring.ndim == 2 and ring.shape[1] == 2 and len(ring) >= 4
            assert np.array_equal(ring[0], ring[-1])
            assert -180.0 <= ring[:, 0].min() and ring[:, 0].max() <= 180.0
            assert -90.0 <= ring[:, 1].min() and ring[:, 1].max() <= 90.0
    assert maps.country_shapes() is shapes  # cached


def test_france_mainland_bounding_box():
    largest = max(maps.country_shapes()["FRA"], key=maps._signed_area)
    lon_min, lat_min = largest.min(axis=0)
    lon_max, lat_max = largest.max(axis=0)
    assert -5.0 <= lon_min and lon_max <= 10.0
    assert 41.0 <= lat_min and lat_max <= 52.0
    # and it really is the mainland, not Corsica
    assert lon_max - lon_min > 10.0 and lat_max - lat_min > 7.0


def test_relative_areas_and_orientation():
    shapes = maps.country_shapes()
    assert _area(shapes["BRA"]) > 50 * _area(shapes["PRT"]) > 0
    assert all(_area(rings) > 0 for rings in shapes.values())
    # South Africa has a hole where Lesotho is, stored clockwise.
    holes = [r for r in shapes["ZAF"] if maps._signed_area(r) < 0]
    assert holes
    lon, lat = maps._centroid(holes[0])
    assert 27.0 < lon < 30.0 and -31.0 < lat < -28.5


def test_antimeridian_rings_are_cut_not_smeared():
    shapes = maps.country_shapes()
    for iso3 in ("RUS", "FJI", "USA", "NZL", "KIR"):
        for ring in shapes[iso3]:
            assert np.abs(np.diff(ring[:, 0])).max() < 90.0, iso3
    # Russia's Chukotka reaches the antimeridian from the west...
    assert max(r[:, 0].max() for r in shapes["RUS"]) == pytest.approx(180.0)
    # ...and continues on the western side of the map.
    assert min(r[:, 0].min() for r in shapes["RUS"]) < -169.0
    assert 2500 < _area(shapes["RUS"]) < 3500
    assert _area(shapes["FJI"]) < 2.0


def test_latitude_window_drops_only_antarctica():
    shapes = maps.country_shapes()
    assert max(r[:, 1].max() for r in shapes["ATA"]) < maps.LAT_MIN
    for iso3, rings in shapes.items():
        if iso3 != "ATA":
            assert min(r[:, 1].min() for r in rings) >= maps.LAT_MIN, iso3
            assert max(r[:, 1].max() for r in rings) <= maps.LAT_MAX, iso3


def test_bermuda_position():
    rings = maps.country_shapes()["BMU"]
    lon, lat = np.concatenate(rings).mean(axis=0)
    assert lon == pytest.approx(-64.7, abs=0.3)
    assert lat == pytest.approx(32.3, abs=0.3)


def test_kosovo_has_a_shape():
    rings = maps.country_shapes()["XKX"]
    points = np.concatenate(rings)
    assert 19.5 < points[:, 0].min() and points[:, 0].max() < 22.0
    assert 41.5 < points[:, 1].min() and points[:, 1].max() < 43.5


# --- small states -----------------------------------------------------------


def test_small_state_points_include_required_codes():
    points = maps.small_state_points()
    assert list(points.columns[:3]) == ["iso3", "lon", "lat"]
    assert points["iso3"].is_unique
    assert list(points["iso3"]) == sorted(points["iso3"])
    missing = set(REQUIRED_SMALL) - set(points["iso3"])
    assert not missing, missing
    bmu = points.set_index("iso3").loc["BMU"]
    assert bmu["lon"] == pytest.approx(-64.75, abs=0.2)
    assert bmu["lat"] == pytest.approx(32.3, abs=0.2)
    assert bmu["source"] == "polygon"


def test_small_state_points_thresholds_and_fallbacks():
    points = maps.small_state_points().set_index("iso3")
    shapes = maps.country_shapes()
    # large countries are not markers
    for iso3 in ("FRA", "BRA", "NLD", "PRT"):
        assert iso3 not in points.index
    polygon_rows = points[points["source"] == "polygon"]
    assert (polygon_rows["area_km2"] < maps.SMALL_AREA_KM2).all()
    assert points.loc["LUX", "source"] == "polygon"
    # codes without a polygon come from the OCHA taxonomy
    taxonomy_rows = points[points["source"] == "taxonomy"]
    assert {"GIB", "REU", "GUF", "MTQ"} <= set(taxonomy_rows.index)
    assert not set(taxonomy_rows.index) & set(shapes)
    assert points.loc["GIB", "lat"] == pytest.approx(36.1, abs=0.2)
    assert -180.0 <= points["lon"].min() and points["lon"].max() <= 180.0
    # a fresh copy each call
    copy = maps.small_state_points()
    copy.loc[0, "lon"] = 999.0
    assert maps.small_state_points()["lon"].max() <= 180.0


# --- rendering ----------------------------------------------------------------


def _categories():
    return pd.Series(
        {
            "FRA": "Took part",
            "BRA": "Took part",
            "BMU": "Took part",
            "SGP": "Named case location",
            "NLD": "Coordination unit",
            "GIB": "Named case location",
        }
    )


def test_world_map_colours_polygons_and_markers():
    ax = maps.world_map(_categories(), palette=PALETTE, title="Test")
    assert _patch(ax, "FRA").get_facecolor() == pytest.approx(to_rgba(PALETTE["Took part"]))
    assert _patch(ax, "NLD").get_facecolor() == pytest.approx(to_rgba(PALETTE["Coordination unit"]))
    assert _patch(ax, "DEU").get_facecolor() == pytest.approx(to_rgba("#e6e6e6"))
    assert _patch(ax, "unassigned:Somaliland").get_facecolor() == pytest.approx(to_rgba("#e6e6e6"))

    markers = _markers(ax)
    offsets = np.asarray(markers.get_offsets())
    colours = markers.get_facecolors()
    # sorted ISO3 order: BMU, GIB, SGP (FRA, BRA, NLD are not small)
    assert len(offsets) == 3
    # Bermuda (64.76 W, 32.31 N) in Equal Earth, worked out with the published equations in
    # plain scalar arithmetic (not with maps.equal_earth): x = -0.90094, y = 0.63598.
    assert offsets[0] == pytest.approx([-0.90094, 0.63598], abs=0.002)
    assert colours[0] == pytest.approx(to_rgba(PALETTE["Took part"]))
    assert colours[1] == pytest.approx(to_rgba(PALETTE["Named case location"]))
    assert 18 <= markers.get_sizes()[0] <= 25

    # the whole world: the equator's half-length, and y at 59 S and 84 N (worked out by hand)
    assert ax.get_xlim() == pytest.approx((-2.70663, 2.70663), abs=1e-5)
    assert ax.get_ylim() == pytest.approx((-1.07472, 1.30671), abs=1e-5)
    assert [p for p in ax.patches if p.get_gid() == "frame"]
    assert not ax.axison
    assert ax.get_title() == "Test"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:3] == ["Took part (3)", "Named case location (2)", "Coordination unit (1)"]
    assert "Not listed" in labels


def test_world_map_draws_on_given_axes_without_legend():
    fig, ax = plt.subplots(figsize=(4, 2))
    out = maps.world_map(
        pd.Series({"PRT": "Took part"}),
        palette=PALETTE,
        ax=ax,
        legend=False,
        missing_colour="#ffffff",
    )
    assert out is ax
    assert ax.get_legend() is None
    assert _patch(ax, "ESP").get_facecolor() == pytest.approx(to_rgba("#ffffff"))
    assert not [c for c in ax.collections if c.get_gid() == "small-state-markers"]


def test_unknown_category_raises():
    categories = pd.Series({"FRA": "Took part", "DEU": "Hosted dinner"})
    with pytest.raises(ValueError, match="Hosted dinner"):
        maps.world_map(categories, palette=PALETTE)


def test_unknown_iso3_raises():
    categories = pd.Series({"FRA": "Took part", "XYZ": "Took part", "fra": "Took part"})
    with pytest.raises(ValueError, match="XYZ") as info:
        maps.world_map(categories, palette=PALETTE)
    assert "fra" in str(info.value)
    assert "FRA" not in str(info.value).replace("fra", "")


def test_duplicate_iso3_raises():
    categories = pd.Series(["Took part", "Took part"], index=["FRA", "FRA"])
    with pytest.raises(ValueError, match="FRA"):
        maps.world_map(categories, palette=PALETTE)


def _png_bytes():
    ax = maps.world_map(_categories(), palette=PALETTE, title="Deterministic")
    buffer = io.BytesIO()
    maps.save_png(ax.figure, buffer, dpi=60)
    plt.close(ax.figure)
    return buffer.getvalue()


def test_renders_are_byte_identical():
    first = _png_bytes()
    second = _png_bytes()
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"Software" not in first
    assert first == second


def test_renders_are_byte_identical_on_the_pacific_map():
    def render():
        ax = maps.world_map(pd.Series({"FJI": "Took part", "WSM": "Took part", "AUS": "Coordination unit"}),
                            palette=PALETTE, central_meridian=150.0)
        buffer = io.BytesIO()
        maps.save_png(ax.figure, buffer, dpi=60)
        plt.close(ax.figure)
        return buffer.getvalue()

    assert render() == render()


# --- the Equal Earth projection ---------------------------------------------------


# Reference values from the equations of Šavrič, Patterson and Jenny (2018), worked out by
# hand or in plain scalar arithmetic (math module), not with maps.equal_earth:
#   equator, 180 E: theta = 0, so x = 2*sqrt(3)*pi / (3*A1) = 10.882796 / 4.020792 = 2.706630
#   North Pole: theta = asin(sqrt(3)/2) = pi/3 = 1.0471976;
#     y = A1*t + A2*t^3 + A3*t^7 + A4*t^9 = 1.403521 - 0.093140 + 0.001233 + 0.005749 = 1.317363
#   180 E on the pole line: x = 10.882796 * cos(pi/3) / (3 * 1.131087) = 1.603589
REFERENCE_POINTS = [
    ((0.0, 0.0), (0.0, 0.0)),
    ((180.0, 0.0), (2.7066300, 0.0)),
    ((0.0, 90.0), (0.0, 1.3173628)),
    ((180.0, 90.0), (1.6035886, 1.3173628)),
    ((45.0, 45.0), (0.5799272, 0.8602311)),
    ((-120.0, -30.0), (-1.6878011, -0.5929351)),
]


@pytest.mark.parametrize(("lonlat", "expected"), REFERENCE_POINTS)
def test_equal_earth_reference_points(lonlat, expected):
    x, y = maps.equal_earth(*lonlat)
    assert (float(x), float(y)) == pytest.approx(expected, abs=5e-7)


def test_equal_earth_symmetries_and_central_meridian():
    lon = np.array([10.0, 75.0, 150.0, 179.0])
    lat = np.array([5.0, 40.0, -60.0, 83.0])
    x, y = maps.equal_earth(lon, lat)
    x_west, y_west = maps.equal_earth(-lon, lat)
    x_south, y_south = maps.equal_earth(lon, -lat)
    assert x_west == pytest.approx(-x) and y_west == pytest.approx(y)  # mirror in the central meridian
    assert x_south == pytest.approx(x) and y_south == pytest.approx(-y)  # mirror in the equator
    assert maps.equal_earth(0.0, lat)[1] == pytest.approx(y)  # parallels are straight lines
    # recentred: 150 E becomes the middle of the map
    shifted = maps.equal_earth(lon, lat, central_meridian=150.0)
    assert shifted[0] == pytest.approx(maps.equal_earth(lon - 150.0, lat)[0])
    assert float(maps.equal_earth(150.0, 20.0, central_meridian=150.0)[0]) == pytest.approx(0.0)


def _projected_cell_area(lon0, lat0, size, steps=200):
    """Shoelace area of the projected boundary of a lon/lat cell, each edge in many steps."""
    t = np.linspace(0.0, 1.0, steps, endpoint=False)
    lon = np.concatenate([lon0 + size * t, np.full(steps, lon0 + size), lon0 + size * (1 - t), np.full(steps, lon0)])
    lat = np.concatenate([np.full(steps, lat0), lat0 + size * t, np.full(steps, lat0 + size), lat0 + size * (1 - t)])
    x, y = maps.equal_earth(lon, lat)
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))


def test_equal_earth_is_equal_area():
    # Cells of equal size in degrees shrink towards the poles like cos(latitude), on the
    # sphere and therefore on an equal-area map: area / cos(middle latitude) is the same.
    size = 0.5
    scaled = [_projected_cell_area(20.0, lat, size) / np.cos(np.radians(lat + size / 2))
              for lat in (0.0, 30.0, 60.0, 80.0)]
    assert scaled == pytest.approx([scaled[0]] * 4, rel=1e-4)
    # Exactly: the unit sphere's cell area is dlon * (sin(lat1) - sin(lat0)), in steradians.
    for lat in (-70.0, 10.0, 45.0):
        exact = np.radians(10.0) * (np.sin(np.radians(lat + 10.0)) - np.sin(np.radians(lat)))
        assert _projected_cell_area(-30.0, lat, 10.0) == pytest.approx(exact, rel=1e-5)
    # the whole map is the sphere's 4*pi
    assert _projected_cell_area(-180.0, -90.0, 180.0, steps=4000) * 2 == pytest.approx(4 * np.pi, rel=1e-5)


def test_country_areas_match_published_areas():
    # Net areas on the equal-area map against the areas countries publish (km²):
    # Luxembourg 2,586; Lebanon 10,452; Jamaica 10,991; Qatar 11,586; Portugal 92,212; Brazil 8,515,767.
    # (Not Cyprus: Natural Earth draws Northern Cyprus as a separate feature.)
    published = {"LUX": 2586, "LBN": 10452, "JAM": 10991, "QAT": 11586, "PRT": 92212, "BRA": 8515767}
    areas = maps._projected_world(0.0).area_km2
    for iso3, area in published.items():
        assert areas[iso3] == pytest.approx(area, rel=0.08), iso3
    points = maps.small_state_points().set_index("iso3")
    assert points.loc["BMU", "area_km2"] == pytest.approx(54, rel=0.5)  # Bermuda: 54 km²


def test_projected_outlines_keep_holes_and_stay_in_the_frame():
    world = maps._projected_world(0.0)
    x0, y0, x1, y1 = maps.world_extent()
    for iso3, path in world.paths.items():
        vertices = path.vertices
        assert x0 - 1e-9 <= vertices[:, 0].min() and vertices[:, 0].max() <= x1 + 1e-9, iso3
        assert y0 - 0.01 <= vertices[:, 1].min() and vertices[:, 1].max() <= y1 + 0.01, iso3
    # Lesotho is still a clockwise hole in South Africa
    rings = world.paths["ZAF"].to_polygons(closed_only=True)
    assert any(maps._signed_area(np.vstack([r, r[:1]])) < 0 for r in rings)
    # the cut along the antimeridian follows the curved map edge: Chukotka's vertices at
    # 180 E lie on the edge meridian, not on a straight chord
    chukotka = world.paths["RUS"].vertices
    at_edge = chukotka[np.isclose(chukotka[:, 0], maps.equal_earth(180.0, chukotka[:, 1] * 0 + 66.0)[0], atol=0.05)]
    assert len(at_edge) > 0
    assert "ATA" not in world.paths  # south of the window


@pytest.mark.parametrize("meridian", [0.0, 150.0, -90.0])
def test_no_ring_is_smeared_across_the_map(meridian):
    world = maps._projected_world(meridian)
    for iso3 in ("RUS", "FJI", "USA", "NZL", "KIR", "GRL", "TON"):
        for ring in world.paths[iso3].to_polygons(closed_only=False):
            assert np.abs(np.diff(ring[:, 0])).max() < 0.5, (iso3, meridian)


def test_pacific_map_keeps_fiji_in_one_place():
    world = maps._projected_world(150.0)
    fiji = world.paths["FJI"].vertices
    # on the map centred on 150 E, Fiji (177 E to 178 W) lies about 30 degrees east of centre
    assert 0.3 < fiji[:, 0].min() and fiji[:, 0].max() < 0.6
    x, y = maps._marker_xy(maps.small_state_points().set_index("iso3").loc[["WSM"]].reset_index(), 150.0)
    assert 0.5 < float(x[0]) < 0.8  # Samoa (172 W) just east of Fiji, not at the far left


def test_small_state_markers_use_the_projection():
    points = maps.small_state_points()
    x, y = maps.equal_earth(points["lon"], points["lat"])
    assert points["x"].to_numpy() == pytest.approx(np.asarray(x))
    assert points["y"].to_numpy() == pytest.approx(np.asarray(y))


# --- zooming and the central meridian ---------------------------------------------------


@pytest.mark.parametrize(("codes", "expected"), [
    (["FRA", "DEU", "POL", "ISL"], 0.0),
    (["USA", "BRA", "CAN", "CHL", "JAM"], 0.0),
    (["AUS", "NZL"], 150.0),  # New Zealand reaches 178.5 E: too close to the Greenwich map's edge
    (["AUS", "FJI", "WSM", "TON", "PYF", "KIR"], 150.0),
    (["FRA", "AUS", "BRA", "USA", "JPN", "ZAF"], 0.0),  # all over the world
    ([], 0.0),
])
def test_central_meridian_for(codes, expected):
    assert maps.central_meridian_for(codes) == expected


def test_region_extent_covers_main_rings_and_markers():
    box = maps.region_extent(["FRA", "BMU"])
    main_box = maps._projected_world(0.0).main_box
    france, bermuda_ring = main_box["FRA"], main_box["BMU"]
    bermuda = maps.small_state_points().set_index("iso3").loc["BMU"]
    # Bermuda (its ring and its marker) in the south-west corner, France in the north-east
    assert box[0] == pytest.approx(min(bermuda["x"], bermuda_ring[0]))
    assert box[1] == pytest.approx(min(bermuda["y"], bermuda_ring[1]))
    assert box[0] < bermuda["x"] + 0.01 and box[1] < bermuda["y"] + 0.01
    assert box[2] == pytest.approx(france[2]) and box[3] == pytest.approx(france[3])
    # mainland France only: French Guiana (a ring of FRA near 4 N) is left out
    assert box[1] > maps.equal_earth(0.0, 30.0)[1]
    assert maps.region_extent(["ATA"]) is None
    with pytest.raises(ValueError, match="XYZ"):
        maps.region_extent(["FRA", "XYZ"])


def test_fit_limits_fills_the_axes():
    fig = plt.figure(figsize=(8, 4))
    ax = fig.add_axes((0, 0, 1, 1))
    limits = maps.fit_limits(ax, (0.0, 0.0, 1.0, 1.0))
    width, height = limits[2] - limits[0], limits[3] - limits[1]
    assert height == pytest.approx(1.0) and width == pytest.approx(2.0)  # the box's shape made 2:1
    # kept inside the world where it fits: a box at the world's right edge is shifted left
    x0, y0, x1, y1 = maps.world_extent()
    limits = maps.fit_limits(ax, (x1 - 0.5, 0.0, x1, 0.5))
    assert limits[2] == pytest.approx(x1) and limits[2] - limits[0] == pytest.approx(1.0)
