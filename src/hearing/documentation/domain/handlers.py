"""Importing this module registers every job handler with the queue."""

from hearing.documentation.domain import protocol, transcription  # noqa: F401
