"""Read a CSV resource of the data package and check it against its Table Schema.

The schema lives in ``data/datapackage.json`` (Frictionless Data Package). This module
checks the descriptor itself (valid JSON, the keys every resource and field needs, keys
and references that point at declared fields), reads a CSV strictly and checks it
against its resource's schema:

* **encoding**: UTF-8 (a byte-order mark is accepted); the first invalid byte is named
  by its line and byte offset;
* **structure**: a header line with exactly the declared columns, in order; every row
  with one field per column; quotes closed; no blank lines between rows;
* **text**: no control or invisible formatting characters, no leading or trailing
  whitespace, no free text that a spreadsheet would run as a formula (``=...``,
  ``+A``, ``-A``, ``@A``, ``-(``...);
* **types**: integers and numbers written as plain decimals (``21450``, ``0.9``), finite
  and at most 2**53 in size; booleans ``true``/``false``; dates strictly ``YYYY-MM-DD``
  and real calendar days;
* **formats**: a string field with ``"format": "uri"`` holds a URI with a scheme
  (``https://...``), as frictionless reads it; a format the reader does not check is a
  descriptor problem, never ignored;
* **constraints**: required, enum, pattern, minimum, primary key.

Foreign keys are checked by :mod:`analysis.package.load`, which can see the other tables,
and the data rules by :mod:`analysis.checks`. Every problem is one line naming the file,
the line (the header is line 1), the column and the rule, with a hint how to fix it;
nothing is coerced or dropped silently. All problems of a file are collected into one :class:`DataValidationError`.
"""

from __future__ import annotations

import csv
import datetime
import difflib
import hashlib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path, PurePosixPath

import pandas as pd

from analysis.package.errors import MAX_REPORTED_PROBLEMS, DataValidationError  # noqa: F401 - re-exported

CSV_FIELD_LIMIT = 131_072  # characters in one value: the csv module's own default
DESCRIPTOR = "datapackage.json"
FIELD_TYPES = ("string", "integer", "number", "boolean", "date")
# Table Schema formats of string fields that the reader checks ('default': any text). 'uri' is
# checked as frictionless checks it (rfc3986 with a scheme required): the value starts with
# a scheme and a colon, as in 'https:'.
STRING_FORMATS = ("default", "uri")
_URI = re.compile(r"[^:/?#]+:")
# Largest magnitude of a number: beyond 2**53 a float no longer holds every whole number,
# so counts, bounds and sums would silently lose units.
MAX_ABS_NUMBER = 2**53

_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_THOUSANDS = re.compile(r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
_DECIMAL_COMMA = re.compile(r"-?[0-9]+,[0-9]+")
_NON_FINITE = {"nan", "inf", "infinity", "+inf", "-inf", "+infinity", "-infinity", "+nan", "-nan"}
_PATH = re.compile(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*\.csv")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BOOLEANS = {"true": True, "false": False}
# C0 and C1 control characters (tab, line breaks, NUL, escape...) and the invisible
# formatting characters that hide text or reverse its direction (zero-width spaces and
# joiners, bidirectional overrides and isolates, word joiner, a byte-order mark inside
# the text), and the Unicode line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# A cell that Excel, LibreOffice or Google Sheets would evaluate: '=' then anything, or
# '+', '-', '@' followed by a letter or an opening parenthesis.
_FORMULA = re.compile(r"=.|[+\-@](?:[^\W\d_]|\()", re.DOTALL)
_THOUSANDS_HEAD = re.compile(r"(?:.*\D)?[0-9]{1,3}", re.DOTALL)
_THOUSANDS_TAIL = re.compile(r"[0-9]{3}(?:\D.*)?", re.DOTALL)




def problem(file: str, message: str, rule: str, hint: str, line: int | str | None = None,
            column: str | Sequence[str] | None = None) -> str:
    """One problem as a line of text: ``file, line N, column 'c': message [rule: r] Hint: h``."""
    where = str(file)
    if line is not None:
        where += f", line {line}"
    if isinstance(column, str):
        where += f", column '{column}'"
    elif column:
        where += ", columns " + ", ".join(f"'{c}'" for c in column)
    return f"{where}: {message} [rule: {rule}] Hint: {hint}"


def digest(data: bytes) -> str:
    """Content digest of a file's bytes (the cache key of what was read from it)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    enum: tuple[str, ...] | None
    pattern: str | None
    minimum: float | None
    description: str
    title: str = ""
    format: str = "default"
    #: Display words of a controlled vocabulary (the descriptor's custom key ``labels``): enum
    #: value -> {kind of wording -> text}, e.g. ``{"partial": {"label": "partial", ...}}``. The
    #: kinds are the project's own (see :mod:`analysis.package.vocabulary`); None without the key.
    labels: dict | None = dataclass_field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class Resource:
    name: str
    path: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[dict, ...]

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


# ---------------------------------------------------------------------------------------
# The descriptor
# ---------------------------------------------------------------------------------------

_PACKAGES: dict[str, dict[str, Resource]] = {}


def read_package(datapackage_path: Path) -> dict[str, Resource]:
    """Parse ``datapackage.json`` into :class:`Resource` records keyed by resource name.

    The file is read on every call and its parsed form cached by content, so an edited
    descriptor is seen at once. Raises :class:`DataValidationError` when the file is
    missing, not UTF-8, not JSON, or lacks the keys the library needs.
    """
    path = Path(datapackage_path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DataValidationError([problem(
            DESCRIPTOR, f"cannot read the data package descriptor {path}: {error.strerror or error}",
            "descriptor exists",
            "run from the project folder, or pass the folder that holds datapackage.json and the CSV files",
        )]) from None
    return parse_package(data)


def parse_package(data: bytes) -> dict[str, Resource]:
    """Parse the bytes of a ``datapackage.json`` (see :func:`read_package`); cached by digest."""
    key = digest(data)
    if key not in _PACKAGES:
        if len(_PACKAGES) >= 16:
            _PACKAGES.pop(next(iter(_PACKAGES)))
        _PACKAGES[key] = _parse_package(data)
    return _PACKAGES[key]


def clear_package_cache() -> None:
    """Forget parsed descriptors."""
    _PACKAGES.clear()



def _parse_package(data: bytes) -> dict[str, Resource]:
    text, encoding_problem = decode_utf8(data, DESCRIPTOR)
    if encoding_problem:
        raise DataValidationError([encoding_problem])
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataValidationError([problem(
            DESCRIPTOR, f"not valid JSON: {error.msg} (character {error.colno})"
            + (" (perhaps at the end of the line before)" if "delimiter" in error.msg and error.colno < 20 else ""),
            "descriptor JSON",
            "fix the JSON syntax there (a missing comma, quote or bracket is the usual cause); "
            "`python -m json.tool data/datapackage.json` shows the same position",
            line=error.lineno,
        )]) from None
    problems = _descriptor_problems(descriptor)
    if problems:
        raise DataValidationError(problems)
    resources = {}
    for res in descriptor["resources"]:
        schema = res["schema"]
        fields = []
        for f in schema["fields"]:
            c = f.get("constraints", {})
            fields.append(
                Field(
                    name=f["name"],
                    type=f.get("type", "string"),
                    required=bool(c.get("required", False)),
                    enum=tuple(c["enum"]) if "enum" in c else None,
                    pattern=c.get("pattern"),
                    minimum=c.get("minimum"),
                    description=f.get("description", ""),
                    title=f.get("title", ""),
                    format=f.get("format", "default"),
                    labels=f.get("labels"),
                )
            )
        pk = schema.get("primaryKey", [])
        resources[res["name"]] = Resource(
            name=res["name"],
            path=res["path"],
            fields=tuple(fields),
            primary_key=tuple([pk] if isinstance(pk, str) else pk),
            foreign_keys=tuple(schema.get("foreignKeys", [])),
        )
    return resources


def _names(value) -> list[str] | None:
    """A key given as one name or a list of names, or None if it is neither."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value
    return None


def _descriptor_problems(descriptor) -> list[str]:
    """Everything the loaders rely on in the descriptor, as problems (empty if sound)."""
    def bad(where: str, message: str, hint: str) -> str:
        return problem(f"{DESCRIPTOR}, {where}", message, "descriptor", hint)

    if not isinstance(descriptor, dict):
        return [bad("top level", f"expected a JSON object, got {type(descriptor).__name__}",
                    'the file must be an object: {"name": ..., "resources": [...]}')]
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        return [bad("key 'resources'", "missing, or not a non-empty list",
                    "list every table under 'resources', each with 'name', 'path' and 'schema'")]
    problems: list[str] = []
    declared: dict[str, set[str]] = {}
    good: list[tuple[str, dict, str]] = []
    for n, res in enumerate(resources):
        where = f"resources[{n}]"
        if not isinstance(res, dict):
            problems.append(bad(where, "expected an object",
                                "each resource is an object with 'name', 'path', 'schema'"))
            continue
        name = res.get("name")
        if isinstance(name, str) and name:
            where += f" ('{name}')"
        else:
            problems.append(bad(where, "key 'name' is missing or not a non-empty string",
                                "give the resource its table name, e.g. \"name\": \"participants\""))
            continue
        if name in declared:
            problems.append(bad(where, f"resource name '{name}' is used twice", "each resource needs its own name"))
            continue
        path = res.get("path")
        if not isinstance(path, str) or not path:
            problems.append(bad(where, "key 'path' is missing or not a non-empty string",
                                "give the CSV file's path relative to data/, e.g. \"path\": \"participants.csv\""))
        elif not _PATH.fullmatch(path) or ".." in PurePosixPath(path).parts:
            problems.append(bad(where, f"path {path!r} is not the path of a CSV file inside the data folder",
                                "write the path relative to data/ with '/' separators, letters, digits, '_', '-' "
                                "and '.', ending in .csv, e.g. reference/countries.csv"))
        schema = res.get("schema")
        if not isinstance(schema, dict):
            problems.append(bad(where, "key 'schema' is missing or not an object",
                                "give the resource a Table Schema: \"schema\": {\"fields\": [...]}"))
            continue
        fields = schema.get("fields")
        if not isinstance(fields, list) or not fields:
            problems.append(bad(f"{where}.schema", "key 'fields' is missing or not a non-empty list",
                                "list the CSV's columns in order, each as {\"name\": ..., \"type\": ...}"))
            continue
        names: set[str] = set()
        for k, field in enumerate(fields):
            problems += _field_problems(field, f"{where}.schema.fields[{k}]", names, bad)
        declared[name] = names
        good.append((name, schema, where))
    for name, schema, where in good:
        problems += _key_problems(name, schema, where, declared, bad)
    return problems


def _labels_problems(labels, enum, where: str, bad) -> list[str]:
    """The custom key ``labels`` (display words of a vocabulary): an object with one entry per
    value of the field's ``enum``, each an object of wordings (strings) or flags (booleans)."""
    hint = ('give every enum value its words, e.g. "labels": {"partial": {"label": "partial"}}, '
            "and no other value")
    if not isinstance(enum, list):
        return [bad(where, "key 'labels' on a field without an 'enum' constraint", "list the values in 'enum' first")]
    if not isinstance(labels, dict):
        return [bad(where, "key 'labels' is not an object", hint)]
    problems = []
    missing = [v for v in enum if v not in labels]
    unknown = [v for v in labels if v not in enum]
    if missing or unknown:
        detail = "; ".join(part for part in (f"no words for {missing}" if missing else "",
                                             f"words for values not in 'enum': {unknown}" if unknown else "") if part)
        problems.append(bad(where, f"key 'labels' does not match the enum: {detail}", hint))
    for value, words in labels.items():
        if not isinstance(words, dict) or not isinstance(words.get("label"), str) or not all(
                isinstance(k, str) and isinstance(w, str | bool) for k, w in words.items()):
            problems.append(bad(where, f"labels[{value!r}] is not an object of words (strings) and flags (booleans) "
                                       "with at least a 'label'", hint))
    return problems


def _field_problems(field, where: str, names: set[str], bad) -> list[str]:
    if not isinstance(field, dict):
        return [bad(where, "expected an object", "each field is an object with 'name' and 'type'")]
    name = field.get("name")
    if not isinstance(name, str) or not name:
        return [bad(where, "key 'name' is missing or not a non-empty string", "name the column as in the CSV header")]
    where += f" ('{name}')"
    problems = []
    if name in names:
        problems.append(bad(where, f"field name '{name}' is declared twice", "each column is declared once"))
    names.add(name)
    ftype = field.get("type", "string")
    if ftype not in FIELD_TYPES:
        close = difflib.get_close_matches(str(ftype), FIELD_TYPES, n=1)
        problems.append(bad(where, f"type {ftype!r} is not one of {list(FIELD_TYPES)}",
                            f"use {close[0]!r}" if close else "use one of the listed types"))
    if "format" in field:
        fmt = field["format"]
        allowed = STRING_FORMATS if ftype == "string" else ("default",)
        if fmt not in allowed:
            problems.append(bad(where, f"format {str(fmt)[:40]!r} is not one the reader checks for type {ftype!r}",
                                f"use one of {list(allowed)}, or leave 'format' out"))
    c = field.get("constraints", {})
    if not isinstance(c, dict):
        return problems + [bad(where, "key 'constraints' is not an object",
                               'write constraints as an object, e.g. {"required": true}')]
    if "required" in c and not isinstance(c["required"], bool):
        problems.append(bad(where, f"constraint 'required' is {c['required']!r}, not true or false",
                            "write \"required\": true or false"))
    if "enum" in c and not (isinstance(c["enum"], list) and c["enum"] and all(isinstance(v, str) for v in c["enum"])
                            and len(set(c["enum"])) == len(c["enum"])):
        problems.append(bad(where, "constraint 'enum' is not a non-empty list of distinct strings",
                            'list each allowed value once, as a string, e.g. "enum": ["complete", "partial"]'))
    if "labels" in field:
        problems += _labels_problems(field["labels"], c.get("enum"), where, bad)
    if "pattern" in c:
        try:
            re.compile(c["pattern"])
        except (re.error, TypeError) as error:
            problems.append(bad(where, f"constraint 'pattern' {c['pattern']!r} is not a regular expression ({error})",
                                "fix the regular expression (matched against the whole value)"))
    if "minimum" in c:
        m = c["minimum"]
        if isinstance(m, bool) or not isinstance(m, int | float) or not abs(m) <= MAX_ABS_NUMBER:
            problems.append(bad(where, f"constraint 'minimum' is {str(m)[:20]!r}, not a number of at most 2**53",
                                "write the minimum as a JSON number, e.g. \"minimum\": 0"))
    return problems


def _key_problems(name: str, schema: dict, where: str, declared: dict[str, set[str]], bad) -> list[str]:
    problems = []
    if "primaryKey" in schema:
        pk = _names(schema["primaryKey"])
        if pk is None:
            problems.append(bad(f"{where}.schema.primaryKey", "expected a field name or a list of field names",
                                'e.g. "primaryKey": ["operation_id", "position"]'))
        else:
            for key in pk:
                if key not in declared[name]:
                    problems.append(bad(f"{where}.schema.primaryKey", f"'{key}' is not a field of '{name}'",
                                        "name declared fields only"))
    fks = schema.get("foreignKeys", [])
    if not isinstance(fks, list):
        return problems + [bad(f"{where}.schema.foreignKeys", "expected a list", "list each foreign key as an object")]
    for k, fk in enumerate(fks):
        fwhere = f"{where}.schema.foreignKeys[{k}]"
        ref = fk.get("reference") if isinstance(fk, dict) else None
        fields = _names(fk.get("fields")) if isinstance(fk, dict) else None
        if fields is None or not isinstance(ref, dict):
            problems.append(bad(fwhere, "needs 'fields' (a name or list of names) and a 'reference' object",
                                'e.g. {"fields": ["iso3"], "reference": {"resource": "countries", '
                                '"fields": ["iso3"]}}'))
            continue
        target = ref.get("resource")
        target = name if target == "" else target
        ref_fields = _names(ref.get("fields"))
        if not isinstance(target, str) or ref_fields is None:
            problems.append(bad(fwhere, "'reference' needs 'resource' and 'fields'",
                                'e.g. "reference": {"resource": "countries", "fields": ["iso3"]}'))
            continue
        for f in fields:
            if f not in declared[name]:
                problems.append(bad(fwhere, f"'{f}' is not a field of '{name}'", "name declared fields only"))
        if target not in declared:
            close = difflib.get_close_matches(target, list(declared), n=1)
            problems.append(bad(fwhere, f"refers to resource '{target}', which the descriptor does not declare",
                                f"did you mean '{close[0]}'?" if close else "declare the resource or fix the name"))
            continue
        for f in ref_fields:
            if f not in declared[target]:
                problems.append(bad(fwhere, f"refers to '{target}.{f}', which is not a declared field",
                                    f"use a field of '{target}'"))
        if len(ref_fields) != len(fields):
            problems.append(bad(fwhere, f"{len(fields)} field(s) refer to {len(ref_fields)} field(s)",
                                "give as many reference fields as fields"))
    return problems


# ---------------------------------------------------------------------------------------
# Reading a CSV file
# ---------------------------------------------------------------------------------------

def read_data_file(path: Path, file: str, resource_name: str) -> bytes:
    """The bytes of a resource's CSV; a missing or unreadable file is a :class:`DataValidationError`."""
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise DataValidationError([missing_file_problem(file, resource_name, error)]) from None


def missing_file_problem(file: str, resource_name: str, error: OSError) -> str:
    what = "not found" if isinstance(error, FileNotFoundError) else f"cannot be read ({error.strerror or error})"
    return problem(
        file, f"the data file of resource '{resource_name}' is {what}", "resource file exists",
        f"restore {file} (git checkout -- data/{file}), or correct the resource's 'path' in datapackage.json",
    )


def decode_utf8(data: bytes, file: str) -> tuple[str, str | None]:
    """Decode strictly as UTF-8 (a leading byte-order mark is dropped).

    Returns the text and no problem, or ``("", problem)`` naming the line, the column and
    the byte offset of the first byte that is not UTF-8.
    """
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    body = data[bom:]
    try:
        return body.decode("utf-8"), None
    except UnicodeDecodeError as error:
        start = error.start
    prefix = body[:start].decode("utf-8")  # valid up to the first bad byte
    lines = io.StringIO(prefix, newline="").readlines()  # split as the CSV reader splits
    if lines and not lines[-1].endswith(("\n", "\r")):
        line, current = len(lines), lines[-1]
    else:
        line, current = len(lines) + 1, ""
    column = None
    if file != DESCRIPTOR and line > 1:
        first = io.StringIO(body.decode("utf-8", errors="replace"), newline="").readline()
        header = [name.strip('"') for name in _split_unquoted(first.rstrip("\r\n"))]
        k = len(_split_unquoted(current)) - 1
        column = header[k] if k < len(header) else None
    bad_lines = 0
    for raw_line in re.split(rb"\r\n|\r|\n", body):
        try:
            raw_line.decode("utf-8")
        except UnicodeDecodeError:
            bad_lines += 1
    try:
        data.decode("cp1252")
        guess = " The bytes read as Windows-1252 (Latin-1): the file was probably saved in that encoding."
    except UnicodeDecodeError:
        guess = ""
    offset = bom + start
    message = (
        f"byte {data[offset]:#04x} at byte offset {offset} of the file (byte {len(current.encode()) + 1} of the "
        f"line) is not valid UTF-8; {bad_lines} line(s) in all have such bytes.{guess}"
    )
    return "", problem(
        file, message, "encoding UTF-8",
        "save the file as UTF-8 (Excel: 'CSV UTF-8 (Comma delimited)'; LibreOffice: character set 'Unicode (UTF-8)')",
        line=line, column=column,
    )


def _split_unquoted(text: str) -> list[str]:
    """Split one line at the commas outside double quotes (no error on bad quoting)."""
    fields, quoted, current = [], False, []
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            fields.append("".join(current))
            current = []
        else:
            current.append(ch)
    fields.append("".join(current))
    return fields


def _column_name(header: list[str], k: int) -> str:
    return header[k] if k < len(header) else f"field {k + 1}"


def _quote_fault(text: str) -> tuple[int, str, int] | None:
    """Field index, kind and character position of the first quoting fault in the text of
    one record: a quoted field that is never closed ('open', position of its opening quote),
    or a closing quote followed by other text ('after', position of that quote)."""
    field, i, n, at_start = 0, 0, len(text), True
    while i < n:
        c = text[i]
        if at_start and c == '"':
            opened = i
            i += 1
            while True:
                j = text.find('"', i)
                if j < 0:
                    return field, "open", opened
                if text.startswith('""', j):
                    i = j + 2
                    continue
                i = j + 1
                break
            if i < n and text[i] not in ",\r\n":
                return field, "after", i - 1
            at_start = False
            continue
        if c == ",":
            field += 1
            at_start = True
        elif c in "\r\n":
            field, at_start = 0, True
        else:
            at_start = False
        i += 1
    return None


def _thousands_split(row: list[str], width: int) -> int | None:
    """Index of the field where an unquoted number like 3,222 was split into '3' and '222'
    so that the row has one field per column once the pieces are joined again."""
    extra = len(row) - width
    for i in range(len(row) - extra):
        if _THOUSANDS_HEAD.fullmatch(row[i]) and all(
            re.fullmatch(r"[0-9]{3}", row[i + j]) for j in range(1, extra)
        ) and _THOUSANDS_TAIL.fullmatch(row[i + extra]):
            return i
    return None


@dataclass
class Table:
    """A CSV file split into its header and rows, with the line each row starts on."""
    header: list[str]
    rows: list[list[str]]
    lines: list[int]


def parse_csv(data: bytes, file: str, problems: list[str]) -> Table | None:
    """Split the bytes of a CSV file into header and rows, recording structural problems
    (encoding, quoting, row length, blank lines). Returns None when nothing can be read.

    Values are read up to ``CSV_FIELD_LIMIT`` characters whatever limit another library has
    set for the csv module in this process (some raise it to ``sys.maxsize`` on import), so
    the same file gets the same answer in a notebook, a build and a test run."""
    previous = csv.field_size_limit(CSV_FIELD_LIMIT)
    try:
        return _parse_csv(data, file, problems)
    finally:
        csv.field_size_limit(previous)


def _parse_csv(data: bytes, file: str, problems: list[str]) -> Table | None:
    text, encoding_problem = decode_utf8(data, file)
    if encoding_problem:
        problems.append(encoding_problem)
        return None
    if not text.strip():
        problems.append(problem(file, "the file is empty", "CSV header",
                                "the first line must be the header naming the columns (see data/README.md)",
                                line=1))
        return None
    physical = io.StringIO(text, newline="").readlines()
    reader = csv.reader(iter(physical), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    header: list[str] | None = None
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            if "field larger than field limit" in str(error):  # not a quoting fault: a value too long
                header_names = header or []
                record = "".join(physical[start - 1: max(reader.line_num, start)])
                k = next((n for n, v in enumerate(_split_unquoted(record)) if len(v) > CSV_FIELD_LIMIT), None)
                problems.append(problem(
                    file, f"a value longer than {CSV_FIELD_LIMIT:,} characters", "value length",
                    "shorten the value: a data cell holds a value, not a document", line=start,
                    column=_column_name(header_names, k) if k is not None and header_names else None))
                start = reader.line_num + 1
                continue
            record = "".join(physical[start - 1: max(reader.line_num, start)])
            k, kind, position = _quote_fault(record) or (None, "open", 0)
            column = _column_name(header, k) if k is not None and header else None
            fault_line = start + record.count("\n", 0, position) + record.count("\r", 0, position) \
                - record.count("\r\n", 0, position)
            if kind == "after" and fault_line > start:
                message = (f"a quoted value starts on this line and runs on to line {fault_line}, where a quote "
                           f"is followed by other text ({error})")
                hint = 'a closing quote is probably missing on this line; double a quote that is part of the text ("")'
            elif kind == "after":
                message = f"text follows the closing quote of a quoted value ({error})"
                hint = 'quote the whole value and double the quotes inside it: "a ""quoted"" word"'
            else:
                message = f"a quoted value starts on this line and is never closed ({error})"
                hint = 'add the closing double quote, or double a quote that is part of the text ("")'
            problems.append(problem(file, message, "CSV quoting", hint, line=start, column=column))
            start = reader.line_num + 1
            continue
        end = reader.line_num
        if header is None:
            header = row
            if end > start:
                problems.append(problem(file, f"the header runs over lines {start} to {end}", "CSV quoting",
                                        "close the quote in the header line", line=start))
        else:
            rows.append(row)
            lines.append(start)
            if end > start:
                k = next((n for n, v in enumerate(row) if "\n" in v or "\r" in v), 0)
                problems.append(problem(
                    file, f"a quoted value starts on this line and runs on to line {end}", "CSV quoting",
                    "a closing quote is probably missing; values may not hold line breaks",
                    line=start, column=_column_name(header, k)))
                rows[-1] = None  # type: ignore[call-overload]
        start = end + 1
    if header is None:
        return None
    if header == []:
        problems.append(problem(file, "the first line is blank", "CSV header",
                                "delete the blank line: the first line must be the header naming the columns",
                                line=1))
        return None
    # Blank lines: allowed only at the very end of the file.
    while rows and rows[-1] == []:
        rows.pop()
        lines.pop()
    width = len(header)
    for n, row in enumerate(rows):
        if row is None or len(row) == width:
            continue
        line = lines[n]
        if not row:
            problems.append(problem(file, "blank line between rows", "CSV row length", "delete the empty line",
                                    line=line))
        elif len(row) > width:
            split = _thousands_split(row, width)
            if split is not None:
                pieces = row[split: split + len(row) - width + 1]
                problems.append(problem(
                    file, f"{len(row)} fields, but the header has {width}: the value "
                          f"{','.join(pieces)!r} is not quoted, so the comma of its number splits it "
                          f"and shifts the later columns", "CSV row length",
                    f'put the value in double quotes: "{",".join(pieces)}"',
                    line=line, column=header[split]))
            else:
                problems.append(problem(
                    file, f"{len(row)} fields, but the header has {width} ({len(row) - width} too many: a comma "
                          f"inside an unquoted value, or values after the last column '{header[-1]}')",
                    "CSV row length",
                    'put a value holding a comma in double quotes ("a, b"); remove a stray comma', line=line))
        else:
            problems.append(problem(
                file, f"{len(row)} fields, but the header has {width}: the row stops at column "
                      f"'{header[len(row) - 1]}'", "CSV row length",
                "give every column a value, empty or not (an empty value is two commas in a row)", line=line))
        rows[n] = None  # type: ignore[call-overload]
    return Table(header, rows, lines)


# ---------------------------------------------------------------------------------------
# Checking cells
# ---------------------------------------------------------------------------------------

def _show(value: str, limit: int = 60) -> str:
    """A cell value for a message: quoted, escaped, and cut short if long."""
    return repr(value) if len(value) <= limit else repr(value[: limit - 3]) + f"... ({len(value)} characters)"


def _cell_problem(value: str, field: Field) -> tuple[str, str, str] | None:
    """(message, rule, hint) for a cell whose text breaks a text rule, else None."""
    control = _CONTROL.search(value)
    if control:
        ch = control.group()
        return (f"{_show(value)} holds the control or invisible character U+{ord(ch):04X}", "control characters",
                "delete the character; write line breaks and tabs as a space")
    if value != value.strip():
        return (f"{_show(value)} has leading or trailing whitespace", "surrounding whitespace",
                "delete the spaces before and after the value")
    if field.type == "string" and _FORMULA.match(value):
        return (f"{_show(value)} starts like a spreadsheet formula", "spreadsheet formula",
                "spreadsheets run a cell starting with '=', or '+', '-', '@' then a letter or '(', as a formula: "
                "reword the text so it starts with a letter or a digit")
    return None


def _number_problem(value: str, field: Field) -> tuple[str, str, str] | None:
    integer = field.type == "integer"
    pattern = _INTEGER if integer else _NUMBER
    if not pattern.fullmatch(value):
        if value.lower() in _NON_FINITE:
            return (f"{_show(value)} is not a finite number", "finite number",
                    "leave the cell empty if the number is unknown (never 0)")
        kind = "an integer" if integer else "a number"
        if _THOUSANDS.fullmatch(value):
            hint = f"write it without thousands separators: {value.replace(',', '')}"
        elif _DECIMAL_COMMA.fullmatch(value):
            hint = f"use a point as decimal separator: {value.replace(',', '.')}"
        elif integer and _NUMBER.fullmatch(value):
            hint = "write a whole number, without a decimal point"
        else:
            hint = "write digits only (a '-' sign and, for numbers, a decimal point allowed), e.g. 21450"
        return f"expected {kind}, got {_show(value)}", f"type {field.type}", hint
    digits = value.lstrip("-").split(".")[0].lstrip("0")
    if len(digits) > 16 or abs(float(value)) > MAX_ABS_NUMBER:
        return (f"{_show(value)} is too large: more than 2**53 = {MAX_ABS_NUMBER:,}, beyond which whole numbers "
                f"are not exact", "number range", "check the value for extra digits")
    return None


def _date_problem(value: str) -> tuple[str, str, str] | None:
    if not _DATE.fullmatch(value):
        return (f"expected a date YYYY-MM-DD, got {_show(value)}", "type date",
                "write the date as year-month-day with zero-padded month and day, e.g. 2024-09-04")
    try:
        datetime.date.fromisoformat(value)
    except ValueError as error:
        return (f"{_show(value)} is not a calendar date ({error})", "type date", "check the month and the day")
    return None


def _check_column(values: list[str | None], lines: list[int], field: Field, file: str,
                  problems: list[str]) -> pd.Series:
    """Check one column (``None`` marks a row already rejected) and return it typed."""
    typed: list = []
    regex = re.compile(field.pattern) if field.pattern is not None else None

    def report(line, message, rule, hint):
        problems.append(problem(file, message, rule, hint, line=line, column=field.name))

    for value, line in zip(values, lines, strict=True):
        if value is None or value == "":
            typed.append(None)
            if value == "" and field.required:
                report(line, "value is missing", "required",
                       "fill in the value (an unknown number stays empty only where the column is optional)")
            continue
        fault = _cell_problem(value, field)
        if fault is None and field.type in ("integer", "number"):
            fault = _number_problem(value, field)
        elif fault is None and field.type == "boolean" and value.lower() not in _BOOLEANS:
            fault = (f"expected true or false, got {_show(value)}", "type boolean", "write true or false")
        elif fault is None and field.type == "date":
            fault = _date_problem(value)
        if fault is None and field.format == "uri" and not _URI.match(value):
            fault = (f"{_show(value)} is not a URI: it has no scheme", "format uri",
                     "write the full address, starting with its scheme, e.g. https://www.interpol.int/...")
        if fault is None and field.enum is not None and value not in field.enum:
            close = difflib.get_close_matches(value, field.enum, n=1)
            fault = (f"{_show(value)} is not one of {list(field.enum)}", "enum",
                     f"did you mean {close[0]!r}?" if close else "use one of the listed values")
        if fault is None and regex is not None and not regex.fullmatch(value):
            fault = (f"{_show(value)} does not match {field.pattern!r}", "pattern",
                     "write the value in the form the pattern describes (see data/README.md)")
        if fault is None and field.type in ("integer", "number"):
            number = int(value) if field.type == "integer" else float(value)
            if field.minimum is not None and number < field.minimum:
                fault = (f"{_show(value)} is below the minimum {field.minimum}", "minimum",
                         f"the value must be at least {field.minimum:g}")
        if fault is not None:
            report(line, *fault)
            typed.append(None)
            continue
        if field.type == "integer":
            typed.append(int(value))
        elif field.type == "number":
            typed.append(float(value))
        elif field.type == "boolean":
            typed.append(_BOOLEANS[value.lower()])
        else:
            typed.append(value)
    if field.type == "integer":
        return pd.Series(pd.array(typed, dtype="Int64"))
    if field.type == "number":
        return pd.Series(pd.array(typed, dtype="Float64"))
    if field.type == "boolean":
        return pd.Series(pd.array(typed, dtype="boolean"))
    if field.type == "date":
        return pd.to_datetime(pd.Series(typed, dtype=object), format="%Y-%m-%d")
    column = pd.Series(typed, dtype="string")
    if field.enum is not None:
        column = column.astype(pd.CategoricalDtype(list(field.enum)))
    return column


def _header_problems(header: list[str], expected: list[str], file: str) -> list[str]:
    if header == expected:
        return []
    hint = "the header line must be exactly: " + ",".join(expected)
    spaced = [c for c in header if c != c.strip()]
    if spaced:
        return [problem(f"{file}, line 1 (header)", f"column name(s) {spaced} have surrounding whitespace",
                        "schema fields", hint)]
    doubled = sorted({c for c in header if header.count(c) > 1})
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    detail = []
    if missing:
        detail.append(f"missing column(s) {missing}")
    if extra:
        detail.append(f"unexpected column(s) {extra}")
    if doubled:
        detail.append(f"column(s) {doubled} appear more than once")
    if not detail:
        detail.append(f"columns out of order: expected {expected}, got {header}")
    if missing and extra and len(missing) == len(extra) == 1:
        hint = f"rename column {extra[0]!r} to {missing[0]!r}, or " + hint
    return [problem(f"{file}, line 1 (header)", "; ".join(detail), "schema fields", hint)]


def read_resource(resource: Resource, data_dir: Path, data: bytes | None = None) -> pd.DataFrame:
    """Read one CSV of the package, check its schema and return a typed DataFrame.

    Strings stay strings (``NA`` is Namibia's code, not a missing value): only an empty
    cell is missing. Enumerated fields become categoricals in the declared order. The
    returned frame has a default index: the row at index ``i`` is on line ``i + 2``.
    ``data`` are the file's bytes if the caller has read them already.
    Raises :class:`DataValidationError` listing every problem found.
    """
    file = resource.path
    if data is None:
        data = read_data_file(Path(data_dir) / resource.path, file, resource.name)
    problems: list[str] = []
    table = parse_csv(data, file, problems)
    if table is None:
        raise DataValidationError(problems)
    expected = resource.field_names
    header_problems = _header_problems(table.header, expected, file)
    if header_problems:
        raise DataValidationError(problems + header_problems)

    columns = list(zip(*[row if row is not None else [None] * len(expected) for row in table.rows], strict=True))
    if not columns:
        columns = [() for _ in expected]
    typed = {}
    for field, values in zip(resource.fields, columns, strict=True):
        typed[field.name] = _check_column(list(values), table.lines, field, file, problems)
    frame = pd.DataFrame(typed, index=pd.RangeIndex(len(table.rows)))

    if resource.primary_key:
        seen: dict[tuple, int] = {}
        positions = [expected.index(k) for k in resource.primary_key]
        for row, line in zip(table.rows, table.lines, strict=True):
            if row is None:
                continue
            key = tuple(row[p] for p in positions)
            if key in seen:
                values = ", ".join(f"{k}={v!r}" for k, v in zip(resource.primary_key, key, strict=True))
                problems.append(problem(
                    file, f"duplicate primary key ({values}), first on line {seen[key]}", "primaryKey",
                    "remove the duplicate row, or give it a key of its own", line=line))
            else:
                seen[key] = line
    if problems:
        raise DataValidationError(problems)
    return frame
