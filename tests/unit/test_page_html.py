"""The page exporter: figures keep their alt text and caption; an image without alt text
stops the page (every figure on a page must say what it shows)."""

from __future__ import annotations

import base64

import nbformat
import pytest

from analysis.report import html

PIXEL = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")).decode()


def notebook_with_image(metadata: dict) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("figure")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": PIXEL, "text/plain": "Figure: a dot."},
                                           metadata=metadata)]
    nb.cells = [nbformat.v4.new_markdown_cell("# A page"), cell]
    return nb


def test_a_figure_with_alt_text_becomes_a_figure_with_its_caption():
    page = html.notebook_to_html(notebook_with_image({"image/png": {"alt": "A single <dot>."}}), "Test", {})
    assert '<figure class="report-figure">' in page
    assert 'alt="A single &lt;dot&gt;."' in page and "<figcaption>Figure: a dot.</figcaption>" in page
    assert "<title>Test</title>" in page


def test_an_image_without_alt_text_stops_the_page():
    with pytest.raises(ValueError, match=r"1 image\(s\) on the page 'Test' have no alt text"):
        html.notebook_to_html(notebook_with_image({}), "Test", {})
