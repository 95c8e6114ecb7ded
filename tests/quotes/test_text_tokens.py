"""The extractor's tokens of a span (``_Text.tokens``) are those the token pattern finds in the
span alone, whether they are sliced from the whole text's tokens or found afresh (a span that
cuts a word in two)."""

import random

from stemma.quotes.extract import TOKEN, _Text

TEXTS = (
    "“We are not leaving,” said Ines Varela, the union's leader -- rock-'n'-roll's heir.",
    "Le ministre a déclaré : « Nous verrons. » Al-Nakhalah's words, 2021-03-04; e.g. U.S.",
    "قال المتحدث إن الوفد سيصل غدا. ــ «لن نتراجع» ، أضاف.\n\nمی‌خواهیم بگوییم: «نه».",
    "  a--b -c- 'd' ''e'' \u200cf\u200c g’s  \t\n x",
)


def fresh(text: str, start: int, end: int):
    return tuple((m.start() + start, m.end() + start) for m in TOKEN.finditer(text[start:end]))


def test_a_spans_tokens_are_those_found_in_the_span_alone():
    rng = random.Random(7)
    for text in TEXTS:
        t = _Text(text, "en")
        n = len(text)
        spans = [(a, b) for a in range(n + 1) for b in range(a, n + 1)]
        for a, b in rng.sample(spans, min(len(spans), 3000)):
            assert t.tokens(a, b) == fresh(text, a, b), (text, a, b)
        # asked again: the same tuple
        assert t.tokens(0, n) is t.tokens(0, n) and t.tokens(0, n) == fresh(text, 0, n)
