"""A company's releases months apart share its "About ..." paragraph and disclaimer: the whole
analysis keeps them apart (stories and links), learning that text from the pile. The
paragraph is longer than the lines ingest learns as an outlet's chrome, so this is the
linking rule's work (stemma.reuse.boilerplate)."""

from __future__ import annotations

from tests.provenance.conftest import analyse_fresh, write_jsonl
from tests.reuse.test_boilerplate import ABOUT, RELEASES


def test_releases_sharing_only_boilerplate_are_separate_stories(tmp_path):
    records = [
        {
            "id": id, "outlet": "Lumenfield Robotics", "lang": "en", "title": body[0],
            "published": day, "url": None, "text": "\n\n".join([*body, " ".join(ABOUT)]),
        }
        for id, (day, body) in RELEASES.items()
    ]  # fmt: skip
    got = analyse_fresh(tmp_path / "p.db", [write_jsonl(tmp_path / "p.jsonl", records)], "hashed")
    assert got.stories == {frozenset({id}) for id in RELEASES}
    assert all(kind == "related" for kind, _, _ in got.links.values())
