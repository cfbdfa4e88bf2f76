"""The one rule of which regions get a regional page.

A region of a scheme has a page for an operation when a listed participant of the operation
lies in it, or a named case of the operation is located there (a case spanning several
regions counts for none). The report grid builds exactly these pages, and every link to a
regional page (the world page's region names, the overview's participation tables) asks
this rule, so a link never points to a page that is not built.
"""

from __future__ import annotations

import pandas as pd

from analysis.checks import loaders as load
from analysis.places import regions
from analysis.views import metrics


def regions_with_pages(operation_id: str, scheme_id: str, data_dir=None, *,
                       participants: pd.DataFrame | None = None, cases: pd.DataFrame | None = None) -> set[str]:
    """Names of the regions of ``scheme_id`` that have a page for ``operation_id``.

    ``participants`` and ``cases`` (the operation's rows, as the loaders give them) may be
    passed when already loaded; they are read from ``data_dir`` otherwise.
    """
    regions.use_operation(operation_id, data_dir)  # the day dated schemes are read on
    if participants is None:
        participants = load.load_participants(operation_id, data_dir)
    if cases is None:
        cases = load.load_cases(operation_id, data_dir)
    present: set[str] = set()
    if not participants.empty:
        present |= set(regions.assign_regions(participants, scheme_id, data_dir=data_dir)["region_name"].dropna())
    if not cases.empty:
        located = metrics.case_regions(cases, scheme_id, data_dir)
        present |= set(located["region_name"].dropna()) - {metrics.SPANS_SEVERAL}
    return present
