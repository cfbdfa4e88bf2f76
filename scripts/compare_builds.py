"""Compare two builds of reports/ byte for byte, apart from their provenance.

Usage: ``python scripts/compare_builds.py BEFORE_DIR AFTER_DIR`` (e.g. a baseline build of the
branch point and a build of the working tree). Every HTML page, CSV file and ``.json`` sidecar
is compared; a file present in only one build is a difference too.

Provenance is what a page says about the build that made it: the commit (full and short),
the commit's date, whether the tree had uncommitted changes, and a sidecar's content
fingerprint and its ``code`` input digest (they digest the code, which a restructuring changes
on purpose; the data and template digests are compared). Each build's values are read
from its own sidecars (keys ``commit``, ``commit_short``, ``commit_date``, ``tree_dirty``) and
every occurrence of them is replaced by a placeholder before comparing; nothing else is
ignored. Exits 0 when the builds agree, 1 with the list of differing files (and the first
differing line of each) when they do not, 2 on bad arguments.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

SUFFIXES = (".html", ".csv", ".json")
DIRTY = " with uncommitted changes"
# A sidecar's content fingerprint digests the code too (analysis/report/fingerprint.py), so it
# changes with any code change; it is build input, not page content.
FINGERPRINT = re.compile(r'"(fingerprint|code)": "[0-9a-f]{64}"')
# How a page marks a build from a tree with uncommitted changes.
DIRTY_MARK = re.compile(r' <strong class="dirty">[^<]*</strong>')


def provenance_values(root: Path) -> dict[str, str]:
    """Text of each provenance value found in the build's sidecars -> its placeholder."""
    values: dict[str, str] = {}
    for sidecar in root.rglob("*.json"):
        try:
            data = json.loads(sidecar.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        provenance = data.get("provenance", data) if isinstance(data, dict) else {}
        if not isinstance(provenance, dict):
            continue
        for key in ("commit", "commit_short", "commit_date"):
            value = provenance.get(key)
            if isinstance(value, str) and value:
                values[value] = f"<{key}>"
    return values


def normalised(data: bytes, values: dict[str, str]) -> bytes:
    """The file's bytes with every provenance value replaced (longest first)."""
    text = data.decode("utf-8", errors="surrogateescape")
    for value in sorted(values, key=len, reverse=True):
        text = text.replace(value, values[value])
    text = text.replace(DIRTY, "").replace('"tree_dirty": true', '"tree_dirty": <dirty>')
    text = text.replace('"tree_dirty": false', '"tree_dirty": <dirty>')
    text = FINGERPRINT.sub(lambda m: f'"{m[1]}": "<digest>"', text)
    text = DIRTY_MARK.sub("", text)
    return text.encode("utf-8", errors="surrogateescape")


def files(root: Path) -> set[str]:
    """Relative names of the build's HTML, CSV and JSON files (hidden folders such as .staging left out)."""
    out = set()
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if path.is_file() and path.suffix in SUFFIXES and not any(part.startswith(".") for part in relative.parts):
            out.add(relative.as_posix())
    return out


def first_difference(a: bytes, b: bytes) -> str:
    for number, (x, y) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False), start=1):
        if x != y:
            return f"line {number}: {x[:160]!r} != {y[:160]!r}"
    return f"one file is longer ({len(a.splitlines())} vs {len(b.splitlines())} lines)"


def compare(before: Path, after: Path) -> list[str]:
    """One line per difference (empty when the builds agree apart from provenance)."""
    left, right = provenance_values(before), provenance_values(after)
    names_before, names_after = files(before), files(after)
    out = [f"only in {before}: {name}" for name in sorted(names_before - names_after)]
    out += [f"only in {after}: {name}" for name in sorted(names_after - names_before)]
    for name in sorted(names_before & names_after):
        a = normalised((before / name).read_bytes(), left)
        b = normalised((after / name).read_bytes(), right)
        if a != b:
            out.append(f"differs: {name}: {first_difference(a, b)}")
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or not all(Path(a).is_dir() for a in args):
        print("usage: python scripts/compare_builds.py BEFORE_DIR AFTER_DIR (two folders of built reports)",
              file=sys.stderr)
        return 2
    before, after = map(Path, args)
    differences = compare(before, after)
    compared = len(files(before) & files(after))
    if differences:
        print("\n".join(differences))
        print(f"{len(differences)} difference(s) in {compared} files compared", file=sys.stderr)
        return 1
    print(f"{compared} files identical apart from provenance (HTML, CSV, JSON)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
