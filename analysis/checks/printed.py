"""Rules that tie stored values to what the sources printed.

Three checks that a Table Schema cannot express, run by :mod:`analysis.checks.rules` on every
table they concern:

- **value agrees with value_as_printed** (``figures``, ``figure_alternatives``,
  ``case_figures``, ``case_figure_alternatives``). The ``value_reading`` column says how
  ``value`` was read from the printed text. ``numeral`` and ``words`` rows are read again
  with :func:`read_printed` and must give ``value`` (a transposed 21540 for '21,450' fails),
  and a qualifier word before the number ('nearly', 'more than', ...) must match the
  ``qualifier`` column by the wordings of ``reference/qualifiers.csv`` (no word: ``exact``).
  ``sum-of-printed`` rows must add up to ``value``. ``counted-from-text`` and ``typo-read``
  rows, whose printed text does not read as the value, must give the reason in ``notes``.
- **each participant's name resolves to its code** (``participants``):
  the resolver built from the package's own reference tables
  (:class:`analysis.places.countries.Resolver`) must read ``name_as_printed`` as ``iso3``,
  unless the row is marked ``is_resolver_exception`` with the reason in ``notes``; a row
  marked ``is_project_reading`` (no list printed) also needs its reason in ``notes``.
- **location_as_printed holds only the source's words** (``cases``): it is filled when
  ``location_basis`` is ``printed`` and empty when it is ``not-stated``.

Every problem names the file, the line (the header is line 1), the column, the rule and
how to fix it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath

import pandas as pd

from analysis.checks import printed_values
from analysis.checks.printed_numbers import read_number
from analysis.package.load import Package
from analysis.places.countries import Resolver

VALUE_TABLES = ("figures", "figure_alternatives", "case_figures", "case_figure_alternatives")

# English wordings understood when no list is given (the rule passes those of every language in
# reference/qualifiers.csv).
QUALIFIER_WORDINGS = ("nearly", "almost", "close to", "around", "about", "approximately", "some",
                      "roughly", "more than", "over", "upwards of", "at least", "up to")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})
# Digits with ',' or ' ' as thousands separator ('21,450', '2 571'), or plain digits; a decimal part.
_NUMBER = r"\d{1,3}(?:[, ]\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?"


@dataclass(frozen=True)
class PrintedNumber:
    """A number read from printed text: its value, ``numeral`` or ``words``, and the qualifier
    wording found before it (``None`` when there is none)."""

    value: Decimal
    kind: str
    wording: str | None


def read_printed(text: str, wordings=QUALIFIER_WORDINGS, language: str | None = None) -> PrintedNumber | None:
    """Read the number at the start of a printed figure, after an optional qualifier wording
    (one of ``wordings``), 'other' and a currency code: '21,450', '2 571' (space or narrow
    no-break space between thousands), 'nearly 5,000', 'some 1.5 million', 'over 276',
    'USD 750,000', 'eight', 'twenty-four', 'more than a hundred', 'other seven'; in French,
    Spanish and Portuguese too ('3,6 millions', 'más de 10.000', 'mais de 2 mil'), read in
    ``language`` when given (see :mod:`analysis.checks.printed_numbers`).

    Whatever follows the number is ignored ('1 (boy aged 8)' reads as 1). Returns ``None``
    when no number starts the text ('a 26-year-old man', 'Mexico City').
    """
    from analysis.checks.printed_numbers import read_number

    reading = read_number(text, language, wordings)
    if reading is None:
        return None
    return PrintedNumber(reading.value, reading.kind, reading.wording and reading.wording.casefold())


def parse_printed_number(text: str) -> float | None:
    """The number a printed figure states, without its qualifier ('nearly 5,000' -> 5000.0);
    ``None`` when no number can be read. See :func:`read_printed`."""
    reading = read_printed(text)
    return None if reading is None else float(reading.value)


def printed_numerals(text: str) -> list[Decimal]:
    """Every number printed in digits in ``text`` ('88 HT + 63 smuggling' -> [88, 63])."""
    if not isinstance(text, str):
        return []
    text = " ".join(text.translate(_SPACES).split())
    return [Decimal(m.group().replace(",", "").replace(" ", "")) for m in re.finditer(_NUMBER, text)]


def _missing(value) -> bool:
    return value is None or pd.isna(value) or not str(value).strip()


def _flag(value) -> bool:
    """A boolean cell: missing counts as false (the schema requires it anyway)."""
    return not _missing(value) and bool(value)


_CONJUNCTIONS = re.compile(r"\s*(?:\+|,|;|\band\b|\bet\b|\by\b|\be\b)\s*", re.IGNORECASE)


def _parts_in_words(printed: str) -> list[Decimal]:
    """The numbers of a sum printed in words in any of the four languages ('douze femmes et
    deux hommes' -> 12, 2): the text split at '+', commas and 'and'/'et'/'y'/'e', each part read
    by :func:`analysis.checks.printed_numbers.read_number`; parts that read as no number are left out."""
    numbers = []
    for part in _CONJUNCTIONS.split(str(printed)):
        reading = read_number(part) if part.strip() else None
        if reading is not None:
            numbers.append(reading.value)
    return numbers


def sum_problems(file: str, frame: pd.DataFrame) -> list[str]:
    """Problems where a ``sum-of-printed`` value is not the sum of the numbers printed."""
    rule = "[rule: value agrees with value_as_printed]"
    problems = []
    for i, row in frame.iterrows():
        if str(row["value_reading"]) != "sum-of-printed":
            continue
        printed, value = row["value_as_printed"], float(row["value"])
        numbers = printed_numerals(printed)
        if len(numbers) < 2:
            numbers = _parts_in_words(printed)
        total = float(sum(numbers, Decimal(0)))
        if len(numbers) < 2 or total != value:
            shown = " + ".join(f"{n:f}" for n in numbers) or "no numbers"
            problems.append(
                f"{file}, line {i + 2}, column 'value': {printed!r} has {shown} (sum {total:g}), but value is "
                f"{value:g} {rule}; hint: value must be the sum of the two or more numbers printed")
    return problems


def participant_problems(file: str, frame: pd.DataFrame, resolver: Resolver) -> list[str]:
    """Problems where a participant's printed name does not resolve to its ``iso3`` by the
    package's own reference tables (``resolver``) without an explicit, noted exception, or a
    flagged row gives no reason."""
    rule = "[rule: name_as_printed resolves to iso3]"
    problems = []
    for i, row in frame.iterrows():
        where = f"{file}, line {i + 2}"
        name, iso3 = row["name_as_printed"], row["iso3"]
        try:
            resolved, outcome = resolver.resolve(name), None
        except (LookupError, TypeError, ValueError) as error:
            resolved, outcome = None, f"does not resolve ({error})"
        outcome = outcome or f"resolves to {resolved!r}"
        exception = _flag(row["is_resolver_exception"])
        if not exception and resolved != iso3:
            problems.append(
                f"{where}, column 'iso3': {name!r} {outcome}, but iso3 is {iso3!r} {rule}; hint: correct "
                f"iso3, add the name to reference/country_aliases.csv, or set is_resolver_exception to true "
                f"and give the reason in notes")
        if exception and resolved == iso3:
            problems.append(
                f"{where}, column 'is_resolver_exception': {name!r} resolves to {iso3!r} itself, so it is no "
                f"exception {rule}; hint: set is_resolver_exception to false")
        if exception and _missing(row["notes"]):
            problems.append(f"{where}, column 'notes': is_resolver_exception is true for {name!r} ({iso3!r}) "
                            f"but notes give no reason {rule}")
        if _flag(row["is_project_reading"]) and _missing(row["notes"]):
            problems.append(f"{where}, column 'notes': is_project_reading is true for {name!r} but notes do "
                            f"not say why [rule: a project reading is explained]")
    return problems


def location_problems(file: str, frame: pd.DataFrame) -> list[str]:
    """Problems where ``location_as_printed`` and ``location_basis`` disagree."""
    problems = []
    for i, row in frame.iterrows():
        basis, printed = str(row["location_basis"]), row["location_as_printed"]
        if basis == "printed" and _missing(printed):
            problems.append(
                f"{file}, line {i + 2}, column 'location_as_printed': empty, but location_basis is printed "
                f"[rule: location_as_printed is the source's words]; hint: copy the source's words for the "
                f"place, or set location_basis to not-stated or operation-wide")
        if basis == "not-stated" and not _missing(printed):
            problems.append(
                f"{file}, line {i + 2}, column 'location_as_printed': {printed!r}, but location_basis is "
                f"not-stated [rule: location_as_printed is the source's words]; hint: leave it empty when "
                f"the source names no place")
    return problems


def rule_problems(name: str, path: str, frame: pd.DataFrame, package: Package) -> list[str]:
    """Every rule of this module that applies to table ``name`` of ``package`` (read from ``path``)."""
    file = PurePosixPath(path).name
    if name in VALUE_TABLES:
        languages, whole, sources = printed_values.row_context(name, frame, package)
        qualifiers = package.frame("qualifiers")
        return (sum_problems(file, frame)
                + printed_values.value_problems(file, frame, qualifiers, languages, whole, sources)
                + printed_values.currency_problems(file, frame, package))
    if name == "participants":
        return participant_problems(file, frame, Resolver.of(package))
    if name == "cases":
        return location_problems(file, frame)
    return []
