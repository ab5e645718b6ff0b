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


class ExtractionError(IngestError):
    """The text was read but extracting its facts failed: a bug, reported for that file alone."""

    @classmethod
    def wrapping(cls, exc: BaseException, path: str | None = None) -> ExtractionError:
        """One line naming the exception and where it was raised, never a traceback."""
        tb = exc.__traceback__
        where = ""
        while tb is not None:
            code = tb.tb_frame.f_code
            where = f" in {code.co_name} ({code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno})"
            tb = tb.tb_next
        detail = str(exc)[:200]
        message = f"extraction failed: {type(exc).__name__}{': ' + detail if detail else ''}{where}; please report this file"
        err = cls(message, path)
        err.__cause__ = exc
        return err
