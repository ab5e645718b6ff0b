// name: cross_unit_links
// description: Neo4j form of cross_unit_links.cypher (same parameters, columns and method): Neo4j 5 wants CALL (u) { … } where
//   FalkorDB only parses CALL { WITH u … }.
// param: unit: string — the unit: its id, canonical name or an alias, e.g. 青禾县委
// param: minScore: float = 0.0 — only links scoring more than this
// param: limit: int = 50 — at most this many linked units
// columns: unit, other, otherId, score, jaccard, categories, regulations, persons, groups, rounds
MATCH (u:Organization)
WHERE u.id = $unit OR u.name = $unit OR $unit IN coalesce(u.aliases, [])
WITH u, coalesce(u.categoryNames, []) AS cats, coalesce(u.categoryCount, 0) AS mine
// Each kind of link is gathered in a subquery of its own, as (unit id, what) pairs: carrying the lists gathered so
// far through the next MATCH's rows, and DISTINCT over maps holding nodes, cost more than the matches themselves.
CALL (u, cats) {
  OPTIONAL MATCH (o:Organization)
  WHERE size(cats) > 0 AND o.categoryCount > 0 AND o <> u AND any(x IN o.categoryNames WHERE x IN cats)
  RETURN collect({o: o.id, kind: 'category', what: '', shared: [x IN cats WHERE x IN o.categoryNames]}) AS byCategory
}
CALL (u) {
  OPTIONAL MATCH (u)<-[:TARGETED]-(:Inspection)<-[:CONDUCTED]-(g:Organization)-[:CONDUCTED]->(:Inspection)-[:TARGETED]->(o:Organization)
  WHERE o <> u
  WITH DISTINCT o.id AS o, g.name AS what
  RETURN collect({o: o, kind: 'group', what: what}) AS byGroup
}
CALL (u) {
  OPTIONAL MATCH (u)<-[:TARGETED]-(i:Inspection)<-[:DEPLOYED]-(a:Organization)-[:DEPLOYED]->(j:Inspection)-[:TARGETED]->(o:Organization)
  WHERE o <> u AND i.start <= j.end AND j.start <= i.end
  WITH DISTINCT o.id AS o, a.name + ' ' + j.start AS what
  RETURN collect({o: o, kind: 'round', what: what}) AS byRound
}
CALL (u) {
  OPTIONAL MATCH (u)<-[:HOLDS_POST]-(p:Person)-[:HOLDS_POST]->(o:Organization)
  WHERE o <> u
  WITH DISTINCT o.id AS o, p.name AS what
  RETURN collect({o: o, kind: 'person', what: what}) AS byPerson
}
CALL (u) {
  OPTIONAL MATCH (u)<-[:IN]-(:Problem)<-[:ADDRESSES]-(:Measure)-[:CITES|ISSUED]->(r:Regulation)
  WHERE NOT coalesce(r.kind, '') IN ['law', 'party_regulation']
  WITH DISTINCT u, r
  OPTIONAL MATCH (r)<-[:CITES|ISSUED]-(:Measure)-[:ADDRESSES]->(:Problem)-[:IN]->(o:Organization)
  WHERE o <> u
  WITH DISTINCT o.id AS o, r.name AS what
  RETURN collect({o: o, kind: 'regulation', what: what}) AS byRegulation
}
// One row per link, grouped by the linked unit (a hash aggregation; matching every candidate against the whole
// list of links grew with the square of a hub's links).
UNWIND byCategory + byGroup + byRound + byPerson + byRegulation AS link
WITH u, mine, link WHERE link.o IS NOT NULL
WITH u, mine, link ORDER BY link.what
WITH u, mine, link.o AS oid, collect(link) AS ls
MATCH (o:Organization {id: oid})
WITH u, mine, o, coalesce([l IN ls WHERE l.kind = 'category' | l.shared][0], []) AS categories,
     [l IN ls WHERE l.kind = 'regulation' | l.what] AS regulations, [l IN ls WHERE l.kind = 'person' | l.what] AS persons,
     [l IN ls WHERE l.kind = 'group' | l.what] AS groups, [l IN ls WHERE l.kind = 'round' | l.what] AS rounds
WITH u, mine, o, categories, regulations, persons, groups, rounds, coalesce(o.categoryCount, 0) AS theirs
WITH u, o, categories, regulations, persons, groups, rounds,
     CASE WHEN size(categories) = 0 THEN 0.0 ELSE toFloat(size(categories)) / (mine + theirs - size(categories)) END AS jaccard
WITH u, o, categories, regulations, persons, groups, rounds, jaccard,
     jaccard + size(persons) + size(groups) + size(rounds) + 0.5 * size(regulations) AS score
WHERE score > $minScore
RETURN u.name AS unit, o.name AS other, o.id AS otherId, round(score * 1000) / 1000.0 AS score, round(jaccard * 1000) / 1000.0 AS jaccard,
       categories, regulations, persons, groups, rounds
ORDER BY score DESC, other, otherId
LIMIT $limit
