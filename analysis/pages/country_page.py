"""The country profile as a reader sees it: the country first (title and key facts), then what
each operation says about it, its participation over time, where it is, the coordination units
it hosted and its partner roles, the named cases that took place there or name it, and the
sources. The tables come from :func:`analysis.country.country_view`; this module only presents
them, with the conventions of the regional pages (:mod:`analysis.regional_page`).

In the notebook: ``page = CountryPage(view)``, then one call per section (``page.header()``,
``page.table("operations")``, ``page.participation_chart()``, ``page.country_map()``...).
``page.table(name)`` presents a table by its specification in :data:`COUNTRY_TABLES` (see
:mod:`analysis.pages.tables`).
"""

from __future__ import annotations

import pandas as pd

from analysis import pages
from analysis.pages import present
from analysis.pages.markup import HTML
from analysis.pages.present import Block, local_link
from analysis.pages.tables import SpecifiedTables, TableSpec
from analysis.views import country

#: The scheme of the regional pages the profile links to (a region page exists for every
#: operation that lists the country or names a case there, under every general scheme).
LINK_SCHEME = "m49-region"
ROLE_ORDER = ("origin", "transit", "destination", "victim-nationality", "suspect-nationality",
              "migrant-nationality", "involved-nationality", "cooperating-country", "requesting-country")


def _plural(n: int, singular: str, plural: str | None = None) -> str:
    return singular if n == 1 else (plural or singular + "s")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def identity_fact(view) -> str:
    """'Nigeria (NGA), a state.' / 'Bermuda (BMU), a territory of the United Kingdom (GBR): it
    counts as its own entry, never through its sovereign.'"""
    if view.is_territory:
        sovereign = view.sovereign_iso3
        if sovereign is None:
            return (f"{view.name} ({view.iso3}), a territory or area whose status is disputed or undetermined; it "
                    "counts as its own entry.")
        name = str(view.tables["country"]["sovereign_name"].iloc[0])
        return (f"{view.name} ({view.iso3}), a territory; sovereign: {name} ({sovereign}). It counts as its own "
                "entry in lists and regions, never through its sovereign.")
    return f"{view.name} ({view.iso3}), a state."


#: The UN M49 levels of the regions fact, coarse to fine, and their words.
LEVEL_WORDS = {"m49-region": "region", "m49-sub-region": "sub-region",
               "m49-intermediate-region": "intermediate region"}


def regions_fact(view) -> str:
    """'UN M49: Africa (region), Sub-Saharan Africa (sub-region), Western Africa (intermediate
    region).' A level repeating the one above (no intermediate region) is left out."""
    rows = view.regions.set_index("scheme")
    parts, seen = [], set()
    for scheme in LEVEL_WORDS:
        if scheme in rows.index and str(rows.at[scheme, "region_name"]) not in seen:
            name = str(rows.at[scheme, "region_name"])
            seen.add(name)
            parts.append(f"{name} ({LEVEL_WORDS[scheme]})")
    if not parts:
        return "No UN M49 region is recorded for it."
    return "UN M49: " + ", ".join(parts) + "."


def participation_fact(view) -> str:
    """What the lists say, with 'not listed' only for complete lists, e.g. 'Listed in 3 of the 8
    operations with a complete participant list (not in the other 5); not among the names of
    the 1 partial list; 13 operations have no transcribed list: whether Nigeria took part in
    them is not known.'"""
    n = country.listing_counts(view)
    parts = []
    if n["complete"]:
        ops = f"{n['complete']} {_plural(n['complete'], 'operation')} with a complete participant list"
        if n["listed_complete"] == 0:
            text = f"not listed in any of the {ops}" if n["complete"] > 1 else f"not listed in the {ops}"
        else:
            text = f"listed in {n['listed_complete']} of the {ops}"
            if n["not_listed"]:
                text += f" (not in the other {n['not_listed']})"
        parts.append(text)
    else:
        parts.append("no operation has a complete participant list")
    if n["partial"]:
        if n["listed_partial"] and n["not_among_partial"]:
            parts.append(f"named in {n['listed_partial']} of the {n['partial']} partial lists")
        elif n["listed_partial"]:
            parts.append(f"named in the {_plural(n['partial'], 'partial list', str(n['partial']) + ' partial lists')}")
        else:
            the = "the partial list" if n["partial"] == 1 else f"any of the {n['partial']} partial lists"
            parts.append(f"not among the names of {the} (a cut-off list: it may still have taken part)")
    if n["no_list"]:
        parts.append(f"{n['no_list']} {_plural(n['no_list'], 'operation has', 'operations have')} no transcribed "
                     f"list: whether it took part in {_plural(n['no_list'], 'it', 'them')} is not known")
    return _sentence("; ".join(parts))


def _editions(frame: pd.DataFrame) -> list[str]:
    return [str(e) for e in frame["edition"]]


def coordination_fact(view) -> str:
    """Coordination units hosted and partner roles, e.g. 'Hosted the coordination unit of
    Operation Liberterra III (2025). Lead country of Operation Global Chain (2023), ...'."""
    parts = []
    units = view.coordination
    if len(units):
        items = []
        for row in units.itertuples():
            city = "" if present.is_missing(row.city) else f", in {row.city}"
            items.append(f"{row.edition}{city}")
        parts.append(f"Hosted the coordination unit of {present.and_list(items)}.")
    else:
        parts.append("Hosted no coordination unit named by the sources.")
    partners = view.partners
    for role, group in partners.groupby(partners["role"].astype(str), sort=True):
        label = present.value_label("role", role)
        parts.append(f"{label[:1].upper() + label[1:]}: {present.and_list(_editions(group))}.")
    return " ".join(parts)


def role_counts(view) -> list[tuple[str, int]]:
    """(role, cases) among the cases located elsewhere that name the country, in ROLE_ORDER."""
    other = view.cases_naming[~view.cases_naming["is_located_here"]]
    counts: dict[str, int] = {}
    for roles in other["roles"].astype(str):
        for role in roles.split(", "):
            counts[role] = counts.get(role, 0) + 1
    return [(r, counts[r]) for r in ROLE_ORDER if r in counts] + sorted(
        (r, n) for r, n in counts.items() if r not in ROLE_ORDER)


def named_cases_fact(view) -> str:
    """'No named case located here; 4 cases located elsewhere name it: as origin (3), victim
    nationality (3) and transit (1). Examples the source chose, not totals.'"""
    kinds = view.cases_located["case_kind"].astype(str)
    here, notes = int((kinds == "case").sum()), int((kinds == "trend-note").sum())
    text = f"{present.count(here, 'named case')} located here" if here else "No named case located here"
    if notes:
        text += f" (and {present.count(notes, 'trend note')})"
    other = int((~view.cases_naming["is_located_here"]).sum())
    if other:
        roles = [f"{present.value_label('role', r)} ({n})" for r, n in role_counts(view)]
        text += (f"; {present.count(other, 'case')} located elsewhere {_plural(other, 'names', 'name')} it, as "
                 f"{present.and_list(roles)}")
    if here or notes or other:
        text += " (examples the sources chose to describe, not totals)"
    return text + "."


def population_fact(view) -> str:
    """'232,679,478 (World Bank, SP.POP.TOTL, 2024).' or why there is no figure."""
    population = view.population
    if population.empty:
        return ("No figure in the population table used here (World Bank SP.POP.TOTL): missing, not zero.")
    row = population.iloc[0]
    return f"{present.number(row['population'])} in {int(row['year'])} (World Bank, SP.POP.TOTL)."


def caveats(view) -> list[str]:
    """The caveats that matter for this country, most important first."""
    n = country.listing_counts(view)
    out = []
    listed = n["listed_complete"] + n["listed_partial"]
    if listed == 0 and n["no_list"]:
        out.append(f"No transcribed participant list names {view.name}, but {n['no_list']} of the "
                   f"{n['operations']} operations have no transcribed list: 'no list' means participation is "
                   "unknown, never that it did not take part.")
    if view.is_territory:
        out.append(f"{view.name} is a territory: lists, regions and maps count it as its own entry, so a list that "
                   "names its sovereign does not make it a participant, and the reverse.")
    readings = view.operations[view.operations["is_project_reading"].fillna(False).astype(bool)]
    if len(readings):
        out.append(f"{present.and_list(_editions(readings))}: the entry for {view.name} is this project's reading, "
                   "not a participant list printed for that operation (see the notes under the table).")
    out.append("'Not listed' is said only where an operation's list is complete; where there is no list, "
               "participation is unknown. Named cases are examples the sources chose, not totals.")
    if n["not_among_partial"]:
        out.append("A partial (cut-off) list that does not name it says nothing about whether it took part.")
    return out


def _operations_shown(page, frame):
    """The operations table as shown: the regional page's region where one exists, and 'listed'
    on a partial list said so (one column on a phone)."""
    region = page._region_name()
    listed = frame["listing"].astype(str) == country.LISTED
    partial = frame["participant_list"].astype(str) == "partial"
    return frame.assign(
        regional_page=pd.array([region if href else pd.NA for href in page.regional_links(frame["operation_id"])],
                               dtype="string"),
        listing=frame["listing"].mask(listed & partial, "listed-in-a-partial-list"),
        name_as_printed=frame["name_as_printed"].fillna(""))


def _memberships_shown(page, frame):
    return frame.assign(valid_to=frame["valid_to"].astype("object").where(frame["valid_to"].notna(), "still in force"))


def _case_columns(page, frame) -> list[str]:
    columns = ["edition", "position", "case_kind", "location_as_printed", "roles", "crime_types", "printed_counts",
               "summary"]
    if (frame["case_kind"].astype(str) == "case").all():
        columns.remove("case_kind")
    if frame["roles"].isna().all():
        columns.remove("roles")
    return columns


def _overview_links(page, frame) -> list[str]:
    return CountryPage.overview_links(frame["operation_id"])


def _name(page) -> str:
    return page.view.name


COUNTRY_TABLES = {
    "operations": TableSpec(
        prepare=_operations_shown,
        columns=["edition", "listing", "position", "name_as_printed", "focus_region", "named_cases_here",
                 "other_cases_naming_it", "regional_page", "source_url"],
        labels={"position": "No. in the list"},
        links={"edition": _overview_links,
               "regional_page": lambda page, frame: page.regional_links(frame["operation_id"])},
        caption=lambda page, frame: (f"Every operation and what its data say about {_name(page)}, newest first (each "
                                     "edition links to its overview). Source: the list's where it names "
                                     f"{_name(page)}, else the operation's main source"),
        note_column="listing"),
    "regions": TableSpec(columns=["scheme", "region_name", "region_code", "is_derived_assumption"],
                         caption=lambda page, frame: f"The region of {_name(page)} under each region scheme"),
    "income_groups": TableSpec(
        columns=["operation_name", "start_date", "income_group", "vintage"],
        labels={"operation_name": "Operation", "start_date": "Start date", "income_group": "World Bank income group",
                "vintage": "Classification"},
        links={"operation_name": _overview_links},
        caption=lambda page, frame: (f"World Bank income group of {_name(page)} on each operation's start date (the "
                                     "classification in force that day; each changes on 1 July)"),
        empty="No operation has a start date."),
    "memberships": TableSpec(
        prepare=_memberships_shown, columns=["organisation", "valid_from", "valid_to", "status", "source_url"],
        labels={"valid_from": "From", "valid_to": "Until (first day outside)"},
        caption=lambda page, frame: (f"Memberships of {_name(page)} in the organisations recorded here, with dates "
                                     "and the source of each"),
        empty=lambda page, frame: f"{_name(page)} belongs to none of the organisations recorded here."),
    "coordination": TableSpec(
        columns=["edition", "name_as_printed", "city", "source_url", "notes"],
        labels={"name_as_printed": "Host as printed"},
        links={"edition": _overview_links},
        caption=lambda page, frame: f"Operational coordination units hosted in {_name(page)}",
        empty=lambda page, frame: f"The sources name no coordination unit hosted in {_name(page)}."),
    "partners": TableSpec(
        columns=["edition", "name_as_printed", "acronym", "role", "source_url", "notes"],
        links={"edition": _overview_links},
        caption=lambda page, frame: f"Roles of {_name(page)} or its agencies among the operations' partners",
        empty=lambda page, frame: (f"The sources name {_name(page)} in no partner role (lead country, funder, "
                                   "supporting agency).")),
    "cases_located": TableSpec(
        columns=_case_columns, labels={"position": "No. in the source", "roles": "Also named as"},
        links={"edition": _overview_links},
        caption=lambda page, frame: (f"Named cases located in {_name(page)}, newest operation first, in each "
                                     "source's order"),
        empty=lambda page, frame: f"The sources locate no named case in {_name(page)}."),
    "cases_naming": TableSpec(
        # cases located here are in the table above (with the roles they also give the country)
        prepare=lambda page, frame: frame[~frame["is_located_here"]],
        columns=["edition", "position", "roles", "places_as_printed", "location", "crime_types", "printed_counts",
                 "summary"],
        labels={"position": "No. in the source"},
        links={"edition": _overview_links,
               "location": lambda page, frame: CountryPage.profile_links(frame["location_iso3"])},
        caption=lambda page, frame: (f"Cases located elsewhere that name {_name(page)} as an origin, transit or "
                                     "destination country, or as a nationality (each case once, with all its "
                                     "roles; the case's location links to its profile)"),
        empty=lambda page, frame: (f"No case located elsewhere names {_name(page)} as an origin, transit or "
                                   "destination country, or as a nationality.")),
    "population": TableSpec(
        prepare=lambda page, frame: frame.assign(year=frame["year"].astype("string")),
        columns=["population", "year"], labels={"population": "Population (persons)"},
        caption=lambda page, frame: f"Population of {_name(page)}",
        empty=lambda page, frame: f"The population table has no figure for {_name(page)} (missing, not zero).",
        notes=lambda page, frame: present.paragraph(metrics_source_caption(), css_class="table-legend")),
    "sources": TableSpec(columns=["title", "producer", "date_published", "source_kind", "source_url"],
                         caption="Documents the lists, units, roles and cases on this page come from, and the main "
                                 "source consulted for each operation without a list"),
    **{name: TableSpec(not_shown=f"table {name!r} is not shown as a table (the key facts and the chart show it); it "
                                 "is saved as CSV") for name in ("country", "timeline")},
}


class CountryPage(SpecifiedTables):
    """Presentation of one :class:`analysis.country.CountryView` (``page.table(name)`` by
    :data:`COUNTRY_TABLES`)."""

    TABLES = COUNTRY_TABLES

    def __init__(self, view):
        self.view = view

    # -- the country first -------------------------------------------------------------------
    def header(self) -> Block:
        """Title (the country), subtitle, and the key-facts block."""
        view = self.view
        kind = "Territory" if view.is_territory else "Country"
        head = present.heading(view.name, 1, f"{kind} profile: what the operations' sources say about "
                                             f"{view.name} ({view.iso3})")
        items = [("Country or territory", identity_fact(view)),
                 ("Regions", regions_fact(view)),
                 ("Participant lists", participation_fact(view)),
                 ("Coordination and roles", coordination_fact(view)),
                 ("Named cases", named_cases_fact(view)),
                 ("Population", population_fact(view)),
                 ("Read with care", caveats(view)[0])]
        facts = present.facts(items, title="Key facts")
        return Block(head.html + "\n" + facts.html, head.text + "\n" + facts.text)

    # -- links -----------------------------------------------------------------------------------
    def _region_name(self, scheme: str = LINK_SCHEME) -> str | None:
        rows = self.view.regions
        match = rows.loc[rows["scheme"] == scheme, "region_name"]
        return str(match.iloc[0]) if len(match) else None

    def regional_links(self, operation_ids) -> list[str | None]:
        """Link to the regional page (UN M49 region) of each operation that lists the country or
        names a case located there: such a page always exists. None for the others."""
        region = self._region_name()
        ops = self.view.operations.set_index("operation_id")
        with_page = set(self.view.cases_located["operation_id"]) | set(
            ops.index[ops["listing"].astype(str) == country.LISTED])
        return [pages.href_to(pages.regional_slug(op, LINK_SCHEME, region)) if region and op in with_page else None
                for op in operation_ids]

    @staticmethod
    def overview_links(operation_ids) -> list[str]:
        return [pages.href_to(pages.overview_slug(op)) for op in operation_ids]

    @staticmethod
    def profile_links(iso3_codes) -> list[str | None]:
        """Links to the profiles of the given countries (every code in the data has one)."""
        return [None if present.is_missing(code) else pages.href_to(pages.country_slug(str(code)))
                for code in iso3_codes]

    # -- tables: see COUNTRY_TABLES ---------------------------------------------------------------
    def frames(self) -> dict:
        return self.view.tables

    # -- figures -----------------------------------------------------------------------------------
    def participation_chart(self) -> None:
        """The country's status in every operation over time (every operation is drawn: those
        without a list as 'no list')."""
        from analysis.pages import plots

        ax = plots.participation_timeline(self.view.timeline)
        present.figure(ax, caption=f"Figure: what each operation's participant list says about {self.view.name}, "
                                   "by operation family and date. A cross marks an operation with no transcribed "
                                   "list: participation unknown, not absent.", alt=self.chart_alt())
        return None

    def chart_alt(self) -> str:
        """The operations of each status, oldest first, with their numbers."""
        timeline = self.view.timeline
        listing = timeline["listing"].astype(str)
        parts = [f"Timeline of the {len(timeline)} operations, by family and date."]
        groups = [("Listed", listing == country.LISTED),
                  ("Not listed in a complete list", listing == country.NOT_LISTED),
                  ("Not among the names of a partial list", listing == country.NOT_AMONG_PARTIAL)]
        for label, mask in groups:
            if mask.any():
                names = present.and_list([str(e) for e in timeline.loc[mask, "edition"]])
                parts.append(f"{label} ({int(mask.sum())}): {names}.")
        none = listing.isin(country.no_list_listings())
        if none.any():
            years = timeline.loc[none, "edition_date"].dropna().dt.year
            span = f", {years.min()} to {years.max()}" if len(years) and years.min() != years.max() else ""
            parts.append(f"No transcribed list, participation unknown: {int(none.sum())} operations{span}.")
        return " ".join(parts)

    def country_map(self) -> None:
        """Map zoomed to the country; a small state or territory is marked and circled."""
        from analysis.pages import plots

        view = self.view
        ax = plots.country_map(view.iso3, view.name)
        present.figure(ax, caption=f"Figure: {view.name} and its surroundings (Equal Earth projection).",
                       alt=self.map_alt())
        return None

    def map_alt(self) -> str:
        from analysis.places import maps

        view = self.view
        text = f"Map zoomed to {view.name}, shown in dark blue; other countries and territories in grey."
        if view.iso3 in set(maps.small_state_points()["iso3"]):
            kind = "territory" if view.is_territory else "state"
            text += f" {view.name} is a small {kind}: a dot marks it, circled in blue."
        region = self._region_name()
        if region:
            text += f" UN M49 region: {region}."
        return text

    # -- about -------------------------------------------------------------------------------------
    def caveat_list(self) -> Block:
        """Every caveat of :func:`caveats`, as a list."""
        items = caveats(self.view)
        html = HTML('<ul class="caveats">\n{}\n</ul>').format(HTML("\n").join(HTML("<li>{}</li>").format(c)
                                                                              for c in items))
        return Block(html, "\n".join(f"- {c}" for c in items))

    def links(self) -> Block:
        """Where to go next: the index, and the regional pages of the country's region."""
        region = self._region_name()
        parts: list = ["Every operation's overview is linked from the table of operations above"]
        if region:
            parts.append(f"; the regional pages of {region} are linked where an operation lists {self.view.name} "
                         "or names a case there")
        parts.append(". All profiles are listed on the ")
        parts.append(local_link(pages.href_to(pages.INDEX_SLUG), "index of the reports"))
        parts.append(HTML("."))
        return present.paragraph(*parts)


def metrics_source_caption() -> str:
    """The population figures' source, indicator, vintage and licence (one line)."""
    from analysis.views import metrics

    return metrics.population_source_note()
