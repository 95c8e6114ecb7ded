import json

import pytest

from stemma.eval.corpus import open_corpus
from stemma.reuse.evaluate import evaluate_reuse, label, measure_pairs

SOURCE = (
    "The city council approved a new budget for the river harbour on Monday. "
    "The plan adds two cranes and a ferry terminal by next spring. "
    "Harbour master Ines Kovac said the works would create 300 jobs. "
    "Fishermen asked the council to keep the old pier open during the works."
)
COPY = SOURCE.replace("Monday", "Monday evening")
EXCERPT = (
    "Harbour master Ines Kovac said the works would create 300 jobs. "
    "Fishermen asked the council to keep the old pier open during the works. "
    "Meanwhile the regional airport reported record passenger numbers for the summer. "
    "Its director expects a new terminal to open within three years. "
    "A local bakery won a national prize for its rye bread. "
    "The football club signed a young goalkeeper from the south. "
    "Tickets for the autumn music festival go on sale on Friday."
)
OTHER = (
    "A storm damaged roofs in the northern villages overnight. "
    "Firefighters cleared fallen trees from two roads before dawn. "
    "Schools stayed closed while engineers checked the buildings."
)


def _write(folder, rows, gold):
    (folder / "articles.jsonl").write_text(
        "\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8"
    )
    (folder / "gold.jsonl").write_text(
        "\n".join(json.dumps(g) for g in gold) + "\n", encoding="utf-8"
    )


@pytest.fixture
def tiny(tmp_path):
    rows = [
        {"id": "s1", "lang": "en", "text": SOURCE, "published": "2024-05-01", "outlet": "Wire"},
        {"id": "d1", "lang": "en", "text": COPY, "published": "2024-05-02", "outlet": "Daily"},
        {"id": "s2", "lang": "en", "text": SOURCE, "published": "2024-05-01", "outlet": "Wire"},
        {"id": "d2", "lang": "en", "text": EXCERPT, "published": "2024-05-02", "outlet": "Daily"},
        {"id": "s3", "lang": "en", "text": SOURCE, "published": "2024-05-01", "outlet": "Wire"},
        {"id": "d3", "lang": "en", "text": OTHER, "published": "2024-05-02", "outlet": "Daily"},
    ]
    gold = [
        {"source": "s1", "derived": "d1", "label": "WD"},
        {"source": "s2", "derived": "d2", "label": "PD"},
        {"source": "s3", "derived": "d3", "label": "ND"},
    ]
    _write(tmp_path, rows, gold)
    return tmp_path


def test_pairs_map_to_labels(tiny):
    pairs = measure_pairs(open_corpus(tiny))
    assert [label(p) for p in pairs] == ["WD", "PD", "ND"]


def test_evaluate_reuse_reports_every_metric(tiny):
    result = evaluate_reuse(tiny, seed=1)
    assert result["macro_f1"] == 1.0 and result["derived_f1"] == 1.0
    for key in ("calibrated_macro_f1", "baseline_macro_f1", "baseline_derived_f1"):
        assert 0.0 <= result[key] <= 1.0
    assert result["pairs"] == 3


def test_reuse_task_is_registered(tiny):
    from stemma.eval.tasks import get_task, run_task

    assert get_task("reuse").available
    result = run_task("reuse", tiny)
    assert list(result["metrics"])[:2] == ["macro_f1", "derived_f1"]
