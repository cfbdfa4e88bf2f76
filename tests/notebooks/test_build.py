"""The report builder end to end: warm kernels give the same pages as fresh ones, pages are
byte-identical across builds, failures and dead kernels are named and leave nothing
finished-looking, Ctrl-C stops cleanly, and two builds cannot write at once."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis import paths
from analysis.report import build, cli, fingerprint
from analysis.report.grid import Report, compute_grid

pytestmark = pytest.mark.notebook

FIXTURE = Path(__file__).parents[1] / "fixtures" / "builder_test_notebook.json"
# One page of each kind and one per region scheme (the coordination-hub scheme included).
SAMPLE = (
    "trends/storm-makers",
    "nawa-2014/overview",
    "liberterra-ii-2024/m49-region/oceania",
    "liberterra-ii-2024/m49-sub-region/central-asia",
    "liberterra-ii-2024/m49-intermediate-region/caribbean",
    "liberterra-ii-2024/liberterra-ii-2024-coordination-hub/north-macedonia-ocu-europe",
    "countries/bmu",
)


@pytest.fixture(scope="module")
def grid():
    return compute_grid()


@pytest.fixture
def reports_dir(tmp_path, monkeypatch):
    target = tmp_path / "reports"
    target.mkdir()
    monkeypatch.setattr(paths, "REPORTS_DIR", target)
    monkeypatch.setenv("TRAFFICKING_REPORTS_DIR", str(target))
    return target


def build_reports(reports, reports_dir, jobs=1, fresh=False, force=False):
    plan = build.plan_build(reports, reports_dir, {"commit": None, "commit_short": None, "commit_date": None,
                                                   "tree_dirty": None, "version": "test", "package": "test",
                                                   "data_hash": "0" * 64, "data_hash_short": "0" * 12},
                            force=force)
    return build.run_plan(plan, reports_dir, jobs=jobs, fresh=fresh, verbose=False)


def test_slugs_are_unique_strings_and_single_edition_families_get_no_trends_page(grid):
    slugs = [r.slug for r in grid]
    assert len(slugs) == len(set(slugs))
    for region in ["africa", "americas", "asia", "europe", "oceania"]:
        assert f"liberterra-ii-2024/m49-region/{region}" in slugs
    assert "trends/all" in slugs and "trends/liberterra" in slugs
    assert "trends/nawa" not in slugs and "trends/sawiyan" not in slugs  # one edition each
    for report in grid:  # region codes and names stay strings
        assert all(isinstance(v, str) for v in report.params.values())
    assert set(SAMPLE) <= set(slugs)


def test_warm_kernels_give_the_same_pages_as_fresh_kernels(grid, tmp_path):
    sample = [r for r in grid if r.slug in SAMPLE]
    warm, fresh = tmp_path / "warm", tmp_path / "fresh"
    assert build_reports(sample, warm, jobs=1).failures == []  # one kernel runs all seven
    assert build_reports(sample, fresh, jobs=1, fresh=True).failures == []
    for report in sample:
        files = build.page_files(warm, report.slug)
        other = build.page_files(fresh, report.slug)
        for kind in ("html", "ipynb", "json"):
            assert files[kind].read_bytes() == other[kind].read_bytes(), f"{report.slug}.{kind} differs"
        compared = filecmp.dircmp(files["tables"], other["tables"])
        assert compared.left_list and not compared.left_only and not compared.right_only
        _, mismatch, errors = filecmp.cmpfiles(files["tables"], other["tables"], compared.common_files,
                                               shallow=False)
        assert mismatch == [] and errors == [], report.slug


def test_a_page_built_twice_is_byte_identical_and_titled_as_in_the_grid(grid, reports_dir):
    args = ["one", "--operation", "liberterra-ii-2024", "--scheme", "liberterra-ii-2024-coordination-hub",
            "--region", "Philippines OCU (Asia and Oceania)"]
    assert cli.main(args) == 0
    page = build.page_files(reports_dir, "liberterra-ii-2024/liberterra-ii-2024-coordination-hub/"
                                         "philippines-ocu-asia-and-oceania")
    first = page["html"].read_bytes()
    assert cli.main(args) == 0
    assert page["html"].read_bytes() == first
    text = first.decode("utf-8")
    # the check cells ran (the build fails otherwise) but neither they nor their output are on the page
    assert "checks passed" not in text and "assert " not in text and "save_outputs" not in text
    # readable offline: no script, stylesheet or image loaded from anywhere (images are inline data)
    assert "<script" not in text and "<link" not in text and not re.search(r'src="(?!data:)', text)
    assert not re.search(r">\s*(&lt;NA&gt;|<NA>|nan|None|True|False)\s*<", text)
    # provenance: the commit the page was built from, and the data package's hash
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=paths.PROJECT_ROOT, capture_output=True,
                            text=True).stdout.strip()
    assert commit and commit in text
    assert fingerprint.DataSlices(paths.DATA_DIR).whole in text
    in_grid = next(r for r in grid if r.slug == page["html"].relative_to(reports_dir).with_suffix("").as_posix())
    sidecar = build.read_sidecar(reports_dir, in_grid.slug)
    assert sidecar["title"] == in_grid.title == (
        "Operation Liberterra II: Philippines OCU (Asia and Oceania) (Liberterra II (2024): assumed operational "
        "coordination unit)")


def builder_test_report(tmp_path, mode: str) -> Report:
    template = tmp_path / "builder_test.ipynb"
    if not template.exists():
        shutil.copy(FIXTURE, template)
    return Report("test", str(template), (("mode", mode),), f"test/{mode}", f"Test page ({mode})", "Tests")


def test_a_killed_kernel_fails_its_report_only_and_leaves_no_partial_page(tmp_path, reports_dir):
    reports = [builder_test_report(tmp_path, m) for m in ("ok", "kill", "fail")]
    result = build_reports(reports, reports_dir, jobs=1)
    assert result.built == ["test/ok"]
    failures = dict(result.failures)
    assert set(failures) == {"test/kill", "test/fail"}
    assert "kernel died while running this report, twice" in failures["test/kill"]
    assert failures["test/fail"] == "ValueError: this report fails on purpose"
    left = sorted(p.relative_to(reports_dir).as_posix() for p in reports_dir.rglob("*"))
    assert left == ["test", "test/ok.html", "test/ok.ipynb", "test/ok.json", "test/ok_tables"]


def test_a_kernel_that_dies_once_is_replaced_and_the_report_retried(tmp_path, reports_dir, monkeypatch):
    from analysis.report import worker

    original, calls = worker._execute, []

    def dies_first_time(task, kernel):
        calls.append(task.report.slug)
        if len(calls) == 1:
            kernel.kill()
            time.sleep(0.5)
            raise RuntimeError("Kernel died")
        return original(task, kernel)

    monkeypatch.setattr(worker, "_execute", dies_first_time)
    result = build_reports([builder_test_report(tmp_path, "ok")], reports_dir)
    assert result.built == ["test/ok"] and calls == ["test/ok", "test/ok"]


def test_a_second_build_refuses_while_the_first_holds_the_lock(reports_dir, capsys):
    with build.BuildLock(reports_dir):
        code = cli.main(["build", "--operation", "nawa-2014"])
    assert code == 2
    assert "another build is writing to" in capsys.readouterr().err
    assert sorted(p.name for p in reports_dir.iterdir()) == [".build.lock"]


def kernels_of(reports_dir: Path) -> list[int]:
    """PIDs of running kernels started by a build writing to ``reports_dir`` (kernels inherit
    the build's environment, which names that folder)."""
    marker = f"TRAFFICKING_REPORTS_DIR={reports_dir}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if b"ipykernel" in (proc / "cmdline").read_bytes() and marker in (proc / "environ").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not Path("/proc").exists(), reason="needs /proc to find kernel processes")
def test_ctrl_c_stops_workers_and_kernels_and_the_next_build_carries_on(tmp_path, reports_dir):
    env = dict(os.environ, TRAFFICKING_REPORTS_DIR=str(reports_dir))
    process = subprocess.Popen(
        [sys.executable, "-m", "analysis.report", "build", "--operation", "liberterra-ii-2024", "--jobs", "2"],
        cwd=paths.PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    for line in process.stdout:  # wait until a page is published
        if "] built " in line:
            break
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr[-2000:]
    assert "interrupted" in stderr and "Traceback" not in stderr
    for _ in range(50):  # kernels are killed with their workers
        if not kernels_of(reports_dir):
            break
        time.sleep(0.2)
    assert kernels_of(reports_dir) == []
    assert not (reports_dir / build.STAGING).exists()
    assert not [p for p in reports_dir.rglob("*") if "partial" in p.name]
    published = {p.relative_to(reports_dir).with_suffix("").as_posix() for p in reports_dir.rglob("*.json")}
    assert published and all(build.page_files(reports_dir, slug)["html"].exists() for slug in published)
    grid = [r for r in compute_grid() if r.params.get("operation_id") == "liberterra-ii-2024"
            or r.slug in ("trends/all", "trends/liberterra")]
    plan = build.plan_build(grid, reports_dir, {}, slices=fingerprint.DataSlices(paths.DATA_DIR))
    assert len(plan.tasks) == len(grid) - len(published)  # the next build does only what is left


def test_bad_parameters_are_one_line_errors_with_the_valid_values(reports_dir, capsys):
    for region in (" Africa", "", "Atlantis", "2"):
        code = cli.main(["one", "--operation", "liberterra-ii-2024", "--scheme", "m49-region", "--region", region])
        err = capsys.readouterr().err
        assert code == 2, region
        assert err.startswith("error: ") and "valid values: ['World', 'Africa'" in err and err.count("\n") == 1
    assert cli.main(["build", "--operation", "liberterra-ix-2099"]) == 2
    assert "unknown operation(s) ['liberterra-ix-2099']; valid values" in capsys.readouterr().err
    assert cli.main(["one", "--family", "nonexistent"]) == 2
    err = capsys.readouterr().err
    assert "unknown family 'nonexistent'; valid values: [" in err and "'all'" in err and "'liberterra'" in err


def test_invalid_data_stops_the_build_with_the_file_and_rule(data_copy, reports_dir, capsys, monkeypatch):
    from analysis import load

    text = (data_copy / "figures.csv").read_text(encoding="utf-8")
    (data_copy / "figures.csv").write_text(text.replace(",exact,3222,3222,", ",exact,3222,3300,", 1), encoding="utf-8")
    monkeypatch.setenv("TRAFFICKING_DATA_DIR", str(data_copy))
    load.clear_cache()
    code = cli.main(["one", "--operation", "liberterra-ii-2024", "--scheme", "m49-region", "--region", "Africa"])
    err = capsys.readouterr().err
    assert code == 1
    assert "figures.csv, line" in err and "upper_bound" in err and "Traceback" not in err
    assert not any(reports_dir.rglob("*.html"))


def test_invalid_data_stops_the_full_build_before_any_page(data_copy, reports_dir, capsys, monkeypatch):
    text = (data_copy / "participants.csv").read_text(encoding="utf-8")
    (data_copy / "participants.csv").write_text(text.replace(",ALB,", ",ALBX,", 1), encoding="utf-8")
    monkeypatch.setenv("TRAFFICKING_DATA_DIR", str(data_copy))
    code = cli.main(["build", "--operation", "nawa-2014"])
    err = capsys.readouterr().err
    assert code == 1
    assert "the data package is not valid" in err and "participants.csv, line 2, column 'iso3'" in err
    assert "Traceback" not in err and not any(reports_dir.rglob("*.html"))
