"""Chinese (zh): date data only (see ``DATE_CODES`` in __init__)."""

CODE = "zh"
NAME = "Chinese"
SCRIPT = "Hani"
RTL = False

# --- dates ---
# Read by stemma/ingest/dates.py. Chinese writes dates with numbers and unit characters:
# "2024年3月1日" (日 or 号 after the day); the year or the day may be left out.
YMD_UNITS = {"year": ("年",), "month": ("月",), "day": ("日", "号", "號")}
WEEKDAYS = {
    "星期一": 0, "星期二": 1, "星期三": 2, "星期四": 3, "星期五": 4, "星期六": 5, "星期日": 6,
    "星期天": 6, "周一": 0, "周二": 1, "周三": 2, "周四": 3, "周五": 4, "周六": 5, "周日": 6,
}  # fmt: skip
RELATIVE_DAYS = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2, "明天": 1}
PUBLISHED_LABELS = ("发布时间", "發佈時間", "发布日期", "发表时间", "时间")
UPDATED_LABELS = ("更新时间", "更新時間", "最后更新")
DATE_ORDER = "ymd"
