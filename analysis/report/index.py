"""``reports/index.html``: every published page, grouped, filterable, offline.

Three sections: the operations, newest first, each in a collapsible block with its overview
and its regional breakdowns by scheme; trends across editions; the country and territory
profiles (see :func:`countries_section`). A filter box (a few lines of inline JavaScript, no
CDN) narrows the ~410 links as one types and opens the blocks that match; without JavaScript
every link is still there. Only pages that exist are linked. All text from the data is
escaped. The page uses the report pages' stylesheet, plus :data:`INDEX_STYLE`.
"""

from __future__ import annotations

import csv
import html
from pathlib import Path

from analysis.package import paths
from analysis.report.build import read_sidecar
from analysis.report.grid import COUNTRIES_GROUP, Report

STYLE_FILE = Path(__file__).resolve().parents[1] / "templates" / "offline" / "static" / "report.css"

LIST_STATUS_WORDS = {
    "complete": "complete list",
    "partial": "partial list (counts are lower bounds)",
    "not-published": "no list published",
    "printed-not-transcribed": "list printed, not transcribed",
}
RESULTS_STATUS_WORDS = {
    "preliminary": "preliminary results",
    "initial-reporting": "initial reporting",
    "not-stated": "status not stated",
}

FILTER_SCRIPT = """
(function () {
  var box = document.getElementById('filter');
  var count = document.getElementById('filter-count');
  if (!box) { return; }
  box.hidden = false;
  box.addEventListener('input', function () {
    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    document.querySelectorAll('[data-entry]').forEach(function (item) {
      var text = item.textContent.toLowerCase() + ' ' + (item.getAttribute('data-entry') || '');
      var hit = words.every(function (w) { return text.indexOf(w) !== -1; });
      item.hidden = !hit;
      if (hit) { shown += 1; }
    });
    document.querySelectorAll('[data-group]').forEach(function (group) {
      var any = group.querySelector('[data-entry]:not([hidden])') !== null;
      group.hidden = !any;
      if (group.tagName !== 'DETAILS') { return; }
      if (words.length && any && !group.open) { group.open = true; group.dataset.openedByFilter = '1'; }
      if (!words.length && group.dataset.openedByFilter) { group.open = false; delete group.dataset.openedByFilter; }
    });
    count.textContent = words.length ? shown + ' page(s) match' : '';
  });
})();
"""

# Added to the report pages' stylesheet for the index only.
INDEX_STYLE = """
main.index-page { max-width: 64rem; }
.index-intro { max-width: 48rem; }
.filter-box { margin: 1.4rem 0 .6rem; }
.filter-box label { display: block; font-weight: 600; margin-bottom: .3rem; }
#filter { font: inherit; padding: .45rem .7rem; width: 100%; max-width: 30rem; border: 1px solid #8c959f;
  border-radius: 4px; }
#filter-count { color: var(--muted); margin-left: .6rem; }
details.operation, details.countries { border-top: 1px solid var(--rule); padding: .55rem 0; }
details.operation:last-of-type { border-bottom: 1px solid var(--rule); }
h2 + details.operation { border-top: 0; }
details > summary { cursor: pointer; font-weight: 650; }
details > summary .meta { display: block; font-weight: 400; color: var(--muted); font-size: .9rem;
  margin-left: 1.1rem; }
.pages { margin: .4rem 0 .6rem 1.1rem; }
.pages h3 { font-size: .95rem; margin: .9rem 0 .25rem; color: var(--muted); }
.pages ul, ul.page-list { margin: .2rem 0; padding-left: 1.2rem; max-width: none; }
.pages li, ul.page-list li { margin: .12rem 0; }
ul.columns { columns: 2 22rem; column-gap: 2rem; }
ul.columns li { break-inside: avoid; }
.index-footer { margin-top: 2.5rem; padding-top: .8rem; border-top: 1px solid var(--rule); color: var(--muted);
  font-size: .9rem; }
@media print { .filter-box { display: none; } details > .pages { display: block; } }
"""


def _operations(data_dir: Path) -> dict[str, dict[str, str]]:
    with open(data_dir / "operations.csv", encoding="utf-8-sig", newline="") as handle:
        return {row["operation_id"]: row for row in csv.DictReader(handle)}


def _style() -> str:
    return STYLE_FILE.read_text(encoding="utf-8") + INDEX_STYLE


def _link(report: Report, sidecar: dict) -> str:
    label = sidecar.get("summary") or report.title
    keywords = " ".join(str(v) for v in report.params.values())
    return (f'<li data-entry="{html.escape(keywords)}"><a href="{html.escape(report.slug)}.html">'
            f"{html.escape(label)}</a></li>")


def _country_names(data_dir: Path) -> dict[str, str]:
    with open(data_dir / "reference" / "countries.csv", encoding="utf-8-sig", newline="") as handle:
        return {row["iso3"]: row["name"] for row in csv.DictReader(handle)}


def _ascii(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def countries_section(members: list[tuple[Report, dict]], data_dir: Path) -> list[str]:
    """The "Countries" section: one entry per published country profile, sorted by name, each
    'Name (ISO3)' linking to the profile, then its one-line summary. The filter box matches the
    name (with or without accents), the ISO3 code and the summary."""
    if not members:
        return []
    names = _country_names(data_dir)
    out = ['<section data-group id="countries" aria-labelledby="countries-title">',
           f'<h2 id="countries-title">{html.escape(COUNTRIES_GROUP)} and territories</h2>',
           f'<p class="index-intro">{len(members)} profiles: what every operation says about each country or '
           "territory that appears in the data (listed, not listed where a list is complete, or no list), "
           "with its named cases and coordination roles.</p>",
           '<details class="countries" data-group><summary>All profiles, by name</summary>',
           '<ul class="page-list columns country-list">']
    for report, sidecar in members:
        iso3 = report.params["iso3"]
        name = names.get(iso3, iso3)
        label = f"{name} ({iso3})"
        summary = str(sidecar.get("summary") or "")
        if summary.startswith(label + ": "):
            summary = summary[len(label) + 2:]
        keywords = f"{iso3.lower()} {_ascii(name)} country profile"
        note = f': <span class="note">{html.escape(summary)}</span>' if summary else ""
        out.append(f'<li data-entry="{html.escape(keywords)}"><a href="{html.escape(report.slug)}.html">'
                   f"{html.escape(label)}</a>{note}</li>")
    out += ["</ul>", "</details>", "</section>"]
    return out


def index_html(reports: list[Report], reports_dir: Path, data_dir: Path | None = None,
               provenance: dict | None = None) -> str:
    """The index page for the published pages among ``reports`` (in grid order)."""
    data_dir = data_dir or paths.DATA_DIR
    operations = _operations(data_dir)
    published = [(r, s) for r in sorted(reports, key=lambda r: r.order)
                 if (s := read_sidecar(reports_dir, r.slug)) is not None]
    groups: dict[str, list[tuple[Report, dict]]] = {}
    for report, sidecar in published:
        groups.setdefault(report.group, []).append((report, sidecar))
    countries = groups.pop(COUNTRIES_GROUP, [])
    trends = [(r, s) for members in groups.values() for r, s in members if r.kind == "trends"]
    by_operation = {g: m for g, m in groups.items() if m[0][0].kind != "trends"}
    out = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Reports: INTERPOL-coordinated operations against human trafficking and migrant smuggling</title>",
        f"<style>{_style()}</style>", "</head>", "<body>", '<main class="report index-page">',
        "<h1>INTERPOL-coordinated operations against human trafficking and migrant smuggling</h1>",
        f'<p class="subtitle">{len(by_operation)} operations, {len(countries)} country and territory profiles, '
        f"{len(published)} pages in all</p>",
        '<p class="caveat index-intro"><strong>Read with care.</strong> Figures come from press releases and news '
        "reports, and INTERPOL calls its results preliminary. The named cases are examples chosen by the source, "
        "not regional totals. Every figure links to its source on its page.</p>",
        '<p class="index-intro">Each operation has an overview and a page for every region, under the UN M49 '
        "regions, sub-regions and intermediate regions, where it listed a participant or named a case. Each page "
        "leads with the region's key facts, has its tables as CSV files beside it, and ends with the commit and "
        "data version that built it and a line on how to cite it.</p>",
        '<div class="filter-box"><label for="filter">Filter the pages</label>'
        '<input id="filter" type="search" placeholder="e.g. Africa, Liberterra II, sub-region, Nigeria" hidden>'
        '<span id="filter-count" aria-live="polite"></span></div>',
        '<section aria-labelledby="operations-title"><h2 id="operations-title">Operations, newest first</h2>',
    ]
    for group, members in by_operation.items():
        out += _operation_block(group, members, operations)
    out.append("</section>")
    if trends:
        out += ['<section data-group aria-labelledby="trends-title">',
                '<h2 id="trends-title">Trends across editions</h2>', '<ul class="page-list">',
                *[_link(r, s) for r, s in trends], "</ul></section>"]
    out += countries_section(countries, data_dir)
    if provenance:
        commit = provenance.get("commit_short") or "no git commit"
        if provenance.get("tree_dirty"):
            commit += " (with uncommitted changes)"
        version, data = html.escape(str(provenance["version"])), html.escape(str(provenance["data_hash_short"]))
        out.append(f'<footer class="index-footer"><p>Index written by trafficking-operations {version}, commit '
                   f"{html.escape(commit)}, data package sha256:{data}. Each page states the commit and data "
                   "version that built it.</p></footer>")
    out += ["</main>", f"<script>{FILTER_SCRIPT}</script>", "</body>", "</html>", ""]
    return "\n".join(out)


def _operation_block(group: str, members: list[tuple[Report, dict]], operations: dict) -> list[str]:
    """A collapsible block: the operation's name and dates, coordinator, results and list
    status; inside, its overview and its regional pages by scheme."""
    op = operations.get(members[0][0].params.get("operation_id", ""))
    meta = ""
    if op is not None:
        status = RESULTS_STATUS_WORDS.get(op["results_status"], op["results_status"])
        listing = LIST_STATUS_WORDS.get(op["participant_list"], op["participant_list"])
        meta = (f'<span class="meta">{html.escape(op["coordinator"])}; {html.escape(status)}; '
                f"{html.escape(listing)}</span>")
    out = [f'<details class="operation" data-group><summary>{html.escape(group)}{meta}</summary>',
           '<div class="pages">', '<ul class="page-list">']
    subgroup = ""
    for report, sidecar in members:
        if report.subgroup and report.subgroup != subgroup:
            subgroup = report.subgroup
            out.append(f'</ul><h3>Regional breakdowns: {html.escape(subgroup)}</h3><ul class="page-list columns">')
        out.append(_link(report, sidecar))
    out += ["</ul>", "</div>", "</details>"]
    return out


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

