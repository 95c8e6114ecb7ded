"""An article whose language is undetermined (``und``) may be in any language: same-language
candidate search compares it with every language's articles where they share text, while two
different known languages stay apart (translation search takes those)."""

import random

from stemma.model import Article
from stemma.reuse.candidates import same_language_candidates
from stemma.stages.candidates import shared_text
from stemma.stages.fingerprints import fingerprints
from stemma.text.langid import UND, may_share_language

WORDS = (
    "harbour council ferry budget storm minister village bridge festival railway farmers "
    "museum treaty drought factory border market opened closed announced delayed approved"
).split()


def text(seed: int, n: int = 240) -> str:
    rng = random.Random(seed)
    words = [rng.choice(WORDS) for _ in range(n)]
    return "\n".join(" ".join(words[i : i + 20]) + "." for i in range(0, n, 20))


def article(id: str, body: str, lang: str | None) -> Article:
    return Article(id=id, raw=body.encode(), format="txt", source=body, text=body, lang=lang)


def test_undetermined_is_any_language():
    assert may_share_language(UND, "fa") and may_share_language("en", UND)
    assert may_share_language(None, "en") and may_share_language("en", "en")
    assert not may_share_language("en", "de")


def pile() -> list[Article]:
    body = text(7)
    return [
        article("a-en", body, "en"),
        article("b-und", body + "\nA closing line of its own.", UND),
        article("c-de", body, "de"),
        article("z-und", text(8), UND),  # undetermined but sharing no text: no candidate
    ]


def test_an_undetermined_article_is_a_candidate_for_every_language():
    pairs = {tuple(sorted(p[:2])) for p in same_language_candidates(pile())}
    assert pairs == {("a-en", "b-und"), ("b-und", "c-de")}


def test_the_stage_types_undetermined_pairs_too():
    shared = shared_text(fingerprints(pile()))
    # the English and German copies are not typed as a same-language pair: translation's
    assert shared.typed == [("a-en", "b-und"), ("b-und", "c-de")]
