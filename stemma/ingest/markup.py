"""The text of HTML too deep for a tree: one linear pass over the markup, no recursion.

lxml (libxml2) stops building the tree at 256 nested elements and trafilatura then finds no
body, so a page whose text sits inside 100,000 ``<div>`` was rejected as "HTML has no body
text". ``flat_text`` reads such a page with the standard library's event parser, which keeps
no tree: every text outside scripts, styles and the head, one paragraph per block element.
Nothing is judged to be chrome here (there is no tree to judge by); ``clean`` marks chrome
later as for any text.
"""

from __future__ import annotations

from html.parser import HTMLParser

from stemma.ingest.html import plain_paragraphs

__all__ = ["TOO_DEEP", "FlatPage", "flat_text"]

# libxml2's default depth limit is 256; below it the tree-based extractor's answer stands.
TOO_DEEP = 200

_SKIP = frozenset({"script", "style", "template", "head", "noscript", "svg", "math"})
_BLOCK = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li blockquote pre tr section article header footer figure "
    "figcaption ul ol table dl dt dd body main aside nav br hr".split()
)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


class FlatPage(HTMLParser):
    """Text, title and the deepest nesting of one page, read as a stream of events."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.depth = self.deepest = 0
        self.skipping = 0  # inside how many skipped elements (scripts nest no elements)
        self.in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag not in _VOID:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)
        if tag == "title":
            self.in_title = True
        elif tag in _SKIP:
            self.skipping += 1
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self.depth = max(0, self.depth - 1)
        if tag == "title":
            self.in_title = False
        elif tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.parts.append(data)


def flat_text(page: str) -> tuple[str, str, int]:
    """(text in paragraphs, title, deepest nesting) of the HTML ``page``."""
    parser = FlatPage()
    parser.feed(page)
    parser.close()
    text = plain_paragraphs("".join(parser.parts))
    return text, " ".join("".join(parser.title).split()), parser.deepest
