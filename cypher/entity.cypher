// name: entity
// description: Entities whose name or one of whose aliases contains the given text (Chinese substring match), shortest names first.
// param: q: string — the name fragment to look for, e.g. 杞县
// param: label: string? — only nodes with this label (Organization, Person, Inspection, Problem, Regulation, Place, ...)
// param: limit: int = 20 — at most this many rows
// columns: id, label, name, aliases
MATCH (n:Entity)
WHERE (n.name CONTAINS $q OR any(a IN coalesce(n.aliases, []) WHERE a CONTAINS $q))
  AND ($label IS NULL OR $label IN labels(n))
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n.name AS name, coalesce(n.aliases, []) AS aliases
ORDER BY size(n.name), n.name, n.id
LIMIT $limit
