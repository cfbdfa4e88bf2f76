"""Tidy-data loaders, country resolution, region schemes and metrics for
multinational police operations against human trafficking and migrant smuggling.

The loaders and the resolver are available from the package itself::

    import analysis
    analysis.load_participants("liberterra-ii-2024")   # 116 rows
    analysis.resolve_country("Congo (Democratic Rep.)")  # 'COD'

They are imported on first use, so that tools which need none of them (the report builder
deciding that nothing needs rebuilding) do not pay for pandas.
"""

from importlib import import_module

_EXPORTS = {
    "resolve_countries": "analysis.countries", "resolve_country": "analysis.countries",
    **{name: "analysis.load" for name in (
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
