"""Check built report pages without a browser: ``python scripts/check_pages.py [REPORTS_DIR]``
(``make check-pages``).

Reads every ``*.html`` page under the reports folder (the index included) and reports:

- **raw values in tables**: a table cell (or key-fact value) showing ``<NA>``, ``nan``,
  ``NaN``, ``NaT``, ``None``, ``True`` or ``False``, or a whole number printed with ``.0``
  (``2517.0``, ``2,517.0``, ``50.0%``); ``<NA>`` anywhere in the visible text;
- **test output**: the text "checks passed" anywhere on a page;
- **links**: a link or resource address starting with ``/`` (breaks when the site is served
  under a sub-path, as on GitHub Pages), a ``file:`` address, a page resource (image, style,
  script) loaded from the network, and a relative link (pages, CSV files, images) that does not
  resolve to an existing file inside the reports folder, or to an ``#anchor`` that the target
  page does not have;
- **provenance**: a page whose provenance block (class ``provenance``, or the index's footer)
  does not name a git commit, or names one that does not exist in
  the repository (``git cat-file -e``), or does not name the sha256 of the data package, or
  whose commit and data hash disagree with its ``.json`` sidecar.

Exit status: 0 when nothing was found, 1 when problems were found (listed, grouped by kind),
2 when there is nothing to check (no pages, or no such folder).

The browser test (``tests/browser``) applies the same cell and text rules to what Chromium
renders, so the two cannot drift apart.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

PROJECT_ROOT = Path(__file__).resolve().parents[1]

#: What pandas prints for a missing or boolean value when a table is dumped as is.
RAW_CELL_VALUES = frozenset({"<NA>", "nan", "NaN", "NaT", "None", "True", "False", "null"})
#: Raw missing-value markers that are wrong anywhere inside a cell.
RAW_TOKEN = re.compile(r"<NA>|(?<![\w-])(?:nan|NaN|NaT)(?![\w-])")
#: A whole number printed as a float: '2517.0', '2,517.0', '50.0%' (not '4.0.1' or 'v1.0').
WHOLE_WITH_DOT_ZERO = re.compile(r"(?<![\w.,])\d[\d,]*\.0+(?![\d.]*\d)")
#: Version numbers are not counts: 'CC BY 4.0', 'version 2.0', 'Python 3.0'.
VERSION_BEFORE = re.compile(r"(?:\bCC[ -]BY(?:[ -](?:SA|NC|ND))*|\bversion|\bv|\bODbL|\bGPL|\bPython)\s*$",
                            re.IGNORECASE)
TEST_OUTPUT = re.compile(r"checks? passed", re.IGNORECASE)
#: Where a page states its provenance: the block of class 'provenance' (pages) or the footer (index).
PROVENANCE_BLOCK = re.compile(r'class="[^"]*\bprovenance\b|<footer\b')
COMMIT = re.compile(r"\bcommit\s+(?:<code>)?([0-9a-f]{7,40})\b")
DATA_HASH = re.compile(r"\bsha256[\s:]+(?:<code>)?([0-9a-f]{12,64})\b")
#: Attributes holding addresses, and whether the browser loads them with the page.
URL_ATTRIBUTES = {("a", "href"): False, ("area", "href"): False, ("link", "href"): True,
                  ("img", "src"): True, ("script", "src"): True, ("iframe", "src"): True,
                  ("source", "src"): True, ("video", "src"): True, ("audio", "src"): True,
                  ("embed", "src"): True, ("object", "data"): True, ("form", "action"): False}
#: Elements whose text is a value shown to the reader: table cells and key-fact values.
CELL_TAGS = frozenset({"td", "th", "dd"})
SKIP_TEXT_TAGS = frozenset({"script", "style", "template", "head", "title"})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                       "track", "wbr"})


@dataclass(frozen=True)
class Problem:
    page: str  # path relative to the reports folder
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.page}: {self.kind}: {self.detail}"


def cell_problems(text: str) -> list[str]:
    """What is wrong with the visible text of one table cell (empty list when nothing)."""
    text = " ".join(text.split())
    problems = []
    if text in RAW_CELL_VALUES:
        problems.append(f"raw value {text!r} in a table cell")
    else:
        problems += [f"raw value {m.group()!r} in a table cell: {_excerpt(text, m)}" for m in RAW_TOKEN.finditer(text)]
    for match in WHOLE_WITH_DOT_ZERO.finditer(text):
        if not VERSION_BEFORE.search(text[:match.start()]):
            problems.append(f"whole number shown with '.0' ({match.group()!r}) in a table cell: "
                            f"{_excerpt(text, match)}")
    return problems


def text_problems(text: str, *, outside_cells: str | None = None) -> list[str]:
    """What is wrong in a page's visible text: the checks' output anywhere, and '<NA>' in
    ``outside_cells`` (the text outside table cells, which :func:`cell_problems` covers; the
    whole text when not given)."""
    text = " ".join(text.split())
    outside = text if outside_cells is None else " ".join(outside_cells.split())
    problems = [f"'<NA>' shown: {_excerpt(outside, m)}" for m in re.finditer(r"<NA>", outside)]
    problems += [f"test output shown: {_excerpt(text, m)}" for m in TEST_OUTPUT.finditer(text)]
    return problems


def _excerpt(text: str, match: re.Match, around: int = 30) -> str:
    start, end = max(match.start() - around, 0), match.end() + around
    return ("..." if start else "") + text[start:end] + ("..." if end < len(text) else "")


class PageParser(HTMLParser):
    """The parts of a page the checks need: cell texts, visible text, addresses and ids."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cells: list[str] = []
        self.text: list[str] = []
        self.outside_cells: list[str] = []
        self.urls: list[tuple[str, str, str, int]] = []  # tag, attribute, value, line
        self.ids: set[str] = set()
        self._skip = 0
        self._cells: list[list[str]] = []  # open cells (nested tables nest cells)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("id", "name" if tag == "a" else ""):
            if name and attributes.get(name):
                self.ids.add(attributes[name])
        for (url_tag, url_attribute) in URL_ATTRIBUTES:
            if tag == url_tag and attributes.get(url_attribute) is not None:
                self.urls.append((tag, url_attribute, attributes[url_attribute].strip(), self.getpos()[0]))
        if tag in VOID_TAGS:
            return
        if tag in SKIP_TEXT_TAGS:
            self._skip += 1
        elif tag in CELL_TAGS:
            self._cells.append([])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in SKIP_TEXT_TAGS:
            self._skip = max(self._skip - 1, 0)
        elif tag in CELL_TAGS and self._cells:
            self.cells.append("".join(self._cells.pop()))

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if not self._cells:
            self.outside_cells.append(data)
        for cell in self._cells:
            cell.append(data)

    def close(self):
        super().close()
        while self._cells:  # cells never closed (the parser forgives, so do we)
            self.cells.append("".join(self._cells.pop()))


@dataclass
class ParsedPage:
    path: Path
    html: str
    cells: list[str] = field(default_factory=list)
    text: str = ""
    outside_cells: str = ""
    urls: list[tuple[str, str, str, int]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


def parse_page(path: Path) -> ParsedPage:
    """A page, parsed once for as long as the file is unchanged."""
    stat = path.stat()
    return _parse_page(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=512)
def _parse_page(path: Path, mtime_ns: int, size: int) -> ParsedPage:
    html = path.read_text(encoding="utf-8")
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return ParsedPage(path, html, parser.cells, "".join(parser.text), "".join(parser.outside_cells),
                      parser.urls, parser.ids)


def link_problems(page: ParsedPage, root: Path, unbuilt_pages: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(kind, detail) for every address on the page that breaks offline or under a sub-path.
    A link to a page in ``unbuilt_pages`` (slugs: paths under the reports folder without
    ``.html``) may point to a missing file: a partial build leaves those pages out."""
    problems = []
    root = root.resolve()
    for tag, attribute, value, line in page.urls:
        where = f'<{tag} {attribute}="{value[:100]}"> (line {line})'
        parts = urlsplit(value)
        scheme = parts.scheme.lower()
        if value.startswith("/"):
            problems.append(("absolute link", f"{where} starts with '/': it breaks under a sub-path; use a "
                                              "relative link"))
            continue
        if scheme == "data":  # inline (the figures)
            continue
        if scheme == "file":
            problems.append(("file link", f"{where} points into a file system"))
            continue
        if scheme:  # http, https, mailto...
            if URL_ATTRIBUTES[(tag, attribute)]:
                problems.append(("network resource", f"{where} is loaded from the network; ship it in the page"))
            continue
        if not parts.path:  # '#anchor' on this page
            if parts.fragment and unquote(parts.fragment) not in page.ids:
                problems.append(("broken anchor", f"{where}: no element with id {parts.fragment!r} on this page"))
            continue
        target = (page.path.parent / unquote(parts.path)).resolve()
        if not target.is_relative_to(root):
            problems.append(("link outside the reports", f"{where} leaves the reports folder"))
        elif not target.is_file():
            if target.suffix == ".html" and target.relative_to(root).with_suffix("").as_posix() in unbuilt_pages:
                continue
            problems.append(("broken link", f"{where}: no file {target.relative_to(root)}"))
        elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in parse_page(target).ids:
            problems.append(("broken anchor", f"{where}: {target.relative_to(root)} has no id {parts.fragment!r}"))
    return problems


@cache
def commit_exists(commit: str, repo: Path) -> bool:
    """Whether ``commit`` (full or abbreviated) names a commit of the git repository at ``repo``."""
    try:
        result = subprocess.run(["git", "-C", str(repo), "cat-file", "-e", f"{commit}^{{commit}}"],
                                capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0


def provenance_problems(page: ParsedPage, repo: Path) -> list[tuple[str, str]]:
    """(kind, detail) when the page does not name an existing commit and the data hash, or
    disagrees with its sidecar."""
    block = PROVENANCE_BLOCK.search(page.html)
    if block is None:
        return [("no provenance", "the page has no provenance block (class 'provenance', or a footer)")]
    problems = []
    commits = set(COMMIT.findall(page.html, block.start()))
    hashes = set(DATA_HASH.findall(page.html, block.start()))
    if not commits:
        problems.append(("no commit", "the page names no git commit (built outside a git checkout?)"))
    for commit in sorted(commits):
        if not commit_exists(commit, repo):
            problems.append(("unknown commit", f"commit {commit} does not exist in the repository at {repo}"))
    if not hashes:
        problems.append(("no data hash", "the page names no sha256 of the data package"))
    sidecar_path = page.path.with_suffix(".json")
    if sidecar_path.is_file():
        try:
            provenance = json.loads(sidecar_path.read_text(encoding="utf-8")).get("provenance") or {}
        except ValueError:
            return [*problems, ("sidecar", f"{sidecar_path.name} is not valid JSON")]
        commit, data_hash = provenance.get("commit") or "", provenance.get("data_hash") or ""
        if commits and not all(commit.startswith(c) for c in commits):
            problems.append(("sidecar", f"the page names commit(s) {sorted(commits)}, its sidecar {commit!r}"))
        if hashes and not all(data_hash.startswith(h) for h in hashes):
            problems.append(("sidecar", f"the page names data hash(es) {sorted(hashes)}, its sidecar {data_hash!r}"))
    return problems


def page_paths(root: Path) -> list[Path]:
    """Every published page under ``root``: ``*.html``, outside hidden folders (the builder's
    staging area)."""
    return sorted(p for p in root.rglob("*.html")
                  if not any(part.startswith(".") for part in p.relative_to(root).parts))


def check_page(path: Path, root: Path, repo: Path = PROJECT_ROOT,
               unbuilt_pages: frozenset[str] = frozenset()) -> list[Problem]:
    """Every problem of one page (see :func:`link_problems` for ``unbuilt_pages``)."""
    page = parse_page(path.resolve())
    name = path.resolve().relative_to(root.resolve()).as_posix()
    found = [Problem(name, "raw value", p) for cell in page.cells for p in cell_problems(cell)]
    found += [Problem(name, "visible text", p) for p in text_problems(page.text, outside_cells=page.outside_cells)]
    found += [Problem(name, kind, detail) for kind, detail in link_problems(page, root, unbuilt_pages)]
    found += [Problem(name, kind, detail) for kind, detail in provenance_problems(page, repo)]
    return found


def check_reports(root: Path, repo: Path = PROJECT_ROOT,
                  unbuilt_pages: frozenset[str] = frozenset()) -> tuple[int, list[Problem]]:
    """The number of pages checked under ``root`` and their problems."""
    pages = page_paths(root)
    return len(pages), [problem for path in pages for problem in check_page(path, root, repo, unbuilt_pages)]


def grid_pages() -> frozenset[str]:
    """The slug of every page the full build makes (from the project's data)."""
    sys.path.insert(0, str(PROJECT_ROOT))
    from analysis.report.grid import compute_grid

    return frozenset(report.slug for report in compute_grid())


def report(problems: list[Problem], limit: int | None) -> str:
    """The problems grouped by kind, at most ``limit`` lines per kind (all when None)."""
    by_kind: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        by_kind[problem.kind].append(problem)
    lines = []
    for kind, members in sorted(by_kind.items()):
        pages = len({p.page for p in members})
        lines.append(f"{kind}: {len(members)} problem(s) on {pages} page(s)")
        shown = members if limit is None else members[:limit]
        lines += [f"  {p.page}: {p.detail}" for p in shown]
        if len(shown) < len(members):
            lines.append(f"  ... and {len(members) - len(shown)} more (--all lists every one)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="check_pages.py", description=__doc__.split("\n\n")[0],
                                     epilog="Exit status: 0 clean, 1 problems found, 2 nothing to check.")
    parser.add_argument("reports_dir", nargs="?", type=Path, default=PROJECT_ROOT / "reports",
                        help="folder of built pages (default: reports/ of this project)")
    parser.add_argument("--repo", type=Path, default=PROJECT_ROOT,
                        help="git repository whose commits the pages must name (default: this project)")
    parser.add_argument("--partial", action="store_true",
                        help="the folder holds part of the site (make reports OPERATION=...): a link to a page of "
                             "the full build that was not built is not a problem")
    parser.add_argument("--all", action="store_true", help="list every problem (default: 20 per kind)")
    args = parser.parse_args(argv)
    if not args.reports_dir.is_dir():
        print(f"error: no folder {args.reports_dir}; build the pages first (make reports)", file=sys.stderr)
        return 2
    unbuilt = grid_pages() if args.partial else frozenset()
    count, problems = check_reports(args.reports_dir, args.repo, unbuilt)
    if count == 0:
        print(f"error: no pages (*.html) under {args.reports_dir}; build them first (make reports)", file=sys.stderr)
        return 2
    if problems:
        print(report(problems, None if args.all else 20))
        pages = len({p.page for p in problems})
        print(f"{len(problems)} problem(s) on {pages} of {count} page(s) in {args.reports_dir}")
        return 1
    print(f"{count} page(s) in {args.reports_dir}: no raw values, no test output, every link relative and "
          "resolving, every page naming an existing commit and the data hash")
    return 0


if __name__ == "__main__":
    sys.exit(main())
