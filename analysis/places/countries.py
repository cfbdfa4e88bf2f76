"""Resolve country names (English, Spanish, French, Portuguese) to ISO 3166-1 alpha-3 codes.

`resolve_country(name, language=None)` never matches fuzzily. A name is first made into a
matching key (`analysis.country_names.normalise`: case, accents, apostrophes, hyphens,
spaces and '&' do not matter) and then tried, in this order:

1. names that are ambiguous on their own, in any of the four languages ('Congo',
   'Korea', 'Corée', 'Saint-Martin', ...; `AMBIGUOUS_NAMES`): `AmbiguousCountryError`;
2. every reading of the key, together:

   * ``code``: ISO 3166-1 alpha-3, alpha-2 or numeric code (and XKX/XK for Kosovo);
   * ``alias``: curated names in data/reference/country_aliases.csv (English variants
     and press spellings in other languages that the ISO wording lacks, e.g.
     'Holanda', 'EE. UU.', 'Rusia');
   * ``iso-name``: pycountry's English name, official name or common name;
   * ``table-name``: the short name in data/reference/countries.csv ('Kosovo');
   * ``translation:es``, ``translation:fr``, ``translation:pt``: the same ISO names
     in pycountry's Spanish, French and Portuguese (European and Brazilian) catalogues.

   ISO-style inverted names are also read the way lists print them ('Congo,
   République démocratique du' as 'République démocratique du Congo'). If the readings
   name one country, that is the answer, and the matched rule is the first of the list
   above that gave it; if they name several, the name is ambiguous
   (`AmbiguousCountryError`, with every reading in the message);
3. steps 1-2 again without a leading article ('the', 'el', 'la', 'los', 'las', 'le',
   'les', "l'", 'o', 'a', 'os', 'as'): 'los Estados Unidos', "l'Inde". The full name
   always comes first, so 'El Salvador' is never read as 'Salvador';
4. 'Territory (Sovereign)' and 'Country (Qualifier)' forms: the part before the
   parentheses is resolved by steps 1-3 (it may be ambiguous: 'Saint Martin'), and
   the part in parentheses must name the territory's sovereign ('Bermuda (UK)',
   'Macao (China)', 'Saint Martin (France)'), the country itself ('Congo (DRC)') or one
   of its state-form qualifiers ('Korea (Rep.)', 'Congo (Democratic Rep.)', 'Iran
   (Islamic Rep.)'). If it names something else ('Bermuda (France)') that is a
   `QualifierMismatchError` naming both, never a guess;
5. otherwise `UnknownCountryError`, with close known names as suggestions.

Collisions. Codes and aliases are read whatever the language. An alias that means
another country than any code, ISO name or translation of the same key is refused when
the alias table is read. English names and translations are equal readings: a key that
is one country's name in one language and another's in another raises
`AmbiguousCountryError` rather than preferring English. pycountry is pinned exactly, so
the readings cannot change without a deliberate upgrade; the collisions its catalogues
contain today are pinned by hand in the tests (one: pt_BR gives Afghanistan's official
name as 'República Islâmica do Paquistão'), and every name in data/participants.csv
is tested to resolve to its recorded code. ``language='en'|'es'|'fr'|'pt'`` restricts
names (not codes or aliases) to one language, which is how a collision is read in one
language on purpose.

Why the translations are read from pycountry at run time rather than generated into a
reference table: the English ISO names already come from pycountry at run time, and the
translations are data of the same pinned package, installed offline with it; a
generated copy (about 2,000 rows) would add a data package resource that must be
regenerated on every pycountry bump and would hold no decision of ours. What does need
review is curated and already a table: the aliases (data/reference/country_aliases.csv)
and `AMBIGUOUS_NAMES` below. `python -m analysis.countries --known-names` prints every
key the resolver knows, with its code and rule, for review. The index is built lazily
on the first lookup and cached, so importing this module reads no catalogue.

`python -m analysis.countries [FILE]` (or `make resolve FILE=...`) resolves a list of
names, one per line, and prints a TSV report; see `main`.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import functools
import os
import sys
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.package.load import load_table
from analysis.package.paths import PROJECT_ROOT, REFERENCE_DIR
from analysis.places.country_names import (
    LANGUAGES,
    NAME_ATTRIBUTES,
    ampersand_keys,
    clean,
    label_qualifiers,
    name_forms,
    normalise,
    qualifier_key,
    split_qualifier,
    strip_article,
    translated_names,
)

if sys.argv[:1] == ["-m"]:
    # `python -m analysis.countries` imports the package `analysis`, which imports this
    # module, before runpy runs it as __main__; runpy then warns that the module is
    # already imported. The __main__ block below hands over to this imported copy.
    warnings.filterwarnings("ignore", message=r"'analysis\.countries' found in sys\.modules",
                            category=RuntimeWarning)

__all__ = [
    "AMBIGUOUS_NAMES", "AmbiguousCountryError", "CountryError", "CountryListError", "CountryMatch",
    "QualifierMismatchError", "RULES", "UnknownCountryError", "country_name", "country_table", "main",
    "match_country", "normalise", "resolve_countries", "resolve_country", "sovereign_of",
]

COUNTRIES_PATH = REFERENCE_DIR / "countries.csv"
ALIASES_PATH = REFERENCE_DIR / "country_aliases.csv"

# Matched rules, in the order that names the rule when several readings agree.
RULES = (
    "code", "alias", "iso-name", "table-name", "translation:es", "translation:fr", "translation:pt",
    "territory-form", "qualifier-form",
)

# Names that mean more than one country or territory, with the candidates. Spellings in
# Spanish, French and Portuguese follow the English name they translate. Hyphens count as
# spaces, so 'Saint Martin' also covers 'Saint-Martin'.
AMBIGUOUS_NAMES = {
    "Congo": ("COD", "COG"),
    "Korea": ("KOR", "PRK"),
    "Corea": ("KOR", "PRK"),
    "Corée": ("KOR", "PRK"),
    "Coreia": ("KOR", "PRK"),
    "Virgin Islands": ("VGB", "VIR"),
    "Islas Vírgenes": ("VGB", "VIR"),
    "Îles Vierges": ("VGB", "VIR"),
    "Ilhas Virgens": ("VGB", "VIR"),
    "Saint Martin": ("MAF", "SXM"),
    "St Martin": ("MAF", "SXM"),
    "St. Martin": ("MAF", "SXM"),
    "San Martín": ("MAF", "SXM"),
    "Isla de San Martín": ("MAF", "SXM"),
    "São Martinho": ("MAF", "SXM"),
    "São Martim": ("MAF", "SXM"),
    "Channel Islands": ("GGY", "JEY"),
    "Islas del Canal": ("GGY", "JEY"),
    "Îles Anglo-Normandes": ("GGY", "JEY"),
    "Ilhas do Canal": ("GGY", "JEY"),
    "Netherlands Antilles": ("BES", "CUW", "SXM"),
    "Antillas Neerlandesas": ("BES", "CUW", "SXM"),
    "Antilles néerlandaises": ("BES", "CUW", "SXM"),
    "Antilhas Neerlandesas": ("BES", "CUW", "SXM"),
    "Antilhas Holandesas": ("BES", "CUW", "SXM"),
    "Serbia and Montenegro": ("MNE", "SRB"),
    "Serbia y Montenegro": ("MNE", "SRB"),
    "Serbie-et-Monténégro": ("MNE", "SRB"),
    "Sérvia e Montenegro": ("MNE", "SRB"),
}


class CountryError(LookupError):
    """Base class of the errors raised when a name cannot be resolved."""


class UnknownCountryError(CountryError):
    """No country or territory is known by this name (or code)."""

    def __init__(self, message: str, name: str = "", suggestions: tuple[str, ...] = ()):
        super().__init__(message)
        self.name = name
        self.suggestions = suggestions


class QualifierMismatchError(UnknownCountryError):
    """'Name (X)' where the name is known but X is neither its sovereign, itself nor its qualifier.

    `candidates` are the codes the part before the parentheses means, `named` the codes
    the part in parentheses means (empty if it names no country).
    """

    def __init__(self, message: str, name: str, candidates: tuple[str, ...], named: tuple[str, ...]):
        super().__init__(message, name=name, suggestions=tuple(f"{_names()[c]} ({c})" for c in candidates))
        self.candidates = candidates
        self.named = named


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


@dataclass(frozen=True)
class CountryMatch:
    """A resolved name: the name as given, its ISO3 code and the rule that matched (see RULES)."""

    name: str
    iso3: str
    rule: str


@dataclass(frozen=True)
class _Reading:
    """One meaning of a matching key: a code, the rule that gives it, its language (None: any)."""

    iso3: str
    rule: str
    language: str | None
    label: str  # the name, code or alias it comes from, as written in its source


# --- reference tables ------------------------------------------------------------------

_TABLE_FILES = ("countries.csv", "country_aliases.csv")
_table_state: list[tuple | None] = [None]


def _fresh() -> None:
    """Forget the indexes built from countries.csv and country_aliases.csv when either file
    changed on disk (size, modification time or inode), so a long-running kernel sees an
    edited alias; the tables themselves are re-read through the content-keyed loader."""
    state = []
    for name in _TABLE_FILES:
        try:
            info = (REFERENCE_DIR / name).stat()
            state.append((info.st_mtime_ns, info.st_size, info.st_ino))
        except OSError:
            state.append(None)
    if tuple(state) != _table_state[0]:
        for cached in (_countries, _names, _sovereigns, _alias_rows, _index, _qualifiers, _suggestion_pool):
            cached.cache_clear()
        _table_state[0] = tuple(state)


@functools.cache
def _countries() -> pd.DataFrame:
    """countries.csv, validated against the data package schema by the shared loader."""
    table = load_table("countries", data_dir=REFERENCE_DIR.parent)
    return table.assign(is_territory=table["is_territory"].astype(bool))  # required: never missing


def country_table() -> pd.DataFrame:
    """countries.csv as a DataFrame: string columns, boolean is_territory (a copy)."""
    _fresh()
    return _countries().copy()


@functools.cache
def _names() -> dict[str, str]:
    """ISO3 -> short English name."""
    return dict(zip(_countries()["iso3"], _countries()["name"], strict=True))


@functools.cache
def _sovereigns() -> dict[str, str]:
    """Territory ISO3 -> sovereign ISO3 (territories without a recorded sovereign are absent)."""
    table = _countries().dropna(subset=["sovereign_iso3"])
    return dict(zip(table["iso3"], table["sovereign_iso3"], strict=True))


@functools.cache
def _alias_rows() -> tuple[tuple[str, str], ...]:
    table = load_table("country_aliases", data_dir=REFERENCE_DIR.parent)
    return tuple(zip(table["alias"], table["iso3"], strict=True))


@functools.cache
def _ambiguous() -> dict[str, tuple[str, ...]]:
    return {normalise(name): codes for name, codes in AMBIGUOUS_NAMES.items()}


# --- the index of names -----------------------------------------------------------------


def _name_readings() -> list[tuple[str, _Reading]]:
    """(key, reading) for every code, ISO name, table name and translation; aliases apart."""
    import pycountry

    pairs: list[tuple[str, _Reading]] = []
    for row in _countries().itertuples():
        for code in (row.iso3, row.iso2, row.m49_code):
            if isinstance(code, str):
                pairs.append((normalise(code), _Reading(row.iso3, "code", None, code)))
    for country in pycountry.countries:
        for attribute in NAME_ATTRIBUTES:
            label = getattr(country, attribute, None)
            if label:
                pairs += [(key, _Reading(country.alpha_3, "iso-name", "en", label)) for key in name_forms(label)]
    for iso3, label in _names().items():
        pairs += [(key, _Reading(iso3, "table-name", "en", label)) for key in name_forms(label)]
    for language in LANGUAGES[1:]:
        rule = f"translation:{language}"
        for iso3, label in translated_names(language):
            pairs += [(key, _Reading(iso3, rule, language, label)) for key in name_forms(label)]
    return pairs


@functools.cache
def _index() -> dict[str, tuple[_Reading, ...]]:
    """Matching key -> its readings, sorted by rule. Refuses aliases that change a reading."""
    index: dict[str, list[_Reading]] = {}
    for key, reading in _name_readings():
        index.setdefault(key, []).append(reading)
    known = _names()
    alias_codes: dict[str, str] = {}
    for alias, iso3 in _alias_rows():
        key = normalise(alias)
        if iso3 not in known:
            raise ValueError(f"{ALIASES_PATH}: alias {alias!r} points to unknown code {iso3!r}")
        if alias_codes.get(key, iso3) != iso3 or key in _ambiguous():
            raise ValueError(f"{ALIASES_PATH}: alias {alias!r} clashes with another alias or an ambiguous name")
        others = sorted({r.iso3 for r in index.get(key, ()) if r.iso3 != iso3})
        if others:
            meanings = "; ".join(f"{r.rule} {r.label!r} = {r.iso3}" for r in index[key] if r.iso3 != iso3)
            raise ValueError(f"{ALIASES_PATH}: alias {alias!r} -> {iso3} would change what the name means "
                             f"({meanings}); remove the alias")
        alias_codes[key] = iso3
        index.setdefault(key, []).append(_Reading(iso3, "alias", None, alias))
    return {key: tuple(sorted(dict.fromkeys(readings), key=_rule_order)) for key, readings in index.items()}


def _rule_order(reading: _Reading) -> tuple[int, str]:
    """Sort key of readings: the rule's place in RULES, then the code."""
    return RULES.index(reading.rule), reading.iso3


@functools.cache
def _qualifiers(languages: tuple[str, ...]) -> dict[str, frozenset[tuple[str, ...]]]:
    """ISO3 -> the state-form qualifiers its names in these languages give it (see label_qualifiers)."""
    labels = {(r.iso3, r.label) for readings in _index().values() for r in readings
              if r.rule != "code" and _allowed(r, languages)}
    found: dict[str, set[tuple[str, ...]]] = {}
    for iso3, label in labels:
        found.setdefault(iso3, set()).update(label_qualifiers(label))
    return {iso3: frozenset(keys) for iso3, keys in found.items()}


def _allowed(reading: _Reading, languages: tuple[str, ...]) -> bool:
    return reading.language is None or reading.language in languages


def _languages(language: str | None) -> tuple[str, ...]:
    if language is None:
        return LANGUAGES
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: use one of {', '.join(LANGUAGES)}, or None for all")
    return (language,)


# --- resolution -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    """What steps 1-3 make of a name: the codes it may mean and why."""

    codes: tuple[str, ...]
    readings: tuple[_Reading, ...]  # empty when `codes` come from AMBIGUOUS_NAMES

    @property
    def is_ambiguous_name(self) -> bool:
        return not self.readings


def _lookup(text: str, languages: tuple[str, ...]) -> _Found | None:
    """Steps 1-3: ambiguous names and readings of the key, then of the key without its article."""
    keys = ampersand_keys(text, languages)
    for stage in (keys, tuple(k for k in (strip_article(key, languages) for key in keys) if k)):
        for key in stage:
            if key in _ambiguous():
                return _Found(_ambiguous()[key], ())
        readings = tuple(sorted((r for key in stage for r in _index().get(key, ()) if _allowed(r, languages)),
                                key=_rule_order))
        if readings:
            return _Found(tuple(sorted({r.iso3 for r in readings})), readings)
    return None


def _describe(codes: Iterable[str]) -> str:
    return " or ".join(f"{code} ({_names()[code]})" for code in codes)


def _ambiguity(name: str, found: _Found) -> AmbiguousCountryError:
    if found.is_ambiguous_name:
        reason = f"it may mean {_describe(found.codes)}"
        hint = "Use the full name, 'Name (Sovereign)' or the ISO3 code."
    else:
        meanings = sorted({f"{r.label!r} ({r.rule}) is {r.iso3} ({_names()[r.iso3]})" for r in found.readings})
        reason = "; ".join(meanings)
        hint = "Pass language= to read it in one language, or use the ISO3 code."
    return AmbiguousCountryError(f"{name!r} is ambiguous: {reason}. {hint}", name=name, candidates=found.codes)


def _match_qualified(name: str, base: str, qualifier: str, languages: tuple[str, ...]) -> CountryMatch:
    """Step 4: 'Territory (Sovereign)' or 'Country (Qualifier)'."""
    found = _lookup(base, languages)
    if found is None:
        suggestions = _suggest(base, languages)
        hint = f" Did you mean: {'; '.join(suggestions)}?" if suggestions else ""
        raise UnknownCountryError(f"unknown country name {name!r}: {base!r} is not a known name.{hint}",
                                  name=name, suggestions=suggestions)
    named_found = _lookup(qualifier, languages)
    named = set(named_found.codes) if named_found else set()
    wanted = qualifier_key(qualifier)
    sovereigns = _sovereigns()
    by_sovereign = {code for code in found.codes if sovereigns.get(code) in named}
    by_qualifier = {code for code in found.codes
                    if code in named or wanted in _qualifiers(languages).get(code, frozenset())}
    agreeing = tuple(sorted(by_sovereign | by_qualifier))
    if len(agreeing) == 1:
        rule = "territory-form" if agreeing[0] in by_sovereign else "qualifier-form"
        return CountryMatch(name, agreeing[0], rule)
    if agreeing:
        raise AmbiguousCountryError(f"{name!r} is ambiguous: it may mean {_describe(agreeing)}. Use the ISO3 code.",
                                    name=name, candidates=agreeing)
    raise _mismatch(name, qualifier, found.codes, tuple(sorted(named)), languages)


def _mismatch(name: str, qualifier: str, candidates: tuple[str, ...], named: tuple[str, ...],
              languages: tuple[str, ...]) -> QualifierMismatchError:
    sovereigns = _sovereigns()
    about = []
    for code in candidates:
        sovereign = sovereigns.get(code)
        owner = (f"a territory of {_names()[sovereign]} ({sovereign})" if sovereign
                 else "recorded with no sovereign in countries.csv")
        about.append(f"{_names()[code]} ({code}) is {owner}")
    meaning = (f"{qualifier!r} means {' or '.join(f'{_names()[c]} ({c})' for c in named)}" if named
               else f"{qualifier!r} is neither a country nor a qualifier of its name"
               + ("" if languages == LANGUAGES else f" in {', '.join(languages)}"))
    return QualifierMismatchError(
        f"{name!r}: the part in parentheses does not agree with the name: {'; '.join(about)}, but {meaning}. "
        "Not guessing: correct the name, or add an alias if the source really prints it so.",
        name=name, candidates=candidates, named=named,
    )


def _check_name(name: object) -> str:
    if not isinstance(name, str):
        raise TypeError(f"a country name must be a string, not {type(name).__name__}: {name!r}")
    text = clean(name)
    if not text:
        raise ValueError(f"empty country name: {name!r}")
    return text


def match_country(name: str, language: str | None = None) -> CountryMatch:
    """The ISO3 code of a name and the rule that matched it (see the module docstring).

    ``language`` ('en', 'es', 'fr', 'pt') reads names in that language only; codes and
    aliases are read whatever the language. None (the default) tries all four.
    Raises TypeError for a non-string, ValueError for an empty name or an unknown
    language, AmbiguousCountryError, QualifierMismatchError (a subclass of
    UnknownCountryError) and UnknownCountryError.
    """
    text = _check_name(name)
    languages = _languages(language)
    _fresh()
    found = _lookup(text, languages)
    if found is not None:
        if len(found.codes) > 1 or found.is_ambiguous_name:
            raise _ambiguity(name, found)
        return CountryMatch(name, found.codes[0], found.readings[0].rule)
    parts = split_qualifier(text)
    if parts:
        return _match_qualified(name, *parts, languages)
    suggestions = _suggest(text, languages)
    hint = f"Did you mean: {'; '.join(suggestions)}?" if suggestions else "No known name is close."
    elsewhere = _lookup(text, LANGUAGES) if language is not None else None
    if elsewhere is not None:
        other = sorted({r.language for r in elsewhere.readings if r.language})
        where = f"In {', '.join(other)}" if other else "Read in all languages"
        hint = f"{where} it may mean {_describe(elsewhere.codes)}: pass language=None to try all languages."
    alias_file = ALIASES_PATH.relative_to(PROJECT_ROOT)
    raise UnknownCountryError(
        f"unknown country name {name!r}{'' if language is None else f' in language {language!r}'}. {hint} "
        f"Names are never matched fuzzily: if {name!r} is a real name, add a row 'alias,iso3,notes' for it "
        f"to {alias_file}.",
        name=name,
        suggestions=suggestions,
    )


def resolve_country(name: str, language: str | None = None) -> str:
    """ISO 3166-1 alpha-3 code of a country or territory name (XKX for Kosovo).

    ``language`` ('en', 'es', 'fr', 'pt') restricts names to one language; None tries
    all. Raises TypeError for a non-string, ValueError for an empty name,
    AmbiguousCountryError for a name such as 'Congo', QualifierMismatchError for
    'Bermuda (France)', and UnknownCountryError (with suggestions) for a name no table knows.
    """
    return match_country(name, language).iso3


def resolve_countries(names: Iterable[str], language: str | None = None) -> list[str]:
    """ISO3 codes of a list of names, in order.

    Every name is tried; if any fails, one CountryListError lists each bad
    name with its position (counted from 1) and the reason.
    """
    if isinstance(names, str):
        raise TypeError("resolve_countries expects a list of names, not one string")
    _languages(language)
    codes, failures = [], []
    for position, name in enumerate(names, start=1):
        try:
            codes.append(resolve_country(name, language))
        except (CountryError, TypeError, ValueError) as error:
            failures.append((position, name, error))
    if failures:
        lines = [f"  position {pos}: {name!r}: {error}" for pos, name, error in failures]
        raise CountryListError(f"{len(failures)} name(s) did not resolve:\n" + "\n".join(lines), failures)
    return codes


# --- suggestions ------------------------------------------------------------------------


@functools.cache
def _suggestion_pool(languages: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """Matching key of a known name -> (name as written, ISO3), used only to suggest."""
    pool: dict[str, tuple[str, str]] = {}
    names = _names()
    for key, readings in _index().items():
        shown = [r for r in readings if r.rule != "code" and _allowed(r, languages)]
        if shown:
            first = shown[0]
            pool[key] = (names[first.iso3] if first.rule == "iso-name" else first.label, first.iso3)
    return pool


def _suggest(name: str, languages: tuple[str, ...], limit: int = 5) -> tuple[str, ...]:
    """Up to `limit` close known names, 'Name (ISO3)', one per country, closest first."""
    import pycountry

    pool = _suggestion_pool(languages)
    found = [pool[key] for key in difflib.get_close_matches(normalise(name), list(pool), n=3 * limit, cutoff=0.5)]
    if "en" in languages:
        try:
            found += [(_names()[c.alpha_3], c.alpha_3) for c in pycountry.countries.search_fuzzy(name)]
        except LookupError:
            pass
    by_code: dict[str, str] = {}
    for label, iso3 in found:
        by_code.setdefault(iso3, f"{label} ({iso3})")
    return tuple(by_code.values())[:limit]


# --- country table lookups --------------------------------------------------------------


def _row(iso3: str) -> pd.Series:
    if not isinstance(iso3, str):
        raise TypeError(f"an ISO3 code must be a string, not {type(iso3).__name__}")
    _fresh()
    table = _countries()
    match = table[table["iso3"] == iso3.strip().upper()]
    if match.empty:
        raise UnknownCountryError(f"unknown ISO3 code {iso3!r} (not in {COUNTRIES_PATH.name})", name=iso3)
    return match.iloc[0]


def country_name(iso3: str) -> str:
    """Short English name of a country or territory from its ISO3 code."""
    return str(_row(iso3)["name"])


def sovereign_of(iso3: str) -> str | None:
    """ISO3 of a territory's sovereign; None for a state or an area of undetermined status."""
    sovereign = _row(iso3)["sovereign_iso3"]
    return None if pd.isna(sovereign) else str(sovereign)


# --- command line -----------------------------------------------------------------------

TSV_COLUMNS = ("name", "iso3", "rule", "status", "detail")
EXIT_OK, EXIT_UNRESOLVED, EXIT_BAD_INPUT = 0, 1, 2

_DESCRIPTION = """\
Resolve country and territory names, one per line, to ISO 3166-1 alpha-3 codes.

Reads FILE (UTF-8, a byte-order mark is accepted), or standard input when FILE is '-'
or absent. Blank lines and lines starting with '#' are skipped. Prints a TSV with the
header name, iso3, rule, status, detail:

  rule    code, alias, iso-name, table-name, translation:es|fr|pt, territory-form,
          qualifier-form (empty when the name did not resolve)
  status  ok, ambiguous (several countries fit), mismatch (the part in parentheses
          disagrees with the name), unknown
  detail  ok: the English short name (and sovereign of a territory); otherwise the
          candidates or the suggestions

Each name that does not resolve is also reported on standard error as one line
'FILE:LINE: message'. Names are never matched fuzzily."""

_EPILOG = """\
exit status: 0 every name resolved; 1 some name is unknown, ambiguous or mismatched;
2 the input cannot be read (missing file, not UTF-8) or the reference tables are broken.

pasting into data/participants.csv (operation_id,position,name_as_printed,iso3,source_url):
  keep the lines in the order the source prints them; when the command exits 0, the
  'name' and 'iso3' columns are name_as_printed and iso3, and the line order is the
  position (1, 2, ...). --participants OPERATION_ID SOURCE_URL prints those rows
  ready to append, CSV-quoted, instead of the TSV:
    python -m analysis.countries list.txt --participants turquesa-v-2023 https://... >> data/participants.csv

examples:
  python -m analysis.countries names.txt
  printf 'Estados Unidos\\nCongo\\n' | python -m analysis.countries --language es
  make resolve FILE=names.txt RESOLVE_ARGS="--language fr"
  (make exits 2 whenever the command fails.)"""


class _InputError(Exception):
    """The list of names cannot be read; the message is one line."""


def _read_names(path: str) -> tuple[str, list[tuple[int, str]]]:
    """(source label, [(line number, name)]) of a UTF-8 file or standard input."""
    label = "<stdin>" if path == "-" else path
    if path == "-" and sys.stdin.isatty():
        print("reading names from the terminal, one per line; end with Ctrl-D", file=sys.stderr)
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as error:
        raise _InputError(f"cannot read {label}: {error.strerror or error}") from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise _InputError(f"{label} is not UTF-8 text: byte 0x{data[error.start]:02x} on line {line} cannot be "
                          "decoded; save the file as UTF-8") from error
    names = []
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        name = line.strip()
        if name and not name.startswith("#"):
            names.append((number, name))
    return label, names


def _report_row(name: str, language: str | None) -> tuple[list[str], str | None]:
    """TSV row of one name, and the error message if it did not resolve."""
    try:
        match = match_country(name, language)
    except AmbiguousCountryError as error:
        return [name, "", "", "ambiguous", "candidates: " + "; ".join(
            f"{code} ({_names()[code]})" for code in error.candidates)], str(error)
    except QualifierMismatchError as error:
        return [name, "", "", "mismatch", str(error)], str(error)
    except UnknownCountryError as error:
        detail = "suggestions: " + "; ".join(error.suggestions) if error.suggestions else "no close name"
        return [name, "", "", "unknown", detail], str(error)
    sovereign = _sovereigns().get(match.iso3)
    detail = _names()[match.iso3] + (f"; territory of {_names()[sovereign]} ({sovereign})" if sovereign else "")
    return [name, match.iso3, match.rule, "ok", detail], None


def _known_names_rows() -> list[list[str]]:
    return [[key, r.iso3, r.rule, r.language or "", r.label] for key, readings in sorted(_index().items())
            for r in readings]


def main(argv: list[str] | None = None) -> int:
    """`python -m analysis.countries`: resolve a list of names; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m analysis.countries", description=_DESCRIPTION, epilog=_EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", default="-", help="list of names, one per line (default: standard input)")
    parser.add_argument("--language", choices=LANGUAGES,
                        help="read names in this language only (codes and aliases always count); default: all")
    parser.add_argument("--participants", nargs=2, metavar=("OPERATION_ID", "SOURCE_URL"),
                        help="print data/participants.csv rows instead of the TSV (only if every name resolves)")
    parser.add_argument("--known-names", action="store_true",
                        help="print every matching key the resolver knows (key, iso3, rule, language, label) and exit")
    args = parser.parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    try:
        if args.known_names:
            _write(["key", "iso3", "rule", "language", "label"], _known_names_rows(), delimiter="\t")
            return EXIT_OK
        label, names = _read_names(args.file)
        rows, failures = [], 0
        for number, name in names:
            row, error = _report_row(name, args.language)
            rows.append(row)
            if error is not None:
                failures += 1
                print(f"{label}:{number}: {error}", file=sys.stderr)
    except (_InputError, ValueError, RuntimeError) as error:
        print(f"error: {' '.join(str(error).split())}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if failures:
        print(f"{failures} of {len(names)} name(s) did not resolve", file=sys.stderr)
    if args.participants and not failures:
        operation_id, source_url = args.participants
        _write(None, [[operation_id, str(position), row[0], row[1], source_url]
                      for position, row in enumerate(rows, start=1)], delimiter=",")
    elif not args.participants:
        _write(list(TSV_COLUMNS), rows, delimiter="\t")
    return EXIT_UNRESOLVED if failures else EXIT_OK


def _write(header: list[str] | None, rows: list[list[str]], delimiter: str) -> None:
    writer = csv.writer(sys.stdout, delimiter=delimiter, lineterminator="\n")
    try:
        if header:
            writer.writerow(header)
        writer.writerows(rows)
        sys.stdout.flush()
    except BrokenPipeError:  # piped into `head` or similar: stop quietly, as cat does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


if __name__ == "__main__":
    from analysis.places.countries import main as _main  # the imported module, not this second copy

    sys.exit(_main())
