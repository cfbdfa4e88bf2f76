"""Command line: check every table of the data package and print its row count.

Usage: ``python -m analysis.validate [DATA_DIR]``. Exits with status 1 and the list of
problems (file, line, column, rule) when a table breaks the schema or a data rule.
"""

from __future__ import annotations

import sys

from analysis.load import validate_package
from analysis.schema import DataValidationError


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    data_dir = args[0] if args else None
    try:
        counts = validate_package(data_dir)
    except DataValidationError as error:
        print(error, file=sys.stderr)
        return 1
    width = max(map(len, counts))
    for name, rows in counts.items():
        print(f"{name:<{width}}  {rows:>5} rows")
    print(f"data package valid: {len(counts)} tables")
    return 0


if __name__ == "__main__":
    sys.exit(main())
