// name: cross_unit_links
// description: For one unit, the other units linked to it and how: shared problem categories (with the Jaccard weight of the two
//   units' category sets), shared regulations applied (cited or issued by measures for their problems), shared persons (posts in
//   both), the same inspection group, the same round (inspections deployed by the same authority whose dates overlap).
//   score = jaccard + 1 per shared person, group and round + 0.5 per shared regulation; strongest first.
// param: unit: string — the unit: its id, canonical name or an alias, e.g. 青禾县委
// param: minScore: float = 0.0 — only links scoring more than this
// param: limit: int = 50 — at most this many linked units
// columns: unit, other, otherId, score, jaccard, categories, regulations, persons, groups, rounds
MATCH (u:Organization)
WHERE u.id = $unit OR u.name = $unit OR $unit IN coalesce(u.aliases, [])
OPTIONAL MATCH (u)<-[:IN]-(:Problem)-[:OF_CATEGORY]->(c:ProblemCategory)
WITH u, collect(DISTINCT c) AS cats
OPTIONAL MATCH (u)<-[:TARGETED]-(:Inspection)<-[:CONDUCTED]-(g:Organization)-[:CONDUCTED]->(:Inspection)-[:TARGETED]->(o:Organization)
WHERE o <> u
WITH u, cats, collect(DISTINCT {o: o, kind: 'group', what: g.name}) AS byGroup
OPTIONAL MATCH (u)<-[:TARGETED]-(i:Inspection)<-[:DEPLOYED]-(a:Organization)-[:DEPLOYED]->(j:Inspection)-[:TARGETED]->(o:Organization)
WHERE o <> u AND i.start <= j.end AND j.start <= i.end
WITH u, cats, byGroup, collect(DISTINCT {o: o, kind: 'round', what: a.name + ' ' + j.start}) AS byRound
OPTIONAL MATCH (u)<-[:HOLDS_POST]-(p:Person)-[:HOLDS_POST]->(o:Organization)
WHERE o <> u
WITH u, cats, byGroup, byRound, collect(DISTINCT {o: o, kind: 'person', what: p.name}) AS byPerson
OPTIONAL MATCH (u)<-[:IN]-(:Problem)<-[:ADDRESSES]-(:Measure)-[:CITES|ISSUED]->(r:Regulation)
WITH u, cats, byGroup, byRound, byPerson, collect(DISTINCT r) AS regs
UNWIND CASE WHEN size(regs) = 0 THEN [null] ELSE regs END AS r
OPTIONAL MATCH (r)<-[:CITES|ISSUED]-(:Measure)-[:ADDRESSES]->(:Problem)-[:IN]->(o:Organization)
WHERE o <> u
WITH u, cats, byGroup, byRound, byPerson, collect(DISTINCT {o: o, kind: 'regulation', what: r.name}) AS byRegulation
UNWIND CASE WHEN size(cats) = 0 THEN [null] ELSE cats END AS c
OPTIONAL MATCH (c)<-[:OF_CATEGORY]-(:Problem)-[:IN]->(o:Organization)
WHERE o <> u
WITH u, size(cats) AS mine, byGroup, byRound, byPerson, byRegulation, collect(DISTINCT {o: o, kind: 'category', what: c.name}) AS byCategory
UNWIND byGroup + byRound + byPerson + byRegulation + byCategory AS link
WITH u, mine, link
WHERE link.o IS NOT NULL
WITH u, mine, link ORDER BY link.what
WITH u, mine, link.o AS o,
     collect(CASE WHEN link.kind = 'category' THEN link.what END) AS categories,
     collect(CASE WHEN link.kind = 'regulation' THEN link.what END) AS regulations,
     collect(CASE WHEN link.kind = 'person' THEN link.what END) AS persons,
     collect(CASE WHEN link.kind = 'group' THEN link.what END) AS groups,
     collect(CASE WHEN link.kind = 'round' THEN link.what END) AS rounds
OPTIONAL MATCH (o)<-[:IN]-(:Problem)-[:OF_CATEGORY]->(oc:ProblemCategory)
WITH u, mine, o, categories, regulations, persons, groups, rounds, count(DISTINCT oc) AS theirs
WITH u, o, categories, regulations, persons, groups, rounds,
     CASE WHEN size(categories) = 0 THEN 0.0 ELSE toFloat(size(categories)) / (mine + theirs - size(categories)) END AS jaccard
WITH u, o, categories, regulations, persons, groups, rounds, jaccard,
     jaccard + size(persons) + size(groups) + size(rounds) + 0.5 * size(regulations) AS score
WHERE score > $minScore
RETURN u.name AS unit, o.name AS other, o.id AS otherId, round(score * 1000) / 1000.0 AS score, round(jaccard * 1000) / 1000.0 AS jaccard,
       categories, regulations, persons, groups, rounds
ORDER BY score DESC, other, otherId
LIMIT $limit
