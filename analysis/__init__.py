"""Tidy-data loaders, country resolution, region schemes and metrics for
multinational police operations against human trafficking and migrant smuggling.

The loaders and the resolver are available from the package itself::

    import analysis
    analysis.load_participants("liberterra-ii-2024")   # 116 rows
    analysis.resolve_country("Congo (Democratic Rep.)")  # 'COD'
"""

from analysis.countries import resolve_countries, resolve_country
from analysis.load import (
    load_case_crime_types,
    load_case_figures,
    load_case_places,
    load_case_seizures,
    load_cases,
    load_coordination_units,
    load_figure_alternatives,
    load_figures,
    load_operations,
    load_participants,
    load_partners,
    load_sources,
    validate_package,
)

__all__ = [
    "load_case_crime_types", "load_case_figures", "load_case_places", "load_case_seizures", "load_cases",
    "load_coordination_units", "load_figure_alternatives", "load_figures", "load_operations",
    "load_participants", "load_partners", "load_sources", "resolve_countries", "resolve_country",
    "validate_package",
]
