// name: cross_unit_links
// description: For one unit, the other units linked to it and how: shared problem categories (with the Jaccard weight of the two
//   units' category sets), shared regulations applied (local rules and plans cited or issued by measures for their problems; national laws and party
//   regulations apply to every unit and are left out), shared persons (posts in
//   both), the same inspection group, the same round (inspections deployed by the same authority whose dates overlap).
//   score = jaccard + 1 per shared person, group and round + 0.5 per shared regulation; strongest first.
//   Category sets are the units' profiles (categoryNames, categoryCount), kept up to date by the writer (graph/profiles.py).
// param: unit: string — the unit: its id, canonical name or an alias, e.g. 青禾县委
// param: minScore: float = 0.0 — only links scoring more than this
// param: limit: int = 50 — at most this many linked units
// columns: unit, other, otherId, score, jaccard, categories, regulations, persons, groups, rounds
MATCH (u:Organization)
WHERE u.id = $unit OR u.name = $unit OR $unit IN coalesce(u.aliases, [])
WITH u, coalesce(u.categoryNames, []) AS cats, coalesce(u.categoryCount, 0) AS mine
OPTIONAL MATCH (o:Organization)
WHERE size(cats) > 0 AND o.categoryCount > 0 AND o <> u AND any(x IN o.categoryNames WHERE x IN cats)
WITH u, mine, o, [x IN cats WHERE x IN o.categoryNames] AS shared
WITH u, mine, collect(CASE WHEN o IS NULL THEN null ELSE {o: o, shared: shared} END) AS byCategory
OPTIONAL MATCH (u)<-[:TARGETED]-(:Inspection)<-[:CONDUCTED]-(g:Organization)-[:CONDUCTED]->(:Inspection)-[:TARGETED]->(o:Organization)
WHERE o <> u
WITH u, mine, byCategory, collect(DISTINCT {o: o, kind: 'group', what: g.name}) AS byGroup
OPTIONAL MATCH (u)<-[:TARGETED]-(i:Inspection)<-[:DEPLOYED]-(a:Organization)-[:DEPLOYED]->(j:Inspection)-[:TARGETED]->(o:Organization)
WHERE o <> u AND i.start <= j.end AND j.start <= i.end
WITH u, mine, byCategory, byGroup, collect(DISTINCT {o: o, kind: 'round', what: a.name + ' ' + j.start}) AS byRound
OPTIONAL MATCH (u)<-[:HOLDS_POST]-(p:Person)-[:HOLDS_POST]->(o:Organization)
WHERE o <> u
WITH u, mine, byCategory, byGroup, byRound, collect(DISTINCT {o: o, kind: 'person', what: p.name}) AS byPerson
OPTIONAL MATCH (u)<-[:IN]-(:Problem)<-[:ADDRESSES]-(:Measure)-[:CITES|ISSUED]->(r:Regulation)
WHERE NOT coalesce(r.kind, '') IN ['law', 'party_regulation']
WITH u, mine, byCategory, byGroup, byRound, byPerson, collect(DISTINCT r) AS regs
UNWIND CASE WHEN size(regs) = 0 THEN [null] ELSE regs END AS r
OPTIONAL MATCH (r)<-[:CITES|ISSUED]-(:Measure)-[:ADDRESSES]->(:Problem)-[:IN]->(o:Organization)
WHERE o <> u
WITH u, mine, byCategory, byGroup, byRound, byPerson, collect(DISTINCT {o: o, kind: 'regulation', what: r.name}) AS byRegulation
UNWIND byGroup + byRound + byPerson + byRegulation + [null] AS link
WITH u, mine, byCategory, link ORDER BY link.what
WITH u, mine, byCategory, collect(link) AS links
WITH u, mine, byCategory, [l IN links WHERE l.o IS NOT NULL] AS structural
WITH u, mine, structural, byCategory, [x IN byCategory | x.o] AS categoryUnits
UNWIND byCategory + [l IN structural WHERE NOT l.o IN categoryUnits | {o: l.o, shared: []}] AS candidate
WITH u, mine, structural, candidate.o AS o, candidate.shared AS categories
WITH u, mine, structural, o, collect(categories)[0] AS categories
WITH u, mine, o, categories, [l IN structural WHERE l.o = o] AS ls
WITH u, mine, o, categories,
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
