"""Tidy-data loaders, country resolution, region schemes and metrics for
multinational police operations against human trafficking and migrant smuggling."""
