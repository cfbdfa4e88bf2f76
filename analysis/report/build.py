"""Build the stale reports: decide what to build, run it on an executor, publish the pages.

- **What to build.** A report is rebuilt only when its fingerprint (see
  :mod:`analysis.report.fingerprint`) differs from the one in its ``.json`` sidecar, or a
  file of the page is missing. The reasons are printed, e.g.
  ``12 reports to build (data of nawa-2014 changed)``.
- **Executors.** :class:`LocalExecutor` runs reports in this process with one kernel (used
  for a single report); :class:`ProcessExecutor` runs them on worker processes, each keeping
  one kernel warm. Both have the same small interface (``run(tasks)`` yielding outcomes as
  they finish, and ``stop()``), so a Dask or Ray executor could replace the process pool
  if grids ever reach thousands of reports.
- **Publishing.** Only this process writes into ``reports/``: a finished page's files are
  moved from its staging folder, the sidecar last (it marks the page as complete).
- **Faults.** A failed report is named and the others go on. A kernel that dies is replaced
  and its report retried once. Ctrl-C (SIGINT) or SIGTERM stops the workers and their
  kernels, and removes every staging folder; what was published stays, so the next build
  carries on. A lock on ``reports/.build.lock`` keeps two builds from writing at once: the
  second refuses with a clear message.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from analysis.package import paths
from analysis.report import fingerprint as fp
from analysis.report.grid import Report
from analysis.report.worker import Outcome, Task

STAGING = ".staging"
LOCK_FILE = ".build.lock"
LOG_DIR = paths.PROJECT_ROOT / "build" / "logs"


class BuildLockedError(RuntimeError):
    """Another build holds the lock on the reports folder."""


class BuildLock:
    """An exclusive, non-blocking lock on ``reports/`` (released when the process ends,
    however it ends)."""

    def __init__(self, reports_dir: Path):
        self.path = reports_dir / LOCK_FILE
        self.handle = None

    def __enter__(self) -> BuildLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+")  # noqa: SIM115 - held until __exit__
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise BuildLockedError(
                f"another build is writing to {self.path.parent} ({holder}); wait for it to finish, "
                f"or stop it, then run the build again") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        self.handle = handle
        return self

    def __exit__(self, *exc) -> None:
        if self.handle is not None:
            self.handle.seek(0)
            self.handle.truncate()
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


def page_files(reports_dir: Path, slug: str) -> dict[str, Path]:
    """The files of a published page."""
    base = reports_dir / slug
    return {"html": base.with_name(base.name + ".html"), "ipynb": base.with_name(base.name + ".ipynb"),
            "json": base.with_name(base.name + ".json"), "tables": base.with_name(base.name + "_tables")}


def read_sidecar(reports_dir: Path, slug: str) -> dict | None:
    """The sidecar of a published page, or None when the page is missing or incomplete."""
    files = page_files(reports_dir, slug)
    if not files["html"].exists() or not files["json"].exists():
        return None
    try:
        return json.loads(files["json"].read_text(encoding="utf-8"))
    except ValueError:
        return None


@dataclass
class Plan:
    """What a build will do: the tasks and the reasons for each."""

    tasks: list[Task] = field(default_factory=list)
    reasons: dict[str, list[str]] = field(default_factory=dict)
    up_to_date: int = 0

    def describe(self) -> str:
        """'12 report(s) to build (data of nawa-2014 changed); 252 up to date'. A reason that
        applies to every report is given without a count; at most four reasons are named."""
        if not self.tasks:
            return f"nothing to build: {self.up_to_date} report(s) up to date"
        counts = Counter(reason for reasons in self.reasons.values() for reason in reasons)
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        why = [reason if n == len(self.tasks) else f"{reason}: {n}" for reason, n in ordered[:4]]
        if len(ordered) > 4:
            why.append(f"{len(ordered) - 4} other reason(s); --dry-run lists them")
        return f"{len(self.tasks)} report(s) to build ({'; '.join(why)}); {self.up_to_date} up to date"


def plan_build(reports: list[Report], reports_dir: Path, build_provenance: dict, force: bool = False,
               slices: fp.DataSlices | None = None, code: str | None = None) -> Plan:
    """Compare each report's fingerprint with its published sidecar."""
    slices = slices or fp.DataSlices(paths.DATA_DIR)
    code = code or fp.code_digest()
    plan = Plan()
    staging = reports_dir / STAGING
    for n, report in enumerate(reports):
        inputs = fp.report_inputs(report.template_path, report.params, report.data_scope, slices, code)
        old = read_sidecar(reports_dir, report.slug)
        if force:
            reasons = ["forced"]
        elif old is None:
            reasons = ["new page"]
        elif old.get("fingerprint") == inputs.fingerprint and page_files(reports_dir, report.slug)["tables"].exists():
            plan.up_to_date += 1
            continue
        else:
            reasons = fp.change_reasons(old.get("inputs"), inputs, report.template) or ["output format changed"]
        plan.reasons[report.slug] = reasons
        plan.tasks.append(Task(report, inputs.as_dict(), inputs.fingerprint, build_provenance,
                               str(staging / f"{n:05d}")))
    return plan


def publish(outcome: Outcome, task: Task, reports_dir: Path) -> None:
    """Move a finished page from its staging folder into ``reports/``, the sidecar last."""
    staging = Path(task.staging)
    files = page_files(reports_dir, task.report.slug)
    files["html"].parent.mkdir(parents=True, exist_ok=True)
    files["json"].unlink(missing_ok=True)  # the page is incomplete until the new sidecar is in place
    if files["tables"].exists():
        shutil.rmtree(files["tables"])
    (staging / "tables").replace(files["tables"])
    (staging / "page.ipynb").replace(files["ipynb"])
    (staging / "page.html").replace(files["html"])
    (staging / "page.json").replace(files["json"])
    shutil.rmtree(staging, ignore_errors=True)


def remove_page(reports_dir: Path, slug: str) -> None:
    """Delete a published page that is no longer in the grid."""
    for path in page_files(reports_dir, slug).values():
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def published_slugs(reports_dir: Path) -> set[str]:
    """Slugs of every page with a sidecar under ``reports/`` (the index excluded)."""
    found = set()
    for sidecar in reports_dir.rglob("*.json"):
        relative = sidecar.relative_to(reports_dir)
        if relative.parts[0].startswith(".") or any(p.endswith("_tables") for p in relative.parts[:-1]):
            continue
        found.add(relative.with_suffix("").as_posix())
    return found


# --------------------------------------------------------------------------- executors


class LocalExecutor:
    """Runs the reports one after another in this process, in one kernel."""

    def __init__(self, fresh: bool = False):
        from analysis.report.worker import KernelSlot

        self.slot = KernelSlot(LOG_DIR / "kernel-local.log", fresh=fresh)

    def run(self, tasks: list[Task]) -> Iterator[tuple[Task, Outcome]]:
        from analysis.report.worker import build_page

        for task in tasks:
            yield task, build_page(task, self.slot)

    def stop(self) -> None:
        self.slot.discard()


def _worker_main(task_queue, result_queue, fresh: bool, worker_no: int) -> None:
    """A worker process: one kernel, many reports, until told to stop (``None``) or signalled."""
    from analysis.report.worker import KernelSlot, build_page, preload

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides when to stop

    slot = KernelSlot(LOG_DIR / f"kernel-worker-{worker_no}.log", fresh=fresh)
    slot.on_start = lambda kernel: result_queue.put(("kernel", worker_no, kernel.pid))

    def on_term(signum, frame):
        if slot.kernel is not None:
            slot.kernel.kill()
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_term)
    log = open(LOG_DIR / f"worker-{worker_no}.log", "a", encoding="utf-8")  # noqa: SIM115
    os.dup2(log.fileno(), 2)  # library warnings go to the log, not over the progress lines
    try:
        slot.prelaunch()  # the kernel boots and warms up while this process imports papermill
        preload()
        while True:
            item = task_queue.get()
            if item is None:
                break
            n, task = item
            result_queue.put(("done", n, build_page(task, slot)))
    finally:
        slot.discard()


class ProcessExecutor:
    """Runs reports on ``jobs`` worker processes, each keeping one kernel (see module doc)."""

    def __init__(self, jobs: int, fresh: bool = False):
        self.jobs = jobs
        self.fresh = fresh
        self.processes = []
        self.queues = ()
        self.kernel_pids: dict[int, int] = {}

    def run(self, tasks: list[Task]) -> Iterator[tuple[Task, Outcome]]:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        task_queue, result_queue = context.Queue(), context.Queue()
        self.queues = (task_queue, result_queue)
        for item in enumerate(tasks):
            task_queue.put(item)
        workers = min(self.jobs, len(tasks))
        for _ in range(workers):
            task_queue.put(None)
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        self.processes = [context.Process(target=_worker_main, args=(task_queue, result_queue, self.fresh, w),
                                          daemon=True) for w in range(workers)]
        for process in self.processes:
            process.start()
        remaining = len(tasks)
        while remaining:
            try:
                message = result_queue.get(timeout=1.0)
            except Exception:  # noqa: BLE001 - queue.Empty: check that workers are alive
                if not any(p.is_alive() for p in self.processes):
                    raise RuntimeError("every build worker exited before finishing its reports "
                                       f"(see {LOG_DIR}/worker-*.log)") from None
                continue
            if message[0] == "kernel":
                self.kernel_pids[message[1]] = message[2]
                continue
            _, n, outcome = message
            remaining -= 1
            yield tasks[n], outcome
        for process in self.processes:
            process.join(timeout=30)

    def stop(self) -> None:
        """Stop the workers and their kernels now (SIGTERM, then SIGKILL after a grace time)."""
        for process in self.processes:
            if process.is_alive():
                process.terminate()
        deadline = time.monotonic() + 10
        for process in self.processes:
            process.join(timeout=max(0.1, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(timeout=5)
        for pid in self.kernel_pids.values():  # a worker that died hard leaves its kernel
            try:
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        for queue in self.queues:  # tasks nobody will read must not block the exit
            queue.cancel_join_thread()
            queue.close()


# --------------------------------------------------------------------------- the build


@dataclass
class Result:
    built: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    interrupted: bool = False


class _Interrupts:
    """SIGINT and SIGTERM as KeyboardInterrupt, deferred while a page is being published
    (moving its files), so an interrupt never leaves half a page."""

    def __init__(self):
        self.publishing = False
        self.pending = False

    def __call__(self, signum, frame):
        if self.publishing:
            self.pending = True
        else:
            raise KeyboardInterrupt

    def publish(self, outcome, task, reports_dir) -> None:
        self.publishing = True
        try:
            publish(outcome, task, reports_dir)
        finally:
            self.publishing = False
        if self.pending:
            raise KeyboardInterrupt


def run_plan(plan: Plan, reports_dir: Path, jobs: int, fresh: bool = False, verbose: bool = True,
             executor=None) -> Result:
    """Build the planned reports; publish each as it finishes. Stops cleanly on Ctrl-C or
    SIGTERM (``Result.interrupted``). ``executor`` defaults to a local one for a single job or
    report, else a process pool of ``jobs`` workers."""
    result = Result()
    if not plan.tasks:
        return result
    staging = reports_dir / STAGING
    if executor is None:
        executor = LocalExecutor(fresh) if jobs <= 1 or len(plan.tasks) == 1 else ProcessExecutor(jobs, fresh)
    interrupts = _Interrupts()
    previous = {sig: signal.signal(sig, interrupts) for sig in (signal.SIGINT, signal.SIGTERM)}
    total = len(plan.tasks)
    try:
        for n, (task, outcome) in enumerate(executor.run(plan.tasks), start=1):
            if outcome.kernel_stderr.strip():
                print(f"kernel messages while building {task.report.slug}:\n  "
                      + outcome.kernel_stderr.strip().replace("\n", "\n  "), file=sys.stderr, flush=True)
            if outcome.ok:
                interrupts.publish(outcome, task, reports_dir)
                result.built.append(task.report.slug)
                if verbose:
                    retried = " after a kernel restart" if outcome.attempts > 1 else ""
                    print(f"[{n}/{total}] built {task.report.slug} ({outcome.seconds:.1f} s{retried})", flush=True)
            else:
                shutil.rmtree(task.staging, ignore_errors=True)
                result.failures.append((task.report.slug, outcome.message))
                print(f"[{n}/{total}] FAILED {task.report.slug}: {outcome.message}", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        result.interrupted = True
        print(f"\ninterrupted: stopping the workers; {len(result.built)} of {total} report(s) were published "
              "and are kept; run the build again to carry on", file=sys.stderr, flush=True)
    finally:
        executor.stop()
        shutil.rmtree(staging, ignore_errors=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return result
