"""Japanese (ja): date data only (see ``DATE_CODES`` in __init__)."""

CODE = "ja"
NAME = "Japanese"
SCRIPT = "Jpan"
RTL = False

# --- dates ---
# Read by stemma/ingest/dates.py. Japanese writes dates as Chinese does: "2024年3月1日".
YMD_UNITS = {"year": ("年",), "month": ("月",), "day": ("日",)}
WEEKDAYS = {
    "月曜日": 0, "火曜日": 1, "水曜日": 2, "木曜日": 3, "金曜日": 4, "土曜日": 5, "日曜日": 6,
}  # fmt: skip
RELATIVE_DAYS = {"今日": 0, "本日": 0, "昨日": -1, "一昨日": -2, "明日": 1}
PUBLISHED_LABELS = ("公開日", "配信日", "掲載日", "投稿日")
UPDATED_LABELS = ("更新日", "最終更新")
DATE_ORDER = "ymd"
