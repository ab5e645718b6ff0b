// name: category_units
// description: For one problem category, the units where it was found: how many problems and inspections, in which years,
//   and the problem headlines (in order of inspection and section), most affected units first.
// param: category: string — the category's name or id, e.g. 财经纪律与资金管理
// param: limit: int = 100 — at most this many units
// columns: unit, unitId, problems, inspections, years, headlines
MATCH (c:ProblemCategory)
WHERE c.name = $category OR c.id = $category
MATCH (c)<-[:OF_CATEGORY]-(p:Problem)-[:IN]->(u:Organization)
OPTIONAL MATCH (i:Inspection)-[:FOUND]->(p)
WITH u, p, i, left(i.start, 4) AS year
ORDER BY i.start, p.sectionPath, p.id
WITH u, count(DISTINCT p) AS problems, count(DISTINCT i) AS inspections, collect(DISTINCT year) AS years,
     collect(DISTINCT p.headline) AS headlines
RETURN u.name AS unit, u.id AS unitId, problems, inspections, years, headlines
ORDER BY problems DESC, inspections DESC, unit, unitId
LIMIT $limit
