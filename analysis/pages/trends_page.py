"""The trends page of an operation family as a reader sees it: what is compared first (the
editions, how many published a participant list, the caveat on comparing them), then the
presented tables and the chart. The tables come from :func:`analysis.trends.trend_tables`.

In the notebook: ``page = TrendsPage(family_id)``, then ``page.header()``,
``page.table("editions")``, ``page.headline_chart()``...
``page.table(name)`` presents a table by its specification in :data:`TRENDS_TABLES` (see
:mod:`analysis.pages.tables`).
"""

from __future__ import annotations

from analysis import pages
from analysis.package import vocabulary
from analysis.pages import present
from analysis.pages.present import Block
from analysis.pages.tables import SpecifiedTables, TableSpec
from analysis.views.trends import ALL, trend_tables


def family_label(family_id: str) -> str:
    return "all operations" if family_id == ALL else f"the {family_id} family"


def _with_edition_names(page, frame):
    """``compared_with`` as the edition's name ('Operation Liberterra II (2024)')."""
    labels = page._edition_labels()
    return frame.assign(compared_with=frame["compared_with"].map(lambda op: labels.get(op, op), na_action="ignore"))


_HEADLINE = TableSpec(columns=["metric", "edition", "value_as_printed", "value", "qualifier", "lower_bound",
                               "upper_bound", "counting_basis", "is_preliminary", "is_single_source", "alternatives",
                               "notes"],
                      note_column="value_as_printed",
                      caption="Headline figures with their qualifiers, bounds and flags",
                      empty="No comparable headline figure was printed for these editions.")

TRENDS_TABLES = {
    "editions": TableSpec(
        hide=["operation_id"],
        links={"operation_name": lambda page, frame: [pages.href_to(pages.overview_slug(op))
                                                      for op in frame["operation_id"]]},
        caption="Editions compared, oldest first (each links to its overview)"),
    "headline_matrix": TableSpec(caption="Headline figures as printed, by edition",
                                 empty="No comparable headline figure was printed for these editions."),
    "headline_trends": _HEADLINE,
    "headline_all": _HEADLINE,
    "participation_changes": TableSpec(
        prepare=_with_edition_names, hide=["operation_id"],
        caption="Countries and territories joining and leaving between editions with a complete list",
        empty="None of these editions published a participant list."),
    "region_frequency": TableSpec(hide=["region_code"],
                                  caption="How often each UN M49 region takes part, over the editions with a list",
                                  empty="None of these editions published a participant list."),
}


class TrendsPage(SpecifiedTables):
    """Presentation of the trend tables of one family (or of all operations); ``page.table(name)``
    by :data:`TRENDS_TABLES`."""

    TABLES = TRENDS_TABLES

    def __init__(self, family_id: str, tables: dict | None = None):
        self.family_id = family_id
        self.tables = tables if tables is not None else trend_tables(family_id)

    def header(self) -> Block:
        editions = self.tables["editions"]
        head = present.heading(f"Trends across editions: {family_label(self.family_id)}", 1,
                               f"{present.count(len(editions), 'edition')} compared")
        status = editions["participant_list"].astype(str)
        with_list = int(status.isin(vocabulary.list_statuses(True)).sum())
        partial = int((status == "partial").sum())
        names = list(self._edition_labels().values())
        listing = f"{with_list} of {len(editions)}"
        if partial:
            listing += f" ({partial} of them partial)"
        metrics = self.tables["headline_trends"]["metric_id"].nunique()
        items = [
            ("Editions", ", ".join(names) if names else "none"),
            ("Participant lists", f"{listing} published a list of participating countries and territories; the "
                                  "others are left out of the participation tables, not counted as empty."),
            ("Comparable figures", f"{present.count(metrics, 'kind')} of headline figure printed for at least one "
                                   "edition."),
            ("Read with care", "Sources word their figures differently: compare like with like (the counting "
                               "basis keeps the verb each source used), and most results were announced as "
                               "preliminary."),
        ]
        facts = present.facts(items, title="Key facts")
        return Block(head.html + "\n" + facts.html, head.text + "\n" + facts.text)

    def _edition_labels(self) -> dict[str, str]:
        """operation_id -> 'Operation Liberterra II (2024)', in date order."""
        trends = self.tables["headline_all"]
        labels = dict(zip(trends["operation_id"], trends["edition"], strict=False))
        changes = self.tables["participation_changes"]
        labels.update(zip(changes["operation_id"], changes["edition"], strict=False))
        editions = self.tables["editions"]
        return {op: labels.get(op, name) for op, name in zip(editions["operation_id"], editions["operation_name"],
                                                             strict=True)}

    def frames(self) -> dict:
        return self.tables

    def headline_chart(self) -> Block | None:
        from analysis.pages import plots

        trends = self.tables["headline_trends"]
        charted = getattr(plots, "TREND_METRICS", None)  # the metrics the chart draws by default
        shown = trends if charted is None else trends[trends["metric_id"].isin(charted)]
        if shown.empty:
            return present.paragraph("No chart: none of these editions prints a comparable headline figure.",
                                     css_class="no-figure")
        fig = plots.headline_trend_grid(trends)
        present.figure(fig, caption=f"Figure: headline figures across the editions of {family_label(self.family_id)}"
                                    "; bars run from the lower to the upper bound the qualifier implies.",
                       alt=self.headline_alt(shown))
        return None

    def headline_alt(self, shown) -> str:
        parts = []
        for metric, group in shown.groupby("metric", sort=False):
            values = "; ".join(f"{row.edition} {row.value_as_printed}" for row in group.itertuples())
            parts.append(f"{metric}: {values}.")
        return "Charts of headline figures by edition. " + " ".join(parts)
