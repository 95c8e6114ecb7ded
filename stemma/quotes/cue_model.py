"""A learned cue model: English attributions the cue rules miss, proposed word by word.

The rules in :mod:`stemma.quotes.extract` know speech verbs ("said", "told", "according to").
News attributes far more than speech: stances, beliefs, plans and findings ("Ayotte hoped",
"the survey found", "Obama castigated Trump for ..."). Listing them by hand hit its ceiling, so
a logistic regression reads every word of a sentence as a possible cue and scores it on
features that carry over to other English news: the word, its crude lemma and suffix, its
neighbours, the punctuation and quotation marks after it, where it stands in the sentence,
whether a capitalised name or a pronoun precedes it, how many words its content would hold,
and whether a rule quote already covers the words after it. A word scoring above the threshold
gives a quote: the rest of its sentence after it is the content, the phrase before it the
speaker (found by the rules' own speaker reader, passed in).

The weights (``cue_weights.json``, beside this file) hold feature names and numbers only, no
sentences. They were fitted on PolNeAR ``train`` alone by ``python -m benchmarks.quotes --fit``
(:func:`fit`); ``dev`` stays held out. Only English is read: the other languages' cues are few
and the rules cover them.
"""

from __future__ import annotations

import json
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

WEIGHTS = Path(__file__).with_name("cue_weights.json")
OPENING = "\"'“‘«"
CLOSING = "\"'”’»"
# function words never head an attribution; they still appear as neighbours in features
_FUNCTION = frozenset({
    "the", "a", "an", "and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "by",
    "from", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this",
    "that", "these", "those", "he", "she", "they", "we", "i", "you", "his", "her", "their",
    "our", "my", "your", "him", "them", "us", "me", "not", "no", "so", "if", "than", "then",
    "there", "here", "which", "who", "whom", "whose", "what", "when", "where", "why", "how",
    "has", "have", "had", "do", "does", "did", "will", "would", "can", "could", "may", "might",
    "shall", "should", "must", "also", "just", "very", "about", "into", "over", "after",
    "before", "up", "out", "all", "more", "most", "some", "any", "one", "two", "mr", "mrs", "ms",
})  # fmt: skip
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s"})
_SUBORDINATE = frozenset({"that", "whether", "if", "to", "about", "for", "on", "of", "how", "why"})
MIN_CONTENT_WORDS = 2
MIN_WEIGHT = 0.1  # smaller weights are dropped from the shipped file: they barely move a score


@dataclass
class Candidate:
    """One word read as a cue: its span, the content after it, and its features."""

    cue: tuple[int, int]
    content: tuple[int, int]
    sentence: tuple[int, int]
    features: list[str] = field(default_factory=list)
    score: float = 0.0


@lru_cache(maxsize=1 << 16)  # the span model asks for every word of every paragraph
def lemma(word: str) -> str:
    """A crude English stem that joins a verb's forms under one feature ("hope", "hoped",
    "hopes", "hoping" -> "hop"; "believes", "believed" -> "believ"); irregular forms ("said")
    keep their own word feature."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: len(w) - len(suffix)] + repl
            if suffix in ("ing", "ed") and w[-1] == w[-2] and w[-1] not in "sl":
                w = w[:-1]  # "planned" -> "plan", but "passed", "called" keep theirs
            break
    return w[:-1] if w.endswith("e") and len(w) > 3 else w


def _bucket(n: int) -> str:
    return "0" if n <= 0 else "1" if n == 1 else "2" if n <= 3 else "4" if n <= 7 else "8"


def candidates(
    t,
    sents: list[tuple[int, int]],
    taken: list[tuple[int, int]],
    openings: list[int] = (),
) -> list[Candidate]:
    """Every content word of every sentence as a cue candidate. ``t`` is the extractor's text
    (``src``, ``low``, ``tokens``, ``inside_quote``, ``cues``); ``taken`` the contents the
    rules found, which the features see (a cue nested in a rule's content, a content a rule
    covers; :func:`select` never repeats one); ``openings`` where each of the rules' quotes
    begins (its content and cue), which end a content running into them."""
    out = []
    for s0, s1 in sents:
        toks = t.tokens(s0, s1)
        words = [t.low[a:b] for a, b in toks]
        quoted = any(c in t.src[s0:s1] for c in OPENING + CLOSING)
        # words from each token to the sentence's end, counted once (a run-on "sentence" of
        # pasted text must not cost its length squared)
        words_after = [0] * (len(toks) + 1)
        for k in range(len(toks) - 1, -1, -1):
            words_after[k] = words_after[k + 1] + t.src[toks[k][0]].isalnum()
        shapes = [_shape(t, toks, words, k) for k in range(len(toks))]
        near_taken = [(x, y) for x, y in taken if x < s1 and s0 < y]  # all a feature can see
        for i, (a, b) in enumerate(toks):
            w = words[i]
            if not t.src[a].isalpha() or w in _FUNCTION or len(w) < 2:
                continue
            if t.src[a].isupper() and (
                (i > 0 and words[i - 1] not in "\"'“‘:—-")
                or (i + 1 < len(toks) and t.src[toks[i + 1][0]].isupper())
            ):
                continue  # a capitalised word inside a sentence, or before another, is a name
            if i > 0 and words[i - 1] in _BE and w.endswith(("ed", "en")):
                continue  # passive ("was revealed", "is called"): its source, if any, follows
            j = i + 1
            while j < len(toks) and (words[j] in (",", ":", "that") or words[j] in OPENING):
                j += 1
            if j >= len(toks):
                continue
            c0 = toks[j][0]
            c1 = toks[-1][1]
            while c1 > c0 and t.src[c1 - 1] in ".!? \n":
                c1 -= 1
            if words_after[j] < MIN_CONTENT_WORDS:
                continue
            # a rule's quote opening later in the sentence is another attribution ("Y
            # castigated Trump, saying that he ..."): this content ends before its cue or
            # content, where running on to the sentence's end would claim the rule's
            # content as its own (PolNeAR train, two-fold: content F1 0.757 -> 0.760)
            cut = min((x for x in openings if c0 < x < c1), default=None)
            size = words_after[j]
            if cut is not None:
                c1 = _cut(t, c0, cut)
                size = sum(1 for x, y in toks[j:] if y <= c1 and t.src[x].isalnum())
                if size < MIN_CONTENT_WORDS:
                    continue
            cand = Candidate((a, b), (c0, c1), (s0, s1))
            cand.features = _features(t, toks, words, shapes, i, (c0, c1), near_taken, quoted)
            # how long the content would be: a stance's object is often short ("backed
            # Cruz"), a belief's clause long; crossed with the lemma, which of the two a cue
            # word takes (PolNeAR train, two-fold: content F1 0.7645 -> 0.7665)
            length = _bucket(size // 3)
            cand.features += [f"clen={length}", f"lem+clen={lemma(words[i])}|{length}"]
            if cut is not None:
                cand.features += ["cut", f"lem+cut={lemma(words[i])}"]
            out.append(cand)
    return out


def _cut(t, c0: int, cut: int) -> int:
    """The end of a content cut short at ``cut``: the spaces, commas and opening marks before
    it left out."""
    while cut > c0 and (t.src[cut - 1].isspace() or t.src[cut - 1] in ",;:—-" + OPENING):
        cut -= 1
    return cut


def _features(t, toks, words, shapes, i, content, taken, quoted) -> list[str]:
    w = words[i]
    lem = lemma(w)

    def near(k: int) -> str:  # a neighbour; a capitalised one is a name: its shape only
        if k < 0:
            return "<s>"
        if k >= len(words):
            return "</s>"
        return "CAP" if t.src[toks[k][0]].isupper() else words[k]

    prev, prev2, nxt, nxt2 = near(i - 1), near(i - 2), near(i + 1), near(i + 2)
    prev_cap = i > 0 and t.src[toks[i - 1][0]].isupper()
    c0, c1 = content
    size = max(1, c1 - c0)
    cover = max((min(c1, y) - max(c0, x) for x, y in taken), default=0) / size
    cover = max(0.0, cover)  # no span overlapping reads as none, not as a partial cover
    nested = any(x <= toks[i][0] < y for x, y in taken)
    verb = t.cues.verbs is not None and t.cues.verbs.fullmatch(w) is not None
    f = [
        "bias",
        f"w={w}",
        f"lem={lem}",
        f"suf={w[-3:]}",
        f"prev={prev}",
        f"prev2={prev2}",
        f"next={nxt}",
        f"next2={nxt2}",
        f"lem+next={lem}|{nxt if nxt in _SUBORDINATE or not nxt.isalpha() else '*'}",
        f"prev+lem={prev}|{lem}",
        f"pos={_bucket(i)}",
        f"left={_bucket(len(words) - i - 1)}",
        f"cover={'none' if cover == 0 else 'part' if cover < 0.5 else 'most'}",
        f"lem+cover={lem}|{cover >= 0.5}",
    ]
    # what stands before the cue (its subject's shape) and what opens the content

    def shape(k: int) -> str:
        return "START" if k < 0 else "END" if k >= len(shapes) else shapes[k]

    f.append(f"before={shape(i - 1)}|{shape(i - 2)}")
    f.append(f"lem+before={lem}|{shape(i - 1)}")
    f.append(f"after={shape(i + 1)}|{shape(i + 2)}")
    f.append(f"form={_form(w)}")
    f.append(f"form+before={_form(w)}|{shape(i - 1)}")
    if prev in _AUXILIARIES:
        f.append(f"aux+lem={lem}")
    if prev_cap:
        f.append("prev_cap")
    if prev in t.cues.pronouns:
        f.append("prev_pronoun")
    if nested:
        f.append("nested")
    if t.inside_quote(toks[i][0]) is not None:
        f.append("in_quotation")
    if quoted:
        f.append("sentence_quoted")
    if verb:
        f.append("rule_verb")
    if nxt in OPENING or nxt2 in OPENING:
        f.append("quotation_next")
    if w.endswith("ing") and prev == ",":
        f.append("participle_after_comma")
    return f


_AUXILIARIES = frozenset({
    "has", "have", "had", "is", "are", "was", "were", "be", "been", "will", "would", "could",
    "can", "should", "may", "might", "did", "does", "do", "'s", "not", "also",
})  # fmt: skip
_DETERMINERS = frozenset(
    {
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
    }
)
_PREPOSITIONS = frozenset(
    {
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "from",
        "about",
        "over",
        "into",
        "against",
        "as",
    }
)


def _shape(t, toks, words, k: int) -> str:
    """A word's class, for neighbours: no word itself, so no name or topic leaks in."""
    if k < 0:
        return "START"
    if k >= len(words):
        return "END"
    w = words[k]
    if not t.src[toks[k][0]].isalnum():
        return "QUOTE" if w in OPENING + CLOSING else "PUNCT" + (w if w in ",:;—-()" else "")
    if w in t.cues.pronouns:
        return "PRON"
    if w in _DETERMINERS:
        return "DET"
    if w in _PREPOSITIONS:
        return "PREP"
    if w in _AUXILIARIES:
        return "AUX"
    if w in ("that", "whether", "if", "who", "which", "what", "how", "why", "when"):
        return "WH"
    if t.src[toks[k][0]].isupper():
        return "CAP"
    if w[0].isdigit():
        return "NUM"
    return "LOW" + _form(w)


def _form(w: str) -> str:
    for suffix in ("ing", "ed", "ly", "s"):
        if w.endswith(suffix):
            return "-" + suffix
    return ""


@lru_cache(maxsize=2)
def _load(path: Path = WEIGHTS) -> tuple[dict[str, float], float]:
    if not path.exists():
        return {}, math.inf
    data = json.loads(path.read_text(encoding="utf-8"))
    return dict(data["weights"]), float(data["threshold"])


def score(cands: list[Candidate], path: Path = WEIGHTS) -> float:
    """Set each candidate's probability; returns the threshold a proposal must reach."""
    weights, threshold = _load(path)
    for c in cands:
        c.score = probability(c.features, weights)
    return threshold


# A story of many copies and versions of one article repeats most sentences: what the model
# proposes in a sentence is remembered by what its features can see (the sentence's text, the
# rules' contents, where they begin and the quotations over it, relative to its start), so each
# distinct sentence is scored once. Only candidates at or above :data:`FLOOR` are kept: a few
# numbers a sentence.
MEMO_SENTENCES = 20_000
_memo: OrderedDict[tuple, tuple] = OrderedDict()
_memo_lock = threading.Lock()


def forget() -> None:
    """Drop the remembered proposals (a benchmark timing first reads, or new weights)."""
    with _memo_lock:
        _memo.clear()


# the lowest score a remembered candidate keeps: the span model reads the scores of candidates
# below the threshold too (a weak cue still tells where a content may open)
FLOOR = 0.05


def proposals(
    t,
    sents: list[tuple[int, int]],
    taken: list[tuple[int, int]],
    openings: list[int] = (),
    floor: float | None = None,
) -> tuple[list[Candidate], float]:
    """The candidates scoring at least ``floor`` (the shipped threshold where None; never
    below :data:`FLOOR`), features left empty, and the threshold: what :func:`candidates` and
    :func:`score` give, computed once per distinct sentence in its context."""
    weights, threshold = _load()
    least = threshold if floor is None else max(FLOOR, min(floor, threshold))
    out = []
    for s0, s1 in sents:
        key = (
            t.code,
            t.src[s0:s1],
            tuple((max(x, s0) - s0, min(y, s1) - s0) for x, y in taken if x < s1 and s0 < y),
            tuple(x - s0 for x in openings if s0 < x < s1),
            tuple(
                (max(a, s0 - 1) - s0, min(b, s1) - s0) for a, b in t.quotes if a < s1 and b >= s0
            ),
        )
        with _memo_lock:
            found = _memo.get(key)
            if found is not None:
                _memo.move_to_end(key)
        if found is None:
            found = []
            for c in candidates(t, [(s0, s1)], taken, openings):
                p = probability(c.features, weights)
                if p >= min(FLOOR, threshold):
                    rel = (c.cue[0] - s0, c.cue[1] - s0, c.content[0] - s0, c.content[1] - s0)
                    found.append((rel, p))
            found = tuple(found)
            with _memo_lock:
                _memo[key] = found
                while len(_memo) > MEMO_SENTENCES:
                    _memo.popitem(last=False)
        for (k0, k1, c0, c1), p in found:
            if p < least:
                continue
            out.append(Candidate((k0 + s0, k1 + s0), (c0 + s0, c1 + s0), (s0, s1), [], score=p))
    return out, threshold


def probability(features: list[str], weights: dict[str, float]) -> float:
    z = sum(weights.get(f, 0.0) for f in features)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def select(cands: list[Candidate], taken: list[tuple[int, int]], threshold: float):
    """Candidates above the threshold, best first, none repeating a content already taken
    (more than half of the shorter of the two in common)."""
    kept: list[Candidate] = []
    spans = list(taken)
    for c in sorted(cands, key=lambda c: -c.score):
        if c.score < threshold:
            break
        a, b = c.content
        if any(min(b, y) - max(a, x) > 0.5 * min(b - a, y - x) for x, y in spans):
            continue
        kept.append(c)
        spans.append(c.content)
    return kept


def fit(
    examples: list[tuple[list[str], int]],
    min_count: int = 3,
    l2: float = 1e-5,
    epochs: int = 400,
    rate: float = 2.0,
) -> dict[str, float]:
    """Logistic regression over binary features, full-batch Adagrad with an L2 penalty.
    Features seen fewer than ``min_count`` times are dropped (no rare words, no names)."""
    counts: dict[str, int] = {}
    for feats, _ in examples:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    vocab = {f: k for k, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
    rows, cols = [], []
    for r, (feats, _) in enumerate(examples):
        for f in set(feats):
            k = vocab.get(f)
            if k is not None:
                rows.append(r)
                cols.append(k)
    rows_a = np.asarray(rows, dtype=np.int64)
    cols_a = np.asarray(cols, dtype=np.int64)
    y = np.asarray([label for _, label in examples], dtype=np.float64)
    w = np.zeros(len(vocab))
    g2 = np.full(len(vocab), 1e-8)
    n = len(examples)
    for _ in range(epochs):
        z = np.bincount(rows_a, weights=w[cols_a], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        grad = np.bincount(cols_a, weights=(p - y)[rows_a], minlength=len(vocab)) / n + l2 * w
        g2 += grad * grad
        w -= rate * grad / np.sqrt(g2)
    names = sorted(vocab, key=vocab.get)
    return {f: round(float(w[vocab[f]]), 4) for f in names if abs(w[vocab[f]]) >= 1e-3}


def save(weights: dict[str, float], threshold: float, note: str, path: Path = WEIGHTS) -> None:
    data = {"note": note, "threshold": round(threshold, 3), "weights": weights}
    path.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    _load.cache_clear()
    forget()  # remembered proposals were scored with the old weights
