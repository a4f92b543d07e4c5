#!/usr/bin/env node
// Checks the OpenAPI document's response schemas against live answers: starts a server on a fresh demo
// clinic (`physio demo-clinic`), signs in as each role, calls every GET it can fill with the demo's ids
// (and a few harmless POSTs), and validates each 2xx JSON answer against the schema the document declares
// for it (npm `ajv`, JSON Schema 2020-12 as OpenAPI 3.1 uses; `required` and types are enforced).
//   node tests/openapi/responses.mjs --physio build/dev/bin/physio [--doc FILE] [--dump DIR] [--verbose]
// --doc validates against that document instead of the one the server serves (to try a changed schema);
// --dump writes each validated answer to DIR.
// Prints how many JSON operations were exercised and lists those that were not, with the reason.
// Exit 0 every answer matched, 1 a mismatch (or the server could not be started), 77 skipped (no ajv).
import { spawn, execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const SKIP = 77;
const argv = process.argv.slice(2);
let physio = process.env.PHYSIO_BIN;
let dumpDir = null;
let verbose = false;
let docFile = null;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--physio') physio = argv[++i];
  else if (argv[i] === '--doc') docFile = argv[++i];
  else if (argv[i] === '--dump') dumpDir = argv[++i];
  else if (argv[i] === '--verbose') verbose = true;
}

const require = createRequire(path.join(here, 'package.json'));
let Ajv2020;
try {
  Ajv2020 = require('ajv/dist/2020').default;
} catch {
  console.log('openapi responses skipped: tests/openapi/node_modules has no ajv (run scripts/install-openapi-lint.sh)');
  process.exit(SKIP);
}
if (!physio || !existsSync(physio)) {
  console.error(`openapi responses: the physio binary ${physio || '(not given: --physio)'} does not exist`);
  process.exit(1);
}

// ---- helpers ------------------------------------------------------------------------------------------

function run(args, input) {
  return new Promise((resolve, reject) => {
    const child = execFile(physio, args, { maxBuffer: 64 << 20, timeout: 300000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`physio ${args.join(' ')}: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
    if (input !== undefined) child.stdin.end(input);
  });
}

function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of s.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function totp(secret) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000)));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const off = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(off) & 0x7fffffff) % 1e6).padStart(6, '0');
}

// ---- the schemas ----------------------------------------------------------------------------------------

/** The JSON (or FHIR JSON) schema the document declares for an operation's answer with this status. */
function declaredSchema(op, status) {
  const resp = op.responses?.[String(status)] ?? op.responses?.['200'];
  const content = resp?.content ?? {};
  const media = content['application/json'] ? 'application/json' : content['application/fhir+json'] ? 'application/fhir+json' : null;
  return media ? content[media].schema : null;
}

/** Every $ref into the document's components, pointed at the copy registered with ajv. */
function rebase(schema) {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema && typeof schema === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(schema)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `openapi.json${v}` : rebase(v);
    return out;
  }
  return schema;
}

// ---- the server -----------------------------------------------------------------------------------------

const dir = mkdtempSync(path.join(tmpdir(), 'physio-openapi-responses-'));
const data = path.join(dir, 'data');
let server = null;
let serverLog = '';  // the server's last output, shown when the check cannot run
const failures = [];
const exercised = new Map();  // "METHOD pattern" -> calls validated
const reasons = new Map();  // "METHOD pattern" -> why it was not exercised

async function main() {
  const demo = await run(['demo-clinic', '--data', data, '--models', process.env.PHYSIO_MODELS || path.join(here, '..', '..', 'models')]);
  const logins = {};
  for (const m of demo.matchAll(/^\s+(\S+)\s+(\S+@\S+)\s+password (\S+)/gm)) if (!logins[m[1]]) logins[m[1]] = { email: m[2], password: m[3] };
  server = spawn(physio, ['serve', '--data', data, '--listen', '127.0.0.1:0', '--secure-cookies', 'false', '--synthetic-data', 'true', '--risk-refresh', 'false', '--test-clock', 'true'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const base = await new Promise((resolve, reject) => {
    let buf = '';
    const t = setTimeout(() => reject(new Error(`no "listening on" within 60 s:\n${buf}`)), 60000);
    const on = (d) => {
      buf += d;
      const m = /listening on (http:\/\/[^\s/]+)/.exec(buf);
      if (m) {
        clearTimeout(t);
        resolve(m[1]);
      }
    };
    server.stdout.on('data', on);
    server.stderr.on('data', on);
    const keep = (d) => (serverLog = (serverLog + d).slice(-6000));
    server.stdout.on('data', keep);
    server.stderr.on('data', keep);
    server.on('error', reject);
    server.on('exit', (c) => reject(new Error(`physio serve exited ${c}:\n${buf.slice(-2000)}`)));
  });

  const doc = docFile ? JSON.parse(readFileSync(docFile, 'utf8')) : await (await fetch(`${base}/api/openapi.json`)).json();
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addSchema({ $id: 'openapi.json', components: doc.components });
  const ops = new Map();  // "METHOD pattern" -> op
  for (const [p, methods] of Object.entries(doc.paths))
    for (const [m, op] of Object.entries(methods)) {
      if (op['x-physio-websocket']) continue;
      const c = op.responses?.['200']?.content ?? {};
      if (c['application/json'] || c['application/fhir+json']) ops.set(`${m.toUpperCase()} ${p}`, op);
    }
  const compiled = new Map();
  const validatorFor = (key, status) => {
    const k = `${key} ${status}`;
    if (!compiled.has(k)) {
      const s = declaredSchema(ops.get(key), status);
      compiled.set(k, s ? ajv.compile(rebase(s)) : null);
    }
    return compiled.get(k);
  };

  // Sessions, one per role.
  class Session {
    constructor(name) {
      this.name = name;
    }
    async login({ email, password }) {
      const post = (body) => fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      let r = await post({ email, password });
      let body = await r.json();
      if (r.status === 401 && body.totp_secret) {
        r = await post({ email, password, totp: totp(body.totp_secret) });
        body = await r.json();
      }
      if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${JSON.stringify(body)}`);
      this.cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      this.csrf = body.csrf_token;
      this.user = body.user;
      check('POST /api/login', 200, body, this.name);
      return this;
    }
    async call(method, url, body, extra = {}) {
      const r = await fetch(`${base}${url}`, {
        method,
        headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...extra },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await r.text();
      let json = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: r.status, type: r.headers.get('content-type') || '', json, text, location: r.headers.get('content-location') };
    }
  }

  /** Validates one answer of an operation; records a failure naming the operation, role and field. */
  function check(key, status, body, role) {
    const v = validatorFor(key, status);
    if (!v) {
      failures.push(`${key} (${role}): the document declares no JSON schema for its ${status} answer`);
      return;
    }
    if (dumpDir) {
      mkdirSync(dumpDir, { recursive: true });
      writeFileSync(path.join(dumpDir, `${key.replace(/[^A-Za-z0-9]+/g, '_')}.${role}.json`), JSON.stringify(body, null, 1));
    }
    if (!v(body)) {
      const errs = v.errors.slice(0, 6).map((e) => `${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`);
      failures.push(`${key} (${role}, ${status}): ${errs.join('; ')}`);
    }
    exercised.set(key, (exercised.get(key) ?? 0) + 1);
  }

  const physioS = await new Session('physiotherapist').login(logins.physiotherapist);
  const admin = await new Session('admin').login(logins.admin);
  const desk = await new Session('front_desk').login(logins.front_desk);
  const patient = await new Session('patient').login(logins.patient);
  const roles = [physioS, admin, desk, patient];

  // The ids the paths are filled with: the signed-in patient's record and what it holds.
  const me = (await patient.call('GET', '/api/me')).json;
  const pid = me?.user?.patient_id ?? me?.patient_id ?? me?.user?.patient?.id;
  if (!pid) throw new Error(`GET /api/me of the patient names no patient id: ${JSON.stringify(me)}`);
  const first = async (s, url, pick) => {
    const r = await s.call('GET', url);
    if (r.status !== 200 || r.json == null) return null;
    const list = Array.isArray(r.json) ? r.json : r.json.items ?? r.json.entry ?? [];
    const hit = list.find(pick ?? (() => true));
    return hit ?? null;
  };
  const fill = new Map();
  fill.set('/api/patients/{id}', pid);
  const note = await first(physioS, `/api/patients/${pid}/notes`);
  if (note) fill.set('/api/notes/{id}', note.id);
  const program = await first(physioS, `/api/patients/${pid}/programs`);
  if (program) fill.set('/api/programs/{id}', program.id);
  const recording = await first(physioS, `/api/patients/${pid}/recordings`);
  if (recording) {
    fill.set('/api/recordings/{id}', recording.id);
    if (recording.job?.id) fill.set('/api/jobs/{id}', recording.job.id);
  }
  const live = await first(physioS, `/api/patients/${pid}/live-sessions`);
  if (live) fill.set('/api/live-sessions/{id}', live.id);
  fill.set('/api/staff/{id}', physioS.user.id);
  const exercise = await first(physioS, '/api/exercises', (e) => e.figure);
  if (exercise) fill.set('/api/exercises/{id}', exercise.id);
  // Tokens made by harmless POSTs: a calendar address and a questionnaire link for the patient.
  const cal = await physioS.call('POST', `/api/patients/${pid}/calendar-address`);
  if (cal.status < 300) {
    check(`POST /api/patients/{id}/calendar-address`, cal.status, cal.json, physioS.name);
    const token = /\/api\/calendar\/([^/?\s"]+)/.exec(JSON.stringify(cal.json))?.[1];
    if (token) fill.set('/api/calendar/{token}', token.replace(/\.ics$/, ''));
  }
  const instrument = (await physioS.call('GET', '/api/instruments')).json?.instruments?.[0]?.id;
  if (instrument) {
    const link = await physioS.call('POST', `/api/patients/${pid}/questionnaire-links`, { instrument });
    if (link.status < 300) {
      check(`POST /api/patients/{id}/questionnaire-links`, link.status, link.json, physioS.name);
      const token = link.json?.token ?? /\/q\/([A-Za-z0-9_-]+)/.exec(JSON.stringify(link.json))?.[1];
      if (token) fill.set('/api/q/{token}', token);
    } else if (verbose) console.log(`questionnaire link: ${link.status} ${link.text}`);
  }
  // A note, a program and a live session the demo patient does not have yet: made here so that their reads
  // are checked too (each creating POST's answer is checked as well).
  const made = async (key, body, pathKey) => {
    const r = await physioS.call('POST', concrete(key.split(' ')[1]), body);
    if (r.status >= 200 && r.status < 300 && r.json) {
      check(key, r.status, r.json, physioS.name);
      if (r.json.id && pathKey && !fill.has(pathKey)) fill.set(pathKey, r.json.id);
    } else reasons.set(key, `answered ${r.status} ${r.text.slice(0, 160)}`);
  };
  await made('POST /api/patients/{id}/notes', {}, '/api/notes/{id}');
  // The note is then edited, signed (a signed note is also a FHIR DocumentReference) and given an addendum.
  const noteId = fill.get('/api/notes/{id}');
  if (noteId) {
    const step = async (key, body) => {
      const r = await physioS.call(key.split(' ')[0], `/api/notes/${noteId}${key.split('{id}')[1]}`, body);
      if (r.status >= 200 && r.status < 300 && r.json) check(key, r.status, r.json, physioS.name);
      else reasons.set(key, `answered ${r.status} ${r.text.slice(0, 160)}`);
      return r.json;
    };
    const v = (await physioS.call('GET', `/api/notes/${noteId}`)).json?.version;
    const edited = await step('PATCH /api/notes/{id}', { version: v, section: 'S', action: 'add', text: 'The knee feels easier on stairs.' });
    await step('POST /api/notes/{id}/sign', { version: edited?.version ?? v });
    await step('POST /api/notes/{id}/addenda', { text: 'Stairs reviewed again by phone.', reason: 'the patient called' });
  }
  const template = (await physioS.call('GET', '/api/program-templates')).json;
  const templateId = (Array.isArray(template) ? template : template?.templates ?? template?.items ?? [])[0]?.id;
  if (templateId) await made('POST /api/patients/{id}/programs', { template_id: templateId }, '/api/programs/{id}');
  await made('POST /api/patients/{id}/live-sessions', { exercise: 'deep_squat' }, '/api/live-sessions/{id}');
  // FHIR: a search's first entry gives the id and version of the reads.
  for (const key of ops.keys()) {
    const m = /^GET \/fhir\/([A-Za-z]+)$/.exec(key);
    if (!m) continue;
    const r = await physioS.call('GET', `/fhir/${m[1]}?_count=5`);
    const res = r.json?.entry?.[0]?.resource;
    if (res?.id) fill.set(`/fhir/${m[1]}/{id}`, res.id);
    // A resource that does not count versions is version 1 (docs/server/fhir.md, "Versions").
    if (res?.id) fill.set(`/fhir/${m[1]}/{vid}`, res.meta?.versionId ?? '1');
  }
  // Bulk export (docs/server/fhir.md): the kick-offs answer 202 with an OperationOutcome, the status poll
  // 202 without a body until the manifest (200); the export is then cancelled (202, no body).
  const bulk = async (key, url) => {
    const r = await physioS.call('GET', url, undefined, { prefer: 'respond-async', accept: 'application/fhir+json' });
    if (r.status !== 202 || !r.location) return reasons.set(key, `answered ${r.status} ${r.text.slice(0, 160)}`);
    check(key, r.status, r.json, physioS.name);
    const status = new URL(r.location).pathname;
    for (let i = 0; i < 120; i++) {
      const p = await physioS.call('GET', status);
      if (p.status === 200) {
        check('GET /fhir/$export-status/{id}', p.status, p.json, physioS.name);
        break;
      }
      if (p.status !== 202) {
        failures.push(`GET /fhir/$export-status/{id}: answered ${p.status} ${p.text.slice(0, 160)}`);
        break;
      }
      await new Promise((res) => setTimeout(res, 250));
    }
    const gone = await physioS.call('DELETE', status);
    if (gone.status >= 300) failures.push(`DELETE /fhir/$export-status/{id}: answered ${gone.status}`);
  };
  await bulk('GET /fhir/Patient/$export', '/fhir/Patient/$export');
  await bulk('GET /fhir/Group/{id}/$export', `/fhir/Group/${physioS.user.clinic_id}/$export`);
  // Not called: what would change or start something (the reason is printed).
  const unsafe = new Map([
    ['GET /fhir/$export-file/{id}', 'answers NDJSON (application/fhir+ndjson), not JSON'],
  ]);

  function concrete(pattern) {
    let out = pattern;
    for (const m of pattern.matchAll(/\{(\w+)\}/g)) {
      const prefix = pattern.slice(0, m.index + m[0].length);
      const typed = /^\/fhir\/([A-Za-z]+)\/\{id\}\/_history\/\{vid\}$/.exec(pattern);
      let v = fill.get(prefix);
      if (v === undefined && m[1] === 'vid' && typed) v = fill.get(`/fhir/${typed[1]}/{vid}`);
      if (v === undefined) return null;
      out = out.replace(m[0], encodeURIComponent(v));
    }
    return out;
  }
  const requiredQuery = (op) => (op.parameters ?? []).filter((p) => p.in === 'query' && p.required);
  const queryFill = { from: new Date().toISOString().slice(0, 10), name: 'noshow' };

  for (const [key, op] of ops) {
    const [method, pattern] = key.split(' ');
    if (method !== 'GET' || exercised.has(key)) continue;
    if (unsafe.has(key)) {
      reasons.set(key, unsafe.get(key));
      continue;
    }
    let url = concrete(pattern);
    if (!url) {
      reasons.set(key, 'the demo clinic holds nothing to fill its path with');
      continue;
    }
    const q = requiredQuery(op);
    const missing = q.filter((p) => !(p.name in queryFill));
    if (missing.length) {
      reasons.set(key, `needs ${missing.map((p) => p.name).join(', ')}, which a demo GET cannot supply`);
      continue;
    }
    if (q.length) url += '?' + q.map((p) => `${p.name}=${encodeURIComponent(queryFill[p.name])}`).join('&');
    const statuses = [];
    for (const s of roles) {
      const r = await s.call('GET', url);
      statuses.push(`${s.name} ${r.status}`);
      if (r.status >= 200 && r.status < 300 && /json/.test(r.type)) check(key, r.status, r.json, s.name);
    }
    if (!exercised.has(key)) reasons.set(key, `no role had a 2xx JSON answer (${statuses.join(', ')})`);
  }
  // Harmless writes on this throwaway clinic, each checked when it succeeds (a refusal is listed with its
  // answer): a message and its reading, the patient's pain and a set done, settings, a consent, an episode,
  // the waiting list, monitoring time, an alert snoozed, a program review, an appointment moved to another
  // room and one cancelled, a restriction of processing and its lifting, then sign-out.
  const programId = fill.get('/api/programs/{id}');
  const prescribed = programId ? (await physioS.call('GET', `/api/programs/${programId}`)).json?.prescriptions?.[0]?.exercise_id : undefined;
  const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
  const coming = ((await desk.call('GET', `/api/patients/${pid}/appointments`)).json ?? [])
    .filter((a) => a.status === 'booked' && Date.parse(a.start) > Date.now());
  const harmless = [
    ['POST /api/patients/{id}/messages', physioS, { body: 'A schema check message.' }],
    ['POST /api/patients/{id}/morning-pain', patient, { nprs: 2 }],
    ...(prescribed ? [['POST /api/patients/{id}/exercise-logs', patient, { exercise_id: prescribed, reps_per_set: [10, 8], pain_during_nprs: 2, rpe: 5 }]] : []),
    ['PUT /api/patients/{id}/reminder-settings', physioS, { local_time: '18:30' }],
    ['POST /api/patients/{id}/consents', physioS, { kind: 'telehealth', status: 'given', method: 'in_person_verbal' }],
    ['POST /api/patients/{id}/episodes', physioS, { condition_text: 'Knee pain', side: 'left', status: 'planned' }],
    ['PUT /api/patients/{id}/waitlist', desk, { note: 'mornings', earliest_date: inDays(1), latest_date: inDays(20) }],
    ['POST /api/patients/{id}/rtm/timer/start', physioS, { activity: 'data_review' }],
    ['POST /api/patients/{id}/rtm/timer/stop', physioS, undefined],
    ['POST /api/patients/{id}/caseload-alerts', physioS, { kind: 'missed_sessions', action: 'snoozed', note: 'away for a week', until: inDays(3) }],
    ...(programId ? [['POST /api/programs/{id}/review', physioS, undefined]] : []),
    ...(coming[0] ? [['PATCH /api/appointments/{id}', desk, { room: 'Room 2' }, coming[0].id]] : []),
    ...(coming[1] ? [['POST /api/appointments/{id}/cancel', desk, { reason: 'the patient asked to' }, coming[1].id]] : []),
    // Last: a restriction of processing refuses later changes to the record, so it is lifted at once.
    ['POST /api/patients/{id}/restriction', physioS, { reason: 'the patient contests the accuracy of the record' }],
    ['DELETE /api/patients/{id}/restriction', physioS, undefined],
    // The test clock (the server runs with --test-clock so that its routes answer): a minute forward.
    ['POST /api/test-clock', admin, { advance_s: 60 }],
    ['POST /api/patients/{id}/messages/read', patient, undefined],
    ['POST /api/logout', desk, undefined],
  ];
  for (const [key, s, body, id] of harmless) {
    if (!ops.has(key)) continue;
    const [method, pattern] = key.split(' ');
    const url = id ? pattern.replace('{id}', encodeURIComponent(id)) : concrete(pattern) ?? pattern;
    if (verbose) console.log(`  ${method} ${url}`);
    const r = await s.call(method, url, body);
    if (r.status >= 200 && r.status < 300 && r.json !== undefined) check(key, r.status, r.json, s.name);
    else reasons.set(key, `answered ${r.status} ${r.text.slice(0, 120)}`);
  }
  for (const key of ops.keys()) if (!exercised.has(key) && !reasons.has(key)) reasons.set(key, key.startsWith('GET') ? 'not called' : 'a write: not called (it changes the record)');
}

try {
  await main();
} catch (e) {
  failures.push(`the check could not run: ${e.stack || e}\nthe server's last output:\n${serverLog}`);
} finally {
  if (server && server.exitCode === null) {
    const gone = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await gone;
  }
  rmSync(dir, { recursive: true, force: true });
}
const notGets = [...reasons].filter(([k]) => !k.startsWith('GET'));
const gets = [...reasons].filter(([k]) => k.startsWith('GET'));
console.log(`openapi responses: ${exercised.size} JSON operations validated against live answers ` +
  `(${[...exercised.values()].reduce((a, b) => a + b, 0)} answers); ${reasons.size} not exercised ` +
  `(${gets.length} GET, ${notGets.length} writes)`);
for (const [k, why] of gets) console.log(`  not exercised: ${k}: ${why}`);
for (const [k, why] of notGets) if (verbose || why.startsWith('answered')) console.log(`  not exercised: ${k}: ${why}`);
for (const f of failures) console.log(`  MISMATCH ${f}`);
process.exit(failures.length ? 1 : 0);
