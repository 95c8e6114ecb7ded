"""A learned decision to quote an attribution nested in another quote's content.

A content after its cue often runs over a second attribution ("X said A as Y argued B"): where a
clause boundary stands before it the rules end the content there, elsewhere the content keeps
it, as PolNeAR mostly does (ending every such content at the inner attribution lowered content
F1 on ``train``, 0.807 -> 0.784). PolNeAR annotates the inner attribution as a content of its
own too, and a cue the rules do not read as reporting speech ("believe", "want", a cue the
learned cue model proposes) gives no quote of its own inside another's content, so the inner
content is missed or found by the outer quote with the wrong source.

For each cue inside a quote's content (a rules' cue word, or a learned cue model candidate
scoring at least :data:`FLOOR`) with words of the content before its speaker, a logistic
regression decides whether the words after the inner cue, to the outer content's end, become a
quote of their own with the inner cue's speaker (the outer quote stays as it is). Its features
are general English patterns: the inner and outer cues' crude lemmas, the word classes right
before the inner speaker (a capitalised word only "CAP"), a sentence end or comma between,
how far the inner attribution stands from the outer content's start and how many words follow
it, a "that" after the outer cue, the inner speaker's shape (pronoun, determiner, capitalised),
the word after the inner cue and the cue model's score of it. No word of a name enters a
feature.

Labels come from PolNeAR ``train`` alone (``python -m benchmarks.quotes --fit``): each
candidate is tried on its own, and it is positive where adding its quote makes the article's
matching better (more gold contents found, or more found ones with the right source, less
0.4 for a quote that finds none). Ending the outer content before the inner attribution as
well, or instead, was tried and not kept (held out on ``train``: source agreement up, content
F1 down at every threshold).

The weights (``nest_weights.json``, beside this file) hold feature names and numbers only, and
the threshold, chosen by two-fold cross-validation on ``train`` through the whole extractor.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from stemma.quotes import cue_model, source_model
from stemma.quotes.lexicon import fold

WEIGHTS = Path(__file__).with_name("nest_weights.json")
FLOOR = 0.2  # the least cue model score a learned inner cue needs to be asked about
MIN_CONTENT_CHARS = 20
MIN_COUNT = 5
L2 = 3e-3  # of 1e-4 to 3e-2, by held-out ranking on train (two-fold)
THRESHOLD = 0.4  # two-fold on train through the whole extractor (benchmarks.quotes.NESTED_TWOFOLD)

_SENTENCE_END = re.compile(r"[.!?][”\"’']?\s+[“\"]?[A-Z]")
# closed-class words kept as themselves when capitalised (sentence-initial), not "CAP"
_CLOSED = frozenset({
    "he", "she", "they", "we", "it", "i", "you", "the", "a", "an", "and", "but", "that",
    "this", "these", "those", "his", "her", "their", "as", "while", "when", "after", "because",
    "which", "who", "if", "although", "though", "so", "yet", "since", "where", "according",
    "in", "on", "at", "for", "with", "by", "to", "of", "some", "many", "most", "other",
    "others", "one",
})  # fmt: skip


def word_class(word: str) -> str:
    """A word as a feature: punctuation and lower-case words as they are, a capitalised one
    only "CAP" unless it is a closed-class word opening a sentence."""
    if not word[:1].isalnum():
        return word
    low = fold(word)
    if word[:1].isupper():
        return low if low in _CLOSED else "CAP"
    return low


def _bucket(n: int, edges: tuple[int, ...] = (1, 3, 6, 10, 16, 25, 40)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return "more"


def _last_lemma(cue: str) -> str:
    words = cue.lower().split()
    return cue_model.lemma(words[-1]) if words else ""


def features(
    *,
    inner_cue: str,
    outer_cue: str,
    reader: str,
    kind: str,
    origin: str,
    before: list[str],
    between: str,
    words_before: int,
    words_after: int,
    words_to_content: int | None,
    that: bool,
    speaker: str | None,
    speaker_words: int,
    next_word: str | None,
    quoted: bool,
    score: float,
    inner_quote: bool,
) -> list[str]:
    """The features of one inner cue: ``before`` the words right before its speaker (last
    two), ``between`` the content's text up to there, ``words_before``/``words_after`` the
    words of the content before its speaker and after the cue, ``words_to_content`` those
    between the outer cue and its content (None for a content before its cue), ``reader`` how
    it was found ("verbs", "participles", "according", "learned"), ``score`` the cue model's
    (0 where it gave none), ``inner_quote`` whether a quote of its own stands at the cue."""
    il, ol = _last_lemma(inner_cue), _last_lemma(outer_cue)
    p1 = word_class(before[-1]) if before else "^"
    p2 = word_class(before[-2]) if len(before) > 1 else "^"
    that_f = "that" if that else "nothat"
    return [
        "bias",
        "il=" + il,
        "ol=" + ol,
        "name=" + reader,
        "kind=" + kind,
        "origin=" + origin,
        "p1=" + p1,
        "p2p1=" + p2 + "_" + p1,
        "sent" if _SENTENCE_END.search(between) else "nosent",
        "comma" if "," in between else "nocomma",
        "dist=" + _bucket(words_before),
        "rest=" + _bucket(words_after),
        "gap=before" if words_to_content is None else "gap=" + _bucket(words_to_content, (0, 1, 3)),
        that_f,
        "src=" + (source_model.shape(speaker) if speaker is not None else "none"),
        "srclen=" + (_bucket(speaker_words, (1, 2, 4, 8)) if speaker is not None else "0"),
        "n1=" + (word_class(next_word) if next_word is not None else "$"),
        "inq" if quoted else "noq",
        "score=" + (str(min(9, int(score * 10))) if score else "none"),
        "hasq" if inner_quote else "noq2",
        "il_p1=" + il + "_" + p1,
        "ol_that=" + ol + "_" + that_f,
    ]


def _load(path: Path | None = None) -> tuple[dict[str, float], float]:
    return _read(WEIGHTS if path is None else path)


@lru_cache(maxsize=2)
def _read(path: Path) -> tuple[dict[str, float], float]:
    # the cue model's loader reads the same file layout (weights, threshold, note); its own
    # cache holds the cue model's and the source chooser's files
    return cue_model._load.__wrapped__(path)


def available(path: Path | None = None) -> bool:
    return bool(_load(path)[0])


def accept(feats: list[str], path: Path | None = None) -> bool:
    """Whether the inner attribution with these features becomes a quote of its own."""
    weights, threshold = _load(path)
    return bool(weights) and cue_model.probability(feats, weights) >= threshold


def fit(examples: list[tuple[list[str], int]]) -> dict[str, float]:
    """The logistic regression of :func:`stemma.quotes.cue_model.fit`, with this model's
    minimum count and penalty."""
    return cue_model.fit(examples, min_count=MIN_COUNT, l2=L2)
