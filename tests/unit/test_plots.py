"""Tests for analysis.plots: regional zoom, the trend chart's time axis and bounds, page-width
charts, and the edition dates the trend chart uses (analysis.trends.edition_dates)."""

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from analysis import load, maps, plots, trends  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _region_codes(region: str) -> list[str]:
    members = load.load_table("region_membership")
    codes = members[(members["scheme_id"] == "m49-region") & (members["region_name"] == region)]["iso3"]
    return sorted(set(codes.astype(str)) - {"UMI"})  # UMI: no polygon and no position


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


def _shown_tick_labels(ax, axis="x"):
    """Tick labels matplotlib draws: with text, at a tick inside the view limits."""
    low, high = sorted(ax.get_xlim() if axis == "x" else ax.get_ylim())
    getter = ax.get_xticklabels if axis == "x" else ax.get_yticklabels
    labels = getter(minor=True) + getter()
    coordinate = 0 if axis == "x" else 1
    return [t for t in labels if t.get_text() and low <= t.get_position()[coordinate] <= high]


# --- maps: zoom in projected coordinates -------------------------------------------------


def _assert_box_contains(limits, iso3_codes, meridian):
    x0, y0, x1, y1 = limits
    world = maps._projected_world(meridian)
    points = maps.small_state_points()
    for code in iso3_codes:
        if code in world.main_box:
            bx0, by0, bx1, by1 = world.main_box[code]
            assert x0 <= bx0 and bx1 <= x1 and y0 <= by0 and by1 <= y1, code
    marked = points[points["iso3"].isin(iso3_codes)]
    mx, my = maps._marker_xy(marked, meridian)
    assert ((x0 <= mx) & (mx <= x1) & (y0 <= my) & (my <= y1)).all()


@pytest.mark.parametrize(("region", "meridian"), [("Europe", 0.0), ("Africa", 0.0), ("Americas", 0.0),
                                                  ("Oceania", 150.0)])
def test_regional_map_contains_the_regions_countries(region, meridian):
    codes = _region_codes(region)
    ax = plots.participation_map(pd.DataFrame({"iso3": codes}), title=region)
    limits = (*ax.get_xlim(), *ax.get_ylim())
    limits = (limits[0], limits[2], limits[1], limits[3])
    assert maps.central_meridian_for(codes) == meridian
    _assert_box_contains(limits, codes, meridian)
    # zoomed: narrower than the world, except for the Americas' height
    world = maps.world_extent()
    assert limits[2] - limits[0] < 0.8 * (world[2] - world[0])
    # the Pacific islands are drawn east of Australia on the map centred on 150 E
    if region == "Oceania":
        fiji = [p for p in ax.patches if p.get_gid() == "FJI"][0].get_path().vertices
        australia = [p for p in ax.patches if p.get_gid() == "AUS"][0].get_path().vertices
        assert fiji[:, 0].min() > australia[:, 0].max()


def test_single_small_state_gets_a_sensible_window():
    ax = plots.participation_map(pd.DataFrame({"iso3": ["BMU"]}))
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    bermuda = maps.small_state_points().set_index("iso3").loc["BMU"]
    assert x0 < bermuda["x"] < x1 and y0 < bermuda["y"] < y1
    assert x1 - x0 >= 0.9 - 1e-9 and y1 - y0 >= 0.6 - 1e-9  # at least about 60 by 30 degrees
    assert x1 - x0 < 2.0  # but not the world
    markers = [c for c in ax.collections if c.get_gid() == "small-state-markers"]
    assert len(markers) == 1 and len(markers[0].get_offsets()) == 1


def test_zoom_box_padding_and_world_fallback():
    box = plots._zoom_box(["FRA"])
    france = maps._projected_world(0.0).main_box["FRA"]
    assert box[0] < france[0] and box[2] > france[2]
    assert box[2] - box[0] == pytest.approx(0.9)  # France is narrower than the minimum width
    # places spread over the world: the whole world
    assert plots._zoom_box(["USA", "CHN", "BRA", "AUS", "ZAF"]) == pytest.approx(maps.world_extent())


def test_participation_map_categories_and_page_size():
    participants = pd.DataFrame({"iso3": ["FRA", "SEN", "BMU"]})
    cases = pd.DataFrame({"location_iso3": ["SEN", "GIB"]})
    units = pd.DataFrame({"iso3": ["FRA"]})
    ax = plots.participation_map(participants, cases=cases, units=units, title="t")
    patches = {p.get_gid(): p for p in ax.patches}
    assert patches["FRA"].get_facecolor() == pytest.approx(to_rgba(plots.PALETTE["Took part, coordination unit"]))
    assert patches["SEN"].get_facecolor() == pytest.approx(to_rgba(plots.PALETTE["Took part, named case"]))
    width, height = ax.figure.get_size_inches()
    assert 6.5 <= width <= 9.0 and height <= 7.5
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Named case location (1)" in labels and "Small state or territory" in labels


def test_empty_map_says_so():
    ax = plots.participation_map(pd.DataFrame({"iso3": pd.Series([], dtype="string")}))
    assert "No country-level participant" in " ".join(_texts(ax.figure))


# --- trend chart ---------------------------------------------------------------------------


def _trend_rows(rows):
    """A hand-made headline_trends table: (edition, date, basis, metric_id, value, qualifier, lower, upper)."""
    frame = pd.DataFrame(rows, columns=["edition", "edition_date", "edition_date_basis", "metric_id", "value",
                                        "qualifier", "lower_bound", "upper_bound"])
    frame["edition_date"] = pd.to_datetime(frame["edition_date"])
    frame["edition_date_basis"] = frame["edition_date_basis"].astype("string")
    frame["metric"] = frame["metric_id"].map({"arrests": "Arrests", "potential_victims": "Potential victims"})
    for column in ("value", "lower_bound", "upper_bound"):
        frame[column] = frame[column].astype("Float64")
    return frame


THREE_EDITIONS = _trend_rows([
    ("Operation Test (2020)", "2020-01-01", "start_date", "arrests", 100, "exact", 100, 100),
    ("Operation Test II (2021)", "2021-01-01", "start_date", "arrests", 300, "more-than", 300, None),
    ("Operation Test III (2024)", "2024-01-01", "start_date", "arrests", 500, "nearly", 450, 500),
    ("Operation Test (2020)", "2020-01-01", "start_date", "potential_victims", 40, "around", 36, 44),
    ("Operation Test III (2024)", "2024-01-01", "start_date", "potential_victims", 90, "more-than", 90, None),
])


def _panel(fig, title):
    found = [ax for ax in fig.axes if ax.get_title(loc="left") == title]
    assert len(found) == 1, [ax.get_title(loc="left") for ax in fig.axes]
    return found[0]


def _artist(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert len(found) == 1, gid
    return found[0]


def test_trend_x_positions_are_proportional_to_time():
    fig = plots.headline_trend_grid(THREE_EDITIONS, title="Test")
    ax = _panel(fig, "Arrests")
    x = np.asarray(_artist(ax, "values").get_offsets())[:, 0]
    # 2020-01-01 -> 2021-01-01 is 366 days (leap year), 2021-01-01 -> 2024-01-01 is 1,095 days
    assert np.diff(x) == pytest.approx([366.0, 1095.0])
    assert x[0] == pytest.approx(mdates.date2num(pd.Timestamp("2020-01-01")))
    # every panel shares the time axis
    assert _panel(fig, "Potential victims").get_xlim() == ax.get_xlim()


def test_trend_bounds_are_ranges_and_open_tops_are_marked():
    fig = plots.headline_trend_grid(THREE_EDITIONS)
    ax = _panel(fig, "Arrests")
    segments = [np.asarray(s) for s in _artist(ax, "ranges").get_segments()]
    spans = sorted((float(s[0, 1]), float(s[1, 1])) for s in segments)
    assert spans == [(100.0, 100.0), (450.0, 500.0)]  # exact figure: no span; 'nearly 500': 450 to 500
    open_top = _artist(ax, "open-top")
    x_open = mdates.date2num(pd.Timestamp("2021-01-01"))
    assert list(open_top.get_xdata()) == pytest.approx([x_open])
    assert open_top.get_ydata()[0] > 300 and open_top.get_marker() == "^"
    victims = _panel(fig, "Potential victims")
    assert len(_artist(victims, "open-top").get_xdata()) == 1
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "'More than': no upper bound" in legend
    assert any(text.startswith("Range its qualifier implies") for text in legend)


def test_trend_chart_is_readable_at_page_width():
    fig = plots.headline_trend_grid(THREE_EDITIONS, title="Test")
    assert fig.get_size_inches()[0] == pytest.approx(9.0)
    fig.canvas.draw()
    ax = _panel(fig, "Arrests")
    labels = _shown_tick_labels(ax)
    assert {t.get_text() for t in labels} == {"2020", "2021", "2022", "2023", "2024"}  # each year, centred
    assert all(t.get_rotation() == 0 and t.get_fontsize() >= 9 for t in labels)
    # few editions: each point carries its edition's name
    assert {"Test", "Test II", "Test III"} <= set(_texts(fig))
    renderer = fig.canvas.get_renderer()
    figure_box = fig.bbox
    texts = list(fig.texts) + [t for legend in fig.legends for t in legend.get_texts()]  # title, note, legend
    for ax in fig.axes:
        texts += _shown_tick_labels(ax, "x") + _shown_tick_labels(ax, "y") + [ax.title, ax._left_title]
        texts += [c for c in ax.get_children() if isinstance(c, matplotlib.text.Annotation)]
    for text in texts:
        if text.get_text():
            box = text.get_window_extent(renderer)
            assert box.x0 >= figure_box.x0 - 1 and box.x1 <= figure_box.x1 + 1, text.get_text()


def test_approximate_and_missing_dates_are_marked_in_the_note():
    table = _trend_rows([
        ("Operation A (2019)", "2019-04-15", "printed_month", "arrests", 47, "exact", 47, 47),
        ("Operation B (2021)", "2021-03-28", "start_date", "arrests", 195, "exact", 195, 195),
        ("Operation C (year not printed)", None, pd.NA, "arrests", 14, "exact", 14, 14),
        ("Operation D (2022)", "2022-06-12", "start_date", "arrests", 300, "exact", 300, 300),
    ])
    fig = plots.headline_trend_grid(table)
    values = _artist(_panel(fig, "Arrests"), "values")
    assert len(values.get_offsets()) == 3  # C has no date
    faces = values.get_facecolors()
    assert tuple(faces[0]) == pytest.approx(to_rgba("white"))  # A: open circle
    assert tuple(faces[1]) == pytest.approx(to_rgba(plots.VALUE_COLOUR))
    text = " ".join(_texts(fig))
    assert "placed at the 15th of the month printed: A (15 Apr 2019)" in text
    assert "Not shown, no date printed: C." in text


def test_trend_chart_with_one_edition_or_nothing_does_not_crash():
    one = THREE_EDITIONS[THREE_EDITIONS["edition"] == "Operation Test (2020)"]
    fig = plots.headline_trend_grid(one)
    assert "Only one dated edition: no trend to draw" in _texts(fig)
    fig = plots.headline_trend_grid(THREE_EDITIONS.iloc[0:0])
    assert "No comparable headline figures" in _texts(fig)
    # forcing single-edition panels draws them
    fig = plots.headline_trend_grid(one, min_editions=1)
    assert len(_artist(_panel(fig, "Arrests"), "values").get_offsets()) == 1


def test_many_editions_use_year_ticks_without_point_labels():
    rows = [(f"Operation E{i} ({2010 + i})", f"{2010 + i}-05-01", "start_date", "arrests", 10 * i, "exact",
             10 * i, 10 * i) for i in range(12)]
    fig = plots.headline_trend_grid(_trend_rows(rows))
    ax = _panel(fig, "Arrests")
    assert not [c for c in ax.get_children() if isinstance(c, matplotlib.text.Annotation)]
    fig.canvas.draw()
    years = [t.get_text() for t in _shown_tick_labels(ax)]
    assert years == ["2010", "2012", "2014", "2016", "2018", "2020", "2022"]  # every other year over 11 years


def test_trend_grid_on_the_real_table():
    table = trends.trend_tables("liberterra")["headline_trends"]
    fig = plots.headline_trend_grid(table, title="Liberterra")
    counts = table.groupby("metric_id")["edition"].nunique()
    assert len([ax for ax in fig.axes if ax.get_title(loc="left")]) == int((counts >= 2).sum())
    # within one family the points carry the edition labels of operations.csv
    participating = _panel(fig, "Countries and territories taking part")
    names = [c.get_text() for c in participating.get_children() if isinstance(c, matplotlib.text.Annotation)]
    assert names == ["I", "II", "III"]
    # Global Chain's edition labels are its years, which the axis shows already
    chain = plots.headline_trend_grid(trends.trend_tables("global-chain")["headline_trends"])
    assert not [c for ax in chain.axes for c in ax.get_children() if isinstance(c, matplotlib.text.Annotation)]
    buffer = io.BytesIO()
    maps.save_png(fig, buffer, dpi=60)
    assert buffer.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"


# --- edition dates (analysis.trends) -------------------------------------------------------


def test_edition_dates_by_hand():
    ops = pd.DataFrame({
        "start_date": pd.to_datetime(["2024-09-29", None, None, None, None, None]),
        "announced_date": pd.to_datetime(["2024-11-06", "2023-07-25", "2019-11-01", "2020-03-03", None, None]),
        "dates_as_printed": pd.Series(["29 September to 4 October 2024", "two phases, May–June 2023",
                                       "early Oct 2019", "sometime in 2020", "Monday 17 September", None],
                                      dtype="string"),
    })
    out = trends.edition_dates(ops)
    assert list(out["edition_date_basis"].astype(object).fillna("-")) == [
        "start_date", "printed_month", "printed_month", "announced_date", "-", "-"]
    assert list(out["edition_date"].dt.strftime("%Y-%m-%d").fillna("-")) == [
        "2024-09-29", "2023-05-15", "2019-10-15", "2020-03-03", "-", "-"]
    # no start day, no month, no announcement: 1 July of the printed year
    year_only = trends.edition_dates(ops.assign(announced_date=pd.NaT).iloc[[3]])
    assert year_only["edition_date"].iloc[0] == pd.Timestamp("2020-07-01")
    assert year_only["edition_date_basis"].iloc[0] == "printed_year"


def test_headline_trends_carry_edition_dates():
    table = trends.headline_trends("weka")
    dates = table.drop_duplicates("edition").set_index("operation_id")
    assert dates.loc["weka-i-2021", "edition_date"] == pd.Timestamp("2021-03-28")
    # FLASH-WEKA printed 'two phases, May–June 2023' and no start day
    assert dates.loc["flash-weka-2023", "edition_date"] == pd.Timestamp("2023-05-15")
    assert dates.loc["flash-weka-2023", "edition_date_basis"] == "printed_month"


# --- bar charts and the flow table ------------------------------------------------------------


def _assert_inside_figure(ax):
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for label in _shown_tick_labels(ax, "y") + _shown_tick_labels(ax, "x"):
        if label.get_text():
            box = label.get_window_extent(renderer)
            assert box.x0 >= fig.bbox.x0 - 1 and box.x1 <= fig.bbox.x1 + 1, label.get_text()
            assert label.get_fontsize() >= 9


def test_coverage_bars_long_names_fit_and_are_sorted():
    coverage = pd.DataFrame({
        "region_name": ["Latin America and the Caribbean", "Melanesia", "Sub-Saharan Africa"],
        "participants": [27, 0, 37], "countries_in_region": [52, 5, 53],
        "coverage_share": [27 / 52, 0.0, 37 / 53],
    })
    ax = plots.coverage_bars(coverage, title="Coverage")
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Sub-Saharan Africa", "Latin America and the Caribbean", "Melanesia"]
    assert ax.figure.get_size_inches()[0] == pytest.approx(9.0)
    assert "37 / 53" in _texts(ax.figure)
    _assert_inside_figure(ax)


def test_crime_type_bars_use_labels_and_counts():
    crime_mix = pd.DataFrame({"region_name": ["A", "A", "B"], "crime_type": ["forced-labour", "fraud", "fraud"],
                              "cases": [2, 1, 2]})
    ax = plots.crime_type_bars(crime_mix)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Fraud", "Forced labour"]
    assert [p.get_width() for p in ax.patches] == [3, 2]
    _assert_inside_figure(ax)


def test_flow_heatmap_wraps_long_names():
    flows = pd.DataFrame({"origin_region": ["Latin America and the Caribbean", "Sub-Saharan Africa"],
                          "destination_region": ["Southern Europe", "Southern Europe"], "cases": [2, 1]})
    ax = plots.flow_heatmap(flows)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Latin America and\nthe Caribbean", "Sub-Saharan Africa"]
    assert {"2", "1"} <= set(_texts(ax.figure))
    assert ax.figure.get_size_inches()[0] <= 9.0
    _assert_inside_figure(ax)


@pytest.mark.parametrize(("draw", "frame", "message"), [
    (plots.coverage_bars, pd.DataFrame(columns=["region_name", "participants", "countries_in_region",
                                                "coverage_share"]), "No participant list"),
    (plots.crime_type_bars, pd.DataFrame(columns=["region_name", "crime_type", "cases"]), "No named cases"),
    (plots.flow_heatmap, pd.DataFrame(columns=["origin_region", "destination_region", "cases"]),
     "No named case gives an origin"),
])
def test_empty_charts_say_so(draw, frame, message):
    ax = draw(frame)
    assert any(message in t for t in _texts(ax.figure))
    assert not ax.axison


# --- determinism ---------------------------------------------------------------------------------


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    maps.save_png(fig, buffer, dpi=60)
    plt.close(fig)
    return buffer.getvalue()


def test_charts_are_byte_identical_when_drawn_twice():
    oceania = pd.DataFrame({"iso3": _region_codes("Oceania")})
    assert _png(plots.participation_map(oceania).figure) == _png(plots.participation_map(oceania).figure)
    assert _png(plots.headline_trend_grid(THREE_EDITIONS)) == _png(plots.headline_trend_grid(THREE_EDITIONS))


# --------------------------------------------------------------------------------------------
# Country profiles: the zoomed map and the participation timeline


def test_country_map_zooms_to_the_country_and_circles_a_small_state():
    ax = plots.country_map("BMU", "Bermuda")
    bermuda = maps.small_state_points().set_index("iso3").loc["BMU"]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x0 < bermuda["x"] < x1 and y0 < bermuda["y"] < y1 and x1 - x0 < 2.0
    ring = [c for c in ax.collections if c.get_gid() == "small-state-ring"]
    assert len(ring) == 1
    assert ring[0].get_offsets()[0].tolist() == pytest.approx([bermuda["x"], bermuda["y"]])
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["Bermuda", "Other countries and territories", "Small state or territory (marked and circled)"]
    assert ax.figure.get_size_inches()[0] <= plots.COUNTRY_MAP_WIDTH
    # A large country: filled, no ring, no marker entry; its main ring inside the view.
    ax = plots.country_map("NGA", "Nigeria")
    assert not [c for c in ax.collections if c.get_gid() == "small-state-ring"]
    nigeria = maps._projected_world(0.0).main_box["NGA"]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x0 < nigeria[0] and nigeria[2] < x1 and y0 < nigeria[1] and nigeria[3] < y1
    patch = next(p for p in ax.patches if p.get_gid() == "NGA")
    assert patch.get_facecolor() == pytest.approx(to_rgba(plots.COUNTRY_COLOUR))
    assert len(ax.get_legend().get_texts()) == 2


def _timeline(rows):
    return pd.DataFrame(rows, columns=["operation_id", "edition", "family_id", "edition_date", "edition_date_basis",
                                       "participant_list", "listing"]).astype({"edition_date": "datetime64[us]"})


def test_participation_timeline_places_each_edition_by_date_and_status():
    timeline = _timeline([
        ("a-i", "Operation Alpha (2019)", "a", "2019-03-01", "start_date", "complete", "listed"),
        ("a-ii", "Operation Alpha II (2021)", "a", "2021-03-01", "start_date", "complete", "not-listed"),
        ("b-i", "Operation Beta (2020)", "b", "2020-07-15", "printed_month", "not-published", "no-list"),
        ("b-ii", "Operation Beta II (2022)", "b", "2022-01-01", "start_date", "printed-not-transcribed",
         "list-printed-not-transcribed"),
        ("c", "Operation Gamma (2023)", "c", "2023-05-01", "start_date", "partial", "partial-list-not-among-names"),
        ("d", "Operation Delta (year not printed)", "d", None, None, "not-published", "no-list"),
    ])
    ax = plots.participation_timeline(timeline)
    drawn = {c.get_gid(): c.get_offsets() for c in ax.collections if str(c.get_gid()).startswith("timeline-")}
    assert set(drawn) == {"timeline-listed", "timeline-not-listed", "timeline-no-list",
                          "timeline-partial-list-not-among-names"}
    # Rows are families, oldest first (Alpha 0, Beta 1, Gamma 2); x is the date in days.
    assert drawn["timeline-listed"].tolist() == [[mdates.date2num(pd.Timestamp("2019-03-01")), 0]]
    assert drawn["timeline-not-listed"].tolist() == [[mdates.date2num(pd.Timestamp("2021-03-01")), 0]]
    # No list and a list not transcribed look alike: participation unknown.
    assert sorted(drawn["timeline-no-list"][:, 1].tolist()) == [1, 1]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Alpha", "Beta", "Gamma"]
    text = " ".join(_texts(ax.figure))
    assert "Not shown, no date printed: Delta" in text
    assert "placed at the 15th of the month printed: Beta (15 Jul 2020)" in text
    with pytest.raises(ValueError, match="unknown listing value"):
        plots.participation_timeline(timeline.assign(listing="did-not-take-part"))


def test_family_labels():
    assert plots.family_label("Operation Liberterra II (2024)") == "Liberterra"
    assert plots.family_label("Operation FLASH-WEKA (2023)") == "FLASH-WEKA"
    assert plots.family_label("Operation Intercops – Spartacus III (2016)") == "Intercops – Spartacus"
    assert plots.family_label("Operation Global Chain (2025)") == "Global Chain"
