"""Page chrome found from an HTML page's structure, for ``clean`` to mark in the extracted text.

The text rules of ``clean`` see one line at a time; some chrome is only recognisable from the
markup around it:

- *link lists*: related-post rows, "latest stories" cards, "you may also like" grids. An
  element whose children are mostly links (each child short, its text mostly anchor text or
  opening with a link) is a list of other pages, whatever its heading says and in any language.
- *captions*: ``<figcaption>`` and elements whose class or id names a caption or a photo credit;
  they describe a picture, not the story.

The result maps a line's ``word_key`` (its words only, so "- Headline Subline" from
trafilatura's list rendering matches the markup's "Headline" + "Subline") to the reason, and
``clean.mark_blocks`` marks the blocks whose key it holds. Nothing here is tied to one site.
"""

from __future__ import annotations

import re

from stemma.ingest.clean import word_key

# Elements whose text is never shown.
_HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "title", "svg"})
# A list needs this many link items, making up this share of its children with text.
LIST_MIN_ITEMS = 3
LIST_MIN_SHARE = 0.8
# A link item is short (non-space characters) and mostly anchor text, or is a card: a linked
# headline (a heading holding a link, or a link holding a heading) over a summary line. A list
# item of running prose that opens with a link is neither.
ITEM_MAX_CHARS = 400
ITEM_LINK_SHARE = 0.5
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Parts of an item are keyed too (trafilatura may give a card's headline and summary as two
# lines), when they are at least this many characters of words: a lone "Video" label is not.
PART_MIN_KEY = 12
PARTS_KEPT = 32
# Captions checked against the page's text for a repeated lede (each check reads the page).
CAPTIONS_CHECKED = 64
# A page with more <h1> than this uses them for every section: none is the headline.
HEADLINES_MAX = 2
_CAPTION = re.compile(r"caption|credit|(?:^|[\s_-])legend(?:$|[\s_-])", re.IGNORECASE)


def _chars(text: str | None) -> int:
    """Non-space characters: markup indentation must not count as text."""
    return len("".join(text.split())) if text else 0


def structural_chrome(tree) -> dict[str, str]:
    """``word_key`` -> reason ("link_list", "caption") for the chrome lines of a parsed page."""
    found: dict[str, str] = {}
    elements = [el for el in tree.iter() if isinstance(el.tag, str)]
    # one pass from the leaves up: (text chars, anchor-text chars, holds a linked heading)
    sizes: dict = {}
    for el in reversed(elements):
        if el.tag in _HIDDEN:
            sizes[el] = (0, 0, False)
            continue
        text = _chars(el.text)
        links = 0
        headed = False
        for child in el:
            if isinstance(child.tag, str):
                t, a, h = sizes[child]
                text += t
                links += a
                headed = headed or h
            text += _chars(child.tail)
        if el.tag == "a":
            links = text
        if (el.tag in _HEADINGS and links) or (el.tag == "a" and _has_heading(el)):
            headed = True
        sizes[el] = (text, links, headed)
    captions: dict[str, str] = {}
    headlines = [el for el in elements if el.tag == "h1"]
    if len(headlines) <= HEADLINES_MAX:
        for el in headlines:
            key = word_key(el.text_content())
            if key:
                found[key] = "title"
    for el in elements:
        if el.tag in _HIDDEN:
            continue
        if el.tag == "figcaption" or _CAPTION.search(f"{el.get('class', '')} {el.get('id', '')}"):
            if 0 < sizes[el][0] <= ITEM_MAX_CHARS:
                _keep(el, "caption", captions)
            continue
        if len(el) < LIST_MIN_ITEMS:
            continue
        items = [c for c in el if isinstance(c.tag, str) and sizes[c][0]]
        linked = [c for c in items if _link_item(sizes[c])]
        if len(linked) >= LIST_MIN_ITEMS and len(linked) >= LIST_MIN_SHARE * len(items):
            for item in linked:
                _keep(item, "link_list", found)
    if captions:
        # a caption that repeats the article's lede is kept: the text's copy is the lede
        page = word_key(" ".join(t for t in tree.itertext() if t.strip()))
        for key, reason in list(captions.items())[:CAPTIONS_CHECKED]:
            if page.count(key) < 2:
                found.setdefault(key, reason)
    return found


def _link_item(size: tuple[int, int, bool]) -> bool:
    text, links, headed = size
    return text <= ITEM_MAX_CHARS and (headed or links >= ITEM_LINK_SHARE * text)


def _has_heading(el) -> bool:
    return any(isinstance(d.tag, str) and d.tag in _HEADINGS for d in el.iterdescendants())


def _keep(item, reason: str, found: dict[str, str]) -> None:
    """The item's whole text and each part of it with text of its own, keyed (at most
    ``PARTS_KEPT`` parts: a hostile item of thousands of empty elements costs no more)."""
    whole = word_key(item.text_content())
    if whole:
        found.setdefault(whole, reason)
    parts = 0
    for part in item.iterdescendants():
        if not isinstance(part.tag, str) or part.tag in _HIDDEN:
            continue
        parts += 1
        if parts > PARTS_KEPT:
            break
        key = word_key(part.text_content())
        if len(key) >= PART_MIN_KEY:
            found.setdefault(key, reason)
