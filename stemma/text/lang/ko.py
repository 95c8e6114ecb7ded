"""Korean (ko): date data only (see ``DATE_CODES`` in __init__)."""

CODE = "ko"
NAME = "Korean"
SCRIPT = "Hang"
RTL = False

# --- dates ---
# Read by stemma/ingest/dates.py. Korean writes dates with numbers and unit syllables:
# "2024년 3월 1일".
YMD_UNITS = {"year": ("년",), "month": ("월",), "day": ("일",)}
WEEKDAYS = {
    "월요일": 0, "화요일": 1, "수요일": 2, "목요일": 3, "금요일": 4, "토요일": 5, "일요일": 6,
}  # fmt: skip
RELATIVE_DAYS = {"오늘": 0, "어제": -1, "그저께": -2, "내일": 1}
PUBLISHED_LABELS = ("입력", "등록", "게재", "발행일")
UPDATED_LABELS = ("수정", "업데이트", "최종수정")
DATE_ORDER = "ymd"
