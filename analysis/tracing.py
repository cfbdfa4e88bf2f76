"""Trace printed values and names to the archived text of their source (``make trace``).

**Matching.** A printed form (a figure's ``value_as_printed``, a participant's
``name_as_printed``) is found in a text when, after both are normalised, it occurs in the
text with no letter or digit directly before or after it ('116' is not found in '1160',
'eight' not in 'eighteen'). Normalising ignores case, whitespace and typographic variants, and
nothing else:

- case: both are case-folded ('Nearly' = 'nearly');
- whitespace: every run of white space (spaces, line breaks, tabs, no-break and thin spaces)
  becomes one space, and the ends are stripped ('4 414' with a thin space = '4 414'; a line
  break inside 'nearly 24,000' is a space). Whitespace is not removed: '2 571' is not '2571';
- typographic variants: curly and angle quotes are straight quotes, the dashes and the minus
  sign are '-', the ellipsis character is '...', soft hyphens and zero-width characters are
  dropped.

Accents, digit separators, spelling and word order are *not* ignored: '1.194' is not '1,194'.

**Outcome of one item** (``TraceItem.status``):

- ``found``: it occurs in the text of one of the source's copies;
- ``not-found``: the source has a complete copy and it does not occur there;
- ``not-in-excerpt``: it does not occur in the copy, which holds only the opening of the page,
  so its absence from the page cannot be shown (not checked past the cut);
- ``no-copy``: the source has no archived copy.

An item that is not found (either way) is ``explained`` when its row's notes contain the
phrase ``EXPLAINED_MARKER`` ('not in the archived copy') followed by the reason.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from analysis.archive import ArchivedCopy

EXPLAINED_MARKER = "not in the archived copy"

_TYPOGRAPHIC = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2039\u203a", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    "\u2026": "...",
    **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),
}
_TRANSLATE = str.maketrans(_TYPOGRAPHIC)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Case-folded, whitespace runs to one space, typographic variants to plain forms."""
    text = text.translate(_TRANSLATE)
    text = _SPACE.sub(" ", text).strip()
    return text.casefold()


def occurs_in(printed: str, text: str) -> bool:
    """True when ``printed`` occurs in ``text`` by the matching rule above."""
    needle = normalise(printed)
    if not needle:
        raise ValueError("an empty printed form cannot be traced")
    hay = normalise(text)
    start = hay.find(needle)
    while start != -1:
        end = start + len(needle)
        before = hay[start - 1] if start else ""
        after = hay[end] if end < len(hay) else ""
        if not _is_word_char(before) and not _is_word_char(after):
            return True
        start = hay.find(needle, start + 1)
    return False


def _is_word_char(char: str) -> bool:
    return bool(char) and (char.isalnum() or unicodedata.category(char) == "Mn")


@dataclass(frozen=True)
class TraceItem:
    """One printed form to look for in one source."""

    kind: str  # figure, alternative, case count, case alternative, participant
    key: str  # the row it comes from, e.g. 'liberterra-ii-2024 / potential_victims'
    printed: str
    source_url: str
    notes: str = ""

    @property
    def is_explained(self) -> bool:
        return EXPLAINED_MARKER in self.notes.casefold()


@dataclass(frozen=True)
class TraceResult:
    item: TraceItem
    status: str  # found, not-found, not-in-excerpt, no-copy
    copy_names: tuple[str, ...] = ()


def trace_item(item: TraceItem, copies: list[ArchivedCopy]) -> TraceResult:
    names = tuple(c.path.name for c in copies)
    if not copies:
        return TraceResult(item, "no-copy")
    if any(occurs_in(item.printed, c.text) for c in copies):
        return TraceResult(item, "found", names)
    if any(c.is_complete for c in copies):
        return TraceResult(item, "not-found", names)
    return TraceResult(item, "not-in-excerpt", names)


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def items_from_data(data_dir: Path) -> list[TraceItem]:
    """Every figure, alternative, case count and participant name of the data package."""
    items: list[TraceItem] = []
    for row in _rows(data_dir / "figures.csv"):
        items.append(TraceItem("figure", f"{row['operation_id']} / {row['metric_id']}",
                               row["value_as_printed"], row["source_url"], row["notes"]))
    for row in _rows(data_dir / "figure_alternatives.csv"):
        items.append(TraceItem("alternative", f"{row['operation_id']} / {row['metric_id']} "
                               f"#{row['alternative_no']}", row["value_as_printed"],
                               row["source_url"], row["notes"]))
    case_source = {row["case_id"]: row["source_url"] for row in _rows(data_dir / "cases.csv")}
    for row in _rows(data_dir / "case_figures.csv"):
        items.append(TraceItem("case count", f"{row['case_id']} / {row['count_type']}",
                               row["value_as_printed"], case_source[row["case_id"]], row["notes"]))
    for row in _rows(data_dir / "case_figure_alternatives.csv"):
        items.append(TraceItem("case alternative", f"{row['case_id']} / {row['count_type']} "
                               f"#{row['alternative_no']}", row["value_as_printed"],
                               row["source_url"], row["notes"]))
    for row in _rows(data_dir / "participants.csv"):
        items.append(TraceItem("participant", f"{row['operation_id']} #{row['position']}",
                               row["name_as_printed"], row["source_url"], row["notes"]))
    return items


def trace_all(items: list[TraceItem], by_source: dict[str, list[ArchivedCopy]]) -> list[TraceResult]:
    return [trace_item(item, by_source.get(item.source_url, [])) for item in items]


def is_figure_like(item: TraceItem) -> bool:
    return item.kind != "participant"


def unexplained(results: list[TraceResult]) -> list[TraceResult]:
    """Failures of the check: a figure, alternative or case count whose source has a copy
    and that is neither found nor explained; any item absent from a complete copy."""
    out = []
    for res in results:
        if res.status == "found" or res.item.is_explained:
            continue
        if res.status == "not-found" or (res.status == "not-in-excerpt" and is_figure_like(res.item)):
            out.append(res)
    return out
