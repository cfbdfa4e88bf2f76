"""``reports/index.html``: every published page, grouped, filterable, offline.

Three sections: the operations, newest first, each in a collapsible block with its overview
and its regional breakdowns by scheme; trends across editions; the country and territory
profiles (see :func:`country_links`). A filter box (a few lines of JavaScript, no CDN)
narrows the ~750 links as one types and opens the blocks that match; without JavaScript every
link is still there. Only pages that exist are linked.

The page is the Jinja template ``analysis/templates/index/index.html.j2``; its stylesheet
(the report pages' ``report.css`` and ``index.css``) and its script (``filter.js``) are files
beside it, inlined at render time so the page works offline from file://. Every value from
the data is escaped on output (:class:`analysis.pages.markup.HTML`). The words of the list
and results statuses are the data package's (:mod:`analysis.package.vocabulary`). No pandas:
the index is written on builds that have nothing else to do.
"""

from __future__ import annotations

import csv
import unicodedata
from functools import cache
from pathlib import Path

from analysis.package import paths, vocabulary
from analysis.pages.markup import HTML
from analysis.report.build import read_sidecar
from analysis.report.grid import COUNTRIES_GROUP, Report

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
INDEX_DIR = TEMPLATES_DIR / "index"
TEMPLATE = "index.html.j2"
STYLE_FILE = TEMPLATES_DIR / "offline" / "static" / "report.css"
INDEX_STYLE_FILE = INDEX_DIR / "index.css"
SCRIPT_FILE = INDEX_DIR / "filter.js"


@cache
def _environment():
    """The Jinja environment of the index: every ``{{ value }}`` escaped (quotes spelled as on
    the report pages, :class:`~analysis.pages.markup.HTML`), block tags on lines of their own
    leaving no blank line, and a missing value an error rather than an empty string."""
    import jinja2  # only when an index is written

    return jinja2.Environment(loader=jinja2.FileSystemLoader(INDEX_DIR), autoescape=True, finalize=HTML.escape,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                              undefined=jinja2.StrictUndefined)


def _operations(data_dir: Path) -> dict[str, dict[str, str]]:
    with open(data_dir / "operations.csv", encoding="utf-8-sig", newline="") as handle:
        return {row["operation_id"]: row for row in csv.DictReader(handle)}


def _link(report: Report, sidecar: dict) -> dict[str, str]:
    """A link to a page: its label (the page's one-line summary), href and filter keywords."""
    return {"entry": " ".join(str(v) for v in report.params.values()), "href": f"{report.slug}.html",
            "label": sidecar.get("summary") or report.title, "note": ""}


def _country_names(data_dir: Path) -> dict[str, str]:
    with open(data_dir / "reference" / "countries.csv", encoding="utf-8-sig", newline="") as handle:
        return {row["iso3"]: row["name"] for row in csv.DictReader(handle)}


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def country_links(members: list[tuple[Report, dict]], data_dir: Path) -> list[dict[str, str]]:
    """The entries of the "Countries" section: one per published country profile, in grid
    order (by name), each 'Name (ISO3)' linking to the profile, then its one-line summary as a
    note. The filter box matches the name (with or without accents), the ISO3 code and the
    summary."""
    names = _country_names(data_dir) if members else {}
    out = []
    for report, sidecar in members:
        iso3 = report.params["iso3"]
        name = names.get(iso3, iso3)
        label = f"{name} ({iso3})"
        summary = str(sidecar.get("summary") or "")
        if summary.startswith(label + ": "):
            summary = summary[len(label) + 2:]
        out.append({"entry": f"{iso3.lower()} {_ascii(name)} country profile", "href": f"{report.slug}.html",
                    "label": label, "note": summary})
    return out


def _operation_block(group: str, members: list[tuple[Report, dict]], operations: dict, data_dir: Path) -> dict:
    """A collapsible block: the operation's name and dates, coordinator, results and list
    status; inside, its overview and its regional pages, one section per scheme."""
    op = operations.get(members[0][0].params.get("operation_id", ""))
    meta = None
    if op is not None:
        meta = {"coordinator": op["coordinator"],
                "status": vocabulary.word(*vocabulary.RESULTS_STATUS, op["results_status"], "summary", data_dir),
                "listing": vocabulary.list_status_words(op["participant_list"], "summary", data_dir)}
    sections = [{"subgroup": "", "links": []}]
    for report, sidecar in members:
        if report.subgroup and report.subgroup != sections[-1]["subgroup"]:
            sections.append({"subgroup": report.subgroup, "links": []})
        sections[-1]["links"].append(_link(report, sidecar))
    return {"group": group, "meta": meta, "sections": sections}


def index_html(reports: list[Report], reports_dir: Path, data_dir: Path | None = None,
               provenance: dict | None = None) -> str:
    """The index page for the published pages among ``reports`` (in grid order)."""
    data_dir = Path(data_dir or paths.default_data_dir())
    operations = _operations(data_dir)
    published = [(r, s) for r in sorted(reports, key=lambda r: r.order)
                 if (s := read_sidecar(reports_dir, r.slug)) is not None]
    groups: dict[str, list[tuple[Report, dict]]] = {}
    for report, sidecar in published:
        groups.setdefault(report.group, []).append((report, sidecar))
    countries = groups.pop(COUNTRIES_GROUP, [])
    trends = [(r, s) for members in groups.values() for r, s in members if r.kind == "trends"]
    by_operation = {g: m for g, m in groups.items() if m[0][0].kind != "trends"}
    footer = None
    if provenance:
        commit = provenance.get("commit_short") or "no git commit"
        if provenance.get("tree_dirty"):
            commit += " (with uncommitted changes)"
        footer = {"version": str(provenance["version"]), "commit": commit, "data": str(provenance["data_hash_short"])}
    return _environment().get_template(TEMPLATE).render(
        report_css=HTML(STYLE_FILE.read_text(encoding="utf-8")),
        index_css=HTML(INDEX_STYLE_FILE.read_text(encoding="utf-8")),
        filter_script=HTML(SCRIPT_FILE.read_text(encoding="utf-8")),
        published=len(published),
        operations=[_operation_block(g, m, operations, data_dir) for g, m in by_operation.items()],
        trends=[_link(r, s) for r, s in trends],
        countries=country_links(countries, data_dir),
        countries_group=COUNTRIES_GROUP,
        footer=footer)


def write_index(reports: list[Report], reports_dir: Path, data_dir: Path | None = None,
                provenance: dict | None = None) -> tuple[Path, bool]:
    """Write ``reports/index.html`` when its content changed; return the path and whether it
    was written."""
    target = reports_dir / "index.html"
    text = index_html(reports, reports_dir, data_dir, provenance)
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return target, False
    partial = target.with_suffix(".html.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)
    return target, True
