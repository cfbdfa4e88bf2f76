"""Build the reports: run the parameterised notebooks with papermill, export HTML, save CSV.

``python -m analysis.reporting build [--jobs N]`` builds every report of the grid whose
inputs (its template, the data, the ``analysis`` package) changed since it was built, in
one process per worker (so papermill and nbconvert start once per worker, not once per
report), then writes ``reports/index.html``. A report is written to ``*.partial`` files
and moved into place only when complete, so a failure never leaves a finished-looking
output; failures are named and the command exits non-zero.

``python -m analysis.reporting one --operation ID --scheme ID --region NAME`` builds one
regional report. ``refresh-notebooks`` re-executes the committed notebooks in place.
"""

from __future__ import annotations

import argparse
import html
import json
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from analysis import paths

# jsonschema (imported by nbformat) optionally imports rfc3987_syntax, which compiles a
# grammar at import time (about 0.7 s). nbformat's notebook schema uses no IRI format, so the
# build processes skip it: an ImportError for that one optional module, nothing else.
sys.modules.setdefault("rfc3987_syntax", None)

TEMPLATE_DIR = Path(__file__).parent / "templates"
KERNEL = "python3"
KERNEL_LOG = paths.PROJECT_ROOT / "build" / "kernel-stderr.log"
SCHEME_ORDER = ("m49-region", "m49-sub-region", "m49-intermediate-region")


def _scheme_rank(scheme_id: str) -> int:
    """General schemes first, coarse to fine; operation-specific schemes last."""
    return SCHEME_ORDER.index(scheme_id) if scheme_id in SCHEME_ORDER else len(SCHEME_ORDER)


@dataclass(frozen=True)
class Report:
    """One report of the grid: a notebook template and its parameters."""

    kind: str  # "regional", "overview" or "trends"
    template: str  # file name in notebooks/
    parameters: tuple[tuple[str, str], ...]
    slug: str  # output path under reports/, without extension
    title: str
    group: str  # heading in the index
    subgroup: str = ""
    order: tuple = field(default=())

    @property
    def params(self) -> dict[str, str]:
        return dict(self.parameters)


def slugify(text: str) -> str:
    """Lower-case ASCII slug for file names (see :func:`analysis.pages.slugify`)."""
    from analysis.pages import slugify as _slugify

    return _slugify(text)


def report_grid(data_dir=None) -> list[Report]:
    """Every report to build: per operation an overview and, per region scheme, a regional
    breakdown for each region where the operation listed a participant or named a case."""
    from analysis import load, metrics, regions
    from analysis.trends import families

    reports = []
    for family in families(data_dir):
        label = "all operations" if family == "all" else f"the {family} family"
        reports.append(Report("trends", "trends.ipynb", (("family_id", family),), f"trends/{family}",
                              f"Trends across editions: {label}", "Trends across editions",
                              order=(-1, 0, family, "")))
    # Newest first in the index; editions without a start day last.
    operations = load.load_operations(data_dir=data_dir).sort_values(
        ["start_date", "operation_id"], ascending=False, na_position="last")
    for rank, op in enumerate(operations.itertuples()):
        group = f"{op.operation_name} ({op.dates_as_printed})"
        reports.append(Report("overview", "overview.ipynb", (("operation_id", op.operation_id),),
                              f"{op.operation_id}/overview", f"{op.operation_name}: overview", group,
                              order=(rank, -1, "", "")))
        participants = load.load_participants(op.operation_id, data_dir)
        cases = load.load_cases(op.operation_id, data_dir)
        for scheme in regions.list_schemes(op.operation_id, data_dir).itertuples():
            present = set()
            if not participants.empty:
                present |= set(regions.assign_regions(participants, scheme.scheme_id,
                                                      data_dir=data_dir)["region_name"])
            if not cases.empty:
                located = metrics.case_regions(cases, scheme.scheme_id, data_dir)
                present |= set(located["region_name"].dropna()) - {metrics.SPANS_SEVERAL}
            for region in sorted(present):
                params = (("operation_id", op.operation_id), ("scheme", scheme.scheme_id),
                          ("region", region))
                reports.append(Report(
                    "regional", "regional_breakdown.ipynb", params,
                    f"{op.operation_id}/{scheme.scheme_id}/{slugify(region)}",
                    f"{op.operation_name}: {region} ({scheme.label})", group, scheme.label,
                    order=(rank, _scheme_rank(scheme.scheme_id), scheme.scheme_id, region)))
    return reports


def _inputs_mtime(template: Path) -> float:
    files = [template, *paths.DATA_DIR.rglob("*.csv"), paths.DATAPACKAGE_PATH,
             *Path(__file__).parent.rglob("*.py"), *TEMPLATE_DIR.rglob("*")]
    return max(f.stat().st_mtime for f in files if f.is_file())


def is_stale(report: Report) -> bool:
    """True when the report's HTML is missing or older than its template, the data or the code."""
    target = paths.REPORTS_DIR / f"{report.slug}.html"
    if not target.exists():
        return True
    return target.stat().st_mtime < _inputs_mtime(paths.NOTEBOOKS_DIR / report.template)


def _report_tables(report: Report) -> dict:
    """The tables a report shows, to save beside it as CSV."""
    if report.kind == "regional":
        from analysis.regional import regional_view

        p = report.params
        view = regional_view(p["operation_id"], p["scheme"], p["region"])
        return {"tables": view.tables, "summary": _summary(view)}
    if report.kind == "overview":
        from analysis.overview import one_line_summary, overview_tables

        tables = overview_tables(report.params["operation_id"])
        return {"tables": tables, "summary": one_line_summary(report.params["operation_id"], tables)}
    if report.kind == "trends":
        from analysis.trends import one_line_summary, trend_tables

        tables = trend_tables(report.params["family_id"])
        return {"tables": tables, "summary": one_line_summary(report.params["family_id"], tables)}
    raise ValueError(f"unknown report kind {report.kind!r}")


def _count(n: int, noun: str) -> str:
    """'1 edition', '3 editions'."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _summary(view) -> str:
    from analysis.regional import one_line_summary

    return one_line_summary(view)


def _export_html(notebook_path: Path, title: str, csv_links, index_href: str,
                 provenance: dict | None = None) -> str:
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATE_DIR)],
                            exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    # Check cells and the save_outputs cell run in every build but stay off the page.
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={REMOVE_TAG}), enabled=True)
    nb = nbformat.read(notebook_path, as_version=4)
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(
        nb, resources={"csv_links": csv_links, "index_href": index_href, "provenance": provenance})
    return body


REMOVE_TAG = "remove-cell"


def _preview_provenance(report: Report) -> dict:
    """PREVIEW ONLY (the coordinator's builder supplies the real record): the provenance dict
    the page template reads, filled from this checkout."""
    import hashlib
    import subprocess
    from importlib.metadata import version

    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=paths.PROJECT_ROOT, capture_output=True, text=True)
        return result.stdout.strip() if result.returncode == 0 else ""

    digest = hashlib.sha256()
    for path in sorted(p for p in paths.DATA_DIR.rglob("*") if p.is_file()):
        digest.update(path.relative_to(paths.DATA_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    commit = git("rev-parse", "HEAD") or None
    package_version = version("trafficking-operations")
    data_hash = digest.hexdigest()
    return {
        "package": "trafficking-operations", "version": package_version, "commit": commit,
        "commit_short": commit[:12] if commit else None,
        "commit_date": git("show", "-s", "--format=%cs", "HEAD") or None,
        "tree_dirty": bool(git("status", "--porcelain")), "data_hash": data_hash,
        "data_hash_short": data_hash[:12], "parameters": report.params, "page": report.slug,
        "cite": (f"{report.title}. trafficking-operations {package_version}, commit "
                 f"{commit[:12] if commit else 'unknown'}, data sha256 {data_hash[:12]}; page {report.slug}.html."),
    }


def build_one(report: Report) -> tuple[Report, float, str]:
    """Run one report: executed notebook, HTML page, CSV tables and a summary file.

    Writes to ``*.partial`` names first and renames at the end. Returns the report, the
    seconds it took and its one-line summary.
    """
    import papermill

    start = time.perf_counter()
    out = paths.REPORTS_DIR / report.slug
    out.parent.mkdir(parents=True, exist_ok=True)
    partial_nb = out.with_name(out.name + ".partial.ipynb")
    partial_html = out.with_name(out.name + ".partial.html")
    tables_dir = out.with_name(out.name + "_tables")
    try:
        papermill.execute_notebook(
            _with_page_context(paths.NOTEBOOKS_DIR / report.template, report.slug, tables_dir), str(partial_nb),
            parameters=report.params, kernel_name=KERNEL, progress_bar=False,
            cwd=str(paths.NOTEBOOKS_DIR), language="python", request_save_on_cell_execute=False)
        made = _report_tables(report)
        tables_dir.mkdir(exist_ok=True)
        links = []
        for name, frame in made["tables"].items():
            named_index = frame.index.name is not None
            frame.to_csv(tables_dir / f"{name}.csv", index=named_index, lineterminator="\n")
            links.append((name, f"{tables_dir.name}/{name}.csv"))
        depth = report.slug.count("/")
        index_href = "../" * depth + "index.html"
        partial_html.write_text(_export_html(partial_nb, report.title, links, index_href,
                                             _preview_provenance(report)), encoding="utf-8")
        (out.with_suffix(".json")).write_text(
            json.dumps({"title": report.title, "summary": made["summary"]}, ensure_ascii=False),
            encoding="utf-8")
        partial_nb.replace(out.with_suffix(".ipynb"))
        partial_html.replace(out.with_suffix(".html"))
    finally:
        for leftover in (partial_nb, partial_html):
            leftover.unlink(missing_ok=True)
    return report, time.perf_counter() - start, made["summary"]


def _with_page_context(template: Path, slug: str, output_dir: Path):
    """PREVIEW ONLY (the coordinator's warm-kernel builder calls pages.begin_page itself): the
    template with a first cell, tagged remove-cell, that tells analysis.pages which page is being
    built, so relative links (pages.href_to) and save_outputs work as in the real build."""
    import nbformat

    nb = nbformat.read(template, as_version=4)
    cell = nbformat.v4.new_code_cell(
        f"from analysis import pages\npages.begin_page({slug!r}, {str(output_dir)!r})")
    cell.metadata["tags"] = [REMOVE_TAG]
    cell.id = "page-context"
    nb.cells.insert(0, cell)
    return nb


def _quiet_worker() -> None:
    """Send the worker's (and its kernels') stderr to build/kernel-stderr.log, so kernel start-up
    warnings do not drown the progress lines; nothing is lost."""
    import os

    KERNEL_LOG.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(KERNEL_LOG, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 2)
    os.close(fd)


def build(reports: list[Report], jobs: int = 3, force: bool = False) -> list[tuple[Report, str]]:
    """Build the stale reports of ``reports`` with ``jobs`` worker processes.

    Prints progress; returns the failures as (report, error message) pairs.
    """
    todo = [r for r in reports if force or is_stale(r)]
    print(f"{len(reports)} reports in the grid, {len(todo)} to build with {jobs} worker(s)",
          flush=True)
    failures = []
    if not todo:
        return failures
    def record(n: int, report: Report, outcome) -> None:
        if isinstance(outcome, Exception):  # report every failure, keep building the others
            message = str(outcome).strip().splitlines()
            short = message[-1] if message else type(outcome).__name__
            print(f"[{n}/{len(todo)}] FAILED {report.slug}: {short}", file=sys.stderr, flush=True)
            failures.append((report, short))
        else:
            print(f"[{n}/{len(todo)}] built {report.slug} ({outcome[1]:.1f} s)", flush=True)

    if jobs <= 1:  # in this process: no worker start-up for a single report
        for n, report in enumerate(todo, start=1):
            try:
                record(n, report, build_one(report))
            except Exception as error:
                record(n, report, error)
        return failures
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                             initializer=_quiet_worker) as pool:
        futures = {pool.submit(build_one, r): r for r in todo}
        for n, future in enumerate(as_completed(futures), start=1):
            try:
                outcome = future.result()
            except Exception as error:
                outcome = error
            record(n, futures[future], outcome)
    return failures


def write_index(reports: list[Report]) -> Path:
    """Write ``reports/index.html``: every built report of the grid, grouped by operation and
    scheme, with its one-line summary. Offline: plain HTML and inline CSS only."""
    from analysis import load

    ops = load.load_operations().set_index("operation_id")
    lines = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             "<title>Reports: INTERPOL operations against trafficking and smuggling</title>",
             "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;"
             "line-height:1.45;color:#222}h2{border-bottom:1px solid #ccc;margin-top:2em}"
             "h3{font-size:1em;margin-bottom:.3em}li{margin:.15em 0}.note{color:#555}"
             ".caveat{background:#fff8e1;border-left:4px solid #f0b400;padding:.5em 1em}</style>",
             "</head>", "<body>",
             "<h1>INTERPOL-coordinated operations against human trafficking and migrant smuggling</h1>",
             '<p class="caveat"><strong>Read with care.</strong> Figures come from press releases '
             "and news reports; INTERPOL calls its results preliminary. The named cases are examples "
             "chosen by the source, not regional totals. Every figure links to its source in the "
             "report and in <code>data/</code>.</p>"]
    groups: dict[str, list[Report]] = {}
    built = [r for r in reports if (paths.REPORTS_DIR / f"{r.slug}.html").exists()]
    for report in sorted(built, key=lambda r: r.order):
        groups.setdefault(report.group, []).append(report)
    for group, members in groups.items():
        lines.append(f"<h2>{html.escape(group)}</h2>")
        op_id = members[0].params.get("operation_id")
        if op_id is not None and op_id in ops.index:
            status = ops.at[op_id, "results_status"]
            lines.append(f'<p class="note">Coordinator: {html.escape(str(ops.at[op_id, "coordinator"]))}; '
                         f"results status: {html.escape(str(status))}; participant list: "
                         f"{html.escape(str(ops.at[op_id, 'participant_list']))}.</p>")
        subgroup = None
        for report in members:
            if report.subgroup != subgroup:
                if subgroup is not None:
                    lines.append("</ul>")
                subgroup = report.subgroup
                if subgroup:
                    lines.append(f"<h3>Regional breakdowns: {html.escape(subgroup)}</h3>")
                lines.append("<ul>")
            meta_path = paths.REPORTS_DIR / f"{report.slug}.json"
            summary = ""
            if meta_path.exists():
                summary = json.loads(meta_path.read_text(encoding="utf-8"))["summary"]
            label = summary or report.title
            lines.append(f'<li><a href="{html.escape(report.slug)}.html">{html.escape(label)}</a></li>')
        lines.append("</ul>")
    lines += ["</body>", "</html>", ""]
    target = paths.REPORTS_DIR / "index.html"
    partial = target.with_suffix(".html.partial")
    partial.write_text("\n".join(lines), encoding="utf-8")
    partial.replace(target)
    return target


def refresh_notebooks() -> None:
    """Re-execute the committed notebooks in place with their default parameters, dropping
    papermill's run-time metadata (timestamps) so the files only change when outputs do."""
    import nbformat
    import papermill

    for path in sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")):
        print(f"executing {path.name}", flush=True)
        papermill.execute_notebook(str(path), str(path), kernel_name=KERNEL, progress_bar=False,
                                   cwd=str(paths.NOTEBOOKS_DIR))
        nb = nbformat.read(path, as_version=4)
        nb.metadata.pop("papermill", None)
        for cell in nb.cells:
            cell.metadata.pop("papermill", None)
            cell.metadata.pop("execution", None)
            if cell.cell_type == "code":
                for output in cell.get("outputs", []):
                    output.get("metadata", {}).pop("execution", None)
        nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.reporting", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build every stale report and the index")
    b.add_argument("--jobs", type=int, default=3, help="worker processes (default 3)")
    b.add_argument("--force", action="store_true", help="rebuild even up-to-date reports")
    b.add_argument("--operation", action="append", default=None,
                   help="restrict the grid to this operation (repeatable)")
    o = sub.add_parser("one", help="build one regional report")
    o.add_argument("--operation", required=True)
    o.add_argument("--scheme", required=True)
    o.add_argument("--region", required=True)
    sub.add_parser("list", help="print the report grid")
    sub.add_parser("refresh-notebooks", help="re-execute the committed notebooks in place")
    args = parser.parse_args(argv)

    if args.command == "refresh-notebooks":
        refresh_notebooks()
        return 0
    if args.command == "one":
        return _main_one(args.operation, args.scheme, args.region)
    grid = report_grid()
    if args.command == "list":
        for report in grid:
            print(report.slug)
        return 0
    todo = grid
    if args.operation:
        known = {r.params["operation_id"] for r in grid if "operation_id" in r.params}
        unknown = sorted(set(args.operation) - known)
        if unknown:
            print(f"error: unknown operation(s) {unknown}; valid values: {sorted(known)}",
                  file=sys.stderr)
            return 2
        todo = [r for r in grid if r.params.get("operation_id") in args.operation]
    failures = build(todo, jobs=args.jobs, force=args.force)
    index = write_index(grid)
    if failures:
        print(f"{len(failures)} report(s) failed:", file=sys.stderr)
        for report, message in failures:
            print(f"  {report.slug}: {message}", file=sys.stderr)
        return 1
    print(f"index: {index}")
    return 0


def _main_one(operation_id: str, scheme: str, region: str) -> int:
    """Build one regional report in this process (the index is left to ``build``)."""
    from analysis.load import load_operations
    from analysis.regional import check_parameters

    try:
        check_parameters(operation_id, scheme, region)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    name = load_operations(operation_id).iloc[0]["operation_name"]
    params = (("operation_id", operation_id), ("scheme", scheme), ("region", region))
    report = Report("regional", "regional_breakdown.ipynb", params,
                    f"{operation_id}/{scheme}/{slugify(region)}", f"{name}: {region} ({scheme})", name)
    failures = build([report], jobs=1, force=True)
    if failures:
        return 1
    print(f"wrote {paths.REPORTS_DIR / report.slug}.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
