"""Spanish (es): date data only (see ``DATE_CODES`` in __init__)."""

CODE = "es"
NAME = "Spanish"
SCRIPT = "Latn"
RTL = False

# --- dates ---
# Read by stemma/ingest/dates.py. Spanish writes months in small letters and joins the parts
# with "de": "1 de marzo de 2024", "1º de marzo del 2024".
MONTHS_CASED = False
GREGORIAN_MONTHS = {
    "enero": 1, "ene.": 1, "febrero": 2, "feb.": 2, "marzo": 3, "mar.": 3, "abril": 4,
    "abr.": 4, "mayo": 5, "junio": 6, "jun.": 6, "julio": 7, "jul.": 7, "agosto": 8, "ago.": 8,
    "septiembre": 9, "setiembre": 9, "sept.": 9, "sep.": 9, "octubre": 10, "oct.": 10,
    "noviembre": 11, "nov.": 11, "diciembre": 12, "dic.": 12,
}  # fmt: skip
WEEKDAYS = {
    "lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3, "viernes": 4,
    "sábado": 5, "sabado": 5, "domingo": 6,
}  # fmt: skip
# "mañana" is also "the morning": left out.
RELATIVE_DAYS = {"hoy": 0, "ayer": -1, "anteayer": -2}
ORDINAL_SUFFIXES = ("º", "°")
DAY_MONTH_WORDS = ("de",)
MONTH_YEAR_WORDS = ("de", "del")
PUBLISHED_LABELS = ("Publicado", "Publicado el", "Fecha de publicación")
UPDATED_LABELS = ("Actualizado", "Actualizado el", "Última actualización", "Modificado")
TIME_WORDS = ("a las",)
DATE_ORDER = "dmy"
