"""Country profiles in the grid of reports, the index and the command line; links between
regional, overview and country pages lead to pages that exist."""

from __future__ import annotations

import csv
import json
import posixpath
import re

import pytest

from analysis import country, pages, paths, regional
from analysis.country_page import CountryPage
from analysis.overview_page import OverviewPage
from analysis.regional_page import RegionalPage
from analysis.report import cli, index
from analysis.report.grid import COUNTRIES_GROUP, compute_grid


@pytest.fixture(scope="module")
def grid():
    return compute_grid()


def codes_from_csv() -> set[str]:
    """Every ISO3 code in the data, read with the csv module alone."""
    def read(name):
        with open(paths.DATA_DIR / name, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    codes = {r["iso3"] for r in read("participants.csv")}
    codes |= {r["iso3"] for r in read("coordination_units.csv")}
    codes |= {r["iso3"] for r in read("partners.csv") if r["iso3"]}
    codes |= {r["location_iso3"] for r in read("cases.csv") if r["location_iso3"]}
    codes |= {r["place_code"] for r in read("case_places.csv") if re.fullmatch(r"[A-Z]{3}", r["place_code"])}
    return codes


def test_one_profile_for_every_code_in_the_data_and_none_else(grid):
    profiles = [r for r in grid if r.kind == "country"]
    expected = codes_from_csv()
    # Named codes of each kind, typed by hand (the total grows with every operation added).
    assert {"NGA", "BMU", "XKX", "CUW", "AFG", "SEN", "GBR"} <= expected
    assert {r.params["iso3"] for r in profiles} == expected
    assert len(profiles) == len(expected)
    for report in profiles:
        iso3 = report.params["iso3"]
        assert report.slug == f"countries/{iso3.lower()}" == pages.country_slug(iso3)
        assert report.template == "country_profile.ipynb" and report.group == COUNTRIES_GROUP
        assert report.data_scope == ("country", iso3)
    assert next(r for r in profiles if r.params["iso3"] == "BMU").title == "Bermuda (BMU): country profile"
    # Profiles come after every other page, sorted by name.
    assert grid.index(profiles[0]) > max(grid.index(r) for r in grid if r.kind != "country")
    assert sorted(profiles, key=lambda r: r.order)[0].params["iso3"] == "AFG"


def hrefs_from(slug: str, html: str) -> set[str]:
    """The pages (slugs) that ``html`` on page ``slug`` links to."""
    base = posixpath.dirname(slug)
    return {posixpath.normpath(posixpath.join(base, h))[: -len(".html")]
            for h in re.findall(r'href="([^"#]+\.html)"', html) if "://" not in h}


@pytest.fixture
def on_page(tmp_path):
    def start(slug):
        pages.begin_page(slug, tmp_path)
        return slug

    yield start
    pages.end_page()


def test_regional_pages_link_their_participants_and_case_locations_to_profiles(grid, on_page):
    slug = on_page("liberterra-ii-2024/m49-region/africa")
    view = regional.regional_view("liberterra-ii-2024", "m49-region", "Africa")
    page = RegionalPage(view)
    html = "".join(page.table(name).html for name in ("participants", "coordination", "cases"))
    linked = hrefs_from(slug, html)
    profiles = {s for s in linked if s.startswith("countries/")}
    assert {f"countries/{c.lower()}" for c in view.participants["iso3"]} <= profiles
    assert "countries/sen" in profiles and "countries/eth" in profiles  # unit host; case in Ethiopia
    assert len(profiles) == 40  # the 40 listed participants (hosts and case locations are among them)
    assert linked <= {r.slug for r in grid}


def test_overview_links_hosts_and_partner_countries_to_profiles(grid, on_page):
    slug = on_page("liberterra-ii-2024/overview")
    page = OverviewPage("liberterra-ii-2024")
    linked = hrefs_from(slug, page.table("coordination_units").html + page.table("partners").html)
    assert {"countries/arg", "countries/sen", "countries/phl", "countries/mkd", "countries/can", "countries/usa",
            "countries/deu", "countries/gbr", "countries/dnk"} == {s for s in linked if s.startswith("countries/")}
    assert linked <= {r.slug for r in grid}


@pytest.mark.parametrize("iso3", ["NGA", "GBR", "BMU", "AFG"])
def test_profile_links_lead_to_pages_in_the_grid(grid, on_page, iso3):
    slug = on_page(pages.country_slug(iso3))
    page = CountryPage(country.country_view(iso3))
    html = "".join(page.table(name).html for name in ("operations", "coordination", "partners", "cases_located",
                                                       "cases_naming"))
    linked = hrefs_from(slug, html)
    assert linked and linked <= {r.slug for r in grid}
    if iso3 == "NGA":  # listed in three operations: their Africa pages are linked
        assert {"liberterra-ii-2024/m49-region/africa", "global-chain-2024/m49-region/africa",
                "epervier-ii-2019/m49-region/africa"} <= linked


def test_index_lists_the_profiles_in_a_countries_section(grid, tmp_path):
    chosen = [r for r in grid if r.slug in ("countries/nga", "countries/civ", "nawa-2014/overview")]
    for report in chosen:
        base = tmp_path / report.slug
        base.parent.mkdir(parents=True, exist_ok=True)
        base.with_name(base.name + ".html").write_text("<html></html>")
        summary = ("Nigeria (NGA): listed in 3 of 8 operations with a complete list" if report.slug.endswith("nga")
                   else "Côte d'Ivoire (CIV): <b>x</b>" if report.slug.endswith("civ") else "Nawa: overview")
        base.with_name(base.name + ".json").write_text(json.dumps({"summary": summary}))
    text = index.index_html(grid, tmp_path)
    section = text[text.index('<section data-group id="countries"'):]
    section = section[: section.index("</section>")]
    assert "2 profiles" in section
    assert '<li data-entry="civ cote d\'ivoire country profile"' in section.replace("&#x27;", "'")
    assert '<a href="countries/nga.html">Nigeria (NGA)</a>: <span class="note">listed in 3 of 8' in section
    assert "&lt;b&gt;x&lt;/b&gt;" in section and "<b>x" not in section  # summaries are escaped
    assert section.index("Côte d&#x27;Ivoire (CIV)") < section.index("Nigeria (NGA)")  # sorted by name
    assert text.index("Operation Nawa") < text.index('id="countries"')  # after the operations


@pytest.mark.parametrize(("query", "message"), [
    ("Atlantis", "error: unknown country name 'Atlantis'."),
    ("Congo", "error: 'Congo' is ambiguous"),
    ("ATA", "error: Antarctica (ATA) appears nowhere in the data"),
])
def test_one_country_fails_with_one_line(query, message, capsys):
    assert cli.main(["one", "--country", query]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1
