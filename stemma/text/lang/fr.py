"""French (fr): date data only (see ``DATE_CODES`` in __init__)."""

CODE = "fr"
NAME = "French"
SCRIPT = "Latn"
RTL = False

# --- dates ---
# Read by stemma/ingest/dates.py. French writes months and weekdays in small letters ("le 3
# mars 2024"); they are matched in any case. "1er": the first of the month.
MONTHS_CASED = False
GREGORIAN_MONTHS = {
    "janvier": 1, "janv.": 1, "février": 2, "fevrier": 2, "févr.": 2, "mars": 3, "avril": 4,
    "avr.": 4, "mai": 5, "juin": 6, "juillet": 7, "juil.": 7, "août": 8, "aout": 8,
    "septembre": 9, "sept.": 9, "octobre": 10, "oct.": 10, "novembre": 11, "nov.": 11,
    "décembre": 12, "decembre": 12, "déc.": 12,
}  # fmt: skip
WEEKDAYS = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
    "dimanche": 6,
}  # fmt: skip
RELATIVE_DAYS = {"aujourd'hui": 0, "hier": -1, "avant-hier": -2, "demain": 1}
ORDINAL_SUFFIXES = ("er", "ᵉʳ")
PUBLISHED_LABELS = ("Publié le", "Publié", "Date de publication", "Mis en ligne le")
UPDATED_LABELS = ("Mis à jour le", "Mis à jour", "Modifié le", "Dernière mise à jour")
TIME_WORDS = ("à",)
DATE_ORDER = "dmy"
