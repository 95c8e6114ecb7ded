"""Copies of one text under other ids are tokenised once; any difference in what the tokens are
read from (the text, its language, its clean spans) is tokenised on its own."""

from stemma.model import Article, Passage
from stemma.reuse.shingles import article_tokens


def _article(id, text, lang="en", passages=None):
    if passages is None:
        passages = [Passage(0, len(text), text, lang, 0)]
    return Article(
        id=id, raw=text.encode(), format="txt", source=text, text=text, lang=lang,
        passages=passages,
    )  # fmt: skip


def test_copies_share_their_tokens_and_differences_do_not():
    text = "Die Fähre legte um neun Uhr ab. (Der Kapitän) sagte nichts."
    first = article_tokens(_article("a1", text))
    same = article_tokens(_article("a2", "".join(text)))  # an equal string, another object
    assert same is first
    assert [t.key for t in first][:3] == ["die", "fahre", "legte"]
    other_lang = article_tokens(_article("a3", text, lang="tr"))
    assert other_lang is not first
    cut = [Passage(0, 31, text[:31], "en", 0)]
    shorter = article_tokens(_article("a4", text, passages=cut))
    assert shorter is not first and len(shorter) < len(first)
    assert all(t.end <= 31 for t in shorter)
    edited = article_tokens(_article("a5", text.replace("neun", "zehn")))
    assert [t.key for t in edited][4] == "zehn"


def test_copies_share_a_signature_and_keep_their_own_fingerprint():
    from stemma.reuse.candidates import fingerprint

    text = "A ferry left the harbour at nine and the captain said nothing about the storm."
    a, b = fingerprint(_article("f1", text)), fingerprint(_article("f2", "".join(text)))
    assert (a.id, b.id) == ("f1", "f2") and a.size == b.size
    assert a.minhash is not b.minhash and (a.minhash.hashvalues == b.minhash.hashvalues).all()
    assert not b.sample.flags.writeable  # one array for every copy: nobody may edit it
    c = fingerprint(_article("f3", text.replace("nine", "ten")))
    assert (c.minhash.hashvalues != a.minhash.hashvalues).any()
