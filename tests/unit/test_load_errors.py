"""Bad input gets a clear error naming the file, line, column and rule."""

import re

import pytest

from analysis import load
from analysis.schema import DataValidationError


def rewrite(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_mini_package_is_valid(mini_data):
    counts = load.validate_package(mini_data)
    assert counts["participants"] == 3
    assert counts["cases"] == 3


def test_missing_column(mini_data):
    rewrite(mini_data / "figures.csv", ",counting_basis", "")
    with pytest.raises(DataValidationError, match=r"figures.csv, line 1 .*missing column\(s\) \['counting_basis'\]"):
        load.load_figures(data_dir=mini_data)


def test_wrong_type(mini_data):
    rewrite(mini_data / "figures.csv", "2517,exact", "lots,exact")
    with pytest.raises(DataValidationError) as info:
        load.load_figures(data_dir=mini_data)
    assert re.search(r"figures.csv, line 3, column 'value': expected a number, got 'lots'", str(info.value))


def test_negative_count(mini_data):
    rewrite(mini_data / "case_figures.csv", "mini-c1,victims,10,10,exact,10,10",
            "mini-c1,victims,-10,-10,exact,-10,-10")
    with pytest.raises(DataValidationError, match=r"case_figures.csv, line 2, column 'value': '-10' is below the minimum 0"):
        load.load_case_figures(data_dir=mini_data)


def test_duplicate_key(mini_data):
    path = mini_data / "participants.csv"
    path.write_text(path.read_text() + "mini-i-2024,3,Cland,CCC,https://example.org/release,false,false,Made-up.\n")
    with pytest.raises(DataValidationError, match=r"participants.csv, line 5: duplicate primary key \(operation_id='mini-i-2024', position='3'\)"):
        load.load_participants(data_dir=mini_data)


def test_unknown_iso3(mini_data):
    rewrite(mini_data / "participants.csv", "Bland,BBB", "Bland,ZZZ")
    with pytest.raises(DataValidationError, match=r"participants.csv, line 3, column 'iso3': 'ZZZ' not found in countries.iso3 \[rule: foreignKey\]"):
        load.load_participants(data_dir=mini_data)


def test_bad_enum(mini_data):
    rewrite(mini_data / "cases.csv", "mini-c1,mini-i-2024,1,case", "mini-c1,mini-i-2024,1,anecdote")
    with pytest.raises(DataValidationError, match=r"cases.csv, line 2, column 'case_kind': 'anecdote' is not one of"):
        load.load_cases(data_dir=mini_data)


def test_bounds_must_follow_the_qualifier_rule(mini_data):
    rewrite(mini_data / "figures.csv", "nearly,21600,24000", "nearly,20000,24000")
    with pytest.raises(DataValidationError, match=r"figures.csv, line 5, column 'lower_bound': expected 21600 for qualifier 'nearly'"):
        load.load_figures(data_dir=mini_data)


def test_case_needs_exactly_one_location(mini_data):
    rewrite(mini_data / "cases.csv", "case,,AAA,,Aland", "case,,AAA,001,Aland")
    with pytest.raises(DataValidationError, match="exactly one must be filled"):
        load.load_cases(data_dir=mini_data)


def test_unknown_case_place(mini_data):
    rewrite(mini_data / "case_places.csv", "mini-c2,origin,CCC", "mini-c2,origin,XYZ")
    with pytest.raises(DataValidationError, match=r"case_places.csv, line 3, column 'place_code': 'XYZ' is neither"):
        load.load_case_places(data_dir=mini_data)


def test_missing_required_value(mini_data):
    rewrite(mini_data / "operations.csv", "INTERPOL,,,preliminary", ",,,preliminary")
    with pytest.raises(DataValidationError, match=r"operations.csv, line 2, column 'coordinator': value is missing \[rule: required\]"):
        load.load_operations(data_dir=mini_data)


def test_bad_date(mini_data):
    rewrite(mini_data / "operations.csv", "2024-01-05", "5 Jan 2024")
    with pytest.raises(DataValidationError, match=r"column 'end_date': expected a date YYYY-MM-DD, got '5 Jan 2024'"):
        load.load_operations(data_dir=mini_data)


def test_unknown_operation_id_lists_valid_ones(mini_data):
    with pytest.raises(ValueError, match=r"unknown operation_id 'nope'; valid values: \['mini-i-2024'\]"):
        load.load_cases("nope", data_dir=mini_data)


def test_validate_package_collects_problems_of_several_tables(mini_data):
    rewrite(mini_data / "figures.csv", "2517,exact", "lots,exact")
    rewrite(mini_data / "case_places.csv", "mini-c2,origin,CCC", "mini-c2,origin,XYZ")
    with pytest.raises(DataValidationError) as info:
        load.validate_package(mini_data)
    text = str(info.value)
    assert "figures.csv" in text and "case_places.csv" in text


def test_a_complete_participant_list_must_match_the_printed_count(mini_data):
    path = mini_data / "participants.csv"
    path.write_text(path.read_text() + "mini-i-2024,4,Cland,CCC,https://example.org/release,false,false,Made-up.\n")
    with pytest.raises(DataValidationError, match=r"participants.csv: 4 rows for 'mini-i-2024', whose list is 'complete', but figures.csv prints 3"):
        load.validate_package(mini_data)


def test_a_list_marked_not_published_must_have_no_rows(mini_data):
    rewrite(mini_data / "operations.csv", "preliminary,complete", "preliminary,not-published")
    with pytest.raises(DataValidationError, match=r"3 rows for 'mini-i-2024', whose list is 'not-published'"):
        load.validate_package(mini_data)
