"""Loaders: each returns a validated, typed DataFrame of one table of the data package.

Every loader checks the table against ``data/datapackage.json`` (types, required values,
allowed values, patterns, minimums, primary key), its foreign keys, and the data rules
that a Table Schema cannot express (bounds follow the qualifier rule; a case has exactly
one location; a case place is a known country or M49 area). Errors name the file, line,
column and rule.

All loaders take ``operation_id`` (``None`` = all operations) and ``data_dir`` (default:
the project's ``data/``), so a copy of the data in another folder can be checked too.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis import printed as as_printed
from analysis.schema import DataValidationError, read_package, read_resource

# Tables whose rows belong to a case rather than directly to an operation.
CASE_CHILD_TABLES = ("case_figures", "case_figure_alternatives", "case_crime_types", "case_places", "case_seizures")
BOUNDED_TABLES = ("figures", "figure_alternatives", "case_figures", "case_figure_alternatives")


def _data_dir(data_dir: Path | str | None) -> Path:
    return Path(data_dir).resolve() if data_dir is not None else paths.DATA_DIR


@lru_cache(maxsize=128)
def _validated(name: str, data_dir: Path) -> pd.DataFrame:
    resources = read_package(data_dir / "datapackage.json")
    if name not in resources:
        raise KeyError(f"no resource named {name!r} in {data_dir / 'datapackage.json'}; "
                       f"known: {sorted(resources)}")
    resource = resources[name]
    frame = read_resource(resource, data_dir)
    problems: list[str] = []
    for fk in resource.foreign_keys:
        ref = fk["reference"]
        target = _validated(ref["resource"], data_dir) if ref["resource"] != name else frame
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
    keys = frame[fields].astype("string")
    present = keys.notna().all(axis=1)  # an empty foreign key is allowed where the field is optional
    known = pd.MultiIndex.from_frame(target[ref_fields].astype("string"))
    found = pd.MultiIndex.from_frame(keys).isin(known)
    problems = []
    for i in frame.index[present & ~found]:
        value = tuple(str(v) for v in keys.loc[i])
        shown = value[0] if len(value) == 1 else value
        problems.append(
            f"{Path(path).name}, line {i + 2}, column '{', '.join(fields)}': {shown!r} not found in "
            f"{ref['resource']}.{', '.join(ref_fields)} [rule: foreignKey]"
        )
    return problems


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


def _rule_problems(name: str, path: str, frame: pd.DataFrame, data_dir: Path) -> list[str]:
    file = Path(path).name
    problems = []
    if name in BOUNDED_TABLES:
        factors = _validated("qualifiers", data_dir).set_index("qualifier")
        for i, row in frame.iterrows():
            q = factors.loc[str(row["qualifier"])]
            lower, upper = implied_bounds(float(row["value"]), q["lower_factor"], q["upper_factor"])
            for column, expected in (("lower_bound", lower), ("upper_bound", upper)):
                if not _same(row[column], expected):
                    want = "empty" if expected is None else f"{expected:g}"
                    problems.append(
                        f"{file}, line {i + 2}, column '{column}': expected {want} for qualifier "
                        f"'{row['qualifier']}' and value {row['value']:g}, got "
                        f"{'empty' if pd.isna(row[column]) else format(row[column], 'g')} "
                        f"[rule: qualifier bounds, reference/qualifiers.csv]"
                    )
    if name == "cases":
        both = frame["location_iso3"].notna() == frame["location_area_m49"].notna()
        for i in frame.index[both]:
            problems.append(
                f"{file}, line {i + 2}, columns 'location_iso3', 'location_area_m49': exactly one must "
                f"be filled [rule: one location per case]"
            )
    if name == "case_places":
        countries = set(_validated("countries", data_dir)["iso3"])
        areas = set(_validated("m49_areas", data_dir)["m49_code"])
        for i, code in frame["place_code"].items():
            if code not in countries and code not in areas:
                problems.append(
                    f"{file}, line {i + 2}, column 'place_code': {code!r} is neither an ISO3 code in "
                    f"reference/countries.csv nor an area in reference/m49_areas.csv [rule: known place]"
                )
    if name == "participants":
        dup = frame.duplicated(subset=["operation_id", "iso3"], keep="first")
        for i in frame.index[dup]:
            problems.append(
                f"{file}, line {i + 2}, column 'iso3': {frame.at[i, 'iso3']!r} is listed twice for "
                f"{frame.at[i, 'operation_id']!r} [rule: one row per participant]"
            )
    return problems


def load_table(name: str, operation_id: str | None = None, data_dir=None) -> pd.DataFrame:
    """Return table ``name`` of the data package, validated and typed.

    ``operation_id`` keeps the rows of one operation (tables of cases are filtered through
    their case); an unknown id raises ``ValueError`` listing the valid ones.
    """
    directory = _data_dir(data_dir)
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
    for name in read_package(directory / "datapackage.json"):
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
    """Forget loaded tables (after editing data files in a running session)."""
    _validated.cache_clear()
    read_package.cache_clear()


def load_population(data_dir=None) -> pd.DataFrame:
    """Population by country or territory (reference/population.csv): ``iso3``, ``population``
    (unit: persons; World Bank SP.POP.TOTL), ``year`` (the vintage) and ``pack_region_id``.
    A country or territory without a figure in the source has no row (never 0)."""
    return load_table("population", data_dir=data_dir)
