"""Read a CSV resource of the data package and check it against its Table Schema.

The schema lives in ``data/datapackage.json`` (Frictionless Data Package). This module
turns each field descriptor into a pandas dtype and checks the constraints the
package declares: column names and order, required, type, enum, pattern, minimum,
primary key uniqueness. Foreign keys are checked by :mod:`analysis.load`, which can
see the other tables. Every problem is reported with the file, the line (the header is
line 1), the column and the rule, and nothing is coerced or dropped silently.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

MAX_REPORTED_PROBLEMS = 20


class DataValidationError(ValueError):
    """Raised when a data file breaks its declared schema or a data rule."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        shown = self.problems[:MAX_REPORTED_PROBLEMS]
        more = len(self.problems) - len(shown)
        text = "\n  - ".join(shown)
        if more:
            text += f"\n  ... and {more} more problem(s)"
        super().__init__(f"{len(self.problems)} data problem(s):\n  - {text}")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    enum: tuple[str, ...] | None
    pattern: str | None
    minimum: float | None
    description: str


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


@lru_cache(maxsize=8)
def read_package(datapackage_path: Path) -> dict[str, Resource]:
    """Parse ``datapackage.json`` into :class:`Resource` records keyed by resource name."""
    descriptor = json.loads(Path(datapackage_path).read_text(encoding="utf-8"))
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


def _where(path: Path, index: int, column: str) -> str:
    return f"{path.name}, line {index + 2}, column '{column}'"


def _convert(raw: pd.Series, field: Field, path: Path, problems: list[str]) -> pd.Series:
    """Convert one column of strings to the field's type, recording values that do not fit."""
    present = raw.notna()
    if field.type == "string":
        out = raw.astype("string")
    elif field.type in ("integer", "number"):
        parsed = pd.to_numeric(raw.where(present), errors="coerce")
        bad = present & parsed.isna()
        if field.type == "integer":
            bad |= present & parsed.notna() & (parsed % 1 != 0)
        for i in raw.index[bad]:
            problems.append(
                f"{_where(path, i, field.name)}: expected {'an integer' if field.type == 'integer' else 'a number'}, "
                f"got {raw[i]!r} [rule: type {field.type}]"
            )
        out = parsed.astype("Int64" if field.type == "integer" else "Float64")
    elif field.type == "boolean":
        lowered = raw.str.strip().str.lower()
        mapping = {"true": True, "false": False}
        bad = present & ~lowered.isin(list(mapping))
        for i in raw.index[bad]:
            problems.append(
                f"{_where(path, i, field.name)}: expected true or false, got {raw[i]!r} [rule: type boolean]"
            )
        out = lowered.map(mapping).astype("boolean")
    elif field.type == "date":
        parsed = pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")
        bad = present & parsed.isna()
        for i in raw.index[bad]:
            problems.append(
                f"{_where(path, i, field.name)}: expected a date YYYY-MM-DD, got {raw[i]!r} [rule: type date]"
            )
        out = parsed
    else:  # pragma: no cover - the package only declares the types above
        raise ValueError(f"{path.name}: field '{field.name}' has unsupported type {field.type!r}")
    return out


def _check_constraints(raw: pd.Series, typed: pd.Series, field: Field, path: Path, problems: list[str]):
    present = raw.notna()
    if field.required:
        for i in raw.index[~present]:
            problems.append(f"{_where(path, i, field.name)}: value is missing [rule: required]")
    if field.enum is not None:
        bad = present & ~raw.isin(field.enum)
        for i in raw.index[bad]:
            problems.append(
                f"{_where(path, i, field.name)}: {raw[i]!r} is not one of {list(field.enum)} [rule: enum]"
            )
    if field.pattern is not None:
        regex = re.compile(field.pattern)
        for i in raw.index[present]:
            if not regex.fullmatch(raw[i]):
                problems.append(
                    f"{_where(path, i, field.name)}: {raw[i]!r} does not match {field.pattern!r} [rule: pattern]"
                )
    if field.minimum is not None and field.type in ("integer", "number"):
        bad = typed.notna() & (typed < field.minimum)
        for i in typed.index[bad.fillna(False)]:
            problems.append(
                f"{_where(path, i, field.name)}: {raw[i]!r} is below the minimum {field.minimum} [rule: minimum]"
            )


def read_resource(resource: Resource, data_dir: Path) -> pd.DataFrame:
    """Read one CSV of the package, check its schema and return a typed DataFrame.

    Strings stay strings (``NA`` is Namibia's code, not a missing value): only an empty
    cell is missing. Enumerated fields become categoricals in the declared order.
    Raises :class:`DataValidationError` listing every problem found.
    """
    path = Path(data_dir) / resource.path
    if not path.exists():
        raise FileNotFoundError(f"{path}: data file for resource '{resource.name}' not found")
    raw = pd.read_csv(
        path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8"
    )
    problems: list[str] = []
    expected = resource.field_names
    actual = list(raw.columns)
    if actual != expected:
        missing = [c for c in expected if c not in actual]
        extra = [c for c in actual if c not in expected]
        detail = []
        if missing:
            detail.append(f"missing column(s) {missing}")
        if extra:
            detail.append(f"unexpected column(s) {extra}")
        if not detail:
            detail.append(f"columns out of order: expected {expected}, got {actual}")
        raise DataValidationError([f"{path.name}, line 1 (header): {'; '.join(detail)} [rule: schema fields]"])

    typed = {}
    for field in resource.fields:
        col = _convert(raw[field.name], field, path, problems)
        _check_constraints(raw[field.name], col, field, path, problems)
        if field.enum is not None and col.dropna().isin(field.enum).all():
            col = col.astype(pd.CategoricalDtype(list(field.enum)))
        typed[field.name] = col
    frame = pd.DataFrame(typed, index=raw.index)

    if resource.primary_key:
        key = list(resource.primary_key)
        dup = raw.duplicated(subset=key, keep="first")
        for i in raw.index[dup]:
            values = ", ".join(f"{k}={raw.at[i, k]!r}" for k in key)
            problems.append(f"{path.name}, line {i + 2}: duplicate primary key ({values}) [rule: primaryKey]")
    if problems:
        raise DataValidationError(problems)
    return frame
