"""Quotes: who said what, in every rendering of a story.

``extract_quotes(article)`` finds the direct and indirect quotes of one article (cue lexicons in
``stemma/text/lang/<code>.py``, section ``# --- quotes ---``); ``story_quotes(articles, links)``
links renderings of one statement across outlets and languages.
"""

from stemma.quotes.extract import extract_quotes
from stemma.quotes.group import story_quotes

__all__ = ["extract_quotes", "story_quotes"]
