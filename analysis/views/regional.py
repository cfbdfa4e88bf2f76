"""The tables of one regional breakdown: an operation, a region scheme and a region.

:func:`regional_view` checks the parameters (failing with the list of valid values) and
gathers every table the regional breakdown notebook shows, so the notebook and the
report builder (which saves the same tables as CSV) compute them in one place.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

import pandas as pd

from analysis.checks import loaders as load
from analysis.package import vocabulary
from analysis.places import dated_membership, regions
from analysis.views import groupings, metrics

REPORT_TABLES = ("headline", "coverage", "participants", "income_groups", "wb_regions", "coordination", "cases",
                 "case_figures", "crime_mix", "flows", "sources")


@dataclass
class RegionalView:
    """Tables for one operation, scheme and region (``region == 'World'`` = all regions)."""

    operation_id: str
    scheme: str
    region: str
    region_code: str | None
    operation: pd.Series
    scheme_info: pd.Series
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    has_participant_list: bool = False

    @property
    def is_world(self) -> bool:
        return self.region == regions.WORLD

    def __getattr__(self, name):
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)


def check_parameters(operation_id: str, scheme: str, region: str, data_dir=None) -> None:
    """Raise ``ValueError`` (one line, with the list of valid values) for the first bad
    parameter: a value that is not a string (a region code given as the number 2 instead of
    '002'), empty, with surrounding spaces, or unknown."""
    valid_operations = sorted(load.load_operations(data_dir=data_dir)["operation_id"])
    _check_text("operation_id", operation_id, valid_operations)
    load.load_operations(operation_id, data_dir)  # unknown id -> ValueError listing valid ids
    _check_text("scheme", scheme, list(regions.list_schemes(operation_id, data_dir)["scheme_id"]))
    regions.check_scheme(scheme, operation_id, data_dir)
    regions.use_operation(operation_id, data_dir)  # the day dated schemes are read on
    _check_text("region", region, [regions.WORLD] + list(regions.list_regions(scheme, data_dir)["region_name"]))
    regions.check_region(scheme, region, data_dir)


def _check_text(name: str, value, valid: list[str]) -> None:
    """Type, emptiness and surrounding spaces of a string parameter (unknown values are left
    to the specific checks, whose messages name the scheme)."""
    if not isinstance(value, str):
        hint = " (quote codes: '002', not 2)" if isinstance(value, int | float) else ""
        raise ValueError(f"parameter {name} must be a string, got {type(value).__name__} {value!r}{hint}; "
                         f"valid values: {valid}")
    if not value.strip():
        raise ValueError(f"parameter {name} is empty; valid values: {valid}")
    if value != value.strip():
        raise ValueError(f"parameter {name} {value!r} has surrounding spaces; valid values: {valid}")


def _in_region(frame: pd.DataFrame, view_code: str | None, column: str = "region_code") -> pd.Series:
    if view_code is None:
        return pd.Series(True, index=frame.index)
    return (frame[column] == view_code).fillna(False).astype(bool)


def headline_table(operation_id: str, data_dir=None) -> pd.DataFrame:
    """Headline figures of an operation indexed by metric label, with value as printed, value,
    qualifier, bounds, counting basis, preliminary flag, source URL and notes (our words)."""
    figures = load.load_figures(operation_id, data_dir)
    labels = load.load_table("metrics", data_dir=data_dir).set_index("metric_id")["label"]
    out = figures.assign(metric=figures["metric_id"].astype(str).map(labels))
    columns = ["metric", "value_as_printed", "value", "qualifier", "lower_bound", "upper_bound",
               "counting_basis", "is_preliminary", "source_url", "notes"]
    return whole_numbers_as_integers(out[columns]).set_index("metric")


def whole_numbers_as_integers(frame: pd.DataFrame) -> pd.DataFrame:
    """Show float columns holding only whole numbers as integers (3222, not 3222.0)."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_float_dtype(values) and (values.dropna() % 1 == 0).all():
            out[column] = values.astype("Int64")
    return out


def with_crime_types_and_counts(cases: pd.DataFrame, data_dir=None) -> pd.DataFrame:
    """``cases`` with ``crime_types`` (crime-type slugs, sorted, joined by ', ') and
    ``printed_counts`` ('arrests: more than 5; victims: 10', the counts as printed) added;
    missing where a case has none."""
    crimes = load.load_case_crime_types(data_dir=data_dir)
    crimes = crimes.assign(crime_type=crimes["crime_type"].astype(str))
    crime_text = crimes.groupby("case_id")["crime_type"].agg(lambda s: ", ".join(sorted(s)))
    figures = load.load_case_figures(data_dir=data_dir)
    figures = figures.assign(text=figures["count_type"].astype(str) + ": " + figures["value_as_printed"])
    count_text = figures.sort_values(["case_id", "count_type"]).groupby("case_id")["text"].agg("; ".join)
    return cases.assign(
        crime_types=cases["case_id"].map(crime_text).astype("string"),
        printed_counts=cases["case_id"].map(count_text).astype("string"),
    )


def _case_table(cases: pd.DataFrame, data_dir) -> pd.DataFrame:
    """One row per case with its crime types and printed counts joined into short text."""
    out = with_crime_types_and_counts(cases, data_dir)
    columns = ["position", "case_kind", "location_as_printed", "location_iso3", "region_name", "crime_types",
               "printed_counts", "summary", "case_id"]
    return out[columns].sort_values("position", kind="stable").set_index("position")


COORDINATION_COLUMNS = ["name_as_printed", "iso3", "city", "region_name", "relation"]


def _coordination_table(view: RegionalView, participants: pd.DataFrame, data_dir) -> pd.DataFrame:
    """Coordination units hosted in the region, plus the unit assumed to serve it under the
    operation's derived hub scheme (labelled as an assumption)."""
    hosts = load.load_coordination_units(view.operation_id, data_dir)
    hosted = regions.assign_regions(hosts, view.scheme, data_dir=data_dir)
    hosted = hosted[_in_region(hosted, view.region_code)].assign(relation="unit hosted in the region")
    rows = [hosted[COORDINATION_COLUMNS]]
    hosts = hosts.set_index("iso3")

    def assumed(host_iso3: str, region_name: str, relation: str) -> pd.DataFrame:
        return pd.DataFrame({"name_as_printed": [hosts.at[host_iso3, "name_as_printed"]], "iso3": [host_iso3],
                             "city": [hosts.at[host_iso3, "city"]], "region_name": [region_name],
                             "relation": [relation]})

    if pd.notna(view.scheme_info["operation_id"]):  # the scheme itself is the hub assumption
        if view.region_code in hosts.index:
            rows.append(assumed(view.region_code, view.region,
                                "assumed to serve this region (derived scheme, see its rule)"))
    elif view.has_participant_list:
        hub_schemes = regions.list_schemes(view.operation_id, data_dir)
        hub_schemes = hub_schemes[hub_schemes["operation_id"].notna()]
        for hub_scheme in hub_schemes["scheme_id"]:
            served = regions.assign_regions(participants[["iso3"]], hub_scheme, data_dir=data_dir)
            for hub_code, group in served.groupby("region_code", sort=True):
                if hub_code in hosts.index:
                    rows.append(assumed(hub_code, group["region_name"].iloc[0],
                                        f"assumed to serve {len(group)} of the region's listed participants "
                                        f"(derived scheme {hub_scheme}, see its rule)"))
    return pd.concat(rows, ignore_index=True)


COVERAGE_COLUMNS = ["region_code", "region_name", "participants", "countries_in_region", "coverage_share",
                    "listed_population", "region_population", "population_share", "members_without_population",
                    "listed_without_population", "is_lower_bound"]


def coverage_with_population(participants: pd.DataFrame, scheme: str, data_dir=None, *,
                             participant_list: str | None = None) -> pd.DataFrame:
    """Participation coverage by count and by population, side by side, one row per region.

    By count (:func:`analysis.metrics.participation_coverage`; unit: countries and territories):
    ``participants`` / ``countries_in_region`` = ``coverage_share``. By population
    (:func:`analysis.metrics.population_coverage`; unit: persons, World Bank SP.POP.TOTL, the
    vintage in reference/population.csv): ``listed_population`` / ``region_population`` =
    ``population_share``, over the members with a figure; ``members_without_population`` and
    ``listed_without_population`` name (ISO3, ', '-joined) those without one, counted in neither.
    ``is_lower_bound``: the list is partial, so every count and share is a lower bound.
    """
    counts = metrics.participation_coverage(participants, scheme, data_dir)
    people = metrics.population_coverage(participants, scheme, data_dir, participant_list=participant_list)
    out = counts.merge(people, on=["region_code", "region_name"], how="left", validate="one_to_one")
    return out[COVERAGE_COLUMNS]


def region_members(scheme: str, region_code: str | None, data_dir=None) -> set[str]:
    """ISO3 codes of every country and territory in the region (for a dated scheme, on the day
    set by :func:`analysis.regions.use_operation`); for the world, every code in
    reference/countries.csv."""
    if region_code is None:
        return set(load.load_table("countries", data_dir=data_dir)["iso3"].astype(str))
    members = regions.membership(scheme, data_dir)
    return set(members.loc[members["region_code"] == region_code, "iso3"].astype(str))


def world_bank_tables(view: RegionalView, data_dir=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The region's listed participants by World Bank income group (the classification in force
    on the operation's start date) and by World Bank region (one pinned vintage), each beside
    all the region's countries and territories in the group: see
    :func:`analysis.views.groupings.region_income_table` and ``region_wb_region_table``. Both
    are empty when the operation has no participant list (missing, not zero)."""
    listed = view.tables["participants"][["iso3", "name"]]
    members = region_members(view.scheme, view.region_code, data_dir) if view.has_participant_list else set()
    partial = str(view.operation["participant_list"]) == "partial"
    start = dated_membership.operation_start(view.operation_id, data_dir)
    return (groupings.region_income_table(listed, members, start, partial=partial, data_dir=data_dir),
            groupings.region_wb_region_table(listed, members, partial=partial, data_dir=data_dir))


# The tables of an operation under a scheme that do not depend on the region, by the content
# of the whole package: the pages of a scheme's regions share them (a warm kernel builds them
# one after another), and any edit of the data computes them afresh.
_SCHEME_TABLES: OrderedDict[tuple, dict[str, pd.DataFrame | None]] = OrderedDict()
_SCHEME_TABLES_SIZE = 16


def _scheme_tables(operation_id: str, scheme: str, data_dir=None) -> dict[str, pd.DataFrame | None]:
    """Every region's coverage (:func:`coverage_with_population`), the participants with their
    region (``None`` for both without a participant list), the named cases with their region
    (:func:`analysis.metrics.case_regions`) and all the region-to-region flows; copies. Call
    after :func:`check_parameters` (which sets the day dated schemes are read on)."""
    key = (load.open_package(data_dir).content_key(), operation_id, scheme)
    tables = _SCHEME_TABLES.get(key)
    if tables is None:
        participants = load.load_participants(operation_id, data_dir)
        cases = metrics.case_regions(load.load_cases(operation_id, data_dir), scheme, data_dir)
        tables = {
            "coverage": None if participants.empty else coverage_with_population(participants, scheme, data_dir),
            "participants": None if participants.empty else regions.assign_regions(participants, scheme,
                                                                                   data_dir=data_dir),
            "cases": cases,
            "flows": metrics.region_flows(cases, load.load_case_places(operation_id, data_dir), scheme, data_dir),
        }
        _SCHEME_TABLES[key] = tables
        while len(_SCHEME_TABLES) > _SCHEME_TABLES_SIZE:
            _SCHEME_TABLES.popitem(last=False)
    else:
        _SCHEME_TABLES.move_to_end(key)
    return {name: None if frame is None else frame.copy() for name, frame in tables.items()}


def regional_view(operation_id: str, scheme: str, region: str, data_dir=None) -> RegionalView:
    """Check the parameters and build every table of a regional breakdown.

    Tables (see ``REPORT_TABLES``): headline figures of the operation; participation coverage
    (countries and territories listed / all in the region, and the population living in them /
    the region's population: :func:`coverage_with_population`); the participants in the region;
    the same participants by World Bank income group and by World Bank region
    (:func:`world_bank_tables`);
    coordination units (hosts in the region and, for operation-specific hub schemes, the hub
    assumed to serve it); the named cases located in the region; sums of their printed counts
    (named cases only, not totals); their crime-type mix; origin-to-destination flows that
    start or end in the region; the sources cited.
    """
    check_parameters(operation_id, scheme, region, data_dir)
    code = regions.region_code_of(scheme, region, data_dir)
    operation = load.load_operations(operation_id, data_dir).iloc[0]
    scheme_info = regions.list_schemes(data_dir=data_dir).set_index("scheme_id").loc[scheme]
    view = RegionalView(operation_id, scheme, region, code, operation, scheme_info)
    t = view.tables

    t["headline"] = headline_table(operation_id, data_dir)

    shared = _scheme_tables(operation_id, scheme, data_dir)
    view.has_participant_list = shared["participants"] is not None
    if view.has_participant_list:
        coverage = shared["coverage"]
        t["coverage"] = coverage[_in_region(coverage, code)].reset_index(drop=True)
        located = shared["participants"]
        columns = ["position", "name_as_printed", "iso3", "name", "is_territory", "sovereign_iso3",
                   "region_name"]
        t["participants"] = located.loc[_in_region(located, code), columns].set_index("position")
    else:
        t["coverage"] = pd.DataFrame(columns=COVERAGE_COLUMNS)
        t["participants"] = pd.DataFrame(columns=["position", "name_as_printed", "iso3", "name",
                                                  "is_territory", "sovereign_iso3", "region_name"]
                                         ).set_index("position")

    t["income_groups"], t["wb_regions"] = world_bank_tables(view, data_dir)
    t["coordination"] = _coordination_table(view, t["participants"], data_dir)

    all_cases, cases = load.load_cases(operation_id, data_dir), shared["cases"]
    in_region = all_cases[_in_region(cases, code)]
    t["cases"] = _case_table(cases[_in_region(cases, code)], data_dir)
    sums = metrics.named_case_figure_sums(in_region, load.load_case_figures(operation_id, data_dir),
                                          scheme, data_dir)
    t["case_figures"] = whole_numbers_as_integers(sums)
    t["crime_mix"] = metrics.crime_type_mix(in_region, load.load_case_crime_types(operation_id, data_dir),
                                            scheme, data_dir)
    flows = shared["flows"]
    if code is not None:
        touches = (flows["origin_region"] == region) | (flows["destination_region"] == region)
        flows = flows[touches]
    t["flows"] = flows.reset_index(drop=True)

    used = set(t["headline"]["source_url"]) | set(all_cases["source_url"])
    sources = load.load_sources(data_dir)
    t["sources"] = sources[sources["source_url"].isin(used)].reset_index(drop=True)
    return view


def one_line_summary(view: RegionalView) -> str:
    """A sentence for the report index, e.g. 'Africa: 39 of 59 countries and territories
    listed (66%); 6 named cases'."""
    parts = []
    if view.has_participant_list:
        cov = view.coverage
        listed, total = int(cov["participants"].sum()), int(cov["countries_in_region"].sum())
        if view.operation["participant_list"] == "partial":
            parts.append(f"at least {listed} of {total} countries and territories (partial list)")
        else:
            parts.append(f"{listed} of {total} countries and territories listed ({listed / total:.0%})")
    else:
        parts.append(vocabulary.list_status_words(view.operation["participant_list"], "status_line"))
    n_cases = int((view.cases["case_kind"] == "case").sum())
    parts.append(f"{n_cases} named case{'s' if n_cases != 1 else ''}")
    return f"{view.region}: " + "; ".join(parts)
