"""The tables of one country profile: what the data say about one country or territory.

:func:`country_view` resolves the country (an ISO3 code, or a name through
:func:`analysis.countries.resolve_country`) and gathers every table the country profile
notebook shows, so the notebook and the report builder (which saves the same tables as CSV)
compute them in one place. It sits beside :func:`analysis.regional.regional_view`.

What an operation says about the country (column ``listing`` of the ``operations`` table):

- ``listed``: the country's name is in the operation's participant list (complete or partial);
- ``not-listed``: the list is complete and does not name it. Said ONLY for a complete list;
- ``partial-list-not-among-names``: the list is partial (cut off) and does not name it: the
  country may still have taken part;
- ``no-list``: the sources consulted print no list (``participant_list = not-published``);
- ``list-printed-not-transcribed``: a source printed a list that is not transcribed here.

None of these says a country did *not* take part: without a complete list nothing is known,
and a complete list is what the coordinator printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis.checks import loaders as load
from analysis.package import vocabulary
from analysis.places import regions
from analysis.places.countries import resolve_country
from analysis.views import groupings, metrics
from analysis.views.regional import whole_numbers_as_integers, with_crime_types_and_counts
from analysis.views.trends import edition_dates, operation_label

COUNTRY_TABLES = ("country", "regions", "operations", "timeline", "coordination", "partners", "cases_located",
                  "cases_naming", "population", "sources")

LISTED = "listed"
NOT_LISTED = "not-listed"
NOT_AMONG_PARTIAL = "partial-list-not-among-names"
NO_LIST = "no-list"
NOT_TRANSCRIBED = "list-printed-not-transcribed"
#: Values of ``operations.listing``, in the order used to count them.
LISTING_VALUES = (LISTED, NOT_LISTED, NOT_AMONG_PARTIAL, NO_LIST, NOT_TRANSCRIBED)


def no_list_listings(data_dir=None) -> set[str]:
    """The ``listing`` values of operations without a list (not published, or not transcribed):
    where the country's participation is unknown. From the statuses' words in the descriptor
    (:func:`analysis.package.vocabulary.absent_listing`)."""
    absent = vocabulary.absent_listing(data_dir)
    return {absent[status] for status in vocabulary.list_statuses(False, data_dir)}


@dataclass
class CountryView:
    """Tables for one country or territory (see ``COUNTRY_TABLES`` and :func:`country_view`)."""

    iso3: str
    query: str  # what the caller gave: a code or a name
    country: pd.Series  # its row of reference/countries.csv
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.country["name"])

    @property
    def is_territory(self) -> bool:
        return bool(self.country["is_territory"])

    @property
    def sovereign_iso3(self) -> str | None:
        value = self.country["sovereign_iso3"]
        return None if pd.isna(value) else str(value)

    def __getattr__(self, name):
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)


def resolve_profile_country(query, data_dir=None) -> str:
    """ISO3 code of the country or territory a profile is asked for.

    ``query`` is an ISO3 code of ``reference/countries.csv`` (taken as it is) or any name or
    code :func:`analysis.countries.resolve_country` reads ('Türkiye', 'Nigéria', 'NG').
    Raises ``ValueError`` for a value that is not a non-empty string without surrounding
    spaces, the resolver's own error (one line: ``UnknownCountryError`` with suggestions,
    ``AmbiguousCountryError`` with the candidates) for a name it cannot read, and
    ``ValueError`` when the code it gives is not in the data package's countries table.
    """
    if not isinstance(query, str):
        raise ValueError(f"parameter iso3 must be a string (an ISO3 code or a country name), got "
                         f"{type(query).__name__} {query!r}")
    if not query.strip():
        raise ValueError("parameter iso3 is empty: give an ISO3 code (e.g. 'NGA') or a country name")
    if query != query.strip():
        raise ValueError(f"parameter iso3 {query!r} has surrounding spaces")
    codes = set(load.load_table("countries", data_dir=data_dir)["iso3"].astype(str))
    if query in codes:
        return query
    iso3 = resolve_country(query, package=data_dir)  # the names and aliases of the package read
    if iso3 not in codes:
        raise ValueError(f"{query!r} resolves to {iso3}, which is not in reference/countries.csv")
    return iso3


def codes_in_data(data_dir=None) -> list[str]:
    """Every ISO3 code the data mention, sorted: participants, coordination-unit hosts,
    partners' countries, case locations and case places that are ISO3 codes (not M49 areas).
    One country profile is built for each."""
    codes: set[str] = set()
    codes |= set(load.load_participants(data_dir=data_dir)["iso3"].dropna().astype(str))
    codes |= set(load.load_coordination_units(data_dir=data_dir)["iso3"].dropna().astype(str))
    codes |= set(load.load_partners(data_dir=data_dir)["iso3"].dropna().astype(str))
    codes |= set(load.load_cases(data_dir=data_dir)["location_iso3"].dropna().astype(str))
    places = load.load_case_places(data_dir=data_dir)["place_code"].dropna().astype(str)
    codes |= {code for code in places if code.isalpha()}
    return sorted(codes)


def _operations_with_labels(data_dir) -> pd.DataFrame:
    """operations.csv with ``edition`` ('Operation Liberterra II (2024)'), ``edition_date`` and
    ``edition_date_basis`` (see :func:`analysis.trends.edition_dates`)."""
    ops = load.load_operations(data_dir=data_dir)
    return pd.concat([ops.assign(edition=operation_label(ops)), edition_dates(ops)], axis=1)


def _newest_first(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows sorted by edition date, newest first (undated last), then operation id."""
    return frame.sort_values(["edition_date", "operation_id"], ascending=[False, True], na_position="last",
                             kind="stable").reset_index(drop=True)


def regions_table(iso3: str, data_dir=None) -> pd.DataFrame:
    """The country's region under every scheme: ``scheme`` (id), ``region_code``,
    ``region_name``, ``scheme_operation_id`` (the operation an operation-specific scheme
    belongs to; missing for a general scheme) and ``is_derived_assumption`` (True for a scheme
    that is this project's assumption, such as the coordination-hub scheme). General schemes
    first, coarse to fine (the ``order`` of region_schemes.csv)."""
    schemes = regions.list_schemes(data_dir=data_dir)
    membership = load.load_table("region_membership", data_dir=data_dir)
    mine = membership[membership["iso3"] == iso3][["scheme_id", "region_code", "region_name"]]
    out = mine.merge(schemes[["scheme_id", "operation_id", "is_derived_assumption", "order"]], on="scheme_id",
                     how="left", validate="one_to_one")
    out = out.sort_values(["order", "scheme_id"], kind="stable")  # region_schemes.order, then the id
    out = out.rename(columns={"scheme_id": "scheme", "operation_id": "scheme_operation_id"})
    columns = ["scheme", "region_code", "region_name", "scheme_operation_id", "is_derived_assumption"]
    return out[columns].reset_index(drop=True)


def operations_table(iso3: str, data_dir=None) -> pd.DataFrame:
    """One row per operation (all of them, newest first): what its data say about the country.

    Columns: ``operation_id``, ``edition``, ``dates_as_printed``, ``focus_region``,
    ``participant_list`` (the operation's list status), ``listing`` (see the module
    docstring), ``position`` and ``name_as_printed`` (where listed: place in the printed list,
    from 1, and the name as printed), ``is_project_reading`` (the 'list' is this project's
    reading of a one-country operation), ``hosted_unit`` (hosted a coordination unit),
    ``partner_roles`` (roles of the country in partners.csv, e.g. 'lead-country'),
    ``named_cases_here`` (named cases located in the country; unit: cases, trend notes not
    counted), ``other_cases_naming_it`` (cases located elsewhere whose places name the
    country; unit: cases), ``edition_date`` and ``edition_date_basis`` (the edition's place on
    a time axis), ``source_url`` (of the list row where listed, else the operation's main
    source) and ``notes`` (of the list row).
    """
    ops = _operations_with_labels(data_dir)
    participants = load.load_participants(data_dir=data_dir)
    listed = participants[participants["iso3"] == iso3].set_index("operation_id")  # once per operation at most
    units = load.load_coordination_units(data_dir=data_dir)
    hosted = set(units.loc[units["iso3"] == iso3, "operation_id"])
    partners = load.load_partners(data_dir=data_dir)
    partners = partners[partners["iso3"] == iso3]
    roles = partners.assign(role=partners["role"].astype(str)).groupby("operation_id")["role"].agg(
        lambda s: ", ".join(sorted(set(s))))
    cases = load.load_cases(data_dir=data_dir)
    here = cases[(cases["location_iso3"] == iso3) & (cases["case_kind"].astype(str) == "case")]
    here_counts = here.groupby("operation_id").size()
    naming = _cases_naming(iso3, data_dir)
    other = naming[~naming["is_located_here"]].groupby("operation_id")["case_id"].nunique()

    not_in_list = vocabulary.absent_listing(data_dir)  # the listing of a country a list does not name
    rows = []
    for op in ops.itertuples():
        status = str(op.participant_list)
        row = listed.loc[op.operation_id] if op.operation_id in listed.index else None
        rows.append({
            "operation_id": op.operation_id,
            "edition": op.edition,
            "dates_as_printed": op.dates_as_printed,
            "focus_region": op.focus_region,
            "participant_list": status,
            "listing": LISTED if row is not None else not_in_list[status],
            "position": row["position"] if row is not None else pd.NA,
            "name_as_printed": row["name_as_printed"] if row is not None else pd.NA,
            "is_project_reading": bool(row["is_project_reading"]) if row is not None else pd.NA,
            "hosted_unit": op.operation_id in hosted,
            "partner_roles": roles.get(op.operation_id, pd.NA),
            "named_cases_here": int(here_counts.get(op.operation_id, 0)),
            "other_cases_naming_it": int(other.get(op.operation_id, 0)),
            "edition_date": op.edition_date,
            "edition_date_basis": op.edition_date_basis,
            "source_url": row["source_url"] if row is not None else op.source_url,
            "notes": row["notes"] if row is not None else pd.NA,
        })
    out = pd.DataFrame(rows)
    for column in ("operation_id", "edition", "dates_as_printed", "focus_region", "participant_list", "listing",
                   "name_as_printed", "partner_roles", "edition_date_basis", "source_url", "notes"):
        out[column] = out[column].astype("string")
    for column in ("position", "named_cases_here", "other_cases_naming_it"):
        out[column] = out[column].astype("Int64")
    out["is_project_reading"] = out["is_project_reading"].astype("boolean")
    out["hosted_unit"] = out["hosted_unit"].astype(bool)
    out["edition_date"] = pd.to_datetime(out["edition_date"])
    return _newest_first(out)


def timeline_table(operations: pd.DataFrame) -> pd.DataFrame:
    """The participation-over-time chart's data, oldest first: per operation ``operation_id``,
    ``edition``, ``family_id``, ``edition_date``, ``edition_date_basis`` (missing for an
    edition nothing dates), ``participant_list`` and ``listing``. Every operation is a row,
    those without a list too (their ``listing`` says so)."""
    families = load.load_operations()[["operation_id", "family_id"]] if "family_id" not in operations else None
    out = operations if families is None else operations.merge(families, on="operation_id", how="left")
    columns = ["operation_id", "edition", "family_id", "edition_date", "edition_date_basis", "participant_list",
               "listing"]
    out = out[columns].sort_values(["edition_date", "operation_id"], na_position="last", kind="stable")
    return out.reset_index(drop=True)


def _cases_naming(iso3: str, data_dir) -> pd.DataFrame:
    """Case places naming the country, one row per case: ``case_id``, ``operation_id``,
    ``roles`` (role slugs, sorted, joined by ', '), ``places_as_printed`` (joined by '; '),
    ``is_located_here``."""
    places = load.load_case_places(data_dir=data_dir)
    places = places[places["place_code"] == iso3]
    cases = load.load_cases(data_dir=data_dir)[["case_id", "operation_id", "location_iso3"]]
    mine = places.merge(cases, on="case_id", how="left", validate="many_to_one")
    rows = []
    for case_id, group in mine.groupby("case_id", sort=True):
        rows.append({
            "case_id": case_id,
            "operation_id": group["operation_id"].iloc[0],
            "roles": ", ".join(sorted(set(group["role"].astype(str)))),
            "places_as_printed": "; ".join(dict.fromkeys(group["place_as_printed"].astype(str))),
            "is_located_here": group["location_iso3"].iloc[0] == iso3,
        })
    out = pd.DataFrame(rows, columns=["case_id", "operation_id", "roles", "places_as_printed", "is_located_here"])
    out["is_located_here"] = out["is_located_here"].fillna(False).astype(bool)
    return out


def _location_names(cases: pd.DataFrame, data_dir) -> pd.Series:
    """Where each case took place, by name: the country's short name, or the M49 area's name."""
    names = load.load_table("countries", data_dir=data_dir).set_index("iso3")["name"]
    areas = load.load_table("m49_areas", data_dir=data_dir).set_index("m49_code")["name"]
    by_country = cases["location_iso3"].map(names)
    by_area = cases["location_area_m49"].map(areas)
    return by_country.fillna(by_area).astype("string")


def cases_located_table(iso3: str, operations: pd.DataFrame, data_dir=None) -> pd.DataFrame:
    """Named cases (and trend notes) located in the country, newest operation first, in the
    source's order: ``operation_id``, ``edition``, ``position`` (in the source), ``case_kind``,
    ``location_as_printed``, ``roles`` (the country's roles in the case's places as well, e.g.
    'destination'; missing when none), ``crime_types``, ``printed_counts`` (as printed),
    ``summary`` (our words), ``case_id``, ``source_url``. Examples the source chose, not totals."""
    cases = load.load_cases(data_dir=data_dir)
    cases = cases[cases["location_iso3"] == iso3]
    cases = with_crime_types_and_counts(cases, data_dir)
    roles = _cases_naming(iso3, data_dir).set_index("case_id")["roles"]
    cases = cases.assign(roles=cases["case_id"].map(roles).astype("string"))
    return _with_editions(cases, operations)[
        ["operation_id", "edition", "position", "case_kind", "location_as_printed", "roles", "crime_types",
         "printed_counts", "summary", "case_id", "source_url"]]


def cases_naming_table(iso3: str, operations: pd.DataFrame, data_dir=None) -> pd.DataFrame:
    """Cases whose places name the country (case_places: origin, transit, destination, victim,
    suspect, migrant or involved nationality, cooperating or requesting country), one row per
    case: ``operation_id``, ``edition``, ``position``, ``roles`` (role slugs joined by ', '),
    ``places_as_printed``, ``location`` (where the case took place, by name), ``location_iso3``,
    ``is_located_here`` (the case is also located in the country), ``crime_types``,
    ``printed_counts``, ``summary``, ``case_id``, ``source_url``. A place given only as a
    region ('West Africa') names no country and is not read as naming this one."""
    naming = _cases_naming(iso3, data_dir)
    cases = load.load_cases(data_dir=data_dir)
    cases = cases[cases["case_id"].isin(naming["case_id"])]
    cases = with_crime_types_and_counts(cases, data_dir).assign(location=_location_names(cases, data_dir))
    out = cases.merge(naming.drop(columns=["operation_id"]), on="case_id", how="left", validate="one_to_one")
    out["roles"] = out["roles"].astype("string")
    out["places_as_printed"] = out["places_as_printed"].astype("string")
    return _with_editions(out, operations)[
        ["operation_id", "edition", "position", "roles", "places_as_printed", "location", "location_iso3",
         "is_located_here", "crime_types", "printed_counts", "summary", "case_id", "source_url"]]


def _with_editions(frame: pd.DataFrame, operations: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the operation's ``edition`` label, sorted newest operation first, then by
    position in the source."""
    order = {op: i for i, op in enumerate(operations["operation_id"])}
    labels = operations.set_index("operation_id")["edition"]
    out = frame.assign(edition=frame["operation_id"].map(labels).astype("string"),
                       _rank=frame["operation_id"].map(order))
    return out.sort_values(["_rank", "position"], kind="stable").drop(columns="_rank").reset_index(drop=True)


def population_table(iso3: str, data_dir=None) -> pd.DataFrame:
    """The country's population, if the source gives one: ``iso3``, ``population`` (persons,
    World Bank SP.POP.TOTL), ``year`` (the vintage) and ``source`` (one line: source, indicator,
    vintage, licence). No row, never 0, when the source has no figure for it."""
    population = load.load_population(data_dir)
    row = population[population["iso3"] == iso3][["iso3", "population", "year"]].reset_index(drop=True)
    return row.assign(source=pd.Series([metrics.population_source_note(data_dir)] * len(row), dtype="string"))


def country_view(iso3_or_name: str, data_dir=None) -> CountryView:
    """Resolve the country and build every table of its profile (``COUNTRY_TABLES``).

    ``country``: its row of reference/countries.csv with ``sovereign_name``; ``regions``: its
    region under every scheme; ``operations``: every operation and what it says about the
    country (see the module docstring and :func:`operations_table`); ``timeline``: the same,
    oldest first, for the participation chart; ``coordination``: coordination units it hosted;
    ``partners``: its roles in partners.csv (lead country, funder...); ``cases_located``: named
    cases located there; ``cases_naming``: cases naming it as origin, transit, destination or
    a nationality; ``population``: its population with source and vintage (empty when the
    source has none); ``sources``: the documents the rows above cite.
    """
    iso3 = resolve_profile_country(iso3_or_name, data_dir)
    countries = load.load_table("countries", data_dir=data_dir).set_index("iso3", drop=False)
    country = countries.loc[iso3].copy()
    view = CountryView(iso3, iso3_or_name, country)
    t = view.tables
    sovereign = country["sovereign_iso3"]
    t["country"] = pd.DataFrame([{
        "iso3": iso3, "iso2": country["iso2"], "m49_code": country["m49_code"], "name": country["name"],
        "is_territory": bool(country["is_territory"]), "sovereign_iso3": sovereign,
        "sovereign_name": countries.at[sovereign, "name"] if pd.notna(sovereign) else pd.NA,
    }]).astype({"iso3": "string", "iso2": "string", "m49_code": "string", "name": "string",
                "sovereign_iso3": "string", "sovereign_name": "string"})
    t["regions"] = regions_table(iso3, data_dir)
    t["income_groups"] = groupings.country_income_table(iso3, data_dir)
    t["memberships"] = groupings.country_memberships_table(iso3, data_dir)
    operations = operations_table(iso3, data_dir)
    t["operations"] = operations
    families = load.load_operations(data_dir=data_dir)[["operation_id", "family_id"]]
    t["timeline"] = timeline_table(operations.merge(families, on="operation_id", how="left"))

    units = load.load_coordination_units(data_dir=data_dir)
    units = _with_editions(units[units["iso3"] == iso3].assign(position=1), operations)
    t["coordination"] = units[["operation_id", "edition", "name_as_printed", "city", "source_url", "notes"]]
    partners = load.load_partners(data_dir=data_dir)
    partners = _with_editions(partners[partners["iso3"] == iso3].assign(position=1), operations)
    t["partners"] = partners[["operation_id", "edition", "name_as_printed", "acronym", "role", "source_url",
                              "notes"]]
    t["cases_located"] = cases_located_table(iso3, operations, data_dir)
    t["cases_naming"] = cases_naming_table(iso3, operations, data_dir)
    t["population"] = whole_numbers_as_integers(population_table(iso3, data_dir))

    cited = set(operations["source_url"].dropna())
    for name in ("coordination", "partners", "cases_located", "cases_naming"):
        cited |= set(t[name]["source_url"].dropna())
    sources = load.load_sources(data_dir)
    t["sources"] = sources[sources["source_url"].isin(cited)].reset_index(drop=True)
    return view


def listing_counts(view: CountryView) -> dict[str, int]:
    """Operations by what they say about the country: ``complete`` (operations with a complete
    list), ``listed_complete`` (listed in one), ``not_listed`` (complete lists without it),
    ``partial``, ``listed_partial``, ``not_among_partial``, ``no_list`` (not published or not
    transcribed) and ``operations`` (all). Unit: operations."""
    ops = view.operations
    listing, status = ops["listing"].astype(str), ops["participant_list"].astype(str)
    return {
        "operations": len(ops),
        "complete": int((status == "complete").sum()),
        "listed_complete": int(((listing == LISTED) & (status == "complete")).sum()),
        "not_listed": int((listing == NOT_LISTED).sum()),
        "partial": int((status == "partial").sum()),
        "listed_partial": int(((listing == LISTED) & (status == "partial")).sum()),
        "not_among_partial": int((listing == NOT_AMONG_PARTIAL).sum()),
        "no_list": int(listing.isin(no_list_listings()).sum()),
    }


def one_line_summary(view: CountryView) -> str:
    """A line for the report index, e.g. 'Nigeria (NGA): listed in 2 of 8 operations with a
    complete list; no coordination unit; 0 named cases located here, 4 other cases name it'."""
    n = listing_counts(view)
    parts = [f"listed in {n['listed_complete']} of {n['complete']} operation{'s' if n['complete'] != 1 else ''} "
             "with a complete list"]
    if n["listed_partial"]:
        parts[0] += f" and in {n['listed_partial']} partial list{'s' if n['listed_partial'] != 1 else ''}"
    units = len(view.coordination)
    if units:
        parts.append(f"hosted {units} coordination unit{'s' if units != 1 else ''}")
    roles = view.partners["role"].astype(str)
    if len(roles):
        parts.append("partner roles: " + ", ".join(sorted(set(r.replace("-", " ") for r in roles))))
    here = int((view.cases_located["case_kind"].astype(str) == "case").sum())
    other = int((~view.cases_naming["is_located_here"]).sum())
    parts.append(f"{here} named case{'s' if here != 1 else ''} located here, {other} other case"
                 f"{'s' if other != 1 else ''} naming it")
    return f"{view.name} ({view.iso3}): " + "; ".join(parts)
