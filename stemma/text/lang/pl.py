"""Polish (pl): date data only (see ``DATE_CODES`` in __init__)."""

CODE = "pl"
NAME = "Polish"
SCRIPT = "Latn"
RTL = False

# --- dates ---
# Read by stemma/ingest/dates.py. Polish writes months in small letters, in the genitive
# after a day ("23 czerwca 2008"), in the nominative or the locative alone ("czerwiec 2008",
# "w czerwcu 2008 r."); "r." or "roku" may follow the year.
MONTHS_CASED = False
GREGORIAN_MONTHS = {
    "stycznia": 1, "styczeń": 1, "styczen": 1, "sty.": 1,
    "lutego": 2, "luty": 2, "lut.": 2,
    "marca": 3, "marzec": 3, "mar.": 3,
    "kwietnia": 4, "kwiecień": 4, "kwiecien": 4, "kwi.": 4,
    "maja": 5, "maj": 5,
    "czerwca": 6, "czerwiec": 6, "cze.": 6,
    "lipca": 7, "lipiec": 7, "lip.": 7,
    "sierpnia": 8, "sierpień": 8, "sierpien": 8, "sie.": 8,
    "września": 9, "wrzesień": 9, "wrzesnia": 9, "wrzesien": 9, "wrz.": 9,
    "października": 10, "październik": 10, "pazdziernika": 10, "paź.": 10,
    "listopada": 11, "listopad": 11, "lis.": 11,
    "grudnia": 12, "grudzień": 12, "grudzien": 12, "gru.": 12,
    # the locative, after "w" ("w marcu 2024 r.")
    "styczniu": 1, "lutym": 2, "marcu": 3, "kwietniu": 4, "maju": 5, "czerwcu": 6,
    "lipcu": 7, "sierpniu": 8, "wrześniu": 9, "wrzesniu": 9, "październiku": 10,
    "pazdzierniku": 10, "listopadzie": 11, "grudniu": 12,
}  # fmt: skip
WEEKDAYS = {
    "poniedziałek": 0, "poniedzialek": 0, "wtorek": 1, "środa": 2, "środę": 2, "sroda": 2,
    "czwartek": 3, "piątek": 4, "piatek": 4, "sobota": 5, "sobotę": 5, "niedziela": 6,
    "niedzielę": 6,
}  # fmt: skip
RELATIVE_DAYS = {"dziś": 0, "dzisiaj": 0, "wczoraj": -1, "przedwczoraj": -2, "jutro": 1}
YEAR_AFTER_WORDS = ("roku", "r.")
PUBLISHED_LABELS = ("Opublikowano", "Data publikacji", "Data dodania", "Dodano")
UPDATED_LABELS = ("Aktualizacja", "Zaktualizowano", "Ostatnia aktualizacja")
TIME_WORDS = ("o godz.", "godz.", "o")
DATE_ORDER = "dmy"
