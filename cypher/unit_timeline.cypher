// name: unit_timeline
// description: The timeline of a unit's inspections and their rectification, ordered by date: each inspection's start, end and
//   feedback, and every document about it (feedback news, rectification notice) with the number of problems and measures it reports.
//   Undated events sort last.
// param: unit: string — the inspected unit: its id, canonical name or an alias, e.g. 青禾县委
// columns: date, event, inspection, kind, mode, group, detail, document
MATCH (u:Organization)<-[:TARGETED]-(i:Inspection)
WHERE u.id = $unit OR u.name = $unit OR $unit IN coalesce(u.aliases, [])
OPTIONAL MATCH (g:Organization)-[:CONDUCTED]->(i)
WITH i, min(g.name) AS group
OPTIONAL MATCH (d:Document)-[:MENTIONS]->(i)
OPTIONAL MATCH (d)-[:MENTIONS]->(p:Problem)<-[:FOUND]-(i)
WITH i, group, d, count(DISTINCT p) AS problems
OPTIONAL MATCH (d)-[:MENTIONS]->(m:Measure)-[:ADDRESSES]->(:Problem)<-[:FOUND]-(i)
WITH i, group, d, problems, count(DISTINCT m) AS measures
WITH i, group,
     collect(CASE WHEN d IS NULL THEN null ELSE {
       date: d.publishedAt, rank: 4, document: d.id,
       event: CASE WHEN d.kind = 'rectification_notice' THEN 'rectification' ELSE coalesce(d.kind, 'document') END,
       detail: d.name + ' (' + toString(problems) + ' problems, ' + toString(measures) + ' measures)'} END) AS documents
UNWIND [{date: i.start, rank: 1, event: 'start', detail: i.name, document: null},
        {date: i.end, rank: 2, event: 'end', detail: i.name, document: null},
        {date: i.feedbackDate, rank: 3, event: 'feedback', detail: i.name, document: null}] + documents AS e
WITH i, group, e
WHERE e.date IS NOT NULL OR e.rank = 4
RETURN e.date AS date, e.event AS event, i.id AS inspection, i.kind AS kind, i.mode AS mode, group, e.detail AS detail,
       e.document AS document
ORDER BY coalesce(date, '9999'), e.rank, coalesce(i.start, '9999'), inspection, document
