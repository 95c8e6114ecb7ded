"""Urdu (ur) language data."""

CODE = "ur"
NAME = "Urdu"
SCRIPT = "Arab"
RTL = True

# --- normalisation and segmentation ---

# --- dates ---

# --- metadata (source-citation cues, outlet phrases) ---
