"""Italian (it): date data only (see ``DATE_CODES`` in __init__)."""

CODE = "it"
NAME = "Italian"
SCRIPT = "Latn"
RTL = False

# --- dates ---
# Read by stemma/ingest/dates.py. Italian writes months in small letters: "1º marzo 2024".
MONTHS_CASED = False
GREGORIAN_MONTHS = {
    "gennaio": 1, "genn.": 1, "febbraio": 2, "febbr.": 2, "marzo": 3, "aprile": 4,
    "maggio": 5, "giugno": 6, "luglio": 7, "agosto": 8, "settembre": 9, "sett.": 9,
    "ottobre": 10, "ott.": 10, "novembre": 11, "dicembre": 12, "dic.": 12,
}  # fmt: skip
WEEKDAYS = {
    "lunedì": 0, "lunedi": 0, "martedì": 1, "martedi": 1, "mercoledì": 2, "mercoledi": 2,
    "giovedì": 3, "giovedi": 3, "venerdì": 4, "venerdi": 4, "sabato": 5, "domenica": 6,
}  # fmt: skip
RELATIVE_DAYS = {"oggi": 0, "ieri": -1, "l'altro ieri": -2, "domani": 1}
ORDINAL_SUFFIXES = ("º", "°")
PUBLISHED_LABELS = ("Pubblicato", "Pubblicato il", "Data di pubblicazione")
UPDATED_LABELS = ("Aggiornato", "Aggiornato il", "Ultimo aggiornamento", "Modificato")
TIME_WORDS = ("alle", "ore")
DATE_ORDER = "dmy"
