"""Hindi (hi): date data only (see ``DATE_CODES`` in __init__)."""

CODE = "hi"
NAME = "Hindi"
SCRIPT = "Deva"
RTL = False

# --- dates ---
# Read by stemma/ingest/dates.py, which folds Devanagari digits: "1 मार्च 2024", "१ मार्च २०२४".
GREGORIAN_MONTHS = {
    "जनवरी": 1, "फ़रवरी": 2, "फरवरी": 2, "मार्च": 3, "अप्रैल": 4, "अप्रेल": 4, "मई": 5,
    "जून": 6, "जुलाई": 7, "अगस्त": 8, "सितंबर": 9, "सितम्बर": 9, "अक्टूबर": 10,
    "अक्तूबर": 10, "नवंबर": 11, "नवम्बर": 11, "दिसंबर": 12, "दिसम्बर": 12,
}  # fmt: skip
WEEKDAYS = {
    "सोमवार": 0, "मंगलवार": 1, "बुधवार": 2, "गुरुवार": 3, "बृहस्पतिवार": 3, "शुक्रवार": 4,
    "शनिवार": 5, "रविवार": 6,
}  # fmt: skip
# "कल" is both yesterday and tomorrow: left out.
RELATIVE_DAYS = {"आज": 0, "परसों": -2}
PUBLISHED_LABELS = ("प्रकाशित", "प्रकाशित तिथि", "प्रकाशन तिथि")
UPDATED_LABELS = ("अपडेट", "अपडेटेड", "अद्यतन")
DATE_ORDER = "dmy"
