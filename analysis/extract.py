"""Draft rows from a press release in English, French, Spanish or Portuguese.

    python -m analysis.extract RELEASE.txt --operation-id ID --source-url URL [--table figures|participants]
                               [--format csv|table] [--language fr]

prints, on standard output, draft rows of ``data/figures.csv`` (the default) or
``data/participants.csv`` with exactly that table's columns, to paste after review. It never
writes into ``data/``.

- **figures**: every number of the text (digits, a scale word, number words) with the qualifier
  wording before it, read by :mod:`analysis.checks.printed_numbers` in the release's language;
  ``value_as_printed`` is the exact span of the text; bounds follow the qualifier's rule; the
  ``metric_id`` is proposed from the words just after the number (victims, arrests, migrants,
  flights... in the four languages, :data:`METRIC_WORDS`). The first number of each metric is
  the proposed figure; anything the extractor is unsure of has ``notes`` starting with
  ``REVIEW:`` and the reason: a number whose metric it cannot tell (empty ``metric_id``), a
  later number for a metric already given, a reading that depends on the language, a wording
  whose meaning depends on the language, a scale word it could not place.
- **participants**: the printed list (the line with the most names that resolve), every name
  resolved with :func:`analysis.countries.match_country`; a name that does not resolve is a
  ``REVIEW:`` row with an empty ``iso3`` and a one-line problem on standard error.

Rows without ``REVIEW:`` are meant to pass ``make data`` once pasted; dates, years, ages,
percentages and the header of an archived copy (lines up to the first blank line, when they
are ``key: value`` lines) are skipped. The language is ``--language``, else the source's
language in ``sources.csv``, else guessed from common words (and then a reading that depends
on it is marked for review).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from analysis.checks import qualifier_wordings as wordings_rule
from analysis.checks.printed_numbers import LANGUAGES, normalise, read_number

# Words after a number (its noun, within a few words) that name the metric, in four
# languages; matched on the casefolded start of a word ('victim' matches 'victims').
METRIC_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("child_victims", ("minor", "child", "mineur", "enfant", "menor", "niño", "niña", "niñas", "crianç",
                       "adolescent")),
    ("potential_victims", ("potential victim", "victim", "possible victim", "posibles víctimas", "víctima",
                           "victime", "vítima", "possíveis vítimas", "personnes secourues")),
    ("irregular_migrants", ("irregular migrant", "migrant", "migrante")),
    ("arrests_ht_ms", ()),
    ("arrests", ("arrest", "arrestation", "interpellation", "detenido", "detenida", "detención", "detenciones",
                 "arrestos", "presos", "prisões", "prisão", "detidos", "suspects arrested", "sospechosos",
                 "people were arrested", "personnes arrêtées", "individuals were arrested")),
    ("investigations_opened", ("new investigation", "investigation", "enquête", "investigación", "investigaciones",
                               "investigação", "investigações", "nuevas investigaciones", "case", "procédure")),
    ("officers_deployed", ("officer", "police officer", "agent", "funcionario", "policías", "policial", "policiais",
                           "law enforcement officer", "oficiales", "personnel")),
    ("flights_monitored", ("flight", "vol ", "vols", "vuelo", "voo")),
    ("participating_countries", ("countr", "pays", "país", "paises", "member countr", "nation")),
    ("suspects_identified", ("suspect", "suspected",)),
    ("fraudulent_documents_detected", ("fraudulent document", "false document", "forged document",
                                       "faux document", "documentos falsos", "documentos fraudulentos")),
    ("database_checks", ("database check", "checks against interpol", "check", "contrôle", "control", "consulta",
                         "verificaç", "verificacion", "verificaciones")),
    ("criminal_groups_dismantled", ("criminal group", "criminal network", "network", "réseau", "red ", "redes",
                                    "grupo", "organised crime group", "organized crime group")),
    ("border_points_monitored", ("border point", "border crossing", "checkpoint", "border control point",
                                 "poste frontière", "points de passage", "puesto fronterizo", "pasos fronterizos")),
    ("vehicles_checked", ("vehicle", "véhicule", "vehículo", "veículo")),
    ("documents_checked", ("document",)),
    ("locations_inspected", ("location", "site", "premise", "hotspot", "lieu", "lugar", "local")),
    ("firearms_seized", ("firearm", "weapon", "arme", "arma")),
    ("notices_issued", ("notice", "notice", "notice", "notices", "diffusion")),
    ("victim_nationalities", ("nationalit", "nacionalidad", "nacionalidade")),
)
CURRENCY_WORDS = {"francs cfa": "XOF", "franc cfa": "XOF", "fcfa": "XOF", "euros": "EUR", "euro": "EUR",
                  "dollars": "USD", "dólares": "USD", "dolares": "USD", "us dollars": "USD"}
MONTHS = ("january february march april may june july august september october november december "
          "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
          "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre "
          "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro").split()
SKIP_AFTER = ("%", "per cent", "percent", "pour cent", "por ciento", "por cento", "year", "years", "ans", "año",
              "años", "anos", "aged", "de edad", "km", "kilomet", "hour", "heure", "hora", "day", "days", "jour",
              "días", "dias", "week", "semaine", "semana", "month", "mois", "mes", "meses", "th ", "st ", "nd ",
              "rd ", "e ", "er ")
COMMON_WORDS = {"en": ("the", "and", "of", "were", "with"), "fr": ("les", "et", "des", "dans", "une"),
                "es": ("los", "las", "y", "del", "una"), "pt": ("os", "e", "das", "dos", "uma", "não")}
FIGURE_COLUMNS = ("operation_id", "metric_id", "value_as_printed", "value", "qualifier", "lower_bound", "upper_bound",
                  "counting_basis", "is_preliminary", "is_single_source", "source_url", "notes", "value_reading",
                  "currency")
_NUMBER_START = re.compile(r"(?<![\w.,])(?:\d|[A-Za-zÀ-ÿ])")


@dataclass
class Draft:
    """One draft row, with where it came from (``line``) and the words around it (``context``)."""

    cells: dict
    line: int
    context: str

    @property
    def review(self) -> bool:
        return str(self.cells.get("notes", "")).startswith("REVIEW:")


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
    words = re.findall(r"[a-zà-ÿ]+", " ".join(t for _, t in lines).casefold())
    counts = {lang: sum(words.count(w) for w in common) for lang, common in COMMON_WORDS.items()}
    return max(LANGUAGES, key=lambda lang: (counts[lang], -LANGUAGES.index(lang)))


_ARRESTED = r"\barrest|detenid|detid[oa]s|arrêt|interpell|\bpres[oa]s\b|detuv"
_TRAFFICKING = r"traffick|smuggl|trata|tráfico|traite|passeur"


def metric_for(after: str, before: str, seen=frozenset()) -> str | None:
    """The metric named by the words after a number (or, for 'arrested', just before it);
    ``seen``: the metrics already proposed in the release (a second arrest count that names
    trafficking or smuggling is the subset arrests_ht_ms)."""
    metric = _metric_words(after, before)
    words = " ".join(after.casefold().split()[:8])
    lead = " ".join(before.casefold().split()[-6:])
    if metric in ("suspects_identified", None, "criminal_groups_dismantled") and re.search(_ARRESTED, words):
        metric = "arrests"
    if metric == "arrests" and "arrests" in seen and re.search(_TRAFFICKING, words):
        metric = "arrests_ht_ms"
    origin = re.search(r"(migra|victim|víctim|vítim|national|nacional|ressortissant)\w*(?: \w+)? "
                       r"(?:from|of|de|des|originaires de)$", lead)
    if metric == "participating_countries" and origin:
        victims = origin.group(1) in ("victim", "víctim", "vítim")
        metric = "victim_nationalities" if victims else "migrant_nationalities"
    return metric


def _metric_words(after: str, before: str) -> str | None:
    if re.match(r"\s*(?:suspected )?(?:migrant smuggler|smuggler|trafficker|passeur|trafiquant|traficante)",
                after.casefold()):
        return None  # offenders by kind: part of an arrest count, not a metric of their own
    words = " ".join(after.casefold().split()[:6])
    near = " ".join(after.casefold().split()[:3])
    best = None
    for metric, keys in METRIC_WORDS:
        for key in keys:
            position = f" {near} ".find(f" {key}")
            if position >= 0 and (best is None or position < best[0]):
                best = (position, metric)
    if best is None:
        if re.search(r"traffick|smuggl|trata|tráfico|traite|passeur", words) and re.search(
                r"arrest|detuv|detenid|detid|arrêt|interpell|pres[oa]s", before.casefold()[-100:]):
            return "arrests_ht_ms"
        for metric, keys in METRIC_WORDS:
            if any(f" {words} ".find(f" {key}") >= 0 for key in keys):
                return metric
        return None
    metric = best[1]
    if metric == "database_checks" and not re.search(r"interpol|database|base de donn|bases de datos|banco",
                                                      words + " " + before.casefold()[-40:]):
        return "checks_or_inspections"
    return metric


def _skipped(before: str, number_text: str, after: str) -> bool:
    """Dates, years, ages, percentages, ordinals and numbers inside names or codes."""
    digits = number_text.replace(" ", "").replace(",", "").replace(".", "")
    tail = after.casefold()
    head = before.casefold().rstrip()
    if digits.isdigit() and len(digits) == 4 and 1900 <= int(digits) <= 2100 and "," not in number_text:
        return True
    first = [w.strip(",.;:()") for w in tail.split()[:3]]
    if first and (first[0] in MONTHS or (len(first) == 3 and first[0] in ("and", "to", "et", "au", "y", "al", "a", "e")
                                         and first[2] in MONTHS)):
        return True
    last = head.split()[-1:] if head else []
    if last and last[0].strip(",.;:()") in MONTHS + ["du", "al", "au", "del", "de", "a", "to", "aged", "edad",
                                                      "ans", "no.", "n°", "article", "artículo", "operation"]:
        if last[0].strip(",.;:()") in MONTHS or last[0] in ("du", "au", "al", "del", "to", "aged", "edad"):
            return True
    return any(tail.startswith(s) or tail.startswith(" " + s) for s in SKIP_AFTER) or tail.startswith(("-", "–"))


def draft_figures(lines, language: str, language_known: bool, operation_id: str, source_url: str,
                  qualifiers, units: dict[str, str], preliminary: bool) -> list[Draft]:
    """Draft figures rows for every number of ``lines``."""
    table = wordings_rule.wordings_by_language(qualifiers)
    wordings = wordings_rule.all_wordings(table)
    factors = dict(zip(qualifiers["qualifier"], zip(qualifiers["lower_factor"], qualifiers["upper_factor"],
                                                    strict=True), strict=True))
    drafts, seen = [], set()
    for number, text in lines:
        position = 0
        while True:
            match = _NUMBER_START.search(text, position)
            if match is None:
                break
            start = match.start()
            reading = read_number(text[start:], language)
            if reading is not None and not reading.currency and not normalise(text[start:]).casefold().startswith(
                    reading.number_text.casefold()):
                reading = None  # a filler word ('dont', 'other') before the number: the number comes next
            if reading is None or (reading.kind == "words" and text[start].isupper() and start > 0
                                   and text[start - 2:start] not in (". ", "« ")):
                position = start + 1
                # words: skip to the next word
                if not text[start].isdigit():
                    space = text.find(" ", start)
                    position = len(text) if space < 0 else space + 1
                continue
            span_end = start + _span_length(text[start:], reading)
            before, after = text[:start], text[span_end:]
            position = span_end
            if reading.kind == "words" and reading.value < 2:  # 'un', 'a', 'one': an article more often than a count
                continue
            if _skipped(before, reading.number_text, after):
                continue
            wording = _wording_before(before, wordings)
            printed_start = start - len(wording) - 1 if wording else start
            if reading.currency:
                pass
            value_as_printed = text[printed_start:span_end].strip()
            drafts.append(_figure_row(number, text, value_as_printed, reading, wording, before[:printed_start],
                                      after, language, language_known, table, factors, units, operation_id,
                                      source_url, preliminary, seen))
    return _conflicts_reviewed(drafts)


def _conflicts_reviewed(drafts: list[Draft]) -> list[Draft]:
    """A metric printed with different numbers (a title's rounding, a subtotal) is never
    presented as certain: each of its rows is marked for review, naming the others."""
    by_metric: dict[str, list[Draft]] = {}
    for draft in drafts:
        if draft.cells["metric_id"]:
            by_metric.setdefault(draft.cells["metric_id"], []).append(draft)
    for metric, rows in by_metric.items():
        readings = list(dict.fromkeys((d.cells["value_as_printed"], d.cells["qualifier"]) for d in rows))
        if len({(d.cells["value"], d.cells["qualifier"]) for d in rows}) < 2:
            for later in rows[1:]:
                if not later.review:
                    later.cells["notes"] = (f"REVIEW: the same figure for {metric} printed again (line "
                                            f"{later.line}); drop this row")
            continue
        listed = "; ".join(f"{p!r}" for p, _ in readings)
        for draft in rows:
            if not draft.review:
                draft.cells["notes"] = (f"REVIEW: {metric} is printed with different numbers ({listed}): keep the "
                                        f"one the source gives as the figure (line {draft.line})")
    return drafts


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


def _figure_row(line, text, printed, reading, wording, before, after, language, language_known, table, factors,
                units, operation_id, source_url, preliminary, seen) -> Draft:
    review = []
    qualifier = "exact"
    if wording:
        meaning = wordings_rule.meaning(wording.casefold(), table, language if language_known else None)
        if meaning.qualifier is None:
            review.append(meaning.problem)
            qualifier = wordings_rule.meaning(wording.casefold(), table, language).qualifier or "exact"
        else:
            qualifier = meaning.qualifier
    metric = metric_for(after, before, seen)
    currency = reading.currency or _currency_after(after)
    if currency:
        metric = "cash_seized"
    if metric is None:
        review.append("metric not recognised from the words after the number")
    elif metric in seen:
        review.append(f"another number for {metric}, printed earlier: keep one")
    if len(reading.values) > 1:
        review.append("the separators read two ways; check the value")
    value = reading.value
    unit = units.get(metric or "", "persons")
    whole = unit not in ("money", "tonnes", "kilograms", "litres")
    if whole and value != value.to_integral_value():
        review.append(f"{value} is not a whole number of {unit}")
    if metric and metric not in seen and not review:
        seen.add(metric)
    elif metric and not review:
        pass
    lower, upper = wordings_rule.implied_bounds(value, *factors[qualifier], whole=whole)
    shown = text[max(0, len(before) - 40):len(before) + len(printed) + 40]
    notes = f"REVIEW: {'; '.join(review)} (line {line}: …{shown}…)" if review else ""
    if metric and review and metric not in seen and "metric not recognised" not in notes:
        seen.add(metric)
    cells = {"operation_id": operation_id, "metric_id": metric or "", "value_as_printed": printed,
             "value": _plain(value), "qualifier": qualifier, "lower_bound": _plain(lower), "upper_bound": _plain(upper),
             "counting_basis": "", "is_preliminary": "true" if preliminary else "false", "is_single_source": "false",
             "source_url": source_url, "notes": notes, "value_reading": reading.kind,
             "currency": currency if metric == "cash_seized" else ""}
    context = text[max(0, len(before) - 30):len(before) + len(printed) + 50]
    return Draft(cells, line, context)


def _currency_after(after: str) -> str | None:
    words = " ".join(after.casefold().split()[:3]).lstrip("d'e ")
    for name, code in sorted(CURRENCY_WORDS.items(), key=lambda kv: -len(kv[0])):
        if words.startswith(name) or words.startswith(f"de {name}"):
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
    language_used = known if known in LANGUAGES else guess_language(lines)
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
