"""Loaders: each returns a validated, typed DataFrame of one table of the data package.

Every loader checks the table against ``data/datapackage.json`` (encoding, structure,
text, types, required values, allowed values, patterns, minimums, primary key: see
:mod:`analysis.schema`), its foreign keys, and the data rules that a Table Schema cannot
express: bounds follow the qualifier rule; counts of persons, cases and other whole
things are whole numbers; an operation does not start after it ends; a case has exactly
one location; a case place is a known country or M49 area; a country is listed once per
operation. Errors name the file, line, column and rule, with a hint how to fix them, and
are raised together as one :class:`~analysis.schema.DataValidationError`.

All loaders take ``operation_id`` (``None`` = all operations) and ``data_dir`` (default:
the project's ``data/``), so a copy of the data in another folder can be checked too.

Validated tables are cached by content, not by process or folder: an entry is keyed by
the table's name and the digests of the descriptor and its CSV, holds the digest of every
other file its validation read (the tables its foreign keys and rules looked up,
transitively), and is used only while all those files still have the same bytes. A data
file edited in a running session is therefore re-read and re-checked, an unchanged one
never is, and a copy of the data shares the entries of the original. :func:`clear_cache`
empties the cache.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.checks import printed as as_printed
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
BOUNDED_TABLES = ("figures", "figure_alternatives", "case_figures", "case_figure_alternatives")

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

# Units of reference/metrics.csv and reference/count_types.csv that measure divisible
# quantities. Every other unit counts whole things (persons, cases, flights, countries...),
# so a value in it must be a whole number; a currency code (EUR, USD) is divisible too.
DIVISIBLE_UNITS = frozenset({"tonnes", "kilograms", "litres"})
_CURRENCY = re.compile(r"[A-Z]{3}")


def _data_dir(data_dir: Path | str | None) -> Path:
    return Path(data_dir).resolve() if data_dir is not None else paths.DATA_DIR


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


def _package(data_dir: Path, reading: _Reading) -> dict[str, Resource]:
    """The descriptor's resources; checks that it declares every table the library needs."""
    path = data_dir / DESCRIPTOR
    reading.depend(data_dir, DESCRIPTOR)
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


def _validated(name: str, data_dir: Path) -> pd.DataFrame:
    """Table ``name`` of the package in ``data_dir``, checked; cached by the content of
    every file the check read (see the module docstring)."""
    with _reading() as reading:
        resources = _package(data_dir, reading)
        if name not in resources:
            raise ValueError(f"no table named {name!r} in {data_dir / DESCRIPTOR}; known: {sorted(resources)}")
        resource = resources[name]
        csv_path = data_dir / resource.path
        key = (name, reading.digest(data_dir / DESCRIPTOR), reading.digest(csv_path))
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
                frame, problems = _check(name, resource, data_dir, reading), ()
            except DataValidationError as error:
                frame, problems = None, tuple(error.problems)
            finally:
                depends_on = reading.dependencies.pop()
                reading.in_progress.pop()
            entry = _Entry(depends_on, frame, problems)
            _CACHE[key] = entry
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
        if reading.dependencies:
            reading.dependencies[-1].update(entry.depends_on)
        if entry.problems:
            raise DataValidationError(list(entry.problems))
        return entry.frame


def _check(name: str, resource: Resource, data_dir: Path, reading: _Reading) -> pd.DataFrame:
    data = reading.read(data_dir / resource.path)
    if isinstance(data, OSError):
        raise DataValidationError([missing_file_problem(resource.path, name, data)])
    frame = read_resource(resource, data_dir, data=data)
    problems: list[str] = []
    for fk in resource.foreign_keys:
        ref = fk["reference"]
        target = frame if ref["resource"] in ("", name) else _validated(ref["resource"], data_dir)
        problems += _foreign_key_problems(resource.path, frame, fk["fields"], target, ref)
    problems += _rule_problems(name, resource.path, frame, data_dir)
    problems += as_printed.rule_problems(name, resource.path, frame, data_dir)  # values and names as printed
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


def implied_bounds(value: float, lower_factor, upper_factor) -> tuple[float | None, float | None]:
    """Bounds a qualifier implies for a printed number (the rule in reference/qualifiers.csv).

    lower = value x lower_factor rounded up, upper = value x upper_factor rounded down,
    to whole units; a missing factor gives no bound (``None``).
    """
    lower = None if pd.isna(lower_factor) else float(math.ceil(round(value * lower_factor, 6)))
    upper = None if pd.isna(upper_factor) else float(math.floor(round(value * upper_factor, 6)))
    return lower, upper


def _same(a, b) -> bool:
    if a is None or pd.isna(a):
        return b is None or pd.isna(b)
    return b is not None and not pd.isna(b) and float(a) == float(b)


def _is_whole_unit(unit: str) -> bool:
    return unit not in DIVISIBLE_UNITS and not _CURRENCY.fullmatch(unit)


def _rule_problems(name: str, path: str, frame: pd.DataFrame, data_dir: Path) -> list[str]:
    """Data rules a Table Schema cannot express. Values that a foreign key rejects (an
    unknown qualifier, metric or count type) are skipped here: the foreign key reports them."""
    file = str(path)
    problems = []
    if name in BOUNDED_TABLES:
        fractional = _whole_count_problems(name, file, frame, data_dir)
        problems += fractional.values()
        problems += _bounds_problems(file, frame, data_dir, skip=set(fractional))
    if name == "operations":
        late = frame["start_date"].notna() & frame["end_date"].notna() & (frame["start_date"] > frame["end_date"])
        for i in frame.index[late]:
            problems.append(problem(
                file, f"start_date {frame.at[i, 'start_date']:%Y-%m-%d} is after end_date "
                      f"{frame.at[i, 'end_date']:%Y-%m-%d}", "dates in order",
                "swap the two dates, or correct the one mistyped", line=i + 2, column=["start_date", "end_date"]))
    if name == "cases":
        both = frame["location_iso3"].notna() == frame["location_area_m49"].notna()
        for i in frame.index[both]:
            problems.append(problem(
                file, "exactly one must be filled", "one location per case",
                "fill location_iso3 for a country or location_area_m49 for a UN M49 area, and leave the other empty",
                line=i + 2, column=["location_iso3", "location_area_m49"]))
    if name == "case_places":
        countries = set(_validated("countries", data_dir)["iso3"])
        areas = set(_validated("m49_areas", data_dir)["m49_code"])
        for i, code in frame["place_code"].items():
            if code not in countries and code not in areas:
                problems.append(problem(
                    file, f"{code!r} is neither an ISO3 code in reference/countries.csv nor an area in "
                          f"reference/m49_areas.csv", "known place",
                    "use the country's ISO 3166-1 alpha-3 code or the area's three-digit M49 code",
                    line=i + 2, column="place_code"))
    if name == "dated_membership":
        from analysis.places.dated_membership import validation_problems

        problems += validation_problems(file, frame)
    if name == "participants":
        dup = frame.duplicated(subset=["operation_id", "iso3"], keep="first")
        for i in frame.index[dup]:
            problems.append(problem(
                file, f"{frame.at[i, 'iso3']!r} is listed twice for {frame.at[i, 'operation_id']!r}",
                "one row per participant", "remove the second row, or correct its iso3", line=i + 2, column="iso3"))
    return problems


def _bounds_problems(file: str, frame: pd.DataFrame, data_dir: Path, skip: set) -> list[str]:
    """The bounds each row's qualifier implies (rows in ``skip`` have a wrong value already)."""
    qualifiers = _validated("qualifiers", data_dir)
    factors = dict(zip(qualifiers["qualifier"], zip(qualifiers["lower_factor"], qualifiers["upper_factor"],
                                                    strict=True), strict=True))
    problems = []
    for i, qualifier, value, lower_bound, upper_bound in zip(
            frame.index, frame["qualifier"], frame["value"], frame["lower_bound"], frame["upper_bound"], strict=True):
        if i in skip or pd.isna(value) or qualifier not in factors:
            continue
        lower, upper = implied_bounds(float(value), *factors[qualifier])
        for column, expected, got in (("lower_bound", lower, lower_bound), ("upper_bound", upper, upper_bound)):
            if not _same(got, expected):
                want = "empty" if expected is None else f"{expected:g}"
                problems.append(problem(
                    file, f"expected {want} for qualifier '{qualifier}' and value {value:g}, got "
                          f"{'empty' if pd.isna(got) else format(got, 'g')}",
                    "qualifier bounds, reference/qualifiers.csv",
                    f"set {column} to {want}: the bounds follow from the value and the qualifier's factors",
                    line=i + 2, column=column))
    return problems


def _whole_count_problems(name: str, file: str, frame: pd.DataFrame, data_dir: Path) -> dict[int, str]:
    """Values that are not whole numbers although their unit counts whole things, by row."""
    if name in ("case_figures", "case_figure_alternatives"):
        kind, vocabulary, table = "count_type", "reference/count_types.csv", _validated("count_types", data_dir)
    else:
        kind, vocabulary, table = "metric_id", "reference/metrics.csv", _validated("metrics", data_dir)
    units = dict(zip(table[kind].astype(str), table["unit"].astype(str), strict=True))
    problems = {}
    for i, what, value in zip(frame.index, frame[kind].astype("string"), frame["value"], strict=True):
        unit = units.get(what) if not pd.isna(what) else None
        if unit is None or pd.isna(value) or not _is_whole_unit(unit) or float(value).is_integer():
            continue
        problems[i] = problem(
            file, f"{value:g} is not a whole number, but {kind} '{what}' counts {unit}",
            f"whole counts, {vocabulary}",
            "correct the value (a printed '3.2 million' is 3200000), or the unit if it is divisible",
            line=i + 2, column="value")
    return problems


def load_table(name: str, operation_id: str | None = None, data_dir=None) -> pd.DataFrame:
    """Return table ``name`` of the data package, validated and typed.

    ``operation_id`` keeps the rows of one operation (tables of cases are filtered through
    their case); an unknown id raises ``ValueError`` listing the valid ones.
    """
    directory = _data_dir(data_dir)
    with _reading():
        frame = _validated(name, directory).copy()
        if operation_id is None:
            return frame
        valid = sorted(_validated("operations", directory)["operation_id"])
        if operation_id not in valid:
            raise ValueError(f"unknown operation_id {operation_id!r}; valid values: {valid}")
        if "operation_id" in frame.columns:
            frame = frame[frame["operation_id"] == operation_id]
        elif name in CASE_CHILD_TABLES:
            cases = _validated("cases", directory)
            ids = set(cases.loc[cases["operation_id"] == operation_id, "case_id"])
            frame = frame[frame["case_id"].isin(ids)]
        else:
            raise ValueError(f"table {name!r} is not split by operation; call it without operation_id")
    return frame.reset_index(drop=True)


def load_sources(data_dir=None) -> pd.DataFrame:
    """Provenance records: one row per source document."""
    return load_table("sources", data_dir=data_dir)


def load_operations(operation_id=None, data_dir=None) -> pd.DataFrame:
    """Operations: one row per edition, with dates, coordinator and results status."""
    return load_table("operations", operation_id, data_dir)


def load_figures(operation_id=None, data_dir=None) -> pd.DataFrame:
    """Headline figures: value as printed, value, qualifier, bounds, preliminary flag, source."""
    return load_table("figures", operation_id, data_dir)


def load_figure_alternatives(operation_id=None, data_dir=None) -> pd.DataFrame:
    """Other values printed for a headline figure (rounded headlines, disagreeing sources)."""
    return load_table("figure_alternatives", operation_id, data_dir)


def load_participants(operation_id=None, data_dir=None) -> pd.DataFrame:
    """Participating countries and territories in printed order, with ISO3, name and territory
    status (``is_territory``, ``sovereign_iso3``) from reference/countries.csv."""
    frame = load_table("participants", operation_id, data_dir)
    countries = load_table("countries", data_dir=data_dir)[
        ["iso3", "name", "is_territory", "sovereign_iso3"]
    ]
    return frame.merge(countries, on="iso3", how="left", validate="many_to_one")


def load_coordination_units(operation_id=None, data_dir=None) -> pd.DataFrame:
    """Operational coordination units: host country, city, source."""
    return load_table("coordination_units", operation_id, data_dir)


def load_partners(operation_id=None, data_dir=None) -> pd.DataFrame:
    """Funders, supporting organisations and lead countries, with their role."""
    return load_table("partners", operation_id, data_dir)


def load_cases(operation_id=None, data_dir=None) -> pd.DataFrame:
    """Named cases and trend notes given as examples by the source (not totals)."""
    return load_table("cases", operation_id, data_dir)


def load_case_figures(operation_id=None, data_dir=None) -> pd.DataFrame:
    """Counts printed for named cases (long: one row per case and count type)."""
    return load_table("case_figures", operation_id, data_dir)


def load_case_crime_types(operation_id=None, data_dir=None) -> pd.DataFrame:
    """Crime types of named cases (long: one row per case and crime type)."""
    return load_table("case_crime_types", operation_id, data_dir)


def load_case_places(operation_id=None, data_dir=None) -> pd.DataFrame:
    """Countries and areas involved in named cases and their role (origin, destination...)."""
    return load_table("case_places", operation_id, data_dir)


def load_case_seizures(operation_id=None, data_dir=None) -> pd.DataFrame:
    """Items, cash and assets seized in named cases; amounts only where printed."""
    return load_table("case_seizures", operation_id, data_dir)


def validate_package(data_dir=None) -> dict[str, int]:
    """Load and check every table of the package; return the row count of each table.

    Collects the problems of all tables before raising one :class:`DataValidationError`.
    """
    directory = _data_dir(data_dir)
    counts, problems = {}, []
    with _reading() as reading:
        for name in _package(directory, reading):
            try:
                counts[name] = len(_validated(name, directory))
            except DataValidationError as error:
                problems += [p for p in error.problems if p not in problems]
        if not problems:
            problems += _cross_table_problems(directory)
    if problems:
        raise DataValidationError(problems)
    return counts


# Participant-list statuses with no participant rows: never published, or printed by a source
# but not transcribed here. Coverage treats both alike: no list.
NO_LIST_STATUSES = ("not-published", "printed-not-transcribed")


def _cross_table_problems(data_dir: Path) -> list[str]:
    """Rules spanning tables: a participant list marked complete has as many rows as the
    printed count of participating countries; a partial one has fewer; a list never published
    or printed but not transcribed (``NO_LIST_STATUSES``) has none."""
    operations = _validated("operations", data_dir)
    participants = _validated("participants", data_dir)
    figures = _validated("figures", data_dir)
    printed = figures[figures["metric_id"] == "participating_countries"].set_index("operation_id")["value"]
    rows = participants.groupby("operation_id").size()
    problems = []
    for op in operations.itertuples():
        n, status = int(rows.get(op.operation_id, 0)), str(op.participant_list)
        count = printed.get(op.operation_id)
        broken = (
            (status in NO_LIST_STATUSES and n > 0)
            or (status not in NO_LIST_STATUSES and n == 0)
            or (status == "complete" and count is not None and n != count)
            or (status == "partial" and count is not None and n >= count)
        )
        if broken:
            problems.append(
                f"participants.csv: {n} rows for {op.operation_id!r}, whose list is {status!r}, but "
                f"figures.csv prints {'no count' if count is None else f'{count:g}'} participating countries "
                f"[rule: participant_list in operations.csv]"
            )
    return problems


def clear_cache() -> None:
    """Forget validated tables and parsed descriptors. Not needed after editing a data file
    (the cache notices changed content); it frees memory or forces a full re-check."""
    _CACHE.clear()
    _DIGESTS.clear()
    clear_package_cache()


def load_population(data_dir=None) -> pd.DataFrame:
    """Population by country or territory (reference/population.csv): ``iso3``, ``population``
    (unit: persons; World Bank SP.POP.TOTL), ``year`` (the vintage) and ``pack_region_id``.
    A country or territory without a figure in the source has no row (never 0)."""
    return load_table("population", data_dir=data_dir)
