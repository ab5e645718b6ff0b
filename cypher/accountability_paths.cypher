// name: accountability_paths
// description: The accountability chain of an inspection, or of every inspection of a unit, as paths: one row per rectification
//   measure and reported outcome (a measure with no outcome gives one path ending at the measure). The path's nodes, in order:
//   authority that deployed the inspection → inspection group → inspection → inspected unit → the problem the measure addresses
//   (its first by section) → measure → the organisation that took it (left out when it is the unit itself) → the official who led
//   it (first by name) → the outcome (a figure whose `outcome` is true, as in accountability_chain); a part the graph lacks is
//   left out. `ids`, `names` and `labels` list the nodes in that order; `relationships` lists the real relationships that join
//   them ({type, start, end, evidence}: start and end are node ids, evidence the first supporting span docid@start-end), so a
//   client can draw the path. accountability_chain is the same chain as a flat table.
// param: unit: string? — the inspected unit: its id, canonical name or an alias, e.g. 青禾县委
// param: inspection: string? — one inspection's id
// one of: unit, inspection
// columns: inspection, start, measure, outcome, hops, ids, names, labels, relationships
MATCH (i:Inspection)-[t:TARGETED]->(u:Organization)
WHERE ($inspection IS NULL OR i.id = $inspection)
  AND ($unit IS NULL OR u.id = $unit OR u.name = $unit OR $unit IN coalesce(u.aliases, []))
OPTIONAL MATCH (a:Organization)-[dr:DEPLOYED]->(i)
OPTIONAL MATCH (g:Organization)-[cr:CONDUCTED]->(i)
WITH i, t, u, a, dr, g, cr
MATCH (i)-[fd:FOUND]->(p:Problem)<-[ad:ADDRESSES]-(m:Measure)
WITH i, t, u, a, dr, g, cr, m, p, fd, ad
ORDER BY p.sectionPath, p.id
WITH i, t, u, a, dr, g, cr, m, collect([p, fd, ad])[0] AS first
WITH i, t, u, a, dr, g, cr, m, first[0] AS p, first[1] AS fd, first[2] AS ad
OPTIONAL MATCH (o:Organization)-[k:TOOK]->(m)
WITH i, t, u, a, dr, g, cr, m, p, fd, ad, o, k
ORDER BY o.name, o.id
WITH i, t, u, a, dr, g, cr, m, p, fd, ad, collect([o, k])[0] AS took
OPTIONAL MATCH (lead:Person)-[lr:RESPONSIBLE_FOR]->(m)
WITH i, t, u, a, dr, g, cr, m, p, fd, ad, took, lead, lr
ORDER BY lead.name, lead.id
WITH i, t, u, a, dr, g, cr, m, p, fd, ad, took[0] AS taker, took[1] AS k, collect([lead, lr])[0] AS led
OPTIONAL MATCH (m)-[fr:REPORTS]->(f:Figure)
WHERE f.outcome = true
WITH i, u, m, f, p,
     [n IN [a, g, i, u, p, m, CASE WHEN taker <> u THEN taker END, led[0], f] WHERE n IS NOT NULL] AS nodes,
     [r IN [dr, cr, t, fd, ad, k, led[1], fr] WHERE r IS NOT NULL] AS rels
RETURN i.id AS inspection, i.start AS start, m.id AS measure, f.id AS outcome, size(rels) AS hops,
       [n IN nodes | n.id] AS ids, [n IN nodes | n.name] AS names,
       [n IN nodes | [l IN labels(n) WHERE l <> 'Entity'][0]] AS labels,
       [r IN rels | {type: type(r), start: startNode(r).id, end: endNode(r).id, evidence: coalesce(r.evidence, [])[0]}] AS relationships
ORDER BY coalesce(start, '9999'), inspection, p.sectionPath, measure, f.name, outcome, ids
