"""Display words of the controlled vocabularies, read from the data package's descriptor.

A controlled field lists its values in ``constraints.enum`` and their words in the custom key
``labels`` of the same field in ``datapackage.json``: enum value -> {kind of wording -> text,
or flag -> true/false}. The reader checks that every enum value has an entry and no other
value does (:func:`analysis.package.schema.read_package`, which also passes the key through as
``Field.labels``). The kinds used:

- ``label``: the value in a table cell or a sentence ('list printed, not transcribed');
- ``summary``: the value in the index page's line under an operation ('partial list (counts
  are lower bounds)');
- for ``operations.participant_list`` also: ``has_list`` (true when the status comes with
  participant rows), ``no_list`` (for a status without a list: why no participant is shown,
  as a clause), ``status_line`` (the same in a page's one-line summary), ``absent_listing`` and
  ``absent_listing_label`` (what the status says about a country its list does not name: the
  ``listing`` value of a country profile, and its words).

So a new value is a data change: its enum entry and its words. This module reads the
descriptor with ``json`` only (no pandas: the index page is written on a build that has
nothing else to do), again whenever the file changes, from the package being read.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from analysis.package import paths

DESCRIPTOR = "datapackage.json"
#: (resource, field) of the participant-list status.
LIST_STATUS = ("operations", "participant_list")
#: (resource, field) of the results status.
RESULTS_STATUS = ("operations", "results_status")


def _all_labels(path: Path) -> dict[tuple[str, str], dict[str, dict]]:
    """(resource, field) -> labels of every field that has them; re-read when the file changes
    (its size, modification time or inode)."""
    stat = path.stat()
    return _parsed(str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)


@lru_cache(maxsize=8)
def _parsed(path: str, size: int, mtime_ns: int, inode: int) -> dict[tuple[str, str], dict[str, dict]]:
    descriptor = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    return {(resource["name"], field["name"]): field["labels"] for resource in descriptor["resources"]
            for field in resource["schema"]["fields"] if "labels" in field}


def _data_dir(data_dir) -> Path:
    """A folder, an opened package (anything with ``data_dir``) or None (the default folder)."""
    if data_dir is None:
        return paths.default_data_dir()
    return Path(getattr(data_dir, "data_dir", data_dir))


def labels(resource: str, field: str, data_dir=None) -> dict[str, dict]:
    """Value -> its words, in the order of the field's enum (``KeyError`` when the field has no
    ``labels``)."""
    found = _all_labels(_data_dir(data_dir) / DESCRIPTOR)
    try:
        return found[(resource, field)]
    except KeyError:
        raise KeyError(f"{DESCRIPTOR} gives no 'labels' for the field {resource}.{field}; fields with "
                       f"labels: {sorted('.'.join(key) for key in found)}") from None


def word(resource: str, field: str, value, kind: str = "label", data_dir=None) -> str:
    """The ``kind`` wording of ``value``, or the value itself when the descriptor gives it none."""
    return str(labels(resource, field, data_dir).get(str(value), {}).get(kind, value))


def list_status_words(status, kind: str = "label", data_dir=None) -> str:
    """A participant-list status in words (the kinds are in the module docstring)."""
    return word(*LIST_STATUS, status, kind, data_dir)


def list_statuses(has_list: bool, data_dir=None) -> tuple[str, ...]:
    """The participant-list statuses that come with participant rows (``has_list=True``) or
    without them, in the descriptor's order."""
    return tuple(value for value, words in labels(*LIST_STATUS, data_dir).items()
                 if bool(words.get("has_list")) == has_list)


def absent_listing(data_dir=None) -> dict[str, str]:
    """List status -> the ``listing`` of a country its list does not name."""
    return {value: words["absent_listing"] for value, words in labels(*LIST_STATUS, data_dir).items()}


def listing_words(data_dir=None) -> dict[str, str]:
    """``listing`` value -> its words, for the values a list status gives a country it does not name."""
    return {words["absent_listing"]: words["absent_listing_label"]
            for words in labels(*LIST_STATUS, data_dir).values()}
