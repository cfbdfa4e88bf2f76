"""Check that every printed value and name of the data occurs in the archived text of its source.

    make trace ARCHIVE=../shared/sources/archive
    TRACE_ARCHIVE=../shared/sources/archive .venv/bin/python scripts/trace_sources.py [--quiet]

Looks for each figure's ``value_as_printed``, each alternative, each case count (in the
case's source) and each transcribed participant name in the stored copies of its source, by
the matching rule of ``analysis/tracing.py`` (case, whitespace and typographic variants
ignored, nothing else). Prints, per source: what was found, what was not, and what could not
be checked (no copy; or not found in a copy that holds only the opening of the page, which
cannot show that something is absent). Then totals. Besides the archive's copies it reads the
full texts named in SUPPLIED_FULL_TEXTS when they sit in the archive's parent folder.

Exit status: 0 when every figure, alternative and case count whose source has a copy is found
or explained in its notes ('not in the archived copy: ...'), and nothing is missing from a
complete copy; 1 otherwise (the failures are listed last); 2 for a missing or unreadable archive.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import paths  # noqa: E402
from analysis.archive import ArchivedCopy, ArchiveError, copies_by_source, read_archive  # noqa: E402
from analysis.tracing import is_figure_like, items_from_data, trace_all, unexplained  # noqa: E402

# Full texts supplied beside the archive (in its parent folder, ../shared/sources/), read as
# further complete copies of a source. ../shared/sources/README.md describes each: the
# Liberterra II release is a verbatim copy of INTERPOL's release as distributed by Public, with
# its photo captions and the full list of 116 participants; the archive holds only its opening.
SUPPLIED_FULL_TEXTS = {
    "liberterra-ii-2024_interpol-press-release.txt":
        "https://publicnow.com/view/F74E5ECF70F7E61D8C54D833445A19F2B2EFF5F6",
}


def add_supplied_texts(by_source: dict, archive: Path) -> None:
    """Add each supplied full text found beside the archive as a complete copy of its source."""
    for name, url in SUPPLIED_FULL_TEXTS.items():
        path = archive.resolve().parent / name
        if path.is_file():
            copy = ArchivedCopy(path=path, url=url, matches_source_url=url, title=name,
                                partial="no (full text supplied to the project)", note="",
                                text_bytes=path.read_bytes())
            by_source.setdefault(url, []).append(copy)

LABELS = {
    "found": "found",
    "not-found": "NOT FOUND in the complete copy",
    "not-in-excerpt": "not found in the opening excerpt (not checked past the cut)",
    "no-copy": "not checked: no archived copy",
}


def describe(res) -> str:
    note = " [explained in notes]" if res.status != "found" and res.item.is_explained else ""
    return f"{res.item.kind} {res.item.key}: {res.item.printed!r}{note}"


def report(results, by_source, quiet: bool) -> None:
    per_source = defaultdict(list)
    for res in results:
        per_source[res.item.source_url].append(res)
    for url in sorted(per_source):
        group = per_source[url]
        copies = by_source.get(url, [])
        extent = ", ".join(f"{c.path.name} ({c.copy_extent})" for c in copies) or "no copy"
        counts = Counter(r.status for r in group)
        print(f"== {url}\n   copy: {extent}; " + ", ".join(f"{counts[s]} {s}" for s in LABELS if counts[s]))
        if quiet:
            continue
        for status, label in LABELS.items():
            chosen = [r for r in group if r.status == status]
            if chosen:
                print(f"   {label} ({len(chosen)}):")
                for res in chosen:
                    print(f"     - {describe(res)}")


def totals(results) -> None:
    print("\nTotals (status by kind of item):")
    kinds = sorted({r.item.kind for r in results})
    for kind in kinds:
        group = [r for r in results if r.item.kind == kind]
        counts = Counter(r.status for r in group)
        explained = sum(1 for r in group if r.status != "found" and r.item.is_explained)
        print(f"  {kind}: {len(group)} items; " + ", ".join(f"{counts[s]} {s}" for s in LABELS)
              + f"; {explained} of those not found explained in notes")
    with_copy = [r for r in results if is_figure_like(r.item) and r.status != "no-copy"]
    ok = [r for r in with_copy if r.status == "found" or r.item.is_explained]
    share = 100 * len(ok) / len(with_copy) if with_copy else 100.0
    print(f"  figures, alternatives and case counts whose source has a copy: {len(ok)} of "
          f"{len(with_copy)} found or explained ({share:.1f}%)")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quiet", action="store_true", help="per source, the counts only")
    args = parser.parse_args(argv)
    archive = os.environ.get("TRACE_ARCHIVE", "")
    if not archive:
        print("trace_sources: set TRACE_ARCHIVE (make trace ARCHIVE=...) to the archive folder",
              file=sys.stderr)
        return 2
    try:
        by_source = copies_by_source(read_archive(Path(archive)))
        add_supplied_texts(by_source, Path(archive))
    except ArchiveError as error:
        print(f"trace_sources: {error}", file=sys.stderr)
        return 2
    results = trace_all(items_from_data(paths.DATA_DIR), by_source)
    report(results, by_source, args.quiet)
    totals(results)
    failures = unexplained(results)
    if failures:
        print(f"\n{len(failures)} item(s) neither found nor explained in notes:")
        for res in failures:
            print(f"  - {describe(res)} ({LABELS[res.status]}; source {res.item.source_url})")
        return 1
    print("\nEvery figure, alternative and case count whose source has a copy is found or explained.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
