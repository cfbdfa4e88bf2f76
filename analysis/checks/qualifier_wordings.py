"""Qualifier wordings by language, and the bounds a qualifier implies.

``reference/qualifiers.csv`` lists, for each qualifier, the wordings sources print before a
number in each language (columns ``wordings_en``, ``wordings_fr``, ``wordings_es``,
``wordings_pt``). A wording may mean different qualifiers in two languages (Spanish
'cerca de' is ``nearly``, Portuguese 'cerca de' is ``around``): :func:`meaning` resolves it
by the language of the figure's source.

Bounds (:func:`implied_bounds`): lower = value x lower_factor, upper = value x upper_factor,
computed exactly (decimal arithmetic). For counts of whole things the lower bound rounds up
and the upper bound rounds down to a whole number; amounts of money and tonnes are not rounded.
A missing factor gives no bound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import pandas as pd

from analysis.checks.printed_numbers import LANGUAGE_NAMES, LANGUAGES


@dataclass(frozen=True)
class Meaning:
    """What a wording means: ``qualifier`` (``None`` when the language is needed and not
    known, or the wording means different things); ``languages``: language -> qualifier for
    every language that has the wording; ``problem``: why it cannot be resolved, if so."""

    qualifier: str | None
    languages: dict[str, str]
    problem: str | None = None


def wordings_by_language(qualifiers: pd.DataFrame) -> dict[str, dict[str, str]]:
    """language -> wording (casefolded) -> qualifier slug, from reference/qualifiers.csv."""
    table: dict[str, dict[str, str]] = {language: {} for language in LANGUAGES}
    for language in LANGUAGES:
        column = f"wordings_{language}"
        if column not in qualifiers.columns:
            continue
        for qualifier, cell in zip(qualifiers["qualifier"], qualifiers[column], strict=True):
            if not isinstance(cell, str):
                continue
            for wording in cell.split(";"):
                wording = " ".join(wording.replace("’", "'").split()).casefold()
                if wording and not wording.startswith("("):
                    table[language][wording] = str(qualifier)
    return table


def all_wordings(table: dict[str, dict[str, str]]) -> tuple[str, ...]:
    """Every wording of every language, once."""
    return tuple(dict.fromkeys(w for language in LANGUAGES for w in table[language]))


def meaning(wording: str, table: dict[str, dict[str, str]], language: str | None) -> Meaning:
    """The qualifier ``wording`` means for a source in ``language`` (``None``: not recorded).

    The source's language decides when it has the wording; otherwise the wording must mean the
    same qualifier in every language that has it ('more than' in a French source is English).
    """
    languages = {lang: table[lang][wording] for lang in LANGUAGES if wording in table[lang]}
    if language in languages:
        return Meaning(languages[language], languages)
    if len(set(languages.values())) == 1:
        return Meaning(next(iter(languages.values())), languages)
    said = ", ".join(f"{languages[lang]!r} in {LANGUAGE_NAMES[lang]}" for lang in languages)
    if language is None:
        why = f"the wording {wording!r} means {said}, and the source's language is not recorded"
    else:
        why = (f"the wording {wording!r} means {said}, and the source's language ({language!r}) "
               f"is none of these")
    return Meaning(None, languages, why)


def _factor(value) -> Decimal | None:
    return None if value is None or pd.isna(value) else Decimal(str(value))


def implied_bounds(value, lower_factor, upper_factor, whole: bool = True) -> tuple[float | None, float | None]:
    """Bounds a qualifier implies for a value (the rule of the module docstring).

    ``whole``: the value counts whole things (lower rounds up, upper rounds down); false for
    divisible quantities (money, tonnes), whose bounds are exact products.
    """
    amount = Decimal(str(value))
    bounds = []
    for factor, rounding in ((_factor(lower_factor), ROUND_CEILING), (_factor(upper_factor), ROUND_FLOOR)):
        if factor is None:
            bounds.append(None)
            continue
        product = amount * factor
        if whole:
            product = product.quantize(Decimal("0.000001")).to_integral_value(rounding=rounding)
        bounds.append(float(product))
    return bounds[0], bounds[1]


def out_of_order(value, lower_bound, upper_bound) -> str | None:
    """Why ``lower_bound <= value <= upper_bound`` fails (missing bounds are open), or ``None``."""
    def known(x):
        return x is not None and not (isinstance(x, float) and math.isnan(x)) and not pd.isna(x)

    if known(lower_bound) and known(value) and float(lower_bound) > float(value):
        return f"lower_bound {float(lower_bound):g} is above value {float(value):g}"
    if known(upper_bound) and known(value) and float(value) > float(upper_bound):
        return f"upper_bound {float(upper_bound):g} is below value {float(value):g}"
    if known(lower_bound) and known(upper_bound) and float(lower_bound) > float(upper_bound):
        return f"lower_bound {float(lower_bound):g} is above upper_bound {float(upper_bound):g}"
    return None
