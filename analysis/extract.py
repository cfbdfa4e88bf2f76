"""Draft rows from a press release in English, French, Spanish or Portuguese.

    python -m analysis.extract RELEASE.txt --operation-id ID --source-url URL [--table figures|participants]
                               [--format csv|table] [--language fr]

prints, on standard output, draft rows of ``data/figures.csv`` (the default) or
``data/participants.csv`` with exactly that table's columns, to paste after review. It never
writes into ``data/``.

- **figures**: every number of the text (digits, a scale word, number words) with the qualifier
  wording before it, read by :mod:`analysis.checks.printed_numbers` in the release's language;
  ``value_as_printed`` is the exact span of the text; bounds follow the qualifier's rule. The
  text is read sentence by sentence (a line broken in the middle of a sentence is joined to the
  next), and the ``metric_id`` is proposed by general rules of the four languages, with the
  words of :mod:`analysis.extract_words`:

  1. the noun after the number ('1,426 potential victims', '289 arrestations', '12 992
     migrantes'), the first that starts before the noun phrase ends (at a preposition, a verb,
     punctuation);
  2. for people named by no metric ('195 people', '64 personnes', 'suspects', 'traffickers'),
     the verb after ('suspects arrested', 'personnes interpellées') or before the number
     ('arrested 195', 'the arrest of 219', 'detuvieron a 195', 'le sauvetage de 64'): arrested
     people are ``arrests`` (traffickers and smugglers arrested: ``arrests_ht_ms``), rescued
     ones ``potential_victims``, checked ones ``persons_checked``, identified suspects
     ``suspects_identified``;
  3. a label before a colon ('total arrests: 1,062');
  4. an arrest count with a trafficking or smuggling charge after it ('88 for human
     trafficking', 'por delitos de trata'), and no other offence, is ``arrests_ht_ms``;
  5. 'N countries' after 'from' ('originaires de', 'procedentes de') are the countries of origin
     of the people named before (victims, migrants), unless those people are the police taking
     part ('officers from 43 countries'); checks are ``database_checks`` only when the sentence
     names the databases;
  6. a number after 'including', 'dont', 'entre ellos' or before 'of which' is a part of the
     figure before it: it takes that figure's metric when it names none of its own, and if the
     metric is the same it is a part, marked for review and not a figure of its own.

- **review**: ``notes`` start with ``REVIEW:`` and the reason for a number whose metric it cannot
  tell (empty ``metric_id``); a metric printed with two different numbers (a title's rounding
  beside the body's figure, a subtotal), every one of them; the same figure printed again (the
  later ones); a part of a figure; a number in parentheses; a number in a sentence about one
  country's police ('In Italy, ...', 'Authorities in Ecuador arrested ...', 'Sudanese police'),
  which is a local result, not the operation's; an approximate wording before a number that is
  not round ('some 149'); money not said to be seized; a reading that depends on the language;
  a wording whose meaning depends on the language. Rows of a subset metric (``child_victims``,
  ``arrests_ht_ms``) are also proposed, for review, as their whole (``potential_victims``,
  ``arrests``) when the release prints no number for the whole.
- **participants**: the printed list (the line with the most names that resolve), every name
  resolved with :func:`analysis.countries.match_country`; a name that does not resolve is a
  ``REVIEW:`` row with an empty ``iso3`` and a one-line problem on standard error.

Rows without ``REVIEW:`` are meant to pass ``make data`` once pasted; dates, times, ranges,
years, ages, percentages and the header of an archived copy (lines up to the first blank line,
when they are ``key: value`` lines) are skipped. The language is ``--language``, else the
source's language in ``sources.csv``, else guessed from common words (then a reading that
depends on it is marked for review, and the words of all four languages are read).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import io
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from analysis import extract_words as words
from analysis.checks import qualifier_wordings as wordings_rule
from analysis.checks.printed_numbers import LANGUAGES, normalise, read_number

SUBSET_OF = {"child_victims": "potential_victims", "arrests_ht_ms": "arrests"}
CURRENCY_WORDS = {"francs cfa": "XOF", "franc cfa": "XOF", "fcfa": "XOF", "euros": "EUR", "euro": "EUR",
                  "dollars": "USD", "dólares": "USD", "dolares": "USD", "us dollars": "USD"}
MONTHS = ("january february march april may june july august september october november december "
          "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
          "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre "
          "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro "
          "jan feb mar apr jun jul aug sep sept oct nov dec janv févr avr juil déc ene abr ago dic "
          "fev mai set out dez").split()
SKIP_AFTER = ("%", "per cent", "percent", "pour cent", "por ciento", "por cento", "year", "years", "ans", "año",
              "años", "anos", "aged", "de edad", "km", "kilomet", "hour", "heure", "hora", "day", "days", "jour",
              "días", "dias", "week", "semaine", "semana", "month", "mois", "mes", "meses", "th ", "st ", "nd ",
              "rd ", "e ", "er ", "º", "ª")
COMMON_WORDS = {"en": ("the", "and", "of", "were", "with"), "fr": ("les", "et", "des", "dans", "une"),
                "es": ("los", "las", "y", "del", "una"), "pt": ("os", "e", "das", "dos", "uma", "não")}
# Words that end a noun phrase after a number: its head noun comes before them.
PHRASE_ENDS = {
    "en": "of in on at from to for with by under across during against into who which that were was are is have "
          "has had and or while as after before per been being will would could".split(),
    "fr": "de des du d' à au aux en dans par pour sur avec sous qui que dont ont sont a est été et ou lors "
          "pendant contre vers".split(),
    "es": "de del en a al por para con sin sobre bajo entre que quienes fueron han ha y e o u durante contra "
          "desde".split(),
    "pt": "de do da dos das em no na nos nas a ao à por para com sem sobre entre que foram têm tem e ou durante "
          "contra desde".split(),
}
_CLAUSE_END = re.compile(r"[,;:.!?()\[\]«»\"“”]| [–—-] ")
_NUMBER_START = re.compile(r"(?<![\w.,])(?:\d|[A-Za-zÀ-ÿ])")
_CURRENCY_BEFORE = re.compile(r"(?:[A-Z]{3} ?|US\$|€ ?|£ ?)$")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"”»’)]*\s+(?=[\"“«‘(]?[A-ZÀ-Ý0-9¿¡•▪·–-])"
                             r"|(?<=[a-zà-ÿ])\.(?=[A-ZÀ-Ý][a-zà-ÿ])|\s+(?=[•▪·] )")


@dataclass
class Draft:
    """One draft row, with where it came from (``line``) and the words around it (``context``)."""

    cells: dict
    line: int
    context: str

    @property
    def review(self) -> bool:
        return str(self.cells.get("notes", "")).startswith("REVIEW:")


@dataclass
class Mention:
    """A number of the text, what it was read as, and why it may need review.

    ``role``: ``figure`` (a candidate figure of its metric), ``part`` (a part of the figure
    before it), ``local`` (a result in one country), ``aside`` (printed in parentheses);
    ``derived``: how the metric was found (``noun``, ``verb``, ``label``, ``inherited``, ...)."""

    reading: object
    wording: str | None
    printed: str
    line: int
    sentence: str
    before: str
    after: str
    start: int = 0
    end: int = 0
    metric: str | None = None
    role: str = "figure"
    derived: str = ""
    review: list[str] = field(default_factory=list)
    head: Mention | None = None


def body_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of the release, without the header of an archived copy."""
    lines = text.splitlines()
    start = 0
    if lines and re.match(r"[a-z_]+: ", lines[0]):
        for i, line in enumerate(lines):
            if not line.strip():
                start = i + 1
                break
    return [(i + 1, normalise(line)) for i, line in enumerate(lines) if i >= start and line.strip()]


def guess_language(lines) -> str:
    """The language whose common words are most frequent (a guess, used only when nothing better is known)."""
    found = re.findall(r"[a-zà-ÿ]+", " ".join(t for _, t in lines).casefold())
    counts = {lang: sum(found.count(w) for w in common) for lang, common in COMMON_WORDS.items()}
    return max(LANGUAGES, key=lambda lang: (counts[lang], -LANGUAGES.index(lang)))


def paragraphs(lines) -> list[tuple[str, list[tuple[int, int]]]]:
    """The text as runs of lines: a line that ends without punctuation and is followed, on the
    next line, by a lowercase word is one sentence broken in two, and is joined to it.
    Each run: (text, [(offset in the text, line number)])."""
    runs: list[tuple[str, list[tuple[int, int]]]] = []
    for number, text in lines:
        if runs:
            joined, starts = runs[-1]
            last_line = starts[-1][1]
            if number == last_line + 1 and not re.search(r"[.!?:;»\"”)]$", joined) and re.match(r"[a-zà-ÿ]", text):
                starts.append((len(joined) + 1, number))
                runs[-1] = (f"{joined} {text}", starts)
                continue
        runs.append((text, [(0, number)]))
    return runs


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) of a run of text: split after '.', '!' or '?' before a capital, a digit
    or a bullet, and before a bullet."""
    found, start = [], 0
    for match in _SENTENCE_BREAK.finditer(text):
        if text[start:match.start()].strip():
            found.append((start, text[start:match.start()]))
        start = match.end()
    if text[start:].strip():
        found.append((start, text[start:]))
    return found


@cache
def _pattern(fragments: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<![\w])(?:" + "|".join(sorted(set(fragments), key=len, reverse=True)) + ")")


def _words_of(table: dict, langs: tuple[str, ...]) -> re.Pattern:
    return _pattern(tuple(f for lang in langs for f in table.get(lang, ())))


def _phrase_end(after: str, langs: tuple[str, ...]) -> int:
    """Where the noun phrase after a number ends: the first clause punctuation, function word or
    verb (characters into ``after``); at most six words."""
    clause = _CLAUSE_END.search(after)
    limit = clause.start() if clause else len(after)
    ends = {w for lang in langs for w in PHRASE_ENDS[lang]}
    count = 0
    for match in re.finditer(r"\S+", after[:limit]):
        word = match.group().casefold()
        count += 1
        if word in ends or any(word.startswith(e) for e in ends if e.endswith("'")):
            return match.start()
        if count > 6:
            return match.start()
    return limit


def noun_after(after: str, langs: tuple[str, ...]) -> tuple[str | None, str | None, int]:
    """(kind, metric, end): the head noun of the phrase after a number. ``kind`` is ``metric``
    (its ``metric``), ``suspect``, ``offender``, ``person`` or ``None``; ``end``: where it ends."""
    folded = after.casefold()
    limit = _phrase_end(after, langs)
    best = None
    tables = [("metric", metric, table) for metric, table in words.METRIC_NOUNS.items()]
    tables += [("offender", None, words.OFFENDER_NOUNS), ("suspect", None, words.SUSPECT_NOUNS),
               ("person", None, words.PERSON_NOUNS)]
    for kind, metric, table in tables:
        match = _words_of(table, langs).search(folded)
        if match is None or match.start() >= limit:
            continue
        key = (match.start(), -(match.end() - match.start()))
        if best is None or key < best[0]:
            best = (key, kind, metric, match.end())
    if best is None:
        return None, None, 0
    return best[1], best[2], best[3]


def _verb(text: str, langs: tuple[str, ...], last: bool) -> str | None:
    """The verb kind (arrest, rescue, identify, check) in ``text``: the first, or the ``last``."""
    folded = text.casefold()
    best = None
    for kind, table in words.VERBS.items():
        for match in _words_of(table, langs).finditer(folded):
            position = match.end() if last else -match.start()
            if best is None or position > best[0]:
                best = (position, kind)
    return best[1] if best else None


def _clause_before(before: str, words_back: int = 5) -> str:
    """The last words of ``before`` within its clause (after the last comma, colon, dash...)."""
    cut = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    return " ".join(before[cut:].split()[-words_back:])


def _verb_after(after: str, noun_end: int, langs: tuple[str, ...]) -> str | None:
    rest = after[noun_end:]
    clause = _CLAUSE_END.search(rest)
    rest = rest[:clause.start()] if clause else rest
    rest = re.split(r"\s(?:and|et|y|e|or|ou|o)\s", rest, maxsplit=1)[0]
    return _verb(" ".join(rest.split()[:5]), langs, last=False)


def _people_kind(before: str, langs: tuple[str, ...]) -> str | None:
    """The kind of people named last in ``before``: participating_countries (police,
    officials...), victim_nationalities or migrant_nationalities."""
    folded = before.casefold()
    best = None
    for kind, table in words.PEOPLE_KINDS.items():
        for match in _words_of(table, langs).finditer(folded):
            if best is None or match.end() > best[0]:
                best = (match.end(), kind)
    return best[1] if best else None


def _charged(after: str, langs: tuple[str, ...]) -> bool:
    """A trafficking or smuggling charge, and no other offence, in the words after an arrest
    count (up to the next number, dash or 'including')."""
    stop = re.search(r"\d| [–—-] |\bincluding\b|\bdont\b|\bentre ell|\bincluindo\b", after)
    text = after[:stop.start()] if stop else after
    text = " ".join(text.casefold().split()[:14])
    charge = _words_of(words.CHARGES, langs).search(text)
    return bool(charge) and not _words_of(words.OTHER_OFFENCES, langs).search(text)


def _origin_before(before: str, langs: tuple[str, ...]) -> str | None:
    """The kind of people whose countries of origin 'N countries' are, when an origin
    preposition stands before the number ('victims from', 'originating from', 'victimes de'),
    else ``None``. A bare 'de' must follow the people's noun ('víctimas de 64 países', not 'un
    total de 119 países'); 'from' looks back to the last people named ('women, children and men
    from 64 countries')."""
    folded = before.casefold().rstrip()
    for lang in langs:
        for prep in sorted(words.ORIGIN_BEFORE[lang], key=len, reverse=True):
            if not (re.search(r"(?<![\w])" + prep + "$", folded) or prep.endswith("'") and folded.endswith(prep)):
                continue
            head = folded[:len(folded) - len(prep)]
            if prep in ("de", "des", "d'"):
                people = _people_kind(head, langs)
                last_noun = re.search(r"(\w+)(?:\s+\w+)?\s*$", head)
                if people is None or last_noun is None or _people_kind(last_noun.group(0), langs) is None:
                    return None
                return people
            return _people_kind(head, langs) or "unknown"
    return None


def metric_of(before: str, after: str, langs: tuple[str, ...]) -> tuple[str | None, str, list[str]]:
    """(metric, how it was found, review reasons) of a number from the words around it in its
    sentence (the rules 1-5 of the module docstring)."""
    kind, metric, end = noun_after(after, langs)
    clause = _clause_before(before)
    verb = _verb_after(after, end, langs) if kind != "metric" else None
    verb = verb or _verb(clause, langs, last=True)
    how, review = "noun", []
    if kind == "metric" and metric == "checks":
        own = re.split(r"\d", after.casefold())[0]  # the number's own words, up to the next number
        named = " ".join(own.split()[:12]) + " " + clause.casefold()
        metric = "database_checks" if _words_of({"x": words.DATABASES}, ("x",)).search(named) \
            else "checks_or_inspections"
    elif kind == "metric" and metric in ("participating_countries", "nationalities"):
        people = _people_kind(before, langs)
        if metric == "nationalities":
            metric = people if people in ("victim_nationalities", "migrant_nationalities") else None
            if metric is None:
                review.append("nationalities of whom (victims or migrants)?")
        elif _origin_before(before, langs) in ("victim_nationalities", "migrant_nationalities"):
            metric = _origin_before(before, langs)
    elif kind == "suspect":
        metric, how = ("arrests", "verb") if verb == "arrest" else ("suspects_identified", "noun")
    elif kind == "offender":
        metric = {"arrest": "arrests_ht_ms", "identify": "suspects_identified"}.get(verb)
        how = "offenders arrested" if metric == "arrests_ht_ms" else "verb"
    elif kind in ("person", None):
        metric = {"arrest": "arrests", "rescue": "potential_victims", "check": "persons_checked"}.get(verb)
        how = "verb"
        if kind is None and verb != "arrest":
            metric = None  # with no noun, only an arrest verb names people ('286 arrested', 'ont interpellé 195')
        if metric is None and kind is None:
            metric, how = _label_metric(before, langs), "label"
    if metric == "arrests" and _charged(after, langs):
        metric = "arrests_ht_ms"
    return metric, how, review


def _label_metric(before: str, langs: tuple[str, ...]) -> str | None:
    """The metric named by a label just before the number ('total arrests: 1,062')."""
    stripped = before.rstrip()
    if not stripped.endswith(":"):
        return None
    label = re.split(r"[.;•▪·–—]| - ", stripped[:-1])[-1].casefold()
    found = None
    for metric, table in words.METRIC_NOUNS.items():
        for match in _words_of(table, langs).finditer(label):
            if found is None or match.end() > found[0]:
                found = (match.end(), metric)
    if found is None:
        return None
    metric = found[1]
    if metric == "checks":
        return "database_checks" if re.search("|".join(words.DATABASES), label) else "checks_or_inspections"
    return None if metric in ("nationalities",) else metric


@cache
def _is_country(name: str, language: str | None) -> bool:
    """Whether ``name`` (capitalised, an article allowed) resolves to a country or territory."""
    from analysis.places.countries import CountryError, match_country

    name = re.sub(r"^(?:the|la|le|les|l'|el|los|las|o|os|a|as)\s+", "", name.strip(" ,.;:"), flags=re.I)
    if not name or not name[0].isupper():
        return False
    try:
        match_country(name, language)
    except (CountryError, LookupError, ValueError):
        return False
    return True


def _country_prefix(name_words: list[str], language: str | None) -> str | None:
    for size in range(len(name_words), 0, -1):
        if _is_country(" ".join(name_words[:size]), language):
            return " ".join(name_words[:size])
    return None


_NAME = r"(?:(?:the|la|le|l'|el|o|a)\s+)?[A-ZÀ-Ý][\w'’\-]*(?:\s+(?:d[eo]s?\s+|and\s+)?[A-ZÀ-Ý][\w'’\-]*){0,3}"
_DEMONYM = r"(?:[A-ZÀ-Ý][a-zà-ÿ]+\s+)?[A-ZÀ-Ý][a-zà-ÿ]+(?:an|ian|ese|ish|ch|i|c)"
_DEMONYM_AFTER = r"[a-zà-ÿ]+(?:ienne|ien|aise|ais|aine|ain|ane|oise|ois|ine|in|ana|ano|ena|eno|ina|ino|eña|eño|ola|" \
                 r"ol|esa|és|eira|eiro|esa|ês)"


def is_local(sentence: str, langs: tuple[str, ...]) -> str | None:
    """Why a sentence is about one country's result, or ``None``: it opens with a place ('In
    Italy, ...', 'Au Mali, ...'), names one country's police ('Authorities in Ecuador', 'police
    in Côte d'Ivoire', 'Sudanese police', 'la police malienne') or opens with a country as its
    subject ('Colombia dismantled ...')."""
    language = langs[0] if len(langs) == 1 else None
    text = sentence.lstrip("•▪·-–— ")
    preps = "|".join(p for lang in langs for p in words.IN_PLACE[lang])
    opening = re.match(rf"(?i:{preps})\s+({_NAME})\s*,", text)
    if opening:
        name = _country_prefix(opening.group(1).split(), language)
        if name:
            return f"a result in {name}"
    subjects = "|".join(s for lang in langs for s in words.LOCAL_SUBJECTS[lang])
    for match in re.finditer(rf"(?i:\b({subjects})\s+(?:in|of|from|en|de|du|da|do|em|no|na))\s+({_NAME})", text):
        name = _country_prefix(match.group(2).split(), language)
        if name:
            return f"a result of the {match.group(1).casefold()} in {name}"
    demonym = re.search(rf"(?:^|, )({_DEMONYM})\s+(?i:{subjects})\b", text)
    if demonym and demonym.group(1).split()[0].casefold() not in ("the", "local", "national", "federal", "public"):
        return f"a result of the {demonym.group(0).strip(', ')}"
    after = re.search(rf"(?i:\b(?:la|las|a|les|the)\s+(?:{subjects}))\s+({_DEMONYM_AFTER})\b", text)
    if after and after.group(1).casefold() not in ("nationale", "nacional", "nationale", "federal", "fédérale",
                                                   "municipale", "municipal", "judiciaire", "criminelle", "local",
                                                   "locale", "civil", "civile", "militar", "penal"):
        return f"a result of {after.group(0)}"
    subject = re.match(rf"({_NAME})\s+(?:has|had|dismantled|made|hosted|arrested|rescued|reported|seized|a|ont|han|"
                       r"ha|tem|têm|desmantel\w+|démantel\w+)\b", text)
    if subject and _is_country(subject.group(1), language):
        return f"a result in {subject.group(1)}"
    return None


def _skipped(before: str, number_text: str, after: str) -> bool:
    """Dates, times, ranges, years, ages, percentages, ordinals and numbers inside names or codes."""
    digits = number_text.replace(" ", "").replace(",", "").replace(".", "")
    tail = after.casefold()
    head = before.casefold().rstrip()
    if digits.isdigit() and len(digits) == 4 and 1900 <= int(digits) <= 2100 and "," not in number_text:
        return True
    if re.match(r"\s?[-–/:]\s?\d", after) or re.search(r"\d\s?[-–/:]\s?$", before) or re.search(r"[\w][-–/]$", before):
        return True  # '1-6 June', '(8 - 15 May)', '7/26/2021', '13:38', 'COVID-19'
    first = [w.strip(",.;:()") for w in tail.split()[:3]]
    if first and (first[0] in MONTHS or (len(first) == 3 and first[0] in ("and", "to", "et", "au", "y", "al", "a", "e")
                                         and first[2] in MONTHS)):
        return True
    last = head.split()[-1:] if head else []
    if last and (last[0].strip(".;:()") in MONTHS or last[0] in ("aged", "edad")):
        return True  # 'June 5', 'aged 15' (not 'June, 39 countries')
    if last and last[0] in ("du", "au", "al", "del", "to", "till", "until", "through") and (
            re.search(r"\d\s*$", head[:-len(last[0])]) or first[:2] and set(first[:2]) & set(MONTHS)):
        return True  # 'from 1 to 6', 'du 3 au 9 mars' (not 'led to 212 arrests')
    if len(first) > 1 and first[0] in ("to", "au", "al", "a", "à", "and", "et", "y", "e") and first[1].isdigit() and (
            last and last[0] in ("from", "du", "del", "de", "between", "entre", "dal")):
        return True  # the start of a range: 'del 10 al 21 de noviembre', 'between 8 and 15 May'
    return any(tail.startswith(s) or tail.startswith(" " + s) for s in SKIP_AFTER) or tail.startswith(("-", "–"))


def _part_before(mention: Mention, langs: tuple[str, ...], previous: Mention | None) -> Mention | None:
    """The figure a number is introduced as a part of ('including', 'dont', a dash after a
    figure, 'and' after a part), or ``None``; ``previous``: the number before it in its sentence."""
    folded = mention.before.casefold().rstrip()
    if previous is None:
        return None
    between = mention.sentence[previous.end:mention.start]
    if re.search(r"[.;:]", between):
        return None
    if _pattern(tuple(f + "$" for lang in langs for f in words.PART_BEFORE[lang])).search(folded):
        return previous
    if re.search(r"[–—-]$", folded):
        return previous
    if previous.head is not None and re.search(r"(?:,|\band|\bet|\by|\be)$", folded):
        return previous.head
    return None


def _part_after(after: str, langs: tuple[str, ...]) -> bool:
    """Whether the words after a number make it a part of the figure before ('850 of which')."""
    return bool(_pattern(tuple(f for lang in langs for f in words.PART_AFTER[lang])).match(after.casefold().lstrip()))


def mentions(lines, language: str, language_known: bool, wordings) -> list[Mention]:
    """Every number of the text with its metric and role (the rules of the module docstring)."""
    langs = (language,) if language_known else LANGUAGES
    found: list[Mention] = []
    for text, starts in paragraphs(lines):
        offsets = [o for o, _ in starts]
        previous = None
        for offset, sentence in sentences(text):
            local_reason = None
            local_checked = False
            for start, reading, end in _numbers(sentence, language):
                before, after = sentence[:start], sentence[end:]
                if reading.kind == "words" and reading.value < 2 and not re.match(r"\s(?:tons?|tonnes?|toneladas?)\b",
                                                                                  after):
                    continue  # 'un', 'a', 'one': an article more often than a count
                if _skipped(before, reading.number_text, after):
                    continue
                wording = _wording_before(before, wordings)
                printed_start = len(before.rstrip()) - len(wording) if wording else start
                line = starts[bisect.bisect_right(offsets, offset + start) - 1][1]
                mention = Mention(reading, wording, sentence[printed_start:end], line, sentence,
                                  sentence[:printed_start], after, printed_start, end)
                if not local_checked:
                    local_reason, local_checked = is_local(sentence, langs), True
                if reading.qualifier or re.search(r"[a-zà-ÿ]$", reading.number_text.casefold()) and \
                        reading.kind == "numeral":  # 'une centaine de passeurs', '2 millions d'euros'
                    mention.after = re.sub(r"^\s*(?:de|d'|of)\s*", " ", after, flags=re.I)
                same_sentence = previous if previous is not None and previous.sentence == sentence else None
                _classify(mention, langs, previous, same_sentence, local_reason)
                found.append(mention)
                previous = mention
    return found


def _classify(mention: Mention, langs, previous: Mention | None, same_sentence: Mention | None,
              local_reason: str | None) -> None:
    """Set the metric, role and review reasons of ``mention`` (``previous``: the number before it
    in its run of text; ``same_sentence``: the same, if in its sentence)."""
    before, after = mention.before, mention.after
    those = re.match(r"\s*(?:of (?:those|these|them|the)|de (?:ces|ceux-ci)|de (?:esas|esos|estas|estos|ell[oa]s)|"
                     r"d'entre (?:eux|elles)|dess?[ea]s|del[ea]s)\s", after.casefold())
    if reading_currency(mention):
        mention.metric = "cash_seized" if _words_of(words.SEIZED, langs).search(mention.sentence.casefold()) else None
        if mention.metric is None:
            mention.review.append("an amount of money not said to be seized")
    elif _words_of(words.CANNABIS, langs).match(after.casefold().lstrip()):
        mention.metric = "cannabis_seized_tonnes"
    else:
        mention.metric, mention.derived, mention.review = metric_of(before, after[those.end() - 1:] if those
                                                                    else after, langs)
    part_after = bool(those) or _part_after(after, langs)
    head = previous if part_after else _part_before(mention, langs, same_sentence)
    if head is not None:
        mention.head = head
        if head.metric and (mention.metric is None or part_after and not those):
            mention.metric, mention.derived = head.metric, "inherited"
            if head.metric == "arrests" and (noun_after(after, langs)[0] == "offender" or _charged(after, langs)):
                mention.metric = "arrests_ht_ms"
        if head.metric and mention.metric == head.metric:
            mention.role = "part"
            mention.review.append(f"a part of {head.printed!r} (line {head.line}), not a figure of its own")
    _counted_in_parts(mention, langs, same_sentence)
    if mention.role == "figure" and mention.metric in (None, "participating_countries", "officers_deployed") and \
            _words_of(words.MEETINGS, langs).search(re.sub(words.PRESS, "", mention.sentence.casefold())):
        mention.role = "aside"
        mention.review.append("in a sentence about a meeting, whose participants are not the operation's")
    if mention.role == "figure" and _in_parentheses(before):
        mention.role = "aside"
        mention.review.append("printed in parentheses (a part, a conversion or an aside)")
    local_reason = local_reason or _one_country_after(mention, langs)
    if mention.role == "figure" and local_reason:
        mention.role = "local"
        mention.review.append(f"{local_reason}, not the operation's total")


_AND = r"(?:and|et|y|e)"


def _one_country_after(mention: Mention, langs) -> str | None:
    """'six arrests in Serbia', 'once detenciones en el norte de Macedonia', '250 hommes libérés au
    Pérou': the number's own clause puts it in one country (not a list of countries), or ``None``."""
    clause = _CLAUSE_END.search(mention.after)
    own = mention.after[:clause.start()] if clause else mention.after
    if re.search(r"\d", own):
        own = own[:re.search(r"\d", own).start()]
    preps = "|".join(p for lang in langs for p in words.IN_PLACE[lang])
    place = re.search(rf"(?i:\b(?:{preps}))\s+(?:[a-zà-ÿ']+\s+){{0,3}}({_NAME})", " ".join(own.split()[:10]))
    if place is None:
        return None
    rest = mention.after[mention.after.find(place.group(1)) + len(place.group(1)):]
    if re.match(rf"\s*(?:,|{_AND}\s+(?:the\s+)?[A-ZÀ-Ý])", rest):
        return None  # a list of countries
    name = _country_prefix(place.group(1).split(), langs[0] if len(langs) == 1 else None)
    return f"a result in {name}" if name and name == place.group(1).strip() else None


def _counted_in_parts(mention: Mention, langs, previous: Mention | None) -> None:
    """People counted in parts joined by 'and' ('128 women and two men rescued', 'douze femmes et
    deux hommes'): each is a part, the figure may be their sum; the verb after the last part
    gives the metric of all of them."""
    kind, _, end = noun_after(mention.after, langs)
    if kind != "person":
        return
    joined = re.match(rf"\s*{_AND}\s+(?=\S)", mention.after[end:].casefold())
    if joined and read_number(mention.after[end + joined.end():], None) is not None:
        mention.role = "part"
        mention.review.append("people counted in parts joined by 'and': the figure may be their sum")
        return
    if previous is None or previous.role != "part" or noun_after(previous.after, langs)[0] != "person":
        return
    between = mention.sentence[previous.end:mention.start].casefold()
    if re.fullmatch(rf"\s*\S+(?:\s\S+)?\s+{_AND}\s*", between):
        mention.role = "part"
        mention.review.append(f"people counted in parts with {previous.printed!r} (line {previous.line}): the figure "
                              f"may be their sum")
        if previous.metric is None and mention.metric is not None:
            previous.metric = mention.metric


def reading_currency(mention: Mention) -> str | None:
    return mention.reading.currency or _currency_after(mention.after)


def _in_parentheses(before: str) -> bool:
    return before.count("(") > before.count(")")


def _numbers(sentence: str, language: str):
    """(start, reading, end) of every number printed in ``sentence``."""
    position = 0
    while True:
        match = _NUMBER_START.search(sentence, position)
        if match is None:
            return
        start = match.start()
        sign = _CURRENCY_BEFORE.search(sentence[:start]) if sentence[start].isdigit() else None
        if sign and (sign.start() == 0 or not sentence[sign.start() - 1].isalnum()):
            start = sign.start()
        reading = read_number(sentence[start:], language)
        if reading is not None and not reading.currency and not normalise(sentence[start:]).casefold().startswith(
                reading.number_text.casefold()):
            reading = None  # a filler word ('dont', 'other') before the number: the number comes next
        if reading is not None and reading.kind == "words" and sentence[start].isupper() and start > 0 \
                and sentence[start - 2:start] not in (". ", "« ", "• ", "- ", ", ", "; "):
            position = start + _span_length(sentence[start:], reading)  # a name ('Ocean Eleven'): all of it
            continue
        if reading is None:
            start = match.start()
            position = start + 1
            if not sentence[start].isdigit():  # words: skip to the next word
                space = sentence.find(" ", start)
                position = len(sentence) if space < 0 else space + 1
            continue
        end = start + _span_length(sentence[start:], reading)
        position = end
        yield start, reading, end


def draft_figures(lines, language: str, language_known: bool, operation_id: str, source_url: str,
                  qualifiers, units: dict[str, str], preliminary: bool) -> list[Draft]:
    """Draft figures rows for every number of ``lines``."""
    table = wordings_rule.wordings_by_language(qualifiers)
    wordings = wordings_rule.all_wordings(table)
    factors = dict(zip(qualifiers["qualifier"], zip(qualifiers["lower_factor"], qualifiers["upper_factor"],
                                                    strict=True), strict=True))
    found = mentions(lines, language, language_known, wordings)
    rows = [_figure_row(m, language, language_known, table, factors, units, operation_id, source_url, preliminary)
            for m in found]
    drafts = _conflicts_reviewed(rows, [m.role for m in found])
    drafts += _wholes_of_subsets(found, drafts, factors, units)
    return drafts


def _conflicts_reviewed(drafts: list[Draft], roles: list[str]) -> list[Draft]:
    """A metric printed with different numbers (a title's rounding, a subtotal) is never
    presented as certain: each of its rows is marked for review, naming the others; the same
    number printed again (a title and the body) is kept once. Parts, asides and local results
    are not candidates."""
    by_metric: dict[str, list[Draft]] = {}
    for draft, role in zip(drafts, roles, strict=True):
        if draft.cells["metric_id"] and role == "figure":
            by_metric.setdefault(draft.cells["metric_id"], []).append(draft)
    for metric, rows in by_metric.items():
        readings = list(dict.fromkeys(d.cells["value_as_printed"] for d in rows))
        if len({(d.cells["value"], d.cells["qualifier"]) for d in rows}) < 2:
            for later in rows[1:]:
                _add_review(later, f"the same figure for {metric} printed again (line {later.line}); drop this row")
            continue
        listed = "; ".join(f"{p!r}" for p in readings)
        for draft in rows:
            _add_review(draft, f"{metric} is printed with different numbers ({listed}): keep the one the source "
                               f"gives as the figure (line {draft.line})")
    return drafts


def _add_review(draft: Draft, reason: str) -> None:
    notes = draft.cells["notes"]
    if notes.startswith("REVIEW: "):
        draft.cells["notes"] = f"REVIEW: {reason}; {notes[len('REVIEW: '):]}"
    else:
        draft.cells["notes"] = f"REVIEW: {reason}" + (f" ({notes})" if notes else "")


def _wholes_of_subsets(found: list[Mention], drafts: list[Draft], factors, units) -> list[Draft]:
    """For a release that prints a subset metric (children, arrests of traffickers) and no
    number for its whole, the subset's rows again as the whole, for review."""
    metrics = {d.cells["metric_id"] for d, m in zip(drafts, found, strict=True) if m.role == "figure"}
    extra = []
    for draft, mention in zip(drafts, found, strict=True):
        whole = SUBSET_OF.get(draft.cells["metric_id"])
        if whole is None or whole in metrics or mention.role == "part":
            continue
        cells = dict(draft.cells, metric_id=whole)
        name = "victims" if whole == "potential_victims" else "arrests"
        cells["notes"] = (f"REVIEW: no other count of {name} is printed: {draft.cells['value_as_printed']!r} "
                          f"({draft.cells['metric_id']}) may be all of them (line {draft.line})")
        extra.append(Draft(cells, draft.line, draft.context))
    return extra


def _span_length(rest: str, reading) -> int:
    """Length of the number's own text at the start of ``rest`` (spaces as printed)."""
    target = reading.number_text
    if reading.currency:
        code = re.match(r"(?:[A-Z]{3}|US\$|€|£)\s?", rest)
        offset = code.end() if code else 0
    else:
        offset = 0
    # Walk the printed text until the normalised prefix covers the number text.
    for end in range(offset + 1, len(rest) + 1):
        if normalise(rest[offset:end]) == target:
            return end
    return offset + len(target)


def _wording_before(before: str, wordings) -> str | None:
    folded = before.casefold().rstrip()
    for wording in sorted(wordings, key=len, reverse=True):
        if folded.endswith(wording) and (len(folded) == len(wording) or not folded[-len(wording) - 1].isalnum()):
            if before.endswith(" ") or wording.endswith("'"):
                return before.rstrip()[-len(wording):]
    return None


def _figure_row(mention: Mention, language, language_known, table, factors, units, operation_id, source_url,
                preliminary) -> Draft:
    reading, wording, printed = mention.reading, mention.wording, mention.printed
    review = list(mention.review)
    qualifier = "exact"
    if wording:
        meaning = wordings_rule.meaning(wording.casefold(), table, language if language_known else None)
        if meaning.qualifier is None:
            review.append(meaning.problem)
            qualifier = wordings_rule.meaning(wording.casefold(), table, language).qualifier or "exact"
        else:
            qualifier = meaning.qualifier
    elif getattr(reading, "qualifier", None):
        qualifier = reading.qualifier
    metric = mention.metric
    currency = reading_currency(mention) if metric == "cash_seized" else None
    if metric is None and not any("money" in r or "nationalities" in r for r in review):
        review.append("metric not recognised from the words around the number")
    if len(reading.values) > 1:
        review.append("the separators read two ways; check the value")
    value = reading.value
    unit = units.get(metric or "", "persons")
    whole = unit not in ("money", "tonnes", "kilograms", "litres")
    if whole and value != value.to_integral_value():
        review.append(f"{value} is not a whole number of {unit}")
    if qualifier in ("around", "nearly") and value % 10 != 0:
        review.append(f"an approximate wording ({wording or printed!r}) before a number that is not round: "
                      f"approximate or exact?")
    lower, upper = wordings_rule.implied_bounds(value, *factors[qualifier], whole=whole)
    text, start = mention.sentence, len(mention.before)
    shown = text[max(0, start - 40):start + len(printed) + 40]
    notes = f"REVIEW: {'; '.join(review)} (line {mention.line}: …{shown}…)" if review else ""
    cells = {"operation_id": operation_id, "metric_id": metric or "", "value_as_printed": printed,
             "value": _plain(value), "qualifier": qualifier, "lower_bound": _plain(lower), "upper_bound": _plain(upper),
             "counting_basis": "", "is_preliminary": "true" if preliminary else "false", "is_single_source": "false",
             "source_url": source_url, "notes": notes, "value_reading": reading.kind, "currency": currency or ""}
    context = text[max(0, start - 30):start + len(printed) + 50]
    return Draft(cells, mention.line, context)


def _currency_after(after: str) -> str | None:
    words_after = re.sub(r"^(?:de |d')", "", " ".join(after.casefold().split()[:3]))
    for name, code in sorted(CURRENCY_WORDS.items(), key=lambda kv: -len(kv[0])):
        if words_after.startswith(name) or words_after.startswith(f"de {name}"):
            return code
    return None


def _plain(value) -> str:
    if value is None:
        return ""
    value = Decimal(str(value))
    return f"{value.quantize(Decimal(1)):f}" if value == value.to_integral_value() else f"{value.normalize():f}"


def draft_participants(lines, operation_id: str, source_url: str,
                       language: str | None) -> tuple[list[Draft], list[str]]:
    """Rows of the printed list (the line with the most names that resolve), and a problem per name that does not."""
    from analysis.places.countries import CountryError, match_country, participant_rows

    best = None
    for number, text in lines:
        body = text.split(":", 1)[1] if ":" in text[:80] else text
        items = [i.strip(" .;") for i in re.split(r",|;|\band\b|\bet\b|\by\b|\be\b", body) if i.strip(" .;")]
        if len(items) < 5:
            continue
        resolved = []
        for item in items:
            try:
                resolved.append((item, match_country(item, language).iso3, None))
            except (CountryError, LookupError, ValueError) as error:
                resolved.append((item, "", " ".join(str(error).split())))
        good = sum(1 for _, iso3, _ in resolved if iso3)
        if good >= 5 and good >= 0.8 * len(items) and (best is None or good > best[0]):
            best = (good, number, resolved)
    if best is None:
        return [], ["no printed participant list found (no line with five or more names that resolve)"]
    _, number, resolved = best
    rows = participant_rows(operation_id, source_url, [(name, iso3) for name, iso3, _ in resolved])
    from analysis.package.load import load_descriptor_fields

    columns = load_descriptor_fields("participants")
    drafts, problems = [], []
    for row, (name, _, error) in zip(rows, resolved, strict=True):
        cells = dict(zip(columns, row, strict=True))
        if error:
            cells["notes"] = f"REVIEW: {name!r} does not resolve ({error})"
            problems.append(f"line {number}: {name!r}: {error}")
        drafts.append(Draft(cells, number, name))
    return drafts, problems


def _language_of_source(source_url: str, data_dir) -> str | None:
    from analysis.checks.loaders import load_sources
    from analysis.package.schema import DataValidationError

    try:
        sources = load_sources(data_dir=data_dir)
    except DataValidationError:
        return None
    if "language" not in sources.columns:
        return None
    hit = sources.loc[sources["source_url"] == source_url, "language"]
    return None if hit.empty or hit.isna().all() else str(hit.iloc[0])


def extract(text: str, operation_id: str, source_url: str, table: str = "figures", language: str | None = None,
            data_dir=None) -> tuple[list[str], list[Draft], list[str]]:
    """(columns, draft rows, problems) for the release ``text``."""
    from analysis.checks.loaders import load_table
    from analysis.package.load import load_descriptor_fields

    lines = body_lines(text)
    known = language or _language_of_source(source_url, data_dir)
    guessed = guess_language(lines)
    if language is None and known in LANGUAGES and known != guessed:
        known = None  # the text is another language's version of the source: read it as unknown
    language_used = known if known in LANGUAGES else guessed
    if table == "participants":
        drafts, problems = draft_participants(lines, operation_id, source_url, known)
        return load_descriptor_fields("participants", data_dir), drafts, problems
    qualifiers = load_table("qualifiers", data_dir=data_dir)
    metrics = load_table("metrics", data_dir=data_dir)
    units = dict(zip(metrics["metric_id"].astype(str), metrics["unit"].astype(str), strict=True))
    preliminary = bool(re.search(r"prelimin|préliminaire|provisoire|initial", text, flags=re.IGNORECASE))
    drafts = draft_figures(lines, language_used, known in LANGUAGES, operation_id, source_url, qualifiers, units,
                           preliminary)
    columns = load_descriptor_fields("figures", data_dir)
    return columns, drafts, []


def _print_table(columns, drafts, out) -> None:
    shown = ["line", "metric_id", "value_as_printed", "value", "qualifier", "lower_bound", "upper_bound", "notes"] \
        if "metric_id" in columns else ["line", "position", "name_as_printed", "iso3", "notes"]
    rows = [[str(d.line)] + [str(d.cells.get(c, "")) for c in shown[1:]] for d in drafts]
    widths = [min(max([len(c)] + [len(r[i]) for r in rows]), 60) for i, c in enumerate(shown)]
    out.write("  ".join(c.ljust(w) for c, w in zip(shown, widths, strict=True)).rstrip() + "\n")
    for row in rows:
        out.write("  ".join(v[:60].ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() + "\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.extract", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", help="the release as UTF-8 text (an archived copy's header is skipped)")
    parser.add_argument("--operation-id", required=True, help="operation_id of the rows (data/operations.csv)")
    parser.add_argument("--source-url", required=True, help="source_url of the rows (data/sources.csv)")
    parser.add_argument("--table", choices=("figures", "participants"), default="figures")
    parser.add_argument("--format", choices=("csv", "table"), default="csv",
                        help="csv: rows to paste (default); table: aligned columns with the line, for reading")
    parser.add_argument("--language", choices=LANGUAGES,
                        help="the release's language (default: the source's in sources.csv, else a guess)")
    args = parser.parse_args(argv)
    try:
        text = Path(args.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        print(f"error: cannot read {args.file}: {error}", file=sys.stderr)
        return 2
    columns, drafts, problems = extract(text, args.operation_id, args.source_url, args.table, args.language)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    if args.format == "table":
        _print_table(columns, drafts, sys.stdout)
    else:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[d.cells.get(c, "") for c in columns] for d in drafts])
        sys.stdout.write(out.getvalue())
    for problem in problems:
        print(f"{args.file}: {problem}", file=sys.stderr)
    review = sum(d.review for d in drafts)
    print(f"{len(drafts)} draft row(s), {review} marked REVIEW; nothing written into data/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
