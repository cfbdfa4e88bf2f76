"""Page blocks for the dated groupings (tables from :mod:`analysis.views.groupings`): the
income-group table with its World Bank vintage in the caption, the organisations' coverage
table, and the sentence naming the day (and vintage) a dated scheme is read on."""

from __future__ import annotations

import pandas as pd

from analysis.checks.loaders import load_operations
from analysis.pages import present
from analysis.pages.present import Block
from analysis.places import dated_membership as dm


def _fiscal_year_text(vintage: str | None) -> str:
    """'FY2025 (in force 1 July 2024 to 30 June 2025)'."""
    if not vintage:
        return "no World Bank classification in force"
    year = int(vintage[2:])
    return f"{vintage} (in force 1 July {year - 1} to 30 June {year})"

def dated_scheme_text(operation_id: str, scheme_id: str, data_dir=None) -> str | None:
    """For a dated scheme, which day (and World Bank vintage) the figures use, e.g. 'Members on
    29 September 2024, the operation's start date; World Bank classification FY2025 (in force
    1 July 2024 to 30 June 2025).' ``None`` for a pinned scheme."""
    if dm.scheme_dating(scheme_id, data_dir) != dm.DATED:
        return None
    start = dm.operation_start(operation_id, data_dir)
    if start is None:
        return "The sources give no start day for this operation: no dated membership can be used."
    text = f"Members on {present.date(start)}, the operation's start date"
    if scheme_id == dm.INCOME_SCHEME:
        text += f"; World Bank classification {_fiscal_year_text(dm.vintage_on(scheme_id, start, data_dir))}"
    return text + "."


def organisations_block(table: pd.DataFrame) -> Block:
    return present.table(table, "organisations",
                         columns=["organisation", "on", "members_on_start_date", "listed_members", "coverage_share",
                                  "population_share", "listed", "not_listed"],
                         labels={"organisation": "Organisation", "on": "Members on",
                                 "members_on_start_date": "Members that day", "listed_members": "Listed members",
                                 "coverage_share": "Share of members",
                                 "population_share": "Share of members' population",
                                 "listed": "Listed", "not_listed": "Not listed"},
                         caption="Members of each organisation on the operation's start date, and how many of them "
                                 "the operation listed (membership with dates; sources per row in "
                                 "data/reference/dated_membership.csv)",
                         empty="No member of the organisations recorded here is listed (or no list, or no start day).")

def income_block(operation_id: str, table: pd.DataFrame, vintage: str | None, data_dir=None) -> Block:
    """The income-group table with its vintage in the caption, or a sentence saying why none."""
    start = dm.operation_start(operation_id, data_dir)
    if start is None:
        return present.paragraph("The sources give no start day for this operation, so no World Bank "
                                 "classification can be chosen for it.")
    op = load_operations(operation_id, data_dir).iloc[0]
    caption = (f"Participants by World Bank income group, {_fiscal_year_text(vintage)}: the classification "
               f"in force on the operation's start date, {present.date(start)}")
    if str(op["participant_list"]) == "partial":
        caption += " (partial list: counts are lower bounds)"
    return present.table(table, "income_groups", caption=caption,
                         columns=["income_group", "vintage", "participants", "share_of_participants", "countries"],
                         labels={"income_group": "Income group", "share_of_participants": "Share of participants",
                                 "countries": "Countries and territories", "vintage": "Classification"},
                         empty="No participant list to classify.")
