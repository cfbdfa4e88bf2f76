"""Move cash figures to one metric with a currency column (issue 15); safe to run again.

``figures.csv`` and ``figure_alternatives.csv`` get a last column ``currency`` (ISO 4217) when
they have none; rows of the old per-currency metrics (``cash_seized_eur``, ``cash_seized_usd``,
any ``cash_seized_<code>``) become metric ``cash_seized`` with that code in ``currency``. Every
other cell is kept as written. Run it after merging rows written for the old layout:

    python scripts/migrate_cash_currency.py [DATA_DIR]
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

OLD_METRIC = re.compile(r"cash_seized_(?P<code>[a-z]{3})")
TABLES = ("figures.csv", "figure_alternatives.csv")


def migrate_text(text: str) -> str:
    """The CSV text of a figures table in the new layout."""
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    if "currency" not in header:
        header = [*header, "currency"]
        body = [[*row, ""] if row else row for row in body]
    metric, currency = header.index("metric_id"), header.index("currency")
    for row in body:
        if not row:
            continue
        old = OLD_METRIC.fullmatch(row[metric])
        if old:
            row[metric], row[currency] = "cash_seized", old["code"].upper()
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *body])
    return out.getvalue()


def main(argv: list[str]) -> int:
    data_dir = Path(argv[0]) if argv else Path(__file__).resolve().parents[1] / "data"
    for name in TABLES:
        path = data_dir / name
        text = path.read_text(encoding="utf-8")
        new = migrate_text(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"{path}: migrated")
        else:
            print(f"{path}: already in the new layout")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
