// name: recurring_categories
// description: Recurring problem patterns: problem categories ranked by the number of distinct units and of inspections in which
//   they were found, with the years of those inspections and one evidence quote each (the sentence of the category's earliest
//   problem). category_units lists a category's units.
// param: minUnits: int = 1 — only categories found in at least this many distinct units
// param: limit: int = 20 — at most this many categories
// columns: category, categoryId, units, inspections, problems, years, quote, document
MATCH (c:ProblemCategory)<-[:OF_CATEGORY]-(p:Problem)-[:IN]->(u:Organization)
MATCH (p)<-[:FOUND]-(i:Inspection)
WITH c, count(DISTINCT u) AS units, count(DISTINCT i) AS inspections, count(DISTINCT p) AS problems,
     collect(DISTINCT left(i.start, 4)) AS years, min(coalesce(i.start, '9999') + '|' + p.id) AS earliest
WHERE units >= $minUnits
WITH c, units, inspections, problems, years, earliest
ORDER BY units DESC, inspections DESC, problems DESC, c.name
LIMIT $limit
UNWIND CASE WHEN size(years) = 0 THEN [null] ELSE years END AS year
WITH c, units, inspections, problems, earliest, year ORDER BY year
WITH c, units, inspections, problems, earliest, collect(year) AS years
MATCH (first:Problem {id: split(earliest, '|')[1]})
OPTIONAL MATCH (d:Document)-[m:MENTIONS]->(first)
WITH c, units, inspections, problems, years, d, m
ORDER BY d.id, m.start
WITH c, units, inspections, problems, years, collect(m.quote)[0] AS quote, collect(d.id)[0] AS document
RETURN c.name AS category, c.id AS categoryId, units, inspections, problems, years, quote, document
ORDER BY units DESC, inspections DESC, problems DESC, category
