"""Table specifications: how each page presents each of its tables, written as data.

A page class (``RegionalPage``, ``OverviewPage``, ``TrendsPage``, ``CountryPage``) lists its
tables in a class attribute ``TABLES``: table name -> :class:`TableSpec`, and inherits
``table(name)`` from :class:`SpecifiedTables`, which looks the spec up and hands it to
:func:`analysis.pages.present.table` with the page's frame of that name.

A spec holds the arguments of :func:`~analysis.pages.present.table`: ``caption``, ``columns``,
``hide``, ``labels``, ``empty``, ``footnotes`` and ``note_column``. Each is a plain value, or a
function of ``(page, frame)`` for what depends on the page (a caption naming the region, the
columns a world page adds). Beside them:

- ``links``: column -> function of ``(page, frame)`` giving one relative href (or None) per row;
- ``prepare``: function of ``(page, frame)`` -> the frame to show (a column re-labelled, rows
  left out), when the page shows something other than the saved CSV;
- ``notes``: function of ``(page, frame)`` -> a :class:`~analysis.pages.present.Block` shown
  under the table, with or without rows (or None for none), e.g. the population source;
- ``build``: function of ``(page, frame)`` -> a Block, for a table presented otherwise (one
  table per scheme, a block of its own); the keys above are then not used;
- ``not_shown``: why a saved table is not shown as a table (``table(name)`` raises
  ``KeyError`` with it).

Adding a table to a page is one entry in its ``TABLES``, for instance::

    "wb_regions": TableSpec(caption="Participants by World Bank region", hide=("region_code",),
                            empty="No participant list to classify."),

and a caption that names the region is ``caption=lambda page, frame: f"... {page.view.region}"``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from analysis.pages import present
from analysis.pages.present import Block

#: A value, or a function of (page, frame) giving it.
Dynamic = Any


@dataclass(frozen=True)
class TableSpec:
    """How a page presents one table (see the module docstring)."""

    caption: Dynamic = None
    columns: Dynamic = None
    hide: Dynamic = ()
    labels: Dynamic = None
    empty: Dynamic = "None."
    footnotes: bool = True
    note_column: str | None = None
    links: dict[str, Callable] = field(default_factory=dict)
    prepare: Callable | None = None
    notes: Callable | None = None
    build: Callable | None = None
    not_shown: str | None = None


def _value(setting, page, frame):
    return setting(page, frame) if callable(setting) else setting


def render(spec: TableSpec, page, name: str, frame) -> Block:
    """The presented table ``name`` of ``page`` by ``spec``."""
    if spec.not_shown:
        raise KeyError(spec.not_shown)
    if spec.build is not None:
        return spec.build(page, frame)
    if spec.prepare is not None:
        frame = spec.prepare(page, frame)
    columns = _value(spec.columns, page, frame)
    shown = present.table(frame, name, caption=_value(spec.caption, page, frame),
                          columns=list(columns) if columns is not None else None,
                          hide=_value(spec.hide, page, frame), labels=_value(spec.labels, page, frame),
                          empty=_value(spec.empty, page, frame), footnotes=spec.footnotes,
                          note_column=spec.note_column,
                          cell_links={column: links(page, frame) for column, links in spec.links.items()} or None)
    note = spec.notes(page, frame) if spec.notes is not None else None
    if note is None:
        return shown
    return Block(shown.html + "\n" + note.html, shown.text + "\n" + note.text)


class SpecifiedTables:
    """``table(name)`` for a page class with ``TABLES`` and a ``frames()`` method (its tables by name)."""

    TABLES: dict[str, TableSpec] = {}

    def frames(self) -> dict:
        raise NotImplementedError

    def table(self, name: str) -> Block:
        """The presented table ``name`` (see the page's ``TABLES``)."""
        frames = self.frames()
        if name not in self.TABLES or name not in frames:
            raise KeyError(f"unknown table {name!r}; valid values: {list(frames)}")
        return render(self.TABLES[name], self, name, frames[name])
