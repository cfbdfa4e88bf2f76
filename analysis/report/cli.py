"""Command line of the report builder: ``python -m analysis.report`` (``make reports``).

    build [--jobs N] [--operation ID]... [--family ID]... [--dry-run] [--fresh-kernels] [--force]
        Build every report whose fingerprint changed (see analysis.report.fingerprint), then
        write reports/index.html. --operation and --family restrict the build to their pages
        and the trends pages that contain them. --dry-run prints what would be built and why.
    one --operation ID [--scheme ID --region NAME]  |  one --family ID  |  one --country ISO3_OR_NAME
        Build one page (a regional breakdown, an overview, a family's trends, or the profile of
        a country or territory in the data, given by ISO3 code or by name) now.
    list
        Print the grid: one slug per line.
    refresh-notebooks [NAME]...
        Re-execute the committed notebooks; rewrite only those whose outputs changed.

Exit status: 0 on success, 1 when a report failed or the data is invalid, 2 for bad
arguments or when another build holds the lock on reports/, 130 when interrupted.
"""

from __future__ import annotations

import argparse
import sys
import time

from analysis.package import paths
from analysis.report import datacheck
from analysis.report import fingerprint as fp


def _grid(slices: fp.DataSlices, code: str):
    from analysis.report.grid import report_grid

    return report_grid(fp.digest_bytes(slices.whole.encode(), code.encode()))


def _checked_grid(slices: fp.DataSlices, code: str):
    """(the grid, None), or (None, a one-line error) when the pages cannot be planned from a
    package that passed the validator (a rule the validator lacks: a bug to report)."""
    from analysis.package.errors import DataValidationError

    try:
        return _grid(slices, code), None
    except DataValidationError as error:
        return None, f"error: the data package is not valid, no report was built:\n{error}"
    except Exception as error:  # noqa: BLE001 - no traceback for what the data can cause
        text = " ".join(str(error).split())[:400]
        return None, (f"error: the pages could not be planned from the data, no report was built: "
                      f"{type(error).__name__}: {text} (the validator accepted the package: please report this)")


def _select(grid, operations: list[str] | None, families: list[str] | None):
    """The reports of the given operations or families, plus the trends pages containing
    them; ``(None, message)`` for an unknown id."""
    if not operations and not families:
        return grid, None
    import csv

    with open(paths.default_data_dir() / "operations.csv", encoding="utf-8-sig", newline="") as handle:
        family_of = {row["operation_id"]: row["family_id"] for row in csv.DictReader(handle)}
    unknown_ops = sorted(set(operations or []) - set(family_of))
    if unknown_ops:
        return None, f"unknown operation(s) {unknown_ops}; valid values: {sorted(family_of)}"
    valid_families = sorted(set(family_of.values()) | {"all"})
    unknown_families = sorted(set(families or []) - set(valid_families))
    if unknown_families:
        return None, f"unknown family(ies) {unknown_families}; valid values: {valid_families}"
    wanted = set(operations or []) | {op for op, fam in family_of.items() if fam in set(families or [])}
    chosen = []
    for report in grid:
        scope = set(report.data_scope[1:]) if report.data_scope[0] == "operations" else set()
        if report.kind == "trends":
            if report.params["family_id"] in set(families or []) or scope & wanted:
                chosen.append(report)
        elif report.params.get("operation_id") in wanted:
            chosen.append(report)
    return chosen, None


def _build(args) -> int:
    from analysis.report import build, index
    from analysis.report.provenance import build_provenance

    start = time.perf_counter()
    code = fp.code_digest()
    problem = datacheck.report_problem(paths.default_data_dir(), code)  # the whole package, before any planning
    if problem:
        print(problem, file=sys.stderr)
        return 1
    slices = fp.DataSlices(paths.default_data_dir())
    grid, problem = _checked_grid(slices, code)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    selected, problem = _select(grid, args.operation, args.family)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    provenance = build_provenance(slices.whole)
    reports_dir = paths.REPORTS_DIR
    if args.dry_run:
        plan = build.plan_build(selected, reports_dir, provenance, args.force, slices, code)
        print(plan.describe())
        for task in plan.tasks:
            print(f"  {task.report.slug}: {'; '.join(plan.reasons[task.report.slug])}")
        return 0
    try:
        with build.BuildLock(reports_dir):
            plan = build.plan_build(selected, reports_dir, provenance, args.force, slices, code)
            print(plan.describe(), flush=True)
            result = build.run_plan(plan, reports_dir, args.jobs, fresh=args.fresh_kernels)
            if result.interrupted:
                return 130
            if selected is grid:  # a full build: pages no longer in the grid go
                gone = sorted(build.published_slugs(reports_dir) - {r.slug for r in grid})
                for slug in gone:
                    build.remove_page(reports_dir, slug)
                if gone:
                    print(f"removed {len(gone)} page(s) no longer in the grid: {', '.join(gone)}")
            target, written = index.write_index(grid, reports_dir, provenance=provenance)
    except build.BuildLockedError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if result.failures:
        print(f"{len(result.failures)} report(s) failed:", file=sys.stderr)
        for slug, message in result.failures:
            print(f"  {slug}: {message}", file=sys.stderr)
        return 1
    if plan.tasks or written:
        print(f"index: {target} ({time.perf_counter() - start:.1f} s)")
    return 0


def _one(args) -> int:
    """Build one page in this process, whatever its fingerprint says."""
    import csv

    from analysis.report import build

    def rows(name: str) -> list[dict[str, str]]:
        with open(paths.default_data_dir() / name, encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))

    problem = datacheck.report_problem(paths.default_data_dir(), fp.code_digest())  # before any kernel starts
    if problem:
        print(problem, file=sys.stderr)
        return 1
    # The kernel boots and warms up while the parameters are checked and the libraries load.
    executor = build.LocalExecutor()
    executor.slot.prelaunch()
    try:
        return _one_page(args, rows, executor)
    finally:
        executor.stop()


def _one_page(args, rows, executor) -> int:
    from analysis.report import build, worker
    from analysis.report.grid import overview_report, regional_report, trends_report
    from analysis.report.provenance import build_provenance

    if args.country is not None:
        if args.operation is not None or args.scheme is not None or args.region is not None or args.family:
            print("error: give --country alone", file=sys.stderr)
            return 2
        report, problem = _country_report(args.country)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 1 if problem.startswith("the data package") else 2
    elif args.family:
        if args.operation is not None or args.scheme is not None or args.region is not None:
            print("error: give either --family, or --operation (with --scheme and --region)", file=sys.stderr)
            return 2
        members = [r["operation_id"] for r in rows("operations.csv") if r["family_id"] == args.family]
        if args.family != "all" and not members:
            families = sorted({r["family_id"] for r in rows("operations.csv")} | {"all"})
            print(f"error: unknown family {args.family!r}; valid values: {families}", file=sys.stderr)
            return 2
        if args.family == "all":
            members = [r["operation_id"] for r in rows("operations.csv")]
        report = trends_report(args.family, members)
    else:
        operations = {r["operation_id"]: r for r in rows("operations.csv")}
        if (args.scheme is None) != (args.region is None):
            print("error: give both --scheme and --region for a regional page, or neither for the overview",
                  file=sys.stderr)
            return 2
        if args.operation not in operations:
            print(f"error: unknown operation_id {args.operation!r}; valid values: {sorted(operations)}",
                  file=sys.stderr)
            return 2
        op = operations[args.operation]
        if args.scheme is not None:
            worker.preload()  # while the kernel boots
            # Checked in the kernel, where pandas and the data are loaded anyway.
            problem = executor.slot.check("analysis.views.regional", "check_parameters", args.operation, args.scheme,
                                          args.region)
            if problem is not None:
                print(f"error: {problem.evalue}", file=sys.stderr)
                return 1 if problem.ename == "DataValidationError" else 2
            scheme = {r["scheme_id"]: r for r in rows("reference/region_schemes.csv")}[args.scheme]
            report = regional_report(args.operation, op["operation_name"], args.scheme, scheme["label"],
                                     args.region, "", scheme_order=int(scheme["order"]))
        else:
            report = overview_report(args.operation, op["operation_name"], "")
    worker.preload()
    slices, code = fp.DataSlices(paths.default_data_dir()), fp.code_digest()
    reports_dir = paths.REPORTS_DIR
    try:
        with build.BuildLock(reports_dir):
            plan = build.plan_build([report], reports_dir, build_provenance(slices.whole), True, slices, code)
            result = build.run_plan(plan, reports_dir, jobs=1, verbose=False, executor=executor)
    except build.BuildLockedError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if result.interrupted:
        return 130
    if result.failures:
        return 1
    print(f"wrote {reports_dir / report.slug}.html")
    return 0


def _country_report(query: str):
    """(the profile report of the country ``query`` names, None) or (None, a one-line problem)."""
    from analysis.package.errors import DataValidationError
    from analysis.places.countries import CountryError
    from analysis.report.grid import country_report

    try:
        from analysis.checks import loaders as load
        from analysis.views import country

        iso3 = country.resolve_profile_country(query)
        in_data = country.codes_in_data()
        names = load.load_table("countries").set_index("iso3")["name"]
    except DataValidationError as error:
        return None, f"the data package is not valid, no report was built:\n{error}"
    except (CountryError, ValueError) as error:
        return None, " ".join(str(error).split())
    if iso3 not in in_data:
        return None, (f"{names[iso3]} ({iso3}) appears nowhere in the data (participants, coordination units, "
                      f"partners, case locations or case places), so it has no profile; profiles exist for: "
                      f"{in_data}")
    return country_report(iso3, str(names[iso3])), None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.report", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build every report whose inputs changed, and the index")
    b.add_argument("--jobs", type=int, default=2, help="worker processes, each with one kernel (default 2)")
    b.add_argument("--operation", action="append", help="only this operation's pages and its trends (repeatable)")
    b.add_argument("--family", action="append", help="only this family's pages and trends (repeatable)")
    b.add_argument("--dry-run", action="store_true", help="print what would be built and why; build nothing")
    b.add_argument("--fresh-kernels", action="store_true", help="a new kernel for every report (slower)")
    b.add_argument("--force", action="store_true", help="rebuild even up-to-date reports")
    o = sub.add_parser("one", help="build one page now")
    o.add_argument("--operation")
    o.add_argument("--scheme")
    o.add_argument("--region")
    o.add_argument("--family")
    o.add_argument("--country", help="a country profile: ISO3 code or name ('NGA', 'Türkiye')")
    sub.add_parser("list", help="print the grid of reports")
    r = sub.add_parser("refresh-notebooks", help="re-execute the committed notebooks")
    r.add_argument("names", nargs="*", help="notebook names (default: all)")
    args = parser.parse_args(argv)
    for option in ("operation", "family", "scheme", "region", "country"):
        values = getattr(args, option, None)
        for value in values if isinstance(values, list) else [values]:
            if value is not None and any(ord(ch) < 32 or 0x7f <= ord(ch) <= 0x9f for ch in value):
                parser.error(f"--{option}: the value holds a line break or another control character; "
                             "give the name on one line, as `python -m analysis.report list` prints it")

    if args.command == "build":
        if args.jobs < 1:
            parser.error("--jobs must be at least 1")
        return _build(args)
    if args.command == "one":
        if args.operation is None and args.family is None and args.country is None:
            parser.error("one needs --operation (with --scheme and --region for a regional page), --family or "
                         "--country")
        return _one(args)
    if args.command == "list":
        code = fp.code_digest()
        problem = datacheck.report_problem(paths.default_data_dir(), code)
        grid, problem = (None, problem) if problem else _checked_grid(fp.DataSlices(paths.default_data_dir()), code)
        if problem:
            print(problem, file=sys.stderr)
            return 1
        for report in grid:
            print(report.slug)
        return 0
    from analysis.report.notebooks import refresh

    refresh(args.names)
    return 0
