"""Loaders: each returns a validated, typed DataFrame of one table of the data package.

Every loader opens the package with every check (:func:`analysis.checks.rules.open_package`):
the descriptor's schema and foreign keys (:mod:`analysis.package`) and the data rules a
Table Schema cannot express (:mod:`analysis.checks.rules`, :mod:`analysis.checks.printed`).
Errors name the file, line, column and rule, with a hint how to fix them, and are raised
together as one :class:`~analysis.package.schema.DataValidationError`.

All loaders take ``operation_id`` (``None`` = all operations) and ``data_dir``: a data
folder, or a package already opened (default: ``TRAFFICKING_DATA_DIR`` or the project's
``data/``), so a copy of the data in another folder is checked too, against its own
reference tables. The former module ``analysis.load`` is this module.
"""

from __future__ import annotations

import pandas as pd

from analysis.checks.rules import (  # noqa: F401  (the names analysis.load has always had)
    DIVISIBLE_UNITS,
    implied_bounds,
    open_package,
)
from analysis.package.load import CASE_CHILD_TABLES, REQUIRED_RESOURCES, Package, clear_cache  # noqa: F401


def load_table(name: str, operation_id: str | None = None, data_dir=None) -> pd.DataFrame:
    """Return table ``name`` of the data package, validated and typed.

    ``operation_id`` keeps the rows of one operation (tables of cases are filtered through
    their case); an unknown id raises ``ValueError`` listing the valid ones.
    """
    return open_package(data_dir).table(name, operation_id)


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


def load_population(data_dir=None) -> pd.DataFrame:
    """Population by country or territory (reference/population.csv): ``iso3``, ``population``
    (unit: persons; World Bank SP.POP.TOTL), ``year`` (the vintage) and ``pack_region_id``.
    A country or territory without a figure in the source has no row (never 0)."""
    return load_table("population", data_dir=data_dir)


def validate_package(data_dir=None) -> dict[str, int]:
    """Load and check every table of the package; return the row count of each table.

    Collects the problems of all tables, then checks the rules spanning tables, before
    raising one :class:`~analysis.package.schema.DataValidationError`.
    """
    return open_package(data_dir).validate()
