#!/usr/bin/env node
// Lints the API's OpenAPI document with Redocly's recommended ruleset and fails on any error.
//   node tests/openapi/lint.mjs --physio build/dev/bin/physio
// The document is what `physio serve --openapi` prints, the same JSON GET /api/openapi.json serves (both
// call openapi_document(), generated from the route table). Exit 0 no errors, 1 errors (or the document
// could not be made), 77 skipped (the npm package is not installed, or node is too old for it).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const SKIP = 77;
const argv = process.argv.slice(2);
let physio = process.env.PHYSIO_BIN;
for (let i = 0; i < argv.length; i++) if (argv[i] === '--physio') physio = argv[++i];

const cli = path.join(here, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
if (!existsSync(cli)) {
  console.log('openapi lint skipped: tests/openapi/node_modules is missing (run scripts/install-openapi-lint.sh)');
  process.exit(SKIP);
}
const wanted = JSON.parse(readFileSync(path.join(here, 'node_modules', '@redocly', 'cli', 'package.json'), 'utf8')).engines?.node ?? '';
const [major, minor] = process.versions.node.split('.').map(Number);
if (!(major > 22 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19))) {
  console.log(`openapi lint skipped: node ${process.versions.node} is older than @redocly/cli needs (${wanted})`);
  process.exit(SKIP);
}
if (!physio || !existsSync(physio)) {
  console.error(`openapi lint: the physio binary ${physio || '(not given: --physio)'} does not exist`);
  process.exit(1);
}

const dir = mkdtempSync(path.join(tmpdir(), 'physio-openapi-'));
try {
  const doc = execFileSync(physio, ['serve', '--openapi'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const parsed = JSON.parse(doc);
  const file = path.join(dir, 'openapi.json');
  writeFileSync(file, doc);
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  const r = spawnSync(process.execPath,
    [cli, 'lint', '--extends', 'recommended', '--format', 'json', file],
    { encoding: 'utf8', env, cwd: dir, maxBuffer: 64 << 20 });
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    console.error(`openapi lint: redocly did not answer JSON (exit ${r.status})\n${r.stdout}\n${r.stderr}`);
    process.exitCode = 1;
  }
  if (report) {
    const problems = report.problems ?? [];
    const errors = problems.filter((p) => p.severity === 'error');
    const warnings = problems.filter((p) => p.severity !== 'error');
    const where = (p) => (p.location ?? []).map((l) => l.pointer).join(', ');
    const byRule = {};
    for (const p of warnings) byRule[p.ruleId] = (byRule[p.ruleId] ?? 0) + 1;
    console.log(`openapi lint: ${Object.keys(parsed.paths).length} paths, ${errors.length} errors, ` +
      `${warnings.length} warnings ${JSON.stringify(byRule)}`);
    for (const p of errors) console.log(`  error ${p.ruleId}: ${p.message} at ${where(p)}`);
    process.exitCode = errors.length === 0 ? 0 : 1;
  }
} finally {
  // process.exit() would leave the folder behind: the exit code is set and the script ends here.
  rmSync(dir, { recursive: true, force: true });
}
