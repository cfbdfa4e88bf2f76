"""Faults of the builder's processes (issue 18, classes 2 and 6): ``kill -9`` of the builder
mid-build leaves no worker and no kernel running, tasks go out one at a time, and the lock
file is never a way to truncate another file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.package import paths
from analysis.report import build, cli

pytestmark = pytest.mark.notebook


def processes_of(reports_dir: Path) -> dict[int, str]:
    """pid -> command line of every live process started by a build writing to
    ``reports_dir`` (workers and kernels inherit its environment, which names that folder)."""
    marker = f"TRAFFICKING_REPORTS_DIR={reports_dir}".encode()
    found = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if marker not in (proc / "environ").read_bytes():
                continue
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            if state != "Z":  # a zombie is already dead
                found[int(proc.name)] = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()[:200]
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc").exists(), reason="needs /proc to find the build's processes")
def test_kill_9_of_the_builder_leaves_no_worker_or_kernel(tmp_path):
    reports_dir = tmp_path / "reports"
    env = dict(os.environ, TRAFFICKING_REPORTS_DIR=str(reports_dir))
    process = subprocess.Popen(
        [sys.executable, "-m", "analysis.report", "build", "--operation", "nawa-2014", "--jobs", "2"],
        cwd=paths.PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        planned = process.stdout.readline()
        assert "report(s) to build" in planned, planned
        assert int(planned.split()[0]) >= 3  # a build with work left when it is killed
        for _ in range(600):  # both workers and their kernels running
            kernels = [pid for pid, cmd in processes_of(reports_dir).items() if "ipykernel" in cmd]
            if len(kernels) >= 2:
                break
            time.sleep(0.1)
        assert len(kernels) >= 2, processes_of(reports_dir)
        before = processes_of(reports_dir)
        assert len(before) >= 5  # the builder, two workers, two kernels
    finally:
        process.kill()
        process.wait(timeout=30)
    left = processes_of(reports_dir)
    for _ in range(150):
        if not left:
            break
        time.sleep(0.2)
        left = processes_of(reports_dir)
    for pid in left:  # do not leave them to other tests
        os.kill(pid, signal.SIGKILL)
    assert left == {}, f"still running after the builder was killed: {left}"


def test_tasks_go_out_one_at_a_time(monkeypatch):
    """The main process never queues more reports than there are idle workers."""
    import multiprocessing

    puts = []

    class Recording:
        def __init__(self, real):
            self.real = real

        def put(self, item):
            puts.append(item)
            self.real.put(item)

        def __getattr__(self, name):
            return getattr(self.real, name)

    context = multiprocessing.get_context("spawn")
    real_get_context = multiprocessing.get_context
    queues = []

    class Context:
        def Queue(self):  # noqa: N802 - the multiprocessing name
            queue = Recording(context.Queue())
            queues.append(queue)
            return queue

        def Process(self, target, args, daemon):  # noqa: N802
            return FakeWorker(args)

    class FakeWorker:
        """Takes one task at a time from the task queue and answers at once."""

        def __init__(self, args):
            self.task_queue, self.result_queue, _, self.worker_no, _ = args

        def start(self):
            import threading

            threading.Thread(target=self.loop, daemon=True).start()

        def loop(self):
            while (item := self.task_queue.real.get()) is not None:
                n, task = item
                self.result_queue.real.put(("start", n, self.worker_no))
                time.sleep(0.05)
                self.result_queue.real.put(("done", n, self.worker_no,
                                            build.Outcome(task.report.slug, True, 0.0)))

        def is_alive(self):
            return True

        def join(self, timeout=None):
            pass

    monkeypatch.setattr(multiprocessing, "get_context", lambda kind: Context() if kind == "spawn"
                        else real_get_context(kind))
    from analysis.report.grid import Report

    tasks = [build.Task(Report("test", "x.ipynb", (), f"t/{n}", "T", "G"), {}, "", {}, f"/nonexistent/{n}")
             for n in range(7)]
    executor = build.ProcessExecutor(jobs=2)
    done = []
    for task, outcome in executor.run(tasks):
        done.append(task.report.slug)
        queued = [item for item in puts if item is not None]
        assert len(queued) <= len(done) + 2  # at most one waiting report per worker
    assert sorted(done) == sorted(t.report.slug for t in tasks)
    assert puts.count(None) == 2


def test_a_lock_file_that_is_a_link_truncates_nothing(tmp_path, capsys, monkeypatch):
    reports_dir = tmp_path / "reports"
    reports_dir.mkdir()
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (reports_dir / build.LOCK_FILE).symlink_to(victim)
    with pytest.raises(build.BuildLockedError, match="is a symbolic link; remove it"):
        build.BuildLock(reports_dir).__enter__()
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    monkeypatch.setattr(paths, "REPORTS_DIR", reports_dir)
    assert cli.main(["build", "--operation", "nawa-2014"]) == 2
    assert ".build.lock is a symbolic link" in capsys.readouterr().err
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    (reports_dir / build.LOCK_FILE).unlink()
    (reports_dir / build.LOCK_FILE).mkdir()
    with pytest.raises(build.BuildLockedError, match="not usable|not a regular file"):
        build.BuildLock(reports_dir).__enter__()
