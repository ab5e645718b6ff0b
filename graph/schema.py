"""The schema both stores apply: which properties are indexed and unique.

Defined once here and turned into each engine's statements by the store
adapters, so the embedded FalkorDB and Neo4j always carry the same indexes.
"""

from __future__ import annotations

from graph.model import ENTITY_LABEL, LABEL_PREFIX

#: Every node label has a unique ``id``; so has the label all extracted nodes share.
UNIQUE_ID_LABELS: tuple[str, ...] = (*LABEL_PREFIX, ENTITY_LABEL)

#: Extra exact-match indexes for lookups the CLI, API and named queries make.
INDEXES: tuple[tuple[str, str], ...] = (
    ("Document", "source"),
    ("Organization", "name"),
    ("Person", "name"),
    ("Place", "name"),
    ("Regulation", "name"),
    ("ProblemCategory", "name"),
    ("Inspection", "start"),
)

#: Relationship types whose identity includes a property: a person holds two
#: posts in one organisation as two relationships, not one.
REL_MERGE_KEYS: dict[str, str] = {"HOLDS_POST": "title", "RESPONSIBLE_FOR": "role"}
