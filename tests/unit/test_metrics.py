"""Metrics on the hand-made mini package: every expected value is worked out by hand."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import load, metrics
from analysis.load import implied_bounds


def test_participation_coverage_by_hand(mini_data):
    participants = load.load_participants(data_dir=mini_data)
    cov = metrics.participation_coverage(participants, "m49-region", data_dir=mini_data)
    cov = cov.set_index("region_name")
    # Region One: AAA, BBB of {AAA, BBB, CCC}; Region Two: EEE of {DDD, EEE}.
    assert cov.loc["Region One", "participants"] == 2
    assert cov.loc["Region One", "countries_in_region"] == 3
    assert cov.loc["Region One", "coverage_share"] == pytest.approx(2 / 3)
    assert cov.loc["Region Two", "participants"] == 1
    assert cov.loc["Region Two", "coverage_share"] == pytest.approx(0.5)


def test_participation_coverage_refuses_an_empty_list(mini_data):
    participants = load.load_participants(data_dir=mini_data).iloc[0:0]
    with pytest.raises(ValueError, match="participant list"):
        metrics.participation_coverage(participants, "m49-region", data_dir=mini_data)


def test_case_regions_marks_spanning_areas(mini_data):
    located = metrics.case_regions(load.load_cases(data_dir=mini_data), "m49-region", data_dir=mini_data)
    by_case = located.set_index("case_id")["region_name"]
    assert by_case["mini-c1"] == "Region One"
    assert by_case["mini-c2"] == "Region One"
    assert by_case["mini-c3"] == metrics.SPANS_SEVERAL  # 001 World spans both regions


def test_named_case_sums_keep_bounds_honest(mini_data):
    cases = load.load_cases(data_dir=mini_data)
    sums = metrics.named_case_figure_sums(cases, load.load_case_figures(data_dir=mini_data),
                                          "m49-region", data_dir=mini_data)
    one = sums[sums["region_name"] == "Region One"].set_index("count_type")
    # victims: 10 (exact) + nearly 100 -> value 110, bounds 10+90=100 .. 10+100=110
    assert one.loc["victims", "named_cases_value_sum"] == 110
    assert one.loc["victims", "named_cases_lower_bound_sum"] == 100
    assert one.loc["victims", "named_cases_upper_bound_sum"] == 110
    assert one.loc["victims", "named_cases_with_figure"] == 2
    # arrests: 'more than 5' has no upper bound, so the upper sum is unknown, not 5
    assert one.loc["arrests", "named_cases_value_sum"] == 5
    assert pd.isna(one.loc["arrests", "named_cases_upper_bound_sum"])
    assert one.loc["arrests", "named_cases_with_figure"] == 1
    # Region One has two named cases even though only one printed arrests
    assert one.loc["arrests", "named_cases"] == 2
    assert "sum" in " ".join(sums.columns) and all(
        c.startswith("named_cases") for c in sums.columns if c.endswith("sum"))


def test_crime_type_mix_by_hand(mini_data):
    mix = metrics.crime_type_mix(load.load_cases(data_dir=mini_data),
                                 load.load_case_crime_types(data_dir=mini_data), "m49-region",
                                 data_dir=mini_data)
    one = mix[mix["region_name"] == "Region One"].set_index("crime_type")
    assert one.loc["fraud", "cases"] == 2
    assert one.loc["fraud", "share_of_region_cases"] == pytest.approx(1.0)
    assert one.loc["sexual-exploitation", "share_of_region_cases"] == pytest.approx(0.5)
    assert list(mix["region_name"].unique()) == ["Region One"]


def test_region_flows_by_hand(mini_data):
    flows = metrics.region_flows(load.load_cases(data_dir=mini_data),
                                 load.load_case_places(data_dir=mini_data), "m49-region",
                                 data_dir=mini_data)
    pairs = {(r.origin_region, r.destination_region): r.cases for r in flows.itertuples()}
    # c1: origin DDD (Two), no destination -> its location AAA (One); c2: CCC (One) -> DDD (Two)
    assert pairs == {("Region Two", "Region One"): 1, ("Region One", "Region Two"): 1}


def test_headline_ratio_with_bounds(mini_data):
    figures = load.load_figures(data_dir=mini_data)
    ratio = metrics.headline_ratio(figures, "arrests_ht_ms", "arrests")
    assert ratio["ratio"] == pytest.approx(850 / 2517)
    assert ratio["ratio_lower"] == pytest.approx(850 / 2517)
    with pytest.raises(KeyError, match="not reported"):
        metrics.headline_ratio(figures, "officers_deployed", "arrests")


def test_headline_ratio_of_hedged_figures(mini_data):
    figures = load.load_figures(data_dir=mini_data)
    ratio = metrics.headline_ratio(figures, "arrests", "flights_monitored")
    # nearly 24,000 -> 21,600 .. 24,000
    assert ratio["ratio_lower"] == pytest.approx(2517 / 24000)
    assert ratio["ratio_upper"] == pytest.approx(2517 / 21600)


@given(value=st.integers(min_value=0, max_value=10**9),
       factors=st.sampled_from([(1, 1), (0.9, 1), (0.9, 1.1), (1, None), (None, 1)]))
def test_implied_bounds_bracket_the_value(value, factors):
    lower, upper = implied_bounds(float(value), *factors)
    if lower is not None:
        assert lower <= value and lower == int(lower)
    if upper is not None:
        assert upper >= value and upper == int(upper)
    assert (lower is None) == (factors[0] is None)
    assert (upper is None) == (factors[1] is None)


def test_a_flow_from_outside_a_dated_grouping_is_named_not_nan():
    """Liberterra III's beauty-salon case runs from Colombia (no EU member) to Spain: on the EU's
    page the link reads from outside the grouping to the European Union, never 'nan'."""
    from analysis.views import regional

    flows = regional.regional_view("liberterra-iii-2025", "eu", "European Union").tables["flows"]
    pairs = set(zip(flows["origin_region"], flows["destination_region"], strict=True))
    assert ("Outside the grouping", "European Union") in pairs
    assert not flows[["origin_region", "destination_region"]].isna().any().any()
    assert "nan" not in set(flows["origin_region"]) | set(flows["destination_region"])
