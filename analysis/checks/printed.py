"""Rules that tie stored values to what the sources printed.

Three checks that a Table Schema cannot express, run by :mod:`analysis.load` on every table
they concern:

- **value agrees with value_as_printed** (``figures``, ``figure_alternatives``,
  ``case_figures``, ``case_figure_alternatives``). The ``value_reading`` column says how
  ``value`` was read from the printed text. ``numeral`` and ``words`` rows are read again
  with :func:`read_printed` and must give ``value`` (a transposed 21540 for '21,450' fails),
  and a qualifier word before the number ('nearly', 'more than', ...) must match the
  ``qualifier`` column by the wordings of ``reference/qualifiers.csv`` (no word: ``exact``).
  ``sum-of-printed`` rows must add up to ``value``. ``counted-from-text`` and ``typo-read``
  rows, whose printed text does not read as the value, must give the reason in ``notes``.
- **each participant's name resolves to its code** (``participants``):
  :func:`analysis.countries.resolve_country` of ``name_as_printed`` must give ``iso3``,
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
from pathlib import Path

import pandas as pd

VALUE_TABLES = ("figures", "figure_alternatives", "case_figures", "case_figure_alternatives")
READ_AGAIN = ("numeral", "words")
NEEDS_REASON = ("counted-from-text", "typo-read")

# Wordings understood when no list is given (the rule passes those of reference/qualifiers.csv).
QUALIFIER_WORDINGS = ("nearly", "almost", "close to", "around", "about", "approximately", "some",
                      "roughly", "more than", "over", "upwards of", "at least", "up to")
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
UNITS = {word: n for n, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
TENS = {word: 10 * n for n, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(),
                                               start=2)}
# A count may follow 'other' ('the other seven' = seven more people).
FILLERS = ("the other", "other")

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})
# Digits with ',' or ' ' as thousands separator ('21,450', '2 571'), or plain digits; a decimal part.
_NUMBER = r"\d{1,3}(?:[, ]\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?"
_DIGITS = re.compile(rf"(?:[A-Z]{{3}} )?(?P<number>{_NUMBER})(?: (?P<scale>{'|'.join(SCALES)})\b)?")


@dataclass(frozen=True)
class PrintedNumber:
    """A number read from printed text: its value, ``numeral`` or ``words``, and the qualifier
    wording found before it (``None`` when there is none)."""

    value: Decimal
    kind: str
    wording: str | None


def _leading(text: str, options) -> tuple[str | None, str]:
    """The first of ``options`` that ``text`` starts with (as whole words), and the rest."""
    for option in sorted(options, key=len, reverse=True):
        match = re.match(rf"{re.escape(option)}\s+", text, flags=re.IGNORECASE)
        if match:
            return option, text[match.end():]
    return None, text


def _words_number(text: str) -> Decimal | None:
    """A number written in words at the start of ``text`` ('eight', 'twenty-four',
    'a hundred', 'one million'); ``None`` when the text does not start with one."""
    tokens = [t.strip(",.;:()") for t in re.split(r"[\s\-]+", text.casefold()) if t]
    total, current, seen = 0, 0, False
    for i, token in enumerate(tokens):
        if token == "a" and not seen and i + 1 < len(tokens) and tokens[i + 1] in ("hundred", *SCALES):
            current = 1
        elif token in UNITS:
            current, seen = current + UNITS[token], True
        elif token in TENS:
            current, seen = current + TENS[token], True
        elif token == "hundred" and (seen or current):
            current, seen = max(current, 1) * 100, True
        elif token in SCALES and (seen or current):
            total, current, seen = total + max(current, 1) * SCALES[token], 0, True
        elif token == "and" and seen:
            continue
        else:
            break
    return Decimal(total + current) if seen else None


def read_printed(text: str, wordings=QUALIFIER_WORDINGS) -> PrintedNumber | None:
    """Read the number at the start of a printed figure, after an optional qualifier wording
    (one of ``wordings``), 'other' and a currency code: '21,450', '2 571' (space or narrow
    no-break space between thousands), 'nearly 5,000', 'some 1.5 million', 'over 276',
    'USD 750,000', 'eight', 'twenty-four', 'more than a hundred', 'other seven'.

    Whatever follows the number is ignored ('1 (boy aged 8)' reads as 1). Returns ``None``
    when no number starts the text ('a 26-year-old man', 'Mexico City').
    """
    if not isinstance(text, str):
        return None
    rest = " ".join(text.translate(_SPACES).split())
    wording, rest = _leading(rest, wordings)
    _, rest = _leading(rest, FILLERS)
    match = _DIGITS.match(rest)
    if match:
        value = Decimal(match["number"].replace(",", "").replace(" ", ""))
        if match["scale"]:
            value *= SCALES[match["scale"]]
        return PrintedNumber(value, "numeral", wording and wording.casefold())
    value = _words_number(rest)
    return None if value is None else PrintedNumber(value, "words", wording and wording.casefold())


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


def _qualifier_of_wording(qualifiers: pd.DataFrame) -> dict[str, str]:
    """Wording (casefolded) -> qualifier slug, from reference/qualifiers.csv."""
    mapping = {}
    for row in qualifiers.itertuples():
        for wording in str(row.wordings).split(";"):
            wording = wording.strip().casefold()
            if wording and not wording.startswith("("):
                mapping[wording] = str(row.qualifier)
    return mapping


def _missing(value) -> bool:
    return value is None or pd.isna(value) or not str(value).strip()


def _flag(value) -> bool:
    """A boolean cell: missing counts as false (the schema requires it anyway)."""
    return not _missing(value) and bool(value)


def value_reading_problems(file: str, frame: pd.DataFrame, qualifiers: pd.DataFrame) -> list[str]:
    """Problems where ``value`` does not follow from ``value_as_printed`` by ``value_reading``."""
    by_wording = _qualifier_of_wording(qualifiers)
    rule = "[rule: value agrees with value_as_printed]"
    problems = []
    for i, row in frame.iterrows():
        where = f"{file}, line {i + 2}"
        printed, reading, value = row["value_as_printed"], str(row["value_reading"]), float(row["value"])
        read = read_printed(printed, tuple(by_wording))
        if reading in READ_AGAIN:
            if read is None:
                problems.append(
                    f"{where}, column 'value_as_printed': no number can be read from {printed!r} {rule}; "
                    f"hint: if the source prints no number or a typo, set value_reading to counted-from-text "
                    f"or typo-read and give the reason in notes")
            elif read.kind != reading:
                problems.append(
                    f"{where}, column 'value_reading': {printed!r} is a number in {read.kind}, not "
                    f"{reading} {rule}; hint: set value_reading to {read.kind}")
            elif float(read.value) != value:
                problems.append(
                    f"{where}, column 'value': {printed!r} reads as {float(read.value):g}, but value is "
                    f"{value:g} {rule}; hint: correct value (or value_as_printed, if it was mistyped)")
            else:
                expected = by_wording.get(read.wording, "exact") if read.wording else "exact"
                if str(row["qualifier"]) != expected:
                    said = f"the wording {read.wording!r}" if read.wording else "no qualifier word"
                    problems.append(
                        f"{where}, column 'qualifier': {printed!r} has {said}, which means qualifier "
                        f"{expected!r} in reference/qualifiers.csv, but qualifier is {row['qualifier']!r} "
                        f"[rule: qualifier agrees with value_as_printed]; hint: set qualifier to {expected!r} "
                        f"(and the bounds by its rule), or add the wording to reference/qualifiers.csv")
        elif reading == "sum-of-printed":
            numbers = printed_numerals(printed)
            total = float(sum(numbers, Decimal(0)))
            if len(numbers) < 2 or total != value:
                shown = " + ".join(f"{n:f}" for n in numbers) or "no numbers"
                problems.append(
                    f"{where}, column 'value': {printed!r} has {shown} (sum {total:g}), but value is "
                    f"{value:g} {rule}; hint: value must be the sum of the two or more numbers printed")
        elif reading in NEEDS_REASON:
            if _missing(row["notes"]):
                problems.append(
                    f"{where}, column 'notes': value_reading {reading} needs the reason in notes (what was "
                    f"counted, or how the typo was read) {rule}")
            if read is not None and float(read.value) == value:
                problems.append(
                    f"{where}, column 'value_reading': {printed!r} reads as the number {value:g} itself, "
                    f"not {reading} {rule}; hint: set value_reading to {read.kind}")
    return problems


def participant_problems(file: str, frame: pd.DataFrame) -> list[str]:
    """Problems where a participant's printed name does not resolve to its ``iso3`` without an
    explicit, noted exception, or a flagged row gives no reason."""
    from analysis.places.countries import resolve_country  # lazy: analysis.countries imports analysis.load

    rule = "[rule: name_as_printed resolves to iso3]"
    problems = []
    for i, row in frame.iterrows():
        where = f"{file}, line {i + 2}"
        name, iso3 = row["name_as_printed"], row["iso3"]
        try:
            resolved, outcome = resolve_country(name), None
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


def rule_problems(name: str, path: str, frame: pd.DataFrame, data_dir: Path) -> list[str]:
    """Every rule of this module that applies to table ``name`` (read from ``path``)."""
    file = Path(path).name
    if name in VALUE_TABLES:
        from analysis.package.load import load_table  # lazy: analysis.load imports this module

        return value_reading_problems(file, frame, load_table("qualifiers", data_dir=data_dir))
    if name == "participants":
        return participant_problems(file, frame)
    if name == "cases":
        return location_problems(file, frame)
    return []
