// name: recurring_categories
// description: Recurring problem patterns: problem categories ranked by the number of distinct units and of inspections in which they were found,
//   with the years of those inspections and one evidence quote (the earliest problem's sentence) each.
// param: minUnits: int = 1 — only categories found in at least this many distinct units
// param: limit: int = 20 — at most this many categories
// columns: category, categoryId, units, inspections, problems, years, unitNames, quote, document
MATCH (c:ProblemCategory)<-[:OF_CATEGORY]-(p:Problem)-[:IN]->(u:Organization)
OPTIONAL MATCH (i:Inspection)-[:FOUND]->(p)
WITH c, p, u, i, left(i.start, 4) AS year
ORDER BY year, p.id
WITH c, count(DISTINCT u) AS units, count(DISTINCT i) AS inspections, count(DISTINCT p) AS problems,
     collect(DISTINCT year) AS years, collect(DISTINCT u.name) AS unitNames, collect(p)[0] AS first
WITH c, units, inspections, problems, years, unitNames, first WHERE units >= $minUnits
WITH c, units, inspections, problems, years, unitNames, first
ORDER BY units DESC, inspections DESC, problems DESC, c.name
LIMIT $limit
OPTIONAL MATCH (d:Document)-[m:MENTIONS]->(first)
WITH c, units, inspections, problems, years, unitNames, d, m
ORDER BY d.id, m.start
WITH c, units, inspections, problems, years, unitNames, collect(m.quote)[0] AS quote, collect(d.id)[0] AS document
RETURN c.name AS category, c.id AS categoryId, units, inspections, problems, years, unitNames, quote, document
ORDER BY units DESC, inspections DESC, problems DESC, category
