// name: shortest_path
// description: Neo4j form of shortest_path.cypher (same parameters and columns): Cypher's own shortestPath(), undirected.
// param: from: string — the id of the first entity (see entity_search)
// param: to: string — the id of the second entity
// param: via: list = DEPLOYED,CONDUCTED,TARGETED,FOUND,IN,PART_OF,ADDRESSES,TOOK,HOLDS_POST,RESPONSIBLE_FOR,REPORTS,SUPERVISES,LOCATED_IN — relationship types a path may use (add OF_CATEGORY, CITES, ISSUED to pass through categories and regulations: hubs, slow on a big graph)
// columns: hops, ids, names, labels, relationships
MATCH (a:Entity {id: $from})
WITH a
MATCH (b:Entity {id: $to})
MATCH path = shortestPath((a)-[*1..6]-(b))
WHERE all(r IN relationships(path) WHERE type(r) IN $via)
RETURN length(path) AS hops, [n IN nodes(path) | n.id] AS ids, [n IN nodes(path) | n.name] AS names,
       [n IN nodes(path) | [l IN labels(n) WHERE l <> 'Entity'][0]] AS labels, [r IN relationships(path) | type(r)] AS relationships
