// name: strongest_links
// description: Neo4j form of strongest_links.cypher (same parameters, columns and method): Neo4j 5 wants CALL () { … } where
//   FalkorDB only parses CALL { … }.
// param: limit: int = 50 — at most this many pairs
// columns: unit, unitId, other, otherId, score, jaccard, persons, groups
CALL () {
  MATCH (a:Organization)<-[:HOLDS_POST]-(p:Person)-[:HOLDS_POST]->(b:Organization)
  WHERE a.id < b.id
  WITH DISTINCT a.id AS a, b.id AS b, p
  RETURN a, b
  UNION ALL
  MATCH (u:Organization)<-[:TARGETED]-(:Inspection)<-[:CONDUCTED]-(g:Organization)
  WITH g, collect(DISTINCT u.id) AS units
  UNWIND units AS a
  UNWIND units AS b
  WITH a, b
  WHERE a < b
  RETURN a, b
}
WITH a, b, count(*) AS links
WITH links, collect([a, b]) AS pairs
ORDER BY links DESC
WITH collect({links: links, pairs: pairs}) AS byLinks
WITH byLinks, reduce(acc = [0, 0], x IN byLinks |
       CASE WHEN acc[0] < $limit THEN [acc[0] + size(x.pairs), x.links] ELSE acc END) AS reached
WITH byLinks, CASE WHEN reached[0] >= $limit AND $limit > 0 THEN reached[1] ELSE 0 END AS cutoff
UNWIND [x IN byLinks WHERE x.links >= cutoff] AS x
UNWIND x.pairs AS pair
WITH pair[0] AS aid, pair[1] AS bid
MATCH (a:Organization {id: aid})
MATCH (b:Organization {id: bid})
OPTIONAL MATCH (a)<-[:HOLDS_POST]-(pa:Person)
WITH a, b, collect(DISTINCT pa) AS personsA
OPTIONAL MATCH (b)<-[:HOLDS_POST]-(pb:Person)
WITH a, b, personsA, collect(DISTINCT pb) AS personsB
OPTIONAL MATCH (a)<-[:TARGETED]-(:Inspection)<-[:CONDUCTED]-(ga:Organization)
WITH a, b, personsA, personsB, collect(DISTINCT ga) AS groupsA
OPTIONAL MATCH (b)<-[:TARGETED]-(:Inspection)<-[:CONDUCTED]-(gb:Organization)
WITH a, b, personsA, personsB, groupsA, collect(DISTINCT gb) AS groupsB
UNWIND [p IN personsA WHERE p IN personsB | {kind: 'person', what: p.name}] +
       [g IN groupsA WHERE g IN groupsB | {kind: 'group', what: g.name}] AS link
WITH a, b, link.kind AS kind, link.what AS what
ORDER BY what
WITH a, b, collect(DISTINCT CASE WHEN kind = 'person' THEN what END) AS persons,
     collect(DISTINCT CASE WHEN kind = 'group' THEN what END) AS groups,
     coalesce(a.categoryNames, []) AS catsA, coalesce(b.categoryNames, []) AS catsB
WITH a, b, persons, groups, size(persons) + size(groups) AS links,
     size(catsA) AS na, size(catsB) AS nb, size([c IN catsA WHERE c IN catsB]) AS shared
WITH a, b, persons, groups, links, CASE WHEN shared = 0 THEN 0.0 ELSE toFloat(shared) / (na + nb - shared) END AS jaccard
RETURN a.name AS unit, a.id AS unitId, b.name AS other, b.id AS otherId, round((links + jaccard) * 1000) / 1000.0 AS score,
       round(jaccard * 1000) / 1000.0 AS jaccard, persons, groups
ORDER BY links DESC, jaccard DESC, unit, other, unitId, otherId
LIMIT $limit
