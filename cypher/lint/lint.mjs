// Lints named-query files with Neo4j's own Cypher front end (@neo4j-cypher/language-support).
//
//   node lint.mjs [--schema schema.json] [--json] FILE.cypher ...
//
// Each file's `// param: NAME: type` header lines declare its parameters, so a parameter used but not
// declared is an error. Files meant for Neo4j (portable NAME.cypher without a twin, and NAME.neo4j.cypher)
// are checked against Neo4j 5's function and procedure registry, so a FalkorDB-only function is an
// error; a NAME.cypher that has a NAME.neo4j.cypher twin runs on FalkorDB only and is checked for syntax
// and semantics alone. --schema gives the graph's labels and relationship types: an unknown one is a
// warning from the front end, reported as a finding so a typo cannot hide.
// Exit code: 1 when any file has an error, 0 otherwise (warnings are printed), 2 on bad usage.
import { existsSync, readFileSync } from 'node:fs';
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const PARAM = /^\/\/\s*param:\s*(\w+)\s*:\s*(\w+)/;
const SAMPLE = { string: '', int: 0, float: 0.0, bool: false, list: [] };

function parseArgs(argv) {
  const opts = { schema: null, json: false, files: [] };
  for (let k = 0; k < argv.length; k++) {
    if (argv[k] === '--schema') opts.schema = argv[++k];
    else if (argv[k] === '--json') opts.json = true;
    else opts.files.push(argv[k]);
  }
  return opts;
}

function declaredParameters(text) {
  const params = {};
  for (const line of text.split('\n')) {
    const m = PARAM.exec(line.trim());
    if (m) params[m[1]] = SAMPLE[m[2]] ?? null;
  }
  return params;
}

function lintFile(path, graph) {
  const text = readFileSync(path, 'utf8');
  const falkorOnly = !path.endsWith('.neo4j.cypher') && existsSync(path.replace(/\.cypher$/, '.neo4j.cypher'));
  const schema = {
    labels: graph.labels,
    relationshipTypes: graph.relationshipTypes,
    parameters: declaredParameters(text),
  };
  if (!falkorOnly) {
    schema.functions = testData.mockSchema.functions;
    schema.procedures = testData.mockSchema.procedures;
  }
  const { diagnostics } = lintCypherQuery(text, schema);
  return {
    file: path,
    falkorOnly,
    diagnostics: diagnostics.map((d) => ({
      severity: SEVERITY[d.severity] ?? String(d.severity),
      message: d.message,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
    })),
  };
}

const opts = parseArgs(process.argv.slice(2));
if (opts.files.length === 0) {
  console.error('usage: node lint.mjs [--schema schema.json] [--json] FILE.cypher ...');
  process.exit(2);
}
const graph = opts.schema ? JSON.parse(readFileSync(opts.schema, 'utf8')) : {};
const reports = opts.files.map((f) => lintFile(f, graph));
const bad = reports.filter((r) => r.diagnostics.length > 0);
if (opts.json) {
  console.log(JSON.stringify(reports, null, 1));
} else {
  for (const r of reports) {
    for (const d of r.diagnostics) console.log(`${r.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`);
  }
  console.log(`${reports.length} files linted, ${bad.length} with findings`);
}
process.exit(reports.some((r) => r.diagnostics.some((d) => d.severity === "error")) ? 1 : 0);
