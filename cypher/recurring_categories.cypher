// name: recurring_categories
// description: Recurring problem patterns: problem categories ranked by the number of distinct units and of inspections in which
//   they were found, with the years of those inspections and one evidence quote each (the sentence of the category's earliest
//   problem). category_units lists a category's units. The counts, years and earliest problem are the category's profile
//   (unitCount, inspectionCount, problemCount, years, earliest: over the problems both IN a unit and FOUND by an inspection),
//   kept up to date by the writer (graph/profiles.py), so the query reads 19 nodes instead of walking every problem.
// param: minUnits: int = 1 — only categories found in at least this many distinct units
// param: limit: int = 20 — at most this many categories
// columns: category, categoryId, units, inspections, problems, years, quote, document
MATCH (c:ProblemCategory)
WHERE c.unitCount > 0 AND c.unitCount >= $minUnits
WITH c, c.unitCount AS units, c.inspectionCount AS inspections, c.problemCount AS problems, c.years AS years, c.earliest AS earliest
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
