// name: inspections_of_unit
// description: The inspections of a unit (matched by name or alias): who deployed and conducted them, kind, mode, dates, and the sentence each was read from.
// param: unit: string — the inspected unit's name or a fragment of it, e.g. 杞县
// columns: inspection, unit, authority, group, kind, mode, start, end, feedbackDate, document, quote
MATCH (i:Inspection)-[:TARGETED]->(u:Organization)
WHERE u.name CONTAINS $unit OR any(a IN coalesce(u.aliases, []) WHERE a CONTAINS $unit)
OPTIONAL MATCH (a:Organization)-[:DEPLOYED]->(i)
OPTIONAL MATCH (g:Organization)-[:CONDUCTED]->(i)
OPTIONAL MATCH (d:Document)-[m:MENTIONS]->(i)
WITH i, u, a, g, d, m ORDER BY m.start
WITH i, u, collect(DISTINCT a.name) AS authorities, collect(DISTINCT g.name) AS groups,
     collect(d.id)[0] AS document, collect(m.quote)[0] AS quote
RETURN i.id AS inspection, u.name AS unit, authorities[0] AS authority, groups[0] AS group,
       i.kind AS kind, i.mode AS mode, i.start AS start, i.end AS `end`, i.feedbackDate AS feedbackDate,
       document, quote
ORDER BY start, unit, inspection
