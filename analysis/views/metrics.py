"""Metrics of tidy frames (as returned by the loaders), with the reference tables they need.

Each docstring states the unit, the numerator and the denominator. None of these
functions reads files except through the region scheme tables, the population table and
(for the list status and the population source) the operations table and datapackage.json.

The press releases give no regional totals of victims, arrests or migrants. Any regional
sum below covers the *named cases only*: the examples the source chose to describe. The
column names say so (``named_cases_...``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from analysis.checks.loaders import load_population, load_table
from analysis.package import paths, vocabulary
from analysis.places.regions import assign_regions, list_regions, membership, region_of_area

SPANS_SEVERAL = "Spans several regions"
OUTSIDE_GROUPING = "Outside the grouping"  # a place that is no member of a dated scheme that day


def participation_coverage(participants: pd.DataFrame, scheme_id: str, data_dir=None) -> pd.DataFrame:
    """Participation by region.

    One row per region of the scheme (regions with no participant included, with 0).
    - ``participants``: number of listed participating countries and territories in the region
      (unit: countries and territories);
    - ``countries_in_region``: all countries and territories the scheme puts in the region;
    - ``coverage_share`` = participants / countries_in_region (a fraction between 0 and 1).
    """
    if participants.empty:
        raise ValueError("no participants given: coverage needs a published participant list")
    regions = list_regions(scheme_id, data_dir)
    located = assign_regions(participants[["iso3"]], scheme_id, data_dir=data_dir)
    counts = located.groupby("region_code", observed=True).size().rename("participants")
    out = regions.merge(counts, left_on="region_code", right_index=True, how="left")
    out["participants"] = out["participants"].fillna(0).astype("Int64")  # 0 = none listed: a count
    out["coverage_share"] = (out["participants"] / out["countries_in_region"]).astype("Float64")
    return out[["region_code", "region_name", "participants", "countries_in_region", "coverage_share"]]


def population_coverage(participants: pd.DataFrame, scheme_id: str, data_dir=None, *,
                        participant_list: str | None = None) -> pd.DataFrame:
    """Share of each region's population living in the listed countries and territories.

    Unit: persons (World Bank SP.POP.TOTL, reference/population.csv; the source and vintage
    are given by :func:`population_source_note`). One row per region of the scheme, sorted by
    region name like :func:`participation_coverage`:

    - ``listed_population`` (numerator): population of the listed participants in the region
      that have a population figure, each counted once however often it is listed; 0 when no
      listed participant with a figure is in the region;
    - ``region_population`` (denominator): population of all the region's members (as the
      scheme assigns them) that have a figure; missing when none has one;
    - ``population_share`` = listed_population / region_population (a fraction between 0 and
      1); missing when the denominator is;
    - ``members_without_population``: ISO3 codes (sorted, joined by ', ') of the region's
      members with no figure in the source; they count in neither the numerator nor the
      denominator, neither as 0 nor silently dropped. Empty string when there are none;
    - ``listed_without_population``: those of them that are listed participants;
    - ``is_lower_bound``: True when the participant list is ``partial`` (a cut-off list: the
      true share can only be higher), False when it is ``complete``.

    The list status is the ``participant_list`` argument when given ('complete' or
    'partial'); otherwise it is looked up in operations.csv for the single ``operation_id``
    of ``participants`` (a frame of several operations needs the argument).
    """
    if participants.empty:
        raise ValueError("no participants given: coverage needs a published participant list")
    if participants["iso3"].isna().any():
        raise ValueError("participants: column 'iso3' has missing values; every listed participant needs a code")
    status = _participant_list_status(participants, participant_list, data_dir)
    population = load_population(data_dir)
    years = sorted(int(y) for y in population["year"].dropna().unique())
    if len(years) != 1:
        raise ValueError(f"reference/population.csv mixes years {years}; a share needs one vintage")
    listed = set(assign_regions(participants[["iso3"]].drop_duplicates(), scheme_id, data_dir=data_dir)["iso3"])
    members = membership(scheme_id, data_dir).merge(
        population[["iso3", "population"]], on="iso3", how="left", validate="one_to_one"
    )
    members["iso3"] = members["iso3"].astype(str)
    members["is_listed"] = members["iso3"].isin(listed)
    rows = []
    for region in list_regions(scheme_id, data_dir).itertuples(index=False):
        group = members[members["region_code"] == region.region_code]
        known = group[group["population"].notna()]
        unknown = group[group["population"].isna()]
        rows.append({
            "region_code": region.region_code,
            "region_name": region.region_name,
            "listed_population": int(known.loc[known["is_listed"], "population"].sum()),
            "region_population": int(known["population"].sum()) if len(known) else pd.NA,
            "members_without_population": ", ".join(sorted(unknown["iso3"])),
            "listed_without_population": ", ".join(sorted(unknown.loc[unknown["is_listed"], "iso3"])),
        })
    out = pd.DataFrame(rows)
    out["region_code"] = out["region_code"].astype("string")
    out["region_name"] = out["region_name"].astype("string")
    out["listed_population"] = out["listed_population"].astype("Int64")
    out["region_population"] = out["region_population"].astype("Int64")
    out["population_share"] = (out["listed_population"] / out["region_population"]).astype("Float64")
    out["members_without_population"] = out["members_without_population"].astype("string")
    out["listed_without_population"] = out["listed_without_population"].astype("string")
    out["is_lower_bound"] = pd.array([status == "partial"] * len(out), dtype="boolean")
    return out[["region_code", "region_name", "listed_population", "region_population", "population_share",
                "members_without_population", "listed_without_population", "is_lower_bound"]]


def _participant_list_status(participants: pd.DataFrame, participant_list: str | None, data_dir) -> str:
    """'complete' or 'partial': the argument when given, else the operation's participant_list."""
    if participant_list is not None:
        with_list = vocabulary.list_statuses(True, data_dir)
        if participant_list not in with_list:
            raise ValueError(f"participant_list={participant_list!r}; valid values: {list(with_list)}")
        return participant_list
    if "operation_id" not in participants.columns:
        raise ValueError("participants has no 'operation_id' column: pass participant_list='complete' or 'partial'")
    operation_ids = sorted(participants["operation_id"].dropna().astype(str).unique())
    if len(operation_ids) != 1:
        raise ValueError(f"participants come from operations {operation_ids}: give the participants of one "
                         "operation, or pass participant_list='complete' or 'partial'")
    operations = load_table("operations", data_dir=data_dir).set_index("operation_id")
    if operation_ids[0] not in operations.index:
        raise ValueError(f"operation {operation_ids[0]!r} of the participants is not in operations.csv")
    status = str(operations.at[operation_ids[0], "participant_list"])
    if status not in vocabulary.list_statuses(True, data_dir):
        raise ValueError(f"operation {operation_ids[0]!r} has participant_list {status!r}: no list to weigh")
    return status


def population_source_note(data_dir=None) -> str:
    """One line naming the population figures' source, indicator, year and licence, as
    recorded for the ``population`` resource in datapackage.json (for captions and CSVs)."""
    package_path = Path(data_dir) / "datapackage.json" if data_dir is not None else paths.DATAPACKAGE_PATH
    package = json.loads(package_path.read_text(encoding="utf-8"))
    resource = next((r for r in package["resources"] if r["name"] == "population"), None)
    if resource is None or not resource.get("sources") or not resource.get("licenses"):
        raise ValueError(f"{package_path}: the 'population' resource must record its sources and licenses")
    sources = "; ".join(f"{s['title']} ({s['path']})" for s in resource["sources"])
    licences = ", ".join(lic["name"] for lic in resource["licenses"])
    return f"Population: {sources}. Licence: {licences}."


def case_regions(cases: pd.DataFrame, scheme_id: str, data_dir=None) -> pd.DataFrame:
    """Region of each named case under a scheme.

    A case located in a country takes that country's region. A case located in an M49 area
    takes the scheme's region containing the whole area, or ``region_name`` =
    'Spans several regions' with a missing ``region_code`` when the area straddles regions.
    Returns ``cases`` with ``region_code`` and ``region_name`` added.
    """
    plain = cases.drop(columns=["region_code", "region_name"], errors="ignore")
    out = assign_regions(plain, scheme_id, iso3_column="location_iso3", data_dir=data_dir)
    names = dict(list_regions(scheme_id, data_dir)[["region_code", "region_name"]].itertuples(index=False))
    for i, area in out["location_area_m49"].items():
        if pd.isna(area):
            continue
        code = region_of_area(str(area), scheme_id, data_dir)
        out.at[i, "region_code"] = code if code is not None else pd.NA
        out.at[i, "region_name"] = names[code] if code is not None else SPANS_SEVERAL
    return out


def named_case_figure_sums(cases: pd.DataFrame, case_figures: pd.DataFrame, scheme_id: str,
                           data_dir=None) -> pd.DataFrame:
    """Sums of the counts printed for named cases, by region and count type.

    NOT regional totals: only the named cases (examples chosen by the source) are summed.
    Per region and ``count_type`` (unit: persons, or cases for 'sub-cases'):
    - ``named_cases``: named cases in the region (denominator of the coverage of the sum);
    - ``named_cases_with_figure``: those that printed this count;
    - ``named_cases_value_sum``: sum of the printed values;
    - ``named_cases_lower_bound_sum`` / ``named_cases_upper_bound_sum``: sums of the bounds the
      qualifiers imply; the upper sum is missing when any summed figure is unbounded above
      ('more than', 'at least'); the lower sum is missing when any lower bound is missing.
    Cases without a printed count are not counted as 0: they only appear in ``named_cases``.
    """
    located = case_regions(cases, scheme_id, data_dir)[["case_id", "region_code", "region_name"]]
    located = located.fillna({"region_code": "", "region_name": SPANS_SEVERAL})
    per_region = located.groupby(["region_code", "region_name"]).size().rename("named_cases")
    merged = case_figures.merge(located, on="case_id", how="inner", validate="many_to_one")
    keys = ["region_code", "region_name", "count_type"]

    def bound_sum(values: pd.Series):
        return values.sum() if values.notna().all() else pd.NA

    sums = (
        merged.groupby(keys, observed=True)
        .agg(
            named_cases_with_figure=("case_id", "nunique"),
            named_cases_value_sum=("value", "sum"),
            named_cases_lower_bound_sum=("lower_bound", bound_sum),
            named_cases_upper_bound_sum=("upper_bound", bound_sum),
        )
        .reset_index()
    )
    sums = sums.merge(per_region.reset_index(), on=["region_code", "region_name"], how="left")
    sums["region_code"] = sums["region_code"].replace("", pd.NA)
    for column in ("named_cases", "named_cases_with_figure"):
        sums[column] = sums[column].astype("Int64")
    for column in ("named_cases_value_sum", "named_cases_lower_bound_sum", "named_cases_upper_bound_sum"):
        sums[column] = sums[column].astype("Float64")
    sums["count_type"] = sums["count_type"].astype(str)
    columns = ["region_code", "region_name", "count_type", "named_cases", "named_cases_with_figure",
               "named_cases_value_sum", "named_cases_lower_bound_sum", "named_cases_upper_bound_sum"]
    return sums[columns].sort_values(["region_name", "count_type"], kind="stable").reset_index(drop=True)


def crime_type_mix(cases: pd.DataFrame, case_crime_types: pd.DataFrame, scheme_id: str,
                   data_dir=None) -> pd.DataFrame:
    """Crime types among named cases, by region.

    Per region and ``crime_type``: ``cases`` = named cases in the region tagged with it (unit:
    cases); ``share_of_region_cases`` = cases / named cases in the region (a case can carry
    several tags, so shares within a region can add up to more than 1).
    """
    located = case_regions(cases, scheme_id, data_dir)[["case_id", "region_name"]]
    located = located.fillna({"region_name": SPANS_SEVERAL})
    per_region = located.groupby("region_name").size().rename("region_cases")
    tagged = case_crime_types.merge(located, on="case_id", how="inner")
    tagged["crime_type"] = tagged["crime_type"].astype(str)
    mix = tagged.groupby(["region_name", "crime_type"]).size().rename("cases").reset_index()
    mix = mix.merge(per_region.reset_index(), on="region_name")
    mix["cases"] = mix["cases"].astype("Int64")
    mix["share_of_region_cases"] = (mix["cases"] / mix["region_cases"]).astype("Float64")
    return (
        mix[["region_name", "crime_type", "cases", "share_of_region_cases"]]
        .sort_values(["region_name", "cases", "crime_type"], ascending=[True, False, True], kind="stable")
        .reset_index(drop=True)
    )


def place_region(place_code: str, scheme_id: str, data_dir=None) -> str:
    """Region name of a case place (an ISO3 code or an M49 area code) under a scheme; under a
    dated scheme, a country that is no member on the operation's day is ``OUTSIDE_GROUPING``."""
    return place_regions([place_code], scheme_id, data_dir)[place_code]


def place_regions(place_codes, scheme_id: str, data_dir=None) -> dict[str, str]:
    """:func:`place_region` of several places at once (the scheme is read once): place code ->
    region name. An M49 area inside no single region is ``SPANS_SEVERAL``."""
    codes = sorted({str(c) for c in place_codes})
    areas = [c for c in codes if len(c) == 3 and c.isdigit()]
    out: dict[str, str] = {}
    if areas:
        names = dict(list_regions(scheme_id, data_dir)[["region_code", "region_name"]].itertuples(index=False))
        for area in areas:
            code = region_of_area(area, scheme_id, data_dir)
            out[area] = names[code] if code is not None else SPANS_SEVERAL
    countries = [c for c in codes if c not in out]
    if countries:
        located = assign_regions(pd.DataFrame({"iso3": countries}), scheme_id, data_dir=data_dir)
        for iso3, name in zip(located["iso3"], located["region_name"], strict=True):
            out[str(iso3)] = OUTSIDE_GROUPING if pd.isna(name) else str(name)
    return out


def region_flows(cases: pd.DataFrame, case_places: pd.DataFrame, scheme_id: str,
                 data_dir=None) -> pd.DataFrame:
    """Origin-to-destination links between regions among named cases.

    Origins are places with role 'origin'; destinations are places with role 'destination',
    or, when a case names none, the place where the action took place. One row per
    (origin region, destination region) with ``cases`` = named cases linking them (unit:
    cases; a case with two origins counts once per distinct pair). Only cases that name an
    origin appear.
    """
    places = case_places.merge(cases[["case_id"]], on="case_id")
    places = places.assign(role=places["role"].astype(str))
    origins = places[places["role"] == "origin"][["case_id", "place_code"]]
    destinations = places[places["role"] == "destination"][["case_id", "place_code"]]
    located = case_regions(cases, scheme_id, data_dir).set_index("case_id")
    region_of = place_regions(list(origins["place_code"]) + list(destinations["place_code"]), scheme_id, data_dir)
    rows = []
    for case_id, group in origins.groupby("case_id", sort=True):
        dest = destinations.loc[destinations["case_id"] == case_id, "place_code"].tolist()
        if dest:
            dest_regions = {region_of[str(p)] for p in dest}
        else:
            dest_regions = {str(located.at[case_id, "region_name"])
                            if pd.notna(located.at[case_id, "region_name"]) else SPANS_SEVERAL}
        origin_regions = {region_of[str(p)] for p in group["place_code"]}
        for o in sorted(origin_regions):
            for d in sorted(dest_regions):
                rows.append((case_id, o, d))
    links = pd.DataFrame(rows, columns=["case_id", "origin_region", "destination_region"])
    flows = links.groupby(["origin_region", "destination_region"]).size().rename("cases").reset_index()
    flows["cases"] = flows["cases"].astype("Int64")
    return flows.sort_values(["cases", "origin_region", "destination_region"],
                             ascending=[False, True, True], kind="stable").reset_index(drop=True)


def headline_ratio(figures: pd.DataFrame, numerator: str, denominator: str) -> pd.Series:
    """Ratio of two headline figures of one operation, with bounds from their qualifiers.

    ``ratio`` = value(numerator) / value(denominator) (a fraction). ``ratio_lower`` uses the
    numerator's lower bound over the denominator's upper bound, ``ratio_upper`` the reverse;
    a missing bound gives a missing ratio bound. Example: arrests on trafficking or smuggling
    charges (numerator ``arrests_ht_ms``) over all arrests (denominator ``arrests``).
    """
    if figures["operation_id"].nunique() != 1:
        raise ValueError("headline_ratio needs the figures of exactly one operation")
    indexed = figures.set_index(figures["metric_id"].astype(str))
    for metric in (numerator, denominator):
        if metric not in indexed.index:
            raise KeyError(f"metric {metric!r} not reported; reported: {sorted(indexed.index)}")
    num, den = indexed.loc[numerator], indexed.loc[denominator]

    def divide(a, b):
        return pd.NA if pd.isna(a) or pd.isna(b) or b == 0 else float(a) / float(b)

    return pd.Series(
        {
            "numerator": numerator,
            "denominator": denominator,
            "numerator_value": float(num["value"]),
            "denominator_value": float(den["value"]),
            "ratio": divide(num["value"], den["value"]),
            "ratio_lower": divide(num["lower_bound"], den["upper_bound"]),
            "ratio_upper": divide(num["upper_bound"], den["lower_bound"]),
        }
    )
