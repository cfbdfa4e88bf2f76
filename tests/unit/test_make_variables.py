"""No value given to make becomes part of a command (issue 18, class 1).

Every user variable reaches its command through the environment; the recipes' text never
holds it. ``make -n`` prints the recipes as make expands them: a marker value must not
appear in them, for every target that takes a value. Two targets are also run for real
with values that would run a command if spliced into the recipe, and a documented variable
spelt in lower case is refused with a message naming it.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from analysis.package import paths

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")

ROOT = paths.PROJECT_ROOT
MARKER = "zq9MARKERzq9"
TARGETS_AND_VARIABLES = {
    "reports": ["OPERATION", "FAMILY", "BUILD_ARGS", "JOBS"],
    "report": ["OPERATION", "SCHEME", "REGION", "FAMILY", "COUNTRY"],
    "resolve": ["FILE", "RESOLVE_ARGS"],
    "check-pages": ["PAGES_DIR", "CHECK_ARGS"],
    "fuzz": ["FUZZ_EXAMPLES", "FUZZ_SEED"],
    "bench": ["BENCH_ARGS"],
    "lab": ["LAB_ARGS"],
    "setup": ["PYTHON"],
}
# Internal variables: a value given on the command line must change nothing.
INTERNAL = ["BIN", "VENV", "SHELL", "LAB_OFFLINE", "JUPYTER_PATH"]


def make(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=env)


@pytest.mark.parametrize("target", sorted(TARGETS_AND_VARIABLES))
def test_no_user_value_is_spliced_into_a_recipe(target):
    for variable in TARGETS_AND_VARIABLES[target]:
        result = make("-n", target, f"{variable}={MARKER}")
        assert result.returncode == 0, result.stderr
        assert MARKER not in result.stdout, f"{variable} is in the recipe of {target}:\n{result.stdout}"


@pytest.mark.parametrize("variable", INTERNAL)
def test_internal_variables_cannot_be_set_from_the_command_line(variable):
    result = make("-n", "reports", "lab", f"{variable}={MARKER}")
    assert result.returncode == 0, result.stderr
    assert MARKER not in result.stdout


def test_make_keeps_a_value_as_text_and_passes_it_on_unchanged(tmp_path):
    pwned = tmp_path / "pwned"
    value = f"$(shell touch {pwned}) $$HOME `x` \\ 'q' \"d\" #c"
    makefile = tmp_path / "probe.mk"
    makefile.write_text("include Makefile\nprobe:\n\t@printf '%s' \"$$FILE\" > $$OUT\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    result = subprocess.run(["make", "--no-print-directory", "-f", str(makefile), "probe", f"FILE={value}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60, env=dict(os.environ, OUT=str(out)))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == value
    assert not pwned.exists()


def test_a_value_with_a_line_break_does_not_break_the_recipe():
    result = make("-n", "report", "OPERATION=liberterra-ii-2024", "SCHEME=m49-region", "REGION=Africa\ntouch x")
    assert result.returncode == 0, result.stderr
    assert "touch x" not in result.stdout


@pytest.mark.parametrize("value", ['`touch {p}`', '$(touch {p})', '$(shell touch {p})', '$$(touch {p})', 'x"; touch {p}; echo "', "x'; touch {p}; echo '",
                                   "x\ntouch {p}"])
def test_hostile_values_run_nothing(value, tmp_path):
    pwned = tmp_path / "pwned"
    hostile = value.format(p=pwned)
    result = make("check-pages", f"PAGES_DIR={hostile}", f"CHECK_ARGS=--all {hostile}")
    assert result.returncode != 0  # no such folder: check_pages says so
    assert not pwned.exists(), result.stdout + result.stderr
    result = make("resolve", f"FILE={hostile}")
    assert result.returncode != 0
    assert not pwned.exists(), result.stdout + result.stderr


def test_a_hostile_value_reaches_the_builder_as_a_value_and_is_refused(tmp_path):
    pwned = tmp_path / "pwned"
    env = dict(os.environ, TRAFFICKING_REPORTS_DIR=str(tmp_path / "reports"))
    result = make("reports", f"OPERATION=`touch {pwned}`", "BUILD_ARGS=--dry-run", env=env, timeout=300)
    assert result.returncode == 2, result.stderr
    assert "unknown operation(s) ['`touch" in result.stderr
    assert not pwned.exists()
    result = make("report", "OPERATION=liberterra-ii-2024", "SCHEME=m49-region", f"REGION=Africa\ntouch {pwned}",
                  env=env, timeout=300)
    assert result.returncode == 2 and not pwned.exists()
    assert "--region: the value holds a line break" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("spelling", ["operation", "Operation", "family", "build_args", "jobs", "pages_dir"])
def test_a_documented_variable_in_another_case_is_refused(spelling):
    result = make("-n", "reports", f"{spelling}=nawa-2014")
    assert result.returncode != 0
    assert f"unknown variable(s) {spelling}: make variables are upper case, e.g. {spelling.upper()}=" \
        in result.stderr
    assert result.stdout == ""


def test_variables_in_the_right_case_are_accepted():
    result = make("-n", "reports", "OPERATION=nawa-2014")
    assert result.returncode == 0 and "analysis.report build" in result.stdout


def test_the_makefile_splices_no_user_variable_anywhere():
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipes = "\n".join(line for line in text.splitlines() if line.startswith("\t"))
    for variable in {v for vs in TARGETS_AND_VARIABLES.values() for v in vs}:
        assert f"$({variable})" not in recipes and f"${{{variable}}}" not in recipes, variable

