"""The parameterised notebooks: documented parameters, runs across schemes, bad parameters."""

from __future__ import annotations

import csv

import papermill
import pytest

from analysis import load, paths, regions

pytestmark = pytest.mark.notebook

REGIONAL = paths.NOTEBOOKS_DIR / "regional_breakdown.ipynb"
OVERVIEW = paths.NOTEBOOKS_DIR / "overview.ipynb"
TRENDS = paths.NOTEBOOKS_DIR / "trends.ipynb"
COUNTRY = paths.NOTEBOOKS_DIR / "country_profile.ipynb"
OPERATION = "liberterra-ii-2024"


def run(template, tmp_path, **parameters):
    out = tmp_path / f"out-{template.stem}.ipynb"
    return papermill.execute_notebook(str(template), str(out), parameters=parameters,
                                      kernel_name="python3", progress_bar=False,
                                      cwd=str(paths.NOTEBOOKS_DIR))


REMOVE_TAG = "remove-cell"


def assert_checks_ran_silently(nb) -> None:
    """The check cells (tagged remove-cell, so the page leaves them out) ran, raised nothing and
    printed nothing; nothing says 'checks passed' any more."""
    checks = [c for c in nb.cells if c.cell_type == "code" and REMOVE_TAG in c.metadata.get("tags", [])
              and "assert " in c.source]
    assert checks, "no check cell tagged remove-cell"
    for cell in checks:
        assert cell.execution_count is not None, "a check cell did not run"
        assert cell.outputs == [], f"a check cell printed something: {cell.outputs}"
    text = "".join(str(o.get("data", {})) + str(o.get("text", "")) for c in nb.cells for o in c.get("outputs", []))
    assert "checks passed" not in text
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]


def outputs_text(nb) -> str:
    return "".join(str(o.get("data", {}).get("text/plain", "")) for c in nb.cells for o in c.get("outputs", []))


@pytest.mark.parametrize(("template", "expected"), [
    (REGIONAL, {"operation_id", "scheme", "region"}),
    (OVERVIEW, {"operation_id"}),
    (TRENDS, {"family_id"}),
    (COUNTRY, {"iso3"}),
])
def test_parameters_are_exactly_the_documented_ones(template, expected):
    found = papermill.inspect_notebook(str(template))
    assert set(found) == expected
    for name, info in found.items():
        assert info["help"], f"parameter {name} of {template.name} has no comment"
        assert info["inferred_type_name"] == "str"


def test_exactly_one_parameters_cell():
    for template in (REGIONAL, OVERVIEW, TRENDS, COUNTRY):
        import nbformat

        nb = nbformat.read(template, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, template.name
        assert nb.metadata["kernelspec"]["name"] == "python3"


def test_checks_and_saving_the_tables_are_tagged_to_stay_off_the_page():
    import nbformat

    for template in (REGIONAL, OVERVIEW, TRENDS, COUNTRY):
        nb = nbformat.read(template, as_version=4)
        removed = [c for c in nb.cells if REMOVE_TAG in c.metadata.get("tags", [])]
        assert any("assert " in c.source for c in removed), template.name
        saving = [c for c in nb.cells if "save_outputs(" in c.source]
        assert len(saving) == 1 and REMOVE_TAG in saving[0].metadata.get("tags", []), template.name
        # every cell with an assertion is a removed check cell; no data goes through Markdown()
        for cell in nb.cells:
            if cell.cell_type == "code" and "assert " in cell.source:
                assert REMOVE_TAG in cell.metadata.get("tags", []), (template.name, cell.source[:60])
            assert "Markdown(" not in cell.source, template.name


def sample_regions():
    """One region per scheme (the last by name that has a participant), plus the world."""
    participants = load.load_participants(OPERATION)
    picks = [("m49-region", regions.WORLD)]
    for scheme in regions.list_schemes(OPERATION)["scheme_id"]:
        located = regions.assign_regions(participants, scheme)
        picks.append((scheme, sorted(located["region_name"].dropna().unique())[-1]))
    return picks


@pytest.mark.parametrize(("scheme", "region"), sample_regions())
def test_regional_template_runs(tmp_path, scheme, region):
    nb = run(REGIONAL, tmp_path, operation_id=OPERATION, scheme=scheme, region=region)
    assert_checks_ran_silently(nb)
    text = outputs_text(nb)
    assert "Key facts" in text and ("All regions" if region == regions.WORLD else region) in text


def test_overview_runs(tmp_path):
    nb = run(OVERVIEW, tmp_path, operation_id=OPERATION)
    assert_checks_ran_silently(nb)
    assert "Announced: 6 November 2024, Glasgow, United Kingdom" in outputs_text(nb)


@pytest.mark.parametrize(("parameters", "message"), [
    ({"operation_id": "liberterra-ix-2099", "scheme": "m49-region", "region": "Africa"},
     "unknown operation_id 'liberterra-ix-2099'; valid values"),
    ({"operation_id": OPERATION, "scheme": "continents", "region": "Africa"},
     "unknown scheme 'continents'"),
    ({"operation_id": OPERATION, "scheme": "m49-region", "region": "Atlantis"},
     "unknown region 'Atlantis' for scheme 'm49-region'; valid values: ['World', 'Africa'"),
])
def test_bad_parameters_fail_with_valid_values(tmp_path, parameters, message):
    with pytest.raises(papermill.PapermillExecutionError) as info:
        run(REGIONAL, tmp_path, **parameters)
    assert message in str(info.value)


@pytest.mark.parametrize("family", ["all", "liberterra"])
def test_trends_runs(tmp_path, family):
    nb = run(TRENDS, tmp_path, family_id=family)
    assert_checks_ran_silently(nb)
    assert "Trends across editions" in outputs_text(nb)


def test_trends_rejects_an_unknown_family(tmp_path):
    with pytest.raises(papermill.PapermillExecutionError) as info:
        run(TRENDS, tmp_path, family_id="nonexistent")
    assert "unknown family_id 'nonexistent'; valid values: ['all'" in str(info.value)


@pytest.mark.parametrize(("operation_id", "scheme", "region"), [
    ("turquesa-iv-2022", "m49-region", "Americas"),  # regional operation, no participant list
    ("global-chain-2025", "m49-sub-region", "Northern Europe"),  # partial participant list
])
def test_regional_template_runs_for_other_operations(tmp_path, operation_id, scheme, region):
    nb = run(REGIONAL, tmp_path, operation_id=operation_id, scheme=scheme, region=region)
    assert_checks_ran_silently(nb)
    text = outputs_text(nb)
    if operation_id == "turquesa-iv-2022":
        assert "Focus region: Americas" in text and "no participant list" in text
    else:
        assert "At least 7 of 16 countries and territories in Northern Europe" in text
        assert "the published list is partial" in text


def test_overview_runs_without_participants_or_cases(tmp_path):
    nb = run(OVERVIEW, tmp_path, operation_id="sawiyan-2018")
    assert_checks_ran_silently(nb)
    assert "no participant list" in outputs_text(nb)


def test_overview_runs_for_a_list_without_a_start_day(tmp_path):
    """Epervier II printed its list but only 'early April 2019': no income classification can be
    chosen, and the page says so instead of failing its own checks."""
    nb = run(OVERVIEW, tmp_path, operation_id="epervier-ii-2019")
    assert_checks_ran_silently(nb)
    assert "no World Bank classification can be chosen" in outputs_text(nb)


def _complete_lists() -> int:
    """Operations with a complete list, counted from data/operations.csv (grows with the data)."""
    with open(paths.DATA_DIR / "operations.csv", encoding="utf-8", newline="") as handle:
        return sum(row["participant_list"] == "complete" for row in csv.DictReader(handle))


@pytest.mark.parametrize(("query", "expected"), [
    ("BMU", ["Bermuda (BMU), a territory; sovereign: United Kingdom (GBR)", "Listed in "]),
    # Afghanistan appears only in case places (origin of the Brasilia network, Liberterra III).
    ("AFG", ["Not listed in any of the {n} operations", "1 case located elsewhere names it, as origin (1)"]),
    # Many cases name the United States as destination.
    ("USA", ["as destination"]),
    ("Türkiye", ["Türkiye (TUR), a state.", "2 named cases located here"]),  # a name, not a code
])
def test_country_profile_runs(tmp_path, query, expected):
    nb = run(COUNTRY, tmp_path, iso3=query)
    assert_checks_ran_silently(nb)
    text = outputs_text(nb)
    assert "Key facts" in text and "did not take part" not in text.replace("never that it did not take part", "")
    for sentence in expected:
        sentence = sentence.replace("{n}", str(_complete_lists()))
        assert sentence in text, sentence


def test_country_profile_rejects_a_bad_name_in_one_line(tmp_path):
    with pytest.raises(papermill.PapermillExecutionError) as info:
        run(COUNTRY, tmp_path, iso3="Atlantis")
    assert "UnknownCountryError" in str(info.value)
    assert "unknown country name 'Atlantis'. Did you mean:" in str(info.value)
