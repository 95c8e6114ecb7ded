"""How much of one article ingest analyses: the per-article work budget.

Every later stage (links, stories, alignment, the encoder, the web upload queue) works from what
ingest derived: blocks, passages, the display text. Bounding those per article bounds every
stage, so one pathological file (5 MB of one-letter lines, 10 MB of "w ", a million "Ab. ")
cannot hold a batch or the upload queue for minutes. Nothing is dropped: the raw bytes and the
whole source text are stored as received; only the part past the budget is left unanalysed, as
one block marked ``CUT_SHORT``, and ingest reports a note that begins "analysis cut short:".

The limits sit far above real news articles (a long feature is 5,000-20,000 characters, a few
hundred sentences, few sentences over 500 characters) and are the same for every format.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from stemma.model import Article

__all__ = ["Budget", "BUDGET", "CUT_SHORT", "NOTE", "analysed", "folded_tail", "note"]

CUT_SHORT = "cut_short"  # the boilerplate reason of the unanalysed tail block
NOTE = "analysis cut short"
# characters of a cut_short tail the views (show, the article page, the API) print: the tail
# may be megabytes nobody reads on a screen; the store, `show --raw` and the export keep it all
TAIL_SHOWN = 300


@dataclass(frozen=True, slots=True)
class Budget:
    """Limits on the analysed prefix of one article's source text."""

    # The encoder embeds an article's passages (all of them when the article is aligned with
    # a translation), so the characters analysed bound its work: 100,000 characters are about
    # 25,000 tokens, twenty long features' worth.
    chars: int = 100_000  # characters of source analysed
    lines: int = 5_000  # lines (each at most one block) analysed
    passages: int = 1_000  # passages (sentences) kept; each is embedded and aligned later
    passage_chars: int = 1_000  # a longer "sentence" is split at white space into pieces
    # HTML main-text extraction (trafilatura) is skipped above this many tags (a news page
    # has a few thousand) for a streaming parse that keeps all the text
    html_tags: int = 30_000

    def span(self, source: str) -> tuple[int, str | None]:
        """End of the analysed prefix of ``source`` and, when it is not the whole text, why.

        The cut falls on a line break (or white space) close before the limit, so that no
        word is split.
        """
        end, why = len(source), None
        if end > self.chars:
            end = self.chars
            why = f"{len(source):,} characters, over the limit of {self.chars:,}"
        if source.count("\n", 0, end) >= self.lines:
            pos = -1
            for _ in range(self.lines):
                pos = source.find("\n", pos + 1, end)
            end = pos
            why = f"{source.count(chr(10)) + 1:,} lines, over the limit of {self.lines:,}"
        if why is not None:
            end = _boundary(source, end)
        return end, why

    def passages_reason(self, count: int) -> str:
        return f"{count:,} or more passages, over the limit of {self.passages:,}"


def _boundary(source: str, end: int) -> int:
    """``end`` moved back to just after a line break, else white space, within 1,000
    characters; kept where it is when there is neither (one endless word)."""
    if end >= len(source) or source[end].isspace():
        return end
    for sep in ("\n", " "):
        pos = source.rfind(sep, max(0, end - 1_000), end)
        if pos > 0:
            return pos
    return end


def note(why: str, end: int, total: int) -> str:
    """The ingest note for an article cut at ``end`` of ``total`` characters."""
    return (
        f"{NOTE}: {why}; the first {end:,} of {total:,} characters are analysed, "
        "all are stored (the rest is one block marked cut_short)"
    )


BUDGET = Budget()


def analysed(article: Article) -> Article:
    """``article`` as the stages after ingest should read it: its source cut to the part ingest
    analysed (offsets are unchanged, the cut is a prefix) and the cut_short block left out.

    Stages that scan ``source`` whole (tokenising for shingles, quotation marks, quotes) then
    do bounded work per article; an article within budget is returned as it is.
    """
    if not article.blocks or article.blocks[-1].boilerplate != CUT_SHORT:
        return article
    end = article.blocks[-1].start
    return replace(article, source=article.source[:end], blocks=article.blocks[:-1])


def folded_tail(text: str, shown: int = TAIL_SHOWN) -> tuple[str, str | None]:
    """A cut_short tail as the views print it: its first ``shown`` characters (cut at white
    space, never inside a word unless it has none) and a note of what is left out, or the
    whole text and None when it is that short."""
    if len(text) <= shown:
        return text, None
    end = _boundary(text, shown)
    if end <= 0 or end > shown:
        end = shown
    left = len(text) - end
    return text[:end].rstrip(), (
        f"{left:,} more characters not analysed and not shown here; all are stored"
        " (`stemma show ID --raw`, `stemma export --format jsonl`)"
    )
