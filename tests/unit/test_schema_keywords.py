"""Every keyword the descriptor uses is honoured by the project's reader, and the reader
agrees with frictionless: for each keyword, one value that breaks it is rejected by both,
with the reader's usual one-line message naming the file, line, column and rule.

The cases edit the tiny test package (tests/conftest.py), whose descriptor is the project's
own, so frictionless validates it in about a second.
"""

from __future__ import annotations

import csv
import json

import pytest
from frictionless import validate as frictionless_validate

from analysis import load, paths
from analysis.schema import DataValidationError


def set_cell(path, row: int, column: str, value: str) -> None:
    """Write ``value`` into data row ``row`` (0 = the first row after the header)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[row + 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def duplicate_first_row(path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines + [lines[1]]), encoding="utf-8")


def used_keywords() -> set[str]:
    """The field keywords, formats and constraints the project's descriptor uses."""
    descriptor = json.loads(paths.DATAPACKAGE_PATH.read_text(encoding="utf-8"))
    used = set()
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        used |= {key for key in ("primaryKey", "foreignKeys") if key in schema}
        for field in schema["fields"]:
            used.add(f"type {field.get('type', 'string')}")
            if "format" in field:
                used.add(f"format {field['format']}")
            used |= set(field.get("constraints", {}))
    return used


# keyword -> (file, row, column, value) or (file, None, None, None) for a duplicated row,
# and the text the reader's message must contain.
CASES = {
    "format uri": (("sources.csv", 0, "source_url", "unodc.org news page"), "[rule: format uri]"),
    "type integer": (("participants.csv", 0, "position", "2.5"), "[rule: type integer]"),
    "type number": (("figures.csv", 1, "value", "2517 people"), "[rule: type number]"),
    "type boolean": (("figures.csv", 0, "is_preliminary", "yes"), "[rule: type boolean]"),
    "type date": (("operations.csv", 0, "start_date", "2024-02-30"), "[rule: type date]"),
    "type string": (("operations.csv", 0, "operation_name", "=HYPERLINK(1)"), "[rule: spreadsheet formula]"),
    "required": (("operations.csv", 0, "operation_name", ""), "[rule: required]"),
    "enum": (("operations.csv", 0, "results_status", "done"), "[rule: enum]"),
    "pattern": (("participants.csv", 0, "iso3", "aaa"), "[rule: pattern]"),
    "minimum": (("participants.csv", 0, "position", "0"), "[rule: minimum]"),
    "primaryKey": (("figures.csv", None, None, None), "primary key"),
    "foreignKeys": (("figures.csv", 0, "qualifier", "roughly"), "[rule: foreignKey]"),
}


def test_every_keyword_the_descriptor_uses_has_a_case():
    assert used_keywords() - {"type string"} <= set(CASES), sorted(used_keywords() - set(CASES))


def test_the_unbroken_package_passes_both(mini_data):
    load.validate_package(mini_data)
    assert frictionless_validate(str(mini_data / "datapackage.json")).valid


@pytest.mark.parametrize("keyword", sorted(CASES))
def test_a_value_breaking_the_keyword_is_rejected_by_both(mini_data, keyword):
    (file, row, column, value), message = CASES[keyword]
    if row is None:
        duplicate_first_row(mini_data / file)
    else:
        set_cell(mini_data / file, row, column, value)
    with pytest.raises(DataValidationError) as info:
        load.validate_package(mini_data)
    lines = info.value.problems
    assert any(file in line and message in line for line in lines), lines
    assert all("\n" not in line for line in lines)
    if keyword != "type string":  # a leading '=' is text to frictionless; the reader refuses formulas
        assert not frictionless_validate(str(mini_data / "datapackage.json")).valid


def test_a_format_the_reader_does_not_check_is_a_descriptor_problem(mini_data):
    path = mini_data / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"][0]["schema"]["fields"][0]["format"] = "email"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"format 'email' is not one the reader checks"):
        load.validate_package(mini_data)
