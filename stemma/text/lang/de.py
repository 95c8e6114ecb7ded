"""German (de): date data only (see ``DATE_CODES`` in __init__)."""

CODE = "de"
NAME = "German"
SCRIPT = "Latn"
RTL = False

# --- dates ---
# Read by stemma/ingest/dates.py. German writes months and weekdays with a capital letter.
# "am 23. Juni 2008": the dot after the day is read as part of the date.
# Words an ordinal number ("2.", "65.") follows, so its dot does not end a sentence.
ORDINAL_BEFORE = frozenset({
    "am", "im", "zum", "zur", "vom", "beim", "bis", "ab", "der", "die", "das", "dem", "den",
    "des", "seinem", "seinen", "seiner", "seines", "ihrem", "ihren", "ihrer", "ihres",
    "diesem", "diesen", "dieser", "dieses", "jedem", "jeden", "jeder", "unserem", "unseren",
})  # fmt: skip
MONTHS_CASED = True
GREGORIAN_MONTHS = {
    "Januar": 1, "Jänner": 1, "Jan.": 1, "Februar": 2, "Feber": 2, "Feb.": 2, "März": 3,
    "Maerz": 3, "April": 4, "Apr.": 4, "Mai": 5, "Juni": 6, "Juli": 7, "August": 8, "Aug.": 8,
    "September": 9, "Sept.": 9, "Sep.": 9, "Oktober": 10, "Okt.": 10, "November": 11,
    "Nov.": 11, "Dezember": 12, "Dez.": 12,
}  # fmt: skip
WEEKDAYS = {
    "Montag": 0, "Dienstag": 1, "Mittwoch": 2, "Donnerstag": 3, "Freitag": 4, "Samstag": 5,
    "Sonnabend": 5, "Sonntag": 6,
}  # fmt: skip
# "morgen" is also "the morning" (Morgen): left out.
RELATIVE_DAYS = {"heute": 0, "gestern": -1, "vorgestern": -2, "übermorgen": 2}
PUBLISHED_LABELS = ("Veröffentlicht", "Veröffentlicht am", "Erschienen am", "Datum", "Erstellt")
UPDATED_LABELS = ("Aktualisiert", "Aktualisiert am", "Zuletzt aktualisiert", "Stand", "Geändert")
TIME_WORDS = ("um",)
DATE_ORDER = "dmy"
