"""The one place Markdown becomes HTML: Python-Markdown, then nh3 on the output.

Python-Markdown passes raw HTML, ``javascript:`` links and (via ``attr_list``)
event handlers straight through (PITFALLS.md), so the *output* is sanitised
with an allow-list. Document bodies, the trace page and the controlled-copy PDF
all render through ``render_markdown``.
"""

import markdown
import nh3

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "ol": {"start"},
}
_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """Markdown (with tables) to HTML that is safe to mark safe in a template."""
    html = markdown.markdown(
        text or "",
        extensions=["tables", "sane_lists"],
        output_format="html",
    )
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
