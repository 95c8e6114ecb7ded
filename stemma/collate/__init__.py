"""Collation: a story's witnesses lined up passage by passage, with word-level variants."""

from stemma.collate.collation import Collation
from stemma.collate.collator import collate
from stemma.collate.story import collate_story

__all__ = ["Collation", "collate", "collate_story"]
