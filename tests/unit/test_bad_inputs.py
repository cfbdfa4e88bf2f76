"""Every class of bad input gets one clear error: a DataValidationError from the loaders and
exit status 1 from ``python -m analysis.validate``, with a message naming the file, the
line (where one applies), the column and the rule, and a hint.

Each case breaks a temporary copy of the real data (fixture ``data_copy``), finding the row
to break by column values and the cell by column name, so new columns added to a table do
not break these tests.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from analysis import load, paths, validate
from analysis.schema import DataValidationError

OP = "liberterra-ii-2024"


# --- editing a CSV copy by column name -------------------------------------------------

def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def find_line(path: Path, **where: str) -> int:
    """Line number (header = 1) of the first row whose columns have the given values."""
    header, rows = read_rows(path)
    for n, row in enumerate(rows):
        if all(row[header.index(c)] == v for c, v in where.items()):
            return n + 2
    raise AssertionError(f"no row with {where} in {path}")


def set_cell(path: Path, column: str, value: str, **where: str) -> int:
    """Write ``value`` into ``column`` of the first row matching ``where``; return its line."""
    line = find_line(path, **where)
    header, rows = read_rows(path)
    rows[line - 2][header.index(column)] = value
    write_rows(path, header, rows)
    return line


def csv_line(fields: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(fields)
    return out.getvalue()


def replace_line(path: Path, line: int, text: str) -> None:
    """Replace physical line ``line`` (no embedded line breaks in the data) with raw text."""
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = text
    path.write_text("\n".join(lines), encoding="utf-8")


def row_fields(path: Path, line: int) -> tuple[list[str], list[str]]:
    header, rows = read_rows(path)
    return header, rows[line - 2]


def edit_descriptor(data: Path, change: Callable[[dict], None]) -> None:
    path = data / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


REAL_DESCRIPTOR = json.loads(paths.DATAPACKAGE_PATH.read_text(encoding="utf-8"))


def at(name: str, field: str | None = None) -> str:
    """Where a resource (or one of its fields) sits in the real descriptor, as messages say it."""
    n = next(i for i, r in enumerate(REAL_DESCRIPTOR["resources"]) if r["name"] == name)
    where = f"resources[{n}] ('{name}')"
    if field is not None:
        k = next(i for i, f in enumerate(REAL_DESCRIPTOR["resources"][n]["schema"]["fields"]) if f["name"] == field)
        where += f".schema.fields[{k}] ('{field}')"
    return where


def fk_index(name: str, field: str) -> int:
    fks = resource(REAL_DESCRIPTOR, name)["schema"]["foreignKeys"]
    return next(i for i, fk in enumerate(fks) if fk["fields"] == [field])


# --- the bad inputs ---------------------------------------------------------------------

@dataclass
class Bad:
    """One bad input: ``mutate`` breaks the copy and returns the line the message must name
    (or None); ``table`` is the loader's table that must raise."""
    id: str
    mutate: Callable[[Path], int | None]
    table: str
    file: str
    column: str | tuple[str, ...] | None
    rule: str
    message: str = ""  # a regular expression the message must also contain


def latin1(data: Path) -> int:
    """The whole file saved as Latin-1: the first accented letter is the first bad byte.
    Characters Latin-1 lacks (a printed curly apostrophe) become '?', which is valid UTF-8."""
    path = data / "participants.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("latin-1", errors="replace"))
    return next(n for n, line in enumerate(text.split("\n"), 1) if any(0x80 <= ord(c) <= 0xFF for c in line))


def stray_byte(data: Path) -> int:
    path = data / "cases.csv"
    line = find_line(path, case_id=f"{OP}-phl-scam-warehouse")
    header, fields = row_fields(path, line)
    fields[header.index("location_as_printed")] = "the Philippines\udcff"  # the byte 0xff, below
    lines = path.read_bytes().split(b"\n")
    lines[line - 1] = csv_line(fields).encode("utf-8", errors="surrogateescape")
    path.write_bytes(b"\n".join(lines))
    return line


def one_field_too_many(data: Path) -> int:
    path = data / "figures.csv"
    line = find_line(path, operation_id=OP, metric_id="arrests")
    header, fields = row_fields(path, line)
    replace_line(path, line, csv_line(fields + ["extra"]))
    return line


def one_field_too_few(data: Path) -> int:
    path = data / "participants.csv"
    line = find_line(path, operation_id=OP, position="3")
    header, fields = row_fields(path, line)
    replace_line(path, line, csv_line(fields[:-1]))
    return line


def unquoted_thousands(data: Path) -> int:
    path = data / "figures.csv"
    line = find_line(path, operation_id=OP, metric_id="arrests")
    header, fields = row_fields(path, line)
    k = header.index("value_as_printed")
    assert fields[k] == "2,517"
    replace_line(path, line, ",".join([csv_line(fields[:k]), "2,517", csv_line(fields[k + 1:])]))
    return line


def quote_never_closed(data: Path) -> int:
    path = data / "case_crime_types.csv"
    header, rows = read_rows(path)
    line = len(rows) + 1  # the last row
    fields = rows[-1]
    k = header.index("crime_type")
    replace_line(path, line, ",".join([csv_line(fields[:k]), '"' + fields[k]] + fields[k + 1:]))
    return line


def quote_closed_lines_later(data: Path) -> int:
    """An opening quote on one line and a closing one two lines down: the rows between merge."""
    path = data / "participants.csv"
    line = find_line(path, operation_id=OP, position="5")
    header, fields = row_fields(path, line)
    k = header.index("name_as_printed")
    replace_line(path, line, ",".join([csv_line(fields[:k]), '"' + fields[k], csv_line(fields[k + 1:])]))
    fields = next(csv.reader([path.read_text(encoding="utf-8").split("\n")[line + 1]]))
    replace_line(path, line + 2, ",".join([csv_line(fields[:k]), fields[k] + '"', csv_line(fields[k + 1:])]))
    return line


def quote_runs_into_a_later_quote(data: Path) -> int:
    """An opening quote that is never closed on its line runs on to the next quoted value."""
    path = data / "figures.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    line = next(n for n in range(2, len(lines)) if '"' not in lines[n - 1] and '"' in lines[n])
    header, fields = row_fields(path, line)
    k = header.index("value_as_printed")
    replace_line(path, line, ",".join([csv_line(fields[:k]), '"' + fields[k], csv_line(fields[k + 1:])]))
    return line


def text_after_closing_quote(data: Path) -> int:
    path = data / "cases.csv"
    line = find_line(path, case_id=f"{OP}-phl-scam-warehouse")
    header, fields = row_fields(path, line)
    k = header.index("location_as_printed")
    replace_line(path, line, ",".join([csv_line(fields[:k]), '"the" Philippines', csv_line(fields[k + 1:])]))
    return line


def blank_line(data: Path) -> int:
    path = data / "partners.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(3, "")
    path.write_text("\n".join(lines), encoding="utf-8")
    return 4


def blank_first_line(data: Path) -> int:
    path = data / "partners.csv"
    path.write_bytes(b"\n" + path.read_bytes())
    return 1


def empty_file(data: Path) -> int:
    (data / "case_seizures.csv").write_bytes(b"")
    return 1


def missing_file(data: Path) -> None:
    (data / "case_seizures.csv").unlink()


def renamed_column(data: Path) -> None:
    path = data / "figures.csv"
    header, rows = read_rows(path)
    header[header.index("qualifier")] = "Qualifier"
    write_rows(path, header, rows)


def duplicate_column(data: Path) -> None:
    path = data / "sources.csv"
    header, rows = read_rows(path)
    header[header.index("notes")] = "title"
    write_rows(path, header, rows)


def descriptor_not_json(data: Path) -> int:
    path = data / "datapackage.json"
    lines = path.read_text(encoding="utf-8").split("\n")
    n = next(i for i, text in enumerate(lines) if text.strip().startswith('"path": "figures.csv"'))
    lines[n] = lines[n].rstrip(",")  # drop the comma after the path
    path.write_text("\n".join(lines), encoding="utf-8")
    return n + 2  # the parser stops at the next key, on the following line


def descriptor_without_resources(data: Path) -> None:
    edit_descriptor(data, lambda d: d.pop("resources"))


def resource_without_path(data: Path) -> None:
    edit_descriptor(data, lambda d: resource(d, "partners").pop("path"))


def renamed_resource(data: Path) -> None:
    edit_descriptor(data, lambda d: resource(d, "participants").update(name="participant"))


def resource_dropped(data: Path) -> None:
    edit_descriptor(data, lambda d: d["resources"].remove(resource(d, "metrics")))


def unknown_field_type(data: Path) -> None:
    def change(d):
        next(f for f in resource(d, "cases")["schema"]["fields"] if f["name"] == "position")["type"] = "int"
    edit_descriptor(data, change)


def bad_pattern(data: Path) -> None:
    def change(d):
        field = next(f for f in resource(d, "participants")["schema"]["fields"] if f["name"] == "iso3")
        field["constraints"]["pattern"] = "[A-Z{3}"
    edit_descriptor(data, change)


def foreign_key_to_unknown_field(data: Path) -> None:
    def change(d):
        fk = resource(d, "participants")["schema"]["foreignKeys"]
        next(k for k in fk if k["fields"] == ["iso3"])["reference"]["fields"] = ["iso_3"]
    edit_descriptor(data, change)


def field_the_library_needs_dropped(data: Path) -> None:
    def change(d):
        fields = resource(d, "cases")["schema"]["fields"]
        fields.remove(next(f for f in fields if f["name"] == "location_area_m49"))
    edit_descriptor(data, change)
    path = data / "cases.csv"
    header, rows = read_rows(path)
    k = header.index("location_area_m49")
    write_rows(path, header[:k] + header[k + 1:], [r[:k] + r[k + 1:] for r in rows])


def descriptor_missing(data: Path) -> None:
    (data / "datapackage.json").unlink()


def cell(file: str, column: str, value: str, **where: str) -> Callable[[Path], int]:
    return lambda data: set_cell(data / file, column, value, **where)


ARRESTS = {"operation_id": OP, "metric_id": "arrests"}
VICTIMS = {"operation_id": OP, "metric_id": "potential_victims"}
CASE = {"case_id": f"{OP}-phl-scam-warehouse"}
ALBANIA = {"operation_id": OP, "position": "1"}

BAD_INPUTS = [
    # encoding
    Bad("latin-1 file", latin1, "participants", "participants.csv", "name_as_printed", "encoding UTF-8",
        r"byte 0x[0-9a-f]{2} .* not valid UTF-8.*Windows-1252"),
    Bad("stray invalid byte", stray_byte, "cases", "cases.csv", "location_as_printed", "encoding UTF-8",
        r"byte 0xff at byte offset \d+"),
    # structure
    Bad("one field too many", one_field_too_many, "figures", "figures.csv", None, "CSV row length",
        r"fields, but the header has"),
    Bad("one field too few", one_field_too_few, "participants", "participants.csv", None, "CSV row length",
        r"the row stops at column"),
    Bad("unquoted thousands separator", unquoted_thousands, "figures", "figures.csv", "value_as_printed",
        "CSV row length", r"the value '2,517' is not quoted"),
    Bad("quote never closed", quote_never_closed, "case_crime_types", "case_crime_types.csv", "crime_type",
        "CSV quoting", r"never closed"),
    Bad("quote closed lines later", quote_closed_lines_later, "participants", "participants.csv", "name_as_printed",
        "CSV quoting", r"runs on to line 8"),
    Bad("quote runs into a later quote", quote_runs_into_a_later_quote, "figures", "figures.csv", "value_as_printed",
        "CSV quoting", r"runs on to line \d+, where a quote is followed by other text"),
    Bad("text after closing quote", text_after_closing_quote, "cases", "cases.csv", "location_as_printed",
        "CSV quoting", r"text follows the closing quote"),
    Bad("blank line between rows", blank_line, "partners", "partners.csv", None, "CSV row length", r"blank line"),
    Bad("blank first line", blank_first_line, "partners", "partners.csv", None, "CSV header",
        r"the first line is blank"),
    Bad("empty file", empty_file, "case_seizures", "case_seizures.csv", None, "CSV header", r"the file is empty"),
    Bad("missing file", missing_file, "case_seizures", "case_seizures.csv", None, "resource file exists",
        r"is not found"),
    Bad("renamed column", renamed_column, "figures", "figures.csv, line 1 (header)", None, "schema fields",
        r"rename column 'Qualifier' to 'qualifier'"),
    Bad("duplicate column", duplicate_column, "sources", "sources.csv, line 1 (header)", None, "schema fields",
        r"\['title'\] appear more than once"),
    # descriptor
    Bad("descriptor not JSON", descriptor_not_json, "figures", "datapackage.json", None, "descriptor JSON",
        r"not valid JSON: Expecting ',' delimiter"),
    Bad("descriptor without resources", descriptor_without_resources, "operations", "datapackage.json, key 'resources'",
        None, "descriptor", r"missing"),
    Bad("resource without path", resource_without_path, "partners", f"datapackage.json, {at('partners')}",
        None, "descriptor", r"key 'path' is missing"),
    Bad("renamed resource", renamed_resource, "operations", "datapackage.json, resources", None, "required resource",
        r"no resource named 'participants'.*rename resource 'participant' back to 'participants'"),
    Bad("resource dropped", resource_dropped, "operations", "datapackage.json, resources", None, "required resource",
        r"no resource named 'metrics'"),
    Bad("unknown field type", unknown_field_type, "sources", f"datapackage.json, {at('cases', 'position')}",
        None, "descriptor", r"type 'int' is not one of .*use 'integer'"),
    Bad("pattern not a regular expression", bad_pattern, "sources", f"datapackage.json, {at('participants', 'iso3')}",
        None, "descriptor", r"is not a regular expression"),
    Bad("foreign key to an unknown field", foreign_key_to_unknown_field, "sources",
        f"datapackage.json, {at('participants')}.schema.foreignKeys[{fk_index('participants', 'iso3')}]", None,
        "descriptor",
        r"refers to 'countries.iso_3', which is not a declared field"),
    Bad("field the library needs dropped", field_the_library_needs_dropped, "cases",
        "datapackage.json, resource 'cases'", None, "required field", r"no field 'location_area_m49'"),
    Bad("descriptor missing", descriptor_missing, "sources", "datapackage.json", None, "descriptor exists",
        r"cannot read the data package descriptor"),
    # numbers
    Bad("infinite number", cell("figures.csv", "value", "inf", **ARRESTS), "figures", "figures.csv", "value",
        "finite number", r"'inf' is not a finite number"),
    Bad("not a number", cell("figures.csv", "upper_bound", "NaN", **ARRESTS), "figures", "figures.csv",
        "upper_bound", "finite number", r"'NaN' is not a finite number"),
    Bad("number too large", cell("figures.csv", "value", "1" + "0" * 20, **ARRESTS), "figures", "figures.csv",
        "value", "number range", r"is too large"),
    Bad("integer too large", cell("participants.csv", "position", "9" * 5000, **ALBANIA), "participants",
        "participants.csv", "position", "number range", r"is too large"),
    Bad("fractional count of persons", cell("figures.csv", "value", "3222.5", **VICTIMS), "figures", "figures.csv",
        "value", "whole counts, reference/metrics.csv", r"3222.5 is not a whole number, but metric_id "
        r"'potential_victims' counts persons"),
    Bad("fractional case count", cell("case_figures.csv", "value", "250.5", case_id=f"{OP}-phl-scam-warehouse"),
        "case_figures", "case_figures.csv", "value", "whole counts, reference/count_types.csv",
        r"counts persons"),
    Bad("quoted thousands separator in a number", cell("figures.csv", "value", "2,517", **ARRESTS), "figures",
        "figures.csv", "value", "type number", r"without thousands separators: 2517"),
    Bad("decimal comma", cell("reference/qualifiers.csv", "lower_factor", "0,9", qualifier="nearly"), "qualifiers",
        "reference/qualifiers.csv", "lower_factor", "type number", r"use a point as decimal separator: 0.9"),
    Bad("integer with a decimal point", cell("participants.csv", "position", "1.0", **ALBANIA), "participants",
        "participants.csv", "position", "type integer", r"without a decimal point"),
    Bad("below the minimum", cell("figures.csv", "lower_bound", "-1", **ARRESTS), "figures", "figures.csv",
        "lower_bound", "minimum", r"below the minimum 0"),
    Bad("not a boolean", cell("figures.csv", "is_preliminary", "yes", **ARRESTS), "figures", "figures.csv",
        "is_preliminary", "type boolean", r"expected true or false, got 'yes'"),
    # vocabularies
    Bad("unknown qualifier", cell("figures.csv", "qualifier", "roughly", **ARRESTS), "figures", "figures.csv",
        "qualifier", "foreignKey", r"'roughly' not found in qualifiers.qualifier"),
    Bad("unknown qualifier of a case count", cell("case_figures.csv", "qualifier", "over", **CASE), "case_figures",
        "case_figures.csv", "qualifier", "foreignKey", r"'over' not found in qualifiers.qualifier"),
    Bad("unknown metric", cell("figures.csv", "metric_id", "arrested", **ARRESTS), "figures", "figures.csv",
        "metric_id", "foreignKey", r"'arrested' not found in metrics.metric_id"),
    Bad("unknown count type", cell("case_figures.csv", "count_type", "hostages", **CASE), "case_figures",
        "case_figures.csv", "count_type", "enum", r"'hostages' is not one of"),
    Bad("unknown crime type", cell("case_crime_types.csv", "crime_type", "piracy", **CASE), "case_crime_types",
        "case_crime_types.csv", "crime_type", "foreignKey", r"'piracy' not found in crime_types.crime_type"),
    Bad("value outside the enum", cell("operations.csv", "participant_list", "completed", operation_id=OP),
        "operations", "operations.csv", "participant_list", "enum", r"'completed' is not one of .*did you mean "
        r"'complete'\?"),
    Bad("whitespace after an enum value", cell("operations.csv", "participant_list", "complete ", operation_id=OP),
        "operations", "operations.csv", "participant_list", "surrounding whitespace", r"'complete ' has leading"),
    # text
    Bad("leading whitespace in a code", cell("participants.csv", "iso3", " ALB", **ALBANIA), "participants",
        "participants.csv", "iso3", "surrounding whitespace", r"' ALB' has leading or trailing whitespace"),
    Bad("trailing whitespace in a key", cell("figures.csv", "operation_id", f"{OP} ", **ARRESTS), "figures",
        "figures.csv", "operation_id", "surrounding whitespace", r"leading or trailing whitespace"),
    Bad("tab in free text", cell("cases.csv", "summary", "Raid\ton a warehouse.", **CASE), "cases", "cases.csv",
        "summary", "control characters", r"U\+0009"),
    Bad("line break in free text", cell("figures.csv", "notes", "All arrests\nduring the week.", **ARRESTS),
        "figures", "figures.csv", "notes", "CSV quoting", r"runs on to line"),
    Bad("NUL byte", cell("sources.csv", "title", "A\x00B"), "sources", "sources.csv", "title",
        "control characters", r"U\+0000"),
    Bad("bidirectional override", cell("participants.csv", "name_as_printed", "Alba\u202enia", **ALBANIA),
        "participants", "participants.csv", "name_as_printed", "control characters", r"U\+202E"),
    Bad("formula HYPERLINK", cell("cases.csv", "summary", '=HYPERLINK("https://example.org","click")', **CASE),
        "cases", "cases.csv", "summary", "spreadsheet formula", r"starts like a spreadsheet formula"),
    Bad("formula with @", cell("figures.csv", "notes", "@SUM(A1:A9)", **ARRESTS), "figures", "figures.csv",
        "notes", "spreadsheet formula", r"'@SUM"),
    Bad("formula with -", cell("partners.csv", "name_as_printed", "-cmd|' /C calc'!A0", operation_id=OP),
        "partners", "partners.csv", "name_as_printed", "spreadsheet formula", r"formula"),
    Bad("formula with + and (", cell("figures.csv", "value_as_printed", "+(2517)", **ARRESTS), "figures",
        "figures.csv", "value_as_printed", "spreadsheet formula", r"formula"),
    # dates
    Bad("date without zero padding", cell("operations.csv", "start_date", "2024-9-29", operation_id=OP),
        "operations", "operations.csv", "start_date", "type date", r"expected a date YYYY-MM-DD, got '2024-9-29'"),
    Bad("day that does not exist", cell("operations.csv", "end_date", "2024-09-31", operation_id=OP),
        "operations", "operations.csv", "end_date", "type date", r"not a calendar date"),
    Bad("start after end", cell("operations.csv", "start_date", "2024-10-05", operation_id=OP), "operations",
        "operations.csv", ("start_date", "end_date"), "dates in order", r"start_date 2024-10-05 is "
        r"after end_date 2024-10-04"),
    # keys
    Bad("duplicate primary key", cell("participants.csv", "position", "1", operation_id=OP, position="2"),
        "participants", "participants.csv", None, "primaryKey", r"duplicate primary key \(operation_id="
        r"'liberterra-ii-2024', position='1'\), first on line 2"),
    Bad("required value missing", cell("figures.csv", "source_url", "", **ARRESTS), "figures", "figures.csv",
        "source_url", "required", r"value is missing"),
    Bad("pattern broken", cell("participants.csv", "iso3", "Alb", **ALBANIA), "participants", "participants.csv",
        "iso3", "pattern", r"'Alb' does not match"),
]


def expected_location(case: Bad, line: int | None) -> str:
    where = re.escape(case.file)
    if line is not None:
        where += re.escape(f", line {line}")
    if isinstance(case.column, str):
        where += re.escape(f", column '{case.column}'")
    elif case.column:
        where += re.escape(", columns " + ", ".join(f"'{c}'" for c in case.column))
    return where + r": .*" + re.escape(f"[rule: {case.rule}] Hint: ") + r"\S"


def test_at_least_thirty_distinct_bad_inputs():
    assert len({c.id for c in BAD_INPUTS}) == len(BAD_INPUTS) >= 30


@pytest.mark.parametrize("case", BAD_INPUTS, ids=lambda c: c.id)
def test_bad_input_is_one_clear_error(case, data_copy, capsys):
    line = case.mutate(data_copy)
    with pytest.raises(DataValidationError) as info:
        load.load_table(case.table, data_dir=data_copy)
    text = str(info.value)
    matching = [p for p in info.value.problems if re.search(expected_location(case, line), p)]
    assert matching, f"no problem at {expected_location(case, line)!r} in:\n{text}"
    assert any(re.search(case.message, p) for p in matching), f"{case.message!r} not in {matching}"

    assert validate.main([str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert re.search(expected_location(case, line), err), err
    assert "Traceback" not in err


# The bad inputs that ended in a traceback before (issue 9), run through the real command line.
CLI_CASES = ["latin-1 file", "unknown qualifier", "missing file", "empty file", "one field too many",
             "quote never closed", "infinite number", "descriptor not JSON", "unquoted thousands separator"]


@pytest.mark.parametrize("case_id", CLI_CASES)
def test_command_line_exits_1_without_traceback(case_id, data_copy):
    case = next(c for c in BAD_INPUTS if c.id == case_id)
    line = case.mutate(data_copy)
    result = subprocess.run([sys.executable, "-m", "analysis.validate", str(data_copy)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(expected_location(case, line), result.stderr), result.stderr


# --- what stays accepted -------------------------------------------------------------------

def test_byte_order_mark_is_accepted(data_copy):
    path = data_copy / "participants.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load.load_participants(data_dir=data_copy).equals(load.load_participants())


def test_crlf_line_endings_are_accepted(data_copy):
    for path in [*data_copy.glob("*.csv"), *data_copy.glob("reference/*.csv")]:
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert load.validate_package(data_copy) == load.validate_package()
    assert load.load_cases(data_dir=data_copy).equals(load.load_cases())


def test_header_only_child_table_is_accepted(data_copy):
    for name in ("case_seizures.csv", "figure_alternatives.csv"):
        path = data_copy / name
        path.write_text(path.read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8")
    counts = load.validate_package(data_copy)
    assert counts["case_seizures"] == 0 and counts["figure_alternatives"] == 0
    seizures = load.load_case_seizures(data_dir=data_copy)
    assert list(seizures.columns) == list(load.load_case_seizures().columns)
    assert (seizures.dtypes == load.load_case_seizures().dtypes).all()


def test_trailing_blank_line_at_the_end_is_accepted(data_copy):
    path = data_copy / "partners.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    assert len(load.load_partners(data_dir=data_copy)) == len(load.load_partners())


def test_quoted_values_with_commas_and_quotes_are_read_as_written(data_copy):
    path = data_copy / "figures.csv"
    set_cell(path, "notes", 'He said "2,517", not 2,571.', **ARRESTS)
    figures = load.load_figures(data_dir=data_copy).set_index(["operation_id", "metric_id"])
    assert figures.loc[(OP, "arrests"), "notes"] == 'He said "2,517", not 2,571.'


@pytest.mark.parametrize("text", ["-5 arrests were later released", "+ 3 others", "e-mail", "A=B", "@ the border"])
def test_text_that_is_not_a_formula_is_accepted(text, data_copy):
    set_cell(data_copy / "figures.csv", "notes", text, **ARRESTS)
    assert len(load.load_figures(data_dir=data_copy)) == len(load.load_figures())


def test_several_problems_in_several_files_are_reported_together(data_copy):
    set_cell(data_copy / "figures.csv", "value", "inf", **ARRESTS)
    set_cell(data_copy / "participants.csv", "iso3", " ALB", **ALBANIA)
    (data_copy / "case_seizures.csv").unlink()
    with pytest.raises(DataValidationError) as info:
        load.validate_package(data_copy)
    files = {p.split(",")[0].split(":")[0] for p in info.value.problems}
    assert {"figures.csv", "participants.csv", "case_seizures.csv"} <= files


def test_every_problem_has_a_rule_and_a_hint(data_copy):
    for case in BAD_INPUTS:
        if case.id in ("stray invalid byte", "one field too few", "quote never closed", "blank line between rows",
                       "empty file", "infinite number", "fractional case count", "start after end",
                       "decimal comma", "NUL byte"):
            case.mutate(data_copy)
    with pytest.raises(DataValidationError) as info:
        load.validate_package(data_copy)
    for p in info.value.problems:
        assert re.search(r"\[rule: [^\]]+\] Hint: \S", p), p
