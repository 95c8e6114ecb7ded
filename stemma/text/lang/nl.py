"""Dutch (nl): date data only (see ``DATE_CODES`` in __init__)."""

CODE = "nl"
NAME = "Dutch"
SCRIPT = "Latn"
RTL = False

# --- dates ---
# Read by stemma/ingest/dates.py. Dutch writes months in small letters: "1 maart 2024".
MONTHS_CASED = False
GREGORIAN_MONTHS = {
    "januari": 1, "jan.": 1, "februari": 2, "feb.": 2, "maart": 3, "mrt.": 3, "april": 4,
    "apr.": 4, "mei": 5, "juni": 6, "juli": 7, "augustus": 8, "aug.": 8, "september": 9,
    "sept.": 9, "oktober": 10, "okt.": 10, "november": 11, "nov.": 11, "december": 12,
    "dec.": 12,
}  # fmt: skip
WEEKDAYS = {
    "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4, "zaterdag": 5,
    "zondag": 6,
}  # fmt: skip
RELATIVE_DAYS = {"vandaag": 0, "gisteren": -1, "eergisteren": -2, "morgen": 1}
PUBLISHED_LABELS = ("Gepubliceerd", "Gepubliceerd op", "Geplaatst", "Datum")
UPDATED_LABELS = ("Bijgewerkt", "Bijgewerkt op", "Laatst bijgewerkt", "Gewijzigd")
TIME_WORDS = ("om",)
DATE_ORDER = "dmy"
