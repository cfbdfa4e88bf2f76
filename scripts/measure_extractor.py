"""Measure the draft extractor (analysis/extract.py) on the archived releases whose figures are
already curated; writes the result table to standard output (docs/extractor.md quotes it).

    python scripts/measure_extractor.py [ARCHIVE_DIR] [--details] [--development | --held-out]

For each archived copy in ``ARCHIVE_DIR`` (default ../shared/sources/archive next to the
project) whose header line ``matches_source_url`` is a ``source_url`` of ``data/figures.csv``,
the expected figures are the rows of ``figures.csv`` with that source URL (and the operation
the file name starts with). The extractor runs on the copy, and:

- **found**: an expected figure for which some draft row has the same metric_id, value and
  qualifier (whether or not it is marked REVIEW); **found as certain**: the same, by a row
  without REVIEW;
- **in the text**: expected figures printed in the archived copy as one number (many copies
  are opening excerpts of about 2,000 characters, cut before later figures, and a figure
  curated as a sum of printed numbers or a count of names is not one printed number);
- **wrong metric**: draft rows whose value is an expected figure's value but whose metric_id
  is another, non-empty one (a known number assigned to a wrong metric);
- **wrong as certain**: rows without REVIEW whose metric has an expected figure of another
  value or qualifier (a wrong value presented as certain).

``--development`` measures only the copies the extractor's word rules were written against,
``--held-out`` only the others (:data:`HELD_OUT`, chosen by operation before any rule was
written and not read while writing them); without either, all of them.
"""

from __future__ import annotations

import csv
import re
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.checks.printed_numbers import normalise  # noqa: E402
from analysis.extract import extract  # noqa: E402

# Operations whose archived copies were held out while the word rules of analysis/extract.py
# were written (2 December 2026): chosen by operation, so that two copies of one release never
# fall on both sides; their figures are measured apart (--held-out).
HELD_OUT = ("turquesa-i-2019", "turquesa-ii-2020", "turquesa-iii-2021", "turquesa-iv-2022", "turquesa-v-2023",
            "epervier-i-2017", "epervier-ii-2019", "sawiyan-2018")


def header(path: Path) -> dict[str, str]:
    fields = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(": ")
        fields[key] = value
    return fields


def number(text: str) -> Decimal:
    return Decimal(str(text)) if str(text).strip() else Decimal(-1)


def digits_in(text: str) -> set[Decimal]:
    """Every number of ``text`` written in digits, groups joined ('4 414' and '4,414' give 4414)."""
    found = set()
    for match in re.finditer(r"\d{1,3}(?:[ ,.]\d{3})+|\d+(?:[.,]\d+)?", normalise(text)):
        raw = match.group()
        found.add(Decimal(re.sub(r"[ ,.]", "", raw)))
        if re.fullmatch(r"\d+[.,]\d{1,2}", raw):
            found.add(Decimal(raw.replace(",", ".")))
    return found


def in_text(figure: dict, body: str, numbers: set[Decimal]) -> bool:
    """Whether the figure is printed in the archived text as one number: its reading is a number
    (``numeral`` or ``words``, not a sum or a count of names) and its value is among the text's
    numbers ('1.6 million' and '3,6 millions' by their scale), or its printed form is in the text
    as a whole word."""
    if figure["value_reading"] not in ("numeral", "words"):
        return False
    value = number(figure["value"])
    if value in numbers:
        return True
    for scale in (Decimal(1000), Decimal(10**6)):  # '1.6 million', '3,6 millions'
        if value % (scale / 10) == 0 and value / scale in {n for n in numbers if n < 1000}:
            return True
    printed = re.escape(normalise(figure["value_as_printed"]))
    return bool(re.search(rf"(?<![\w.,]){printed}(?![\w]|[.,]\d)", normalise(body), re.I))


def measure(archive: Path, details: bool = False, part: str = "all"):
    """Totals (and, with ``details``, one line per miss or error) over the archived copies of
    ``part``: ``all``, ``development`` (not held out) or ``held-out`` (:data:`HELD_OUT`)."""
    with open(ROOT / "data" / "figures.csv", encoding="utf-8", newline="") as handle:
        figures = list(csv.DictReader(handle))
    urls = {f["source_url"] for f in figures}
    totals = dict(files=0, expected=0, in_text=0, found=0, found_certain=0, found_in_text=0, wrong_metric=0,
                  wrong_certain=0, rows=0, review=0)
    lines = []
    for path in sorted(archive.glob("*.txt")):
        url = header(path).get("matches_source_url", "")
        if url not in urls:
            continue
        operation = path.name.split("__")[0]
        if part != "all" and (operation in HELD_OUT) != (part == "held-out"):
            continue
        expected = [f for f in figures if f["source_url"] == url and f["operation_id"] == operation]
        if not expected:
            continue
        text = path.read_text(encoding="utf-8")
        body = text.split("\n\n", 1)[1] if "\n\n" in text else text
        numbers = digits_in(body)
        _, drafts, _ = extract(text, operation, url)
        totals["files"] += 1
        totals["rows"] += len(drafts)
        totals["review"] += sum(d.review for d in drafts)
        by_metric = {f["metric_id"]: f for f in expected}
        values = {number(f["value"]): f["metric_id"] for f in expected}
        file_found = 0
        for figure in expected:
            key = (figure["metric_id"], number(figure["value"]), figure["qualifier"])
            hits = [d for d in drafts if (d.cells["metric_id"], number(d.cells["value"]), d.cells["qualifier"]) == key]
            present = in_text(figure, body, numbers)
            totals["expected"] += 1
            totals["in_text"] += present
            totals["found"] += bool(hits)
            totals["found_in_text"] += bool(hits) and present
            totals["found_certain"] += any(not d.review for d in hits)
            file_found += bool(hits)
            if details and not hits:
                lines.append(f"  missed {path.name}: {figure['metric_id']} {figure['value_as_printed']!r}"
                             f"{'' if present else ' (not in the archived text)'}")
        for d in drafts:
            metric, value = d.cells["metric_id"], number(d.cells["value"])
            if metric and value in values and values[value] != metric and (metric, value) not in {
                    (f["metric_id"], number(f["value"])) for f in expected}:
                totals["wrong_metric"] += 1
                if details:
                    lines.append(f"  wrong metric {path.name}: {d.cells['value_as_printed']!r} as {metric}, "
                                 f"curated as {values[value]}{' (REVIEW)' if d.review else ''}")
            if not d.review and metric in by_metric:
                want = by_metric[metric]
                if (number(want["value"]), want["qualifier"]) != (value, d.cells["qualifier"]):
                    totals["wrong_certain"] += 1
                    if details:
                        lines.append(f"  wrong as certain {path.name}: {metric} {d.cells['value_as_printed']!r}, "
                                     f"curated {want['value_as_printed']!r}")
        if details:
            lines.append(f"{path.name}: {file_found} of {len(expected)} found")
    return totals, lines


def main(argv: list[str]) -> int:
    details = "--details" in argv
    part = "held-out" if "--held-out" in argv else "development" if "--development" in argv else "all"
    args = [a for a in argv if not a.startswith("--")]
    archive = Path(args[0]) if args else ROOT.parent.parent / "shared" / "sources" / "archive"
    if not archive.is_dir():
        archive = Path("/work/shared/sources/archive")
    totals, lines = measure(archive, details, part)
    for line in lines:
        print(line)
    t = totals
    print(f"| archived releases measured | {t['files']} |")
    print(f"| curated figures from them | {t['expected']} |")
    print(f"| of which the number is in the archived text | {t['in_text']} |")
    print(f"| found (right metric, value and qualifier) | {t['found']} ({t['found'] / t['expected']:.0%} of all; "
          f"{t['found_in_text'] / max(t['in_text'], 1):.0%} of those in the text) |")
    print(f"| found as certain (no REVIEW) | {t['found_certain']} ({t['found_certain'] / t['expected']:.0%}) |")
    print(f"| draft rows / marked REVIEW | {t['rows']} / {t['review']} |")
    print(f"| known numbers assigned to a wrong metric | {t['wrong_metric']} |")
    print(f"| wrong value or qualifier presented as certain | {t['wrong_certain']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
