"""A learned source chooser: which of the speaker readers' answers is a quote's source.

The extractor has several ways of reading who a quote is from, each right in its own shape:
the phrase right before the cue ("Smith said"), the sentence's subject ("Smith, who ..., has
long argued"), the learned cue's reader (a relative pronoun or a possessor: "a group that
opposes", "Bush's proposal"), the phrase right after an inverted cue ("said Smith") and the
previous quote's speaker (a quotation no cue claims). The rule that built the quote picked one;
on PolNeAR ``train`` another reader held the annotated source for about one found quote in
twenty where the pick did not.

Each distinct span the readers give is a candidate, scored by a logistic regression on features
that carry over to other English news: which readers gave it (and whether it is the rule's own
pick), the cue's crude lemma and form crossed with the reader, which side of the cue the content
stands on, the candidate's shape (pronoun, relative pronoun, determiner, capitalised, lowercase),
its length and whether a comma is inside it, the shape of the rule's pick beside it, and the
lower-case words inside the candidate and between it and the cue (:func:`lexical`: "officials",
"spokesman"; "when", "after" or "which" opening a clause between a phrase and the cue). The best
scoring candidate is the source. No word of a name enters a feature: a capitalised word is only
"CAP".

The weights (``source_weights.json``, beside this file) hold feature names and numbers only.
They were fitted on PolNeAR ``train`` alone by ``python -m benchmarks.quotes --fit`` (two-fold
cross-validation on ``train`` reports what choosing gains); ``dev`` stays held out. Only English
is read.

How far choosing can go: on PolNeAR some reader's answer overlaps the gold source for about 0.92
of found quotes (``benchmarks.quotes.source_ceiling``), the chooser reaches about 0.87, the
rule's pick 0.85. Measured on held-out halves of ``train`` and not kept, as none moved the
held-out agreement by more than 0.001: the article's own capitalisation (a capitalised word also
written in lower case is no name: "There", "Publicly"), the candidate's head word and count of
lower-case words, words and commas between it and the cue, its rank among the candidates before
the cue, whether its surname is another quote's speaker, whether it stands inside the content,
its containment in or order beside the rule's pick, a finer or coarser penalty,
gradient-boosted trees over the same features (interactions: 0.870 against the regression's
0.870), and a conditional logit (a softmax over each quote's candidates, fitted on the same
features: 0.868-0.873 at L2 penalties from 1e-4 to 3e-2, against 0.878). Readers tried and not
kept, each giving a right answer no other gave for about one found quote in a thousand: the subject before a quotation's opening mark where no cue claims
it, the main clause's subject after a participial opening ("Promising ..., X said"), the holder
after a noun cue ("support from X"). Tried with the lower-case words (two-fold on ``train``,
halves / odd and even articles, against 0.8817 / 0.8813) and not kept, each within noise: the
candidate's first and last word where a closed-class one, the words right before and after it,
word pairs and the first and last word between it and the cue, those words crossed with the
readers, the cue's neighbouring words crossed with the readers, the content's first word, a
penalty and minimum count re-tuned (0.8809-0.8819); the subject of the verb before a
coordinating conjunction right before the cue ("X lamented A and criticized B": four more
quotes reachable), every inner cue's speakers (reachable 0.930 -> 0.936, chosen 0.8816 /
0.8806), and fitting also on quotes whose content overlaps a gold one by less than half
(0.8815 / 0.8796). About a quarter of PolNeAR's gold sources are pronouns or
relative pronouns annotated where they stand, so a shown name resolved from a pronoun must keep
the pronoun's span to score.
"""

from __future__ import annotations

import re
from pathlib import Path

from stemma.quotes import cue_model

WEIGHTS = Path(__file__).with_name("source_weights.json")
READERS = (
    "rule",
    "before",
    "subject",
    "learned",
    "after",
    "previous",
    "clause",
    "aside",
    "antecedent",
    "inner",
    "following",
)
_RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
_DETERMINER = frozenset({"the", "a", "an", "this", "these", "those", "some", "many", "most"})
_PRONOUN = frozenset({"he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "its"})


def shape(text: str) -> str:
    """The class of a candidate's first word: no word itself, so no name leaks in."""
    words = text.split()
    if not words:
        return "EMPTY"
    first = words[0].lower().strip("\"'“‘(")
    if first in _PRONOUN:
        return "PRON"
    if first in _RELATIVE:
        return "REL"
    if first in _DETERMINER:
        return "DET" + ("+CAP" if len(words) > 1 and words[1][:1].isupper() else "")
    if words[0][:1].isupper():
        return "CAP" + ("1" if len(words) == 1 else "")
    return "LOW"


def _length(n: int) -> str:
    return "1" if n <= 1 else "2" if n == 2 else "3" if n <= 4 else "5" if n <= 8 else "9"


def features(
    readers: set[str],
    text: str,
    cue: str,
    side: str,
    origin: str,
    rule_shape: str,
    where: str,
    around: tuple[str, str] | None = None,
    gap: tuple[str, str] | None = None,
) -> list[str]:
    """Features of one candidate span: ``readers`` that gave it, its ``text``, the quote's
    ``cue`` as written, the ``side`` of the cue its content stands on ("before", "after",
    "none"), the quote's ``origin``, the shape of the rule's own pick (``rule_shape``) and
    where the span stands from the cue (:func:`where`); ``around``, the text just before and
    just after the span, gives the class of its neighbours ("Today, ..." is followed by a comma,
    "Smith said" by the cue, "his speech called" is preceded by a preposition); ``gap``, the
    side of the cue the span stands on ("b" before it, "a" after it) and the text between the
    two, gives their words (:func:`lexical`)."""
    words = cue.split()
    lem = cue_model.lemma(words[-1]) if words else "<none>"
    form = cue_model._form(words[-1].lower()) if words else ""
    sh = shape(text)
    n = len(text.split())
    f = ["bias", f"readers={'+'.join(sorted(readers))}", f"shape={sh}", f"len={_length(n)}"]
    for r in readers:
        f += [
            f"r={r}",
            f"r+lem={r}|{lem}",
            f"r+form={r}|{form}",
            f"r+side={r}|{side}",
            f"r+origin={r}|{origin}",
            f"r+shape={r}|{sh}",
            f"r+rule_shape={r}|{rule_shape}",
        ]
    if "," in text:
        f.append("comma")
    f.append(f"shape+lem={sh}|{lem}")
    f.append(f"shape+side={sh}|{side}")
    f += [f"where={where}", f"where+shape={where}|{sh}", f"where+side={where}|{side}"]
    f.append(f"where+lem={where}|{lem}")
    if around is not None:
        before, after = (_neighbour(around[0][::-1], True), _neighbour(around[1], False))
        f += [f"prev={before}", f"next={after}", f"prev+next={before}|{after}"]
        f += [f"next+shape={after}|{sh}", f"prev+shape={before}|{sh}"]
        f += [f"r+next={r}|{after}" for r in readers]
    return f + lexical(text, gap)


# a word or clause punctuation between a candidate and its cue
_GAP_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*|[,;:—–()]")
MAX_GAP_TOKENS = 12


def lexical(text: str, gap: tuple[str, str] | None) -> list[str]:
    """The lower-case words inside a candidate ("officials", "the campaign": common nouns
    that hold sources, or verbs that show a reader ran over its phrase) and the lower-case
    words and clause punctuation between it and the cue ("who", "when", "in", ","), by the side
    of the cue it stands on; a capitalised word is only "CAP" (no name enters a feature), and a
    gap of more than :data:`MAX_GAP_TOKENS` is only "long". On PolNeAR ``train``, held out
    two-fold, these raised the chooser's agreement 0.8782 -> 0.8817 (halves) and 0.8792 ->
    0.8813 (odd and even articles), where no class or count of them had moved it."""
    f = [f"in={w.lower()}" for w in text.split() if w.isalpha() and w.islower()]
    if gap is None:
        return f
    side, between = gap
    toks = []
    for w in _GAP_TOKEN.findall(between):
        if w[0].isalpha() and not w.islower():
            toks.append("CAP")
        else:
            toks.append(w.rstrip("."))
    if len(toks) > MAX_GAP_TOKENS:
        return f + ["btw=long"]
    return f + [f"btw={side}|{w}" for w in sorted(set(toks))]


_AUXILIARY = frozenset({
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "can", "may",
    "might", "should", "must", "did", "does", "do", "also", "not", "'s", "’s",
})  # fmt: skip
_PREPOSITION = frozenset({
    "in", "on", "at", "of", "for", "from", "with", "by", "to", "about", "among", "like", "as",
    "than", "into", "over", "after", "before", "during",
})  # fmt: skip


def _neighbour(text: str, reversed_: bool) -> str:
    """The class of what stands right beside a candidate (``text`` read away from it; reversed
    for the side before): punctuation, nothing, or the next word's class; never the word."""
    stripped = text.lstrip(" \t")
    if not stripped or stripped[0] in "\n":
        return "end"
    if not stripped[0].isalnum():
        return {",": "comma", ".": "stop", ":": "colon", "(": "paren", ")": "paren"}.get(
            stripped[0], "mark"
        )
    word = stripped.split(None, 1)[0]
    if reversed_:
        word = word[::-1]
    low = word.lower().strip(".,;:\"'“”’‘")
    if low in _AUXILIARY or low.endswith("ly"):
        return "aux"
    if low in _PREPOSITION:
        return "prep"
    if low in _DETERMINER:
        return "det"
    if low in _RELATIVE:
        return "rel"
    return "cap" if word[:1].isupper() else "low"


def where(span: tuple[int, int], cue: tuple[int | None, int | None]) -> str:
    """Where a candidate stands from the cue: right before it, near before, far before, right
    after, further after, or no cue written."""
    if cue[0] is None or cue[1] is None:
        return "nocue"
    if span[1] <= cue[0]:
        gap = cue[0] - span[1]
        return "adjacent" if gap <= 2 else "near" if gap <= 40 else "far"
    if span[0] >= cue[1]:
        return "follows" if span[0] - cue[1] <= 2 else "later"
    return "overlap"


def _load(path: Path = WEIGHTS) -> dict[str, float]:
    # the cue model's loader reads the same file layout (weights, threshold, note)
    return cue_model._load(path)[0]


def choose(candidates: list[tuple[tuple[int, int], list[str]]], path: Path = WEIGHTS):
    """The best scoring ``(span, features)`` candidate's span; the first (the rule's own pick,
    listed first by the caller) wins ties. Without shipped weights the rule's pick stands (None
    where the rule named no one)."""
    weights = _load(path)
    if not weights or not candidates:
        return next((span for span, feats in candidates if "r=rule" in feats), None)
    best, best_score = candidates[0][0], None
    for span, feats in candidates:
        score = sum(weights.get(f, 0.0) for f in feats)
        if best_score is None or score > best_score:
            best, best_score = span, score
    return best
