"""Story titles in the reader's language, set once; the original where no member has one."""

from fastapi.testclient import TestClient

from stemma.web.app import create_app


def test_titles_follow_the_language_set_once(tmp_path, factories):
    from stemma.store import open_store

    fa = factories.article(
        "fa-1", ["متن خبر."], lang="fa", title="عنوان فارسی", published="2020-01-01"
    )
    en = factories.article(
        "en-2", ["The news."], lang="en", title="English title", published="2020-01-02"
    )
    solo = factories.article(
        "de-3", ["Nachricht."], lang="de", title="Deutsch", published="2020-01-03"
    )
    with open_store(tmp_path / "t.db") as store:
        for a in (fa, en, solo):
            store.put_article(a)
        store.replace_stories([factories.story("s-fa", [fa, en]), factories.story("s-de", [solo])])
    client = TestClient(create_app(tmp_path / "t.db"))
    page = client.get("/").text  # English by default
    assert "English title" in page and "Deutsch" in page  # no English member: the original
    assert "English title" in client.get("/stories/s-fa").text
    done = client.post("/preferences", data={"title_lang": "original"}, follow_redirects=False)
    assert done.status_code == 303 and "stemma_title_lang=original" in done.headers["set-cookie"]
    client.cookies.set("stemma_title_lang", "original")
    assert "English title" not in client.get("/").text.split('id="story-count"')[1]
    client.cookies.set("stemma_title_lang", "fa")
    assert '<h1 dir="auto"><bdi>عنوان فارسی</bdi></h1>' in client.get("/stories/s-fa").text
    client.cookies.set("stemma_title_lang", "<script>")  # malformed: English
    assert "English title" in client.get("/").text
