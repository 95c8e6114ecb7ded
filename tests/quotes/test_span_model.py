"""The span model (stemma.quotes.span_model): its decoding, its fitting, its shipped weights, and
the second opinion it gives the extractor, on sentences written for these tests."""

import json
import re

import numpy as np

from stemma.model import Article
from stemma.quotes import extract_quotes, span_model
from stemma.quotes.extract import span_sequences

OUT, B, IN = span_model.OUT, span_model.BEGIN, span_model.INSIDE


def _article(text, lang="en", id="t"):
    return Article(id=id, raw=text.encode(), format="txt", source=text, text=text, lang=lang)


def test_viterbi_never_puts_an_inside_after_an_outside():
    # the second token alone prefers I, but an I cannot follow the first token's O
    emit = np.array([[5.0, 0.0, 0.0], [0.0, 1.0, 3.0], [0.0, 0.0, 3.0]])
    tags = span_model.viterbi(emit, np.zeros((3, 3)), np.zeros(3))
    assert tags == [OUT, B, IN]
    # nor open a paragraph
    assert span_model.viterbi(np.array([[0.0, 1.0, 3.0]]), np.zeros((3, 3)), np.zeros(3)) == [B]


def test_spans_and_gold_tags_are_each_others_inverse():
    toks = [(0, 3), (4, 8), (9, 12), (13, 17), (18, 20), (21, 25)]
    contents = [(4, 12), (18, 25)]
    tags = span_model.gold_tags(toks, contents)
    assert tags == [OUT, B, IN, OUT, B, IN]
    assert span_model.spans(toks, tags) == contents
    # two contents side by side: the second opens with its own B
    assert span_model.spans(toks, [B, IN, B, IN, IN, OUT]) == [(0, 8), (9, 20)]


def _toy(words):
    said = words.index("said") if "said" in words else len(words)
    feats = [
        ["bias", "w=" + w, "after_said=" + str(k > said), "p1=" + (words[k - 1] if k else "<p>")]
        for k, w in enumerate(words)
    ]
    return feats, [OUT] * (said + 1) + [B] + [IN] * (len(words) - said - 2)


def test_fit_learns_that_a_content_follows_its_cue():
    vocab, seqs = {}, []
    for subject in ("she", "the mayor", "a spokesman for the firm"):
        for clause in ("rain is due", "the vote will be close", "taxes rose"):
            words = subject.split() + ["said"] + clause.split()
            feats, gold = _toy(words)
            seqs.append((*span_model.encode(feats, vocab), gold))
    feats, gold = _toy("okapi said rain is due".split())
    seqs.append((*span_model.encode(feats, vocab), gold))
    model = span_model.fit(seqs, vocab, epochs=5, min_count=2, min_weight=0.05)
    words = "the senator said the bridge will open".split()
    feats, gold = _toy(words)
    assert span_model.tag(feats, span_model.compiled(model)) == gold
    # a feature seen once (one sentence's own word) gets no weight
    assert "w=okapi" not in model[0] and "w=spokesman" in model[0]


def test_shipped_weights_hold_feature_names_and_numbers_only():
    data = json.loads(span_model.WEIGHTS.read_text(encoding="utf-8"))
    assert "train" in data["note"] and "dev" not in data["note"]
    assert data["tags"] == ["O", "B", "I"]
    assert len(data["transitions"]) == 3 and len(data["start"]) == 3
    weights = data["weights"]
    assert 1000 < len(weights) < 200_000
    # one word, a word pair or a word class per feature: no sentence of an article
    assert all(not re.search(r"\s", name) for name in weights)
    assert all(len(v) == 3 and max(map(abs, v)) >= span_model.MIN_WEIGHT for v in weights.values())


def test_the_span_model_reads_the_rules_and_the_cue_model():
    text = "The mayor said the bridge would reopen in the spring after repairs."
    ((toks, feats),) = span_sequences(_article(text))
    assert len(toks) == len(feats)
    said = [text[a:b] for a, b in toks].index("said")
    assert "m=cB" in feats[said]  # the rules' cue
    assert "m=rB" in feats[said + 1]  # the rules' content opens after it
    assert "m=rI" in feats[said + 2]
    # the names the shipped weights are keyed by, in the order they are added
    assert feats[said] == [
        "bias", "w=said", "lem=said", "suf=aid", "shape=x", "p1=mayor", "p2=the", "n1=the",
        "n2=bridge", "p1w=mayor|said", "m=cB", "pm=sB", "nm=rB", "pm+m=sB|cB", "m+nm=cB|rB",
        "m+w=cB|said", "pm+w=sB|said", "cue=7", "pcue=0", "p2cue=0", "start=0",
        "start+m=0|cB", "pos=2", "left=8", "q=False", "q+pq=False|False",
    ]  # fmt: skip
    assert feats[0][-4:] == ["open", "open+m=sB", "open+w=the", "open+pq=False"]
    assert feats[0][5:10] == ["p1=<p>", "p2=<p>", "n1=mayor", "n2=said", "p1w=<p>|the"]
    assert feats[-1][7:9] == ["n1=</p>", "n2=</p>"] and feats[-1][-1] == "last"


def test_a_quote_is_kept_only_where_the_span_model_tags_some_of_its_content(monkeypatch):
    text = "The mayor said the bridge would reopen in the spring after repairs."
    (q,) = extract_quotes(_article(text))  # the shipped model agrees with the rule
    assert q.content.startswith("the bridge would reopen")
    # a model that tags every word O: no second opinion holds the rule's quote
    silent = span_model.compiled(({"bias": [10.0, 0.0, 0.0]}, np.zeros((3, 3)), np.zeros(3)))
    monkeypatch.setattr(span_model, "_load", lambda path=span_model.WEIGHTS: silent)
    assert extract_quotes(_article(text)) == []
    assert len(extract_quotes(_article(text), learned=False)) == 1  # the rules alone keep it
    # without a span model the rules' and the cue model's quotes all stand
    monkeypatch.setattr(span_model, "_load", lambda path=span_model.WEIGHTS: None)
    assert len(extract_quotes(_article(text))) == 1


def test_the_span_model_never_takes_out_quoted_words_a_turn_or_an_according_to():
    # shapes the rules are sure of, in texts unlike the news the model was fitted on
    from stemma.model import Article
    from stemma.quotes import extract_quotes

    for text, speaker in (
        ("Since last spring, according to the clinic, waiting times have doubled.", "the clinic"),
        (
            "HOST: Why not debate in May? The hall is free. We asked twice.\nGUEST: We will see.",
            "HOST",
        ),  # fmt: skip
        ("“We are not leaving before the vote,” said Ines Varela.", "Ines Varela"),
    ):
        article = Article(
            id="t", raw=text.encode(), format="txt", source=text, text=text, lang="en"
        )
        assert speaker in {q.speaker for q in extract_quotes(article)}, text


def test_tagging_by_columns_equals_tagging_each_tokens_features(monkeypatch):
    # the extractor tags by columns (names never made); what the model was fitted on, and what
    # tag() reads, is each token's list of names: the two must give the same tags and emissions
    from stemma.quotes import extract as x

    texts = (
        "The mayor said the bridge would reopen in the spring. “It is safe,” she added.\n\n"
        "Critics, however, argued that the repairs were rushed, according to a report.",
        "Ines Varela, who leads the union, told reporters: “We are not leaving.” Polls show "
        "most voters agree. Asked about the plan, the minister declined to comment.",
    )
    toy = span_model.compiled(
        (
            {"bias": [1.0, 0.0, 0.0], "m=rB": [0.0, 4.0, 0.0], "p1w=said|the": [0.0, 2.5, 0.0],
             "open": [0.5, 0.0, -1.0], "q+pq=True|True": [0.0, 0.0, 3.0], "last": [0.2, 0, 0]},
            np.zeros((3, 3)),
            np.zeros(3),
        )
    )  # fmt: skip
    # few values kept per kind: the row numbers are forgotten and looked up again, alike
    monkeypatch.setattr(span_model, "IDS_MOST", 5)
    seen = 0
    for text in texts:
        a = _article(text)
        t = x._Text(text, "en")
        sents = x._sentences(a, "en")
        found = x._by_rules(t, sents, x._regions(a))
        added, cands = x._learned(t, sents, found)
        ctx = x._span_context(found, added, cands)
        for toks, opens in span_model.sequences(t, sents, x.paragraphs(text)):
            cols = span_model.columns(t, toks, opens, ctx)
            feats = span_model.features(t, toks, opens, ctx)
            assert all(len(vs) == len(toks) for _, vs in cols)
            for model in (span_model._load(), toy, span_model._load()):
                # a second model's rows do not leak into the first's
                assert np.array_equal(
                    span_model.emissions(cols, model), span_model.token_emissions(feats, model)
                )
                assert span_model.tag_columns(cols, model) == span_model.tag(feats, model)
            seen += 1
    assert seen == 3
    held = span_model._kind_ids(toy)
    assert held and all(len(ids) <= 5 + 2 for ids in held.values())
