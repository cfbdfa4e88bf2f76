"""Content fingerprints of reports: rebuild a page only when what it reads has changed.

A report's fingerprint is a SHA-256 over the digests of its inputs:

- ``template``: the notebook template's bytes;
- ``parameters``: its parameters (canonical JSON);
- ``code``: every file of the ``analysis`` package (Python sources and page templates),
  ``pyproject.toml`` and ``requirements.lock``, except the builder's own orchestration modules
  (``BUILD_ONLY``: planning, publishing, the command line, the index), which decide what is
  built and where it goes but put nothing into a page;
- ``reference``: ``datapackage.json`` and every table that is not split by operation
  (``data/reference/*`` and any other shared table);
- ``data:<operation_id>``: the rows of that operation in every table (the operation's own
  rows where a table has ``operation_id``; its cases' rows in the case tables; the rows of
  ``sources.csv`` that its rows cite), for every operation the report reads;
- ``data:country:<ISO3>``: for a country page, the rows of every table that name the country
  (``iso3``, ``location_iso3``, ``place_code``), the rows of the cases that name it, the
  sources they cite, and ``operations.csv`` as a whole.

Only file *contents* count: touching a file, switching branches or cloning afresh changes
nothing. Everything here uses the standard library only, so deciding that nothing needs
rebuilding never imports pandas.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from analysis.package import paths

PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: Bumped when the layout of outputs changes, so every page is rebuilt once.
OUTPUT_FORMAT = "2"
COUNTRY_COLUMNS = ("iso3", "location_iso3", "place_code")


def digest_bytes(*chunks: bytes) -> str:
    """SHA-256 hex digest of the chunks, each prefixed with its length (no ambiguity)."""
    h = hashlib.sha256()
    for chunk in chunks:
        h.update(len(chunk).to_bytes(8, "big"))
        h.update(chunk)
    return h.hexdigest()


def digest_files(files: Iterable[Path], root: Path) -> str:
    """Digest of files' relative names and contents, in sorted order."""
    chunks = []
    for path in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        chunks += [path.relative_to(root).as_posix().encode(), path.read_bytes()]
    return digest_bytes(*chunks)


# Modules of analysis/report/ that decide what to build and where it goes, but put nothing
# into a page (the index is rewritten on every build whatever its fingerprint).
BUILD_ONLY = frozenset({"report/__main__.py", "report/build.py", "report/cli.py", "report/datacheck.py",
                        "report/fingerprint.py", "report/index.py", "report/lifeline.py", "report/notebooks.py"})


def code_files() -> list[Path]:
    """Files whose content can change any page: the package's sources and page templates
    (:data:`BUILD_ONLY` excepted), and the project's dependency pins."""
    files = [p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts
             and p.relative_to(PACKAGE_DIR).as_posix() not in BUILD_ONLY]
    pins = [paths.PROJECT_ROOT / "pyproject.toml", paths.PROJECT_ROOT / "requirements.lock"]
    return files + [p for p in pins if p.exists()]


def code_digest() -> str:
    """Digest of :func:`code_files`, each named by its path relative to the folder holding the
    package (``analysis/...``) or to the project (the pins), so an installed copy digests too."""
    chunks = []
    for path in sorted(code_files(), key=_code_name):
        chunks += [_code_name(path).encode(), path.read_bytes()]
    return digest_bytes(*chunks)


def _code_name(path: Path) -> str:
    for root in (PACKAGE_DIR.parent, paths.PROJECT_ROOT):
        if path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return path.name


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV file as strings (a BOM is dropped)."""
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    return header, [row for row in reader if row]


@dataclass
class DataSlices:
    """Digests of the parts of a data package that reports depend on.

    Reads ``datapackage.json`` to find the tables, then every CSV once. Tables with an
    ``operation_id`` column are split by operation; tables with a ``case_id`` column follow
    their case's operation; ``sources.csv`` is split by the URLs each operation cites; every
    other table is shared (the ``reference`` digest).
    """

    data_dir: Path

    @cached_property
    def _tables(self) -> dict[str, tuple[list[str], list[list[str]]]]:
        descriptor = json.loads((self.data_dir / "datapackage.json").read_text(encoding="utf-8-sig"))
        return {res["name"]: _rows(self.data_dir / res["path"]) for res in descriptor["resources"]}

    @cached_property
    def reference(self) -> str:
        """Digest of the descriptor and every table not split by operation or case."""
        chunks = [(self.data_dir / "datapackage.json").read_bytes()]
        for name, (header, rows) in self._tables.items():
            if "operation_id" in header or "case_id" in header or name == "sources":
                continue
            chunks += [name.encode(), json.dumps([header, *rows]).encode()]
        return digest_bytes(*chunks)

    @cached_property
    def _by_operation(self) -> dict[str, str]:
        tables = self._tables
        case_header, case_rows = tables.get("cases", ([], []))
        case_op = {}
        if "case_id" in case_header and "operation_id" in case_header:
            c, o = case_header.index("case_id"), case_header.index("operation_id")
            case_op = {row[c]: row[o] for row in case_rows if len(row) > max(c, o)}
        parts: dict[str, list[bytes]] = defaultdict(list)
        cited: dict[str, set[str]] = defaultdict(set)
        for name, (header, rows) in tables.items():
            if name == "sources":
                continue
            if "operation_id" in header:
                key = header.index("operation_id")
                owner = [row[key] if len(row) > key else "" for row in rows]
            elif "case_id" in header:
                key = header.index("case_id")
                owner = [case_op.get(row[key], "") if len(row) > key else "" for row in rows]
            else:
                continue
            grouped: dict[str, list[list[str]]] = defaultdict(list)
            for op, row in zip(owner, rows, strict=True):
                grouped[op].append(row)
            url = header.index("source_url") if "source_url" in header else None
            for op, op_rows in grouped.items():
                parts[op] += [name.encode(), json.dumps([header, *op_rows]).encode()]
                if url is not None:
                    cited[op] |= {row[url] for row in op_rows if len(row) > url}
        source_header, source_rows = tables.get("sources", ([], []))
        if "source_url" in source_header:
            url = source_header.index("source_url")
            for op in parts:
                used = [row for row in source_rows if len(row) > url and row[url] in cited[op]]
                parts[op] += [b"sources", json.dumps([source_header, *used]).encode()]
        return {op: digest_bytes(*chunks) for op, chunks in parts.items()}

    def operation(self, operation_id: str) -> str:
        """Digest of one operation's rows in every table (empty if it has none)."""
        return self._by_operation.get(operation_id, digest_bytes(b""))

    @cached_property
    def _country_index(self) -> dict[str, tuple[dict[str, list[int]], dict[str, list[int]]]]:
        """Per table: the row positions naming each country code (in any of ``COUNTRY_COLUMNS``)
        and the row positions of each ``case_id``. Built once, so a country's digest reads only
        its own rows instead of scanning every table again (161 country pages)."""
        index = {}
        for name, (header, rows) in self._tables.items():
            columns = [header.index(c) for c in COUNTRY_COLUMNS if c in header]
            key = header.index("case_id") if "case_id" in header else None
            by_code: dict[str, list[int]] = defaultdict(list)
            by_case: dict[str, list[int]] = defaultdict(list)
            for position, row in enumerate(rows):
                for code in {row[c] for c in columns if len(row) > c}:
                    by_code[code].append(position)
                if key is not None and len(row) > key:
                    by_case[row[key]].append(position)
            index[name] = (by_code, by_case)
        return index

    def country(self, iso3: str) -> str:
        """Digest of what a country's page reads: every row naming ``iso3`` in a country column
        (``iso3``, ``location_iso3``, ``place_code``), every row of the cases that name it (in
        all case tables), the sources those rows cite, and ``operations.csv`` as a whole (list
        statuses and dates of every operation). Rows keep their order in the file."""
        tables, index = self._tables, self._country_index
        cases: set[str] = set()
        for name in ("cases", "case_places"):
            header, rows = tables.get(name, ([], []))
            if "case_id" in header:
                key = header.index("case_id")
                cases |= {rows[i][key] for i in index[name][0].get(iso3, ())}
        chunks, cited = [], set()
        for name, (header, rows) in tables.items():
            if name == "sources":
                continue
            if name == "operations":
                mine = rows
            else:
                by_code, by_case = index[name]
                positions = set(by_code.get(iso3, ()))
                for case in cases:
                    positions.update(by_case.get(case, ()))
                mine = [rows[i] for i in sorted(positions)]
            if "source_url" in header:
                url = header.index("source_url")
                cited |= {row[url] for row in mine if len(row) > url}
            chunks += [name.encode(), json.dumps([header, *mine]).encode()]
        source_header, source_rows = tables.get("sources", ([], []))
        if "source_url" in source_header:
            url = source_header.index("source_url")
            used = [row for row in source_rows if len(row) > url and row[url] in cited]
            chunks += [b"sources", json.dumps([source_header, *used]).encode()]
        return digest_bytes(*chunks)

    @cached_property
    def whole(self) -> str:
        """Digest of the whole data package (descriptor and every table file)."""
        files = [self.data_dir / "datapackage.json"]
        descriptor = json.loads(files[0].read_text(encoding="utf-8-sig"))
        files += [self.data_dir / res["path"] for res in descriptor["resources"]]
        return digest_files(files, self.data_dir)


@dataclass(frozen=True)
class Inputs:
    """The digests a report's fingerprint is made of, by component name."""

    components: tuple[tuple[str, str], ...]

    @property
    def fingerprint(self) -> str:
        return digest_bytes(OUTPUT_FORMAT.encode(), json.dumps(self.components).encode())

    def as_dict(self) -> dict[str, str]:
        return dict(self.components)


def report_inputs(template_path: Path, parameters: dict[str, str], data_scope: tuple[str, ...],
                  slices: DataSlices, code: str) -> Inputs:
    """Inputs of one report. ``data_scope`` names what data it reads: ``("operations", id...)``,
    ``("country", ISO3)``, or ``("package",)`` for the whole data package."""
    components = [
        ("template", digest_bytes(template_path.read_bytes())),
        ("parameters", digest_bytes(json.dumps(parameters, sort_keys=True).encode())),
        ("code", code),
        ("reference", slices.reference),
    ]
    kind, *values = data_scope
    if kind == "operations":
        components += [(f"data:{op}", slices.operation(op)) for op in sorted(values)]
    elif kind == "country":
        components += [(f"data:country:{values[0]}", slices.country(values[0]))]
    elif kind == "package":
        components += [("data:package", slices.whole)]
    else:
        raise ValueError(f"unknown data scope {data_scope!r}")
    return Inputs(tuple(components))


def change_reasons(old: dict[str, str] | None, new: Inputs, template_name: str) -> list[str]:
    """Why a report must be rebuilt, in words: 'new page', 'template X changed',
    'analysis/ or the dependency pins changed', 'reference data changed',
    'data of nawa-2014 changed'. Empty when nothing changed."""
    if old is None:
        return ["new page"]
    reasons = []
    for name, value in new.components:
        if old.get(name) == value:
            continue
        if name == "template":
            reasons.append(f"template {template_name} changed")
        elif name == "parameters":
            reasons.append("parameters changed")
        elif name == "code":
            reasons.append("analysis/ or the dependency pins changed")
        elif name == "reference":
            reasons.append("reference data or the schema changed")
        elif name.startswith("data:"):
            reasons.append(f"data of {name[5:]} changed")
    if not reasons and set(old) != {name for name, _ in new.components}:
        reasons.append("inputs changed")
    return reasons
