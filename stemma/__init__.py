"""stemma: trace how a statement travels through the news."""

__version__ = "0.1.0"
