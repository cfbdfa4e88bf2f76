"""Turn an executed notebook into a page: HTML without code, checks or network references.

The exporter is nbconvert's HTMLExporter with the project's ``offline`` template (no CDN:
no require.js, MathJax or mermaid), input cells and prompts excluded, and cells tagged
``remove-cell`` (the assertion checks and the cell that saves the page's tables) dropped:
they still run, and fail the build when they fail, but their output is not published.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_NAME = "offline"
REMOVE_CELL_TAGS = frozenset({"remove-cell"})
_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\balt=)[^>]*>", re.IGNORECASE)


def _page_exporter_class():
    """nbconvert's HTMLExporter without its closing BeautifulSoup pass, which parses and
    re-serialises every page (most of an export's time) only to give images without alt text a
    placeholder and to make JupyterLab's input and output areas focusable. Our pages show no
    inputs, and every figure carries its own alt text (the template's ``data_png`` block);
    :func:`notebook_to_html` checks that no image lacks one."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            language = nb.metadata.get("language_info", {})
            lexer = language.get("pygments_lexer", language.get("name"))
            resources = self._init_resources(resources)
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return PageExporter


@cache
def _exporter():
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = set(REMOVE_CELL_TAGS)
    return _page_exporter_class()(config=config, template_name=TEMPLATE_NAME,
                                  extra_template_basedirs=[str(TEMPLATE_DIR)], exclude_input=True,
                                  exclude_input_prompt=True, exclude_output_prompt=True)


def notebook_to_html(nb, title: str, resources: dict) -> str:
    """The page for an executed notebook node. ``resources`` reach the template
    (``index_href``, ``csv_links``, ``provenance``, ...)."""
    nb.metadata["title"] = title
    body, _ = _exporter().from_notebook_node(nb, resources=dict(resources))
    missing = _IMG_WITHOUT_ALT.findall(body)
    if missing:
        raise ValueError(f"{len(missing)} image(s) on the page '{title}' have no alt text: give every figure "
                         "alt text with analysis.present.figure(..., alt=...)")
    return body
