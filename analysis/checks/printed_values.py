"""The rule "value agrees with value_as_printed", in the language of the figure's source.

For the tables of figures (``figures``, ``figure_alternatives``, ``case_figures``,
``case_figure_alternatives``), rows whose ``value_reading`` is ``numeral`` or ``words`` are read
again with :func:`analysis.checks.printed_numbers.read_number` in the language that ``sources.csv``
records for the row's source (a case figure's source is its case's), and:

- the number read must be ``value`` ('3,6 millions' is 3600000; '21,450' is not 21540);
- the qualifier wording before it must mean ``qualifier`` in that language
  (``reference/qualifiers.csv``; no wording means ``exact``, or the qualifier the number's own
  words imply: 'une centaine' is ``around``); a wording that means different qualifiers in two
  languages needs the source's language recorded;
- a currency printed with the number ('EUR 277,669', '€ 5 000') must be the row's ``currency``.

Every message says what was read (and in which language) and the value, qualifier and bounds
that the printed text implies, so the hint can be followed as it stands.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from analysis.checks import qualifier_wordings as wordings_rule
from analysis.checks.printed_numbers import LANGUAGE_NAMES, LANGUAGES, explain_one, normalise, read_number, show
from analysis.checks.units import is_whole_unit
from analysis.package.schema import DataValidationError

READ_AGAIN = ("numeral", "words")
NEEDS_REASON = ("counted-from-text", "typo-read")
RULE = "[rule: value agrees with value_as_printed]"
QUALIFIER_RULE = "[rule: qualifier agrees with value_as_printed]"


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or not str(value).strip()


def language_of(code) -> str | None:
    """A recorded language code ('fr'), or ``None`` when missing."""
    return None if _missing(code) else str(code).strip()


def _in(language: str | None) -> str:
    if language is None:
        return "in any of English, French, Spanish and Portuguese (the source's language is not recorded)"
    return f"in {LANGUAGE_NAMES.get(language, language)}"


def expected_cells(value: Decimal, qualifier: str, factors: dict, whole: bool) -> str:
    """'value 3600000, qualifier 'exact', lower_bound 3600000, upper_bound 3600000'."""
    lower, upper = wordings_rule.implied_bounds(value, *factors[qualifier], whole=whole) if qualifier in factors \
        else (None, None)
    return (f"value {show(value)}, qualifier {qualifier!r}, lower_bound {show(lower)}, "
            f"upper_bound {show(upper)}")


def _why_unreadable(printed: str, table, language: str | None) -> str:
    """What stands before the first number of a text that does not start with one."""
    text = normalise(printed)
    for start in range(1, len(text)):
        if text[start - 1] == " " and read_number(text[start:], language) is not None:
            before = text[:start].strip()
            return (f"{before!r} stands before the number {text[start:]!r}; if it is a qualifier wording "
                    f"(or a word such as 'dont', 'of whom'), add it with its language to "
                    f"reference/qualifiers.csv (wordings_en, _fr, _es or _pt)")
    return ("if the source prints no number, set value_reading to counted-from-text, or to typo-read for "
            "a printed typo, and give the reason in notes")


def row_problems(where: str, row: dict, table, factors: dict, language: str | None, whole: bool,
                 source: str | None) -> list[str]:
    """Problems of one row (``row``: the row's cells), see the module docstring."""
    printed, reading, value = row["value_as_printed"], str(row["value_reading"]), float(row["value"])
    read = read_number(printed, language, wordings_rule.all_wordings(table))
    problems = []
    if reading in READ_AGAIN:
        if read is None:
            return [f"{where}, column 'value_as_printed': no number starts {printed!r} (read {_in(language)}) "
                    f"{RULE}; hint: {_why_unreadable(printed, table, language)}"]
        if read.kind != reading:
            problems.append(f"{where}, column 'value_reading': {printed!r} is a number in {read.kind} "
                            f"({read.number_text!r}), not {reading} {RULE}; hint: set value_reading to {read.kind}")
        said_wording = f"the wording {read.wording!r}" if read.wording else "no qualifier wording"
        meaning = wordings_rule.meaning(read.wording, table, language) if read.wording else None
        if meaning is not None and meaning.qualifier is None:
            record = (f"record the source's language (ISO 639-1: en, fr, es, pt) in the language column of "
                      f"sources.csv for {source}" if source else "record the source's language in sources.csv")
            problems.append(f"{where}, column 'qualifier': {meaning.problem} {QUALIFIER_RULE}; hint: {record}")
            return problems
        expected_qualifier = meaning.qualifier if meaning is not None else read.qualifier or "exact"
        kept = [n for n, v in enumerate(read.values) if not whole or v == v.to_integral_value()] or \
            list(range(len(read.values)))
        candidates = [read.values[n] for n in kept]
        if not any(float(v) == value for v in candidates):
            shown = " or ".join(show(v) for v in candidates)
            how = " or ".join(explain_one(read.explanation, n, len(read.values)) for n in kept)
            record = (" (the separators read both ways; record the source's language in sources.csv to "
                      "settle them)" if len(candidates) > 1 and language is None else "")
            choices = "; or ".join(expected_cells(v, expected_qualifier, factors, whole) for v in candidates)
            problems.append(
                f"{where}, column 'value': {printed!r} reads as {shown} ({read.number_text!r}: {how or 'digits'}, "
                f"read {_in(language)}){record}, but value is {show(value)} {RULE}; hint: set {choices} "
                f"(or correct value_as_printed, if it was mistyped)")
        elif str(row["qualifier"]) != expected_qualifier and meaning is None and read.qualifier:
            problems.append(
                f"{where}, column 'qualifier': {printed!r} prints {read.number_text!r}, a collective numeral that "
                f"means about {show(read.value)} ({read.explanation}), so qualifier {expected_qualifier!r}, but "
                f"qualifier is {row['qualifier']!r} {QUALIFIER_RULE}; hint: set "
                f"{expected_cells(Decimal(str(value)), expected_qualifier, factors, whole)}")
        elif str(row["qualifier"]) != expected_qualifier:
            in_language = ""
            if meaning is not None:
                langs = [LANGUAGE_NAMES[lang] for lang in LANGUAGES
                         if meaning.languages.get(lang) == expected_qualifier]
                in_language = f" in {' and '.join(langs)}" if langs else ""
            problems.append(
                f"{where}, column 'qualifier': {printed!r} has {said_wording}, which means {expected_qualifier!r}"
                f"{in_language} (reference/qualifiers.csv), but qualifier is {row['qualifier']!r} {QUALIFIER_RULE}; "
                f"hint: set {expected_cells(Decimal(str(value)), expected_qualifier, factors, whole)}, or, if the "
                f"wording means something else, correct it in reference/qualifiers.csv")
        currency = row.get("currency")
        if read.currency and not _missing(currency) and read.currency != str(currency):
            problems.append(f"{where}, column 'currency': {printed!r} prints {read.currency}, but currency is "
                            f"{currency!r} {RULE}; hint: set currency to {read.currency}")
    elif reading in NEEDS_REASON:
        if _missing(row["notes"]):
            problems.append(f"{where}, column 'notes': value_reading {reading} needs the reason in notes (what was "
                            f"counted, or how the typo was read) {RULE}")
        if read is not None and float(read.value) == value and len(read.values) == 1:
            problems.append(f"{where}, column 'value_reading': {printed!r} reads as the number {show(value)} itself "
                            f"(read {_in(language)}), not {reading} {RULE}; hint: set value_reading to {read.kind}")
    return problems


def value_problems(file: str, frame: pd.DataFrame, qualifiers: pd.DataFrame, languages: list[str | None],
                   whole: list[bool], sources: list[str | None]) -> list[str]:
    """Problems of the rows of ``frame`` (one entry of ``languages``, ``whole`` and ``sources``
    per row: the source's language, whether the value counts whole things, the source URL)."""
    table = wordings_rule.wordings_by_language(qualifiers)
    factors = dict(zip(qualifiers["qualifier"], zip(qualifiers["lower_factor"], qualifiers["upper_factor"],
                                                    strict=True), strict=True))
    problems = []
    for n, (i, row) in enumerate(frame.iterrows()):
        if str(row["value_reading"]) == "sum-of-printed" or pd.isna(row["value"]):
            continue
        problems += row_problems(f"{file}, line {i + 2}", row.to_dict(), table, factors, languages[n], whole[n],
                                 sources[n])
    return problems


def row_context(name: str, frame: pd.DataFrame, package) -> tuple[list[str | None], list[bool], list[str | None]]:
    """For each row of table ``name``: its source's language (``None`` when not recorded),
    whether its value counts whole things (by the unit of its metric or count type), and its
    source URL. Tables that fail their own checks give no language or unit here (their own
    problems are reported once, by their own check)."""
    def table(table_name):
        try:
            return package.frame(table_name)
        except DataValidationError:
            return None

    if "source_url" in frame.columns:
        urls = [None if _missing(u) else str(u) for u in frame["source_url"]]
    else:
        cases = table("cases")
        by_case = {} if cases is None else dict(zip(cases["case_id"], cases["source_url"], strict=True))
        urls = [by_case.get(case) for case in frame["case_id"]]
    sources = table("sources")
    by_url = {} if sources is None or "language" not in sources.columns else {
        url: language_of(lang) for url, lang in zip(sources["source_url"], sources["language"], strict=True)}
    languages = [by_url.get(url) for url in urls]
    kind, vocabulary = ("count_type", "count_types") if name.startswith("case_") else ("metric_id", "metrics")
    units_table = table(vocabulary)
    units = {} if units_table is None else dict(zip(units_table[kind].astype(str), units_table["unit"].astype(str),
                                                    strict=True))
    whole = []
    for what in frame[kind]:
        unit = units.get(str(what))
        whole.append(unit is None or is_whole_unit(unit))
    return languages, whole, urls


def currency_problems(file: str, frame: pd.DataFrame, package) -> list[str]:
    """A figure of a metric whose unit is ``money`` names its currency (an ISO 4217 code Babel
    knows); any other figure leaves ``currency`` empty."""
    from babel.numbers import list_currencies

    if "currency" not in frame.columns:
        return []
    try:
        metrics = package.frame("metrics")
    except DataValidationError:
        return []
    units = dict(zip(metrics["metric_id"].astype(str), metrics["unit"].astype(str), strict=True))
    known = list_currencies()
    rule = "[rule: money has a currency]"
    problems = []
    for i, metric, currency in zip(frame.index, frame["metric_id"].astype(str), frame["currency"], strict=True):
        where = f"{file}, line {i + 2}, column 'currency'"
        unit = units.get(metric)
        if unit is None:
            continue
        if unit == "money" and _missing(currency):
            problems.append(f"{where}: empty, but metric {metric!r} is an amount of money {rule}; hint: set the "
                            f"ISO 4217 code of the currency printed (EUR, USD, XOF for West African CFA francs, "
                            f"XAF for Central African CFA francs)")
        elif unit == "money" and str(currency) not in known:
            problems.append(f"{where}: {currency!r} is not an ISO 4217 currency code {rule}; hint: use a code such "
                            f"as EUR, USD, XOF or XAF")
        elif unit != "money" and not _missing(currency):
            problems.append(f"{where}: {currency!r}, but metric {metric!r} counts {unit}, not money {rule}; hint: "
                            f"leave currency empty")
    return problems
