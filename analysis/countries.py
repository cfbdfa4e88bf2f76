"""Resolve country names to ISO 3166-1 alpha-3 codes, and read the country table.

`resolve_country` tries, in this order, and never matches fuzzily:

1. names that are ambiguous on their own ('Congo', 'Korea', ...): error;
2. the curated aliases in data/reference/country_aliases.csv;
3. pycountry's exact lookup (codes and official, common or short names,
   case-insensitive);
4. the name, ISO3 and ISO2 columns of data/reference/countries.csv
   (this finds Kosovo, XKX, and names written without accents).

Before matching, a name is normalised: Unicode NFC, typographic apostrophes
made plain, '&' read as 'and', surrounding and repeated whitespace removed, a
leading 'the ' dropped; alias and table matching also ignore case and accents
('Curacao' = 'Curaçao'). Nothing else is stripped: a trailing '(UK)' is only
understood where an alias spells it out.

A name that is not found raises `UnknownCountryError`, with close known names
as suggestions; the fix for a real name is a new row in country_aliases.csv.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from collections.abc import Iterable

import pandas as pd
import pycountry

from analysis.load import load_table
from analysis.paths import PROJECT_ROOT, REFERENCE_DIR

COUNTRIES_PATH = REFERENCE_DIR / "countries.csv"
ALIASES_PATH = REFERENCE_DIR / "country_aliases.csv"

# Names that mean more than one country or territory, with the candidates.
AMBIGUOUS_NAMES = {
    "Congo": ("COD", "COG"),
    "Korea": ("KOR", "PRK"),
    "Virgin Islands": ("VGB", "VIR"),
    "Saint Martin": ("MAF", "SXM"),
    "St Martin": ("MAF", "SXM"),
    "St. Martin": ("MAF", "SXM"),
    "Channel Islands": ("GGY", "JEY"),
    "Netherlands Antilles": ("BES", "CUW", "SXM"),
    "Serbia and Montenegro": ("MNE", "SRB"),
}

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})


class CountryError(LookupError):
    """Base class of the errors raised when a name cannot be resolved."""


class UnknownCountryError(CountryError):
    """No country or territory is known by this name (or code)."""

    def __init__(self, message: str, name: str = "", suggestions: tuple[str, ...] = ()):
        super().__init__(message)
        self.name = name
        self.suggestions = suggestions


class AmbiguousCountryError(CountryError):
    """The name fits more than one country or territory."""

    def __init__(self, message: str, name: str = "", candidates: tuple[str, ...] = ()):
        super().__init__(message)
        self.name = name
        self.candidates = candidates


class CountryListError(CountryError):
    """Some names of a list did not resolve; `failures` holds (position, name, error)."""

    def __init__(self, message: str, failures: list[tuple[int, object, Exception]]):
        super().__init__(message)
        self.failures = failures


def _clean(name: str) -> str:
    """Normalised spelling, case kept (what pycountry is given)."""
    text = unicodedata.normalize("NFC", name).translate(_APOSTROPHES).replace("&", " and ")
    text = " ".join(text.split())
    return text[4:] if text.casefold().startswith("the ") else text


def normalise(name: str) -> str:
    """Matching key: `_clean`, then casefolded and without accents."""
    decomposed = unicodedata.normalize("NFKD", _clean(name).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.cache
def _countries() -> pd.DataFrame:
    """countries.csv, validated against the data package schema by the shared loader."""
    table = load_table("countries", data_dir=REFERENCE_DIR.parent)
    return table.assign(is_territory=table["is_territory"].astype(bool))  # required: never missing


def country_table() -> pd.DataFrame:
    """countries.csv as a DataFrame: string columns, boolean is_territory (a copy)."""
    return _countries().copy()


@functools.cache
def _names() -> dict[str, str]:
    """ISO3 -> short name."""
    return dict(zip(_countries()["iso3"], _countries()["name"], strict=True))


@functools.cache
def _alias_rows() -> list[tuple[str, str]]:
    table = load_table("country_aliases", data_dir=REFERENCE_DIR.parent)
    return list(zip(table["alias"], table["iso3"], strict=True))


@functools.cache
def _ambiguous() -> dict[str, tuple[str, ...]]:
    return {normalise(name): codes for name, codes in AMBIGUOUS_NAMES.items()}


@functools.cache
def _aliases() -> dict[str, str]:
    """Normalised alias -> ISO3; refuses aliases that clash or are ambiguous names."""
    index: dict[str, str] = {}
    for alias, iso3 in _alias_rows():
        key = normalise(alias)
        if iso3 not in _names():
            raise ValueError(f"{ALIASES_PATH}: alias {alias!r} points to unknown code {iso3!r}")
        if index.get(key, iso3) != iso3 or key in _ambiguous():
            raise ValueError(
                f"{ALIASES_PATH}: alias {alias!r} clashes with another alias or an ambiguous name"
            )
        index[key] = iso3
    return index


@functools.cache
def _table_index() -> dict[str, str]:
    """Normalised name, ISO3 and ISO2 of countries.csv -> ISO3."""
    index: dict[str, str] = {}
    for row in _countries().itertuples():
        for label in (row.iso3, row.iso2, row.name):
            index.setdefault(normalise(label), row.iso3)
    return index


@functools.cache
def _suggestion_pool() -> dict[str, str]:
    """Normalised known name -> 'Name (ISO3)', used only to suggest."""
    pool: dict[str, str] = {}
    names = _names()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if getattr(country, attr, None):
                pool.setdefault(
                    normalise(getattr(country, attr)),
                    f"{names[country.alpha_3]} ({country.alpha_3})",
                )
    for iso3, name in names.items():
        pool[normalise(name)] = f"{name} ({iso3})"
    for alias, iso3 in _alias_rows():
        pool.setdefault(normalise(alias), f"{alias} ({iso3})")
    return pool


def _suggest(name: str, limit: int = 5) -> tuple[str, ...]:
    pool = _suggestion_pool()
    found = [
        pool[key]
        for key in difflib.get_close_matches(normalise(name), list(pool), n=limit, cutoff=0.5)
    ]
    try:
        fuzzy = pycountry.countries.search_fuzzy(_clean(name))
    except LookupError:
        fuzzy = []
    found += [f"{_names()[c.alpha_3]} ({c.alpha_3})" for c in fuzzy]
    return tuple(dict.fromkeys(found))[:limit]


def resolve_country(name: str) -> str:
    """ISO 3166-1 alpha-3 code of a country or territory name (XKX for Kosovo).

    Raises TypeError for a non-string, ValueError for an empty name,
    AmbiguousCountryError for a name such as 'Congo', and UnknownCountryError
    (with suggestions) for a name no table knows.
    """
    if not isinstance(name, str):
        raise TypeError(f"a country name must be a string, not {type(name).__name__}: {name!r}")
    key = normalise(name)
    if not key:
        raise ValueError(f"empty country name: {name!r}")
    if key in _ambiguous():
        candidates = _ambiguous()[key]
        listed = " or ".join(f"{code} ({_names()[code]})" for code in candidates)
        raise AmbiguousCountryError(
            f"{name!r} is ambiguous: it may mean {listed}. Use the full name or the ISO3 code.",
            name=name,
            candidates=candidates,
        )
    if key in _aliases():
        return _aliases()[key]
    try:
        return pycountry.countries.lookup(_clean(name)).alpha_3
    except LookupError:
        pass
    if key in _table_index():
        return _table_index()[key]
    suggestions = _suggest(name)
    hint = f"Did you mean: {'; '.join(suggestions)}?" if suggestions else "No known name is close."
    alias_file = ALIASES_PATH.relative_to(PROJECT_ROOT)
    raise UnknownCountryError(
        f"unknown country name {name!r}. {hint} Names are never matched fuzzily: "
        f"if {name!r} is a real name, add a row 'alias,iso3,notes' for it to {alias_file}.",
        name=name,
        suggestions=suggestions,
    )


def resolve_countries(names: Iterable[str]) -> list[str]:
    """ISO3 codes of a list of names, in order.

    Every name is tried; if any fails, one CountryListError lists each bad
    name with its position (counted from 1) and the reason.
    """
    if isinstance(names, str):
        raise TypeError("resolve_countries expects a list of names, not one string")
    codes, failures = [], []
    for position, name in enumerate(names, start=1):
        try:
            codes.append(resolve_country(name))
        except (CountryError, TypeError, ValueError) as error:
            failures.append((position, name, error))
    if failures:
        lines = [f"  position {pos}: {name!r}: {error}" for pos, name, error in failures]
        raise CountryListError(
            f"{len(failures)} name(s) did not resolve:\n" + "\n".join(lines), failures
        )
    return codes


def _row(iso3: str) -> pd.Series:
    if not isinstance(iso3, str):
        raise TypeError(f"an ISO3 code must be a string, not {type(iso3).__name__}")
    table = _countries()
    match = table[table["iso3"] == iso3.strip().upper()]
    if match.empty:
        raise UnknownCountryError(
            f"unknown ISO3 code {iso3!r} (not in {COUNTRIES_PATH.name})", name=iso3
        )
    return match.iloc[0]


def country_name(iso3: str) -> str:
    """Short English name of a country or territory from its ISO3 code."""
    return str(_row(iso3)["name"])


def sovereign_of(iso3: str) -> str | None:
    """ISO3 of a territory's sovereign; None for a state or an area of undetermined status."""
    sovereign = _row(iso3)["sovereign_iso3"]
    return None if pd.isna(sovereign) else str(sovereign)
