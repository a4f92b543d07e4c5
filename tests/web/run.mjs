#!/usr/bin/env node
// Runs the browser tests (node:test) against a physio binary, or skips with the reason (exit 77) when
// Chromium, the npm packages or the shared data are not there.
//   node tests/web/run.mjs --physio build/dev/bin/physio [--shared ../shared/data] [--screenshots DIR] [files...]
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath } from './lib/browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const SKIP = 77;

const opts = { physio: process.env.PHYSIO_BIN, shared: process.env.PHYSIO_SHARED_DATA_DIR, screenshots: process.env.PHYSIO_WEB_SCREENSHOTS, files: [] };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const value = () => {
    if (i + 1 >= argv.length) {
      console.error(`web tests: ${a} needs a value`);
      process.exit(2);
    }
    return argv[++i];
  };
  if (a === '--physio') opts.physio = value();
  else if (a === '--shared') opts.shared = value();
  else if (a === '--screenshots') opts.screenshots = value();
  else if (a.startsWith('-')) {
    console.error(`web tests: unknown option ${a}`);
    process.exit(2);
  } else opts.files.push(a);
}

function skip(reason) {
  console.log(`web tests skipped: ${reason}`);
  process.exit(SKIP);
}

const chromium = chromiumPath();
try {
  accessSync(chromium, constants.X_OK);
} catch {
  skip(`${chromium} is not installed (scripts/install-browser-test.sh unpacks Chromium's headless shell; or apt-get install chromium)`);
}
for (const pkg of ['playwright-core', 'axe-core']) {
  if (!existsSync(path.join(here, 'node_modules', pkg, 'package.json'))) {
    skip(`tests/web/node_modules/${pkg} is missing (run scripts/install-browser-test.sh)`);
  }
}
if (!opts.shared || !existsSync(opts.shared)) skip(`the shared data folder ${opts.shared || '(not given)'} is absent`);
if (!opts.physio || !existsSync(opts.physio)) {
  console.error(`web tests: the physio binary ${opts.physio || '(not given: --physio)'} does not exist`);
  process.exit(1);
}
if (!existsSync(path.join(repo, 'web', 'static', 'vendor', 'preact.module.js'))) {
  console.error('web tests: web/static/vendor/ is not installed; run scripts/fetch-web.sh');
  process.exit(1);
}

const shots = path.resolve(opts.screenshots || path.join(repo, 'build', 'web-screenshots'));
mkdirSync(shots, { recursive: true });
const files = opts.files.length
  ? opts.files.map((f) => path.resolve(f))
  : readdirSync(here).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => path.join(here, f));

const env = {
  ...process.env,
  PHYSIO_BIN: path.resolve(opts.physio),
  PHYSIO_SHARED_DATA_DIR: path.resolve(opts.shared),
  PHYSIO_WEB_SCREENSHOTS: shots,
};
console.log(`web tests: ${files.length} files, physio ${env.PHYSIO_BIN}, browser ${chromium}, screenshots in ${shots}`);
// One test at a time: each runs its own server and browser, and the machine is shared.
const child = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], { env, stdio: 'inherit', cwd: here });
child.on('exit', (code, signal) => {
  console.log(`web tests: screenshots of every step are in ${shots}`);
  process.exit(signal ? 1 : code ?? 1);
});
