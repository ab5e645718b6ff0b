// name: strongest_links
// description: The strongest links between pairs of units over the whole graph. Pairs are those sharing a person (posts in both)
//   or inspected by the same inspection group; each pair is weighed as in cross_unit_links: the Jaccard weight of their problem
//   categories + 1 per shared person and group. (Shared regulations and rounds are left to cross_unit_links: national rules and
//   big authorities would pair nearly every unit with every other.)
// param: limit: int = 50 — at most this many pairs
// columns: unit, unitId, other, otherId, score, jaccard, persons, groups
MATCH (a:Organization)<-[:HOLDS_POST]-(p:Person)-[:HOLDS_POST]->(b:Organization)
WHERE a.id < b.id
WITH a, b, collect(DISTINCT {kind: 'person', what: p.name}) AS links
WITH collect({a: a, b: b, links: links}) AS byPerson
OPTIONAL MATCH (a:Organization)<-[:TARGETED]-(:Inspection)<-[:CONDUCTED]-(g:Organization)-[:CONDUCTED]->(:Inspection)-[:TARGETED]->(b:Organization)
WHERE a.id < b.id
WITH byPerson, a, b, collect(DISTINCT {kind: 'group', what: g.name}) AS links
WITH byPerson, collect({a: a, b: b, links: links}) AS byGroup
UNWIND byPerson + byGroup AS pair
WITH pair WHERE pair.a IS NOT NULL
UNWIND pair.links AS link
WITH pair.a AS a, pair.b AS b, link ORDER BY link.what
WITH a, b, collect(DISTINCT CASE WHEN link.kind = 'person' THEN link.what END) AS persons,
     collect(DISTINCT CASE WHEN link.kind = 'group' THEN link.what END) AS groups
OPTIONAL MATCH (a)<-[:IN]-(:Problem)-[:OF_CATEGORY]->(ca:ProblemCategory)
WITH a, b, persons, groups, collect(DISTINCT ca) AS catsA
OPTIONAL MATCH (b)<-[:IN]-(:Problem)-[:OF_CATEGORY]->(cb:ProblemCategory)
WITH a, b, persons, groups, catsA, collect(DISTINCT cb) AS catsB
WITH a, b, persons, groups, size(catsA) AS na, size(catsB) AS nb, size([c IN catsA WHERE c IN catsB]) AS shared
WITH a, b, persons, groups, CASE WHEN shared = 0 THEN 0.0 ELSE toFloat(shared) / (na + nb - shared) END AS jaccard
WITH a, b, persons, groups, jaccard, jaccard + size(persons) + size(groups) AS score
RETURN a.name AS unit, a.id AS unitId, b.name AS other, b.id AS otherId, round(score * 1000) / 1000.0 AS score,
       round(jaccard * 1000) / 1000.0 AS jaccard, persons, groups
ORDER BY score DESC, unit, other, unitId, otherId
LIMIT $limit
