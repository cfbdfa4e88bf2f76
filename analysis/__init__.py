"""Tidy-data loaders, country resolution, region schemes and metrics for
multinational police operations against human trafficking and migrant smuggling.

The library is built in layers, each importing only the layers below it (the contract is
checked by ``make lint``; see the README's development section):

- ``analysis.package``: the data package (descriptor, CSV reading and typing, content-keyed cache);
- ``analysis.places``: countries and their names, region schemes, map geometry;
- ``analysis.checks``: the data rules a Table Schema cannot express, and the validate command;
- ``analysis.views``: metrics and the computed views (regional, overview, trends, country);
- ``analysis.pages``: presentation (formatting, tables, plots, the page modules);
- ``analysis.report``: the report builder.

The loaders and the resolver are available from the package itself::

    import analysis
    analysis.load_participants("liberterra-ii-2024")   # 116 rows
    analysis.resolve_country("Congo (Democratic Rep.)")  # 'COD'

They are imported on first use, so that tools which need none of them (the report builder
deciding that nothing needs rebuilding) do not pay for pandas.

The modules' former flat names (``analysis.load``, ``analysis.metrics``, ``analysis.regions``,
``analysis.countries``, ...; ``MOVED`` below) still import: each is the same module object as
its new home, so ``python -m analysis.validate`` and ``python -m analysis.countries`` work too.
"""

import importlib.abc
import importlib.util
import sys
from importlib import import_module

# Former module name -> the module it now is.
MOVED = {
    "analysis.paths": "analysis.package.paths",
    "analysis.schema": "analysis.package.schema",
    "analysis.load": "analysis.package.load",
    "analysis.dictionary": "analysis.package.dictionary",
    "analysis.countries": "analysis.places.countries",
    "analysis.country_names": "analysis.places.country_names",
    "analysis.regions": "analysis.places.regions",
    "analysis.maps": "analysis.places.maps",
    "analysis.printed": "analysis.checks.printed",
    "analysis.validate": "analysis.checks.validate",
    "analysis.metrics": "analysis.views.metrics",
    "analysis.regional": "analysis.views.regional",
    "analysis.overview": "analysis.views.overview",
    "analysis.trends": "analysis.views.trends",
    "analysis.country": "analysis.views.country",
    "analysis.present": "analysis.pages.present",
    "analysis.plots": "analysis.pages.plots",
    "analysis.regional_page": "analysis.pages.regional_page",
    "analysis.overview_page": "analysis.pages.overview_page",
    "analysis.trends_page": "analysis.pages.trends_page",
    "analysis.country_page": "analysis.pages.country_page",
}


class _FormerName(importlib.abc.MetaPathFinder, importlib.abc.InspectLoader):
    """Imports a former module name as the module it now is (the same object, not a copy)."""

    def __init__(self):
        self._specs = {}

    def find_spec(self, fullname, path=None, target=None):
        return importlib.util.spec_from_loader(fullname, self) if fullname in MOVED else None

    def create_module(self, spec):
        module = import_module(MOVED[spec.name])
        self._specs[spec.name] = module.__spec__  # the import machinery sets __spec__ to the former name's
        return module

    def exec_module(self, module):
        module.__spec__ = self._specs.pop(module.__spec__.name)  # already executed under its new name

    def get_code(self, fullname):  # what `python -m analysis.validate` runs
        target = MOVED[fullname]
        return importlib.util.find_spec(target).loader.get_code(target)

    def get_source(self, fullname):
        target = MOVED[fullname]
        return importlib.util.find_spec(target).loader.get_source(target)


if not any(isinstance(finder, _FormerName) for finder in sys.meta_path):
    sys.meta_path.insert(0, _FormerName())  # first, so that a former name never finds a stale file

_EXPORTS = {
    "resolve_countries": "analysis.places.countries", "resolve_country": "analysis.places.countries",
    **{name: "analysis.package.load" for name in (
        "load_case_crime_types", "load_case_figures", "load_case_places", "load_case_seizures", "load_cases",
        "load_coordination_units", "load_figure_alternatives", "load_figures", "load_operations",
        "load_participants", "load_partners", "load_sources", "validate_package")},
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
