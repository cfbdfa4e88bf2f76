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
    assert (polygon_rows["area_sq_deg"] < maps.SMALL_AREA_SQ_DEG).all()
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
    assert offsets[0] == pytest.approx([-64.76, 32.31], abs=0.1)
    assert colours[0] == pytest.approx(to_rgba(PALETTE["Took part"]))
    assert colours[1] == pytest.approx(to_rgba(PALETTE["Named case location"]))
    assert 18 <= markers.get_sizes()[0] <= 25

    assert ax.get_xlim() == (-180.0, 180.0)
    assert ax.get_ylim() == (maps.LAT_MIN, maps.LAT_MAX)
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
