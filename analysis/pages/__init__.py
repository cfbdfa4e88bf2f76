"""Where report pages live, and what a notebook hands to the page it becomes.

The report builder runs each notebook template in a kernel and turns it into
``reports/<slug>.html``. This module is the small contract between the two:

- **Page addresses.** :func:`overview_slug`, :func:`regional_slug` and :func:`trends_slug`
  give the path of each kind of page under ``reports/`` (without ``.html``), and
  :func:`href_to` the relative link from the page being built to another page. Outside a build
  (a notebook opened in JupyterLab) links are relative to ``notebooks/``, so they point into
  ``reports/`` and work once the reports are built.
- **Page context.** Before running a notebook, the builder calls :func:`begin_page` in the
  kernel with the page's slug and a folder for its outputs; :func:`end_page` clears it. Nothing
  here runs in the builder's own process.
- **Outputs.** :func:`save_outputs` writes the tables a notebook shows as CSV (machine column
  names, raw values) and a one-line summary for the index, into the folder the builder gave.
  In JupyterLab (no page context) it does nothing, so notebooks can call it unconditionally.
"""

from __future__ import annotations

import json
import posixpath
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported by the notebooks anyway; the builder does not need it
    import pandas as pd

SUMMARY_FILE = "summary.json"
_context: dict[str, object] = {"slug": None, "output_dir": None}


def slugify(text: str) -> str:
    """Lower-case ASCII slug for file names ('Latin America and the Caribbean' ->
    'latin-america-and-the-caribbean', "Côte d'Ivoire" -> 'cote-d-ivoire')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def overview_slug(operation_id: str) -> str:
    """Page of one operation at a glance: ``<operation_id>/overview``."""
    return f"{operation_id}/overview"


def regional_slug(operation_id: str, scheme: str, region: str) -> str:
    """Page of one region under one scheme: ``<operation_id>/<scheme>/<slugified region>``."""
    return f"{operation_id}/{scheme}/{slugify(region)}"


def trends_slug(family_id: str) -> str:
    """Page comparing the editions of a family (or ``all``): ``trends/<family_id>``."""
    return f"trends/{family_id}"


def country_slug(iso3: str) -> str:
    """Profile of one country or territory: ``countries/<iso3 in lower case>``."""
    return f"countries/{iso3.lower()}"


INDEX_SLUG = "index"


def begin_page(slug: str, output_dir: str | Path) -> None:
    """Called by the builder in the kernel before a notebook runs: the page being built and
    the folder where :func:`save_outputs` writes."""
    _context["slug"] = slug
    _context["output_dir"] = Path(output_dir)


def end_page() -> None:
    """Called by the builder in the kernel after a notebook ran: back to no page context."""
    _context["slug"] = None
    _context["output_dir"] = None


def current_slug() -> str | None:
    """Slug of the page being built, or ``None`` outside a build."""
    return _context["slug"]  # type: ignore[return-value]


def href_to(slug: str) -> str:
    """Relative link from the page being built to the page ``slug`` (``.html`` added).

    Outside a build the link is relative to ``notebooks/`` and points into ``reports/``.
    """
    here = current_slug()
    if here is None:
        return f"../reports/{slug}.html"
    return posixpath.relpath(f"{slug}.html", posixpath.dirname(here) or ".")


def save_outputs(tables: dict[str, pd.DataFrame], summary: str) -> None:
    """Write ``tables`` as CSV (``<name>.csv``; a named index is kept as a column, a positional
    one dropped) and ``summary`` (one line for the index) into the builder's output folder.

    Does nothing outside a build. Table names must be simple file names.
    """
    output_dir = _context["output_dir"]
    if output_dir is None:
        return
    import pandas as pd

    output_dir = Path(output_dir)  # type: ignore[arg-type]
    output_dir.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        if not re.fullmatch(r"[a-z0-9_]+", name):
            raise ValueError(f"table name {name!r} must be lower-case letters, digits and underscores")
        named_index = frame.index.name is not None or isinstance(frame.index, pd.MultiIndex)
        frame.to_csv(output_dir / f"{name}.csv", index=named_index, lineterminator="\n")
    (output_dir / SUMMARY_FILE).write_text(
        json.dumps({"summary": summary, "tables": list(tables)}, ensure_ascii=False) + "\n", encoding="utf-8")
