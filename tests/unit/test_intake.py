"""Hostile and careless packages (issue 18, classes 2 to 4): nothing is read or fetched
outside the data folder, no check runs without end, and every fault is one line naming the
file, line, column or descriptor key and the rule, with exit status 1 and no traceback,
from ``python -m analysis.validate`` (so ``make data``) and from the report builder alike.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from analysis.checks import validate
from analysis.package import intake, paths
from analysis.report import cli, datacheck

ROOT = paths.PROJECT_ROOT


def descriptor(data: Path) -> dict:
    return json.loads((data / "datapackage.json").read_text(encoding="utf-8"))


def write_descriptor(data: Path, value: dict) -> None:
    (data / "datapackage.json").write_text(json.dumps(value, indent=1), encoding="utf-8")


def resource(value: dict, name: str) -> dict:
    return next(r for r in value["resources"] if r["name"] == name)


def run_validate(data: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = validate.main([str(data)])
    return status, err.getvalue()


@pytest.fixture
def builder_on(monkeypatch, tmp_path):
    """Run the builder's dry run on a data folder: (exit status, standard error)."""
    monkeypatch.setattr(datacheck, "VERDICT_CACHE", tmp_path / "verdict.json")
    reports = tmp_path / "reports"
    monkeypatch.setattr(paths, "REPORTS_DIR", reports)

    def run(data: Path, *args: str) -> tuple[int, str]:
        monkeypatch.setenv("TRAFFICKING_DATA_DIR", str(data))
        err = io.StringIO()
        with redirect_stdout(io.StringIO()), redirect_stderr(err):
            status = cli.main(["build", "--dry-run", *args])
        return status, err.getvalue()

    return run


def assert_one_line(err: str, pattern: str) -> None:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if re.search(pattern, line)]
    assert lines, f"{pattern!r} not in:\n{err}"
    assert all(re.search(r"\[rule: [^\]]+\] Hint: \S", line) for line in lines), lines


# --- remote references -----------------------------------------------------------------------

def _set(value: dict, where: str, ref) -> None:
    if where == "package":
        value[ref[0]] = ref[1]
    else:
        res = resource(value, "sources")
        if where == "schema":
            res["schema"][ref[0]] = ref[1]
        else:
            res[ref[0]] = ref[1]


REMOTE = [
    ("package", ("profile", "https://example.org/profile.json"), r"datapackage.json, profile: profile 'https"),
    ("package", ("$schema", "http://example.org/schema.json"), r"datapackage.json, \$schema: "),
    ("resource", ("path", "https://example.org/sources.csv"), r"datapackage.json, resources\[0\]\.path: "),
    ("resource", ("dialect", "https://example.org/dialect.json"), r"resources\[0\]\.dialect: dialect 'https"),
    ("resource", ("schema", "ftp://example.org/schema.json"), r"resources\[0\]\.schema: schema 'ftp"),
    ("resource", ("schema", "sources-schema.json"), r"resources\[0\]\.schema: schema 'sources-schema.json' refers"),
    ("resource", ("dialect", "/etc/passwd"), r"resources\[0\]\.dialect: dialect '/etc/passwd' refers"),
    ("resource", ("profile", "//example.org/x"), r"resources\[0\]\.profile: profile '//example.org/x' names a remote"),
    ("resource", ("path", "../outside.csv"), r"resources\[0\]\.path: path '../outside.csv' is not a plain"),
    ("resource", ("path", "/etc/passwd"), r"resources\[0\]\.path: path '/etc/passwd' is not a plain"),
    ("resource", ("path", ["sources.csv", "https://example.org/more.csv"]), r"resources\[0\]\.path: a path made"),
    ("schema", ("$schema", "https://example.org/table-schema.json"), r"resources\[0\]\.schema\.\$schema: "),
]


@pytest.mark.parametrize("where, ref, message", REMOTE, ids=[f"{w}-{r[0]}-{r[1]}"[:60] for w, r, _ in REMOTE])
def test_remote_and_outside_references_are_refused_before_any_validator(where, ref, message, data_copy,
                                                                        builder_on, monkeypatch):
    value = descriptor(data_copy)
    assert value["resources"][0]["name"] == "sources"
    _set(value, where, ref)
    write_descriptor(data_copy, value)
    from analysis.checks import loaders as load

    def never(*args, **kwargs):
        raise AssertionError("the validator ran on a descriptor with a remote reference")

    monkeypatch.setattr(load, "validate_package", never)
    status, err = run_validate(data_copy)
    assert status == 1
    assert_one_line(err, message + r".*\[rule: local references\]")
    status, err = builder_on(data_copy)
    assert status == 1 and "no report was built" in err
    assert_one_line(err, message)


def test_licence_and_source_links_stay_allowed(data_copy):
    value = descriptor(data_copy)
    assert value["licenses"][0]["path"].startswith("https://")
    assert intake.examine(data_copy).problems == []


# --- what the descriptor and the data files may be ----------------------------------------------

def test_a_descriptor_nested_very_deeply_is_one_line(data_copy, builder_on):
    value = descriptor(data_copy)
    text = json.dumps(value)[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (data_copy / "datapackage.json").write_text(text, encoding="utf-8")
    status, err = run_validate(data_copy)
    assert status == 1
    assert_one_line(err, r"datapackage.json, line 1: arrays and objects nested more than 32 levels deep "
                         r"\[rule: descriptor depth\]")
    status, err = builder_on(data_copy)
    assert status == 1
    assert_one_line(err, r"nested more than 32 levels")


@pytest.fixture
def outside(tmp_path) -> Path:
    secret = tmp_path / "outside" / "secret.csv"
    secret.parent.mkdir()
    secret.write_text("secret-first-line,do-not-echo\nx,y\n", encoding="utf-8")
    return secret


@pytest.mark.parametrize("target", ["outside", "/etc/passwd", "/dev/zero", "inside"])
def test_a_data_file_that_is_a_symbolic_link_is_refused_without_echoing_it(target, outside, data_copy,
                                                                           builder_on):
    link = data_copy / "partners.csv"
    link.unlink()
    if target == "outside":
        link.symlink_to(outside)
    elif target == "inside":
        link.symlink_to(data_copy / "sources.csv")
    else:
        if not Path(target).exists():
            pytest.skip(f"no {target}")
        link.symlink_to(target)
    for status, err in (run_validate(data_copy), builder_on(data_copy)):
        assert status == 1
        assert_one_line(err, r"^  - partners.csv: the data file of resource 'partners' is a symbolic link "
                             r"\[rule: resource file\]")
        assert "secret" not in err and "root:" not in err and "do-not-echo" not in err


def test_a_data_file_behind_a_linked_folder_is_refused(outside, data_copy):
    (data_copy / "reference" / "countries.csv").rename(outside.parent / "countries.csv")
    shutil_move_reference(data_copy, outside.parent)
    status, err = run_validate(data_copy)
    assert status == 1
    assert_one_line(err, r"reference/countries.csv: the data file of resource 'countries' goes through the "
                         r"symbolic link 'reference'")


def shutil_move_reference(data: Path, elsewhere: Path) -> None:
    import shutil

    for path in (data / "reference").iterdir():
        shutil.move(str(path), elsewhere / path.name)
    (data / "reference").rmdir()
    (data / "reference").symlink_to(elsewhere)


def test_a_resource_that_is_a_folder_or_a_pipe_is_refused(data_copy, builder_on):
    (data_copy / "partners.csv").unlink()
    (data_copy / "partners.csv").mkdir()
    (data_copy / "case_seizures.csv").unlink()
    os.mkfifo(data_copy / "case_seizures.csv")
    for status, err in (run_validate(data_copy), builder_on(data_copy)):
        assert status == 1
        assert_one_line(err, r"partners.csv: the data file of resource 'partners' is a folder, not a file")
        assert_one_line(err, r"case_seizures.csv: the data file of resource 'case_seizures' is not a regular file")


def test_a_data_file_over_the_size_limit_is_refused_unread(data_copy, monkeypatch):
    monkeypatch.setattr(intake, "MAX_FILE_BYTES", 20_000)
    status, err = run_validate(data_copy)
    assert status == 1
    size = (data_copy / "cases.csv").stat().st_size
    assert_one_line(err, rf"cases.csv: the data file of resource 'cases' is {size:,} bytes, more than the limit "
                         r"of 20,000")


def test_a_resource_path_outside_the_folder_is_refused_by_the_builder(data_copy, builder_on, outside):
    value = descriptor(data_copy)
    resource(value, "partners")["path"] = f"../outside/{outside.name}"
    write_descriptor(data_copy, value)
    status, err = builder_on(data_copy)
    assert status == 1
    assert_one_line(err, r"resources\[6\]\.path: path '../outside/secret.csv' is not a plain relative path")
    assert "secret-first-line" not in err


# --- bounded work ----------------------------------------------------------------------------

@pytest.mark.parametrize("pattern", ["(a+)+$", "([a-z]+)*x", "(\\w|\\w\\w)+", "(x+x+)+y", "(?=a).*"])
def test_a_pattern_with_catastrophic_backtracking_is_refused_without_hanging(pattern, data_copy):
    value = descriptor(data_copy)
    field = next(f for f in resource(value, "partners")["schema"]["fields"] if f["name"] == "notes")
    field.setdefault("constraints", {})["pattern"] = pattern
    write_descriptor(data_copy, value)
    text = (data_copy / "partners.csv").read_text(encoding="utf-8")
    header = text.split("\n", 1)[0].split(",")
    row = ["x"] * len(header)
    row[header.index("notes")] = "a" * 5000 + "!"
    (data_copy / "partners.csv").write_text(text + ",".join(row) + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "analysis.validate", str(data_copy)], capture_output=True,
                            text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 1
    assert_one_line(result.stderr, r"datapackage.json, resource 'partners', field 'notes': the pattern .* "
                                   r"\[rule: safe pattern\]")


def test_the_project_patterns_are_safe():
    for res in descriptor(paths.DATA_DIR)["resources"]:
        for f in res["schema"]["fields"]:
            pattern = f.get("constraints", {}).get("pattern")
            if pattern:
                assert intake.pattern_fault(pattern) is None, (res["name"], f["name"], pattern)


def test_a_long_value_in_a_patterned_column_is_refused(data_copy):
    from tests.unit.test_bad_inputs import set_cell

    line = set_cell(data_copy / "partners.csv", "partner_id", "a" * 300, operation_id="liberterra-ii-2024")
    status, err = run_validate(data_copy)
    assert status == 1
    assert_one_line(err, rf"partners.csv, line {line}, column 'partner_id': a value of 300 characters is checked "
                         r"against the pattern .* \[rule: value length\]")


def test_a_value_over_128_kib_is_too_long_not_an_unclosed_quote(data_copy, builder_on):
    from tests.unit.test_bad_inputs import set_cell

    line = set_cell(data_copy / "partners.csv", "notes", "x" * 140_000, operation_id="liberterra-ii-2024")
    for status, err in (run_validate(data_copy), builder_on(data_copy)):
        assert status == 1
        assert_one_line(err, rf"partners.csv, line {line}, column 'notes': a value of 140,000 characters, more "
                             r"than the limit of 131,072 \[rule: value length\]")
        assert "never closed" not in err


# --- make data: the two validators agree, and frictionless's report is shown ------------------

def frictionless(data: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROOT / ".venv" / "bin" / "frictionless"), "validate", "datapackage.json"],
                          cwd=data, capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "frictionless").exists(), reason="needs frictionless")
def test_a_csv_ending_in_a_blank_line_is_refused_by_both_validators(data_copy, builder_on):
    path = data_copy / "partners.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n", encoding="utf-8")
    last = text.count("\n") + 1
    for status, err in (run_validate(data_copy), builder_on(data_copy)):
        assert status == 1
        assert_one_line(err, rf"partners.csv, line {last}: the file ends in 1 blank line\(s\) "
                             r"\[rule: CSV blank lines\]")
    assert frictionless(data_copy).returncode != 0
    path.write_text(text, encoding="utf-8")
    assert run_validate(data_copy)[0] == 0
    assert frictionless(data_copy).returncode == 0


def make_data(data: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, TRAFFICKING_DATA_DIR=str(data))
    return subprocess.run(["make", "--no-print-directory", "-B", "data"], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env=env)


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "frictionless").exists(), reason="needs frictionless")
def test_make_data_refuses_a_trailing_blank_line_and_shows_the_report_of_frictionless(data_copy):
    path = data_copy / "partners.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = make_data(data_copy)
    assert result.returncode != 0
    assert_one_line(result.stderr, r"partners.csv, line \d+: the file ends in 1 blank line")
    path.write_text(path.read_text(encoding="utf-8")[:-1], encoding="utf-8")
    # A value only frictionless rejects today (the project's reader ignores `format`, issue 14):
    # its report is shown, not sent to /dev/null.
    sources = data_copy / "sources.csv"
    sources.write_text(sources.read_text(encoding="utf-8") + "unodc.org news page,UNODC,A page,2024-11-07,,,,,"
                       "secondary,\n", encoding="utf-8")
    result = make_data(data_copy)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "source_url" in result.stderr
    if "frictionless validate" in result.stderr:
        assert "not valid (report above)" in result.stderr and "type-error" in result.stderr, result.stderr


# --- the command line ----------------------------------------------------------------------

def test_validate_has_a_real_argument_parser():
    result = subprocess.run([sys.executable, "-m", "analysis.validate", "--help"], capture_output=True, text=True,
                            timeout=60, cwd=ROOT)
    assert result.returncode == 0 and result.stdout.startswith("usage: python -m analysis.validate [-h] [DATA_DIR]")
    result = subprocess.run([sys.executable, "-m", "analysis.validate", "--nonsense"], capture_output=True,
                            text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 2 and "unrecognized arguments: --nonsense" in result.stderr
    result = subprocess.run([sys.executable, "-m", "analysis.validate", "/nonexistent-folder"], capture_output=True,
                            text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 2 and "DATA_DIR '/nonexistent-folder' is not a folder" in result.stderr


def test_a_folder_gets_the_same_verdict_as_argument_and_as_environment_variable(data_copy):
    aliases = data_copy / "reference" / "country_aliases.csv"
    aliases.write_text(aliases.read_text(encoding="utf-8").rstrip("\n") + "\nFreedonia,ALB,test only\n",
                       encoding="utf-8")
    from tests.unit.test_bad_inputs import set_cell

    set_cell(data_copy / "participants.csv", "name_as_printed", "Freedonia", iso3="ALB")
    env = {k: v for k, v in os.environ.items() if k != "TRAFFICKING_DATA_DIR"}
    by_argument = subprocess.run([sys.executable, "-m", "analysis.validate", str(data_copy)], capture_output=True,
                                 text=True, timeout=300, cwd=ROOT, env=env)
    by_environment = subprocess.run([sys.executable, "-m", "analysis.validate"], capture_output=True, text=True,
                                    timeout=300, cwd=ROOT, env=dict(env, TRAFFICKING_DATA_DIR=str(data_copy)))
    assert (by_argument.returncode, by_argument.stderr) == (by_environment.returncode, by_environment.stderr)
    assert by_argument.returncode == 0, by_argument.stderr


# --- the builder reads nothing before the package is checked ------------------------------------

def test_a_byte_order_mark_before_the_descriptor_does_not_break_the_builder(data_copy, builder_on):
    path = data_copy / "datapackage.json"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert run_validate(data_copy)[0] == 0
    status, err = builder_on(data_copy, "--operation", "nawa-2014")
    assert status == 0, err
    assert "Traceback" not in err


def test_a_grid_fault_is_one_line(data_copy, builder_on, monkeypatch):
    from analysis.report import grid

    def broken(*args, **kwargs):
        raise KeyError("XKX")

    monkeypatch.setattr(grid, "compute_grid", broken)
    monkeypatch.setattr(grid, "GRID_CACHE", data_copy.parent / "grid.json")
    status, err = builder_on(data_copy)
    assert status == 1
    assert err == ("error: the pages could not be planned from the data, no report was built: KeyError: 'XKX' "
                   "(the validator accepted the package: please report this)\n")


def test_bad_figures_start_no_kernel_and_leave_the_index_alone(data_copy, monkeypatch, tmp_path):
    from tests.unit.test_bad_inputs import set_cell

    set_cell(data_copy / "figures.csv", "value", "12x", operation_id="liberterra-ii-2024", metric_id="arrests")
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "index.html").write_text("old index", encoding="utf-8")
    monkeypatch.setenv("TRAFFICKING_DATA_DIR", str(data_copy))
    monkeypatch.setattr(paths, "REPORTS_DIR", reports)
    monkeypatch.setattr(datacheck, "VERDICT_CACHE", tmp_path / "verdict.json")
    from analysis.report import build

    def no_executor(*args, **kwargs):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(build, "run_plan", no_executor)
    monkeypatch.setattr(build.LocalExecutor, "__init__", no_executor)
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        assert cli.main(["build"]) == 1
        assert cli.main(["one", "--operation", "nawa-2014"]) == 1
    text = err.getvalue()
    assert text.count("figures.csv, line") == 2 and "Traceback" not in text  # once per command
    assert (reports / "index.html").read_text(encoding="utf-8") == "old index"


def test_a_valid_package_is_validated_once(data_copy, monkeypatch, tmp_path):
    monkeypatch.setattr(datacheck, "VERDICT_CACHE", tmp_path / "verdict.json")
    from analysis.checks import loaders as load

    calls = []
    original = load.validate_package
    monkeypatch.setattr(load, "validate_package", lambda d: calls.append(d) or original(d))
    code = "code-digest"
    assert datacheck.problems(data_copy, code) is None
    assert datacheck.problems(data_copy, code) is None
    assert len(calls) == 1
    from tests.unit.test_bad_inputs import set_cell

    set_cell(data_copy / "figures.csv", "value", "12x", operation_id="liberterra-ii-2024", metric_id="arrests")
    assert "figures.csv, line" in datacheck.problems(data_copy, code)
    assert len(calls) == 2


def test_the_loader_also_calls_a_value_over_the_csv_limit_too_long(data_copy):
    from analysis.checks import loaders as load
    from analysis.package.schema import DataValidationError
    from tests.unit.test_bad_inputs import set_cell

    line = set_cell(data_copy / "partners.csv", "notes", "x" * 140_000, operation_id="liberterra-ii-2024")
    with pytest.raises(DataValidationError) as info:
        load.load_partners(data_dir=data_copy)
    assert any(re.search(rf"partners.csv, line {line}, column 'notes': a value longer than 131,072 characters "
                         r"\[rule: value length\]", p) for p in info.value.problems), info.value.problems
    assert not any("never closed" in p for p in info.value.problems)


def test_the_value_limit_holds_when_another_library_raised_the_csv_modules_limit(data_copy):
    """Some libraries raise the csv module's limit for the whole process on import; the reader
    keeps its own limit, so a test run, a notebook and a build give the same answer."""
    import csv
    import sys

    from analysis.checks import loaders as load
    from analysis.package.schema import DataValidationError
    from tests.unit.test_bad_inputs import set_cell

    line = set_cell(data_copy / "partners.csv", "notes", "x" * 140_000, operation_id="liberterra-ii-2024")
    previous = csv.field_size_limit(sys.maxsize)
    try:
        with pytest.raises(DataValidationError) as info:
            load.load_partners(data_dir=data_copy)
        assert csv.field_size_limit() == sys.maxsize  # the process-wide setting is given back
    finally:
        csv.field_size_limit(previous)
    assert any(f"partners.csv, line {line}, column 'notes': a value longer than 131,072 characters" in p
               for p in info.value.problems), info.value.problems


def test_a_duplicated_operation_with_its_primary_key_removed_is_one_line(data_copy, builder_on):
    value = descriptor(data_copy)
    del resource(value, "operations")["schema"]["primaryKey"]
    write_descriptor(data_copy, value)
    path = data_copy / "operations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines + [lines[1]]), encoding="utf-8")
    for status, err in (run_validate(data_copy), builder_on(data_copy)):
        assert status == 1
        assert_one_line(err, r"datapackage.json, resource 'operations': primaryKey is None; the library relies on "
                             r"\['operation_id'\] \[rule: required primary key\]")
