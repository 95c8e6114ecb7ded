"""The seed expectations about quotes (issue 5), on the seeds analysed into a store."""

import pytest

from stemma.quotes import extract_quotes, story_quotes


def _story_with(store, prefix):
    for story in store.list_stories():
        if any(a.startswith(prefix) for a in story["articles"]):
            return story
    pytest.fail(f"no story holds {prefix}")


def _quotes(store, prefix):
    """The quotes the analysis stored with the story: the same as extracting them afresh."""
    story = _story_with(store, prefix)
    articles = [store.get_article(a) for a in story["articles"]]
    links = [
        ln
        for ln in store.get_links(story["articles"])
        if ln.a in story["articles"] and ln.b in story["articles"]
    ]
    assert story["quotes"] == story_quotes(articles, links)
    return story["quotes"]


def _find(quotes, words):
    hits = [
        q for q in quotes if any(all(w in r["content"] for w in words) for r in q["renderings"])
    ]
    assert hits, f"no quote holds {words}"
    return hits[0]


def _articles(quote):
    return {r["article"][:3] for r in quote["renderings"]}


def test_unforgivable_mistake_is_one_quote_by_khamenei_in_four_witnesses(seed_analysed):
    quote = _find(_quotes(seed_analysed, "000"), ["Moving toward", "unforgivable mistake"])
    assert quote["person"] == "ali-khamenei"
    assert quote["speaker"] == "Ali Khamenei"
    assert {"000", "001", "002", "004"} <= _articles(quote)
    kinds = {r["article"][:3]: r["kind"] for r in quote["renderings"] if r["origin"] == "speech"}
    assert kinds["001"] == "direct" and kinds["002"] == "indirect"
    persian = [r for r in quote["renderings"] if r["article"].startswith("004")]
    assert any("مذاکره" in r["content"] for r in persian)


def test_haniyeh_quote_links_english_and_persian(seed_analysed):
    quote = _find(_quotes(seed_analysed, "000"), ["With God’s permission", "thwart the plot"])
    assert quote["person"] == "ismail-haniyeh"
    assert {"000", "001", "004"} <= _articles(quote)
    assert "002" not in _articles(quote)
    for r in quote["renderings"]:
        assert r["person"] == "ismail-haniyeh"


RENDERING_KEYS = {
    "article", "lang", "kind", "content", "content_start", "content_end", "speaker",
    "speaker_start", "speaker_end", "cue", "cue_start", "cue_end",
}  # fmt: skip


def test_renderings_point_into_their_articles(seed_analysed):
    for quote in _quotes(seed_analysed, "000"):
        assert {"id", "person", "speaker", "text", "renderings"} <= set(quote)
        assert quote["id"].startswith("q-")
        for r in quote["renderings"]:
            assert RENDERING_KEYS <= set(r) and r["kind"] in ("direct", "indirect")
            source = seed_analysed.get_article(r["article"]).source
            assert source[r["content_start"] : r["content_end"]] == r["content"]
            if r["speaker_start"] is not None:
                assert source[r["speaker_start"] : r["speaker_end"]] == r["speaker"]
            if r["cue_start"] is not None:
                assert source[r["cue_start"] : r["cue_end"]] == r["cue"]


def test_2021_letter_quote_attributed_to_khamenei(seed_analysed):
    quote = _find(_quotes(seed_analysed, "003"), ["Our hearts are present at the scene"])
    assert quote["person"] == "ali-khamenei"
    assert _articles(quote) == {"003"}
    (rendering,) = quote["renderings"]
    assert rendering["kind"] == "direct" and rendering["speaker"] == "the Leader"


def test_letter_sentences_are_statements_of_the_signer(seed_analysed):
    article = next(
        seed_analysed.get_article(a)
        for s in seed_analysed.list_stories()
        for a in s["articles"]
        if a.startswith("000")
    )
    letter = [q for q in extract_quotes(article) if q.origin == "letter"]
    assert letter and all(q.person == "ali-khamenei" for q in letter)
    assert {q.speaker for q in letter} == {"Seyed Ali Khamenei"}
    assert any(q.content.startswith("Moving toward dialogue") for q in letter)
    assert not any("Tags:" in q.content for q in extract_quotes(article))
