"""Persian (fa) language data."""

CODE = "fa"
NAME = "Persian"
SCRIPT = "Arab"
RTL = True

# --- normalisation and segmentation ---

# --- dates ---

# --- metadata (source-citation cues, outlet phrases) ---
