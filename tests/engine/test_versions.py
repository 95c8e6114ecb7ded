"""Each stage's rows carry a hash of that stage's code only: a change to a module a stage runs
makes its rows again, a change elsewhere keeps them (and the result is what a full run gives)."""

import pytest

from stemma.analysis import analyse
from stemma.engine import local, versions
from stemma.engine.snapshot import snapshot as dump
from stemma.store import open_store

from .test_incremental import ENCODER, demo_articles  # noqa: F401 (a fixture)


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A small package named ``stemma`` written for the test, hashed instead of the real one."""
    root = tmp_path / "stemma"
    files = {
        "__init__.py": "",
        "model.py": "VALUE = 1\n",
        "budget.py": "",
        "reuse/__init__.py": "",
        "reuse/boilerplate.py": "from stemma.model import VALUE\n",
        "stages/__init__.py": "",
        # a stage importing a helper only inside a function, relatively
        "stages/first.py": "def run():\n    from ..helpers import lower\n    return lower\n",
        "stages/second.py": "import stemma.other\n",
        # an import over several lines, with a comment; a module imported under another name
        "stages/third.py": "from stemma.helpers import (\n    lower,  # why\n)\nimport stemma.other as o\n",
        "helpers/__init__.py": "",
        "helpers/lower.py": "def lower(x):\n    return x.lower()\n",
        "helpers/weights.json": "[1, 2]\n",
        "other.py": "X = 2\n",
        "web/page.py": "TEMPLATE = 'a page'\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    monkeypatch.setattr(versions, "ROOT", root)
    versions.closure.cache_clear()
    versions.version.cache_clear()
    yield root
    versions.closure.cache_clear()
    versions.version.cache_clear()


def _changed(root, name: str, text: str) -> None:
    (root / name).write_text(text)
    versions.closure.cache_clear()
    versions.version.cache_clear()


def test_a_stage_closure_follows_imports_inside_functions_and_relative_ones(package):
    found = {str(p.relative_to(package)) for p in versions.closure(("stemma.stages.first",))}
    assert found == {
        "__init__.py",
        "stages/__init__.py",
        "stages/first.py",
        "helpers/__init__.py",
        "helpers/lower.py",
    }
    found = {str(p.relative_to(package)) for p in versions.closure(("stemma.stages.third",))}
    assert {"helpers/lower.py", "other.py"} <= found and "web/page.py" not in found
    with pytest.raises(ValueError, match="no_such"):
        versions.closure(("stemma.no_such",))


@pytest.mark.parametrize(
    ("name", "moves"),
    [
        ("helpers/lower.py", True),  # imported by the stage inside a function
        ("helpers/weights.json", True),  # a data file beside a module it runs
        ("model.py", True),  # the article view every stage reads
        ("other.py", False),  # imported by another stage only
        ("web/page.py", False),  # imported by nothing the stage runs
    ],
)
def test_a_stage_version_moves_with_its_own_code_only(package, name, moves):
    before = versions.version("stemma.stages.first")
    _changed(package, name, (package / name).read_text() + "\n# edited\n")
    assert (versions.version("stemma.stages.first") != before) == moves


def test_the_real_stages_hash_what_they_run_and_not_the_rest():
    sources = lambda *m: {  # noqa: E731
        str(p.relative_to(versions.ROOT)) for p in versions.closure(tuple(m))
    }
    prints = sources("stemma.stages.fingerprints", *versions.VIEW)
    assert {"stages/fingerprints.py", "reuse/candidates.py", "reuse/boilerplate.py"} <= prints
    assert not any(p.startswith(("quotes/", "web/", "stories/", "eval/")) for p in prints)
    records = sources("stemma.stages.results", "stemma.corrections")
    assert {"quotes/__init__.py", "stories/stemma.py", "corrections.py"} <= records
    assert not any(p.startswith(("web/", "eval/")) for p in records)
    versions_ = local.stage_versions()
    assert len(set(versions_.values())) >= 4  # stages that run different code differ


def test_a_change_to_one_stage_remakes_its_rows_only(demo_articles, tmp_path, monkeypatch):  # noqa: F811
    with open_store(tmp_path / "stage.db") as store:
        store.put_articles([(a, ()) for a in demo_articles])
        first = analyse(store, ENCODER)
        before = dump(store)
        real = local.stage_version

        def edited(stage: str) -> str:  # as if the quotes or the stemma code had changed
            return real(stage) + ("-edited" if stage == local.results.STAGE else "")

        monkeypatch.setattr(local, "stage_version", edited)
        again = analyse(store, ENCODER)
        assert again.made["story records"] == first.stories
        assert again.made["fingerprints"] == again.made["profiles"] == 0
        assert again.made["same-language verdicts"] == 0
        assert again.reused["fingerprints"] == len(demo_articles)
        assert dump(store) == before
        third = analyse(store, ENCODER)  # the records made with the edited code are kept
        assert third.made["story records"] == 0 and dump(store) == before


def test_a_profile_row_follows_the_method_that_makes_it_not_the_whole_clusterer(monkeypatch):
    from stemma.stages import profiles
    from stemma.stories.cluster import StoryClusterer

    local.stage_version.cache_clear()
    before = local.stage_version(profiles.STAGE)
    assert "stories/cluster.py" not in {
        str(p.relative_to(versions.ROOT))
        for p in versions.closure(
            tuple(sorted({*local._STAGE_CODE[profiles.STAGE], *versions.VIEW}))
        )
    }

    def entries(self, articles):  # profiles made another way
        return []

    monkeypatch.setattr(StoryClusterer, "entries", entries)
    local.stage_version.cache_clear()
    assert local.stage_version(profiles.STAGE) != before
    monkeypatch.undo()
    local.stage_version.cache_clear()
    assert local.stage_version(profiles.STAGE) == before
