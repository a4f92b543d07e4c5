// Access and login errors: a patient sees only their own record, a wrong password is said in words,
// and the whole login works from the keyboard alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clinic, apiSession, assertNoPageProblems, browserSession, totp } from './lib/harness.mjs';

async function clinicWithPatients(name) {
  const clinic = new Clinic(name);
  await clinic.createClinic('Hillside Clinic');
  await clinic.createUser('physiotherapist', 'lee@example.org', 'setup-password-1', { name: 'Lee Chen', mfa: false });
  const url = await clinic.start();
  const staff = await apiSession(url, 'lee@example.org', 'setup-password-1');
  const mk = async (given, family, birth) => {
    const r = await staff.call('POST', '/api/patients', { given_name: given, family_name: family, birth_date: birth });
    assert.equal(r.status, 201, `patient created: ${JSON.stringify(r.body)}`);
    return r.body.id;
  };
  const own = await mk('Ana', 'Patient', '1980-02-02');
  const other = await mk('Otto', 'Other', '1975-07-07');
  return { clinic, url, own, other };
}

test('a patient sees their own record and gets "not found" for another patient', { timeout: 180000 }, async (t) => {
  const { clinic, url, own, other } = await clinicWithPatients('patient-access');
  t.after(() => clinic.stop());
  await clinic.createUser('patient', 'ana@example.org', 'ana-password-123', { name: 'Ana Patient', patient: own, mfa: false });
  const { page, problems, shot, checkA11y, a11y } = await browserSession(t, 'patient-access', { width: 360, height: 740 });

  await page.goto(`${url}/`);
  await page.getByLabel('E-mail address').fill('ana@example.org');
  await page.getByLabel('Password').fill('ana-password-123');
  await page.getByRole('button', { name: 'Log in' }).click();
  // A patient lands on their day; their record is one link away.
  await page.getByRole('heading', { name: /^Today/, level: 1 }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/today');
  await shot('today-without-program');
  await page.getByRole('link', { name: 'My record', exact: true }).first().click();
  await page.getByRole('heading', { name: 'Ana Patient', level: 1 }).waitFor();
  assert.equal(new URL(page.url()).pathname, `/patients/${own}`);
  await shot('own-record');
  await checkA11y('own record at 360 px');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `no sideways scrolling at 360 px (page is ${wide} px wide)`);

  await page.goto(`${url}/patients/${encodeURIComponent(other)}`);
  await page.getByRole('heading', { name: 'Patient not found', level: 1 }).waitFor();
  assert.equal(await page.getByText('Otto').count(), 0, "nothing of the other patient's record is shown");
  await shot('other-record-not-found');
  await checkA11y('not found');

  // The same from the API: 404, not 403 (a record outside the caller's reach does not exist for them).
  const api = await apiSession(url, 'ana@example.org', 'ana-password-123');
  assert.equal((await api.call('GET', `/api/patients/${encodeURIComponent(other)}`)).status, 404);
  assert.equal((await api.call('GET', `/api/patients/${encodeURIComponent(own)}`)).status, 200);

  // The access log speaks in words: every audit event a route writes has its words in the page.
  const missing = await page.evaluate(async () => {
    const { auditWords } = await import('/static/lib/audit-words.js');
    const spec = await (await fetch('/api/openapi.json')).json();
    const events = new Set();
    for (const ops of Object.values(spec.paths)) for (const op of Object.values(ops)) if (op['x-physio-audit-event']) events.add(op['x-physio-audit-event']);
    return { n: events.size, missing: [...events].filter((e) => auditWords(e) === e) };
  });
  assert.ok(missing.n > 40, `the API names its audit events (${missing.n})`);
  assert.deepEqual(missing.missing, [], 'audit events without words in web/static/lib/audit-words.js');
  assertNoPageProblems(assert, problems, a11y);
});

test('a wrong password is said in words and the password field gets focus', { timeout: 120000 }, async (t) => {
  const clinic = new Clinic('wrong-password');
  t.after(() => clinic.stop());
  await clinic.createClinic('Hillside Clinic');
  await clinic.createUser('physiotherapist', 'lee@example.org', 'the-right-password', { name: 'Lee Chen' });
  const url = await clinic.start();
  const { page, problems, shot, checkA11y, a11y } = await browserSession(t, 'wrong-password');

  await page.goto(`${url}/patients`);
  await page.getByRole('heading', { name: 'Log in to physiokit' }).waitFor();
  assert.match(page.url(), /\/login\?next=%2Fpatients$/, 'the login page remembers where the person was going');
  await page.getByLabel('E-mail address').fill('lee@example.org');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /e-mail address or the password is wrong/);
  // Focus moves to the password on the next frame (requestAnimationFrame).
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'login-password', null, { timeout: 5000 });
  assert.equal(await page.getByLabel('Password').inputValue(), '', 'the wrong password is cleared');
  await shot('wrong-password');
  await checkA11y('wrong password');

  // An empty form is refused in the page, with each error next to its field.
  await page.getByLabel('E-mail address').fill('');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('#login-email-error').waitFor();
  assert.match(await page.locator('#login-email-error').innerText(), /Enter your e-mail address/);
  assert.match(await page.locator('#login-password-error').innerText(), /Enter your password/);
  await shot('empty-form');
  assertNoPageProblems(assert, problems, a11y);
});

test('login works with the keyboard alone, with visible focus', { timeout: 180000 }, async (t) => {
  const clinic = new Clinic('keyboard-login');
  t.after(() => clinic.stop());
  await clinic.createClinic('Hillside Clinic');
  await clinic.createUser('physiotherapist', 'kim@example.org', 'keyboard-only-pw', { name: 'Kim Keys' });
  const url = await clinic.start();
  const { page, problems, shot, checkA11y, a11y } = await browserSession(t, 'keyboard-login');
  const active = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      const cs = el ? getComputedStyle(el) : null;
      return el ? { tag: el.tagName, id: el.id, text: (el.textContent || '').trim(), outline: cs.outlineStyle, outlineWidth: cs.outlineWidth } : null;
    });

  await page.goto(`${url}/`);
  await page.getByRole('heading', { name: 'Log in to physiokit' }).waitFor();
  // The first Tab reaches the skip link, then the fields in reading order.
  await page.keyboard.press('Tab');
  let a = await active();
  assert.equal(a.text, 'Skip to main content');
  await shot('skip-link');
  for (let i = 0; i < 5 && (await active()).id !== 'login-email'; i++) await page.keyboard.press('Tab');
  a = await active();
  assert.equal(a.id, 'login-email', 'Tab reaches the e-mail field');
  assert.notEqual(a.outline, 'none', 'the focused field shows its focus');
  await page.keyboard.type('kim@example.org');
  await page.keyboard.press('Tab');
  assert.equal((await active()).id, 'login-password');
  await page.keyboard.type('keyboard-only-pw');
  await shot('typed');
  await page.keyboard.press('Enter');

  // First login: enrolment. Focus goes to the code field by itself.
  await page.locator('#totp-secret').waitFor();
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'login-code');
  const secret = await page.locator('#totp-secret').getAttribute('data-secret');
  const grouped = (await page.locator('#totp-secret').innerText()).replace(/\s+/g, '');
  assert.equal(grouped, secret, 'the grouped key is the secret');
  const uri = await page.locator('#totp-uri').textContent();
  assert.match(uri, /^otpauth:\/\/totp\//);
  assert.equal(new URL(uri).searchParams.get('secret'), secret);
  await page.keyboard.type(totp(secret));
  await shot('code-typed');
  await page.keyboard.press('Enter');
  // Then the recovery codes, shown once: the keyboard reaches "continue".
  await page.getByRole('heading', { name: 'Save your recovery codes', level: 1 }).waitFor();
  for (let i = 0; i < 5 && (await active()).text !== 'I have saved them, continue'; i++) await page.keyboard.press('Tab');
  assert.equal((await active()).text, 'I have saved them, continue', 'Tab reaches "continue"');
  await page.keyboard.press('Enter');
  // A physiotherapist lands on their day (the caseload); the patient list is one link back in the menu.
  await page.getByRole('heading', { name: 'Caseload', level: 1 }).waitFor();
  await page.waitForFunction(() => document.activeElement && document.activeElement.tagName === 'H1');
  await shot('logged-in');
  for (let i = 0; i < 10 && (await active()).text !== 'Patients'; i++) await page.keyboard.press('Shift+Tab');
  assert.equal((await active()).text, 'Patients');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Patients', level: 1 }).waitFor();
  await page.waitForFunction(() => document.activeElement && document.activeElement.tagName === 'H1');

  // Onwards by keyboard: Tab from the heading reaches "New patient", Enter opens the form.
  for (let i = 0; i < 6 && (await active()).text !== 'New patient'; i++) await page.keyboard.press('Tab');
  assert.equal((await active()).text, 'New patient');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'New patient', level: 1 }).waitFor();
  await shot('new-patient-by-keyboard');
  assertNoPageProblems(assert, problems, a11y);
});
