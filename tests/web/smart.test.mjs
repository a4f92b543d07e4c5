// SMART on FHIR with real clients (docs/server/smart.md): npm `fhirclient` in Chromium completes a standalone
// launch (a patient logs in, allows the app, the app lists the patient's Observations) and an EHR launch
// (a physiotherapist opens the app from the patient's page); the tokens cannot read Conditions or another
// patient; a Backend Services client signs its assertion with npm `jose` and runs a bulk export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { Clinic, apiSession, assertNoPageProblems, browserSession, sleep } from './lib/harness.mjs';
import { loginInBrowser, logOut } from './lib/flows.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const FHIRCLIENT = readFileSync(path.join(here, 'node_modules', 'fhirclient', 'build', 'fhir-client.js'));
const SCOPE = 'launch/patient openid fhirUser patient/Observation.rs';

/** The app: a launch page (EHR launch), a standalone start page and the redirect page that reads data. */
function appPages(clientId, iss) {
  const head = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Knee app</title><script src="/fhir-client.js"></script></head>';
  const authorize = (withIss) => `<script>FHIR.oauth2.authorize({ clientId: ${JSON.stringify(clientId)}, scope: ${JSON.stringify(SCOPE)},
    redirectUri: '/app.html'${withIss ? `, iss: ${JSON.stringify(iss)}` : ''} });</script>`;
  return {
    '/launch.html': `${head}<body><main><h1>Knee app: launching</h1>${authorize(false).replace(SCOPE, `launch ${SCOPE}`)}</main></body></html>`,
    '/standalone.html': `${head}<body><main><h1>Knee app: connecting</h1>${authorize(true)}</main></body></html>`,
    '/app.html': `${head}<body><main><h1>Knee app</h1><p id="patient"></p><ul id="obs"></ul><p id="status">Loading</p></main>
      <script>
        FHIR.oauth2.ready().then(async (client) => {
          document.getElementById('patient').textContent = client.patient.id;
          document.body.dataset.token = client.state.tokenResponse.access_token;
          document.body.dataset.scope = client.state.tokenResponse.scope;
          const bundle = await client.request('Observation?patient=' + encodeURIComponent(client.patient.id));
          for (const e of bundle.entry || []) {
            const li = document.createElement('li');
            const o = e.resource;
            li.textContent = (o.code.text || o.code.coding[0].display || o.code.coding[0].code) + ': ' + o.valueQuantity.value + ' ' + o.valueQuantity.unit;
            document.getElementById('obs').appendChild(li);
          }
          document.getElementById('status').textContent = 'Observations: ' + (bundle.entry || []).length;
        }).catch((e) => { document.getElementById('status').textContent = 'Failed: ' + e.message; });
      </script></body></html>`,
  };
}

async function serveApp() {
  let pages = {};
  const server = createServer((req, res) => {
    const p = new URL(req.url, 'http://x').pathname;
    if (p === '/fhir-client.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(FHIRCLIENT);
    }
    if (pages[p] && typeof pages[p] === 'object') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=3600' });
      return res.end(JSON.stringify(pages[p]));
    }
    if (pages[p]) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(pages[p]);
    }
    res.writeHead(p === '/favicon.ico' ? 204 : 404);
    return res.end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    setPages: (x) => { pages = { ...pages, ...x }; },
    close: () => server.close(),
  };
}

function observation(patientId, seconds) {
  return {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '89423-8', display: 'Timed Up and Go' }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: '2026-11-18T10:30:00Z',
    valueQuantity: { value: seconds, unit: 's', system: 'http://unitsofmeasure.org', code: 's' },
  };
}

test('SMART on FHIR: fhirclient launches, scopes narrow, a backend client exports', { timeout: 300000 }, async (t) => {
  const clinic = new Clinic('smart');
  t.after(() => clinic.stop());
  const clinicId = await clinic.createClinic('Hillside Clinic');
  await clinic.createUser('admin', 'admin@example.org', 'admin-password-1', { name: 'Alex Admin', mfa: false });
  await clinic.createUser('physiotherapist', 'sam@example.org', 'physio-password-1', { name: 'Sam Rivera', mfa: false });
  const url = await clinic.start({ extraArgs: ['--secure-cookies', 'false'] });
  const iss = `${url}/fhir`;
  const app = await serveApp();
  t.after(() => app.close());

  // Two patients with measurements; the first gets a login.
  const physio = await apiSession(url, 'sam@example.org', 'physio-password-1');
  const patients = [];
  for (const [given, family, tug] of [['Ana', 'Silva', 12.5], ['Bea', 'Costa', 9.1]]) {
    const p = await physio.call('POST', '/api/patients', { given_name: given, family_name: family, birth_date: '1960-05-01', not_a_duplicate: true });
    assert.equal(p.status, 201, JSON.stringify(p.body));
    const r = await fetch(`${url}/fhir/Observation`, {
      method: 'POST',
      headers: { Cookie: physio.cookie, 'X-CSRF-Token': physio.csrf, 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify(observation(p.body.id, tug)),
    });
    assert.equal(r.status, 201);
    patients.push({ id: p.body.id, obs: (await r.json()).id });
  }
  await clinic.createUser('patient', 'ana@example.org', 'patient-password-1', { patient: patients[0].id, mfa: false });

  const { page, problems, shot, checkA11y, a11y } = await browserSession(t, 'smart', { width: 1024, height: 800 });

  // The administrator registers the app on the Apps page.
  await page.goto(`${url}/apps`);
  await loginInBrowser(page, { email: 'admin@example.org', password: 'admin-password-1' });
  await page.getByRole('heading', { name: 'Connected apps (SMART on FHIR)', level: 1 }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill('Knee app');
  await page.getByLabel('Redirect URIs').fill(`${app.url}/app.html`);
  await page.getByLabel('Launch URL').fill(`${app.url}/launch.html`);
  await page.getByLabel('Allowed scopes').fill(`launch ${SCOPE}`);
  await page.getByRole('button', { name: 'Register app' }).click();
  const note = await page.getByText(/Its client id is/).textContent();
  const clientId = /client id is (\S+)\./.exec(note)[1];
  await page.locator('li.card').filter({ hasText: 'Knee app' }).waitFor();
  await shot('admin-apps');
  await checkA11y('apps page');
  await logOut(page);
  app.setPages(appPages(clientId, iss));

  // (a) Standalone launch: the patient logs in, sees the consent screen, allows; the app lists their data.
  await page.goto(`${app.url}/standalone.html`);
  await page.getByLabel('E-mail address').waitFor();
  await loginInBrowser(page, { email: 'ana@example.org', password: 'patient-password-1' });
  await page.getByRole('heading', { name: 'Allow Knee app to connect?' }).waitFor();
  await page.getByText('Read and search your observations', { exact: false }).waitFor();
  await shot('consent-patient');
  await checkA11y('consent screen');
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL(`${app.url}/app.html**`);
  await page.getByText('Observations: 1').waitFor();
  assert.equal(await page.locator('#patient').textContent(), patients[0].id);
  assert.match(await page.locator('#obs').textContent(), /Timed Up and Go: 12.5 s/);
  await shot('app-standalone');
  const patientToken = await page.evaluate(() => document.body.dataset.token);
  assert.equal(await page.evaluate(() => document.body.dataset.scope), SCOPE);

  // (c) That token reads no Conditions, and not the other patient's Observation.
  const bearer = (token) => ({ headers: { Authorization: `Bearer ${token}` } });
  assert.equal((await fetch(`${iss}/Condition?patient=${patients[0].id}`, bearer(patientToken))).status, 403);
  assert.equal((await fetch(`${iss}/Observation/${patients[1].obs}`, bearer(patientToken))).status, 404);
  assert.equal((await fetch(`${url}/api/me`, bearer(patientToken))).status, 401, 'no bearer tokens on /api/');

  // The patient sees the app on their account page.
  await page.goto(`${url}/account`);
  await page.getByRole('heading', { name: 'Apps you allowed' }).waitFor();
  await page.locator('#main li').filter({ hasText: 'Knee app' }).waitFor();
  await shot('account-apps');
  await checkA11y('account page');

  // (b) EHR launch: the physiotherapist opens the app from the second patient's page.
  await logOut(page);
  await loginInBrowser(page, { email: 'sam@example.org', password: 'physio-password-1' });
  await page.goto(`${url}/patients/${patients[1].id}`);
  await page.getByRole('heading', { name: 'Open an app' }).waitFor();
  await shot('open-an-app');
  await page.getByRole('button', { name: 'Open Knee app' }).click();
  await page.getByRole('heading', { name: 'Allow Knee app to connect?' }).waitFor();
  await page.getByText('Bea Costa').waitFor();
  await shot('consent-ehr-launch');
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL(`${app.url}/app.html**`);
  await page.getByText('Observations: 1').waitFor();
  assert.equal(await page.locator('#patient').textContent(), patients[1].id);
  assert.match(await page.locator('#obs').textContent(), /9.1 s/);
  await shot('app-ehr-launch');
  const ehrToken = await page.evaluate(() => document.body.dataset.token);
  // The physiotherapist may read both patients; the token with Bea in context may not read Ana.
  assert.equal((await fetch(`${iss}/Observation/${patients[0].obs}`, bearer(ehrToken))).status, 404);
  const other = await (await fetch(`${iss}/Observation?patient=${patients[0].id}`, bearer(ehrToken))).json();
  assert.equal(other.total, 0);
  assert.equal((await fetch(`${iss}/Condition?patient=${patients[1].id}`, bearer(ehrToken))).status, 403);

  // (d) Backend Services: a key pair, its public JWK registered, an RS384 assertion, a bulk export.
  const { publicKey, privateKey } = await generateKeyPair('RS384', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'warehouse-1', alg: 'RS384', use: 'sig' };
  const admin = await apiSession(url, 'admin@example.org', 'admin-password-1');
  const reg = await admin.call('POST', '/api/smart/apps', { name: 'Warehouse', kind: 'backend', scopes: 'system/*.rs', jwks: { keys: [jwk] } });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  const config = await (await fetch(`${iss}/.well-known/smart-configuration`)).json();
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'RS384', kid: 'warehouse-1', typ: 'JWT' })
    .setIssuer(reg.body.client_id)
    .setSubject(reg.body.client_id)
    .setAudience(config.token_endpoint)
    .setExpirationTime('4m')
    .setJti(randomUUID())
    .sign(privateKey);
  const tokenAnswer = await fetch(config.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'system/*.rs',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }),
  });
  assert.equal(tokenAnswer.status, 200);
  const backend = (await tokenAnswer.json()).access_token;
  const kick = await fetch(`${iss}/Group/${clinicId}/$export`, { headers: { Authorization: `Bearer ${backend}`, Prefer: 'respond-async', Accept: 'application/fhir+json' } });
  assert.equal(kick.status, 202);
  const status = kick.headers.get('content-location');
  let manifest = null;
  for (let i = 0; i < 300 && !manifest; i++) {
    const s = await fetch(status, bearer(backend));
    if (s.status === 200) manifest = await s.json();
    else {
      assert.equal(s.status, 202);
      await sleep(200);
    }
  }
  assert.ok(manifest, 'the export finished');
  const obsFile = manifest.output.find((o) => o.type === 'Observation');
  const lines = (await (await fetch(obsFile.url, bearer(backend))).text()).trim().split('\n').map((l) => JSON.parse(l));
  const values = lines.filter((o) => o.code.coding.some((c) => c.code === '89423-8')).map((o) => o.valueQuantity.value).sort((a, b) => a - b);
  assert.deepEqual(values, [9.1, 12.5]);
  // The same assertion again: its jti was used.
  const replay = await fetch(config.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'system/*.rs', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }),
  });
  assert.equal(replay.status, 401);

  // (e) Keys by URL: a backend app registered on the Apps page with the URL of its key set (served by the
  // test's app server); jose signs ES384 assertions; the app rotates its key and the new one works at once.
  const signWith = (key, kid, clientId) => new SignJWT({})
    .setProtectedHeader({ alg: 'ES384', kid, typ: 'JWT' })
    .setIssuer(clientId).setSubject(clientId).setAudience(config.token_endpoint)
    .setExpirationTime('4m').setJti(randomUUID())
    .sign(key);
  const clientCredentials = (signed) => fetch(config.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'system/*.rs', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: signed }),
  });
  const first = await generateKeyPair('ES384', { extractable: true });
  app.setPages({ '/jwks.json': { keys: [{ ...(await exportJWK(first.publicKey)), kid: 'ledger-1', alg: 'ES384', use: 'sig' }] } });
  await page.goto(`${url}/apps`);
  await page.getByRole('button', { name: 'Log out' }).or(page.getByLabel('E-mail address')).first().waitFor();
  if (await page.getByRole('button', { name: 'Log out' }).count()) await logOut(page);
  await loginInBrowser(page, { email: 'admin@example.org', password: 'admin-password-1' });
  await page.goto(`${url}/apps`);
  await page.getByRole('heading', { name: 'Connected apps (SMART on FHIR)', level: 1 }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill('Ledger');
  await page.getByLabel('Kind').selectOption('backend');
  await page.getByLabel('Allowed scopes').fill('system/*.rs');
  // A URL that is not https is refused on the page, naming the rule.
  await page.getByLabel('Key set URL').fill('http://keys.example.org/jwks.json');
  await page.getByRole('button', { name: 'Register app' }).click();
  await page.getByText(/The app was not registered: .*https/).waitFor();
  await page.getByLabel('Key set URL').fill(`${app.url}/jwks.json`);
  await page.getByRole('button', { name: 'Register app' }).click();
  const ledgerNote = await page.getByText(/Ledger was registered\. Its client id is/).textContent();
  const ledgerId = /client id is (\S+)\./.exec(ledgerNote)[1];
  await page.locator('li.card').filter({ hasText: 'Ledger' }).getByText(`Keys read from ${app.url}/jwks.json`).waitFor();
  await shot('apps-keys-by-url');
  assert.equal((await clientCredentials(await signWith(first.privateKey, 'ledger-1', ledgerId))).status, 200);
  const second = await generateKeyPair('ES384', { extractable: true });
  app.setPages({ '/jwks.json': { keys: [{ ...(await exportJWK(second.publicKey)), kid: 'ledger-2', alg: 'ES384', use: 'sig' }] } });
  const rotated = await clientCredentials(await signWith(second.privateKey, 'ledger-2', ledgerId));
  assert.equal(rotated.status, 200, 'the rotated key works on its first use');
  assert.equal((await clientCredentials(await signWith(first.privateKey, 'ledger-1', ledgerId))).status, 401, 'the dropped key no longer works');

  assertNoPageProblems(assert, problems, a11y);
});
