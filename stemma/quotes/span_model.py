"""A learned sequence model for English quote contents: each word tagged as opening a content
(B), inside one (I) or outside (O), a paragraph at a time.

The cue rules and the learned cue model each decide a content from its cue: the rest of the
clause after "said", the rest of the sentence after a stance verb. Where they err is mostly where a
content starts or ends (two attributions read as one, a content running past its end) and where
no cue they know marks one. This model reads the whole paragraph and tags every word, given what
the rules and the cue model found (which words stand in a rule's content, in its cue, in its
source; how the cue model scores each word as a cue), the word itself, its neighbours, the
quotation marks around it and where it stands in its sentence. Its tags are decoded with their
transitions (Viterbi: an I follows a B or an I), so a content is a run of words, and it may run
over a sentence's end, as a quoted passage of several sentences does.

It is an averaged structured perceptron (Collins 2002): simple, fast to fit, and its weights are
a table of feature names and three numbers (one per tag), shipped in ``span_weights.json``
beside this file: no corpus text. They were fitted on PolNeAR ``train`` alone by ``python -m
benchmarks.quotes --fit``; ``dev`` stays held out.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path

import numpy as np

from stemma.quotes import cue_model

WEIGHTS = Path(__file__).with_name("span_weights.json")
TAGS = ("O", "B", "I")
OUT, BEGIN, INSIDE = range(3)  # the tags, as numbers
# where the cue model scores a word as a cue, in bands: the bands its threshold falls in
SCORE_BANDS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.6, 0.8)
# Averaged weights count updates (a feature that moved a tag in many paragraphs weighs tens):
# below this in every tag they barely move one and are not shipped (two-fold on train through
# the whole extractor: content F1 0.7749 with every weight, 0.7745 with these; 7.5 MB -> 1 MB)
MIN_WEIGHT = 5.0


@dataclass
class Context:
    """What the rules and the cue model found in an article, as character spans."""

    rule: list[tuple[int, int]] = field(default_factory=list)  # rules' contents
    learned: list[tuple[int, int]] = field(default_factory=list)  # the cue model's contents
    cues: list[tuple[int, int]] = field(default_factory=list)  # every quote's cue
    sources: list[tuple[int, int]] = field(default_factory=list)  # every quote's source
    # the cue model's candidates: (cue start, cue end, content start, score)
    candidates: list[tuple[int, int, int, float]] = field(default_factory=list)


def sequences(t, sents: list[tuple[int, int]], paragraphs: list[tuple[int, int]]):
    """The tokens of each paragraph's sentences, one sequence a paragraph, and for each token
    whether it opens its sentence."""
    starts = [a for a, _ in paragraphs]
    groups: dict[int, list[tuple[int, int]]] = {}
    for s0, s1 in sents:
        groups.setdefault(bisect_right(starts, s0) - 1, []).append((s0, s1))
    out = []
    for _, group in sorted(groups.items()):
        toks, opens = [], []
        for s0, s1 in group:
            ts = t.tokens(s0, s1)
            toks += ts
            opens += [k == 0 for k in range(len(ts))]
        if toks:
            out.append((toks, opens))
    return out


def _marks(toks, spans, kind: str, marks: list[list[str]], inner: bool = True) -> None:
    """Mark the tokens of each span: ``kind+B`` on its first, ``kind+I`` on the rest (every
    one ``kind+B`` where ``inner`` is False)."""
    starts = [a for a, _ in toks]
    ends = [b for _, b in toks]
    for a, b in spans:
        k0 = bisect_left(ends, a + 1)  # first token ending after a
        k1 = bisect_left(starts, b)  # tokens starting before b
        for k in range(k0, k1):
            marks[k].append(kind + ("B" if k == k0 or not inner else "I"))


def _band(p: float) -> str:
    return str(sum(p >= x for x in SCORE_BANDS))


def columns(t, toks, opens, ctx: Context) -> list[tuple[str, list]]:
    """The tokens' features a kind at a time: each kind (``"w="``, ``"p1w="``) with its value
    for every token (a word, a pair of them; None where a token lacks it), as :func:`tag_columns`
    looks them up without making each name (:func:`name`)."""
    n = len(toks)
    if not n:
        return []
    lo, hi = toks[0][0], toks[-1][1]

    def near(spans):
        return [(a, b) for a, b in spans if a < hi and lo < b]

    marks: list[list[str]] = [[] for _ in range(n)]
    _marks(toks, near(ctx.rule), "r", marks)
    _marks(toks, near(ctx.learned), "l", marks)
    _marks(toks, near(ctx.cues), "c", marks, inner=False)
    _marks(toks, near(ctx.sources), "s", marks, inner=False)
    cue_band = ["0"] * n
    start_band = ["0"] * n
    starts = [a for a, _ in toks]
    for c0, _c1, x0, p in ctx.candidates:
        if not lo <= c0 < hi:
            continue
        k = bisect_left(starts, c0)
        if k < n and starts[k] == c0:
            cue_band[k] = max(cue_band[k], _band(p))
        k = bisect_left(starts, x0)
        if k < n and starts[k] == x0:
            start_band[k] = max(start_band[k], _band(p))
    low, src = t.low, t.src
    words = [low[a:b] for a, b in toks]
    shapes = [_shape(src[a:b]) for a, b in toks]
    quoted = [str(t.inside_quote(a) is not None) for a, _ in toks]
    # words since the sentence opened, and to its end
    pos, left = [0] * n, [0] * n
    for k in range(n):
        pos[k] = 0 if opens[k] else pos[k - 1] + 1
    for k in range(n - 1, -1, -1):
        left[k] = 0 if k == n - 1 or opens[k + 1] else left[k + 1] + 1
    m = ["+".join(x) or "-" for x in marks]
    # a capitalised word inside a sentence reads as CAP
    w_ = [w if shapes[k] != "X" or k == 0 or opens[k] else "CAP" for k, w in enumerate(words)]
    p1 = ["<p>", *words[:-1]]
    p2 = ["<p>", "<p>", *words[:-2]][:n]
    n1 = [*words[1:], "</p>"]
    n2 = [*words[2:], "</p>", "</p>"][-n:]
    pm, nm = ["<p>", *m[:-1]], [*m[1:], "</p>"]
    pcue, p2cue = ["<p>", *cue_band[:-1]], ["<p>", "<p>", *cue_band[:-2]][:n]
    pq = ["False", *quoted[:-1]]
    bucket = cue_model._bucket
    lemma = cue_model.lemma
    o = [x if x else None for x in opens]
    return [
        ("bias", [""] * n),
        ("w=", w_),
        ("lem=", [lemma(w) for w in words]),
        ("suf=", [w[-3:] for w in words]),
        ("shape=", shapes),
        ("p1=", p1),
        ("p2=", p2),
        ("n1=", n1),
        ("n2=", n2),
        ("p1w=", list(zip(p1, w_, strict=True))),
        ("m=", m),
        ("pm=", pm),
        ("nm=", nm),
        ("pm+m=", list(zip(pm, m, strict=True))),
        ("m+nm=", list(zip(m, nm, strict=True))),
        ("m+w=", list(zip(m, w_, strict=True))),
        ("pm+w=", list(zip(pm, w_, strict=True))),
        ("cue=", cue_band),
        ("pcue=", pcue),
        ("p2cue=", p2cue),
        ("start=", start_band),
        ("start+m=", list(zip(start_band, m, strict=True))),
        ("pos=", [bucket(x) for x in pos]),
        ("left=", [bucket(x) for x in left]),
        ("q=", quoted),
        ("q+pq=", list(zip(quoted, pq, strict=True))),
        ("open", ["" if x else None for x in opens]),
        ("open+m=", [x if y else None for x, y in zip(m, o, strict=True)]),
        ("open+w=", [x if y else None for x, y in zip(w_, o, strict=True)]),
        ("open+pq=", [x if y else None for x, y in zip(pq, o, strict=True)]),
        ("last", ["" if x == 0 else None for x in left]),
    ]


def name(kind: str, value: str | tuple[str, str]) -> str:
    """A feature's name: its kind and its value (two values joined by a bar)."""
    return kind + (value if isinstance(value, str) else value[0] + "|" + value[1])


def features(t, toks, opens, ctx: Context) -> list[list[str]]:
    """Each token's features (names): :func:`columns`, a token at a time."""
    cols = columns(t, toks, opens, ctx)
    kinds = [kind for kind, _ in cols]
    return [
        [name(kind, v) for kind, v in zip(kinds, vs, strict=True) if v is not None]
        for vs in zip(*(values for _, values in cols), strict=True)
    ]


def _shape(word: str) -> str:
    if word[0].isupper():
        return "X"
    if word[0].isalpha():
        return "x"
    if word[0].isdigit():
        return "d"
    return word if word in cue_model.OPENING + cue_model.CLOSING + ",.:;?!—-()" else "p"


def viterbi(emit: np.ndarray, trans: np.ndarray, start: np.ndarray) -> list[int]:
    """Best tag sequence for emission scores ``emit`` (tokens x 3), transition scores ``trans``
    (previous tag x tag) and ``start`` (first tag); an I never follows an O nor opens. Written
    out for the three tags (a loop over them cost a fifth of tagging); ties go to the first
    tag, as ``max`` gives them."""
    e = emit.tolist()
    (oo, ob, oi), (bo, bb, bi), (io, ib, ii) = trans.tolist()
    so, sb, si = start[0] + e[0][0], start[1] + e[0][1], -math.inf
    back = []
    for eo, eb, ei in e[1:]:
        to, ao = so + oo, OUT
        if sb + bo > to:
            to, ao = sb + bo, BEGIN
        if si + io > to:
            to, ao = si + io, INSIDE
        tb, ab = so + ob, OUT
        if sb + bb > tb:
            tb, ab = sb + bb, BEGIN
        if si + ib > tb:
            tb, ab = si + ib, INSIDE
        ti, ai = -math.inf, OUT  # an I follows a B or an I
        if sb + bi > ti:
            ti, ai = sb + bi, BEGIN
        if si + ii > ti:
            ti, ai = si + ii, INSIDE
        so, sb, si = to + eo, tb + eb, ti + ei
        back.append((ao, ab, ai))
    tag = OUT
    if sb > so:
        tag = BEGIN
    if si > max(so, sb):
        tag = INSIDE
    out = [tag]
    for bk in reversed(back):
        tag = bk[tag]
        out.append(tag)
    return out[::-1]


def spans(toks, tags: list[int]) -> list[tuple[int, int]]:
    """Character spans of the B I* runs."""
    out = []
    start = end = None
    for (a, b), tag in zip(toks, tags, strict=True):
        if tag == BEGIN or (tag == INSIDE and start is None):
            if start is not None:
                out.append((start, end))
            start, end = a, b
        elif tag == INSIDE:
            end = b
        elif start is not None:
            out.append((start, end))
            start = None
    if start is not None:
        out.append((start, end))
    return out


def gold_tags(toks, contents: list[tuple[int, int]]) -> list[int]:
    """B/I/O of each token against gold contents: inside when its start lies in one; nested
    contents (rare in PolNeAR) read as the outer one."""
    tags = [OUT] * len(toks)
    for a, b in sorted(contents, key=lambda s: (s[0], -s[1])):
        first = True
        for k, (x, _) in enumerate(toks):
            if a <= x < b:
                if tags[k] != OUT:
                    first = False
                    continue
                tags[k] = BEGIN if first else INSIDE
                first = False
    return tags


def compiled(model):
    """A model (weights by feature name, transitions, start) as :func:`tag` reads it: each
    feature's row in one matrix (numpy sums a token's rows, where adding them one by one cost
    more than the rules and the cue model together)."""
    weights, trans, start = model
    index = {f: i for i, f in enumerate(weights)}
    # a last row of zeros stands for every feature without a weight
    matrix = np.asarray([*weights.values(), [0.0, 0.0, 0.0]], dtype=np.float64)
    return index, matrix, np.asarray(trans, dtype=np.float64), np.asarray(start, np.float64)


@lru_cache(maxsize=2)
def _load(path: Path = WEIGHTS):
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return compiled((data["weights"], data["transitions"], data["start"]))


def tag(feats: list[list[str]], model=None) -> list[int]:
    """The tags of one sequence (each token's features) under ``model`` (:func:`compiled`; the
    shipped one where None)."""
    model = model or _load()
    return viterbi(token_emissions(feats, model), model[2], model[3])


def token_emissions(feats: list[list[str]], model) -> np.ndarray:
    """Each token's scores for the three tags: the sum of its features' weights."""
    index, matrix, _, _ = model
    none = len(matrix) - 1
    rows = matrix[[index.get(f, none) for fs in feats for f in fs]]
    n = len(feats)
    tok = np.repeat(np.arange(n), [len(fs) for fs in feats])
    emit = np.zeros((n, 3))
    for j in range(3):
        emit[:, j] = np.bincount(tok, weights=rows[:, j], minlength=n)
    return emit


# values a kind's row numbers are kept for (:class:`_Ids`), then forgotten: a word pair's
# kind meets new values in every article (PolNeAR's 924 articles held some 60 MB of them
# unbounded), and the values met often come back at once
IDS_MOST = 8192


class _Ids(dict):
    """A feature kind's row numbers by value, filled as values are met (each looked up by
    its :func:`name` once while it is among the last :data:`IDS_MOST`)."""

    def __init__(self, index: dict[str, int], kind: str, none: int):
        super().__init__({None: none})
        self.index, self.kind, self.none = index, kind, none

    def __missing__(self, value):
        if len(self) > IDS_MOST:
            self.clear()
            self[None] = self.none
        i = self[value] = self.index.get(name(self.kind, value), self.none)
        return i


def tag_columns(cols: list[tuple[str, list]], model=None) -> list[int]:
    """The tags of one sequence given as :func:`columns`: the same as :func:`tag` of its
    :func:`features`, the names never made: each kind's values are looked up in C (``map``),
    each value's row once (:class:`_Ids`): tagging took twice as long."""
    model = model or _load()
    return viterbi(emissions(cols, model), model[2], model[3])


def emissions(cols: list[tuple[str, list]], model) -> np.ndarray:
    """:func:`token_emissions` of :func:`columns`: each token's weights added in the same
    order (a feature it lacks adds a row of zeros), so the sums are the same to the bit."""
    index, matrix, _, _ = model
    ids = _kind_ids(model)
    none = len(matrix) - 1
    n = len(cols[0][1])
    flat = np.fromiter(
        chain.from_iterable(
            map((ids.get(kind) or ids.setdefault(kind, _Ids(index, kind, none))).__getitem__, vs)
            for kind, vs in cols
        ),
        dtype=np.intp,
        count=n * len(cols),
    )
    rows = matrix[flat].reshape(len(cols), n, 3)
    emit = np.zeros((n, 3))
    for col in rows:
        emit += col
    return emit


# the row numbers of the models used last (the shipped one; a fit's while it is checked)
_ids: list[tuple[object, dict[str, _Ids]]] = []


def _kind_ids(model) -> dict[str, _Ids]:
    """The row numbers of ``model``'s features by kind and value (kept with the model)."""
    for held, ids in _ids:
        if held is model:
            return ids
    _ids.insert(0, (model, {}))
    del _ids[4:]
    return _ids[0][1]


def available() -> bool:
    return _load() is not None


def encode(feats: list[list[str]], vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """A sequence's features as (token index, feature id) arrays; ``vocab`` grows with new
    names (a fit's corpus is held as numbers, not as millions of strings)."""
    tok, ids = [], []
    for k, fs in enumerate(feats):
        for f in fs:
            i = vocab.get(f)
            if i is None:
                i = vocab[f] = len(vocab)
            tok.append(k)
            ids.append(i)
    return np.asarray(tok, dtype=np.int64), np.asarray(ids, dtype=np.int64)


def fit(
    seqs: list[tuple[np.ndarray, np.ndarray, list[int]]],
    vocab: dict[str, int],
    epochs: int = 5,
    min_count: int = 2,
    min_weight: float = MIN_WEIGHT,
):
    """Averaged structured perceptron over encoded sequences ``(token index, feature id, gold
    tags)`` (:func:`encode`); returns the model (weights by feature name, transitions, start
    scores). Features seen fewer than ``min_count`` times are left out (no rare words, no
    names), and so are those whose weights all stay below ``min_weight``."""
    counts = np.zeros(len(vocab), dtype=np.int64)
    for _, ids, _ in seqs:
        counts += np.bincount(ids, minlength=len(vocab))
    keep = counts >= min_count
    data = []
    for tok, ids, gold in seqs:
        sel = keep[ids]
        data.append((tok[sel], ids[sel], np.asarray(gold, dtype=np.int64)))
    nf = len(vocab)
    w = np.zeros((nf, 3))
    u = np.zeros((nf, 3))  # the running sum of updates weighted by when they came
    tr, tru = np.zeros((3, 3)), np.zeros((3, 3))
    st, stu = np.zeros(3), np.zeros(3)
    c = 1
    rng = np.random.default_rng(0)
    for _ in range(epochs):
        for s in rng.permutation(len(data)):
            tok, ids, gold = data[s]
            n = len(gold)
            emit = np.zeros((n, 3))
            for j in range(3):
                emit[:, j] = np.bincount(tok, weights=w[ids, j], minlength=n)
            pred = np.asarray(viterbi(emit, tr, st), dtype=np.int64)
            if not np.array_equal(pred, gold):
                sel = (pred != gold)[tok]
                for tags, sign in ((gold, 1.0), (pred, -1.0)):
                    np.add.at(w, (ids[sel], tags[tok[sel]]), sign)
                    np.add.at(u, (ids[sel], tags[tok[sel]]), sign * c)
                    st[tags[0]] += sign
                    stu[tags[0]] += sign * c
                    np.add.at(tr, (tags[:-1], tags[1:]), sign)
                    np.add.at(tru, (tags[:-1], tags[1:]), sign * c)
            c += 1
    w_avg, tr_avg, st_avg = w - u / c, tr - tru / c, st - stu / c
    big = np.abs(w_avg).max(axis=1) >= min_weight
    weights = {
        f: [round(float(x), 3) for x in w_avg[i]] for f, i in vocab.items() if big[i] and keep[i]
    }
    return weights, tr_avg, st_avg


def save(model, note: str, path: Path = WEIGHTS) -> None:
    weights, trans, start = model
    data = {
        "note": note,
        "tags": list(TAGS),
        "transitions": [[round(float(x), 3) for x in row] for row in trans],
        "start": [round(float(x), 3) for x in start],
        "weights": weights,
    }
    path.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    _load.cache_clear()
