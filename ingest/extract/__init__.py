"""Text → DocumentGraph: the extractors of supervision-kg.

``extract(text, source)`` reads one cleaned notice (NFKC, whitespace and page
noise already handled by :mod:`ingest.noise`) and returns every fact it
supports, each traced to its span of ``text``.  The extractors are small
rule modules that encode the grammar of these notices (post + name, place +
level + organ suffix, numbered sections, 整改情况 blocks); their word lists
live in ``ingest/data``.  Output is deterministic: the same text always gives
the same graph.
"""

from __future__ import annotations

import gc

from graph.model import DocumentGraph
from ingest.extract.assemble import assemble
from ingest.extract.gazetteer import Gazetteer
from ingest.extract.script import restore
from ingest.normalize import to_simplified

#: Bump whenever the output for some input changes, so stored graphs can be rebuilt.
EXTRACTOR_VERSION = "1.5.0"


def extract(text: str, source: str, gazetteer: Gazetteer | None = None) -> DocumentGraph:
    """All entities and relations that ``text`` supports; spans are offsets into ``text``.

    A text in traditional characters is read through its simplified view (same
    offsets, see :mod:`ingest.extract.script`).  ``gazetteer`` resolves the
    levels a notice leaves unnamed (default: the national division list).
    """
    # One extraction makes tens of thousands of short-lived objects and no cycles that matter before it
    # returns; the collector's passes over them took a tenth of its time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        view = to_simplified(text)
        if view == text:
            doc = assemble(text, source, gazetteer)
            doc.check()
        else:  # restore() checks the restored graph
            doc = restore(assemble(view, source, gazetteer), text, view)
    finally:
        if collecting:
            gc.enable()
    doc.gazetteers = gazetteer.user_files() if gazetteer is not None else []
    return doc


def extractor_version(gazetteer: Gazetteer | None = None) -> str:
    """The version stored on each Document: the extractor's, plus the user gazetteer files' digest.

    A document extracted with other world knowledge is re-extracted, like one
    extracted by an older extractor.
    """
    mark = gazetteer.fingerprint if gazetteer is not None else ""
    return f"{EXTRACTOR_VERSION}+gz.{mark}" if mark else EXTRACTOR_VERSION


__all__ = ["EXTRACTOR_VERSION", "extract", "extractor_version"]
