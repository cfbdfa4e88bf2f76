"""The pages in a real browser: Debian's Chromium, driven by playwright, opens every page of a
small site freshly built into a temporary folder (the index, and at least one page of each
kind the grid has, whatever the kinds are), at 1280 px and at 390 px wide, and checks what a
reader would meet:

- at 1280 px no table overflows the window or its container (a table wider than its box is
  fine only inside a box that scrolls, and that box must fit), and no table is wider than
  the window; at 390 px the page is no wider than the window and tables scroll in their box;
- no console error, no script error, no failed load, no image that does not render, and no
  request that leaves ``file://`` (every request is recorded; any other is aborted);
- every link on the index resolves to an existing page; every relative link on the sample
  pages (pages, CSV files, images) resolves to an existing file, or to a page of the full
  build that this small build left out; no link starts with ``/`` (the site must work under a
  sub-path, as on GitHub Pages);
- no visible ``<NA>``, ``nan``, ``None``, ``True``/``False`` in table cells, no whole number
  shown with ``.0``, and no "checks passed" (the rules of ``scripts/check_pages.py``).

The same static checks also run, without a browser, over every page of the sample site.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import pytest
from browser_support import INDEX, PROBE, SampleSite, check_pages

WIDE, NARROW = 1280, 390
HEIGHT = 900


@dataclass
class Visit:
    """What one page showed at one window width."""

    slug: str
    width: int
    requests: list[str]
    errors: list[str]
    probe: dict

    @property
    def where(self) -> str:
        return f"{self.slug}.html at {self.width} px"


@pytest.fixture(scope="module")
def visits(browser_context, sample_site: SampleSite) -> dict[tuple[str, int], Visit]:
    """Every page of the sample site (the index, one page of each kind and the few others the
    builder made with them) opened at both widths, each in a new tab of one browser."""
    result = {}
    for slug in [INDEX, *sorted(sample_site.published)]:
        for width in (WIDE, NARROW):
            result[slug, width] = open_page(browser_context, sample_site.path(slug), slug, width)
    return result


def open_page(context, path: Path, slug: str, width: int) -> Visit:
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(f"console {message.type}: {message.text}")
            if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
    page.on("requestfailed", lambda request: errors.append(f"failed to load {request.url[:120]}: {request.failure}"))
    try:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        page.goto(path.as_uri(), wait_until="load")
        probe = page.evaluate(PROBE)
    finally:
        page.close()
    return Visit(slug, width, requests, errors, probe)


def file_path(url: str) -> Path | None:
    """The local path of a ``file:`` URL (None for any other URL)."""
    parts = urlsplit(url)
    return Path(url2pathname(unquote(parts.path))) if parts.scheme == "file" else None


@pytest.mark.notebook
def test_the_sample_has_the_index_and_a_page_of_every_kind_in_the_grid(sample_site):
    assert set(sample_site.pages) == {INDEX, *sample_site.kinds}, (
        f"no page built for kind(s) {sorted(set(sample_site.kinds) - set(sample_site.pages))}")
    for slug in sample_site.pages.values():
        assert sample_site.path(slug).is_file()


@pytest.mark.browser
def test_no_table_overflows_at_1280_px_and_no_page_is_wider_than_390_px(visits):
    problems = []
    for visit in visits.values():
        assert visit.probe["view"] == visit.width, f"{visit.where}: the window is {visit.probe['view']} px wide"
        problems += [f"{visit.where}: {problem}" for problem in visit.probe["layout"]]
        if visit.width == WIDE:
            problems += [f"{visit.where}: {table['name']} is {table['scrollWidth']} px wide, wider than the window"
                         for table in visit.probe["tables"] if table["scrollWidth"] > WIDE]
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_tables_were_measured(visits, sample_site):
    """The layout test is only as good as its measurements: the sample page of every kind but
    the index shows tables, and they have a width."""
    for kind, slug in sample_site.pages.items():
        if kind != INDEX:
            tables = visits[slug, WIDE].probe["tables"]
            assert tables and all(t["width"] > 0 for t in tables), f"{slug}: no table measured"


@pytest.mark.browser
def test_no_console_errors_and_no_request_leaves_file_urls(visits):
    problems = []
    for visit in visits.values():
        problems += [f"{visit.where}: {error}" for error in visit.errors]
        problems += [f"{visit.where}: request to {url[:120]}" for url in visit.requests
                     if not url.startswith(("file:", "data:"))]
        problems += [f"{visit.where}: image does not render: {src}" for src in visit.probe["brokenImages"]]
        assert visit.requests and visit.requests[0].startswith("file:"), f"{visit.where}: no request recorded"
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_every_link_on_the_index_resolves_to_an_existing_page(visits, sample_site):
    links = visits[INDEX, WIDE].probe["links"]
    pages = [link for link in links if link["tag"] == "a"]
    assert len(pages) >= len(sample_site.published), "the index links fewer pages than were built"
    problems = []
    for link in links:
        path = file_path(link["resolved"])
        if link["raw"].startswith("/"):
            problems.append(f"{link['raw']}: starts with '/' (breaks under a sub-path)")
        elif path is None:
            if link["tag"] != "a":
                problems.append(f"<{link['tag']}> {link['raw']}: not a file in the site")
        elif not path.is_file():
            problems.append(f"{link['raw']}: no file {path}")
    linked = {file_path(link["resolved"]) for link in pages}
    problems += [f"published page {slug}.html is not linked from the index" for slug in sorted(sample_site.published)
                 if sample_site.path(slug).resolve() not in linked]
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_every_relative_link_on_the_sample_pages_resolves(visits, sample_site):
    root = sample_site.root.resolve()
    problems = []
    checked = 0
    for (slug, width), visit in visits.items():
        if width != WIDE:
            continue
        for link in visit.probe["links"]:
            raw, path = link["raw"], file_path(link["resolved"])
            if raw.startswith("/"):
                problems.append(f"{slug}: {raw} starts with '/' (breaks under a sub-path)")
            if path is None:
                continue
            checked += 1
            path = path.resolve()
            if not path.is_relative_to(root):
                problems.append(f"{slug}: {raw} leaves the site ({path})")
            elif not path.is_file() and path.relative_to(root).with_suffix("").as_posix() not in sample_site.unbuilt:
                problems.append(f"{slug}: {raw} resolves to {path.relative_to(root)}, which does not exist")
    assert checked > len(visits) // 2, "hardly any relative link found: is the probe reading the pages?"
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_no_raw_values_or_test_output_visible(visits):
    problems = []
    for visit in visits.values():
        if visit.width != WIDE:
            continue
        problems += [f"{visit.where}: {p}" for cell in visit.probe["cells"] for p in check_pages.cell_problems(cell)]
        problems += [f"{visit.where}: {p}" for p in check_pages.text_problems(visit.probe["text"])]
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_the_index_filter_narrows_the_list(browser_context, sample_site):
    """The index's filter box (inline JavaScript) runs in the browser: typing the words of one
    entry leaves that entry and hides pages that do not match."""
    page = browser_context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(sample_site.path(INDEX).as_uri())
        if page.locator("#filter").count() == 0:
            pytest.skip("the index has no filter box")
        total = page.locator("[data-entry]").count()
        target = sample_site.pages.get("overview") or sorted(sample_site.published)[0]
        link = page.locator(f'[data-entry] a[href="{target}.html"]').first
        words = " ".join(link.text_content().split())
        page.fill("#filter", words)
        matching = page.locator("[data-entry]:not([hidden])").count()
        assert 1 <= matching < total, f"filtering on {words!r} leaves {matching} of {total} entries"
        assert link.is_visible(), f"filtering on {words!r} does not show the entry it was taken from"
        page.fill("#filter", "")
        assert page.locator("[data-entry]:not([hidden])").count() == total
    finally:
        page.close()
    assert not errors, errors


@pytest.mark.notebook
def test_static_checks_pass_on_every_sample_page(sample_site):
    """scripts/check_pages.py over the whole sample site (links to pages of the full build
    that this small build left out are accepted)."""
    count, problems = check_pages.check_reports(sample_site.root, unbuilt_pages=sample_site.unbuilt)
    assert count == len(sample_site.published) + 1
    assert not problems, check_pages.report(problems, None)
