"""A profile's title and its first passage are one string where they are equal: a kept
profile read back from its row holds one object for both, as one made afresh does."""

from stemma.model import Article
from stemma.stages import profiles
from stemma.stories.represent import represent


def article(i: str, title: str, text: str) -> Article:
    return Article(
        id=i, raw=text.encode(), format="txt", source=text, text=text, title=title, lang="en"
    )


def test_a_kept_profile_holds_its_title_once():
    text = "The harbour board voted to rebuild the old pier before the storm season begins again."
    made = represent(article("a1", "Harbour board backs new pier", text))
    assert made.passages[0] == made.title
    back = profiles.decode(profiles.encode(made))
    assert back == made
    assert back.title is back.passages[0]  # one string, not two equal ones


def test_a_title_not_embedded_as_it_is_stays_its_own():
    long_title = "Harbour board backs new pier " + "and more words " * 30
    made = represent(article("a2", long_title, "Short text here."))
    back = profiles.decode(profiles.encode(made))
    assert back == made and back.title == long_title.strip()
    assert back.passages[0] != back.title  # cut to the passage length: not the title
