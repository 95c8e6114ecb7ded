"""The command line over a PostgreSQL store: selected by URL, shared by processes at once."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stemma.cli import app
from stemma.store import StoreError, open_store

runner = CliRunner()
DEMO = Path(__file__).resolve().parents[2] / "stemma" / "demo" / "articles"
ENCODER = "hashed"  # the fast stand-in: this is about sharing a store, not about vectors


def _said(result) -> str:
    return " ".join(result.output.replace("│", " ").split())


def _dump(db: str) -> tuple[list, list]:
    """Links and stories, sorted, without anything a run may number differently."""
    with open_store(db) as store:
        links = sorted(
            (ln.a, ln.b, ln.kind, round(ln.score, 6), ln.direction) for ln in store.get_links()
        )
        stories = sorted(json.dumps(s, sort_keys=True) for s in store.list_stories())
    return links, stories


@pytest.mark.postgres
def test_a_url_selects_postgres_from_the_option_and_the_environment(postgres_url, tmp_path):
    result = runner.invoke(app, ["analyze", str(DEMO), "--db", postgres_url, "--json"])
    assert result.exit_code in (0, 1), result.output
    listed = runner.invoke(app, ["articles", "--json"], env={"STEMMA_DB": postgres_url})
    assert listed.exit_code == 0, listed.output
    ids = [a["id"] for a in json.loads(listed.stdout)]
    assert ids and ids == sorted(ids)
    stories = runner.invoke(app, ["--db", postgres_url, "stories", "--json"])
    assert stories.exit_code == 0 and json.loads(stories.stdout)
    assert not list(tmp_path.iterdir())  # no file was made for the URL


@pytest.mark.postgres
def test_an_empty_or_foreign_database_is_refused_and_left_alone(postgres_url):
    import psycopg

    empty = runner.invoke(app, ["stories", "--db", postgres_url])
    assert empty.exit_code == 2 and "no stemma store there" in _said(empty), empty.output
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('mine')")
    for args in (["ingest", str(DEMO)], ["stories"]):
        result = runner.invoke(app, [*args, "--db", postgres_url])
        assert result.exit_code == 2 and "another program" in _said(result), result.output
    with psycopg.connect(postgres_url) as conn:
        names = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}  # fmt: skip
        assert names == {"notes"}


def test_an_unreachable_server_is_a_clear_error_without_the_password(tmp_path):
    pytest.importorskip("psycopg")
    url = f"postgresql://reader:s3cret@/stemma?host={tmp_path}&connect_timeout=2"
    result = runner.invoke(app, ["stories", "--db", url])
    assert result.exit_code == 2
    assert "cannot open the PostgreSQL store" in _said(result) and "s3cret" not in result.output
    with pytest.raises(StoreError, match=r"reader:\*\*\*@"):
        open_store(url)


@pytest.mark.postgres
def test_two_analyses_at_once_end_as_one_analysis(postgres_url, tmp_path):
    """Two `stemma analyze` processes ingest the same articles into one database at once (one
    of each article's writes loses the race and finds it stored) and analyse it: the second
    analysis waits for the first. The store ends as one analysis in a SQLite store leaves it."""
    env = {**os.environ, "STEMMA_ENCODER": ENCODER, "OMP_NUM_THREADS": "1"}
    cmd = [sys.executable, "-m", "stemma.cli", "analyze", str(DEMO), "--db", postgres_url]
    cmd.append("--json")
    open_store(postgres_url).close()  # made first: the race is over articles, not the schema
    runs = [
        subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=600) for p in runs]
    for p, (_, err) in zip(runs, outs, strict=True):
        assert p.returncode in (0, 1), err  # 1: the demo holds a file ingest skips
    reports = [json.loads(out) for out, _ in outs]
    assert reports[0]["stories"] == reports[1]["stories"] > 0
    alone = str(tmp_path / "alone.db")
    once = runner.invoke(app, ["analyze", str(DEMO), "--db", alone, "--encoder", ENCODER])
    assert once.exit_code in (0, 1), once.output
    assert _dump(postgres_url) == _dump(alone)
    with open_store(postgres_url) as store:
        assert all(v == [1] for v in map(store.versions, (a.id for a in store.list_articles())))


@pytest.mark.postgres
def test_the_web_app_serves_a_postgres_store_and_sees_other_processes_write(postgres_url):
    from fastapi.testclient import TestClient

    from stemma.web.app import create_app

    result = runner.invoke(app, ["analyze", str(DEMO), "--db", postgres_url, "--json"])
    assert result.exit_code in (0, 1), result.output
    with TestClient(create_app(postgres_url)) as client:
        listed = client.get("/api/stories").json()
        assert listed["total"] > 0
        first = listed["stories"][0]["id"]
        assert client.get(f"/stories/{first}").status_code == 200
        with open_store(postgres_url) as other:  # another process's write
            other.delete_stories([first])
        again = client.get("/api/stories").json()  # the cached page is not served stale
        assert again["total"] == listed["total"] - 1
        assert first not in [s["id"] for s in again["stories"]]
