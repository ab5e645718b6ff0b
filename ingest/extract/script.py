"""Traditional-script notices: extract on a simplified view, report in the text's own script.

The lexicons and rules are written in simplified characters.  A notice in
traditional characters (Big5 sources) is folded with
:func:`ingest.normalize.to_simplified`, which keeps every character at its
offset, and extracted from that view.  The resulting graph is then given back
the stored text: span quotes are re-read from it at the same offsets, and the
strings copied from the text (names, aliases, posts, titles, metrics) are
rewritten in its script - by position when the string occurs in the view,
otherwise character by character with the pairs seen in this document (for
names put together by the resolver, e.g. a canonical 雲嶺師範大學黨委).
Units are copied from the text too; vocabulary values (kinds, modes, categories) stay as the lexicons spell them.
Entity ids are those of the simplified view, so the same person or body links
across simplified and traditional notices; such a shared node keeps its
simplified name in the graph, with the traditional one as an alias.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from graph.model import SIMPLIFIED_NAME, DocumentGraph, Span

#: Entity / relation properties whose values are copied from the text.
TEXT_PROPS = frozenset(
    {"aliases", "posts", "metric", "text", "headline", "title", "sectionPath", "inspectingBody",
     "inspectedUnit", "feedbackTo", "issuer", "parent", "surface", "unit"}
)
#: Labels whose names are vocabulary, not text.
VOCAB_LABELS = frozenset({"ProblemCategory"})
#: Labels whose nodes belong to one document (their ids start from it); every other node is shared by the
#: notices that name it, in either script.
DOCUMENT_LABELS = frozenset({"Problem", "Measure", "Figure"})


class _Restorer:
    def __init__(self, original: str, view: str) -> None:
        assert len(original) == len(view)
        self.original = original
        self.view = view
        pairs: dict[str, Counter[str]] = {}
        for a, b in zip(view, original):
            if a != b:
                pairs.setdefault(a, Counter())[b] += 1
        # a character kept as written somewhere in the text votes for itself
        for a in pairs:
            kept = view.count(a) - sum(pairs[a].values())
            if kept:
                pairs[a][a] += kept
        self.char = {a: c.most_common(1)[0][0] for a, c in pairs.items()}

    def string(self, s: str) -> str:
        if not s or not any(ch in self.char for ch in s):
            return s
        at = self.view.find(s)
        if at >= 0:
            return self.original[at : at + len(s)]
        return "".join(self.char.get(ch, ch) for ch in s)

    def value(self, v: Any) -> Any:
        if isinstance(v, str):
            return self.string(v)
        if isinstance(v, list):
            return [self.value(x) for x in v]
        return v

    def span(self, s: Span) -> Span:
        return Span(s.start, s.end, self.original[s.start : s.end])


def restore(graph: DocumentGraph, original: str, view: str) -> DocumentGraph:
    """``graph`` (extracted from ``view``) re-expressed in ``original``'s script."""
    r = _Restorer(original, view)
    old_id, new_id = graph.id, DocumentGraph.document_id(original)
    graph.id = new_id
    graph.text = original
    if graph.title:
        graph.title = r.string(graph.title)
    if graph.publisher:
        graph.publisher = r.string(graph.publisher)
    for e in graph.entities:
        if e.id == old_id:
            e.id = new_id
        if e.label not in VOCAB_LABELS:
            simplified, e.name = e.name, r.string(e.name)
            if e.label not in DOCUMENT_LABELS and e.name != simplified:
                e.props[SIMPLIFIED_NAME] = simplified
            for k in list(e.props):
                if k in TEXT_PROPS or (e.label == "Person" and k == "role"):
                    e.props[k] = r.value(e.props[k])
        e.mentions = [r.span(s) for s in e.mentions]
    for rel in graph.relations:
        rel.src = new_id if rel.src == old_id else rel.src
        rel.dst = new_id if rel.dst == old_id else rel.dst
        for k in list(rel.props):
            if k in TEXT_PROPS:
                rel.props[k] = r.value(rel.props[k])
        rel.evidence = [r.span(s) for s in rel.evidence]
    graph.check()
    return graph
