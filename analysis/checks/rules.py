"""The data rules a Table Schema cannot express, and the validate command's checks.

:data:`RULES` is what :func:`open_package` opens a package with: every table it reads is
checked against the descriptor by :mod:`analysis.package` and then by these rules, once per
content (the package's cache keeps the outcome):

- bounds follow the qualifier rule (reference/qualifiers.csv); counts of persons, cases and
  other whole things are whole numbers; an operation does not start after it ends; a case
  has exactly one location; a case place is a known country or M49 area; a country is
  listed once per operation;
- values and names agree with what the sources printed (:mod:`analysis.checks.printed`);
- across tables (:func:`cross_table_problems`, run by ``Package.validate``): a participant
  list's rows agree with its status and the printed count of participating countries.
"""

from __future__ import annotations

import pandas as pd

from analysis.checks import printed, qualifier_wordings
from analysis.checks.printed_numbers import show
from analysis.checks.units import DIVISIBLE_UNITS, is_whole_unit  # noqa: F401 (DIVISIBLE_UNITS: part of this module's API)
from analysis.package import vocabulary
from analysis.package.load import Package, Rules
from analysis.package.schema import problem
from analysis.places import dated_membership
from analysis.places.countries import Resolver


def implied_bounds(value: float, lower_factor, upper_factor, whole: bool = True) -> tuple[float | None, float | None]:
    """Bounds a qualifier implies for a printed number (the rule in reference/qualifiers.csv).

    lower = value x lower_factor, upper = value x upper_factor; for counts of whole things
    (``whole``) the lower bound rounds up and the upper bound down to whole units, amounts of
    money and tonnes are not rounded; a missing factor gives no bound (``None``). See
    :func:`analysis.checks.qualifier_wordings.implied_bounds`.
    """
    return qualifier_wordings.implied_bounds(value, lower_factor, upper_factor, whole=whole)


def _same(a, b) -> bool:
    if a is None or pd.isna(a):
        return b is None or pd.isna(b)
    return b is not None and not pd.isna(b) and float(a) == float(b)


def _table_rule_problems(name: str, path: str, frame: pd.DataFrame, package: Package) -> list[str]:
    """Data rules a Table Schema cannot express. Values that a foreign key rejects (an
    unknown qualifier, metric or count type) are skipped here: the foreign key reports them."""
    file = str(path)
    problems = []
    if name in printed.VALUE_TABLES:  # values with a qualifier and bounds
        fractional = _whole_count_problems(name, file, frame, package)
        problems += fractional.values()
        problems += _bounds_problems(file, frame, package, skip=set(fractional))
    if name == "operations":
        late = frame["start_date"].notna() & frame["end_date"].notna() & (frame["start_date"] > frame["end_date"])
        for i in frame.index[late]:
            problems.append(problem(
                file, f"start_date {frame.at[i, 'start_date']:%Y-%m-%d} is after end_date "
                      f"{frame.at[i, 'end_date']:%Y-%m-%d}", "dates in order",
                "swap the two dates, or correct the one mistyped", line=i + 2, column=["start_date", "end_date"]))
    if name == "cases":
        both = frame["location_iso3"].notna() == frame["location_area_m49"].notna()
        for i in frame.index[both]:
            problems.append(problem(
                file, "exactly one must be filled", "one location per case",
                "fill location_iso3 for a country or location_area_m49 for a UN M49 area, and leave the other empty",
                line=i + 2, column=["location_iso3", "location_area_m49"]))
    if name == "case_places":
        countries = set(package.frame("countries")["iso3"])
        areas = set(package.frame("m49_areas")["m49_code"])
        for i, code in frame["place_code"].items():
            if code not in countries and code not in areas:
                problems.append(problem(
                    file, f"{code!r} is neither an ISO3 code in reference/countries.csv nor an area in "
                          f"reference/m49_areas.csv", "known place",
                    "use the country's ISO 3166-1 alpha-3 code or the area's three-digit M49 code",
                    line=i + 2, column="place_code"))
    if name == "dated_membership":
        problems += dated_membership.validation_problems(file, frame)
    if name == "participants":
        for i in _duplicate_participants(frame, package):
            problems.append(problem(
                file, f"{frame.at[i, 'iso3']!r} is listed twice for {frame.at[i, 'operation_id']!r}",
                "one row per participant", "remove the second row, or correct its iso3", line=i + 2, column="iso3"))
    return problems


def _duplicate_participants(frame: pd.DataFrame, package: Package) -> list:
    """Rows whose (operation, iso3) another row already has. When one row of such a pair has
    a name that does not resolve to the code (a wrong code, reported by the name rule), that row
    is the duplicate, not the correct row of the country the code belongs to."""
    resolver = Resolver.of(package)

    def resolves(i) -> bool:
        try:
            return resolver.resolve(frame.at[i, "name_as_printed"]) == frame.at[i, "iso3"]
        except (LookupError, TypeError, ValueError):
            return False

    rows = []
    groups = frame.groupby(["operation_id", "iso3"], sort=False, observed=True).groups
    for index in groups.values():
        index = list(index)
        if len(index) < 2:
            continue
        correct = [i for i in index if resolves(i)]
        keep = correct[0] if correct else index[0]
        rows += [i for i in index if i != keep]
    return sorted(rows)


def _whole_units(frame: pd.DataFrame, package: Package) -> dict:
    """Row -> whether its value counts whole things (by its metric's or count type's unit)."""
    kind, vocabulary = ("count_type", "count_types") if "count_type" in frame.columns else ("metric_id", "metrics")
    table = package.frame(vocabulary)
    units = dict(zip(table[kind].astype(str), table["unit"].astype(str), strict=True))
    return {i: is_whole_unit(units.get(str(what), "")) for i, what in zip(frame.index, frame[kind], strict=True)}


def _bounds_problems(file: str, frame: pd.DataFrame, package: Package, skip: set) -> list[str]:
    """The bounds each row's qualifier implies (rows in ``skip`` have a wrong value already)."""
    qualifiers = package.frame("qualifiers")
    factors = dict(zip(qualifiers["qualifier"], zip(qualifiers["lower_factor"], qualifiers["upper_factor"],
                                                    strict=True), strict=True))
    whole = _whole_units(frame, package)
    problems = []
    for i, qualifier, value, lower_bound, upper_bound in zip(
            frame.index, frame["qualifier"], frame["value"], frame["lower_bound"], frame["upper_bound"], strict=True):
        disorder = qualifier_wordings.out_of_order(value, lower_bound, upper_bound)
        if disorder:
            problems.append(problem(file, disorder, "lower_bound <= value <= upper_bound",
                                    "the bounds must bracket the value: set them by the qualifier's rule",
                                    line=i + 2, column=["lower_bound", "value", "upper_bound"]))
        if i in skip or pd.isna(value) or qualifier not in factors:
            continue
        lower, upper = implied_bounds(float(value), *factors[qualifier], whole=whole[i])
        for column, expected, got in (("lower_bound", lower, lower_bound), ("upper_bound", upper, upper_bound)):
            if not _same(got, expected):
                want = show(expected)
                problems.append(problem(
                    file, f"expected {want} for qualifier '{qualifier}' and value {show(value)}, got "
                          f"{'empty' if pd.isna(got) else show(got)}",
                    "qualifier bounds, reference/qualifiers.csv",
                    f"set {column} to {want}: the bounds follow from the value and the qualifier's factors",
                    line=i + 2, column=column))
    return problems


def _whole_count_problems(name: str, file: str, frame: pd.DataFrame, package: Package) -> dict[int, str]:
    """Values that are not whole numbers although their unit counts whole things, by row."""
    if name in ("case_figures", "case_figure_alternatives"):
        kind, vocabulary, table = "count_type", "reference/count_types.csv", package.frame("count_types")
    else:
        kind, vocabulary, table = "metric_id", "reference/metrics.csv", package.frame("metrics")
    units = dict(zip(table[kind].astype(str), table["unit"].astype(str), strict=True))
    problems = {}
    for i, what, value in zip(frame.index, frame[kind].astype("string"), frame["value"], strict=True):
        unit = units.get(what) if not pd.isna(what) else None
        if unit is None or pd.isna(value) or not is_whole_unit(unit) or float(value).is_integer():
            continue
        problems[i] = problem(
            file, f"{value:g} is not a whole number, but {kind} '{what}' counts {unit}",
            f"whole counts, {vocabulary}",
            "correct the value (a printed '3.2 million' is 3200000), or the unit if it is divisible",
            line=i + 2, column="value")
    return problems


def cross_table_problems(package: Package) -> list[str]:
    """Rules spanning tables: a participant list marked complete has as many rows as the
    printed count of participating countries; a partial one has fewer; a list never published
    or printed but not transcribed (a status whose ``has_list`` is false in the descriptor's
    ``labels``, see :mod:`analysis.package.vocabulary`) has none."""
    operations = package.frame("operations")
    participants = package.frame("participants")
    figures = package.frame("figures")
    printed = figures[figures["metric_id"] == "participating_countries"].set_index("operation_id")["value"]
    rows = participants.groupby("operation_id").size()
    no_list = vocabulary.list_statuses(False, package)
    problems = []
    for op in operations.itertuples():
        n, status = int(rows.get(op.operation_id, 0)), str(op.participant_list)
        count = printed.get(op.operation_id)
        broken = (
            (status in no_list and n > 0)
            or (status not in no_list and n == 0)
            or (status == "complete" and count is not None and n != count)
            or (status == "partial" and count is not None and n >= count)
        )
        if broken:
            problems.append(
                f"participants.csv: {n} rows for {op.operation_id!r}, whose list is {status!r}, but "
                f"figures.csv prints {'no count' if count is None else f'{count:g}'} participating countries "
                f"[rule: participant_list in operations.csv]"
            )
    return problems


def table_problems(name: str, path: str, frame: pd.DataFrame, package: Package) -> list[str]:
    """Every rule of this layer that applies to table ``name`` (read from ``path``)."""
    return _table_rule_problems(name, path, frame, package) + printed.rule_problems(name, path, frame, package)


RULES = Rules("analysis.checks", table_problems, cross_table_problems)


def open_package(data_dir: Package | str | None = None) -> Package:
    """The data package in ``data_dir`` (default: ``TRAFFICKING_DATA_DIR`` or ``data/``),
    checked by every rule of this layer."""
    return Package.open(data_dir, RULES)
