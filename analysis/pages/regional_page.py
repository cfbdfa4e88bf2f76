"""The regional page as a reader sees it: the region first (title and key facts), the
operation-wide figures as a compact block linking to the overview, then the region's tables
and figures with captions and alt text. The tables themselves come from
:func:`analysis.views.regional.regional_view`; this module presents them, and reads a
few labels, names and links of its own (population year, country names, region pages).

In the notebook: ``page = RegionalPage(view)``, then one call per section
(``page.header()``, ``page.table("participants")``, ``page.participation_map()``...).
``page.table(name)`` presents a table by its specification in :data:`REGIONAL_TABLES` (caption,
columns, labels, empty text, links: see :mod:`analysis.pages.tables`); a new table of the
view is one more entry there.
"""

from __future__ import annotations

from analysis import pages
from analysis.package import vocabulary
from analysis.pages import present
from analysis.pages.groupings_page import regional_breakdown_block
from analysis.pages.markup import HTML
from analysis.pages.present import Block, link, local_link, number, percent
from analysis.pages.tables import SpecifiedTables, TableSpec


def _status(view) -> str:
    return str(view.operation["participant_list"])


def list_status_sentence(status: str) -> str:
    """Why no participant is shown, in words, for a list status with no rows (the ``no_list``
    words of the status in the data package's descriptor)."""
    words = vocabulary.labels(*vocabulary.LIST_STATUS).get(status, {})
    return words.get("no_list", f"no participant list is available (status: {status})")


def participation_fact(view) -> str:
    """'40 of 60 countries and territories in Africa listed as taking part (66.7%)', 'at least'
    for a partial list, or the list status when there is no list."""
    if not view.has_participant_list:
        return f"Not known: {list_status_sentence(_status(view))}."
    cov = view.coverage
    listed, total = int(cov["participants"].sum()), int(cov["countries_in_region"].sum())
    partial = _status(view) == "partial"
    prefix = "at least " if partial else ""
    if view.is_world:
        where = "worldwide"
    elif bool(view.scheme_info["is_derived_assumption"]):
        where = f"assigned to {view.region}"
    else:
        where = f"in {view.region}"
    if view.is_world:
        regions = int((cov["participants"] > 0).sum())
        text = (f"{prefix}{number(listed)} countries and territories listed as taking part, "
                f"in {present.count(regions, 'region')} of the {view.scheme_info['label']} scheme")
    else:
        text = (f"{prefix}{number(listed)} of {number(total)} countries and territories {where} listed "
                f"as taking part ({prefix}{percent(listed / total) if total else present.EN_DASH})")
    if partial:
        text += "; the published list is partial"
    return text[:1].upper() + text[1:] + "."


def population_fact(view) -> str | None:
    """'The listed countries and territories are home to 81.3% of Africa's population
    (1,229,443,879 of 1,512,196,879 people, World Bank 2024), against 66.7% of its countries and
    territories. 6 members have no population figure and count in neither: ATF, ESH, ...'
    ('at least' for a partial list); None without a list."""
    if not view.has_participant_list or view.coverage.empty:
        return None
    cov = view.coverage
    known = cov["region_population"].notna()
    listed, total = int(cov.loc[known, "listed_population"].sum()), int(cov.loc[known, "region_population"].sum())
    members, countries = int(cov["participants"].sum()), int(cov["countries_in_region"].sum())
    prefix = "at least " if _status(view) == "partial" else ""
    where = "the world's" if view.is_world else f"{view.region}'s"
    if not total:
        return f"No member of {view.region} has a population figure in the table used here."
    from analysis.checks import loaders as load

    year = int(load.load_population()["year"].iloc[0])
    text = (f"The listed countries and territories are home to {prefix}{percent(listed / total)} of {where} "
            f"population ({prefix}{number(listed)} of {number(total)} people, World Bank {year}), against "
            f"{prefix}{percent(members / countries)} of its countries and territories.")
    if view.is_world:
        text = text.replace(" of its countries", " of the world's countries")
    missing = sorted({code.strip() for codes in cov["members_without_population"].dropna() for code in
                      str(codes).split(",") if code.strip()})
    if missing:
        named = " (named in the coverage table)" if view.is_world else ": " + ", ".join(missing)
        text += (f" {present.count(len(missing), 'member')} {'has' if len(missing) == 1 else 'have'} no population "
                 f"figure and count in neither{named}.")
    return text


def named_cases_fact(view) -> str:
    """'6 named cases located here (examples the source chose to describe, not totals).'"""
    kinds = view.cases["case_kind"].astype(str)
    cases, notes = int((kinds == "case").sum()), int((kinds == "trend-note").sum())
    where = "in the whole operation" if view.is_world else "located in the region"
    text = f"{present.count(cases, 'named case')} {where}"
    if notes:
        text += f", and {present.count(notes, 'trend note')}"
    return text + " (examples the source chose to describe, not totals)."


def coordination_fact(view) -> str:
    """Units hosted in the region, and the unit assumed to serve it under an operation-specific
    hub scheme (this project's assumption, said so)."""
    coord = view.coordination
    hosted = coord[coord["relation"] == "unit hosted in the region"]
    parts = []
    if len(hosted):
        names = [_unit_name(row) for row in hosted.itertuples()]
        parts.append(f"{present.and_list(names)} (hosted in the region)" if not view.is_world
                     else f"units hosted in {present.and_list(names)}")
    elif not view.is_world:
        parts.append("no coordination unit hosted in the region")
    if bool(view.scheme_info["is_derived_assumption"]):
        if not view.is_world:
            parts.append("which countries this unit served is this project's assumption, not published by the "
                         "coordinator")
    elif not view.is_world:
        served = hub_assumption(view)
        if len(served) == 1:
            parts.append(f"this project's hub assumption (not published by the coordinator) assigns all "
                         f"{present.count(served[0][1], 'listed participant')} of the region to {served[0][0]}")
        elif served:
            items = [f"{n} to {name}" for name, n in served]
            parts.append("this project's hub assumption (not published by the coordinator) assigns the region's "
                         f"listed participants {present.and_list(items)}")
    text = "; ".join(parts) if parts else "none named by the sources"
    return text[:1].upper() + text[1:] + "."


def hub_assumption(view) -> list[tuple[str, int]]:
    """(hub region, participants of this region it serves) under the operation's derived hub
    schemes, largest first; empty when the operation has none."""
    from analysis.places import regions

    if view.participants.empty:
        return []
    schemes = regions.list_schemes(view.operation_id)
    out = []
    for scheme_id in schemes.loc[schemes["is_derived_assumption"].astype(bool), "scheme_id"]:
        served = regions.assign_regions(view.participants[["iso3"]], scheme_id)
        counts = served.groupby("region_name").size()
        out += [(str(name), int(n)) for name, n in counts.items()]
    return sorted(out, key=lambda item: (-item[1], item[0]))


def _unit_name(row) -> str:
    city = getattr(row, "city", None)
    name = str(row.name_as_printed)
    return f"{name} ({city})" if not present.is_missing(city) else name


def caveats(view) -> list[str]:
    """The caveats that matter for this region, most important first."""
    out = []
    status = _status(view)
    if status == "partial":
        out.append("The published participant list is partial: counts and shares of participants are lower "
                   "bounds, and a country missing from the list may have taken part.")
    elif not view.has_participant_list:
        out.append("Without a participant list, participation in the region is unknown, not zero.")
    if bool(view.scheme_info["is_derived_assumption"]):
        out.append("The regions of this scheme are this project's assumption about which coordination unit "
                   "served which country; INTERPOL did not publish it (rule under About this report).")
    if not view.is_world and (view.cases["case_kind"].astype(str) == "case").sum() == 0:
        out.append("No named case is located here. The source gives no regional totals, so this says nothing "
                   "about rescues or arrests in the region.")
    out.append("The operation's figures are not broken down by region; the named cases are examples, not totals.")
    return out


def title(view) -> str:
    """'Africa' or 'All regions' (for the world)."""
    return "All regions" if view.is_world else view.region


def where(view) -> str:
    """'Africa' or 'all regions', inside a sentence."""
    return "all regions" if view.is_world else view.region


def subtitle(view) -> str:
    op = view.operation
    return f"{op['operation_name']} ({op['dates_as_printed']}), {view.scheme_info['label']}"


def regions_with_pages(view) -> set[str]:
    """Regions of the view's scheme that have a page (:func:`analysis.views.region_pages.regions_with_pages`)."""
    from analysis.views.region_pages import regions_with_pages as rule

    return rule(view.operation_id, view.scheme)


#: Columns of the coverage table on the page (the CSV has them all, see regional.COVERAGE_COLUMNS).
COVERAGE_SHOWN = ["region_name", "participants", "countries_in_region", "coverage_share", "listed_population",
                  "region_population", "population_share", "members_without_population"]


def profile_links(iso3_codes) -> list[str | None]:
    """Relative links to the country profiles of ``iso3_codes`` (None where a code is missing).
    Every code in the data has a profile (see analysis.report.grid)."""
    return [None if present.is_missing(code) else pages.href_to(pages.country_slug(str(code)))
            for code in iso3_codes]


def population_note(partial: bool = False) -> Block:
    """The population source and vintage, and how the population share is computed."""
    from analysis.views import metrics

    bound = (" The list is partial, so the listed population and both shares are lower bounds ('at least')."
             if partial else "")
    return present.paragraph(
        "Share by population = population of the listed countries and territories ÷ population of all the "
        "region's members that have a figure; members without a figure (named in the last column) count in "
        f"neither, never as zero.{bound} {metrics.population_source_note()}", css_class="table-legend")


# ---------------------------------------------------------------------------------------------
# The tables of the page (see analysis.pages.tables for the form of a spec)


def _region_column(page) -> list[str]:
    """The region column, hidden on a region's page (every row is the region) and shown on the world's."""
    return [] if page.view.is_world else ["region_name"]


def _no_list_text(page) -> str:
    return f"No participant list: {list_status_sentence(_status(page.view))}."


def _coverage_links(page, frame) -> list[str | None]:
    """On the world page, each region links to its page (where it has one)."""
    view = page.view
    with_pages = regions_with_pages(view) if view.is_world else set()
    return [pages.href_to(pages.regional_slug(view.operation_id, view.scheme, r)) if r in with_pages else None
            for r in frame["region_name"]]


def _coverage_caption(page, frame) -> str:
    view = page.view
    where = f"by region ({view.scheme_info['label']})" if view.is_world else view.region
    return (f"Share of {where} listed as taking part: by count of countries and territories, and by "
            "population")


def _case_columns(page, frame) -> list[str]:
    columns = ["position", "case_kind", "location_as_printed", "crime_types", "printed_counts", "summary"]
    if page.view.is_world:
        columns.insert(3, "region_name")
    if (frame["case_kind"].astype(str) == "case").all():
        columns.remove("case_kind")
    return columns


def _case_figures_caption(page, frame) -> str:
    if page.view.is_world:
        return "Counts printed for the named cases, summed by region (named cases only, not totals)"
    n = int(frame["named_cases"].max()) if len(frame) else 0
    return (f"Counts printed for the {present.count(n, 'named case')} of the region, summed "
            "(named cases only, not regional totals)")


REGIONAL_TABLES = {
    "headline": TableSpec(caption="Headline figures of the whole operation"),
    "coverage": TableSpec(
        columns=COVERAGE_SHOWN, caption=_coverage_caption, links={"region_name": _coverage_links},
        empty=lambda page, frame: _no_list_text(page),
        notes=lambda page, frame: None if frame.empty else population_note(partial=_status(page.view) == "partial")),
    "participants": TableSpec(
        hide=lambda page, frame: _region_column(page),
        caption=lambda page, frame: ("Countries and territories listed as taking part, in the printed order (each "
                                     "name links to its country profile)") if page.view.has_participant_list else None,
        links={"name": lambda page, frame: profile_links(frame["iso3"])},
        empty=lambda page, frame: ("No country or territory of the region is on the published list."
                                   if page.view.has_participant_list else _no_list_text(page))),
    **{name: TableSpec(build=lambda page, frame, name=name: regional_breakdown_block(page.view, name,
                                                                                  _no_list_text(page)))
       for name in ("income_groups", "wb_regions")},
    "coordination": TableSpec(
        hide=lambda page, frame: _region_column(page),
        labels={"name_as_printed": "Host as printed", "iso3": "Host (ISO3)", "region_name": "Region served"},
        links={"name_as_printed": lambda page, frame: profile_links(frame["iso3"])},
        caption="Operational coordination units",
        empty="No coordination unit is hosted in the region or assumed to serve it."),
    "cases": TableSpec(
        columns=_case_columns, labels={"position": "No. in the source"},
        links={"location_as_printed": lambda page, frame: profile_links(frame["location_iso3"])},
        caption="Named cases, in the source's order", empty="The source names no case located in this region."),
    "case_figures": TableSpec(
        hide=lambda page, frame: ["region_code", "named_cases", *_region_column(page)],
        caption=_case_figures_caption, empty="No named case here prints a count."),
    "crime_mix": TableSpec(
        hide=lambda page, frame: _region_column(page),
        caption="Crime types among the named cases (a case can have several)",
        empty="No named case is located in this region."),
    "flows": TableSpec(caption="Named cases by origin and destination region",
                       empty="No named case here gives both an origin and a destination."),
    "sources": TableSpec(columns=["title", "producer", "date_published", "source_kind", "source_url"],
                         caption="Documents the figures and cases on this page come from"),
}


class RegionalPage(SpecifiedTables):
    """Presentation of one :class:`analysis.regional.RegionalView`; its tables are presented by
    :data:`REGIONAL_TABLES` (``page.table(name)``)."""

    TABLES = REGIONAL_TABLES

    def __init__(self, view):
        self.view = view
        self.op = view.operation

    # -- the region first ----------------------------------------------------------------------
    def header(self) -> Block:
        """Title (the region), subtitle (operation, dates, scheme) and the key-facts block."""
        view = self.view
        head = present.heading(title(view), 1, subtitle(view))
        items = [("Participation", participation_fact(view))]
        population = population_fact(view)
        if population:
            items.append(("Population", population))
        from analysis.pages.groupings_page import dated_scheme_text

        dated = dated_scheme_text(view.operation_id, view.scheme)
        if dated:  # the day (and vintage) every membership figure on this page uses
            items.insert(0, ("Membership", dated))
        items += [("Named cases", named_cases_fact(view)),
                 ("Coordination", coordination_fact(view))]
        if not present.is_missing(self.op["focus_region"]):
            items.append(("Focus region", f"{self.op['focus_region']} (as the source puts it)."))
        items.append(("Read with care", caveats(view)[0]))
        facts = present.facts(items, title="Key facts")
        return Block(head.html + "\n" + facts.html, head.text + "\n" + facts.text)

    def operation_figures(self) -> Block:
        """The operation-wide headline figures, compact, with a link to the overview page."""
        headline = self.view.headline
        compact = present.table(headline, "operation-figures", columns=["metric", "value_as_printed", "source_url"],
                                labels={"value_as_printed": "As printed"}, footnotes=False,
                                empty="The sources consulted print no headline figures for this operation.")
        overview = local_link(pages.href_to(pages.overview_slug(self.view.operation_id)),
                              f"overview of {self.op['operation_name']}")
        status = present.value_label("results_status", self.op["results_status"])
        more = present.paragraph(f"Results status: {status}. Qualifiers, bounds, notes and other values printed "
                                 "for these figures are on the ", overview, ".", css_class="more")
        return Block(compact.html + "\n" + more.html, compact.text + "\n" + more.text)

    # -- tables: see TABLES below -----------------------------------------------------------------
    def frames(self) -> dict:
        return self.view.tables

    # -- figures -----------------------------------------------------------------------------------
    def participation_map(self) -> Block | None:
        """Map of the participants, coordination units and named-case locations (none when there is
        nothing to map: the sentence says so)."""
        from analysis.pages import plots

        view = self.view
        located = view.cases["location_iso3"].dropna() if "location_iso3" in view.cases else []
        if view.participants.empty and len(located) == 0:
            return present.paragraph("No map: no listed participant or country-level case location in this "
                                     "region.", css_class="no-figure")
        units = view.coordination[view.coordination["relation"] == "unit hosted in the region"]
        ax = plots.participation_map(view.participants, cases=view.cases, units=units)
        present.figure(ax, caption=self.map_caption(), alt=self.map_alt())
        return None

    def map_caption(self) -> str:
        view = self.view
        place = "the world" if view.is_world else view.region
        if not view.has_participant_list:
            shown = "coordination units hosted and countries where named cases took place (no participant list)"
        else:
            partial = " (partial list)" if _status(view) == "partial" else ""
            shown = (f"countries and territories listed as taking part{partial}, coordination units hosted, and "
                     "countries where named cases took place")
        return f"Figure: {self.op['operation_name']} in {place}: {shown}."

    def map_alt(self) -> str:
        """What the map shows, with its numbers."""
        view = self.view
        parts = ["World map." if view.is_world else f"Map of {view.region}."]
        if view.has_participant_list:
            parts.append(participation_fact(view))
        else:
            parts.append("No participant list.")
        units = view.coordination[view.coordination["relation"] == "unit hosted in the region"]
        if len(units):
            parts.append(f"Coordination units in {present.and_list([str(n) for n in units['name_as_printed']])}.")
        names = _country_names(view.cases["location_iso3"].dropna().astype(str).unique())
        if names:
            parts.append(f"Named cases in {present.and_list(names)}.")
        return " ".join(parts)

    def crime_type_chart(self) -> None:
        """Bar chart of named cases by crime type (nothing when there is no named case)."""
        from analysis.pages import plots

        mix = self.view.crime_mix
        if mix.empty:
            return None
        ax = plots.crime_type_bars(mix.assign(crime_type=[present.value_label("crime_type", c)
                                                         for c in mix["crime_type"]]))
        present.figure(ax, caption=f"Figure: named cases by crime type, {where(self.view)} "
                                   "(a case can have several types).", alt=self.crime_alt())
        return None

    def crime_alt(self) -> str:
        mix = self.view.crime_mix
        totals = mix.groupby("crime_type", observed=True)["cases"].sum().sort_values(ascending=False, kind="stable")
        items = [f"{present.value_label('crime_type', k)} {int(v)}" for k, v in totals.items()]
        return f"Bar chart of named cases by crime type in {where(self.view)}: " + "; ".join(items) + "."

    def flow_chart(self) -> None:
        """Heatmap of named cases by origin and destination region (nothing when there is none)."""
        from analysis.pages import plots

        flows = self.view.flows
        if flows.empty:
            return None
        ax = plots.flow_heatmap(flows)
        present.figure(ax, caption=f"Figure: named cases linking an origin region to a destination region, "
                                   f"{where(self.view)}.", alt=self.flow_alt())
        return None

    def flow_alt(self) -> str:
        items = [f"{row.origin_region} to {row.destination_region}: {int(row.cases)}"
                 for row in self.view.flows.itertuples()]
        return "Heatmap of named cases by origin region (rows) and destination region (columns): " + \
            "; ".join(items) + "."

    # -- about ---------------------------------------------------------------------------------------
    def scheme_note(self) -> Block:
        """The region scheme's source and version, and its rule when it is an assumption."""
        sch = self.view.scheme_info
        parts: list = [f"Region scheme: {sch['label']}. Published by {sch['source']} (", link(sch["source_url"]),
                       f"); version: {sch['version']}."]
        if sch["dating"] == "dated":
            parts.append(f" Rule: {sch['rule']}")
        out = present.paragraph(*parts)
        if bool(sch["is_derived_assumption"]):
            rule = present.paragraph(HTML("<strong>This scheme is an assumption of this project.</strong> "),
                                     f"Rule: {sch['rule']}", css_class="caveat")
            return Block(out.html + "\n" + rule.html, out.text + "\n" + rule.text)
        return out


def _country_names(iso3_codes) -> list[str]:
    from analysis.checks import loaders as load

    names = load.load_table("countries").set_index("iso3")["name"]
    return sorted(str(names.get(code, code)) for code in iso3_codes)


