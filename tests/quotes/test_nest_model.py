"""The nest model (stemma.quotes.nest_model): an attribution nested in another quote's content
made a quote of its own, on sentences written for these tests."""

from stemma.model import Article
from stemma.quotes import cue_model, nest_model
from stemma.quotes.extract import extract_quotes, nested_candidates

NESTED = (
    "The senator insisted the bill was fair but her rivals argue it would raise taxes on "
    "millions of working families, cut support for small farms and rural hospitals, and leave "
    "the state with a deficit larger than any it has faced in a generation."
)


def _article(text, id="t"):
    return Article(id=id, raw=text.encode(), format="txt", source=text, text=text, lang="en")


def _spans(quotes):
    return [(q.cue, q.speaker, q.content) for q in quotes]


def test_an_inner_attribution_becomes_a_quote_of_its_own_and_the_outer_one_stays():
    quotes = extract_quotes(_article(NESTED))
    outer = next(q for q in quotes if q.cue == "insisted")
    assert outer.speaker == "The senator"
    assert outer.content.startswith("the bill was fair but her rivals argue")
    assert outer.content.endswith("in a generation.")
    inner = next(q for q in quotes if q.cue == "argue")
    assert inner.speaker == "her rivals"
    assert inner.content.startswith("it would raise taxes on millions")
    assert inner.content_end == outer.content_end


def test_without_the_nest_model_only_the_outer_quote(monkeypatch, tmp_path):
    path = tmp_path / "w.json"
    cue_model.save({"bias": -5.0}, 0.5, "test", path)
    monkeypatch.setattr(nest_model, "WEIGHTS", path)
    assert [q.cue for q in extract_quotes(_article(NESTED))] == ["insisted"]


def test_a_quote_already_standing_at_the_inner_cue_is_not_repeated(monkeypatch, tmp_path):
    path = tmp_path / "w.json"
    cue_model.save({"bias": 5.0}, 0.5, "test", path)  # every inner attribution accepted
    monkeypatch.setattr(nest_model, "WEIGHTS", path)
    text = "The mayor said the council reported that the new park would open in the spring."
    quotes = extract_quotes(_article(text))
    assert sorted(q.cue for q in quotes) == ["reported", "said"]


def test_features_name_word_classes_never_a_name():
    _, inner = nested_candidates(_article(NESTED))
    assert inner
    for _, feats in inner:
        assert not any("rivals" in f and f.startswith("p") for f in feats)
        assert not any("Senator" in f or "senator" in f for f in feats)
    assert nest_model.word_class("Lindqvist") == "CAP"
    assert nest_model.word_class("The") == "the"
    assert nest_model.word_class(",") == ","
    assert nest_model.word_class("couldn’t") == nest_model.word_class("couldn't")


def test_a_quotation_after_an_indirect_quote_goes_on_with_it():
    same = (
        "The mayor said the new park would open in the spring. “We have waited a long time for "
        "a place where the children can play safely.”"
    )
    quotes = extract_quotes(_article(same))
    assert len(quotes) == 1
    assert quotes[0].kind == "indirect" and quotes[0].speaker == "The mayor"
    assert quotes[0].content.endswith("play safely.")
    # the next paragraph's quotation goes on with it too, as after a direct quote
    apart = same.replace(" “We", "\n\n“We")
    quotes = extract_quotes(_article(apart))
    assert [q.kind for q in quotes] == ["indirect"]
    assert quotes[0].content.endswith("play safely.")
