"""Hearing: hybride Stadtratshearings planen, durchführen und dokumentieren."""

__version__ = "0.1.0"
