"""English (en) language data."""

CODE = "en"
NAME = "English"
SCRIPT = "Latn"
RTL = False

# --- normalisation and segmentation ---

# --- dates ---

# --- metadata (source-citation cues, outlet phrases) ---
