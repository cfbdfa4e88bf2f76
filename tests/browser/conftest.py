"""Fixtures of the browser tests: a small site built into a temporary folder with the project's
builder, and Debian's Chromium driven by playwright (the system browser; nothing is downloaded).

Chromium is looked for at ``$CHROMIUM``, else ``/usr/bin/chromium``, else ``chromium`` or
``chromium-browser`` on the PATH. When there is none the browser tests are skipped with a
message saying how to install it; with ``REQUIRE_BROWSER=1`` (set by ``.ci/run``) they fail
instead, so CI cannot pass without having run them.
"""

from __future__ import annotations

import importlib.util
import os
import sys

import pytest
from browser_support import (
    BUILD_PAGES,
    CHROMIUM_FLAGS,
    INDEX,
    SAMPLE_OPERATION,
    SampleSite,
    find_chromium,
    linked_slugs,
    run_builder,
)


def _unavailable(message: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message} (REQUIRE_BROWSER=1: the browser tests must run)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium() -> str:
    path, where = find_chromium()
    if path is None:
        _unavailable(f"no Chromium found at {where}; install Debian's chromium to run the browser tests "
                     "(sudo apt-get install chromium), or set CHROMIUM=/path/to/chromium")
    return path


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> SampleSite:
    """One operation's pages (overview, regional pages), the all-operations trends page and the
    index, built by ``python -m analysis.report build --operation nawa-2014``; then, built
    with the same builder, one page of each other kind in the grid (a page that the sample
    links to when there is one) and the trends page of the smallest family."""
    from analysis.report.build import read_sidecar
    from analysis.report.grid import compute_grid

    root = tmp_path_factory.mktemp("reports")
    env = {**os.environ, "TRAFFICKING_REPORTS_DIR": str(root)}
    run_builder([sys.executable, "-m", "analysis.report", "build", "--operation", SAMPLE_OPERATION, "--jobs", "2"], env)
    grid = compute_grid()
    kinds = list(dict.fromkeys(report.kind for report in grid))
    published = {r.slug for r in grid if read_sidecar(root, r.slug) is not None}
    extra = []
    linked = linked_slugs(root, published)
    for kind in kinds:
        of_kind = [r for r in grid if r.kind == kind]
        if not any(r.slug in published for r in of_kind):
            extra.append(next((r for r in of_kind if r.slug in linked), of_kind[0]).slug)
    families = [r for r in grid if r.kind == "trends" and r.params.get("family_id") != "all"]
    if families:  # a family's trends page: a few editions, unlike trends/all
        extra.append(min(families, key=lambda r: len(r.data_scope)).slug)
    extra = [slug for slug in dict.fromkeys(extra) if slug not in published]
    if extra:
        run_builder([sys.executable, "-c", BUILD_PAGES, *extra], env)
    published = {r.slug for r in grid if read_sidecar(root, r.slug) is not None}
    pages = {INDEX: INDEX}
    for kind in kinds:
        first = next((r.slug for r in grid if r.kind == kind and r.slug in published), None)
        if first is not None:
            pages[kind] = first
    unbuilt = frozenset(r.slug for r in grid) - published
    return SampleSite(root, kinds, pages, published, unbuilt)


@pytest.fixture(scope="session")
def browser_context(chromium, tmp_path_factory):
    """A Chromium context with a fresh, empty profile; requests that are not ``file:`` or
    ``data:`` are aborted (and recorded by the tests), so a test never reaches the network."""
    if importlib.util.find_spec("playwright") is None:
        _unavailable("playwright is not installed in this environment (make setup installs it)")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=chromium, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 900})
        context.route(lambda url: not url.startswith(("file:", "data:")), lambda route: route.abort())
        try:
            yield context
        finally:
            context.close()
