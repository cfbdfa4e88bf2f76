"""``reports/index.html``: every published page, grouped, filterable, offline.

Operations are listed newest first, each in a collapsible section with its overview and its
regional breakdowns by scheme; trends across editions come first, then the country profiles
(one collapsible "Countries" section, see :func:`countries_section`). A filter box (a few lines
of inline JavaScript, no CDN) narrows the ~410 links as one types; without JavaScript every
link is still there. Only pages that exist are linked. All text from the data is escaped.
"""

from __future__ import annotations

import csv
import html
from pathlib import Path

from analysis import paths
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
      if (words.length && any && group.tagName === 'DETAILS') { group.open = true; }
    });
    count.textContent = words.length ? shown + ' page(s) match' : '';
  });
})();
"""

BASE_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:0 auto;
padding:1rem 1.25rem 3rem;line-height:1.5;color:#1f2328}
h1{font-size:1.6rem;line-height:1.25}h2{font-size:1.2rem;margin-top:2rem}
details{border-top:1px solid #d0d7de;padding:.4rem 0}summary{cursor:pointer;font-weight:600}
summary .meta{font-weight:400;color:#57606a}
ul{padding-left:1.2rem}li{margin:.15rem 0}h3{font-size:1rem;margin:.8rem 0 .2rem}
.note{color:#57606a}.caveat{background:#fff8e1;border-left:4px solid #d4a000;padding:.5rem 1rem}
#filter{font-size:1rem;padding:.4rem .6rem;width:100%;max-width:28rem;box-sizing:border-box}
a{color:#0550ae}
@media print{#filter,#filter-count{display:none}details{border:0}}
"""


def _operations(data_dir: Path) -> dict[str, dict[str, str]]:
    with open(data_dir / "operations.csv", encoding="utf-8-sig", newline="") as handle:
        return {row["operation_id"]: row for row in csv.DictReader(handle)}


def _style() -> str:
    return STYLE_FILE.read_text(encoding="utf-8") if STYLE_FILE.exists() else BASE_STYLE


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
    out = [f'<details data-group id="countries"><summary>{html.escape(COUNTRIES_GROUP)} and territories '
           f'<span class="meta">({len(members)} profiles: what every operation says about each country or '
           "territory in the data)</span></summary>", '<ul class="country-list">']
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
    out += ["</ul>", "</details>"]
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
    out = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Reports: INTERPOL-coordinated operations against human trafficking and migrant smuggling</title>",
        f"<style>{_style()}</style>", "</head>", '<body class="index">', "<main>",
        "<h1>INTERPOL-coordinated operations against human trafficking and migrant smuggling</h1>",
        '<p class="caveat"><strong>Read with care.</strong> Figures come from press releases and news reports; '
        "INTERPOL calls its results preliminary. The named cases are examples chosen by the source, not "
        "regional totals. Every figure links to its source on its page and in <code>data/</code>.</p>",
        f"<p>{len(published)} pages. Each page has its tables as CSV beside it.</p>",
        '<p><label for="filter" class="note">Filter the pages (operation, region, scheme, country):</label><br>'
        '<input id="filter" type="search" placeholder="e.g. Africa, Liberterra II, sub-region" hidden> '
        '<span id="filter-count" class="note" aria-live="polite"></span></p>',
    ]
    countries = groups.pop(COUNTRIES_GROUP, [])
    for position, (group, members) in enumerate(groups.items()):
        if position == 1 or (position == 0 and members[0][0].kind != "trends"):
            out += countries_section(countries, data_dir)  # after the trends, before the operations
            countries = []
        op_id = members[0][0].params.get("operation_id")
        op = operations.get(op_id) if op_id else None
        if op is None:  # trends and other groups that are not one operation
            out.append(f'<section data-group><h2>{html.escape(group)}</h2><ul>')
            out += [_link(report, sidecar) for report, sidecar in members]
            out.append("</ul></section>")
            continue
        status = RESULTS_STATUS_WORDS.get(op["results_status"], op["results_status"])
        listing = LIST_STATUS_WORDS.get(op["participant_list"], op["participant_list"])
        out.append(f'<details data-group><summary>{html.escape(group)} <span class="meta">'
                   f"({html.escape(op['coordinator'])}; {html.escape(status)}; {html.escape(listing)})"
                   "</span></summary>")
        subgroup = ""
        out.append("<ul>")
        for report, sidecar in members:
            if report.subgroup and report.subgroup != subgroup:
                subgroup = report.subgroup
                out.append(f"</ul><h3>Regional breakdowns: {html.escape(subgroup)}</h3><ul>")
            out.append(_link(report, sidecar))
        out.append("</ul></details>")
    out += countries_section(countries, data_dir)  # when no operation page is published
    if provenance:
        commit = provenance.get("commit_short") or "no git commit"
        if provenance.get("tree_dirty"):
            commit += " (with uncommitted changes)"
        version, data = html.escape(str(provenance["version"])), html.escape(str(provenance["data_hash_short"]))
        out.append(f'<footer class="note"><p>Index written by trafficking-operations {version}, commit '
                   f"{html.escape(commit)}, data package sha256:{data}. Each page states the commit and data "
                   "version that built it.</p></footer>")
    out += ["</main>", f"<script>{FILTER_SCRIPT}</script>", "</body>", "</html>", ""]
    return "\n".join(out)


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

