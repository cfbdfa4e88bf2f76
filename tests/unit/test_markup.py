"""Safe HTML on MarkupSafe (analysis.pages.markup): data text is escaped, built HTML is not
escaped twice, and quotes are spelled as html.escape and pandas' Styler spell them."""

from __future__ import annotations

import html

from markupsafe import Markup

from analysis.pages import present
from analysis.pages.markup import HTML, escape, join

HOSTILE = "<img src=x onerror=\"alert('1')\"> & co"


def test_data_text_is_escaped_as_html_escape_does():
    assert escape(HOSTILE) == html.escape(HOSTILE, quote=True)
    assert "&#x27;" in escape(HOSTILE) and "&quot;" in escape(HOSTILE)
    assert escape(None) == "" and escape(3) == "3"


def test_built_html_is_kept_and_what_is_added_to_it_is_escaped():
    built = HTML("<b>kept</b>")
    assert isinstance(built, Markup)
    assert escape(built) == "<b>kept</b>" and escape(Markup("<i>also</i>")) == "<i>also</i>"
    assert built + HOSTILE == "<b>kept</b>" + html.escape(HOSTILE)
    assert HTML("<a href=\"{}\">{}</a>").format(HOSTILE, HOSTILE).count("<") == 2
    assert join([HOSTILE, built, None], sep="<br>") == f"{html.escape(HOSTILE)}&lt;br&gt;<b>kept</b>&lt;br&gt;"
    assert type(join(["a"])) is HTML


def test_present_builds_on_markupsafe():
    assert present.escape is escape and present.HTML is HTML
    paragraph = present.paragraph(HOSTILE, present.link("https://example.org/x"), HTML("<strong>!</strong>"))
    assert "<img" not in paragraph.html and '<a href="https://example.org/x"' in paragraph.html
    assert "<strong>!</strong>" in paragraph.html
