// name: strongest_links
// description: Neo4j form of strongest_links.cypher (same parameters and columns): Neo4j 5 wants CALL () { … } where FalkorDB
//   only parses CALL { … }.
// param: limit: int = 50 — at most this many pairs
// columns: unit, unitId, other, otherId, score, jaccard, persons, groups
CALL () {
  MATCH (a:Organization)<-[:HOLDS_POST]-(p:Person)-[:HOLDS_POST]->(b:Organization)
  WHERE a.id < b.id
  RETURN a, b, 'person' AS kind, p.name AS what
  UNION ALL
  MATCH (a:Organization)<-[:TARGETED]-(:Inspection)<-[:CONDUCTED]-(g:Organization)-[:CONDUCTED]->(:Inspection)-[:TARGETED]->(b:Organization)
  WHERE a.id < b.id
  RETURN a, b, 'group' AS kind, g.name AS what
}
WITH a, b, kind, what
ORDER BY what
WITH a, b, collect(DISTINCT CASE WHEN kind = 'person' THEN what END) AS persons,
     collect(DISTINCT CASE WHEN kind = 'group' THEN what END) AS groups
WITH a, b, persons, groups, size(persons) + size(groups) AS links
ORDER BY links DESC
WITH collect({a: a, b: b, persons: persons, groups: groups, links: links}) AS pairs
WITH pairs, CASE WHEN size(pairs) >= $limit AND $limit > 0 THEN pairs[$limit - 1].links ELSE 0 END AS cutoff
UNWIND [x IN pairs WHERE x.links >= cutoff] AS pair
WITH pair.a AS a, pair.b AS b, pair.persons AS persons, pair.groups AS groups, pair.links AS links
OPTIONAL MATCH (a)<-[:IN]-(:Problem)-[:OF_CATEGORY]->(ca:ProblemCategory)
WITH a, b, persons, groups, links, collect(DISTINCT ca) AS catsA
OPTIONAL MATCH (b)<-[:IN]-(:Problem)-[:OF_CATEGORY]->(cb:ProblemCategory)
WITH a, b, persons, groups, links, catsA, collect(DISTINCT cb) AS catsB
WITH a, b, persons, groups, links, size(catsA) AS na, size(catsB) AS nb, size([c IN catsA WHERE c IN catsB]) AS shared
WITH a, b, persons, groups, links, CASE WHEN shared = 0 THEN 0.0 ELSE toFloat(shared) / (na + nb - shared) END AS jaccard
RETURN a.name AS unit, a.id AS unitId, b.name AS other, b.id AS otherId, round((links + jaccard) * 1000) / 1000.0 AS score,
       round(jaccard * 1000) / 1000.0 AS jaccard, persons, groups
ORDER BY links DESC, jaccard DESC, unit, other, unitId, otherId
LIMIT $limit
