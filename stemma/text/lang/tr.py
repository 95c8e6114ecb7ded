"""Turkish (tr): date data only (see ``DATE_CODES`` in __init__)."""

CODE = "tr"
NAME = "Turkish"
SCRIPT = "Latn"
RTL = False

# --- dates ---
# Read by stemma/ingest/dates.py. Turkish writes months with a capital letter ("3 Mart 2024");
# "Ekim" and "Mart" are also words, so the capital is required.
MONTHS_CASED = True
GREGORIAN_MONTHS = {
    "Ocak": 1, "Şubat": 2, "Subat": 2, "Mart": 3, "Nisan": 4, "Mayıs": 5, "Mayis": 5,
    "Haziran": 6, "Temmuz": 7, "Ağustos": 8, "Agustos": 8, "Eylül": 9, "Eylul": 9, "Ekim": 10,
    "Kasım": 11, "Kasim": 11, "Aralık": 12, "Aralik": 12,
}  # fmt: skip
WEEKDAYS = {
    "Pazartesi": 0, "Salı": 1, "Sali": 1, "Çarşamba": 2, "Carsamba": 2, "Perşembe": 3,
    "Persembe": 3, "Cuma": 4, "Cumartesi": 5, "Pazar": 6,
}  # fmt: skip
RELATIVE_DAYS = {"bugün": 0, "bugun": 0, "dün": -1, "dun": -1, "yarın": 1}
PUBLISHED_LABELS = ("Yayınlanma", "Yayınlanma Tarihi", "Yayın Tarihi", "Yayınlandı", "Tarih")
UPDATED_LABELS = ("Güncelleme", "Güncellenme", "Son Güncelleme", "Güncelleme Tarihi")
DATE_ORDER = "dmy"
