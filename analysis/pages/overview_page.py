"""The overview page of one operation as a reader sees it: the operation's key facts first
(dates, coordinator, announcement, participant list, results status, main source), then its
presented tables and figures. The tables come from :func:`analysis.overview.overview_tables`.

In the notebook: ``page = OverviewPage(operation_id)``, then ``page.header()``,
``page.table("headline")``, ``page.participation()``, ``page.participation_map()``...
``page.table(name)`` presents a table by its specification in :data:`OVERVIEW_TABLES` (see
:mod:`analysis.pages.tables`).
"""

from __future__ import annotations

from analysis import pages
from analysis.checks import loaders as load
from analysis.pages import present
from analysis.pages.groupings_page import dated_scheme_text, income_block, organisations_block
from analysis.pages.present import Block, link, local_link
from analysis.pages.regional_page import list_status_sentence, population_note, profile_links
from analysis.pages.tables import SpecifiedTables, TableSpec
from analysis.places import regions
from analysis.views.overview import overview_tables

CHART_SCHEME = "m49-sub-region"  # the coverage chart's scheme
CASES_SCHEME = "m49-region"  # the scheme of the named-cases-by-region table (see overview.cases_by_region)


def announced_text(op) -> str:
    """'6 November 2024, Glasgow, United Kingdom'; the date or the place alone when only one is
    known; 'not stated' only when neither is."""
    when = None if present.is_missing(op["announced_date"]) else present.date(op["announced_date"])
    where = None if present.is_missing(op["announced_place"]) else str(op["announced_place"])
    if when and where:
        return f"{when}, {where}"
    if when:
        return f"{when} (place not stated)"
    if where:
        return f"in {where} (date not stated)"
    return "not stated"


def participant_list_text(op, participants_listed: int) -> str:
    status = str(op["participant_list"])
    if status == "complete":
        return f"complete: {present.count(participants_listed, 'country and territory', 'countries and territories')}"
    if status == "partial":
        return (f"partial: {present.count(participants_listed, 'name')} printed, fewer than the count of "
                "participants the source gives (coverage from it is a lower bound)")
    return list_status_sentence(status)


def _income_block(page, frame) -> Block:
    vintage = frame["vintage"].dropna().iloc[0] if frame["vintage"].notna().any() else None
    return income_block(page.operation_id, frame, vintage)


OVERVIEW_TABLES = {
    "headline": TableSpec(caption="Headline figures as printed, with the bounds their qualifiers imply",
                          empty="The sources consulted print no headline figures.", note_column="value_as_printed"),
    "alternatives": TableSpec(hide=["alternative_no"], labels={"metric_id": "Figure"}, note_column="value_as_printed",
                              caption="Other values printed for the same figures",
                              empty="No source prints another value for these figures."),
    "participation": TableSpec(build=lambda page, frame: page.participation()),
    "income_groups": TableSpec(build=_income_block),
    "organisations": TableSpec(build=lambda page, frame: organisations_block(frame)),
    "coordination_units": TableSpec(
        columns=["name_as_printed", "iso3", "city", "source_url", "notes"],
        labels={"name_as_printed": "Host as printed"},
        links={"name_as_printed": lambda page, frame: profile_links(frame["iso3"])},
        caption="Operational coordination units", empty="The sources name no operational coordination unit."),
    "partners": TableSpec(hide=["operation_id", "partner_id"],
                          links={"iso3": lambda page, frame: profile_links(frame["iso3"])},
                          caption="Funders, supporting organisations and lead countries",
                          empty="The sources name no partner."),
    "cases_by_region": TableSpec(
        links={"region_name": lambda page, frame: page._region_links(CASES_SCHEME, frame["region_name"])},
        caption="Named cases and trend notes by UN M49 region (counts of cases, not of victims or arrests)",
        empty="The sources name no case."),
    "sources": TableSpec(columns=["title", "producer", "date_published", "source_kind", "source_url", "notes"],
                         caption="Documents the figures, lists and cases come from"),
}


class OverviewPage(SpecifiedTables):
    """Presentation of the overview tables of one operation (``page.table(name)`` by
    :data:`OVERVIEW_TABLES`)."""

    TABLES = OVERVIEW_TABLES

    def __init__(self, operation_id: str, tables: dict | None = None):
        self.operation_id = operation_id
        self.tables = tables if tables is not None else overview_tables(operation_id)
        self.op = load.load_operations(operation_id).iloc[0]
        self.participants = load.load_participants(operation_id)
        self.cases = load.load_cases(operation_id)

    def header(self) -> Block:
        op = self.op
        head = present.heading(op["operation_name"], 1, op["dates_as_printed"])
        named = int((self.cases["case_kind"].astype(str) == "case").sum())
        items = [
            ("Dates", op["dates_as_printed"]),
            ("Coordinator", op["coordinator"]),
            ("Announced", announced_text(op)),
            ("Participant list", participant_list_text(op, len(self.participants))),
            ("Focus region", op["focus_region"] if not present.is_missing(op["focus_region"]) else "none (global)"),
            ("Results status", present.value_label("results_status", op["results_status"])),
            ("Named cases", f"{present.count(named, 'named case')} (examples the source chose to describe, "
                            "not totals)"),
            ("Main source", [link(op["source_url"])]),
        ]
        items.append(("Other editions", [self.trends_link()]))
        if not present.is_missing(op["notes"]):
            items.append(("Note", op["notes"]))
        facts = present.facts(items, title="Key facts")
        return Block(head.html + "\n" + facts.html, head.text + "\n" + facts.text)

    def frames(self) -> dict:
        return self.tables

    def _region_links(self, scheme: str, region_names) -> list[str | None]:
        """Relative link to the regional page of each region that has one (the rule of
        :func:`analysis.views.region_pages.regions_with_pages`)."""
        from analysis.views.region_pages import regions_with_pages

        with_pages = regions_with_pages(self.operation_id, scheme, participants=self.participants, cases=self.cases)
        return [pages.href_to(pages.regional_slug(self.operation_id, scheme, str(r))) if r in with_pages else None
                for r in region_names]

    def participation(self) -> Block:
        """One table per region scheme: participants listed, countries in the region, share, and the
        same by population; region names link to their pages. A note gives the population source."""
        frame = self.tables["participation"]
        if frame.empty:
            status = list_status_sentence(str(self.op["participant_list"]))
            return present.paragraph(f"No participation by region: {status}.", css_class="table-empty")
        blocks = []
        for scheme in sorted(frame["scheme"].drop_duplicates(), key=regions.scheme_sort_key):
            part = frame[frame["scheme"] == scheme]
            label = present.value_label("scheme", scheme)
            dated = dated_scheme_text(self.operation_id, scheme)
            blocks.append(present.table(part, f"participation-{scheme}",
                                        hide=["scheme", "region_code", "listed_without_population"],
                                        caption=f"{label}. {dated}" if dated else label,
                                        cell_links={"region_name": self._region_links(scheme, part["region_name"])}))
        blocks.append(population_note(partial=str(self.op["participant_list"]) == "partial"))
        return Block("\n".join(b.html for b in blocks), "\n\n".join(b.text for b in blocks))

    def coverage_chart(self) -> None:
        from analysis.pages import plots

        frame = self.tables["participation"]
        part = frame[frame["scheme"] == CHART_SCHEME] if not frame.empty else frame
        if part.empty:
            return None
        ax = plots.coverage_bars(part)
        present.figure(ax, caption="Figure: share of each UN M49 sub-region's countries and territories listed "
                                   f"as taking part in {self.op['operation_name']}.", alt=self.coverage_alt(part))
        return None

    def coverage_alt(self, part) -> str:
        partial = str(self.op["participant_list"]) == "partial"
        rows = part.sort_values(["coverage_share", "region_name"], ascending=[False, True], kind="stable")
        items = [f"{r.region_name} {'at least ' if partial else ''}{int(r.participants)} of "
                 f"{int(r.countries_in_region)} ({present.percent(r.coverage_share)})" for r in rows.itertuples()]
        return "Bar chart of the share of each UN M49 sub-region listed as taking part: " + "; ".join(items) + "."

    def participation_map(self) -> Block | None:
        from analysis.pages import plots

        if self.participants.empty:
            return present.paragraph("No map of participants: "
                                     f"{list_status_sentence(str(self.op['participant_list']))}.",
                                     css_class="no-figure")
        ax = plots.participation_map(self.participants, cases=self.cases, units=self.tables["coordination_units"])
        partial = " (partial list)" if str(self.op["participant_list"]) == "partial" else ""
        present.figure(ax, caption=f"Figure: countries and territories listed as taking part in "
                                   f"{self.op['operation_name']}{partial}, with coordination units and countries "
                                   "where named cases took place.", alt=self.map_alt())
        return None

    def map_alt(self) -> str:
        from analysis.pages.regional_page import _country_names

        n = len(self.participants)
        prefix = "at least " if str(self.op["participant_list"]) == "partial" else ""
        parts = [f"World map: {prefix}{present.count(n, 'country or territory', 'countries and territories')} "
                 "listed as taking part."]
        units = self.tables["coordination_units"]
        if len(units):
            parts.append(f"Coordination units in {present.and_list([str(x) for x in units['name_as_printed']])}.")
        located = _country_names(self.cases["location_iso3"].dropna().astype(str).unique())
        if located:
            counted = present.count(len(located), "country", "countries")
            parts.append(f"Named cases in {counted}: {present.and_list(located)}.")
        return " ".join(parts)

    def trends_link(self):
        """A link to the page comparing the editions of the operation's family (to the page of all
        operations when the family has one edition, as such a family has no trends page)."""
        from analysis.views.trends import ALL, family_operations

        family = str(self.op["family_id"])
        if len(family_operations(family)) > 1:
            return local_link(pages.href_to(pages.trends_slug(family)), f"trends across the {family} family")
        return local_link(pages.href_to(pages.trends_slug(ALL)), "trends across all operations")
