"""Which units of reference/metrics.csv and reference/count_types.csv count whole things."""

from __future__ import annotations

import re

# Units that measure divisible quantities. Every other unit counts whole things (persons,
# cases, flights, countries...), so a value in it must be a whole number; money (and a
# currency code such as EUR or USD) is divisible too.
DIVISIBLE_UNITS = frozenset({"tonnes", "kilograms", "litres", "money"})
CURRENCY_UNIT = re.compile(r"[A-Z]{3}")


def is_whole_unit(unit: str) -> bool:
    """True when a value in ``unit`` must be a whole number."""
    return unit not in DIVISIBLE_UNITS and not CURRENCY_UNIT.fullmatch(unit)
