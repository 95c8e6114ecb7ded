"""Portuguese (pt): date data only (see ``DATE_CODES`` in __init__)."""

CODE = "pt"
NAME = "Portuguese"
SCRIPT = "Latn"
RTL = False

# --- dates ---
# Read by stemma/ingest/dates.py. Portuguese writes months in small letters and joins the
# parts with "de": "1º de março de 2024".
MONTHS_CASED = False
GREGORIAN_MONTHS = {
    "janeiro": 1, "jan.": 1, "fevereiro": 2, "fev.": 2, "março": 3, "marco": 3, "abril": 4,
    "maio": 5, "junho": 6, "julho": 7, "agosto": 8, "setembro": 9, "set.": 9,
    "outubro": 10, "out.": 10, "novembro": 11, "dezembro": 12, "dez.": 12,
}  # fmt: skip
WEEKDAYS = {
    "segunda-feira": 0, "terça-feira": 1, "terca-feira": 1, "quarta-feira": 2,
    "quinta-feira": 3, "sexta-feira": 4, "sábado": 5, "domingo": 6,
}  # fmt: skip
# "amanhã" is kept: "the morning" is "manhã".
RELATIVE_DAYS = {"hoje": 0, "ontem": -1, "anteontem": -2, "amanhã": 1}
ORDINAL_SUFFIXES = ("º", "°")
DAY_MONTH_WORDS = ("de",)
MONTH_YEAR_WORDS = ("de",)
PUBLISHED_LABELS = ("Publicado", "Publicado em", "Data de publicação")
UPDATED_LABELS = ("Atualizado", "Atualizado em", "Actualizado em", "Última atualização")
TIME_WORDS = ("às",)
DATE_ORDER = "dmy"
