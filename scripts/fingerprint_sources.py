"""Fill the provenance columns of data/sources.csv from the stored copies of the sources.

    .venv/bin/python scripts/fingerprint_sources.py ../shared/sources/archive

For every row of ``data/sources.csv`` (order, other columns and notes are kept as they are):

- ``date_accessed``, ``text_sha256``, ``copy_extent``: for a source with an archived copy
  (a file whose header ``matches_source_url`` is the row's URL, or whose ``url`` is, for a page
  added after the archive was made): the day the copies were read (``READ_ON``, from
  ``../shared/sources/README.md``), the SHA-256 of the copy's text and how much of the page it
  holds, by the rules in ``analysis/archive.py``. A page stored in two versions takes the
  fingerprint of its main copy (the file without ``-version-`` in its name); the other
  version's fingerprint is added to the row's notes. Rows without a copy get these three empty.
- ``language`` (ISO 639-1), for every row: read from the copy's text (script, then the
  share of common function words of each language, ``guess_language``); a text the counter
  cannot decide, and a source without a copy, take the value in ``LANGUAGE_BY_HAND`` with its
  reason. A copy that is another language version of the page than the source URL (the
  Spanish copy of INTERPOL's English release) keeps the language of the URL's version, by hand.
- ``date_published``, for every row, by one rule (also in the data dictionary):
  1. the publication date the document prints for itself (a date line, dateline or byline
     with day, month and year) in the text of an archived copy of the document itself (a copy
     whose ``url`` is the source URL; a mirror's reproduction does not date the original):
     ``PRINTED_DATES`` holds each one as printed, and the script checks that it occurs in such
     a copy; else
  2. a full date in the path of the source URL (``/YYYY/MM/DD/`` or a segment starting with
     ``YYYYMMDD``); else
  3. missing.
  Event dates, weekdays without a date, a month without a day, a site's current-date widget,
  embedded posts and the archive header are never used.

Run it again after adding a source; the output is the same for the same inputs.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.archive import ArchiveError, copies_by_source, is_secondary_version, read_archive  # noqa: E402

SOURCES = ROOT / "data" / "sources.csv"
READ_ON = "2026-12-01"  # ../shared/sources/README.md: "The copies were read on 2026-12-01."

# Function words by language; words in more than one list ('de', 'la', 'a') are not counted.
# A text's language is the one whose own words make up the largest share of its words, when
# that share is at least MIN_SHARE and twice the runner-up's.
FUNCTION_WORDS = {
    "en": "the and of to in was were with for that from by has have this are".split(),
    "fr": "le la les des et du une est dans pour par sur au aux qui été ont".split(),
    "es": "el la los las de del y en por para con que una fue han se".split(),
    "pt": "o a os as do da dos das e em para com que uma foi foram no na".split(),
    "nl": "de het een en van in op met voor zijn werd worden die dat".split(),
    "de": "der die das und von mit für im den ist wurde wurden ein eine".split(),
    "ro": "și si de la în in cu pe din care au fost pentru o un".split(),
    "hu": "a az és hogy is egy nem volt vagy szerint között".split(),
}
MIN_SHARE = 0.06
SCRIPTS = {"ar": ("\u0600", "\u06ff"), "ml": ("\u0d00", "\u0d7f")}
MACEDONIAN_LETTERS = set("ѓќѕљњџјЃЌЅЉЊЏЈ")

# Set by hand: (language, reason). Sources without a copy, and texts the counter cannot read.
LANGUAGE_BY_HAND = {
    "https://d33gy59ovltp76.cloudfront.net/news/london-man-among-2-500-arrested-as-largest-ever-global-people-smuggling-ring-smashed":
        ("en", "no copy: English title words in the URL of a London newspaper (The Standard)"),
    "https://humantraffickinghouston.org/interpols-global-anti-trafficking-operation":
        ("en", "no copy: English title words in the URL"),
    "https://latin-american.news/more-than-200-detainees-in-international-operation-against-human-trafficking/":
        ("en", "no copy: English title words in the URL"),
    "https://www.brusselstimes.com/617068/over-1000-human-trafficking-arrests-made-between-may-and-june-announces-interpol":
        ("en", "no copy: English title words in the URL of an English-language paper"),
    "https://www.interpol.int/en/News-and-Events/News/2026/Global-operation-safeguards-4-400-potential-trafficking-victims-detects-13-000-irregular-migrants":
        ("en", "the source is the English page (/en/); the archived copy is its Spanish version"),
}

# Rule 1 of date_published: the date line as printed in the copy's text, and its reading.
PRINTED_DATES = {
    "https://publicnow.com/view/F74E5ECF70F7E61D8C54D833445A19F2B2EFF5F6":
        ("Distributed by Public on 11/06/2024", "2024-11-06"),  # US order, month first
    "https://www.wired-gov.net/wg/news.nsf/articles/nine+nca+arrests+during+major+international+operation+targeting+people+smuggling+06112024140500?open":
        ("date 2024-11-06", "2024-11-06"),
    "http://dmoanon.com/news/sick-news/3274-286-arrested-in-global-human-trafficking-and-migrant-smuggling-operation":
        ("Date: 7/26/2021", "2021-07-26"),
    "https://rt.com/news/530292-operation-liberterra-migrant-smuggling-interpol/amp":
        ("26 Jul, 2021", "2021-07-26"),
    "https://www.pakistanpoint.com/en/story/1311188/interior-ministry-participates-in-global-operation-to-c.html":
        ("Pakistan Point News - 27th Jul, 2021", "2021-07-27"),
    "https://www.expressandstar.com/news/crime/2021/07/15/wanted-fugitive-arrested-in-wolverhampton-as-part-of-week-long-operation/":
        ("date 2021-07-15", "2021-07-15"),
    "https://www.brief.news/world-news/2026/01/26/interpol-rescuesthousands-in-global-trafficking-crackdown?categories=Science&source=%2F":
        ("January 26, 2026", "2026-01-26"),
    "https://clubofmozambique.com/news/mozambican-child-kidnapped-for-organ-removal-among-4414-helped-in-trafficking-crackdown/":
        ("date 2026-01-27", "2026-01-27"),
    "https://www.interpol.int/News-and-Events/News/2023/Global-operation-identifies-1-426-potential-victims-of-human-trafficking":
        ("1 June 2023", "2023-06-01"),
    "https://www.romania-insider.com/human-traffickers-arrested-international-operation-austria-romania-2024":
        ("date 2024-06-27", "2024-06-27"),
    "https://www.lbcgroup.tv/news/world-news/780353/interpol-reports-arresting-219-individuals-in-39-countries-on-charges/en":
        ("date 2024-06-24", "2024-06-24"),
    "https://frontex.europa.eu/media-centre/news/news-release/frontex-helps-1-200-victims-in-global-crackdown-on-human-trafficking-mMCxQf":
        ("human trafficking 2025-07-10", "2025-07-10"),
    "https://cyprus-mail.com/2025/07/11/europe-led-people-trafficking-sweep-frees-1200-victims-yields-158-arrests":
        ("date 2025-07-11", "2025-07-11"),
    "https://www.devdiscourse.com/article/health/3500967-operation-global-chain-a-massive-crackdown-on-people-trafficking":
        ("date 2025-07-11", "2025-07-11"),
    "https://www.safeeus.org/post/more-than-250-human-traffickers-and-people-smugglers-behind-bars-after-pan-american-police-operation":
        ("14 December 2022", "2022-12-14"),
    "https://www.interpol.int/News-and-Events/News/2023/Americas-257-suspected-migrant-smugglers-and-human-traffickers-arrested":
        ("11 December 2023", "2023-12-11"),
    "https://aquixicohtencatl.com/?p=107767":
        ("13 de diciembre de 2023", "2023-12-13"),
    "https://bdnews24.com/bangladesh/2022/05/09/bangladesh-takes-part-in-massive-interpol-operation-against-human-trafficking-migrant-smuggling":
        ("Published: 09 May 2022", "2022-05-09"),
    "https://www.interpol.int/News-and-Events/News/2023/Human-trafficking-and-migrant-smuggling-more-than-1-000-arrests-in-joint-INTERPOL-AFRIPOL-operation":
        ("25 July 2023", "2023-07-25"),
    "https://americanfaith.com/multinational-interpol-campaign-makes-over-1000-arrests-for-human-trafficking-migrant-smuggling/":
        ("Originally published July 27, 2023", "2023-07-27"),
    "https://www.interpol.int/News-and-Events/News/2017/INTERPOL-led-operation-rescues-500-victims-of-human-trafficking-leads-to-40-arrests":
        ("23 November 2017", "2017-11-23"),
    "https://www.freedomunited.org/news/interpol-operation-rescues-216-victims-across-west-africa/":
        ("Published on April 24, 2019", "2019-04-24"),
    "https://afcoa.org/content/c%C3%B4te-d%E2%80%99ivoire-children-rescued-trafficking-and-exploitation":
        ("APRIL 5, 2014", "2014-04-05"),
    "https://www.interpol.int/es/Noticias-y-acontecimientos/Noticias/2018/Detenidos-49-traficantes-de-personas-en-la-operacion-Andes-dirigida-por-INTERPOL-en-las-Americas":
        ("18 de diciembre de 2018", "2018-12-18"),
    "http://in.reuters.com/article/ivorycoast-trafficking-idINL8N0Z842Q20150623":
        ("date 2015-06-23", "2015-06-23"),
    "https://pledgetimes.com/interpol-rescues-more-than-50-minors-victims-of-sexual-exploitation-and-forced-labor-in-africa/":
        ("date 2022-12-22", "2022-12-22"),
    "https://www.interpol.int/es/Noticias-y-acontecimientos/Noticias/2025/Human-trafficking-fueled-fraud-ring-dismantled-in-joint-Cote-d-Ivoire-Ghana-operation":
        ("22 de abril de 2025", "2025-04-22"),
}

URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>\d\d)/(?P<d>\d\d)(?:/|$)"
                      r"|/(?P<y2>(?:19|20)\d\d)(?P<m2>\d\d)(?P<d2>\d\d)(?=[-_/]|$)")


def fail(message: str) -> None:
    print(f"fingerprint_sources: {message}", file=sys.stderr)
    raise SystemExit(1)


def guess_language(text: str) -> str | None:
    """ISO 639-1 code of a text, or None when the count does not decide."""
    letters = [ch for ch in text if ch.isalpha()]
    for code, (low, high) in SCRIPTS.items():
        if letters and sum(low <= ch <= high for ch in letters) > len(letters) / 2:
            return code
    cyrillic = [ch for ch in letters if "\u0400" <= ch <= "\u04ff"]
    if letters and len(cyrillic) > len(letters) / 2:
        return "mk" if MACEDONIAN_LETTERS & set(cyrillic) else None
    words = re.findall(r"[^\W\d_]+", unicodedata.normalize("NFC", text.lower()))
    if not words:
        return None
    shared = {w for code, ws in FUNCTION_WORDS.items() for other, vs in FUNCTION_WORDS.items()
              if other != code for w in ws if w in vs}
    shares = sorted(((sum(w in set(ws) - shared for w in words) / len(words), code)
                     for code, ws in FUNCTION_WORDS.items()), reverse=True)
    (best, code), (second, _) = shares[0], shares[1]
    return code if best >= MIN_SHARE and best >= 2 * second else None


def date_in_url(url: str) -> str | None:
    match = URL_DATE.search(url.split("?")[0])
    if not match:
        return None
    y, m, d = (match.group("y") or match.group("y2"), match.group("m") or match.group("m2"),
               match.group("d") or match.group("d2"))
    if not (1 <= int(m) <= 12 and 1 <= int(d) <= 31):
        return None
    return f"{y}-{m}-{d}"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def fill(rows: list[dict], by_source: dict) -> None:
    urls = {row["source_url"] for row in rows}
    for url in PRINTED_DATES.keys() | LANGUAGE_BY_HAND.keys():
        if url not in urls:
            fail(f"{url}: listed in the script but not a row of {SOURCES.name}")
    for row in rows:
        url = row["source_url"]
        copies = by_source.get(url, [])
        main = [c for c in copies if not is_secondary_version(c)]
        if copies and len(main) != 1:
            fail(f"{url}: {len(main)} main copies in the archive; expected one "
                 "(further versions are named '...-version-b.txt')")
        if copies:
            row["date_accessed"] = READ_ON
            row["text_sha256"] = main[0].sha256
            row["copy_extent"] = main[0].copy_extent
            for other in copies[1:]:
                mention = f"Second stored version of the page ({other.path.name}): SHA-256 {other.sha256}."
                if mention not in row["notes"]:
                    row["notes"] = f"{row['notes']} {mention}".strip()
        else:
            row["date_accessed"] = row["text_sha256"] = row["copy_extent"] = ""
        if url in LANGUAGE_BY_HAND:
            row["language"] = LANGUAGE_BY_HAND[url][0]
        elif copies:
            language = guess_language(main[0].text)
            if language is None:
                fail(f"{url}: the language of {main[0].path.name} could not be read; "
                     "add it to LANGUAGE_BY_HAND with the reason")
            row["language"] = language
        else:
            fail(f"{url}: no archived copy and no entry in LANGUAGE_BY_HAND")
        if url in PRINTED_DATES:
            printed, iso = PRINTED_DATES[url]
            if not any(printed in squash(c.text) for c in copies if c.url == url):
                fail(f"{url}: the date line {printed!r} does not occur in an archived copy of that URL")
            row["date_published"] = iso
        else:
            row["date_published"] = date_in_url(url) or ""


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: fingerprint_sources.py ARCHIVE_FOLDER", file=sys.stderr)
        return 2
    try:
        by_source = copies_by_source(read_archive(argv[0]))
    except ArchiveError as error:
        fail(str(error))
    with SOURCES.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    fill(rows, by_source)
    with SOURCES.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with_copy = sum(bool(r["text_sha256"]) for r in rows)
    print(f"{SOURCES.relative_to(ROOT)}: {len(rows)} rows, {with_copy} with an archived copy, "
          f"{sum(bool(r['date_published']) for r in rows)} with date_published")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
