"""Intake checks: what must hold before anything parses the data package for real.

Run first by every entry point that reads a data folder (``python -m analysis.validate``,
so ``make data``; the report builder), before the project's validator and before
``frictionless``, so that a hostile or careless descriptor or data file can make neither of
them read or fetch anything outside the data folder, run without end, or crash:

- the descriptor (``datapackage.json``) is a regular file inside the folder, at most
  :data:`MAX_DESCRIPTOR_BYTES`, nested at most :data:`MAX_DEPTH` levels (checked before it
  is parsed: a deeper one would end the parser in a ``RecursionError``);
- no reference leaves the folder: ``path``, ``schema``, ``dialect``, ``profile`` and
  ``$schema`` anywhere in the descriptor name no URL and no file elsewhere (``schema`` and
  ``dialect`` are written inline, a ``profile`` is a plain name); links in ``licenses`` and
  ``sources`` are metadata, never fetched, and left alone;
- the primary keys the library relies on (:data:`REQUIRED_KEYS`) are declared;
- every resource file is a regular file inside the folder (no symbolic link on the way, no
  directory, device or pipe), at most :data:`MAX_FILE_BYTES`;
- every ``pattern`` constraint can be checked in bounded time: at most
  :data:`MAX_PATTERN_LENGTH` characters, no back-reference or look-around, no repetition of
  a variable-length part unless each repetition starts with a character that part cannot
  match (``[a-z0-9]+(-[a-z0-9]+)*`` is fine, ``(a+)+`` and ``(a|aa)*`` are not), at most
  :data:`MAX_UNBOUNDED_REPEATS` unbounded repeats; and a value checked against a pattern
  has at most :data:`MAX_PATTERN_CELL` characters;
- no CSV value is longer than :data:`MAX_FIELD_CHARS` (the csv module's limit: a longer
  one would be reported as a quoting fault), and a CSV file does not end in a blank line
  (which ``frictionless`` rejects as a blank row).

Standard library only, so the builder can run it without importing pandas. Problems are
lines in the project's usual form: ``file, line N, column 'c': what [rule: r] Hint: h``. A
descriptor that is not UTF-8 or not JSON is left to the validator, which names the fault.
No message quotes a file that is not a data table.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

try:  # Python 3.11+
    import re._parser as _sre_parse
except ImportError:  # pragma: no cover - older Pythons
    import sre_parse as _sre_parse  # type: ignore[no-redef]

DESCRIPTOR = "datapackage.json"
MAX_DESCRIPTOR_BYTES = 4 * 1024 * 1024
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 32
MAX_FIELD_CHARS = 128 * 1024
MAX_PATTERN_LENGTH = 256
MAX_PATTERN_CELL = 256
MAX_UNBOUNDED_REPEATS = 4
#: Primary keys the library relies on (a page per operation, a case per id...): a descriptor
#: that drops one would let duplicates through to the builder.
REQUIRED_KEYS = {"sources": ["source_url"], "operations": ["operation_id"], "cases": ["case_id"],
                 "countries": ["iso3"], "m49_areas": ["m49_code"], "region_schemes": ["scheme_id"],
                 "region_membership": ["scheme_id", "iso3"], "participants": ["operation_id", "position"]}
#: Keys whose string value names something to read or fetch.
REFERENCE_KEYS = ("path", "schema", "dialect", "profile", "$schema")
#: Containers whose ``path`` entries are links for readers, never read by a validator.
METADATA_KEYS = ("licenses", "sources", "contributors")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|//|\\\\")
_SAFE_PATH = re.compile(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*")
_PROFILE_NAME = re.compile(r"[a-z0-9-]+")


def problem(file: str, message: str, rule: str, hint: str, line: int | None = None,
            column: str | None = None) -> str:
    """One problem in the project's form (the same as :func:`analysis.schema.problem`)."""
    where = str(file)
    if line is not None:
        where += f", line {line}"
    if column is not None:
        where += f", column '{column}'"
    return f"{where}: {message} [rule: {rule}] Hint: {hint}"


class IntakeError(ValueError):
    """The data folder failed an intake check; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} data problem(s):\n  - " + "\n  - ".join(self.problems))


@dataclass
class Intake:
    """What the checks read: the descriptor (None if it is not JSON: the validator says
    why), the resource files found safe, and a digest of all their bytes."""

    data_dir: Path
    descriptor: dict | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def digest(self) -> str:
        h = hashlib.sha256()
        for name in sorted(self.files):
            for chunk in (name.encode(), self.files[name]):
                h.update(len(chunk).to_bytes(8, "big"))
                h.update(chunk)
        return h.hexdigest()


# ---------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------

def _read_inside(data_dir: Path, relative: str, limit: int) -> tuple[bytes | None, str | None]:
    """The bytes of ``data_dir/relative`` if it is a regular file reached without a symbolic
    link and at most ``limit`` bytes; else (None, why). A missing file is (None, None): the
    validator reports it."""
    current = data_dir
    parts = PurePosixPath(relative).parts
    for n, part in enumerate(parts):
        current = current / part
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            return None, None
        except OSError as error:
            return None, f"cannot be examined ({error.strerror})"
        if stat.S_ISLNK(info.st_mode):
            return None, ("is a symbolic link" if n == len(parts) - 1 else f"goes through the symbolic link '{part}'")
        last = n == len(parts) - 1
        if not last and not stat.S_ISDIR(info.st_mode):
            return None, f"goes through '{part}', which is not a folder"
    if stat.S_ISDIR(info.st_mode):
        return None, "is a folder, not a file"
    if not stat.S_ISREG(info.st_mode):
        return None, "is not a regular file (a device, pipe or socket)"
    if info.st_size > limit:
        return None, f"is {info.st_size:,} bytes, more than the limit of {limit:,}"
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(current, flags)
    except OSError as error:
        return None, f"cannot be read ({error.strerror})"
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # replaced since lstat
            return None, "is not a regular file"
        data = handle.read(limit + 1)
    if len(data) > limit:
        return None, f"is more than the limit of {limit:,} bytes"
    return data, None


# ---------------------------------------------------------------------------------------
# The descriptor
# ---------------------------------------------------------------------------------------

def nesting_fault(text: str, limit: int = MAX_DEPTH) -> int | None:
    """The line where JSON text first nests deeper than ``limit`` arrays and objects, or None.
    A scan of brackets outside strings: no parser, so no recursion."""
    depth, line, in_string, escaped = 0, 1, False, False
    for ch in text:
        if ch == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return line
        elif ch in "]}":
            depth -= 1
    return None


def _where(trail: list[str]) -> str:
    return "".join(f"[{t}]" if t.isdigit() else f".{t}" for t in trail).lstrip(".") or "top level"


def reference_problems(node, trail: list[str] | None = None) -> list[str]:
    """Every reference in the descriptor that could make a validator read or fetch
    something outside the data folder (see the module docstring)."""
    trail = trail or []
    found: list[str] = []
    if isinstance(node, list):
        for n, item in enumerate(node):
            found += reference_problems(item, [*trail, str(n)])
        return found
    if not isinstance(node, dict):
        return found
    for key, value in node.items():
        here = [*trail, str(key)]
        if key in METADATA_KEYS and isinstance(value, list):
            continue
        if key in REFERENCE_KEYS and not isinstance(value, (dict, list)):
            found += _reference_problem(key, value, here)
        elif key in REFERENCE_KEYS and key == "path" and isinstance(value, list):
            found.append(problem(f"{DESCRIPTOR}, {_where(here)}", "a path made of several files",
                                 "local references", "give each table one CSV file, as a relative path"))
            continue
        found += reference_problems(value, here)
    return found


def _reference_problem(key: str, value, trail: list[str]) -> list[str]:
    where = f"{DESCRIPTOR}, {_where(trail)}"
    if not isinstance(value, str):
        return [problem(where, f"expected a string, got {type(value).__name__}", "local references",
                        f"write '{key}' as the descriptor's other resources do")]
    shown = value if len(value) <= 80 else value[:77] + "..."
    if _URL.match(value) or "://" in value:
        return [problem(where, f"{key} {shown!r} names a remote location; nothing may be fetched",
                        "local references",
                        "write the schema and dialect inline, give a profile by name (e.g. 'tabular-data-package'),"
                        " and a table's path relative to the data folder")]
    if key == "path":
        parts = PurePosixPath(value).parts
        if not _SAFE_PATH.fullmatch(value) or ".." in parts or value.startswith("/"):
            return [problem(where, f"path {shown!r} is not a plain relative path inside the data folder",
                            "local references",
                            "use letters, digits, '_', '-', '.' and '/' only, without '..' (e.g. 'reference/x.csv')")]
        return []
    if key in ("schema", "dialect"):
        return [problem(where, f"{key} {shown!r} refers to another file", "local references",
                        f"write the {key} inline, as an object, like the other resources")]
    if not _PROFILE_NAME.fullmatch(value):
        return [problem(where, f"{key} {shown!r} is neither a profile name nor allowed as a file",
                        "local references", "give a registered profile by name, e.g. 'tabular-data-package'")]
    return []


# ---------------------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------------------

_ALL = None  # a character set that may hold anything
_INVALID = "is not a valid regular expression"


def _chars(op, av):
    """The characters a one-character item can match, as (low, high) ranges; None for any."""
    name = str(op)
    if name == "LITERAL":
        return [(av, av)]
    if name == "IN":
        ranges = []
        for sub_op, sub_av in av:
            sub = str(sub_op)
            if sub == "LITERAL":
                ranges.append((sub_av, sub_av))
            elif sub == "RANGE":
                ranges.append(tuple(sub_av))
            else:  # NEGATE, CATEGORY (\d, \w...): treat as anything
                return _ALL
        return ranges
    return _ALL


def _disjoint(a, b) -> bool:
    if a is _ALL or b is _ALL:
        return False
    return all(hi1 < lo2 or hi2 < lo1 for lo1, hi1 in a for lo2, hi2 in b)


def _items(sub):
    return list(sub.data if hasattr(sub, "data") else sub)


def _variable_chars(sub, acc: list) -> bool:
    """Collect into ``acc`` the character sets of the variable-length parts of ``sub``;
    True if it has any (a repeat of varying count, or an alternation)."""
    variable = False
    for op, av in _items(sub):
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, body = av
            inner: list = []
            body_variable = _variable_chars(body, inner)
            if lo != hi or body_variable:
                variable = True
                for bop, bav in _items(body):
                    acc.append(_chars(bop, bav) if str(bop) in ("LITERAL", "IN") else _ALL)
                acc.extend(inner)
        elif name == "BRANCH":
            variable = True
            for alternative in av[1]:
                for bop, bav in _items(alternative):
                    acc.append(_chars(bop, bav) if str(bop) in ("LITERAL", "IN") else _ALL)
                _variable_chars(alternative, acc)
        elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
            variable |= _variable_chars(av[-1], acc)
    return variable


def _first_item(sub):
    items = _items(sub)
    while items and str(items[0][0]) in ("SUBPATTERN",):
        items = _items(items[0][1][-1])
    return items[0] if items else None


def pattern_fault(pattern: str) -> str | None:
    """Why ``pattern`` could take unbounded time on a long value, or None if it cannot."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"is {len(pattern)} characters long, more than {MAX_PATTERN_LENGTH}"
    try:
        parsed = _sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError) as error:
        return f"{_INVALID} ({error})"
    unbounded = 0

    def walk(sub) -> str | None:
        nonlocal unbounded
        for op, av in _items(sub):
            name = str(op)
            if name in ("GROUPREF", "GROUPREF_EXISTS", "ASSERT", "ASSERT_NOT"):
                return "uses a back-reference or a look-around"
            if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                lo, hi, body = av
                if hi == _sre_parse.MAXREPEAT:
                    unbounded += 1
                inner: list = []
                if hi > 1 and _variable_chars(body, inner):
                    first = _first_item(body)
                    lead = _chars(*first) if first is not None and str(first[0]) in ("LITERAL", "IN") else _ALL
                    if not all(_disjoint(lead, chars) for chars in inner):
                        return ("repeats a part of varying length whose repetitions can split a value in many "
                                "ways (a nested quantifier such as (a+)+ or (a|aa)*)")
                fault = walk(body)
                if fault:
                    return fault
            elif name == "BRANCH":
                for alternative in av[1]:
                    fault = walk(alternative)
                    if fault:
                        return fault
            elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
                fault = walk(av[-1])
                if fault:
                    return fault
        return None

    fault = walk(parsed)
    if fault is None and unbounded > MAX_UNBOUNDED_REPEATS:
        fault = f"has {unbounded} unbounded repeats, more than {MAX_UNBOUNDED_REPEATS}"
    return fault


# ---------------------------------------------------------------------------------------
# The CSV files
# ---------------------------------------------------------------------------------------

def csv_problems(data: bytes, file: str, patterned: dict[str, str]) -> list[str]:
    """Values too long for the csv module, values too long to check against their column's
    pattern (``patterned``: column -> pattern), and blank lines ending the file. Faults of
    encoding and quoting are left to the validator."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return []
    found: list[str] = []
    previous = csv.field_size_limit()
    csv.field_size_limit(max(MAX_FILE_BYTES, previous))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        header: list[str] = []
        line = 1
        try:
            for n, row in enumerate(reader):
                if n == 0:
                    header = row
                for k, value in enumerate(row):
                    column = header[k] if k < len(header) else f"field {k + 1}"
                    if len(value) > MAX_FIELD_CHARS:
                        found.append(problem(file, f"a value of {len(value):,} characters, more than the limit "
                                                   f"of {MAX_FIELD_CHARS:,}", "value length",
                                             "shorten the value: a data cell holds a value, not a document",
                                             line=line, column=column))
                    elif n and column in patterned and len(value) > MAX_PATTERN_CELL:
                        found.append(problem(file, f"a value of {len(value):,} characters is checked against the "
                                                   f"pattern {patterned[column]!r}; at most {MAX_PATTERN_CELL} "
                                                   "are", "value length",
                                             "the column holds a code or an id: check the value", line=line,
                                             column=column))
                line = reader.line_num + 1
        except csv.Error:
            return found  # the validator names the quoting fault
    finally:
        csv.field_size_limit(previous)
    stripped = text.rstrip("\r\n")
    tail = text[len(stripped):]
    line_breaks = tail.count("\n") + tail.count("\r") - tail.count("\r\n")
    if stripped and line_breaks > 1:
        last = stripped.count("\n") + stripped.count("\r") - stripped.count("\r\n") + 2
        found.append(problem(file, f"the file ends in {line_breaks - 1} blank line(s)", "CSV blank lines",
                             "delete the empty line(s) at the end (frictionless reads each as a blank row); "
                             "one line break after the last row is right", line=last))
    return found


# ---------------------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------------------

def _field_patterns(resource: dict) -> dict[str, str]:
    schema = resource.get("schema")
    fields = schema.get("fields") if isinstance(schema, dict) else None
    out = {}
    for f in fields if isinstance(fields, list) else []:
        constraints = f.get("constraints") if isinstance(f, dict) else None
        if isinstance(constraints, dict) and isinstance(constraints.get("pattern"), str) \
                and isinstance(f.get("name"), str):
            out[f["name"]] = constraints["pattern"]
    return out


def examine(data_dir: Path | str) -> Intake:
    """Run every intake check on the package in ``data_dir`` (see the module docstring)."""
    data_dir = Path(data_dir).resolve()
    intake = Intake(data_dir)
    data, why = _read_inside(data_dir, DESCRIPTOR, MAX_DESCRIPTOR_BYTES)
    if why:
        intake.problems.append(problem(DESCRIPTOR, f"the descriptor {why}", "descriptor file",
                                       "restore data/datapackage.json (git checkout -- data/datapackage.json)"))
        return intake
    if data is None:
        return intake  # missing: the validator names it
    intake.files[DESCRIPTOR] = data
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return intake
    deep = nesting_fault(text)
    if deep is not None:
        intake.problems.append(problem(DESCRIPTOR, f"arrays and objects nested more than {MAX_DEPTH} levels deep",
                                       "descriptor depth", "the descriptor needs about eight levels: remove the "
                                       "extra nesting", line=deep))
        return intake
    try:
        descriptor = json.loads(text)
    except (ValueError, RecursionError):
        return intake
    intake.descriptor = descriptor if isinstance(descriptor, dict) else None
    intake.problems += reference_problems(descriptor)
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    for n, resource in enumerate(resources if isinstance(resources, list) else []):
        if not isinstance(resource, dict):
            continue
        name = resource.get("name") if isinstance(resource.get("name"), str) else f"resources[{n}]"
        schema = resource.get("schema")
        if name in REQUIRED_KEYS and isinstance(schema, dict):
            key = schema.get("primaryKey")
            if ([key] if isinstance(key, str) else key) != REQUIRED_KEYS[name]:
                intake.problems.append(problem(
                    f"{DESCRIPTOR}, resource '{name}'", f"primaryKey is {key!r}; the library relies on "
                    f"{REQUIRED_KEYS[name]!r}", "required primary key",
                    f"restore \"primaryKey\": {json.dumps(REQUIRED_KEYS[name])} in the schema of '{name}'"))
        patterns = _field_patterns(resource)
        for column, pattern in patterns.items():
            fault = pattern_fault(pattern)
            if fault and fault.startswith(_INVALID):
                continue  # the validator names an invalid pattern in its own terms
            if fault:
                intake.problems.append(problem(
                    f"{DESCRIPTOR}, resource '{name}', field '{column}'", f"the pattern {pattern[:80]!r} {fault}",
                    "safe pattern", "write a simpler pattern: one repeat per part, parts separated by a fixed "
                    "character, e.g. [a-z0-9]+(-[a-z0-9]+)*"))
        path = resource.get("path")
        if not isinstance(path, str) or reference_problems({"path": path}):
            continue
        data, why = _read_inside(data_dir, path, MAX_FILE_BYTES)
        if why:
            intake.problems.append(problem(path, f"the data file of resource '{name}' {why}", "resource file",
                                           "a table must be a regular file inside the data folder: restore it "
                                           f"(git checkout -- data/{path})"))
            continue
        if data is None:
            continue
        intake.files[path] = data
        if path.endswith(".csv"):
            intake.problems += csv_problems(data, path, {c: p for c, p in patterns.items() if not pattern_fault(p)})
    return intake


def check(data_dir: Path | str) -> Intake:
    """:func:`examine`, raising :class:`IntakeError` when a check fails."""
    intake = examine(data_dir)
    if intake.problems:
        raise IntakeError(intake.problems)
    return intake

