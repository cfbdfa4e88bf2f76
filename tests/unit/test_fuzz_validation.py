"""Fuzzing the validator (issue 9, section 2).

Each example breaks one file of a copy of the real data package (a CSV table or
``datapackage.json``): it replaces a value that is looked up in another table (a foreign
key, a qualifier, a metric, a unit, a place), drops, duplicates, swaps or truncates rows and fields, flips,
inserts or deletes bytes, writes a cell raw (unquoted), replaces a cell or a JSON value with
an edge value (empty, whitespace, huge numbers, nan/inf, '=cmd', control characters,
non-UTF-8 bytes, quotes, commas, line breaks...), or renames a column or a resource. Then
``python -m analysis.validate`` (its ``main``) and every loader must either pass or raise the
project's ``DataValidationError``; any other exception is a bug. A package that validates
must load. The report builder's reading of the package is fuzzed too: its check before
planning (:mod:`analysis.report.datacheck`) must give the same verdict as one message, and
on a valid package the content fingerprints and the grid must be computed without error.

The data are copied once per module and each example restores the file it broke; the
loaders' content-keyed cache re-checks only the broken file and the tables that read it.

Examples: 200 by default (a few seconds). More, and other seeds:

    FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/unit/test_fuzz_validation.py -p no:nbval
    FUZZ_EXAMPLES=2000 FUZZ_SEED=7 .venv/bin/python -m pytest tests/unit/test_fuzz_validation.py

Without ``FUZZ_SEED`` the run is derandomized: every run tries the same examples, so CI is
deterministic. A failure prints the mutation (file, kind, place, value) as a note above
Hypothesis's falsifying example.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, note, seed, settings
from hypothesis import strategies as st

from analysis import load, paths, validate
from analysis.schema import DataValidationError

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or "200")
FUZZ_SEED = os.environ.get("FUZZ_SEED") or None
# The builder's grid costs seconds: it is computed for this many valid examples per run.
FUZZ_GRIDS = int(os.environ.get("FUZZ_GRIDS") or "3")

FILES = sorted(
    [p.relative_to(paths.DATA_DIR).as_posix() for p in paths.DATA_DIR.glob("*.csv")]
    + [p.relative_to(paths.DATA_DIR).as_posix() for p in paths.REFERENCE_DIR.glob("*.csv")]
    + ["datapackage.json"]
)

EDGE_TEXT = [
    "", " ", "  ", "\t", "x ", " x", "0", "-1", "-0", "1.5", "3222.5", "1e308", "1e400", "9" * 400,
    "18446744073709551617", "nan", "NaN", "inf", "-inf", "Infinity", "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x","y")', "@SUM(1)", "+A1", "-(1)", "\x00", "\x1b[31m", "\r", "\n", "\r\n", "\u202e",
    "\ufeff", "\u200b", '"', '""', '"x', 'x"', "a,b", "3,222", "2024-9-14", "2024-02-30", "0000-01-01",
    "9999-12-31", "2024-13-01", "true", "TRUE", "yes", "NA", "None", "null", "Ünïcödé", "🙂", "x" * 140_000,
    "ZZZ", "001", "exact", "nearly", "persons", "liberterra-ii-2024",
]
EDGE_BYTES = [b"\xff", b"\xc3", b"\xe9", b"\x80", b"\xef\xbb\xbf", b"\x00", b'"', b",", b"\n", b"\r"]
EDGE_JSON = [None, True, 0, -1, 1e308, 10**400, "", "x", "strng", "[A-Z", [], {}, ["x"], {"x": 1}]


def split_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def join_rows(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def edge_text():
    return st.one_of(st.sampled_from(EDGE_TEXT), st.text(max_size=12))


# Cell edits, the commonest mistakes, are drawn more often than row, field and header changes.
KINDS = (["edge value"] * 4 + ["raw value"] * 2 + ["value of another cell"] * 2
         + ["drop row", "duplicate row", "swap rows", "truncate rows", "drop field", "duplicate field",
            "swap fields", "swap columns", "rename column"])


def mutate_rows(draw, rows: list[list[str]]) -> tuple[str, list[list[str]] | bytes]:
    """A row- or field-level change; returns its description and the new rows (or raw bytes)."""
    kind = draw(st.sampled_from(KINDS))
    n = len(rows)
    r = draw(st.integers(min(1, n - 1), n - 1))  # a data row if there is one
    width = len(rows[r]) or 1
    c = draw(st.integers(0, width - 1))
    rows = [list(row) for row in rows]
    if kind == "drop row":
        del rows[r]
    elif kind == "duplicate row":
        rows.insert(r, list(rows[r]))
    elif kind == "swap rows":
        s = draw(st.integers(0, n - 1))
        rows[r], rows[s] = rows[s], rows[r]
    elif kind == "truncate rows":
        rows = rows[:r]
    elif kind == "drop field" and rows[r]:
        del rows[r][c]
    elif kind == "duplicate field" and rows[r]:
        rows[r].insert(c, rows[r][c])
    elif kind == "swap fields" and rows[r]:
        d = draw(st.integers(0, width - 1))
        rows[r][c], rows[r][d] = rows[r][d], rows[r][c]
    elif kind == "edge value" and rows[r]:
        rows[r][c] = draw(edge_text())
        return f"{kind}: row {r + 1}, field {c + 1} = {rows[r][c][:60]!r}", rows
    elif kind == "value of another cell" and rows[r]:
        s = draw(st.integers(0, n - 1))
        rows[r][c] = draw(st.sampled_from(rows[s])) if rows[s] else ""
        return f"{kind}: row {r + 1}, field {c + 1} = {rows[r][c][:60]!r}", rows
    elif kind == "raw value" and rows[r]:
        value = draw(edge_text())
        text = join_rows(rows).decode("utf-8").split("\n")
        line = next(csv.reader([text[r]])) if text[r] else []
        if line:
            line[min(c, len(line) - 1)] = "\x00RAW\x00"
            text[r] = join_rows([line]).decode("utf-8").rstrip("\n").replace("\x00RAW\x00", value)
        return f"{kind} (unquoted): line {r + 1}, field {c + 1} = {value[:60]!r}", "\n".join(text).encode("utf-8")
    elif kind == "swap columns":
        d = draw(st.integers(0, len(rows[0]) - 1)) if rows[0] else 0
        rows = [row[:] for row in rows]
        for row in rows:
            if c < len(row) and d < len(row):
                row[c], row[d] = row[d], row[c]
    elif kind == "rename column" and rows[0]:
        rows[0][min(c, len(rows[0]) - 1)] = draw(edge_text())
    return f"{kind}: row {r + 1}, field {c + 1}", rows


def mutate_bytes(draw, data: bytes) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["flip byte", "insert bytes", "delete bytes", "truncate"]))
    last = max(len(data) - 1, 0)
    i = draw(st.one_of(st.sampled_from([0, 1, 2, last]), st.integers(0, last)))  # file edges often
    if kind == "flip byte" and data:
        bit = draw(st.integers(0, 7))
        return f"{kind}: offset {i}, bit {bit}", data[:i] + bytes([data[i] ^ (1 << bit)]) + data[i + 1:]
    if kind == "insert bytes":
        piece = draw(st.one_of(st.sampled_from(EDGE_BYTES), st.binary(min_size=1, max_size=4)))
        return f"{kind}: offset {i}, {piece!r}", data[:i] + piece + data[i:]
    if kind == "delete bytes":
        k = draw(st.integers(1, 8))
        return f"{kind}: offset {i}, {k} byte(s)", data[:i] + data[i + k:]
    return f"truncate at byte {i}", data[:i]


def json_paths(value, path=()):
    """Every (path, value) in a JSON document."""
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from json_paths(v, (*path, k))
    elif isinstance(value, list):
        for k, v in enumerate(value):
            yield from json_paths(v, (*path, k))


def mutate_descriptor(draw, data: bytes) -> tuple[str, bytes]:
    descriptor = json.loads(data)
    places = [p for p, _ in json_paths(descriptor) if p]
    path = draw(st.sampled_from(places))
    parent = descriptor
    for key in path[:-1]:
        parent = parent[key]
    kind = draw(st.sampled_from(["delete", "replace", "duplicate list item"]))
    if kind == "delete" or (kind == "duplicate list item" and not isinstance(parent, list)):
        del parent[path[-1]]
        kind = "delete"
    elif kind == "replace":
        parent[path[-1]] = draw(st.one_of(st.sampled_from(EDGE_JSON), edge_text()))
    else:
        parent.insert(path[-1], json.loads(json.dumps(parent[path[-1]])))
    shown = repr(parent[path[-1]])[:60] if kind == "replace" else ""
    return f"descriptor {kind} at {list(path)} {shown}", json.dumps(descriptor, indent=1).encode("utf-8")


@dataclass
class Mutation:
    """One broken file; shown by Hypothesis as the file and what was done to it."""
    file: str
    description: str
    data: bytes = field(repr=False)


def lookup_columns() -> list[tuple[str, str]]:
    """(file, column) of every column whose values are looked up in another table: foreign
    keys, and the columns the data rules look up (bounds, units, places)."""
    descriptor = json.loads(paths.DATAPACKAGE_PATH.read_text(encoding="utf-8"))
    out = set()
    for res in descriptor["resources"]:
        for fk in res["schema"].get("foreignKeys", []):
            for name in [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]:
                out.add((res["path"], name))
    out |= {("case_places.csv", "place_code"), ("figures.csv", "value"), ("case_figures.csv", "value"),
            ("figure_alternatives.csv", "value"), ("reference/qualifiers.csv", "lower_factor"),
            ("reference/metrics.csv", "unit"), ("reference/count_types.csv", "unit"),
            ("operations.csv", "start_date"), ("operations.csv", "participant_list")}
    return sorted(out)


LOOKUP_COLUMNS = lookup_columns()


def mutate_lookup(draw) -> tuple[str, str, bytes]:
    """A cell of a looked-up column replaced by an edge value or by a value of another column."""
    file, column = draw(st.sampled_from(LOOKUP_COLUMNS))
    rows = split_rows((paths.DATA_DIR / file).read_bytes())
    if len(rows) < 2:
        return file, "unchanged (header only)", join_rows(rows)
    r = draw(st.integers(1, len(rows) - 1))
    c = rows[0].index(column)
    other = draw(st.sampled_from(rows[draw(st.integers(1, len(rows) - 1))]))
    plausible = st.from_regex(r"[a-z]{1,9}(-[a-z]{1,9})?|[A-Z]{3}|[0-9]{1,4}", fullmatch=True)
    rows[r][c] = draw(st.one_of(st.just(other), plausible, edge_text()))
    return file, f"lookup value: row {r + 1}, column {column!r} = {rows[r][c][:60]!r}", join_rows(rows)


@st.composite
def mutations(draw):
    """A Mutation: one file of the package, broken."""
    mode = draw(st.integers(0, 7))
    if mode < 3:
        return Mutation(*mutate_lookup(draw))
    file = draw(st.sampled_from(FILES))
    data = (paths.DATA_DIR / file).read_bytes()
    if mode < 5:
        description, new = mutate_bytes(draw, data)
    elif file == "datapackage.json":
        description, new = mutate_descriptor(draw, data)
    else:
        description, new = mutate_rows(draw, split_rows(data))
        if isinstance(new, list):
            new = join_rows(new)
    return Mutation(file, description, new)


@pytest.fixture(scope="module")
def fuzz_data(tmp_path_factory):
    """One copy of data/ for all examples; each example restores the file it breaks. The
    builder's verdict cache goes to a temporary folder."""
    from analysis.report import datacheck

    target = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(paths.DATA_DIR, target)
    saved = datacheck.VERDICT_CACHE
    datacheck.VERDICT_CACHE = target.parent / "verdict.json"
    yield target
    datacheck.VERDICT_CACHE = saved


LOADERS = [load.load_sources, load.load_operations, load.load_figures, load.load_figure_alternatives,
           load.load_participants, load.load_coordination_units, load.load_partners, load.load_cases,
           load.load_case_figures, load.load_case_crime_types, load.load_case_places, load.load_case_seizures]


_GRIDS_COMPUTED = []


def check_builder_reading(data_dir, status: int) -> None:
    """The builder's reading of the package (issue 18): its check before planning gives the
    validator's verdict as a message, never an exception; on a valid package the content
    fingerprints and (for the first FUZZ_GRIDS valid examples) the grid are computed."""
    from analysis.report import datacheck, fingerprint, grid

    message = datacheck.report_problem(data_dir, "fuzz")
    assert (message is None) == (status == 0), message
    if message is not None:
        assert message.startswith("error: the data package is not valid, no report was built:\n")
        return
    slices = fingerprint.DataSlices(data_dir)
    assert slices.whole and slices.reference
    operations = load.load_operations(data_dir=data_dir)["operation_id"]
    assert all(slices.operation(op) for op in operations)
    for iso3 in ("NGA", "ALB", "TUR"):
        assert slices.country(iso3)
    if len(_GRIDS_COMPUTED) < FUZZ_GRIDS:
        _GRIDS_COMPUTED.append(data_dir)
        reports = grid.compute_grid(data_dir)
        assert len({r.slug for r in reports}) == len(reports)


def check(data_dir) -> None:
    """The property: validation passes or raises DataValidationError, and so does every loader;
    the builder's reading of the package ends in a one-line verdict or a grid."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = validate.main([str(data_dir)])
    assert status in (0, 1), status
    assert "Traceback" not in err.getvalue()
    for loader in LOADERS:
        try:
            loader(data_dir=data_dir)
        except DataValidationError:
            assert status == 1, f"{loader.__name__} failed on a package that validates"
    check_builder_reading(data_dir, status)


def fuzz_settings(test):
    test = settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=FUZZ_SEED is None, database=None,
                    print_blob=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                            HealthCheck.large_base_example])(test)
    return seed(int(FUZZ_SEED))(test) if FUZZ_SEED is not None else test


@fuzz_settings
@given(mutation=mutations())
def test_validation_passes_or_raises_data_validation_error(fuzz_data, mutation):
    note(f"mutation of {mutation.file}: {mutation.description}")
    target = fuzz_data / mutation.file
    original = target.read_bytes()
    target.write_bytes(mutation.data)
    try:
        check(fuzz_data)
    finally:
        target.write_bytes(original)


def test_the_unbroken_copy_validates(fuzz_data):
    check(fuzz_data)
    assert load.validate_package(fuzz_data) == load.validate_package()


# Examples of the agreement with frictionless (each runs frictionless over the whole copy, about
# 5 s; more with FRICTIONLESS_EXAMPLES=100).
FRICTIONLESS_EXAMPLES = int(os.environ.get("FRICTIONLESS_EXAMPLES", "8"))


def frictionless_rejects(data_dir) -> bool:
    from frictionless import validate as frictionless_validate

    try:
        return not frictionless_validate(str(data_dir / "datapackage.json")).valid
    except Exception:  # noqa: BLE001  (frictionless raising on a broken file is a rejection too)
        return True


@settings(max_examples=FRICTIONLESS_EXAMPLES, deadline=None, derandomize=FUZZ_SEED is None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(mutation=mutations().filter(lambda m: m.file != "datapackage.json"))
def test_the_reader_rejects_what_frictionless_rejects(fuzz_data, mutation):
    """One validator: the project's reader is the one that decides, and it is never more lenient
    than frictionless on the fuzz corpus (CSV mutations: a descriptor mutation may break only
    what frictionless reads and the library does not, such as a description)."""
    note(f"mutation of {mutation.file}: {mutation.description}")
    target = fuzz_data / mutation.file
    original = target.read_bytes()
    target.write_bytes(mutation.data)
    try:
        if frictionless_rejects(fuzz_data):
            with pytest.raises(DataValidationError):
                load.validate_package(fuzz_data)
    finally:
        target.write_bytes(original)
