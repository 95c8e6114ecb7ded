"""An article's quotes kept between runs (``stemma.stages.article_quotes``): read back as they
were found, and a step that makes a story's record again finds only the quotes of texts it has
not met, ending where a full run ends."""

import json

from stemma.analysis import analyse
from stemma.model import Quote
from stemma.quotes.extract import found_quotes
from stemma.stages.article_quotes import STAGE, decode, encode
from stemma.store import open_store
from tests.engine.test_incremental import (  # noqa: F401
    ENCODER,
    _with_text,
    demo_articles,
    dump,
    full_run,
)


def test_kept_quotes_read_back_as_found(demo_articles):  # noqa: F811
    some = 0
    for article in demo_articles:
        found = found_quotes(article)
        some += len(found)
        assert decode(encode(found, article.source), article.source) == found
    assert some > 0
    # a field that is not the text between its offsets travels whole; the others are sliced
    text = "The mayor said the bridge would open."
    quote = Quote("indirect", "the bridge will open", 15, 36, "The mayor", 0, 9, "said", 10, 14)
    assert decode(encode([quote], text), text) == [quote]
    row = json.loads(encode([quote], text))[0]
    assert row[1] == "the bridge will open" and row[4] is None and row[7] is None


def test_a_step_finds_only_the_changed_texts_quotes_and_ends_as_a_full_run(
    demo_articles,  # noqa: F811
    tmp_path,
):
    target = next(a for a in demo_articles if "copy" in a.id)
    changed = _with_text(
        target, target.source + "\n\nThe minister said the talks would resume in May."
    )
    rest = [a for a in demo_articles if a.id != target.id]
    want = full_run(tmp_path / "full.db", [*rest, changed])
    with open_store(tmp_path / "step.db") as store:
        store.put_articles([(a, ()) for a in demo_articles])
        first = analyse(store, ENCODER)
        assert first.made["article quotes"] > 0 and first.reused["article quotes"] == 0
        store.put_article(changed)
        step = analyse(store, ENCODER)
        assert step.made["article quotes"] == 1  # the changed text; its story's others read back
        assert step.reused["article quotes"] > 0
        assert dump(store) == want
        assert store.remove_article(changed.id)
        analyse(store, ENCODER)
        assert changed.id not in {key for key, _ in store.stage_inputs(STAGE)}
