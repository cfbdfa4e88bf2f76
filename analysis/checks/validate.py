"""Command line: check every table of the data package and print its row count.

Usage: ``python -m analysis.validate [DATA_DIR]``. Exits with status 1 and the list of all
problems (file, line, column, rule and a hint, one per line) when a file breaks the
descriptor, its schema or a data rule; any bad input gives this list, never a traceback.
"""

from __future__ import annotations

import sys

from analysis.package.load import validate_package
from analysis.package.schema import DataValidationError


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    data_dir = args[0] if args else None
    try:
        counts = validate_package(data_dir)
    except DataValidationError as error:
        print(f"{len(error.problems)} data problem(s):", file=sys.stderr)
        for line in error.problems:
            print(f"  - {line}", file=sys.stderr)
        return 1
    width = max(map(len, counts))
    for name, rows in counts.items():
        print(f"{name:<{width}}  {rows:>5} rows")
    print(f"data package valid: {len(counts)} tables")
    return 0


if __name__ == "__main__":
    sys.exit(main())
