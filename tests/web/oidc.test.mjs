// OpenID Connect and OAuth 2 to the letter, checked by an independent client library: npm `openid-client`
// (pinned in package-lock.json) does the protocol work against the server (docs/server/smart.md):
// discovery at the issuer (the FHIR base), an authorization code flow with PKCE for a confidential
// asymmetric app (private_key_jwt), the id_token validated (signature with the key from the discovered
// jwks_uri, iss, aud, nonce), refreshes that narrow the scope (RFC 6749 section 6), rotation with reuse
// detection, introspection, and online_access ending with the user's session. The user logs in and allows
// the app in Chromium, on the server's own login and consent pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { Clinic, apiSession, assertNoPageProblems, browserSession } from './lib/harness.mjs';
import { loginInBrowser, logOut } from './lib/flows.mjs';

const FULL = 'openid fhirUser offline_access launch/patient patient/Observation.rs patient/Patient.r';
const NARROW = 'openid offline_access patient/Observation.rs';
const WITHOUT_OFFLINE = 'launch/patient patient/Observation.rs';
const ONLINE = 'openid online_access launch/patient patient/Observation.rs';

/** A scope string as a set (RFC 6749 section 3.3: space-delimited, order does not matter). */
const scopes = (s) => [...new Set(String(s ?? '').split(' ').filter(Boolean))].sort();

/** The app's redirect URI: a page on 127.0.0.1 that records the addresses the browser is sent back to. */
async function serveCallback() {
  const hits = [];
  const server = createServer((req, res) => {
    const u = new URL(req.url, `http://${req.headers.host}`);
    if (u.pathname === '/cb') {
      hits.push(u.href);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Knee app</title></head><body><main><h1>Back at the app</h1></main></body></html>');
    }
    res.writeHead(u.pathname === '/favicon.ico' ? 204 : 404);
    return res.end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/cb`, hits, close: () => server.close() };
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

/** What an openid-client call was refused with: { status, error } of a token-endpoint error answer. */
async function refusal(promise) {
  try {
    const r = await promise;
    return { status: 200, error: null, answer: r };
  } catch (e) {
    if (e instanceof oidc.ResponseBodyError) return { status: e.status, error: e.error, description: e.error_description };
    throw e;
  }
}

test('OpenID Connect with openid-client: discovery, code flow, id_token, refresh narrowing and rotation', { timeout: 300000 }, async (t) => {
  const clinic = new Clinic('oidc');
  t.after(() => clinic.stop());
  await clinic.createClinic('Hillside Clinic');
  await clinic.createUser('admin', 'admin@example.org', 'admin-password-1', { name: 'Alex Admin', mfa: false });
  await clinic.createUser('physiotherapist', 'sam@example.org', 'physio-password-1', { name: 'Sam Rivera', mfa: false });
  const url = await clinic.start({ extraArgs: ['--secure-cookies', 'false'] });
  const iss = `${url}/fhir`;
  const cb = await serveCallback();
  t.after(() => cb.close());

  // A patient with one measurement and a login.
  const physio = await apiSession(url, 'sam@example.org', 'physio-password-1');
  const p = await physio.call('POST', '/api/patients', { given_name: 'Ana', family_name: 'Silva', birth_date: '1960-05-01', not_a_duplicate: true });
  assert.equal(p.status, 201, JSON.stringify(p.body));
  const patientId = p.body.id;
  const made = await fetch(`${iss}/Observation`, {
    method: 'POST',
    headers: { Cookie: physio.cookie, 'X-CSRF-Token': physio.csrf, 'Content-Type': 'application/fhir+json' },
    body: JSON.stringify(observation(patientId, 12.5)),
  });
  assert.equal(made.status, 201);
  await clinic.createUser('patient', 'ana@example.org', 'patient-password-1', { patient: patientId, mfa: false });
  const ana = await apiSession(url, 'ana@example.org', 'patient-password-1');
  const anaUserId = ana.user.id;
  assert.ok(anaUserId, 'the patient user has an id');

  // The app: confidential asymmetric (private_key_jwt with an RS384 key), registered through the API.
  const { publicKey, privateKey } = await generateKeyPair('RS384', { extractable: true });
  const kid = 'knee-app-1';
  const admin = await apiSession(url, 'admin@example.org', 'admin-password-1');
  const reg = await admin.call('POST', '/api/smart/apps', {
    name: 'Knee app',
    kind: 'confidential-asymmetric',
    redirect_uris: [cb.url],
    scopes: `${FULL} online_access`,
    jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS384', use: 'sig' }] },
  });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  const clientId = reg.body.client_id;

  // Every answer openid-client receives, to check the token endpoint's caching headers (RFC 6749 5.1).
  const answers = [];
  const recordingFetch = async (u, options) => {
    const r = await fetch(u, options);
    answers.push({ url: String(u), status: r.status, cacheControl: r.headers.get('cache-control') });
    return r;
  };
  // openid-client's default client assertion names the issuer as `aud` (as draft-ietf-oauth-rfc7523bis
  // wants); SMART App Launch 2.x (client-confidential-asymmetric) and this server require the token
  // endpoint URL, which RFC 7523 section 3 and OpenID Connect Core section 9 allow, so the app sets it.
  let tokenEndpoint = null;
  const clientAuth = oidc.PrivateKeyJwt(
    { key: privateKey, kid },
    { [oidc.modifyAssertion]: (_header, payload) => { payload.aud = tokenEndpoint; } },
  );
  // The server is on http://127.0.0.1 in this test: openid-client refuses plain http unless
  // allowInsecureRequests is passed (a real deployment is https behind `public-url`).
  const options = { execute: [oidc.allowInsecureRequests], [oidc.customFetch]: recordingFetch };

  // ---- Discovery -----------------------------------------------------------------------------------------
  // openid-client resolves <issuer>/.well-known/openid-configuration and checks that `issuer` is the URL it
  // was given, exactly (OpenID Connect Discovery 1.0 sections 4 and 4.3).
  const config = await oidc.discovery(new URL(iss), clientId, undefined, clientAuth, options);
  // Verify the id_token's JWS signature with the key from the discovered jwks_uri (openid-client skips the
  // signature of an id_token received from the token endpoint over TLS unless asked; OIDC Core 3.1.3.7).
  oidc.enableNonRepudiationChecks(config);
  const meta = config.serverMetadata();
  tokenEndpoint = meta.token_endpoint;
  await t.test('discovery at the issuer and at the origin', async () => {
    assert.equal(meta.issuer, iss);
    assert.equal(meta.token_endpoint, `${url}/oauth/token`);
    assert.equal(meta.authorization_endpoint, `${url}/oauth/authorize`);
    assert.ok(meta.jwks_uri, 'jwks_uri is listed (OIDC Discovery 3: REQUIRED)');
    assert.ok(meta.supportsPKCE('S256'), 'S256 PKCE is listed');
    assert.ok(meta.response_types_supported.includes('code'));
    assert.ok(meta.subject_types_supported.includes('public'));
    assert.ok(meta.id_token_signing_alg_values_supported.includes('RS256'), 'RS256 (OIDC Discovery 3: MUST include)');
    assert.ok(meta.token_endpoint_auth_methods_supported.includes('private_key_jwt'));
    assert.ok(meta.grant_types_supported.includes('refresh_token'));
    assert.ok(meta.scopes_supported.includes('openid'), 'scopes_supported includes openid (OIDC Discovery 3: MUST)');
    // The same document at the origin's /.well-known/openid-configuration (a full well-known URL: openid-client
    // reads it as given).
    const atOrigin = await oidc.discovery(new URL(`${url}/.well-known/openid-configuration`), clientId, undefined, clientAuth, options);
    const plain = (m) => JSON.parse(JSON.stringify(m));
    assert.deepEqual(plain(atOrigin.serverMetadata()), plain(meta));
  });

  // ---- Authorization code with PKCE, in the browser ---------------------------------------------------------
  const { page, problems, shot } = await browserSession(t, 'oidc', { width: 1024, height: 800 });
  const authorize = async (scope, { login }) => {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const target = oidc.buildAuthorizationUrl(config, {
      redirect_uri: cb.url,
      scope,
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      aud: iss, // SMART App Launch: the FHIR base the token is for
    });
    await page.goto(target.href);
    if (login) {
      await page.getByLabel('E-mail address').waitFor();
      await loginInBrowser(page, { email: 'ana@example.org', password: 'patient-password-1' });
    }
    await page.getByRole('heading', { name: 'Allow Knee app to connect?' }).waitFor();
    await shot(`consent-${login ? 'first' : 'second'}`);
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${cb.url}**`);
    await page.getByRole('heading', { name: 'Back at the app' }).waitFor();
    const back = new URL(page.url());
    assert.equal(cb.hits[cb.hits.length - 1], back.href);
    return { back, verifier, state, nonce };
  };

  const first = await authorize(FULL, { login: true });
  // openid-client checks state, exchanges the code with the PKCE verifier and validates the id_token: its
  // signature (jwks_uri), iss, aud (the client id), exp, iat and the nonce (OIDC Core 3.1.3.7).
  const tokens = await oidc.authorizationCodeGrant(config, first.back, {
    pkceCodeVerifier: first.verifier,
    expectedState: first.state,
    expectedNonce: first.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  const R0 = tokens.refresh_token;
  await t.test('code grant: the scope granted and a valid id_token', async () => {
    assert.deepEqual(scopes(tokens.scope), scopes(FULL));
    assert.equal(tokens.token_type, 'bearer');
    assert.ok(tokens.expiresIn() > 0);
    assert.equal(tokens.patient, patientId);
    assert.ok(R0, 'offline_access gives a refresh token');
    assert.equal(claims.iss, iss);
    assert.equal(claims.aud, clientId);
    assert.equal(claims.nonce, first.nonce);
    assert.equal(claims.sub, anaUserId);
    assert.equal(claims.fhirUser, `${iss}/Patient/${patientId}`);
    // The signature again, independently of openid-client: jose with the key set at the discovered jwks_uri.
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token, createRemoteJWKSet(new URL(meta.jwks_uri)), { issuer: iss, audience: clientId });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(payload.nonce, first.nonce);
    // A forged token (one byte of the payload changed) fails that verification.
    const [h, b, s] = tokens.id_token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...payload, sub: 'someone-else' })).toString('base64url');
    assert.notEqual(forged, b);
    await assert.rejects(jwtVerify(`${h}.${forged}.${s}`, createRemoteJWKSet(new URL(meta.jwks_uri))));
  });

  /** The status of a FHIR request with `token` (openid-client turns a WWW-Authenticate challenge into an error). */
  const fhirGet = async (token, path) => {
    try {
      const r = await oidc.fetchProtectedResource(config, token, new URL(`${iss}/${path}`), 'GET');
      return { status: r.status, body: await r.json().catch(() => null), challenge: r.headers.get('www-authenticate') };
    } catch (e) {
      if (e instanceof oidc.WWWAuthenticateChallengeError) return { status: e.status, challenge: e.cause };
      throw e;
    }
  };
  await t.test('the first access token reads the Observations and the Patient', async () => {
    const obs = await fhirGet(tokens.access_token, `Observation?patient=${patientId}`);
    assert.equal(obs.status, 200);
    assert.equal(obs.body.entry.length, 1);
    assert.equal((await fhirGet(tokens.access_token, `Patient/${patientId}`)).status, 200);
  });

  await t.test('userinfo', { skip: meta.userinfo_endpoint ? false : 'discovery lists no userinfo_endpoint (optional: OIDC Discovery 3 RECOMMENDED, OIDC Core 15.2 for dynamic OPs only); the id_token carries fhirUser' }, async () => {
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.equal(info.sub, claims.sub);
  });

  // ---- Refresh: narrower scope, rotation, reuse detection (RFC 6749 section 6, docs/server/smart.md) --------
  const r1 = await oidc.refreshTokenGrant(config, R0, { scope: NARROW });
  const R1 = r1.refresh_token;
  await t.test('a narrower refresh is granted exactly as asked, with a new refresh token', async () => {
    assert.deepEqual(scopes(r1.scope), scopes(NARROW));
    assert.ok(R1, 'a refresh token is issued');
    assert.notEqual(R1, R0, 'the refresh token rotated');
    // openid was asked, so an id_token came and openid-client validated it; OIDC Core 12.2: same iss, sub and
    // aud as the first one.
    const c1 = r1.claims();
    assert.ok(c1, 'an id_token with openid in the scope');
    assert.equal(c1.iss, claims.iss);
    assert.equal(c1.sub, claims.sub);
    assert.equal(c1.aud, claims.aud);
  });
  await t.test('the narrower access token reads Observations and no longer the Patient', async () => {
    const obs = await fhirGet(r1.access_token, `Observation?patient=${patientId}`);
    assert.equal(obs.status, 200);
    assert.equal(obs.body.entry.length, 1);
    assert.equal((await fhirGet(r1.access_token, `Patient/${patientId}`)).status, 403);
  });
  await t.test('RFC 6750 3.1: the 403 for a missing scope says insufficient_scope in WWW-Authenticate', {
    // RFC 6750 section 3: when the access token "does not enable access to the protected resource, the
    // resource server MUST include the HTTP WWW-Authenticate response header field"; section 3.1:
    // error="insufficient_scope" (403).
  }, async () => {
    const r = await fhirGet(r1.access_token, `Patient/${patientId}`);
    assert.equal(r.status, 403);
    const challenge = Array.isArray(r.challenge) ? r.challenge : [];
    assert.ok(challenge.some((c) => c.scheme === 'bearer' && c.parameters.error === 'insufficient_scope'), `WWW-Authenticate: ${JSON.stringify(r.challenge)}`);
  });
  await t.test('a wider scope than granted is refused invalid_scope and leaves the refresh token usable', async () => {
    const wider = await refusal(oidc.refreshTokenGrant(config, R1, { scope: 'patient/Condition.rs' }));
    assert.equal(wider.status, 400);
    assert.equal(wider.error, 'invalid_scope');
    const active = await oidc.tokenIntrospection(config, R1);
    assert.equal(active.active, true);
  });

  const r2 = await oidc.refreshTokenGrant(config, R1, { scope: WITHOUT_OFFLINE });
  const R2 = r2.refresh_token;
  await t.test('offline_access left out of the asked scope still leaves a working refresh token', async () => {
    assert.deepEqual(scopes(r2.scope), scopes(WITHOUT_OFFLINE));
    assert.ok(R2, 'a refresh token is issued');
    assert.notEqual(R2, R1);
    // Introspection (RFC 7662) with the app's own assertion: the new refresh token keeps the grant's scope,
    // offline_access with it; the one presented is spent.
    const i2 = await oidc.tokenIntrospection(config, R2);
    assert.equal(i2.active, true);
    assert.deepEqual(scopes(i2.scope), scopes(FULL));
    assert.equal((await oidc.tokenIntrospection(config, R1)).active, false);
    const obs = await fhirGet(r2.access_token, `Observation?patient=${patientId}`);
    assert.equal(obs.status, 200);
  });
  const r3 = await oidc.refreshTokenGrant(config, R2);
  await t.test('the rotated refresh token refreshes again, the whole grant with offline_access', async () => {
    assert.deepEqual(scopes(r3.scope), scopes(FULL));
    assert.ok(r3.refresh_token);
    assert.notEqual(r3.refresh_token, R2);
    assert.equal((await fhirGet(r3.access_token, `Patient/${patientId}`)).status, 200);
  });
  await t.test('a spent refresh token used again is refused invalid_grant and revokes the grant', async () => {
    const again = await refusal(oidc.refreshTokenGrant(config, R1));
    assert.equal(again.status, 400);
    assert.equal(again.error, 'invalid_grant');
    // Every token of the grant is gone: the newest refresh token and the newest access token.
    const newest = await refusal(oidc.refreshTokenGrant(config, r3.refresh_token));
    assert.equal(newest.status, 400);
    assert.equal(newest.error, 'invalid_grant');
    assert.equal((await oidc.tokenIntrospection(config, r3.access_token)).active, false);
    const read = await fhirGet(r3.access_token, `Observation?patient=${patientId}`);
    assert.equal(read.status, 401);
    assert.ok(read.challenge.some((c) => c.scheme === 'bearer' && c.parameters.error === 'invalid_token'), JSON.stringify(read.challenge));
  });

  // ---- A client assertion signed with a key the app did not register (same kid) ---------------------------
  const { privateKey: wrongKey } = await generateKeyPair('RS384');
  const impostor = new oidc.Configuration(meta, clientId, undefined, oidc.PrivateKeyJwt(
    { key: wrongKey, kid },
    { [oidc.modifyAssertion]: (_header, payload) => { payload.aud = tokenEndpoint; } },
  ));
  oidc.allowInsecureRequests(impostor);
  let impostorError = null;
  try {
    await oidc.refreshTokenGrant(impostor, R0);
  } catch (e) {
    impostorError = e;
  }
  await t.test('an assertion signed with another key is refused 401 invalid_client (RFC 6749 5.2)', async () => {
    assert.ok(impostorError, 'the refresh was refused');
    assert.equal(impostorError.status, 401);
    const body = impostorError instanceof oidc.ResponseBodyError ? impostorError.cause : await impostorError.response.json();
    assert.equal(body.error, 'invalid_client');
  });
  await t.test('the invalid_client answer reaches openid-client as an RFC 6749 5.2 error body', {
    // A Bearer challenge (RFC 6750, the resource server's scheme) on the token endpoint's 401 would make
    // openid-client report a WWWAuthenticateChallengeError instead of the invalid_client error body; the
    // client authenticates with an assertion in the body, not an HTTP scheme, so no challenge is sent.
  }, async () => {
    assert.ok(impostorError instanceof oidc.ResponseBodyError,
      `openid-client saw ${impostorError?.name}; WWW-Authenticate: ${impostorError?.response?.headers.get('www-authenticate')}`);
  });

  // ---- online_access: the refresh token lives with the session of the user who allowed it -----------------
  const second = await authorize(ONLINE, { login: false });
  const online = await oidc.authorizationCodeGrant(config, second.back, {
    pkceCodeVerifier: second.verifier,
    expectedState: second.state,
    expectedNonce: second.nonce,
    idTokenExpected: true,
  });
  await t.test('online_access: refreshes while the session lives, refused after sign-out', async () => {
    assert.deepEqual(scopes(online.scope), scopes(ONLINE));
    assert.equal(online.claims().nonce, second.nonce);
    assert.ok(online.refresh_token, 'online_access gives a refresh token');
    const o1 = await oidc.refreshTokenGrant(config, online.refresh_token);
    assert.deepEqual(scopes(o1.scope), scopes(ONLINE));
    assert.equal((await fhirGet(o1.access_token, `Observation?patient=${patientId}`)).status, 200);
    // The user signs out in the browser: every token of the grant is revoked at once.
    await page.goto(`${url}/`);
    await logOut(page);
    const after = await refusal(oidc.refreshTokenGrant(config, o1.refresh_token));
    assert.equal(after.status, 400);
    assert.equal(after.error, 'invalid_grant');
    assert.equal((await fhirGet(o1.access_token, `Observation?patient=${patientId}`)).status, 401);
  });

  await t.test('every token answer is Cache-Control: no-store (RFC 6749 5.1)', async () => {
    const fromToken = answers.filter((a) => a.url === tokenEndpoint);
    assert.ok(fromToken.length >= 8, `token endpoint answers seen: ${fromToken.length}`);
    const cached = fromToken.filter((a) => !/\bno-store\b/.test(a.cacheControl || ''));
    assert.deepEqual(cached, []);
  });

  assertNoPageProblems(assert, problems);
});
