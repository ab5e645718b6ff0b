// name: unit_recurring
// description: For one unit, the problem categories found again in a later inspection (回头看, the next round): one row per category
//   and pair of inspections, earlier first, with the problem headlines of each. A unit's problems are those found by an inspection
//   of it and those located in it by an inspection of its parent (延伸: a village's problems in its township's notice).
//   Inspections without a start date cannot be ordered and are left out.
// param: unit: string — the unit: its id, canonical name or an alias, e.g. 青禾县委
// columns: unit, category, earlier, earlierStart, earlierMode, earlierGroup, later, laterStart, laterMode, laterGroup, earlierProblems, laterProblems
MATCH (u:Organization)
WHERE u.id = $unit OR u.name = $unit OR $unit IN coalesce(u.aliases, [])
OPTIONAL MATCH (u)<-[:TARGETED]-(ia:Inspection)-[:FOUND]->(pa:Problem)
WITH u, collect({i: ia, p: pa}) AS targeted
OPTIONAL MATCH (u)<-[:IN]-(pb:Problem)<-[:FOUND]-(ib:Inspection)
WITH u, targeted, collect({i: ib, p: pb}) AS located
UNWIND targeted + located AS f
WITH DISTINCT u, f.i AS i, f.p AS p
WHERE i IS NOT NULL AND i.start IS NOT NULL
MATCH (p)-[:OF_CATEGORY]->(c:ProblemCategory)
WITH u, c, collect(DISTINCT {i: i, p: p}) AS hits
UNWIND hits AS h1
UNWIND hits AS h2
WITH u, c, h1.i AS i1, h1.p AS p1, h2.i AS i2, h2.p AS p2
WHERE i1.start < i2.start
WITH u, c, i1, i2, p1, p2
ORDER BY p1.sectionPath, p1.id, p2.sectionPath, p2.id
WITH u, c, i1, i2, collect(DISTINCT p1.headline) AS earlierProblems, collect(DISTINCT p2.headline) AS laterProblems
OPTIONAL MATCH (g1:Organization)-[:CONDUCTED]->(i1)
OPTIONAL MATCH (g2:Organization)-[:CONDUCTED]->(i2)
WITH u, c, i1, i2, earlierProblems, laterProblems, min(g1.name) AS earlierGroup, min(g2.name) AS laterGroup
RETURN u.name AS unit, c.name AS category,
       i1.id AS earlier, i1.start AS earlierStart, i1.mode AS earlierMode, earlierGroup,
       i2.id AS later, i2.start AS laterStart, i2.mode AS laterMode, laterGroup,
       earlierProblems, laterProblems
ORDER BY laterStart, earlierStart, category, later, earlier
