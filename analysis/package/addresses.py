"""Page addresses made from names: one rule, used by the pages and by the data checks
(a region name must give a non-empty address of its own). Standard library only."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    """Lower-case ASCII slug for file names ('Latin America and the Caribbean' ->
    'latin-america-and-the-caribbean', "Côte d'Ivoire" -> 'cote-d-ivoire')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
