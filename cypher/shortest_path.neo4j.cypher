// name: shortest_path
// description: Neo4j form of shortest_path.cypher (same parameters and columns): Cypher's own shortestPath(), undirected.
// param: from: string — the id of the first entity (see entity_search)
// param: to: string — the id of the second entity
// columns: hops, ids, names, labels, relationships
MATCH (a:Entity {id: $from})
WITH a
MATCH (b:Entity {id: $to})
MATCH path = shortestPath((a)-[:DEPLOYED|CONDUCTED|TARGETED|FOUND|IN|OF_CATEGORY|PART_OF|ADDRESSES|TOOK|HOLDS_POST|RESPONSIBLE_FOR|ISSUED|CITES|REPORTS|SUPERVISES|LOCATED_IN*1..6]-(b))
RETURN length(path) AS hops, [n IN nodes(path) | n.id] AS ids, [n IN nodes(path) | n.name] AS names,
       [n IN nodes(path) | [l IN labels(n) WHERE l <> 'Entity'][0]] AS labels, [r IN relationships(path) | type(r)] AS relationships
