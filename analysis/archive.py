"""Read the stored copies of source pages (``../shared/sources/archive/``), for curation only.

Each archive file is a header of ``key: value`` lines (``url``, ``matches_source_url``,
``title``, ``retrieved_from``, ``partial``, sometimes ``note``), one empty line, then the text
as stored. The package never needs the archive: only the curation scripts
(``scripts/fingerprint_sources.py``, ``scripts/trace_sources.py``) and a test that skips when
it is absent read it.

**The text and its fingerprint.** The text of a copy is every byte after the first empty line
(the first ``\\n\\n`` of the file), to the end of the file, exactly as stored: no decoding and
re-encoding, no normalisation of line endings, spaces or Unicode, the final newline included.
``text_sha256`` is the SHA-256 of those bytes, in lower-case hex.

**How much of the page a copy holds** (``copy_extent``) follows the header's ``partial:``
line: ``no`` means ``complete``; ``yes``, ``probably yes`` and ``probably no`` all mean
``opening-excerpt``. 'probably no' says the copy is shorter than the tool's excerpt limit, so
it is *probably* the whole page, but that "cannot be confirmed": a copy that is not known to be
whole cannot show that something is absent from the page, so it counts as an excerpt.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

HEADER_KEYS = ("url", "matches_source_url", "title", "retrieved_from", "partial", "note")
NEW_SOURCE = "none (new)"


class ArchiveError(ValueError):
    """An archive file whose header cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class ArchivedCopy:
    """One stored copy of a web page: its header fields and its text (below the header)."""

    path: Path
    url: str
    matches_source_url: str
    title: str
    partial: str
    note: str
    text_bytes: bytes

    @property
    def text(self) -> str:
        return self.text_bytes.decode("utf-8")

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text_bytes).hexdigest()

    @property
    def copy_extent(self) -> str:
        return copy_extent(self.partial, self.path)

    @property
    def is_complete(self) -> bool:
        return self.copy_extent == "complete"


def copy_extent(partial: str, path: Path | str = "?") -> str:
    """``complete`` or ``opening-excerpt`` from a header's ``partial:`` value (rule above)."""
    word = partial.strip().lower()
    if word == "no" or word.startswith("no "):
        return "complete"
    for prefix in ("yes", "probably yes", "probably no"):
        if word == prefix or word.startswith(prefix + " "):
            return "opening-excerpt"
    raise ArchiveError(f"{path}: header 'partial:' is {partial!r}; expected 'yes', 'no', "
                       "'probably yes' or 'probably no', optionally followed by a reason")


def read_copy(path: Path) -> ArchivedCopy:
    """Parse one archive file; a missing header key or an unknown one is an error."""
    raw = Path(path).read_bytes()
    head, sep, text = raw.partition(b"\n\n")
    if not sep:
        raise ArchiveError(f"{path}: no empty line after the header")
    fields: dict[str, str] = {}
    for no, line in enumerate(head.decode("utf-8").split("\n"), start=1):
        key, colon, value = line.partition(":")
        if not colon or key not in HEADER_KEYS:
            raise ArchiveError(f"{path}, line {no}: expected a header line 'key: value' with key "
                               f"one of {', '.join(HEADER_KEYS)}; got {line[:60]!r}")
        fields[key] = value.strip()
    for key in HEADER_KEYS[:5]:
        if key not in fields:
            raise ArchiveError(f"{path}: header has no '{key}:' line")
    copy = ArchivedCopy(path=Path(path), url=fields["url"],
                        matches_source_url=fields["matches_source_url"], title=fields["title"],
                        partial=fields["partial"], note=fields.get("note", ""), text_bytes=text)
    copy.copy_extent  # noqa: B018 - fails early on an unreadable 'partial:' value
    return copy


def read_archive(folder: Path | str) -> list[ArchivedCopy]:
    """Every ``*.txt`` copy in the folder, in file-name order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ArchiveError(f"{folder}: no such archive folder")
    return [read_copy(p) for p in sorted(folder.glob("*.txt"))]


def is_secondary_version(copy: ArchivedCopy) -> bool:
    """A second stored version of a page (file name ``...-version-b.txt``)."""
    return "-version-" in copy.path.stem.split("__")[-1]


def copies_by_source(copies: list[ArchivedCopy]) -> dict[str, list[ArchivedCopy]]:
    """The copies of each source URL: the main copy first, second versions after it.

    A copy counts for a source when its ``matches_source_url`` is that URL, or, for a page
    not yet in sources.csv (``none (new)``), when its ``url`` is.
    """
    out: dict[str, list[ArchivedCopy]] = {}
    for copy in copies:
        key = copy.url if copy.matches_source_url == NEW_SOURCE else copy.matches_source_url
        out.setdefault(key, []).append(copy)
    for key in out:
        out[key].sort(key=lambda c: (is_secondary_version(c), c.path.name))
    return out
