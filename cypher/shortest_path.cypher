// name: shortest_path
// description: A shortest path between two entities over the model's relationships in either direction (documents and their
//   MENTIONS left out, so the path is made of facts), at most 6 relationships long; no row when none is that short.
//   By default the path avoids problem categories and regulations (see `via`).
//   On FalkorDB through its algo.SPpaths procedure (its shortestPath() is directed only); shortest_path.neo4j.cypher is the Neo4j form.
// param: from: string — the id of the first entity (see entity_search)
// param: to: string — the id of the second entity
// param: via: list = DEPLOYED,CONDUCTED,TARGETED,FOUND,IN,PART_OF,ADDRESSES,TOOK,HOLDS_POST,RESPONSIBLE_FOR,REPORTS,SUPERVISES,LOCATED_IN — relationship types a path may use (add OF_CATEGORY, CITES, ISSUED to pass through categories and regulations: hubs, slow on a big graph)
// columns: hops, ids, names, labels, relationships
MATCH (a:Entity {id: $from})
WITH a
MATCH (b:Entity {id: $to})
CALL algo.SPpaths({sourceNode: a, targetNode: b, relDirection: 'both', maxLen: 6, pathCount: 1, relTypes: $via})
YIELD path
RETURN length(path) AS hops, [n IN nodes(path) | n.id] AS ids, [n IN nodes(path) | n.name] AS names,
       [n IN nodes(path) | [l IN labels(n) WHERE l <> 'Entity'][0]] AS labels, [r IN relationships(path) | type(r)] AS relationships
