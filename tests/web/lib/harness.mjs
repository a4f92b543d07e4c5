// Helpers of the browser tests: a physio server per test, `physio admin`, TOTP codes, Chromium, screenshots.
import { spawn, execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { chromiumPath } from './browser.mjs';

// Chromium's headless shell unpacked from npm, or $PHYSIO_CHROMIUM, or Debian's chromium (lib/browser.mjs).
export const CHROMIUM = chromiumPath();
// Playwright's own --disable-features (playwright-core 1.65.1, chromiumSwitches.ts): Chromium reads only the last
// --disable-features on its command line, so the one below repeats them.
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Less CPU, the pages the same (bench/RESULTS.md, 2026-11-27): no process per site and no spare renderer
  // started ahead of each navigation (the tests' pages are one site), and no omnibox popup, a WebUI page in a
  // renderer of its own, preloaded for each window of a headless browser that shows no address bar.
  '--disable-site-isolation-trials',
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'].join(',')}`,
];

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');

/** The BlazePose models for the server's analyses: $PHYSIO_MODELS, $PHYSIO_MODELS_DIR or <repo>/models. */
export function modelsDir() {
  return process.env.PHYSIO_MODELS || process.env.PHYSIO_MODELS_DIR || path.join(REPO, 'models');
}

/** What the test runner passes: the physio binary, the shared data folder, the screenshot folder. */
export function config() {
  const physio = process.env.PHYSIO_BIN;
  const shared = process.env.PHYSIO_SHARED_DATA_DIR;
  const shots = process.env.PHYSIO_WEB_SCREENSHOTS || path.join(tmpdir(), 'physio-web-screenshots');
  if (!physio) throw new Error('PHYSIO_BIN is not set (run the tests through tests/web/run.mjs)');
  return { physio, shared, shots };
}

function run(file, args, { input, env, timeoutMs = 60000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) {
        err.message = `${path.basename(file)} ${args.join(' ')} failed: ${err.message}\n${stderr}`;
        reject(err);
      } else resolve({ stdout, stderr });
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

function lastLine(s) {
  const lines = s.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] || '';
}

/** A clinic on disk with its own data folder; its server is started with start(). */
export class Clinic {
  constructor(name) {
    this.cfg = config();
    this.dir = mkdtempSync(path.join(tmpdir(), 'physio-web-'));
    this.data = path.join(this.dir, 'data');
    this.name = name;
    this.server = null;
    this.logPath = path.join(this.cfg.shots, `${name}-server.log`);
  }

  async admin(args, input) {
    const r = await run(this.cfg.physio, ['admin', '--data', this.data, ...args], { input });
    return lastLine(r.stdout);
  }

  async createClinic(title) {
    this.clinicId = await this.admin(['create-clinic', title]);
    if (!this.clinicId) throw new Error('create-clinic printed no id');
    return this.clinicId;
  }

  /** role: admin|physiotherapist|assistant|front_desk|patient; opts: {name, patient, mfa=true}. */
  async createUser(role, email, password, opts = {}) {
    const args = ['create-user', '--clinic', this.clinicId, '--role', role, '--email', email];
    if (opts.name) args.push('--name', opts.name);
    if (opts.patient) args.push('--patient', opts.patient);
    if (opts.mfa === false) args.push('--no-mfa');
    return this.admin(args, `${password}\n`);
  }

  /**
   * The demo clinic (`physio demo-clinic`: staff, patients, analysed recordings, a synthetic appointment
   * history and the no-show model trained on it); returns its logins by role: {email, password}.
   */
  async demoClinic() {
    const r = await run(this.cfg.physio, ['demo-clinic', '--data', this.data, '--models', modelsDir()], { timeoutMs: 300000 });
    const logins = {};
    for (const line of r.stdout.split('\n')) {
      const m = /^\s+(\S+)\s+(\S+@\S+)\s+password (\S+)/.exec(line);
      if (m && !logins[m[1]]) logins[m[1]] = { email: m[2], password: m[3] };
    }
    if (!logins.physiotherapist) throw new Error(`demo-clinic printed no logins:\n${r.stdout}`);
    return { logins, summary: r.stdout.split('\n').find((l) => l.startsWith('Demo clinic:')) || '' };
  }

  /** The synthetic person's squats as a landmark file (`physio demo`, 5 squats); returns its path. */
  async demoLandmarks() {
    const out = path.join(this.dir, 'demo');
    await run(this.cfg.physio, ['demo', '-o', out], { timeoutMs: 120000 });
    return path.join(out, 'demo_squat_landmarks.json');
  }

  /** Starts `physio serve` on a port the server picks and waits for its "listening on" line. */
  async start({ timeoutMs = 60000, extraArgs = [] } = {}) {
    mkdirSync(this.cfg.shots, { recursive: true });
    this.extraArgs = extraArgs;
    const log = createWriteStream(this.logPath, { flags: this.startedOnce ? 'a' : 'w' });
    this.startedOnce = true;
    const child = spawn(this.cfg.physio, ['serve', '--data', this.data, '--listen', '127.0.0.1:0', ...extraArgs], {
      env: { ...process.env, PHYSIO_MODELS: modelsDir() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.server = child;
    this.url = await new Promise((resolve, reject) => {
      let buf = '';
      const timer = setTimeout(() => reject(new Error(`physio serve did not print "listening on" within ${timeoutMs} ms; log: ${this.logPath}`)), timeoutMs);
      const onData = (d) => {
        log.write(d);
        buf += d.toString();
        const m = /listening on (http:\/\/[^\s/]+)/.exec(buf);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code, sig) => {
        clearTimeout(timer);
        reject(new Error(`physio serve exited (${code ?? sig}) before listening; log: ${this.logPath}\n${buf.slice(-2000)}`));
      });
    });
    return this.url;
  }

  /** Stops the server (SIGTERM, as an operator would) and keeps the data. */
  async stopServer() {
    const child = this.server;
    this.server = null;
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10000);
      await gone;
      clearTimeout(t);
    }
  }

  /** Stops the server and starts it again on the same data and flags (a new port); returns its URL. */
  async restart(opts = {}) {
    await this.stopServer();
    return this.start({ extraArgs: this.extraArgs, ...opts });
  }

  async stop() {
    await this.stopServer();
    if (!process.env.PHYSIO_WEB_KEEP) rmSync(this.dir, { recursive: true, force: true });
  }
}

// ---- TOTP (RFC 6238 with HMAC-SHA1, 30 s steps, 6 digits; RFC 4648 base32 secret) ----------------------

export function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = s.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of clean) {
    const v = alphabet.indexOf(c);
    if (v < 0) throw new Error(`not base32: ${c}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function totp(secret, timeMs = Date.now(), step = 30, digits = 6) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(timeMs / 1000 / step)));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(off) & 0x7fffffff) % 10 ** digits;
  return String(code).padStart(digits, '0');
}

/** Milliseconds until the next 30 s TOTP step begins. */
export function msToNextStep(step = 30) {
  return step * 1000 - (Date.now() % (step * 1000));
}

// ---- Chromium ------------------------------------------------------------------------------------------

export async function launch() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * A page that records console errors, page errors and CSP violations (any of them fails the test), and a
 * shot(name) that saves a numbered full-page screenshot of each step under <screenshots>/<test>/.
 */
export async function openPage(browser, testName, { width = 1024, height = 800 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-GB', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // A 4xx answer the page expects (401 at a wrong password, 404 of another clinic's patient) is logged
    // by Chromium as "Failed to load resource"; that is not a page problem.
    if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) {
      problems.push(`console error: ${m.text()}`);
    }
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile || ''}:${e.lineNumber || ''}`);
    });
  });
  const dir = path.join(config().shots, testName.replace(/[^A-Za-z0-9_-]+/g, '-'));
  const a11y = [];
  /** Checks the page with axe-core now; what it finds fails the test at its end (assertNoPageProblems). */
  const checkA11y = async (where) => {
    for (const v of await axeViolations(page, where)) a11y.push(v);
  };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let n = 0;
  const shot = async (name, target = page) => {
    n++;
    const file = path.join(dir, `${String(n).padStart(2, '0')}-${name}.png`);
    await target.screenshot({ path: file, fullPage: true });
    return file;
  };
  return { context, page, problems, shot, dir, checkA11y, a11y };
}

// ---- Page length on a phone -------------------------------------------------------------------------------

/**
 * Measures, on a phone-sized page (width <= 480 px), how long each page is without anything unfolded: the
 * document's scrollHeight less the content of open <details> (the summary stays). `measure(where)` records
 * it; `s.shot` is wrapped to measure before each screenshot, so every page a test shows is measured.
 * `assertShort(assert)` fails when a page is longer than `screens` x the viewport's height.
 */
export function watchPhoneLength(s, { screens = 3 } = {}) {
  const pages = new Map();
  const measure = async (where) => {
    const m = await s.page.evaluate(() => {
      const outer = [...document.querySelectorAll('details[open]')].filter((d) => !d.parentElement || !d.parentElement.closest('details[open]'));
      let folded = 0;
      for (const d of outer) {
        const summary = d.querySelector(':scope > summary');
        folded += d.getBoundingClientRect().height - (summary ? summary.getBoundingClientRect().height : 0);
      }
      return { height: document.documentElement.scrollHeight - folded, vh: window.innerHeight, vw: window.innerWidth, path: location.pathname + location.hash };
    });
    if (m.vw > 480) return m;
    const key = `${m.path} (${where})`;
    const prev = pages.get(key);
    if (!prev || prev.height < m.height) pages.set(key, m);
    return m;
  };
  const shot = s.shot;
  s.shot = async (name, target) => {
    await measure(name);
    return shot(name, target);
  };
  s.measure = measure;
  s.pageLengths = pages;
  s.assertShort = (assert) => {
    const long = [...pages.entries()].filter(([, m]) => m.height > screens * m.vh).map(([k, m]) => `${k}: ${Math.round(m.height)} px > ${screens} x ${m.vh} px`);
    assert.deepEqual(long, [], `pages longer than ${screens} screens on a phone without unfolding:\n${long.join('\n')}`);
  };
  return s;
}

export function requireFile(p, what) {
  if (!p || !existsSync(p)) throw new Error(`${what} not found: ${p}`);
  return p;
}

// ---- The API from Node (set-up that is not what a test is about) -----------------------------------------

/** Logs in over HTTP; returns { cookie, csrf, user, call(method, path, body) }. */
export async function apiSession(baseUrl, email, password, secret) {
  const login = async (totpCode) =>
    fetch(`${baseUrl}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(totpCode ? { email, password, totp: totpCode } : { email, password }),
    });
  let res = await login(secret ? totp(secret) : undefined);
  let body = await res.json().catch(() => ({}));
  if (res.status !== 200) throw new Error(`login of ${email} answered ${res.status} ${JSON.stringify(body)}`);
  const cookie = (res.headers.getSetCookie ? res.headers.getSetCookie() : [res.headers.get('set-cookie')])
    .filter(Boolean)
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = body.csrf_token;
  const call = async (method, p, data) => {
    const r = await fetch(`${baseUrl}${p}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(data !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: data !== undefined ? JSON.stringify(data) : undefined,
    });
    const text = await r.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: r.status, body: json };
  };
  return { cookie, csrf, user: body.user, call };
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Fails with every console error, page error and CSP violation the page reported. */
export function assertNoPageProblems(assert, problems, a11y = []) {
  assert.deepEqual(problems, [], `the page reported problems:\n${problems.join('\n')}`);
  assert.deepEqual(a11y, [], `accessibility violations (axe-core):\n${a11y.join('\n')}`);
}

/**
 * Chromium and one page for a test; when the test ends (passed or failed) the last state of the page is
 * saved as a final screenshot, then the browser closes.
 */
export async function browserSession(t, testName, opts = {}) {
  const browser = await launch();
  const s = await openPage(browser, testName, opts);
  t.after(async () => {
    try {
      await s.shot('final');
    } catch {
      /* the page may be gone */
    }
    await browser.close();
  });
  return s;
}

// ---- Accessibility (axe-core, WCAG 2.1 A and AA rules) ---------------------------------------------------

let axeSource = null;

/**
 * Runs axe-core on the page as it is now and returns its WCAG 2.1 A/AA violations in words
 * (empty when there are none). axe is evaluated through the DevTools protocol, so the page's CSP stays on.
 */
export async function axeViolations(page, where) {
  if (axeSource === null) {
    const { readFileSync } = await import('node:fs');
    const { createRequire } = await import('node:module');
    axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  }
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  return result.map((v) => `${where}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.join(', ')}`);
}
