"""The data package, opened from its folder: ``Package.open(data_dir).table(name)``.

A :class:`Package` reads each table checked against ``datapackage.json`` (encoding,
structure, text, types, formats, required values, allowed values, patterns, minimums,
primary key: see :mod:`analysis.package.schema`) and its foreign keys, and runs the
:class:`Rules` it was opened with: the data rules a Table Schema cannot express live in
:mod:`analysis.checks`, which opens packages with them (:func:`analysis.checks.open_package`);
this layer only calls them. Errors name the file, line, column and rule, with a hint how to
fix them, and are raised together as one :class:`~analysis.package.schema.DataValidationError`.

Every table, the reference tables included, comes from the package being read: a copy of
the data in another folder is checked against its own tables. The environment variable
``TRAFFICKING_DATA_DIR`` only chooses the folder opened when none is given.

Validated tables are cached by content, not by process or folder: an entry is keyed by
the table's name, the rules' name and the digests of the descriptor and its CSV, holds the
digest of every other file its validation read (the tables its foreign keys and rules
looked up, transitively), and is used only while all those files still have the same
bytes. A data file edited in a running session is therefore re-read and re-checked, an
unchanged one never is, and a copy of the data shares the entries of the original.
:func:`clear_cache` empties the cache.
"""

from __future__ import annotations

import difflib
import json
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.package import paths
from analysis.package.schema import (
    DESCRIPTOR,
    DataValidationError,
    Resource,
    clear_package_cache,
    digest,
    missing_file_problem,
    parse_package,
    problem,
    read_package,
    read_resource,
)

# Tables whose rows belong to a case rather than directly to an operation.
CASE_CHILD_TABLES = ("case_figures", "case_figure_alternatives", "case_crime_types", "case_places", "case_seizures")

# The resources the library reads, with the columns its loaders and data rules use and
# their types. The descriptor must declare all of them; a missing or renamed resource, or a
# missing or retyped column, is a descriptor problem.
_S, _N, _D, _B = "string", "number", "date", "boolean"
REQUIRED_RESOURCES: dict[str, dict[str, str]] = {
    "sources": {"source_url": _S},
    "operations": {"operation_id": _S, "family_id": _S, "start_date": _D, "end_date": _D, "participant_list": _S},
    "figures": {"operation_id": _S, "metric_id": _S, "value_as_printed": _S, "value": _N, "qualifier": _S,
                "lower_bound": _N, "upper_bound": _N, "notes": _S, "value_reading": _S},
    "figure_alternatives": {"operation_id": _S, "metric_id": _S, "value_as_printed": _S, "value": _N,
                            "qualifier": _S, "lower_bound": _N, "upper_bound": _N, "notes": _S, "value_reading": _S},
    "participants": {"operation_id": _S, "name_as_printed": _S, "iso3": _S, "is_resolver_exception": _B,
                     "is_project_reading": _B, "notes": _S},
    "coordination_units": {"operation_id": _S, "iso3": _S},
    "partners": {"operation_id": _S},
    "cases": {"case_id": _S, "operation_id": _S, "location_iso3": _S, "location_area_m49": _S,
              "location_as_printed": _S, "location_basis": _S},
    "case_figures": {"case_id": _S, "count_type": _S, "value_as_printed": _S, "value": _N, "qualifier": _S,
                     "lower_bound": _N, "upper_bound": _N, "notes": _S, "value_reading": _S},
    "case_figure_alternatives": {"case_id": _S, "count_type": _S, "value_as_printed": _S, "value": _N,
                                 "qualifier": _S, "lower_bound": _N, "upper_bound": _N, "notes": _S,
                                 "value_reading": _S},
    "case_crime_types": {"case_id": _S, "crime_type": _S},
    "case_places": {"case_id": _S, "place_code": _S},
    "case_seizures": {"case_id": _S},
    "countries": {"iso3": _S, "name": _S, "is_territory": _B, "sovereign_iso3": _S},
    "country_aliases": {"alias": _S, "iso3": _S},
    "m49_areas": {"m49_code": _S},
    "region_schemes": {"scheme_id": _S},
    "region_membership": {"scheme_id": _S, "iso3": _S, "region_code": _S, "region_name": _S},
    "qualifiers": {"qualifier": _S, "lower_factor": _N, "upper_factor": _N},
    "metrics": {"metric_id": _S, "label": _S, "unit": _S},
    "count_types": {"count_type": _S, "unit": _S},
    "crime_types": {"crime_type": _S},
    "population": {"iso3": _S, "population": "integer"},
}

@dataclass(frozen=True)
class Rules:
    """Checks a Table Schema cannot express, run by a :class:`Package` on what it reads.

    ``table(name, path, frame, package)`` returns the problems of one table just read and
    typed (``path`` is its file relative to the data folder); ``package(package)`` those of
    rules spanning tables, run by :meth:`Package.validate` once every table is sound.
    ``name`` tells rule sets apart in the cache: give each set its own.
    """

    name: str
    table: Callable[[str, str, pd.DataFrame, Package], list[str]]
    package: Callable[[Package], list[str]]


NO_RULES = Rules("schema only", lambda name, path, frame, package: [], lambda package: [])


class Package:
    """A data package in a folder (``datapackage.json`` and its CSV files), read through the
    content-keyed cache. Cheap to open: nothing is read until a table is asked for."""

    def __init__(self, data_dir: Path | str, rules: Rules = NO_RULES):
        self.data_dir = Path(data_dir).resolve()
        self.rules = rules

    @classmethod
    def open(cls, data_dir: Package | Path | str | None = None, rules: Rules | None = None) -> Package:
        """The package in ``data_dir`` (default: ``TRAFFICKING_DATA_DIR`` or the project's
        ``data/``). An opened package is returned as it is, unless other ``rules`` are asked for."""
        if isinstance(data_dir, Package):
            if rules is None or data_dir.rules is rules:
                return data_dir
            return cls(data_dir.data_dir, rules)
        folder = paths.default_data_dir() if data_dir is None else data_dir
        return cls(folder, NO_RULES if rules is None else rules)

    def __repr__(self) -> str:
        return f"Package({str(self.data_dir)!r}, rules={self.rules.name!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Package) and (self.data_dir, self.rules) == (other.data_dir, other.rules)

    def __hash__(self) -> int:
        return hash((self.data_dir, self.rules.name))

    def path(self, relative: str) -> Path:
        """A file of the package, from its path relative to the data folder."""
        return self.data_dir / relative

    def digest(self, relative: str) -> str:
        """Content digest of a file of the package (recorded as read by the table being checked)."""
        with _reading() as reading:
            return reading.depend(self.data_dir, relative)

    def content_key(self) -> tuple[str, ...]:
        """Digests of the descriptor and of every file it lists: two packages with equal keys
        hold the same data (a key for remembering results computed from the whole package)."""
        with _reading() as reading:
            resources = _package(self.data_dir, reading)
            files = sorted({r.path for r in resources.values()})
            return (reading.depend(self.data_dir, DESCRIPTOR), *(reading.depend(self.data_dir, f) for f in files))

    def resources(self) -> dict[str, Resource]:
        """The descriptor's resources by name (checked: see :func:`_package`)."""
        with _reading() as reading:
            return _package(self.data_dir, reading)

    def frame(self, name: str) -> pd.DataFrame:
        """Table ``name``, checked, as the cache holds it: shared, so never modify it
        (:meth:`table` gives a copy). The same object while the files it read are unchanged."""
        with _reading():
            return _validated(name, self)

    def table(self, name: str, operation_id: str | None = None) -> pd.DataFrame:
        """Table ``name``, checked and typed (a copy). ``operation_id`` keeps the rows of one
        operation (tables of cases are filtered through their case); an unknown id raises
        ``ValueError`` listing the valid ones."""
        with _reading():
            frame = _validated(name, self).copy()
            if operation_id is None:
                return frame
            valid = sorted(_validated("operations", self)["operation_id"])
            if operation_id not in valid:
                raise ValueError(f"unknown operation_id {operation_id!r}; valid values: {valid}")
            if "operation_id" in frame.columns:
                frame = frame[frame["operation_id"] == operation_id]
            elif name in CASE_CHILD_TABLES:
                cases = _validated("cases", self)
                ids = set(cases.loc[cases["operation_id"] == operation_id, "case_id"])
                frame = frame[frame["case_id"].isin(ids)]
            else:
                raise ValueError(f"table {name!r} is not split by operation; call it without operation_id")
        return frame.reset_index(drop=True)

    def validate(self) -> dict[str, int]:
        """Read and check every table, then the rules spanning tables; the row count of each
        table. Collects the problems of all tables before raising one :class:`DataValidationError`."""
        counts, problems = {}, []
        with _reading() as reading:
            for name in _package(self.data_dir, reading):
                try:
                    counts[name] = len(_validated(name, self))
                except DataValidationError as error:
                    problems += [p for p in error.problems if p not in problems]
            if not problems:
                problems += self.rules.package(self)
        if problems:
            raise DataValidationError(problems)
        return counts


# ---------------------------------------------------------------------------------------
# Content-keyed cache
# ---------------------------------------------------------------------------------------

@dataclass
class _Reading:
    """The files read during one top-level call, each read and hashed once, and the
    dependencies of the tables being validated (innermost last), as path relative to the
    data folder -> digest."""
    contents: dict[Path, bytes | OSError] = field(default_factory=dict)
    digests: dict[Path, str] = field(default_factory=dict)
    dependencies: list[dict[str, str]] = field(default_factory=list)
    in_progress: list[str] = field(default_factory=list)

    def read(self, path: Path) -> bytes | OSError:
        if path not in self.contents:
            try:
                self.contents[path] = path.read_bytes()
            except OSError as error:
                self.contents[path] = error
        return self.contents[path]

    def digest(self, path: Path) -> str:
        if path not in self.digests:
            known = _known_digest(path)
            if known is not None:
                self.digests[path] = known
            else:
                data = self.read(path)
                self.digests[path] = digest(data) if isinstance(data, bytes) else f"<{type(data).__name__}>"
                if isinstance(data, bytes):
                    _remember_digest(path, self.digests[path])
        return self.digests[path]

    def depend(self, data_dir: Path, relative: str) -> str:
        """Digest of a file of the package, recorded as a dependency of the table being validated."""
        value = self.digest(data_dir / relative)
        if self.dependencies:
            self.dependencies[-1][relative] = value
        return value


# Digests of files already hashed, with the file's identity when it was read (inode, size,
# modification and change times in nanoseconds): a file whose identity is unchanged is not
# read and hashed again. An edit, a `touch` or a replacement changes the identity, so the
# file is hashed anew; the cache of validated tables stays keyed on content.
_DIGESTS: dict[Path, tuple[tuple[int, int, int, int], str]] = {}


def _identity(path: Path) -> tuple[int, int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _known_digest(path: Path) -> str | None:
    """The digest of ``path`` if it was hashed before and its identity has not changed."""
    known = _DIGESTS.get(path)
    identity = _identity(path)
    return known[1] if known is not None and identity is not None and known[0] == identity else None


def _remember_digest(path: Path, value: str) -> None:
    identity = _identity(path)
    if identity is not None:
        _DIGESTS[path] = (identity, value)


@dataclass
class _Entry:
    depends_on: dict[str, str]  # every file the validation read (relative to data/) -> its digest then
    frame: pd.DataFrame | None
    problems: tuple[str, ...]


_CACHE: OrderedDict[tuple, _Entry] = OrderedDict()
_CACHE_SIZE = 512
_READING: ContextVar[_Reading | None] = ContextVar("_READING", default=None)


@contextmanager
def _reading() -> Iterator[_Reading]:
    """The reading of the current top-level call (a new one if there is none)."""
    current = _READING.get()
    if current is not None:
        yield current
        return
    current = _Reading()
    token = _READING.set(current)
    try:
        yield current
    finally:
        _READING.reset(token)


# Resources of descriptors found sound, by the descriptor's digest: a table asked for many
# times in a page reads, parses and checks the descriptor once, not at every call.
_SOUND_DESCRIPTORS: dict[str, dict[str, Resource]] = {}


def _package(data_dir: Path, reading: _Reading) -> dict[str, Resource]:
    """The descriptor's resources; checks that it declares every table the library needs."""
    known = _SOUND_DESCRIPTORS.get(reading.depend(data_dir, DESCRIPTOR))
    if known is not None:
        return known
    path = data_dir / DESCRIPTOR
    data = reading.read(path)
    if isinstance(data, OSError):
        read_package(path)  # raises the problem naming the unreadable descriptor
    try:
        resources = parse_package(data)
    except DataValidationError as error:
        raise DataValidationError(error.problems + _required_problems(_declared_fields(data))) from None
    problems = _required_problems({name: {f.name: f.type for f in r.fields} for name, r in resources.items()})
    if problems:
        raise DataValidationError(problems)
    if len(_SOUND_DESCRIPTORS) >= 16:
        _SOUND_DESCRIPTORS.clear()
    _SOUND_DESCRIPTORS[digest(data)] = resources
    return resources


def _declared_fields(data: bytes) -> dict[str, dict[str, str]]:
    """Resource name -> field name -> type, read leniently from a descriptor that failed
    its checks (so a missing or renamed resource is named too); empty if it is not JSON."""
    try:
        descriptor = json.loads(data.decode("utf-8-sig"))
        out = {}
        for res in descriptor["resources"]:
            fields = res.get("schema", {}).get("fields", [])
            out[res["name"]] = {f.get("name"): f.get("type", "string") for f in fields if isinstance(f, dict)}
        return out
    except (ValueError, TypeError, KeyError, AttributeError):
        return {}


def _required_problems(declared: dict[str, dict[str, str]]) -> list[str]:
    """The resources and fields the library reads that the descriptor does not declare."""
    if not declared:
        return []
    problems = []
    for name, columns in REQUIRED_RESOURCES.items():
        if name not in declared:
            close = difflib.get_close_matches(name, [n for n in declared if n not in REQUIRED_RESOURCES], n=1)
            problems.append(problem(
                f"{DESCRIPTOR}, resources", f"no resource named '{name}', which the library reads",
                "required resource",
                f"rename resource '{close[0]}' back to '{name}'" if close else
                f"restore the '{name}' entry of 'resources' (see git log -p data/{DESCRIPTOR})"))
            continue
        for column, ftype in columns.items():
            if column not in declared[name]:
                problems.append(problem(
                    f"{DESCRIPTOR}, resource '{name}'", f"no field '{column}', which the library reads",
                    "required field", f"declare '{column}' in the schema of '{name}' and keep the column in its CSV"))
            elif declared[name][column] != ftype:
                problems.append(problem(
                    f"{DESCRIPTOR}, resource '{name}'",
                    f"field '{column}' has type {declared[name][column]!r}; the library reads it as {ftype!r}",
                    "required field", f"set the type of '{column}' back to {ftype!r}"))
    return problems


def _validated(name: str, package: Package) -> pd.DataFrame:
    """Table ``name`` of ``package``, checked; cached by the content of every file the check
    read (see the module docstring)."""
    data_dir = package.data_dir
    with _reading() as reading:
        resources = _package(data_dir, reading)
        if name not in resources:
            raise ValueError(f"no table named {name!r} in {data_dir / DESCRIPTOR}; known: {sorted(resources)}")
        resource = resources[name]
        csv_path = data_dir / resource.path
        key = (name, package.rules.name, reading.digest(data_dir / DESCRIPTOR), reading.digest(csv_path))
        entry = _CACHE.get(key)
        if entry is not None and all(reading.digest(data_dir / p) == d for p, d in entry.depends_on.items()):
            _CACHE.move_to_end(key)
        else:
            if name in reading.in_progress:
                cycle = " -> ".join([*reading.in_progress[reading.in_progress.index(name):], name])
                raise DataValidationError([problem(
                    f"{DESCRIPTOR}, resource '{name}'", f"foreign keys form a cycle: {cycle}", "descriptor",
                    "a table may refer to itself, but tables may not refer to each other in a circle")])
            reading.in_progress.append(name)
            reading.dependencies.append({})
            try:
                reading.depend(data_dir, DESCRIPTOR)
                reading.depend(data_dir, resource.path)
                frame, problems = _check(name, resource, package, reading), ()
            except DataValidationError as error:
                frame, problems = None, tuple(error.problems)
            finally:
                depends_on = reading.dependencies.pop()
                reading.in_progress.pop()
            entry = _Entry(depends_on, frame, problems)
            _CACHE[key] = entry
            if frame is not None and package.rules is not NO_RULES:
                # A table sound under rules is sound under the schema alone (the rules only add
                # checks, and read without changing the frame): no second reading of it.
                _CACHE.setdefault((name, NO_RULES.name, *key[2:]), entry)
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
        if reading.dependencies:
            reading.dependencies[-1].update(entry.depends_on)
        if entry.problems:
            raise DataValidationError(list(entry.problems))
        return entry.frame


def _check(name: str, resource: Resource, package: Package, reading: _Reading) -> pd.DataFrame:
    data_dir = package.data_dir
    data = reading.read(data_dir / resource.path)
    if isinstance(data, OSError):
        raise DataValidationError([missing_file_problem(resource.path, name, data)])
    frame = read_resource(resource, data_dir, data=data)
    problems: list[str] = []
    for fk in resource.foreign_keys:
        ref = fk["reference"]
        target = frame if ref["resource"] in ("", name) else _validated(ref["resource"], package)
        problems += _foreign_key_problems(resource.path, frame, fk["fields"], target, ref)
    problems += package.rules.table(name, resource.path, frame, package)
    if problems:
        raise DataValidationError(problems)
    return frame


def _foreign_key_problems(path, frame, fields, target, ref) -> list[str]:
    fields = [fields] if isinstance(fields, str) else list(fields)
    ref_fields = ref["fields"]
    ref_fields = [ref_fields] if isinstance(ref_fields, str) else list(ref_fields)
    known = set(zip(*(_key_texts(target[f]) for f in ref_fields), strict=True))
    problems = []
    for i, key in enumerate(zip(*(_key_texts(frame[f]) for f in fields), strict=True)):
        if None in key or key in known:  # an empty foreign key is allowed where the field is optional
            continue
        shown = key[0] if len(key) == 1 else key
        problems.append(problem(
            str(path), f"{shown!r} not found in {ref['resource'] or 'this table'}.{', '.join(ref_fields)}",
            "foreignKey", f"use a value listed in the '{ref['resource']}' table, or add it there first",
            line=frame.index[i] + 2, column=", ".join(fields)))
    return problems


def _key_texts(column: pd.Series) -> list[str | None]:
    """A key column as text (None where missing), so keys of any type compare as written."""
    missing = column.isna().tolist()
    return [None if m else str(v) for v, m in zip(column.tolist(), missing, strict=True)]


def cache_snapshot(data_dir: Path | str | None = None) -> dict:
    """The cached validated tables of the package in ``data_dir`` that still hold for its files
    (picklable), for :func:`restore_cache` in another process running the same code."""
    folder = Path(paths.default_data_dir() if data_dir is None else data_dir).resolve()
    with _reading() as reading:
        entries = [(key, entry) for key, entry in _CACHE.items()
                   if all(reading.digest(folder / p) == d for p, d in entry.depends_on.items())]
    return {"entries": entries, "descriptors": dict(_SOUND_DESCRIPTORS)}


def cached_tables() -> int:
    """How many validated tables the cache holds (the same table under two rule sets twice)."""
    return len(_CACHE)


def restore_cache(snapshot: dict) -> None:
    """Take over entries from :func:`cache_snapshot`. Safe whatever the files now hold: an
    entry is used only while every file its validation read has the digest it had then."""
    for key, entry in snapshot["entries"]:
        _CACHE.setdefault(key, entry)
    for key, resources in snapshot["descriptors"].items():
        _SOUND_DESCRIPTORS.setdefault(key, resources)


def clear_cache() -> None:
    """Forget validated tables and parsed descriptors. Not needed after editing a data file
    (the cache notices changed content); it frees memory or forces a full re-check."""
    _CACHE.clear()
    _DIGESTS.clear()
    _SOUND_DESCRIPTORS.clear()
    clear_package_cache()


def load_descriptor_fields(name: str, data_dir=None) -> list[str]:
    """The column names of table ``name`` as the package's datapackage.json declares them, in order."""
    return [f.name for f in Package.open(data_dir).resources()[name].fields]
