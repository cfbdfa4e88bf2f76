"""Safe HTML strings on MarkupSafe, for the report pages and the index.

:class:`HTML` is MarkupSafe's ``Markup``: a string of HTML that is never escaped again, and
that escapes whatever is joined to it, formatted into it or concatenated with it. The one
difference is how it spells escaped quotes: as :func:`html.escape` does (``&quot;``,
``&#x27;``), which is also how pandas' ``Styler`` escapes the table headers, so a page spells
every quote one way (MarkupSafe's own ``escape`` writes ``&#34;`` and ``&#39;``: the same text in
a browser, other bytes). :func:`escape` turns a value from the data into :class:`HTML` (None
into the empty string); :func:`join` joins parts, escaping every part that is not HTML.

No pandas here: the index page is written on builds that import nothing else.
"""

from __future__ import annotations

import html

from markupsafe import Markup


class HTML(Markup):
    """A string of HTML built from escaped parts (MarkupSafe's ``Markup``, quotes spelled as
    :func:`html.escape` spells them)."""

    __slots__ = ()

    @classmethod
    def escape(cls, s) -> HTML:
        """``s`` as HTML: anything with ``__html__`` (a ``Markup``) as it is, anything else escaped."""
        if s is None:  # as the hand-made escape before it: a missing value is no text
            return cls("")
        if hasattr(s, "__html__"):
            rv = s.__html__()
            return rv if type(rv) is cls else cls(rv)
        return cls(html.escape(str(s), quote=True))


def escape(value) -> HTML:
    """``value`` as HTML text: HTML as it is, anything else escaped; None is the empty string."""
    return HTML.escape(value)


def join(parts, sep: str = "") -> HTML:
    """Join HTML parts, escaping the ones (and the separator) that are not HTML."""
    return HTML.escape(sep).join(escape(part) for part in parts)
