"""Table specifications as data (analysis.pages.tables): each page class presents its tables
from a dict of name -> TableSpec, and a new table is one more entry."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pytest

from analysis.pages import present
from analysis.pages.country_page import CountryPage
from analysis.pages.overview_page import OverviewPage
from analysis.pages.regional_page import RegionalPage
from analysis.pages.tables import SpecifiedTables, TableSpec, render
from analysis.pages.trends_page import TrendsPage
from analysis.views import country, regional


@dataclass
class Page:
    name: str


def test_a_spec_gives_every_argument_from_the_page_and_the_frame():
    frame = pd.DataFrame({"title": ["A", "B"], "code": ["a", "b"], "hidden": [1, 2]})
    spec = TableSpec(caption=lambda page, frame: f"{page.name}: {len(frame)} rows", hide=["hidden"],
                     labels={"code": "Code of the row"}, links={"title": lambda page, frame: [f"{c}.html" for c in
                                                                                         frame["code"]]},
                     notes=lambda page, frame: present.paragraph("A note under the table."))
    block = render(spec, Page("Test"), "things", frame)
    assert "Test: 2 rows" in block.html and "Code of the row" in block.html and "Hidden" not in block.html
    assert '<a href="a.html">A</a>' in block.html and "A note under the table." in block.html
    empty = render(TableSpec(empty=lambda page, frame: f"Nothing for {page.name}.",
                             notes=lambda page, frame: present.paragraph(f"Source of {len(frame)} rows.")),
                   Page("Test"), "things", frame.iloc[0:0])
    assert "Nothing for Test." in empty.html and "Source of 0 rows." in empty.html  # a note even without rows


def test_prepare_build_and_not_shown():
    frame = pd.DataFrame({"title": ["A", "B"]})
    kept = render(TableSpec(prepare=lambda page, frame: frame.iloc[1:]), Page("x"), "things", frame)
    assert ">B<" in kept.html and ">A<" not in kept.html
    built = render(TableSpec(build=lambda page, frame: present.paragraph(f"{len(frame)} things")), Page("x"), "t",
                   frame)
    assert built.text == "2 things"
    with pytest.raises(KeyError, match="saved as CSV only"):
        render(TableSpec(not_shown="saved as CSV only"), Page("x"), "t", frame)


def test_every_table_of_a_view_has_a_spec():
    assert set(regional.REPORT_TABLES) <= set(RegionalPage.TABLES)
    assert set(country.COUNTRY_TABLES) <= set(CountryPage.TABLES)
    for page in (RegionalPage, OverviewPage, TrendsPage, CountryPage):
        assert issubclass(page, SpecifiedTables) and page.TABLES
        assert all(isinstance(spec, TableSpec) for spec in page.TABLES.values())


def test_a_new_table_is_one_more_entry():
    view = regional.regional_view("liberterra-ii-2024", "m49-region", "Africa")

    class Extended(RegionalPage):
        TABLES = {**RegionalPage.TABLES,
                  "sources": TableSpec(columns=["title"], caption=lambda page, frame: f"Read for {page.view.region}")}

    block = Extended(view).table("sources")
    assert "Read for Africa" in block.html
    assert "Documents the figures and cases" in RegionalPage(view).table("sources").html
    with pytest.raises(KeyError, match=r"unknown table 'nothing'; valid values: \['headline'"):
        RegionalPage(view).table("nothing")
