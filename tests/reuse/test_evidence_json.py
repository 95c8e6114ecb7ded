"""A link's evidence as JSON: ``Evidence.to_json`` gives what ``dataclasses.asdict`` gives (the
kept verdicts and stored links are written from it), as copies, field by field."""

import json
from dataclasses import asdict, fields

from stemma.model import AlignedPair, Evidence, Link, Variant
from stemma.reuse.typing import type_same_language
from stemma.stages.results import link_json
from tests.reuse.test_typing_memo import EDITED, WIRE, _article


def _evidence() -> Evidence:
    return Evidence(
        pairs=[AlignedPair(0, 10, 5, 15, 0.9, "variant"), AlignedPair(12, 20, 16, 30, 1.0)],
        coverage_a=0.5,
        coverage_b=0.25,
        shared={"names": ["Ilse Marquardt"], "numbers": ["12", "8.400"], "dates": []},
        variants=[Variant("substitution", "zwölf", "12", 3, 8, 4, 6)],
        reasons=["a reason", "ein Grund"],
        direction_signals=[{"signal": "time", "points_to": "x", "weight": 0.5, "says": "..."}],
    )


def test_to_json_is_asdict():
    ev = _evidence()
    made = ev.to_json()
    assert made == asdict(ev)
    assert list(made) == [f.name for f in fields(Evidence)]  # a new field must be added here
    assert list(made["pairs"][0]) == [f.name for f in fields(AlignedPair)]
    assert json.dumps(made, ensure_ascii=False) == json.dumps(asdict(ev), ensure_ascii=False)


def test_to_json_copies_what_it_holds():
    ev = _evidence()
    made = ev.to_json()
    made["shared"]["names"].append("someone")
    made["direction_signals"][0]["weight"] = 1.0
    made["reasons"].append("another")
    made["pairs"][0]["score"] = 0.0
    assert ev == _evidence()


def test_typed_links_round_trip_through_their_json():
    for a, b in [(WIRE, EDITED), (EDITED, WIRE), (WIRE, WIRE)]:
        link = type_same_language(_article("a", a), _article("b", b))
        data = link_json(link)
        assert data["evidence"] == asdict(link.evidence)
        assert Link.from_json(json.loads(json.dumps(data))) == link
