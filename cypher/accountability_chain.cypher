// name: accountability_chain
// description: The accountability chain of an inspection, or of every inspection of a unit, as a flat table read top to bottom:
//   1 authority that deployed it → 2 inspection group → 3 inspected unit → 4 officials (posts in the unit named in the inspection's
//   own documents; 第一责任人 and those who led measures) → 5 rectification measures → 6 reported outcomes (the figures a measure
//   reports whose `outcome` is true: people disciplined or held accountable, cases filed, money recovered, problems rectified,
//   rules made; meetings held, trainings given and other procedural counts are left out: figureKind in graph/profiles.py and
//   graph/data/outcome_metrics.json) → 7 other units involved (a problem was located in them, or they took a measure).
//   `via` is the id of the node the row hangs from; `evidence` is the supporting span (docid@start-end).
// param: unit: string? — the inspected unit: its id, canonical name or an alias, e.g. 青禾县委
// param: inspection: string? — one inspection's id
// one of: unit, inspection
// columns: inspection, start, mode, step, role, id, name, detail, via, evidence
MATCH (i:Inspection)-[t:TARGETED]->(u:Organization)
WHERE ($inspection IS NULL OR i.id = $inspection)
  AND ($unit IS NULL OR u.id = $unit OR u.name = $unit OR $unit IN coalesce(u.aliases, []))
OPTIONAL MATCH (d:Document)-[:MENTIONS]->(i)
WITH i, t, u, collect(DISTINCT d.id) AS docs
OPTIONAL MATCH (a:Organization)-[r:DEPLOYED]->(i)
WITH i, t, u, docs, collect({step: 1, role: 'authority', id: a.id, name: a.name, detail: a.kind, via: i.id,
                             evidence: coalesce(r.evidence, [])[0], sort: a.name}) AS authorities
OPTIONAL MATCH (g:Organization)-[r:CONDUCTED]->(i)
WITH i, t, u, docs, authorities, collect({step: 2, role: 'group', id: g.id, name: g.name, detail: g.kind, via: i.id,
                                          evidence: coalesce(r.evidence, [])[0], sort: g.name}) AS groups
WITH i, u, docs, authorities + groups + [{step: 3, role: 'unit', id: u.id, name: u.name, detail: u.kind, via: i.id,
                                          evidence: coalesce(t.evidence, [])[0], sort: u.name}] AS rows
OPTIONAL MATCH (p:Person)-[h:HOLDS_POST]->(u)
WHERE any(s IN coalesce(h.sources, []) WHERE s IN docs)
WITH i, u, docs, rows, p, h ORDER BY h.title
WITH i, u, rows, p, collect(h.title) AS titles,
     collect([e IN coalesce(h.evidence, []) WHERE any(x IN docs WHERE e STARTS WITH (x + '@'))][0]) AS ev
WITH i, u, rows, collect({step: 4, role: 'official', id: p.id, name: p.name,
                          detail: reduce(s = '', x IN titles | s + CASE WHEN s = '' THEN '' ELSE '、' END + x),
                          via: u.id, evidence: ev[0], sort: p.name}) AS officials
WITH i, u, rows + officials AS rows
OPTIONAL MATCH (p:Person)-[r:RESPONSIBLE_FOR]->(i)
WITH i, u, rows, collect({step: 4, role: 'responsible', id: p.id, name: p.name, detail: r.role, via: i.id,
                          evidence: coalesce(r.evidence, [])[0], sort: p.name}) AS responsible
WITH i, u, rows + responsible AS rows
OPTIONAL MATCH (i)-[:FOUND]->(pr:Problem)<-[:ADDRESSES]-(m:Measure)
WITH i, u, rows, m, min(pr.sectionPath) AS section
OPTIONAL MATCH (o:Organization)-[k:TOOK]->(m)
WITH i, u, rows, m, section, o, k ORDER BY o.name
WITH i, u, rows, m, section, collect(o)[0] AS taker, collect(k)[0] AS took
OPTIONAL MATCH (lead:Person)-[lr:RESPONSIBLE_FOR]->(m)
WITH i, u, rows, m, section, taker, took,
     collect({step: 4, role: 'responsible', id: lead.id, name: lead.name, detail: lr.role, via: m.id,
              evidence: coalesce(lr.evidence, [])[0], sort: lead.name}) AS leads
OPTIONAL MATCH (m)-[fr:REPORTS]->(f:Figure)
WHERE f.outcome = true
WITH i, u, rows, m, section, taker, took, leads,
     collect({step: 6, role: 'outcome', id: f.id, name: f.name,
              detail: coalesce(f.metric, '') + ' ' + coalesce(f.text, ''), via: m.id,
              evidence: coalesce(fr.evidence, [])[0], sort: coalesce(section, '') + ' ' + coalesce(f.name, '')}) AS outcomes
WITH i, u, rows, leads + outcomes + [{step: 5, role: 'measure', id: m.id, name: m.name, detail: m.kind, via: taker.id,
                                       evidence: coalesce(took.evidence, [])[0], sort: coalesce(section, '') + ' ' + m.id},
                                      {step: 7, role: 'involved', id: CASE WHEN taker <> u THEN taker.id END, name: taker.name,
                                       detail: 'took a measure', via: u.id, evidence: null, sort: taker.name}] AS measureRows
WITH i, u, rows, collect(measureRows) AS perMeasure
WITH i, u, rows + reduce(acc = [], x IN perMeasure | acc + x) AS rows
OPTIONAL MATCH (i)-[:FOUND]->(:Problem)-[:IN]->(inv:Organization)
WHERE inv <> u
WITH i, u, rows, collect({step: 7, role: 'involved', id: inv.id, name: inv.name, detail: 'problem located in it', via: u.id,
                          evidence: null, sort: inv.name}) AS located
UNWIND rows + located AS row
WITH i, row
WHERE row.id IS NOT NULL
WITH DISTINCT i, row.step AS step, row.role AS role, row.id AS id, row.name AS name, row.detail AS detail, row.via AS via,
     row.evidence AS evidence, row.sort AS sort
RETURN i.id AS inspection, i.start AS start, i.mode AS mode, step, role, id, name, detail, via, evidence
ORDER BY coalesce(start, '9999'), inspection, step, sort, role, id, via
