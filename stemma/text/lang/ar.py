"""Arabic (ar) language data."""

CODE = "ar"
NAME = "Arabic"
SCRIPT = "Arab"
RTL = True

# --- normalisation and segmentation ---

# --- dates ---

# --- metadata (source-citation cues, outlet phrases) ---
