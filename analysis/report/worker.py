"""Run one report in a kernel and leave its files in a staging folder.

A page's files are written to a private staging folder: the executed notebook
(``page.ipynb``), the HTML page (``page.html``), its tables as CSV (``tables/``, written by
the notebook itself through :func:`analysis.pages.save_outputs`) and the sidecar
(``page.json``: title, summary, fingerprint and its inputs, provenance). The build's main
process moves them into ``reports/`` only when all are there, so a failed or interrupted
report never leaves a finished-looking page.

If the kernel dies while running a report, the report is retried once on a fresh kernel;
if it dies again the report fails with that message.
"""

from __future__ import annotations

import copy
import json
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from analysis import pages
from analysis.report.grid import Report
from analysis.report.kernel import Kernel, KernelError
from analysis.report.provenance import page_provenance

EXECUTION_TIMEOUT = 600  # seconds per cell: a hung kernel fails its report, not the build


@dataclass
class Task:
    """What a worker needs to build one page."""

    report: Report
    inputs: dict[str, str]
    fingerprint: str
    build_provenance: dict
    staging: str  # folder for this page's files


@dataclass
class Outcome:
    """How a report went. ``message`` says why it failed (one paragraph, no stack trace)."""

    slug: str
    ok: bool
    seconds: float
    message: str = ""
    summary: str = ""
    tables: list[str] = field(default_factory=list)
    kernel_stderr: str = ""
    attempts: int = 1


class KernelSlot:
    """The kernel of a worker: one kept warm across reports (the default), or a fresh one
    per report (``fresh=True``, for comparison and for when state must not carry over)."""

    def __init__(self, log_path: Path, fresh: bool = False):
        self.log_path = log_path
        self.fresh = fresh
        self.kernel: Kernel | None = None
        self.on_start = None  # callback(kernel) after a start, e.g. to report its pid

    def prelaunch(self) -> None:
        """Start the kernel's process now, so that it boots (and warms up) while the caller
        does other work; :meth:`get` then only waits for it."""
        if self.kernel is None:
            self.kernel = Kernel(self.log_path).launch(warm=not self.fresh)

    def get(self) -> Kernel:
        if self.kernel is not None and self.kernel.kc is None:  # prelaunched: connect, or start over
            try:
                self.kernel.connect()
            except Exception:  # noqa: BLE001 - a failed early start is retried the usual way
                self.discard()
        if self.kernel is None or not self.kernel.is_alive():
            self.discard()
            self.kernel = Kernel(self.log_path).start(warm=not self.fresh)
            if self.on_start is not None:
                self.on_start(self.kernel)
        return self.kernel

    def check(self, module: str, function: str, *args: str) -> KernelError | None:
        """Call ``module.function(*args)`` (plain strings) in the kernel; the error it raised,
        or None. Used to check parameters where pandas and the data are already loaded."""
        call = ", ".join(repr(str(a)) for a in args)
        try:
            self.get().run(f"__import__({module!r}, fromlist=['_']).{function}({call})")
        except KernelError as error:
            return error
        return None

    def release(self) -> None:
        if self.fresh:
            self.discard()

    def discard(self) -> None:
        if self.kernel is not None:
            self.kernel.shutdown()
            self.kernel = None


def preload() -> None:
    """Import papermill, set up the HTML exporter, compile its templates (by exporting an empty
    notebook) and read the notebook templates now (about 0.8 s), e.g. while a prelaunched
    kernel boots, instead of on the first report."""
    import nbformat

    from analysis.package import paths
    from analysis.report import engine, html

    engine.register()
    html.notebook_to_html(nbformat.v4.new_notebook(), "", {"index_href": "", "csv_links": [], "provenance": {}})
    for path in sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")):
        _template(path)


@cache
def _template(path: Path):
    import nbformat

    return nbformat.read(path, as_version=4)


def _strip_run_metadata(nb) -> None:
    """Remove what differs between two runs of the same notebook (timings, absolute paths)."""
    meta = nb.metadata.get("papermill", {})
    for key in ("start_time", "end_time", "duration", "input_path", "output_path", "environment_variables"):
        meta.pop(key, None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)


def _execute(task: Task, kernel: Kernel) -> Outcome:
    import papermill

    from analysis.report import engine, html

    engine.register()
    report, staging = task.report, Path(task.staging)
    tables_dir = staging / "tables"
    start = time.perf_counter()
    nb = papermill.execute_notebook(
        copy.deepcopy(_template(report.template_path)), None, parameters=report.params,
        engine_name=engine.ENGINE_NAME, kernel_name="python3", progress_bar=False,
        request_save_on_cell_execute=False, kernel=kernel, page_slug=report.slug,
        page_output_dir=str(tables_dir), execution_timeout=EXECUTION_TIMEOUT)
    summary_path = tables_dir / pages.SUMMARY_FILE
    if not summary_path.exists():
        return Outcome(report.slug, False, time.perf_counter() - start,
                       f"{report.template} did not call analysis.pages.save_outputs(tables, summary)")
    saved = json.loads(summary_path.read_text(encoding="utf-8"))
    summary_path.unlink()
    _strip_run_metadata(nb)
    depth = report.slug.count("/")
    csv_links = [(name, f"{Path(report.slug).name}_tables/{name}.csv") for name in saved["tables"]]
    provenance = page_provenance(task.build_provenance, report.slug, report.title, report.params)
    resources = {"index_href": "../" * depth + "index.html", "csv_links": csv_links, "provenance": provenance}
    page = html.notebook_to_html(nb, report.title, resources)
    import nbformat

    (staging / "page.ipynb").write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    (staging / "page.html").write_text(page, encoding="utf-8")
    sidecar = {"slug": report.slug, "kind": report.kind, "title": report.title,
               "summary": saved["summary"], "tables": saved["tables"], "parameters": report.params,
               "fingerprint": task.fingerprint, "inputs": task.inputs, "provenance": provenance}
    (staging / "page.json").write_text(json.dumps(sidecar, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                       encoding="utf-8")
    return Outcome(report.slug, True, time.perf_counter() - start, summary=saved["summary"],
                   tables=saved["tables"])


def _failure_message(error: BaseException) -> str:
    """One paragraph: for a failing cell, the exception's name and message (a data error
    lists file, line, column and rule), without the stack trace."""
    ename, evalue = getattr(error, "ename", None), getattr(error, "evalue", None)
    if ename is not None:
        return f"{ename}: {evalue}"
    text = str(error).strip() or type(error).__name__
    return f"{type(error).__name__}: {text}" if type(error).__name__ not in text else text


def build_page(task: Task, slot: KernelSlot) -> Outcome:
    """Build one page in the slot's kernel; retry once on a fresh kernel if the kernel dies."""
    import shutil

    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    for attempt in (1, 2):
        shutil.rmtree(task.staging, ignore_errors=True)
        Path(task.staging).mkdir(parents=True)
        try:
            kernel = slot.get()
        except KernelError as error:
            return Outcome(task.report.slug, False, time.perf_counter() - start, str(error), attempts=attempt)
        try:
            outcome = _execute(task, kernel)
        except PapermillExecutionError as error:
            outcome = Outcome(task.report.slug, False, 0.0, _failure_message(error))
        except Exception as error:  # noqa: BLE001 - a dead kernel is retried; anything else is reported
            if kernel.is_alive():
                outcome = Outcome(task.report.slug, False, 0.0, _failure_message(error))
            else:
                stderr = kernel.new_stderr()
                slot.discard()
                if attempt == 1:
                    continue
                return Outcome(task.report.slug, False, time.perf_counter() - start,
                               "the kernel died while running this report, twice (once on a fresh kernel): "
                               f"{_failure_message(error)}", kernel_stderr=stderr, attempts=attempt)
        outcome.kernel_stderr = kernel.new_stderr() if slot.kernel is kernel else ""
        outcome.attempts = attempt
        outcome.seconds = time.perf_counter() - start
        slot.release()
        return outcome
    raise AssertionError("unreachable")  # pragma: no cover
