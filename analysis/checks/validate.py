"""Command line: check every table of the data package and print its row count.

Usage: ``python -m analysis.validate [DATA_DIR]`` (``--help`` for help). Exits with status
1 and the list of all problems (file, line, column, rule and a hint, one per line) when a
file breaks the descriptor, its schema or a data rule; any bad input gives this list, never
a traceback. The intake checks (:mod:`analysis.package.intake`: nothing outside the folder, bounded
work) run first. ``DATA_DIR`` is used exactly as ``TRAFFICKING_DATA_DIR=DATA_DIR`` would be:
every table, the reference tables included, comes from that folder, so both give the same
verdict.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis.validate",
        description="Check every table of the data package (the descriptor, each CSV file against its schema, "
                    "and the data rules); print the row counts, or every problem with its file, line, column "
                    "and rule.")
    parser.add_argument("data_dir", nargs="?", metavar="DATA_DIR",
                        help="folder holding datapackage.json and its CSV files (default: the project's data/, "
                             "or $TRAFFICKING_DATA_DIR)")
    return parser


def _print_problems(problems: list[str]) -> None:
    print(f"{len(problems)} data problem(s):", file=sys.stderr)
    for line in problems:
        print(f"  - {line}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    if args.data_dir is not None:
        folder = Path(args.data_dir).resolve()
        if not folder.is_dir():
            print(f"error: DATA_DIR {args.data_dir!r} is not a folder", file=sys.stderr)
            return 2
        # As a command (nothing imported yet), every module then reads that folder.
        if "analysis.package.paths" not in sys.modules and "analysis.paths" not in sys.modules:
            os.environ["TRAFFICKING_DATA_DIR"] = str(folder)
    from analysis.package import intake, paths

    data_dir = Path(args.data_dir).resolve() if args.data_dir is not None else paths.default_data_dir()
    found = intake.examine(data_dir)
    if found.problems:
        _print_problems(found.problems)
        return 1
    from analysis.checks import package_rules
    from analysis.checks.loaders import validate_package
    from analysis.package.schema import DataValidationError

    try:
        counts = validate_package(data_dir)
        rule_problems = package_rules.problems(data_dir)
        if rule_problems:
            raise DataValidationError(rule_problems)
    except DataValidationError as error:
        _print_problems(error.problems)
        return 1
    except (RecursionError, MemoryError, OSError, ValueError, KeyError, TypeError) as error:
        print(f"1 data problem(s):\n  - {data_dir}: the package could not be checked ({type(error).__name__}: "
              f"{' '.join(str(error).split())[:300]}) [rule: validator] Hint: please report this input",
              file=sys.stderr)
        return 1
    width = max(map(len, counts))
    for name, rows in counts.items():
        print(f"{name:<{width}}  {rows:>5} rows")
    print(f"data package valid: {len(counts)} tables")
    return 0


if __name__ == "__main__":
    sys.exit(main())
