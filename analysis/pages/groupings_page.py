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


# -- a region's participants by World Bank grouping (regional pages) -----------------------------

#: Columns of the two breakdowns shown on a regional page (the CSV has them all, see
#: analysis.views.groupings.INCOME_COLUMNS and WB_REGION_COLUMNS).
_BREAKDOWN_SHOWN = ["vintage", "participants", "share_of_participants", "countries_in_group", "coverage_share",
                    "population_share", "listed_countries"]


def _breakdown_labels(world: bool) -> dict[str, str]:
    return {"participants": "Listed as taking part",
            "share_of_participants": "Share of all participants" if world else "Share of the region's participants",
            "countries_in_group": "Countries and territories in the group",
            "coverage_share": "Share of them listed", "population_share": "Share of their population listed",
            "listed_countries": "Listed countries and territories"}


def _breakdown_legend(table: pd.DataFrame, group_column: str, world: bool, partial: bool) -> Block:
    """How the shares are computed, who has no population figure, and the population source."""
    from analysis.views import metrics

    universe = ("of this project's country list (reference/countries.csv)" if world
                else "of the region (as the scheme assigns them)")
    text = (f"Countries and territories in the group: all those {universe} that the group holds. Share of "
            "their population listed = population of the listed ones ÷ population of all of them that have a "
            "figure.")
    without = [f"{row[group_column]}: {row['members_without_population']}" for _, row in table.iterrows()
               if not present.is_missing(row["members_without_population"]) and row["members_without_population"]]
    if without:
        text += " Without a population figure (counted in neither, never as zero): " + "; ".join(without) + "."
    if partial:
        text += (" The published list is partial: counts and shares listed are lower bounds ('at least'); the "
                 "share of the listed participants is a share of the partial list.")
    return present.paragraph(f"{text} {metrics.population_source_note()}", css_class="table-legend")


def regional_breakdown_block(view, name: str, no_list: str) -> Block:
    """The region's listed participants by World Bank income group (``name == 'income_groups'``:
    the classification in force on the operation's start date, named in the caption and on
    every row) or by World Bank region (``'wb_regions'``: one pinned vintage), with a legend;
    ``no_list`` is the sentence shown when the operation has no participant list."""
    table = view.tables[name]
    world = view.is_world
    place = "all regions" if world else view.region
    partial = str(view.operation["participant_list"]) == "partial"
    bound = " (partial list: counts and shares listed are lower bounds)" if partial else ""
    if not view.has_participant_list:
        return present.table(table, name, empty=no_list)
    vintage = str(table["vintage"].iloc[0]) if len(table) else None
    if name == "income_groups":
        group_column, label = "income_group", "Income group"
        start = view.operation["start_date"]
        if present.is_missing(start):
            return present.paragraph("The sources give no start day for this operation, so no World Bank "
                                     "classification can be chosen for it.")
        caption = (f"Participants listed in {place} by World Bank income group, World Bank classification "
                   f"{_fiscal_year_text(vintage)}: the classification in force on the operation's start date, "
                   f"{present.date(start)}{bound}")
    elif name == "wb_regions":
        group_column, label = "wb_region", "World Bank region"
        caption = (f"Participants listed in {place} by World Bank region, {vintage} regions (one pinned vintage, "
                   f"used for every operation whatever its date){bound}")
    else:
        raise KeyError(f"unknown breakdown {name!r}; valid values: ['income_groups', 'wb_regions']")
    if view.tables["participants"].empty:
        return present.table(table.iloc[0:0], name, caption=caption,
                             empty="No country or territory of the region is on the published list.")
    shown = present.table(table, name, columns=[group_column, *_BREAKDOWN_SHOWN], caption=caption,
                          labels={group_column: label, "vintage": "Classification", **_breakdown_labels(world)})
    legend = _breakdown_legend(table, group_column, world, partial)
    return Block(shown.html + "\n" + legend.html, shown.text + "\n" + legend.text)
