"""Turn an executed notebook into a page: HTML without code, checks or network references.

The exporter is nbconvert's HTMLExporter with the project's ``offline`` template (no CDN:
no require.js, MathJax or mermaid), input cells and prompts excluded, and cells tagged
``remove-cell`` (the assertion checks and the cell that saves the page's tables) dropped:
they still run, and fail the build when they fail, but their output is not published.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_NAME = "offline"
REMOVE_CELL_TAGS = frozenset({"remove-cell"})


@cache
def _exporter():
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = set(REMOVE_CELL_TAGS)
    return HTMLExporter(config=config, template_name=TEMPLATE_NAME,
                        extra_template_basedirs=[str(TEMPLATE_DIR)], exclude_input=True,
                        exclude_input_prompt=True, exclude_output_prompt=True)


def notebook_to_html(nb, title: str, resources: dict) -> str:
    """The page for an executed notebook node. ``resources`` reach the template
    (``index_href``, ``csv_links``, ``provenance``, ...)."""
    nb.metadata["title"] = title
    body, _ = _exporter().from_notebook_node(nb, resources=dict(resources))
    return body
