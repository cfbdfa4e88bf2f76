"""Numbers as the sources print them, in English, French, Spanish and Portuguese.

:func:`read_number` reads the number at the start of a printed figure, after an optional
qualifier wording ('nearly', 'plus de', 'más de', 'mais de'...), a filler ('other', 'dont',
'de los cuales'...) and a currency code or sign:

- **digits**: groups of three separated by commas, points, ordinary, narrow or no-break
  spaces ('21,450', '10.000', '1 150', '40\u202f000'), and a decimal part after a comma or
  a point ('3,6', '1.5');
- **a scale word after digits** ('3,6 millions', '2 mil', '1.5 million', '10 millones'),
  valued by text2num in the language ('millions' = 1,000,000 in French);
- **number words** ('trois', 'doscientos', 'dois mil', 'twenty-four', 'a hundred'), read by
  text2num;
- **'mil' between the thousands and the units** ('4 mil 419' = 4,419), as Spanish and
  Portuguese print it;
- **a collective numeral after an article** ('une centaine', 'un millier', 'una veintena', 'un
  centenar', 'uma dezena'): French, Spanish and Portuguese nouns that mean *about* that many
  (:data:`COLLECTIVE_NUMERALS`), read with the qualifier ``around`` (:attr:`Reading.qualifier`).
  The plurals ('des centaines', 'decenas') print no number and are not read.

Whatever follows the number (units, currencies, the rest of the sentence) is ignored.

Which separator is the decimal one is fixed by the text except in one case: a single comma or
point followed by exactly three digits ('1,374', '10.000'). There the conventions of the
source's language decide, as Babel's locale data gives them: English ('en') groups with a
comma, French and Portuguese ('fr', 'pt', 'pt_PT') write the decimal comma, Spanish is written
both ways ('es' decimal comma, 'es_MX' decimal point). When the language allows both readings,
or is not known, both are returned (:attr:`Reading.values`); a decimal reading whose decimals
are all zeros ('10.000' as 10) is not one. Every value is a :class:`~decimal.Decimal`, exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

LANGUAGES = ("en", "fr", "es", "pt")
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "pt": "Portuguese"}
# The Babel locales whose number conventions each language is printed with.
LOCALES = {"en": ("en",), "fr": ("fr",), "es": ("es", "es_MX"), "pt": ("pt", "pt_PT")}
# Words between a qualifier and the number that do not change it ('the other seven',
# 'dont 412 mineurs' = of whom 412 minors, 'de los cuales 30' = of whom 30).
FILLERS = {
    "en": ("the other", "other", "including", "of whom", "among them"),
    "fr": ("dont", "parmi lesquels", "parmi lesquelles", "les autres", "autres"),
    "es": ("de los cuales", "de las cuales", "entre ellos", "entre ellas", "otros", "otras"),
    "pt": ("dos quais", "das quais", "entre eles", "entre elas", "outros", "outras"),
}
# Plural scale words that print no number ('hundreds of victims', 'des milliers', 'miles de').
VAGUE_WORDS = frozenset("hundreds thousands millions dozens scores tens cientos centenares miles millares decenas "
                        "centaines milliers dizaines douzaines centenas milhares dezenas".split())
CURRENCY_SIGNS = {"€": "EUR", "US$": "USD", "£": "GBP"}
# Collective numerals: nouns for about so many ('une centaine' = about a hundred), after the
# article of their language; the number is approximate, so the qualifier is 'around'. The
# dozens ('douzaine', 'docena', 'dúzia') are left out: they also mean exactly twelve.
COLLECTIVE_NUMERALS = {
    "fr": {"dizaine": 10, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
           "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000},
    "es": {"decena": 10, "veintena": 20, "treintena": 30, "centenar": 100, "centena": 100, "millar": 1000},
    "pt": {"dezena": 10, "vintena": 20, "trintena": 30, "centena": 100, "milhar": 1000},
}
COLLECTIVE_ARTICLES = {"fr": ("une", "un"), "es": ("una", "un"), "pt": ("uma", "um")}
COLLECTIVE_QUALIFIER = "around"

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "’": "'", "ʼ": "'"})
# Digits: groups of three after a separator (at most three digits before the first), or plain
# digits; then an optional decimal part.
_NUMERAL = re.compile(r"(?:\d{1,3}(?:[ ,.]\d{3}(?!\d))+|\d+)(?:[.,]\d+(?![\d]))?")
_CODE = re.compile(r"(?P<code>[A-Z]{3}|US\$|€|£)\s?(?=\d)")
_POWERS = frozenset(Decimal(10) ** n for n in (3, 6, 9, 12))


@dataclass(frozen=True)
class Reading:
    """A number read from printed text.

    ``values``: the value(s) the text can mean, the reading of the source's language first
    (one value unless the separators are ambiguous, see the module docstring); ``kind``:
    ``numeral`` (digits, perhaps with a scale word) or ``words``; ``wording``: the qualifier
    wording before it, casefolded (``None`` if none); ``number_text``: the number's own text
    ('3,6 millions'); ``currency``: ISO 4217 code printed before the number, if any;
    ``explanation``: how the number was read, in a few words.
    """

    values: tuple[Decimal, ...]
    kind: str
    wording: str | None
    number_text: str
    currency: str | None = None
    explanation: str = ""
    qualifier: str | None = None

    @property
    def value(self) -> Decimal:
        return self.values[0]


def normalise(text: str) -> str:
    """Every kind of space as one ordinary space, typographic apostrophes as "'"."""
    return " ".join(text.translate(_SPACES).split())


def languages_for(language: str | None) -> tuple[str, ...]:
    """The languages to read in: the source's, or all four when it is not known (or another)."""
    return (language,) if language in LANGUAGES else LANGUAGES


@cache
def _decimal_symbols(language: str) -> tuple[str, ...]:
    """The decimal separators of the language's locales, from Babel."""
    from babel.numbers import get_decimal_symbol

    return tuple(dict.fromkeys(get_decimal_symbol(locale) for locale in LOCALES[language]))


@lru_cache(maxsize=4096)
def _text2num(text: str, language: str) -> Decimal | None:
    from text_to_num import text2num

    try:
        return Decimal(text2num(text, language))
    except (ValueError, TypeError):
        return None


def leading(text: str, options) -> tuple[str | None, str]:
    """The longest of ``options`` that ``text`` starts with (as whole words, case ignored;
    an option ending in an apostrophe needs no space after it), and the rest."""
    folded = text.casefold()
    for option in sorted(options, key=len, reverse=True):
        option = option.casefold()
        if not folded.startswith(option):
            continue
        rest = text[len(option):]
        if option.endswith("'"):
            return option, rest
        if rest[:1] == " ":
            return option, rest[1:]
    return None, text


def _numeral_values(numeral: str, languages: tuple[str, ...]) -> tuple[list[Decimal], str]:
    """The value(s) of a numeral and how it was read."""
    separators = [c for c in numeral if not c.isdigit()]
    marks = [c for c in separators if c != " "]
    digits = numeral.replace(" ", "")
    if not marks:
        return [Decimal(digits)], "spaces between groups of three" if separators else ""
    if len(set(marks)) == 2:  # '1.234,5' or '1,234.5': the last mark is the decimal one
        decimal_mark = marks[-1]
        group = next(m for m in marks if m != decimal_mark)
        whole, _, fraction = digits.rpartition(decimal_mark)
        return [Decimal(whole.replace(group, "") + "." + fraction)], f"{decimal_mark!r} as decimal separator"
    mark = marks[0]
    parts = digits.split(mark)
    if len(parts) > 2:  # '1.234.567': the repeated mark groups
        return [Decimal("".join(parts))], f"{mark!r} between groups of three"
    whole, fraction = parts
    if len(fraction) != 3 or " " in numeral:  # '3,6', '1.5', '1 150,5': decimal
        return [Decimal(f"{whole.replace(' ', '')}.{fraction}")], f"{mark!r} as decimal separator"
    grouped, decimal = Decimal(whole + fraction), Decimal(f"{whole}.{fraction}")
    readings = []
    for language in languages:
        for symbol in _decimal_symbols(language):
            readings.append(decimal if symbol == mark else grouped)
    readings = list(dict.fromkeys(readings))
    if fraction == "000":
        readings = [grouped]
    how = {grouped: f"{mark!r} between groups of three", decimal: f"{mark!r} as decimal separator"}
    return readings, " or ".join(how[r] for r in readings)


def explain_one(explanation: str, reading: int, count: int) -> str:
    """The part of an explanation that belongs to the ``reading``-th of ``count`` values."""
    parts = explanation.split(", ")
    first = parts[0].split(" or ")
    if count > 1 and len(first) == count:
        parts[0] = first[reading]
    return ", ".join(parts)


def _scale(words: list[str], languages: tuple[str, ...]) -> tuple[Decimal | None, int, str | None]:
    """A scale word (or two: 'mil millones') after digits: its value, how many words it took,
    and the language that reads it."""
    for size in (2, 1):
        if len(words) < size:
            continue
        phrase = " ".join(w.strip(",.;:()").casefold() for w in words[:size])
        for language in languages:
            value = _text2num(phrase, language)
            if value in _POWERS:
                return value, size, language
    return None, 0, None


def _words_value(words: list[str], languages: tuple[str, ...]) -> tuple[list[Decimal], int, str | None]:
    """The number written in words at the start of ``words``: value(s), words taken, language."""
    tokens = [w.strip(",.;:()").casefold() for w in words[:12]]
    found: dict[str, tuple[int, Decimal]] = {}
    for language in languages:
        candidate = list(tokens)
        if language == "en" and len(candidate) > 1 and candidate[0] in ("a", "an") and candidate[1] in (
                "hundred", "thousand", "million", "billion"):
            candidate[0] = "one"
        for size in range(len(candidate), 0, -1):
            if not candidate[size - 1]:
                continue
            value = _text2num(" ".join(candidate[:size]), language)
            if value is not None:
                found[language] = (size, value)
                break
    if not found:
        return [], 0, None
    size = max(s for s, _ in found.values())
    values = list(dict.fromkeys(v for s, v in found.values() if s == size))
    language = next(lang for lang, (s, _) in found.items() if s == size)
    return values, size, language if len(found) == 1 else None


def _units_after_mil(words: list[str], size: int, scale: Decimal, languages: tuple[str, ...]) -> Decimal | None:
    """The units printed after 'mil' ('4 mil 419'): one to three digits as the next word, when the
    scale word is the single word 'mil' (Spanish, Portuguese) and no scale word follows them."""
    if scale != 1000 or size != 1 or words[0].casefold() != "mil" or len(words) <= size:
        return None
    if not {"es", "pt"} & set(languages):
        return None
    units = words[size]
    trimmed = units.rstrip(",.;:)")
    if not re.fullmatch(r"\d{1,3}", trimmed) or (trimmed != units and units[len(trimmed):][:1] in ",."
                                                   and len(units) > len(trimmed) + 1):
        return None
    if len(words) > size + 1 and _scale(words[size + 1:], languages)[0] is not None:
        return None
    return Decimal(trimmed)


def _collective(words: list[str], languages: tuple[str, ...]) -> tuple[Decimal, str] | None:
    """(value, language) of a collective numeral after its article ('une centaine'), or ``None``."""
    if len(words) < 2:
        return None
    article, noun = words[0].casefold(), words[1].strip(",.;:()").casefold()
    for language in languages:
        if article in COLLECTIVE_ARTICLES.get(language, ()) and noun in COLLECTIVE_NUMERALS.get(language, {}):
            return Decimal(COLLECTIVE_NUMERALS[language][noun]), language
    return None


def read_number(text, language: str | None = None, wordings=()) -> Reading | None:
    """Read the number at the start of a printed figure (see the module docstring).

    ``language``: ISO 639-1 code of the source ('fr'), or ``None`` for any of the four;
    ``wordings``: the qualifier wordings to recognise before the number (any language).
    Returns ``None`` when no number starts the text ('a 26-year-old man', 'Mexico City').
    """
    if not isinstance(text, str):
        return None
    languages = languages_for(language)
    rest = normalise(text)
    wording, rest = leading(rest, wordings)
    fillers = [f for lang in LANGUAGES for f in FILLERS[lang]]
    _, rest = leading(rest, fillers)
    currency = None
    code = _CODE.match(rest)
    if code:
        currency = CURRENCY_SIGNS.get(code["code"], code["code"])
        rest = rest[code.end():]
    match = _NUMERAL.match(rest)
    if match and (match.end() == len(rest) or not rest[match.end()].isalpha()
                  or rest[match.end() - 1] == " "):
        values, how = _numeral_values(match.group(), languages)
        words = rest[match.end():].split()
        scale, size, scale_language = _scale(words, languages)
        number_text = match.group()
        if scale is not None:
            values = [v * scale for v in values]
            scale_words = " ".join(words[:size]).strip(",.;:()")
            number_text = f"{number_text} {scale_words}"
            how = ", ".join(filter(None, [how, f"{scale_words!r} = {scale:,f} in {LANGUAGE_NAMES[scale_language]}"]))
            units = _units_after_mil(words, size, scale, languages)
            if units is not None:
                values = [v + units for v in values]
                number_text = f"{number_text} {words[size]}"
                how += f", {words[size]!r} the units after 'mil'"
        return Reading(tuple(values), "numeral", wording, number_text, currency, how)
    if currency is not None:
        return None
    words = rest.split()
    if words and words[0].strip(",.;:()").casefold() in VAGUE_WORDS:
        return None
    collective = _collective(words, languages)
    if collective is not None:
        value, language_read = collective
        number_text = " ".join(words[:2]).strip(",.;:()")
        return Reading((value,), "words", wording, number_text, None,
                       f"{number_text!r} = about {value} in {LANGUAGE_NAMES[language_read]}", COLLECTIVE_QUALIFIER)
    values, size, words_language = _words_value(words, languages)
    if not values:
        return None
    number_text = " ".join(words[:size]).strip(",.;:()")
    how = f"number words read in {LANGUAGE_NAMES[words_language]}" if words_language else "number words"
    return Reading(tuple(values), "words", wording, number_text, None, how)


def show(value: Decimal | float | None) -> str:
    """A value as it is written in the data: '3600000', '3.24', 'empty'."""
    if value is None:
        return "empty"
    value = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if value == value.to_integral_value():
        return f"{value.quantize(Decimal(1)):f}"
    return f"{value.normalize():f}"
