"""The learned source chooser (stemma.quotes.source_model): its features, its choice, its shipped
weights, and that a named person picked by the rules stays, on sentences written for these
tests."""

import json
import re

from stemma.model import Article
from stemma.quotes import cue_model, extract_quotes, source_model
from stemma.quotes.extract import source_candidates


def _article(text, id="t"):
    return Article(id=id, raw=text.encode(), format="txt", source=text, text=text, lang="en")


def test_shape_names_a_word_class_never_the_word():
    assert source_model.shape("he") == "PRON"
    assert source_model.shape("who") == "REL"
    assert source_model.shape("the mayor") == "DET"
    assert source_model.shape("The New Yorker") == "DET+CAP"
    assert source_model.shape("Maria Lindqvist") == "CAP"
    assert source_model.shape("Lindqvist") == "CAP1"
    assert source_model.shape("officials") == "LOW"


def test_where_places_a_span_from_the_cue():
    cue = (20, 24)
    assert source_model.where((10, 19), cue) == "adjacent"
    assert source_model.where((0, 5), cue) == "near"
    assert source_model.where((25, 30), cue) == "follows"
    assert source_model.where((40, 50), cue) == "later"
    assert source_model.where((0, 5), (None, None)) == "nocue"


def test_choose_takes_the_best_scoring_candidate_and_the_first_on_a_tie(tmp_path):
    path = tmp_path / "w.json"
    cue_model.save({"r=subject": 2.0, "r=before": -1.0}, 0.0, "test", path)
    rule = ((0, 3), ["bias", "r=rule", "r=before"])
    subject = ((5, 9), ["bias", "r=subject"])
    assert source_model.choose([rule, subject], path) == (5, 9)
    tie = ((5, 9), ["bias", "r=rule", "r=before"])
    assert source_model.choose([rule, tie], path) == (0, 3)
    missing = tmp_path / "none.json"  # no weights shipped: the rule's pick stands
    assert source_model.choose([rule, subject], missing) == (0, 3)
    assert source_model.choose([subject], missing) is None  # and no one where it named no one


def test_candidates_list_the_rules_pick_first_and_never_the_content():
    text = "The plan will fail, Maria Lindqvist, a council member who opposed it, said on Monday."
    (q, options), *_ = source_candidates(_article(text))
    spans = [span for span, _ in options]
    assert spans[0] == (q.speaker_start, q.speaker_end)
    assert all(not (a < q.content_end and q.content_start < b) for a, b in spans)
    assert all(not re.search(r"\s", f) for _, fs in options for f in fs)


def test_a_named_person_picked_by_the_rules_stays():
    text = (
        "Maria Lindqvist, who leads the council, said the bridge would reopen in the spring. "
        "She told reporters the repairs were on schedule."
    )
    rules = extract_quotes(_article(text), learned=False)
    chosen = extract_quotes(_article(text))
    named = [q for q in rules if q.speaker.startswith("Maria")]
    assert named
    for q in named:
        same = next(c for c in chosen if c.content_start == q.content_start)
        assert same.speaker == q.speaker


def test_shipped_weights_hold_feature_names_and_numbers_only():
    data = json.loads(source_model.WEIGHTS.read_text(encoding="utf-8"))
    assert "train" in data["note"] and "dev" not in data["note"]
    weights = data["weights"]
    assert 100 < len(weights) < 20000
    assert all(not re.search(r"\s", name) for name in weights)
    assert all(isinstance(v, float) and abs(v) >= cue_model.MIN_WEIGHT for v in weights.values())
    # no name of a person or an outlet: features are reader names, word classes and cue lemmas
    assert all(name.split("=")[0] in _FEATURE_KINDS for name in weights)
    # the words read inside a candidate and between it and the cue are lower-case words only
    lexical = [name for name in weights if name.startswith(("in=", "btw="))]
    assert lexical
    assert all(name == name.lower() or name.endswith("|CAP") for name in lexical)


_FEATURE_KINDS = {
    "bias",
    "readers",
    "shape",
    "len",
    "r",
    "r+lem",
    "r+form",
    "r+side",
    "r+origin",
    "r+shape",
    "r+rule_shape",
    "comma",
    "shape+lem",
    "shape+side",
    "where",
    "where+shape",
    "where+side",
    "where+lem",
    "prev",
    "next",
    "prev+next",
    "next+shape",
    "prev+shape",
    "r+next",
    "in",
    "btw",
}


def test_neighbours_are_word_classes_never_words():
    # the text around "Holm" in "Yesterday, Holm in her speech called ..."
    feats = source_model.features(
        {"clause"}, "Holm", "called", "after", "speech", "CAP1", "near", ("Yesterday, ", " in her")
    )
    assert "prev=comma" in feats and "next=prep" in feats and "r+next=clause|prep" in feats
    feats = source_model.features(
        {"before"}, "the mayor", "said", "after", "speech", "DET", "adjacent", ("", " has said")
    )
    assert "prev=end" in feats and "next=aux" in feats
    without = source_model.features({"before"}, "x", "said", "after", "speech", "NONE", "adjacent")
    assert not any(f.startswith(("prev", "next")) for f in without)


def test_lexical_features_keep_lower_case_words_and_no_name():
    feats = source_model.lexical("the union leaders", ("b", " at the Harbour Club, "))
    assert {"in=the", "in=union", "in=leaders"} <= set(feats)
    assert {"btw=b|at", "btw=b|the", "btw=b|CAP", "btw=b|,"} <= set(feats)
    assert not any("harbour" in f.lower() or "club" in f.lower() for f in feats)
    assert "in=Smith" not in source_model.lexical("Smith", None)
    long = source_model.lexical("they", ("b", " and then " * 10))
    assert "btw=long" in long and not any(f.startswith("btw=b|") for f in long)


def test_the_chooser_reads_the_clause_boundary_between_a_phrase_and_the_cue():
    # the sentence's opening phrase and a clause's subject are both offered; the words between
    # ("after", "as": a clause opens) tell the chooser the clause's subject speaks
    for text, cue, speaker in (
        ("The mayor visited the school after the teachers warned that the roof was leaking.",
         "warned", "the teachers"),
        ("The plan drew criticism as the fishermen claimed it would ruin their trade.",
         "claimed", "the fishermen"),
    ):  # fmt: skip
        (q,) = [q for q in extract_quotes(_article(text)) if q.cue == cue]
        assert q.speaker == speaker


def test_a_named_pick_far_before_its_cue_is_rechosen():
    # the rule took the sentence's opening name; the cue stands deep in the sentence, in a
    # clause with its own subject, which the readers offer; the shipped chooser takes it
    text = (
        "Lindqvist was as popular in March, when the harbour workers were backing Holm, as "
        "she was in May."
    )
    (q, options), *_ = [x for x in source_candidates(_article(text)) if x[0].cue == "backing"]
    assert q.speaker == "Lindqvist"  # the rules' pick, before choosing
    spans = {text[a:b]: fs for (a, b), fs in options}
    assert "r=clause" in spans["the harbour workers"]
    (chosen,) = [c for c in extract_quotes(_article(text)) if c.cue == "backing"]
    assert chosen.speaker == "the harbour workers"


def test_the_benchmark_reports_what_choosing_sources_can_reach():
    from benchmarks.quotes import source_ceiling

    text = (
        "Maria Okafor, the harbour's chief engineer, said the new locks would open in May. "
        "The council said the budget was already spent."
    )
    said = text.index("said")
    content = (said + 5, text.index("."))
    later = text.index("said", said + 1)
    attributions = [
        {"source": [0, 12], "cue": [said, said + 4], "content": list(content)},
        {  # a gold source no reader names: the quote counts against both shares
            "source": [text.index("budget"), text.index("budget") + 6],
            "cue": [later, later + 4],
            "content": [later + 5, len(text) - 1],
        },
    ]
    records = [{"id": "a1", "lang": "en", "text": text}]
    reachable, rule = source_ceiling(records, {"a1": {"attributions": attributions}})
    assert (reachable, rule) == (0.5, 0.5)
    attributions[1]["source"] = [text.index("The council"), text.index("The council") + 11]
    assert source_ceiling(records, {"a1": {"attributions": attributions}}) == (1.0, 1.0)
