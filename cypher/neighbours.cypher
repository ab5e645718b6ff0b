// name: neighbours
// description: The nodes directly linked to one entity, with the relationship type and direction and the documents that support each link.
// param: id: string — the entity id (as returned by the entity query)
// param: limit: int = 100 — at most this many rows
// columns: relationship, direction, id, label, name, sources
MATCH (n:Entity {id: $id})-[r]-(m)
WHERE type(r) <> 'MENTIONS'
RETURN type(r) AS relationship,
       CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END AS direction,
       m.id AS id, [l IN labels(m) WHERE l <> 'Entity'][0] AS label, m.name AS name,
       coalesce(r.sources, []) AS sources
ORDER BY relationship, name, id
LIMIT $limit
