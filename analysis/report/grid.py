"""The grid of reports: which pages exist, with their template, parameters and data scope.

Per operation: an overview and, per region scheme usable for it, a regional breakdown for
each region where it listed a participant or named a case. Per operation family with at
least two editions, and for all operations together: a trends page. Per country or territory
that appears anywhere in the data (see :func:`analysis.country.codes_in_data`): a profile.

The grid depends only on the data and the code, so it is cached in ``build/`` under a key
made of their digests; an unchanged project never recomputes it (and never imports pandas
to decide that nothing needs building).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from analysis import pages
from analysis.package import paths

GRID_CACHE = paths.PROJECT_ROOT / "build" / "report-grid.json"


@dataclass(frozen=True)
class Report:
    """One page: a notebook template run with parameters, published at ``reports/<slug>``."""

    kind: str  # "regional", "overview", "trends" or "country"
    template: str  # file name in notebooks/ (or an absolute path, for tests)
    parameters: tuple[tuple[str, str], ...]
    slug: str  # path under reports/, without extension
    title: str
    group: str  # heading in the index
    subgroup: str = ""
    order: tuple = field(default=())
    data_scope: tuple[str, ...] = ("package",)  # see fingerprint.report_inputs

    @property
    def params(self) -> dict[str, str]:
        return dict(self.parameters)

    @property
    def template_path(self) -> Path:
        path = Path(self.template)
        return path if path.is_absolute() else paths.NOTEBOOKS_DIR / path

    @classmethod
    def from_dict(cls, data: dict) -> Report:
        return cls(kind=data["kind"], template=data["template"],
                   parameters=tuple(tuple(p) for p in data["parameters"]), slug=data["slug"],
                   title=data["title"], group=data["group"], subgroup=data["subgroup"],
                   order=tuple(data["order"]), data_scope=tuple(data["data_scope"]))


def operation_group(operation_name: str, dates_as_printed: str) -> str:
    """Index heading of an operation: 'Operation Liberterra II (29 September to 4 October 2024)'."""
    return f"{operation_name} ({dates_as_printed})"


def overview_report(operation_id: str, operation_name: str, group: str, rank: int = 0) -> Report:
    return Report("overview", "overview.ipynb", (("operation_id", operation_id),),
                  pages.overview_slug(operation_id), f"{operation_name}: overview", group,
                  order=(rank, -1, "", ""), data_scope=("operations", operation_id))


def regional_report(operation_id: str, operation_name: str, scheme_id: str, scheme_label: str,
                    region: str, group: str, rank: int = 0, scheme_order: int = 0) -> Report:
    """The regional breakdown of one operation, scheme and region (titled with the scheme's
    label, whether built by the full build or alone). In the index it comes after the
    operation's overview, by ``scheme_order`` (the scheme's ``order`` in region_schemes.csv),
    scheme and region."""
    params = (("operation_id", operation_id), ("scheme", scheme_id), ("region", region))
    return Report("regional", "regional_breakdown.ipynb", params,
                  pages.regional_slug(operation_id, scheme_id, region),
                  f"{operation_name}: {region} ({scheme_label})", group, scheme_label,
                  order=(rank, scheme_order, scheme_id, region),
                  data_scope=("operations", operation_id))


def trends_report(family_id: str, operation_ids: list[str]) -> Report:
    label = "all operations" if family_id == "all" else f"the {family_id} family"
    return Report("trends", "trends.ipynb", (("family_id", family_id),), pages.trends_slug(family_id),
                  f"Trends across editions: {label}", "Trends across editions",
                  order=(-1, 0, family_id, ""), data_scope=("operations", *sorted(operation_ids)))


COUNTRIES_GROUP = "Countries"
#: First element of a country profile's ``order``: after every operation and the trends.
COUNTRY_RANK = 1_000_000


def country_report(iso3: str, name: str) -> Report:
    """The profile of one country or territory (data scope: the rows naming it)."""
    from analysis.pages import slugify

    return Report("country", "country_profile.ipynb", (("iso3", iso3),), pages.country_slug(iso3),
                  f"{name} ({iso3}): country profile", COUNTRIES_GROUP,
                  order=(COUNTRY_RANK, 0, slugify(name), iso3), data_scope=("country", iso3))


def compute_grid(data_dir=None) -> list[Report]:
    """Every report, computed from the data (imports pandas; see :func:`report_grid`)."""
    from analysis.checks import loaders as load
    from analysis.places import regions
    from analysis.views.region_pages import regions_with_pages
    from analysis.views.trends import ALL

    operations = load.load_operations(data_dir=data_dir)
    reports = []
    by_family = operations.groupby("family_id", observed=True)["operation_id"].apply(list)
    reports.append(trends_report(ALL, list(operations["operation_id"])))
    for family_id, members in sorted(by_family.items()):
        if len(members) >= 2:  # one edition has no trend
            reports.append(trends_report(str(family_id), members))
    # Newest first in the index; editions without a start day last.
    operations = operations.sort_values(["start_date", "operation_id"], ascending=False, na_position="last")
    for rank, op in enumerate(operations.itertuples()):
        group = operation_group(op.operation_name, op.dates_as_printed)
        reports.append(overview_report(op.operation_id, op.operation_name, group, rank))
        participants = load.load_participants(op.operation_id, data_dir)
        cases = load.load_cases(op.operation_id, data_dir)
        regions.use_operation(op.operation_id, data_dir)  # the day dated schemes are read on
        for scheme in regions.list_schemes(op.operation_id, data_dir).itertuples():
            present = regions_with_pages(op.operation_id, scheme.scheme_id, data_dir,
                                         participants=participants, cases=cases)
            for region in sorted(present):
                reports.append(regional_report(op.operation_id, op.operation_name, scheme.scheme_id,
                                               scheme.label, region, group, rank, int(scheme.order)))
    from analysis.views.country import codes_in_data

    names = load.load_table("countries", data_dir=data_dir).set_index("iso3")["name"]
    reports += [country_report(iso3, str(names[iso3])) for iso3 in codes_in_data(data_dir)]
    slugs = [r.slug for r in reports]
    duplicates = sorted({s for s in slugs if slugs.count(s) > 1})
    if duplicates:
        raise ValueError(f"two reports would share the page(s) {duplicates}: rename a region or operation")
    return reports


def report_grid(key: str | None = None, data_dir=None) -> list[Report]:
    """The grid, from the cache in ``build/`` when ``key`` (a digest of the data and code)
    matches, else computed and cached."""
    if key is not None and GRID_CACHE.exists():
        try:
            cached = json.loads(GRID_CACHE.read_text(encoding="utf-8"))
            if cached.get("key") == key and cached.get("data_dir") == str(paths.default_data_dir()):
                return [Report.from_dict(r) for r in cached["reports"]]
        except (ValueError, KeyError, TypeError):
            pass  # a damaged cache is recomputed
    reports = compute_grid(data_dir)
    if key is not None:
        GRID_CACHE.parent.mkdir(parents=True, exist_ok=True)
        partial = GRID_CACHE.with_suffix(".json.partial")
        partial.write_text(json.dumps({"key": key, "data_dir": str(paths.default_data_dir()),
                                       "reports": [asdict(r) for r in reports]}), encoding="utf-8")
        partial.replace(GRID_CACHE)
    return reports
