"""Tables, figures and short text blocks as a reader sees them on a report page.

The tables in ``analysis`` keep machine column names and raw values (they are saved as CSV
beside each page). This module turns them into something to read and cite:

- :func:`table`: a pandas ``Styler`` table with human-readable headers (the ``title`` of each
  field in ``data/datapackage.json``, else :data:`LABELS`), thousands separators, shares as
  percentages, whole numbers without ``.0``, dates as '6 November 2024', booleans as yes/no,
  source URLs as short links (the site's domain, the full URL in ``href`` and ``title``), a
  ``notes`` column as numbered footnotes under the table, ``is_lower_bound`` rows as 'at least',
  and a missing value as an en dash with one legend line. No positional index; fixed ids.
- :func:`figure`: a matplotlib figure as a PNG (no software stamp, so the bytes are stable) with
  a caption and alt text; the page template renders ``<figure><img alt><figcaption>``.
- :func:`facts`, :func:`heading`, :func:`paragraph`: small HTML blocks built from data.

Every piece of data text that reaches HTML goes through :func:`escape`; only :class:`HTML`
strings (MarkupSafe's ``Markup``, see :mod:`analysis.pages.markup`) built here are trusted.
Nothing is passed through Markdown.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
import re
import struct
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import pandas as pd

from analysis.package import paths, vocabulary
from analysis.pages.markup import HTML, escape, join

EN_DASH = "\u2013"
MISSING_LEGEND = f"{EN_DASH} not printed by the source"

#: Labels of columns the data package does not define (derived in ``analysis``), and of the
#: few whose data-dictionary title would read wrongly on a page.
LABELS = {
    "metric": "Figure",
    "position": "No.",
    "name": "Name",
    "scheme": "Region scheme",
    "region_code": "Region code",
    "region_name": "Region",
    "participants": "Listed as taking part",
    "countries_in_region": "Countries and territories in the region",
    "coverage_share": "Share of the region listed",
    "is_lower_bound": "Partial list (lower bound)",
    "named_cases": "Named cases",
    "trend_notes": "Trend notes",
    "named_cases_with_figure": "Named cases printing this count",
    "named_cases_value_sum": "Sum of printed values",
    "named_cases_lower_bound_sum": "Sum of lower bounds",
    "named_cases_upper_bound_sum": "Sum of upper bounds",
    "crime_types": "Crime types",
    "printed_counts": "Counts as printed",
    "cases": "Named cases",
    "share_of_region_cases": "Share of the region's named cases",
    "origin_region": "Origin region",
    "destination_region": "Destination region",
    "relation": "Relation",
    "edition": "Edition",
    "alternatives": "Other printed values",
    "list_status": "Participant list",
    "listed": "Listed",
    "joined": "Joined",
    "left": "Left",
    "joined_iso3": "Joined (ISO3)",
    "left_iso3": "Left (ISO3)",
    "compared_with": "Compared with",
    "editions_with_list": "Editions with a list",
    "editions_present": "Editions taking part",
    "mean_coverage_share": "Mean share of the region listed",
    "countries_ever": "Countries and territories ever listed",
    "value_reading": "Reading of the value",
    "listing": "What its list says",
    "hosted_unit": "Hosted a coordination unit",
    "partner_roles": "Partner roles",
    "named_cases_here": "Named cases located here",
    "other_cases_naming_it": "Other cases naming it",
    "edition_date": "Date on the time axis",
    "roles": "Named as",
    "places_as_printed": "As printed",
    "location": "Case located in",
    "is_located_here": "Also located here",
    "regional_page": "Regional page",
    "scheme_operation_id": "Operation of the scheme",
    "sovereign_name": "Sovereign",
    "listed_population": "Population of those listed",
    "region_population": "Population of the region",
    "population_share": "Share of the region's population listed",
    "members_without_population": "Members without a population figure",
    "listed_without_population": "Listed members without a figure",
}

#: What a missing value means in columns where it does not mean 'not printed by the source'.
NA_TEXT = {
    "lower_bound": "none",
    "upper_bound": "none",
    "named_cases_lower_bound_sum": "none",
    "named_cases_upper_bound_sum": "none",
    "sovereign_iso3": "",
    "acronym": "",
    "iso3": "",
    "location_iso3": "",
    "location_area_m49": "",
    "focus_region": "none (global)",
    "joined": "",
    "left": "",
    "joined_iso3": "",
    "left_iso3": "",
    "compared_with": "not compared",
    "region_population": "no figure",
    "population_share": "no figure",
    "regional_page": "",
    "partner_roles": "",
    "roles": "",
    "position": "",
    "members_without_population": "",
    "listed_without_population": "",
    "scheme_operation_id": "",
}

#: Controlled-vocabulary columns: slugs read as words ('more-than' -> 'more than').
VOCABULARY_COLUMNS = {"qualifier", "relation", "role", "results_status", "participant_list", "list_status",
                      "source_kind", "case_kind", "count_type", "level", "listing", "roles", "partner_roles"}
#: Columns holding several vocabulary slugs joined by ', ' ('origin, victim-nationality').
SLUG_LIST_COLUMNS = {"roles", "partner_roles"}
#: Values that read better spelled out than with their hyphens replaced (the vocabularies whose
#: words the data package gives are in :data:`DESCRIPTOR_VOCABULARIES`).
VALUE_LABELS = {
    "case_kind": {"trend-note": "trend note"},
    "count_type": {"sub-cases": "sub-cases"},
}
#: Columns holding a vocabulary whose words are in the data package (``labels`` of the field
#: in ``datapackage.json``, see :mod:`analysis.package.vocabulary`): column -> (resource, field).
DESCRIPTOR_VOCABULARIES = {"participant_list": vocabulary.LIST_STATUS, "list_status": vocabulary.LIST_STATUS,
                           "results_status": vocabulary.RESULTS_STATUS}
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
#: Columns that hold a count or share of a participant list: 'at least' on partial-list rows.
LOWER_BOUND_FLAG = "is_lower_bound"
AT_LEAST_COLUMNS = {"participants", "coverage_share", "listed", "listed_population", "population_share"}
NOTES_COLUMN = "notes"


def is_missing(value) -> bool:
    """True for None, NaN, NaT and pd.NA (never raises on lists or strings)."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# ---------------------------------------------------------------------------------------------
# Numbers, dates, links


def number(value) -> str:
    """'3,222' for 3222 or 3222.0; '1,234.5' for 1234.5 (at most two decimals); en dash if missing."""
    if is_missing(value):
        return EN_DASH
    if isinstance(value, bool):
        raise TypeError("number() got a boolean; use yes_no()")
    x = float(value)
    if x.is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def percent(share) -> str:
    """A share (0-1) as a percentage with one decimal, without a trailing '.0': '66.7%', '50%'."""
    if is_missing(share):
        return EN_DASH
    text = f"{float(share) * 100:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return f"{text}%"


def yes_no(value) -> str:
    """'yes' / 'no'; en dash if missing."""
    if is_missing(value):
        return EN_DASH
    return "yes" if bool(value) else "no"


def date(value) -> str:
    """'6 November 2024'; en dash if missing."""
    if is_missing(value):
        return EN_DASH
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {stamp:%B %Y}"


def count(n: int, singular: str, plural: str | None = None) -> str:
    """'1 named case', '3,222 named cases'."""
    word = singular if n == 1 else (plural or singular + "s")
    return f"{number(n)} {word}"


def domain(url: str) -> str:
    """The site of a URL without 'www.' ('https://www.interpol.int/en/...' -> 'interpol.int');
    empty for anything that is not an http(s) URL."""
    try:
        parts = urlsplit(str(url).strip())
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.hostname
    return host[4:] if host.startswith("www.") else host


def link(url, text=None) -> HTML:
    """``<a href=url title=url>text</a>`` for an http(s) URL, the text defaulting to its domain.
    Anything else (a ``javascript:`` URL, plain text) comes back as escaped text, never a link."""
    if is_missing(url):
        return escape(EN_DASH)
    url = str(url).strip()
    site = domain(url)
    if not site:
        return escape(url if text is None else text)
    label = site if text is None else text
    return HTML('<a href="{0}" title="{0}">{1}</a>').format(url, label)


URL_IN_TEXT = re.compile(r"https?://[^\s<>\"']+")


def linkify(text) -> HTML:
    """Text with every http(s) URL in it made a link (showing the URL); everything escaped.
    Trailing punctuation and an unbalanced closing parenthesis stay outside the link."""
    text = str(text)
    out, last = [], 0
    for match in URL_IN_TEXT.finditer(text):
        url = match.group(0)
        while url and (url[-1] in ".,;:!?" or (url[-1] == ")" and url.count("(") < url.count(")"))):
            url = url[:-1]
        start, end = match.start(), match.start() + len(url)
        out.append(escape(text[last:start]))
        out.append(link(url, url) if domain(url) else escape(url))
        last = end
    out.append(escape(text[last:]))
    return HTML("".join(out))


def local_link(href: str, text) -> HTML:
    """A link to another page of the reports (a relative path from :func:`analysis.pages.href_to`)."""
    return HTML('<a href="{}">{}</a>').format(href, text)


# ---------------------------------------------------------------------------------------------
# Column labels and value formats


@lru_cache(maxsize=4)
def _dictionary_titles(datapackage_path: str) -> dict[str, str]:
    """Field name -> title from the data package (the first resource defining the name wins)."""
    package = json.loads(open(datapackage_path, encoding="utf-8").read())
    titles: dict[str, str] = {}
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:
            if field.get("title"):
                titles.setdefault(field["name"], field["title"])
    return titles



def and_list(items) -> str:
    """Items joined as a reader writes them: 'A', 'A and B', 'A, B and C' (repeats dropped;
    no items: the empty string)."""
    items = list(dict.fromkeys(items))
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]

def column_label(column) -> str:
    """Header for a column: :data:`LABELS`, else the data dictionary's title, else the name
    with underscores as spaces and a capital ('new_column' -> 'New column')."""
    name = str(column)
    if name in LABELS:
        return LABELS[name]
    titles = _dictionary_titles(str(paths.default_data_dir() / "datapackage.json"))
    if name in titles:
        return titles[name]
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


@lru_cache(maxsize=4)
def _reference_labels(data_dir: str) -> dict[str, dict[str, str]]:
    from analysis.checks import loaders as load

    crime = load.load_table("crime_types", data_dir=data_dir).set_index("crime_type")["label"]
    metric = load.load_table("metrics", data_dir=data_dir).set_index("metric_id")["label"]
    scheme = load.load_table("region_schemes", data_dir=data_dir).set_index("scheme_id")["label"]
    return {"crime_type": dict(crime), "metric_id": dict(metric), "scheme": dict(scheme)}


def value_label(column: str, value) -> str:
    """A vocabulary value as words: crime types, metrics and schemes by their labels in
    ``data/reference``; list and results statuses (and a country's listing) by their words in
    the data package's descriptor; other vocabularies with hyphens read as spaces."""
    text = str(value)
    if column in ("crime_type", "crime_types", "metric_id", "scheme"):
        kind = "crime_type" if column.startswith("crime") else column
        labels = _reference_labels(str(paths.default_data_dir()))[kind]
        if column == "crime_types":
            return ", ".join(labels.get(part.strip(), part.strip()) for part in text.split(","))
        return labels.get(text, text)
    if column in SLUG_LIST_COLUMNS:
        return ", ".join(part.strip().replace("-", " ") for part in text.split(","))
    if column in DESCRIPTOR_VOCABULARIES:
        words = vocabulary.labels(*DESCRIPTOR_VOCABULARIES[column], paths.default_data_dir())
        if "label" in words.get(text, {}):
            return str(words[text]["label"])
    if column == "listing":  # what a list status says of a country it does not name (country profiles)
        words = vocabulary.listing_words(paths.default_data_dir())
        if text in words:
            return words[text]
    if column in VALUE_LABELS and text in VALUE_LABELS[column]:
        return VALUE_LABELS[column][text]
    if SLUG.fullmatch(text):  # a vocabulary slug; free text in a column of the same name stays as it is
        return text.replace("-", " ")
    return text


def _kind(series: pd.Series, column: str) -> str:
    """How to format a column: 'bool', 'percent', 'number', 'date', 'link', 'vocabulary' or 'text'."""
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "date"
    if pd.api.types.is_numeric_dtype(dtype):
        return "percent" if "share" in column else "number"
    values = series.dropna()
    if len(values) and all(isinstance(v, bool) for v in values):
        return "bool"
    if column.endswith("_url") or column == "url":
        return "link"
    if (column in VOCABULARY_COLUMNS or column in ("crime_type", "crime_types", "metric_id", "scheme")
            or isinstance(dtype, pd.CategoricalDtype)):
        return "vocabulary"
    return "text"


def _cell(value, column: str, kind: str) -> tuple[str, HTML, bool]:
    """(plain text, HTML, True when shown as the default 'not printed' en dash)."""
    if is_missing(value):
        text = NA_TEXT.get(column, EN_DASH)
        return text, escape(text), column not in NA_TEXT
    if kind == "bool":
        text = yes_no(value)
    elif kind == "percent":
        text = percent(value)
    elif kind == "number":
        text = number(value)
    elif kind == "date":
        text = date(value)
    elif kind == "link":
        html_link = link(value)
        return domain(str(value)) or str(value), html_link, False
    elif kind == "vocabulary":
        text = value_label(column, value)
    else:
        text = str(value)
    return text, escape(text), False


# ---------------------------------------------------------------------------------------------
# Blocks


@dataclass(frozen=True)
class Block:
    """Something to display: HTML for the page (and JupyterLab), plain text for consoles and nbval."""

    html: str
    text: str

    def __post_init__(self):
        # Kept as a plain string: a page module may add raw HTML text to it.
        object.__setattr__(self, "html", str(self.html))

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def _id(name: str) -> str:
    ident = re.sub(r"[^a-z0-9-]+", "-", str(name).lower()).strip("-")
    if not ident:
        raise ValueError(f"table name {name!r} gives an empty HTML id")
    return ident


def table(frame: pd.DataFrame, name: str, *, caption: str | None = None, columns=None, hide=(),
          labels: dict[str, str] | None = None, empty: str = "None.",
          cell_links: dict[str, list] | None = None, footnotes: bool = True,
          note_column: str | None = None) -> Block:
    """A presented table (see the module docstring).

    ``name`` gives the fixed HTML id (``table-<name>``; unique on a page). ``columns`` selects
    and orders columns, ``hide`` drops some; a named index becomes the first column, a
    positional one is dropped. ``labels`` overrides headers for this table only. ``cell_links``
    maps a column to one relative href per row (or None) to link its cells to other pages.
    ``footnotes=False`` leaves the ``notes`` out (a compact table pointing to a fuller one);
    ``note_column`` is the column whose cells carry the footnote numbers (default: the first).
    An empty frame gives the sentence ``empty``.
    """
    ident = _id(name)
    data = frame.copy()
    if data.index.name is not None or isinstance(data.index, pd.MultiIndex):
        data = data.reset_index()
    else:
        data = data.reset_index(drop=True)
    if data.empty:
        caption_html = HTML('<p class="table-caption" id="table-{}-caption">{}</p>\n').format(ident, caption) \
            if caption else ""
        text = f"{caption}\n{empty}" if caption else empty
        return Block(HTML('<div class="table-block" id="table-{}">\n{}<p class="table-empty">{}</p>\n</div>')
                     .format(ident, caption_html, empty), text)
    notes = data[NOTES_COLUMN] if footnotes and NOTES_COLUMN in data.columns else None
    lower = data[LOWER_BOUND_FLAG].fillna(False).astype(bool) if LOWER_BOUND_FLAG in data.columns else None
    shown = list(columns) if columns is not None else list(data.columns)
    shown = [c for c in shown if c not in set(hide) | {NOTES_COLUMN, LOWER_BOUND_FLAG}]
    missing = [c for c in shown if c not in data.columns]
    if missing:
        raise KeyError(f"table {name!r} has no column(s) {missing}; it has {list(data.columns)}")
    header = {**{c: column_label(c) for c in shown}, **(labels or {})}

    notes_text: list[str] = []
    html_cells: dict[str, list[str]] = {c: [] for c in shown}
    text_cells: dict[str, list[str]] = {c: [] for c in shown}
    any_default_missing = False
    for column in shown:
        kind = _kind(data[column], str(column))
        hrefs = (cell_links or {}).get(column)
        for i, value in enumerate(data[column]):
            text, cell_html, default_missing = _cell(value, str(column), kind)
            any_default_missing |= default_missing
            if lower is not None and lower.iloc[i] and column in AT_LEAST_COLUMNS and not is_missing(value):
                text, cell_html = f"at least {text}", HTML("at least {}").format(cell_html)
            if hrefs is not None and hrefs[i] and not is_missing(value):
                cell_html = local_link(hrefs[i], text)
            html_cells[column].append(cell_html)
            text_cells[column].append(text)
    if notes is not None:
        first = note_column if note_column in shown else shown[0]
        for i, note in enumerate(notes):
            if is_missing(note) or not str(note).strip():
                continue
            note = str(note).strip()
            if note not in notes_text:
                notes_text.append(note)
            n = notes_text.index(note) + 1
            html_cells[first][i] = HTML('{0}<sup class="fn"><a href="#{1}-note-{2}">{2}</a></sup>').format(
                html_cells[first][i], ident, n)
            text_cells[first][i] = f"{text_cells[first][i]} [{n}]"

    display = pd.DataFrame({c: html_cells[c] for c in shown})
    display.columns = [header[c] for c in shown]
    from pandas.io.formats.style import Styler

    styler = Styler(display, cell_ids=False, uuid=ident)
    styler = styler.hide(axis="index").format_index(escape="html", axis=1)
    numeric = [i for i, c in enumerate(shown) if _kind(data[c], str(c)) in ("number", "percent")]
    styles = {display.columns[i]: [{"selector": "td", "props": "text-align: right"},
                                   {"selector": "th", "props": "text-align: right"}] for i in numeric}
    if styles:
        styler = styler.set_table_styles(styles, overwrite=False)
    # The caption sits above the scroll box (a <caption> would scroll away with a wide table on a
    # phone) and labels both the box and the table.
    parts = [HTML('<div class="table-block" id="table-{}">').format(ident)]
    if caption:
        parts.append(HTML('<p class="table-caption" id="table-{}-caption">{}</p>').format(ident, caption))
        label = HTML('aria-labelledby="table-{}-caption"').format(ident)
    else:
        label = HTML('aria-label="{}"').format(column_label(name))
    styler = styler.set_table_attributes(HTML('class="data-table" {}').format(label))
    parts += [HTML('<div class="table-scroll" role="region" tabindex="0" {}>').format(label),
              HTML(styler.to_html().strip()),  # the Styler's HTML: cells built here, headers escaped by pandas
              HTML("</div>")]
    text_frame = pd.DataFrame({header[c]: text_cells[c] for c in shown})
    text_parts = ([caption] if caption else []) + [text_frame.to_string(index=False)]
    if any_default_missing:
        parts.append(HTML('<p class="table-legend">{}</p>').format(MISSING_LEGEND))
        text_parts.append(MISSING_LEGEND)
    if notes_text:
        parts.append(HTML('<ol class="table-notes">'))
        for n, note in enumerate(notes_text, start=1):
            parts.append(HTML('<li id="{}-note-{}">{}</li>').format(ident, n, linkify(note)))
            text_parts.append(f"[{n}] {note}")
        parts.append(HTML("</ol>"))
    parts.append(HTML("</div>"))
    return Block(HTML("\n").join(parts), "\n".join(text_parts))


def heading(text, level: int = 2, subtitle=None) -> Block:
    """A heading built from data (escaped), with an optional subtitle line."""
    if level not in range(1, 7):
        raise ValueError(f"heading level must be 1 to 6, got {level}")
    out = HTML("<h{0}>{1}</h{0}>").format(level, text)
    if subtitle:
        out += HTML('\n<p class="subtitle">{}</p>').format(subtitle)
    return Block(out, f"{text}\n{subtitle}" if subtitle else str(text))


def paragraph(*parts, css_class: str | None = None) -> Block:
    """A paragraph of text and :class:`HTML` fragments (links), everything else escaped."""
    body = join(parts)
    attr = HTML(' class="{}"').format(css_class) if css_class else ""
    return Block(HTML("<p{}>{}</p>").format(attr, body), _plain(body))


def facts(items, *, title: str | None = None, css_class: str = "key-facts") -> Block:
    """A definition list of (label, value) pairs; values are text or :class:`HTML` fragments
    (several fragments may be given as a list). ``title`` heads the block."""
    rows, text = [], [title] if title else []
    for label, value in items:
        body = join(value) if isinstance(value, list | tuple) else escape(value)
        rows.append(HTML("<dt>{}</dt><dd>{}</dd>").format(label, body))
        text.append(f"{label}: {_plain(body)}")
    head = HTML('<p class="facts-title">{}</p>\n').format(title) if title else ""
    return Block(HTML('<section class="{}">\n{}<dl>\n{}\n</dl>\n</section>').format(css_class, head,
                                                                                   HTML("\n").join(rows)),
                 "\n".join(text))


def _plain(fragment: str) -> str:
    """Text of an HTML fragment built here (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


# ---------------------------------------------------------------------------------------------
# Figures

FIGURE_DPI = 150  # pixels per inch of the PNG
SHOWN_DPI = 100  # the page shows it at this scale: sharp on high-density screens


def png_bytes(fig) -> bytes:
    """PNG of a figure (or of the figure holding an Axes), cropped to what is drawn (as Jupyter's
    inline backend does, so long labels are not cut off), without a software stamp: the same
    figure with the same matplotlib and fonts gives the same bytes (as ``maps.save_png``)."""
    buffer = io.BytesIO()
    fig.figure.savefig(buffer, format="png", dpi=FIGURE_DPI, bbox_inches="tight", pad_inches=0.1,
                       metadata={"Software": None}, facecolor="white")
    return buffer.getvalue()


def _png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])


def figure_bundle(fig, *, caption: str, alt: str) -> tuple[dict, dict]:
    """The display bundle of a figure: ``image/png`` (base64) and ``text/plain`` = the caption;
    metadata with the alt text and the width to show it at."""
    if not caption or not alt:
        raise ValueError("a figure needs a caption and alt text")
    data = png_bytes(fig)
    width, height = _png_size(data)
    scale = SHOWN_DPI / FIGURE_DPI
    metadata = {"image/png": {"alt": alt, "width": math.ceil(width * scale), "height": math.ceil(height * scale)}}
    return {"image/png": base64.b64encode(data).decode("ascii"), "text/plain": caption}, metadata


def figure(fig, *, caption: str, alt: str) -> None:
    """Display a figure (or Axes) with its caption and alt text, then close it (so the inline
    backend does not show it a second time)."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    bundle, metadata = figure_bundle(fig, caption=caption, alt=alt)
    plt.close(fig.figure)
    display(bundle, raw=True, metadata=metadata)
