// Comunica for tests/remote/test_comunica.py: one Node process answers many queries on one
// N-Quads file, with the default graph as the union of the named graphs.
//   node comunica-runner.js TOOLS_DIR FILE.nq
// TOOLS_DIR holds node_modules/@comunica/query-sparql-file (scripts/install-test-deps.sh).
// stdin: one query per line, as a JSON string. stdout: one JSON object per line,
// {"kind": "bindings"|"boolean"|"quads", "text": <SPARQL JSON results, or N-Triples>}
// or {"error": "..."}.
// The file is given as a source by its path, as `comunica-sparql-file FILE.nq --unionDefaultGraph`
// does; the engine parses it on the first query and keeps it for the following ones
// (measured: 0.1 s of CPU per query after the first, where a process per query costs ~2 s).
'use strict';
const path = require('node:path');
const readline = require('node:readline');
const { createRequire } = require('node:module');

const [tools, nquads] = process.argv.slice(2);
const { QueryEngine } = createRequire(path.join(tools, 'package.json'))('@comunica/query-sparql-file');

const FORMATS = { bindings: 'application/sparql-results+json', boolean: 'application/sparql-results+json',
  quads: 'application/n-triples' };

async function answer(engine, context, query) {
  const result = await engine.query(query, context);
  const { data } = await engine.resultToString(result, FORMATS[result.resultType]);
  let text = '';
  for await (const chunk of data) text += chunk;
  return { kind: result.resultType, text };
}

async function main() {
  const engine = new QueryEngine();
  const context = { sources: [nquads], unionDefaultGraph: true };
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let reply;
    try {
      reply = await answer(engine, context, JSON.parse(line));
    } catch (e) {
      reply = { error: String((e && e.message) || e) };
    }
    process.stdout.write(`${JSON.stringify(reply)}\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`${(e && e.stack) || e}\n`);
  process.exit(1);
});
