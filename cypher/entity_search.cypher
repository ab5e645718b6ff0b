// name: entity_search
// description: Find entities by name or alias (Chinese substring match): exact matches first, then names starting with the text,
//   then any other match; within each, shorter names first. With the number of documents that mention each.
// param: q: string — the text to look for in names and aliases, e.g. 青禾
// param: label: string? — only nodes with this label (Organization, Person, Inspection, Problem, Regulation, Place, ProblemCategory, ...)
// param: limit: int = 20 — at most this many rows
// columns: id, label, name, aliases, match, documents
MATCH (n:Entity)
WHERE (n.name CONTAINS $q OR any(a IN coalesce(n.aliases, []) WHERE a CONTAINS $q))
  AND ($label IS NULL OR $label IN labels(n))
WITH n,
     CASE WHEN n.name = $q OR $q IN coalesce(n.aliases, []) THEN 0
          WHEN n.name STARTS WITH $q OR any(a IN coalesce(n.aliases, []) WHERE a STARTS WITH $q) THEN 1
          ELSE 2 END AS rank
ORDER BY rank, size(n.name), n.name, n.id
LIMIT $limit
OPTIONAL MATCH (d:Document)-[:MENTIONS]->(n)
WITH n, rank, count(DISTINCT d) AS documents
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n.name AS name, coalesce(n.aliases, []) AS aliases,
       CASE rank WHEN 0 THEN 'exact' WHEN 1 THEN 'prefix' ELSE 'substring' END AS match, documents
ORDER BY rank, size(name), name, id
