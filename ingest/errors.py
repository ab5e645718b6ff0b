"""Errors raised while turning a file into text.

The pipeline reports one failed file and goes on with the rest, so every error
carries a short human message (``str(e)``) and, when known, the offending path;
callers print ``f"{e.path}: {e}"`` and need nothing else.
"""

from __future__ import annotations


class IngestError(Exception):
    """Base class: a document could not be turned into usable text."""

    def __init__(self, message: str, path: str | None = None) -> None:
        self.message = " ".join(str(message).split()) or "ingest error"
        self.path = None if path is None else str(path)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, path={self.path!r})"


class ReadError(IngestError):
    """The bytes could not be read or decoded as text."""


class EmptyDocumentError(IngestError):
    """The file is empty, or nothing is left once whitespace and page noise are gone."""


class UnsupportedFormatError(IngestError):
    """The file's format is not (yet) handled, e.g. .docx or .pdf."""
