// The front desk's administration and the physiotherapist's alerts in the browser: registering a person the
// record already holds is caught (the candidate shown with the reason) and done only on "someone else";
// the details change (e-mail, phone, preferred contact, the e-mail agreement); consents are recorded given
// and withdrawn with how and which text, every row kept in the register; the physiotherapist acknowledges
// a pain alert on the caseload with a reason and it folds away with who and why. 1280 and 360 px, axe clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clinic, apiSession, assertNoPageProblems, browserSession, watchPhoneLength } from './lib/harness.mjs';
import { loginInBrowser, openTab } from './lib/flows.mjs';

test('front desk: duplicates, details, consents; caseload alert acknowledged', { timeout: 300000 }, async (t) => {
  const clinic = new Clinic('front-desk');
  t.after(() => clinic.stop());
  await clinic.createClinic('Riverside Clinic');
  await clinic.createUser('physiotherapist', 'lee@example.org', 'setup-password-1', { name: 'Lee Chen', mfa: false });
  await clinic.createUser('front_desk', 'desk@example.org', 'desk-password-12', { name: 'Dee Desk', mfa: false });
  const url = await clinic.start();
  const staff = await apiSession(url, 'lee@example.org', 'setup-password-1');
  let r = await staff.call('POST', '/api/patients', { given_name: 'Ana', family_name: 'Silva', birth_date: '1958-03-09' });
  assert.equal(r.status, 201);
  const pid = r.body.id;

  // The front desk registers "Anna Silva, 1958-03-09": the record already has Ana Silva.
  const d = watchPhoneLength(await browserSession(t, 'front-desk', { width: 1280, height: 900 }));
  await d.page.goto(`${url}/`);
  await loginInBrowser(d.page, { email: 'desk@example.org', password: 'desk-password-12' });
  await d.page.goto(`${url}/patients/new`);
  await d.page.getByLabel('Given name').fill('Anna');
  await d.page.getByLabel('Family name').fill('Silva');
  await d.page.getByLabel('Birth date').fill('1958-03-09');
  await d.page.getByRole('button', { name: 'Save patient' }).click();
  const dup = d.page.getByTestId('possible-duplicates');
  await dup.getByText('This person may already have a record').waitFor();
  await dup.getByText('similar name and same birth date').waitFor();
  await dup.getByRole('link', { name: 'Ana Silva' }).waitFor();
  await d.shot('duplicate-warning');
  await d.checkA11y('duplicate warning');
  let list = await staff.call('GET', '/api/patients?q=silva');
  assert.equal(list.body.items.length, 1, 'nothing was stored by the warning');
  // It is the same person: open the record instead.
  await dup.getByRole('link', { name: 'Ana Silva' }).click();
  await d.page.getByRole('heading', { name: 'Ana Silva', level: 1 }).waitFor();
  // The record opens on its overview; details and consents are under "Administration" (its own address).
  await d.page.getByRole('tab', { name: 'Overview', selected: true }).waitFor();
  await openTab(d.page, 'Administration');
  assert.match(d.page.url(), /#administration$/);

  // Details: e-mail, phone, reached by e-mail, agreed to e-mails.
  const details = d.page.getByRole('region', { name: 'Details' });
  await details.getByRole('button', { name: 'Edit details' }).click();
  const form = details.getByRole('form', { name: "Edit the patient's details" });
  await form.getByRole('textbox', { name: 'E-mail (optional)' }).fill('ana.silva@example.org');
  await form.getByRole('textbox', { name: 'Phone (optional)' }).fill('+351 912 345 678');
  await form.getByLabel('Prefers to be reached').selectOption('email');
  await form.getByLabel(/agrees to e-mails from the clinic/).check();
  await d.shot('details-edit');
  await form.getByRole('button', { name: 'Save details' }).click();
  await details.getByText('The details were saved.').waitFor();
  await details.getByText('ana.silva@example.org').waitFor();
  await details.getByText('By e-mail').waitFor();
  await details.getByText('Agreed').waitFor();
  const p = await staff.call('GET', `/api/patients/${pid}`);
  assert.equal(p.body.email_ok, true);
  assert.equal(p.body.preferred_contact, 'email');

  // Consents: remote monitoring given on a signed form (text 2026-01), then withdrawn by phone.
  const consents = d.page.getByRole('region', { name: 'Consents' });
  await consents.getByTestId('consent-remote_monitoring').getByText('Not asked').waitFor();
  for (const [status, method] of [['given', 'in_person_signed'], ['withdrawn', 'phone']]) {
    await consents.getByRole('button', { name: 'Record a consent' }).click();
    const cf = consents.getByRole('form', { name: 'Record a consent' });
    await cf.getByRole('button', { name: 'Record consent' }).click();
    await cf.getByText('Choose the consent.').waitFor();
    await cf.getByLabel('Consent', { exact: true }).selectOption('remote_monitoring');
    await cf.getByLabel('Decision').selectOption(status);
    await cf.getByLabel('How', { exact: true }).selectOption(method);
    if (status === 'given') await cf.getByLabel('Version of the text shown').fill('2026-01');
    await cf.getByRole('button', { name: 'Record consent' }).click();
    await consents.getByText(`Remote monitoring: ${status}, recorded.`).waitFor();
  }
  await consents.getByTestId('consent-remote_monitoring').getByText(/^Withdrawn .*by phone$/).waitFor();
  await consents.getByText('Register (2 entries)').click();
  await consents.getByText(/given, in person, signed, text version 2026-01; recorded by Dee Desk/).waitFor();
  await d.shot('consents');
  await d.checkA11y('details and consents');

  // On a phone the same page has no sideways scrolling.
  await d.page.setViewportSize({ width: 360, height: 740 });
  await d.page.reload();
  // The hash reopens the tab.
  await d.page.getByRole('region', { name: 'Consents' }).waitFor();
  const wide = await d.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `no sideways scrolling at 360 px (page is ${wide} px wide)`);
  await d.shot('patient-360');
  // Keyboard: the tabs follow the arrow keys (WAI-ARIA tabs), each tab's panel measured on the phone.
  await d.page.getByRole('tab', { name: 'Administration', selected: true }).focus();
  await d.page.keyboard.press('Home');
  await d.page.getByRole('tab', { name: 'Overview', selected: true }).waitFor();
  assert.equal(await d.page.evaluate(() => document.activeElement.textContent.trim()), 'Overview');
  for (const name of ['Sessions & measures', 'Appointments', 'Administration']) {
    await d.page.keyboard.press('ArrowRight');
    await d.page.getByRole('tab', { name, selected: true }).waitFor();
    await d.page.waitForLoadState('networkidle');
    await d.shot(`patient-360-${name.toLowerCase().replace(/[^a-z]+/g, '-')}`);
  }
  await d.checkA11y('patient tabs at 360 px');

  // The physiotherapist's caseload: a pain alert, acknowledged with what was done.
  r = await staff.call('POST', `/api/patients/${pid}/programs`, {
    title: 'Knee, weeks 1-4',
    prescriptions: [{ exercise_id: 'mini_squat', dosage: { sets: 1, reps: 10, times_per_day: 1, days_per_week: 7 } }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await staff.call('POST', `/api/patients/${pid}/exercise-logs`, { exercise_id: 'mini_squat', reps_per_set: [10], pain_during_nprs: 7 });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const c = await browserSession(t, 'caseload-ack', { width: 1280, height: 900 });
  await c.page.goto(`${url}/`);
  await loginInBrowser(c.page, { email: 'lee@example.org', password: 'setup-password-1' });
  await c.page.goto(`${url}/caseload`);
  // The clinic's figures beside the list.
  const figures = c.page.getByTestId('clinic-figures');
  await figures.getByText('Patients with an active program').waitFor();
  await figures.getByText(/Visits missed, last 90 days/).waitFor();
  const card = c.page.locator('li.card').filter({ hasText: 'Ana Silva' });
  const pain = card.locator('li.reason-pain_high');
  await pain.getByText(/Pain alert:/).waitFor();
  await pain.getByRole('button', { name: 'Acknowledge' }).click();
  const ack = pain.getByRole('form', { name: 'Acknowledge the alert' });
  await ack.getByRole('button', { name: 'Acknowledge' }).click();
  await ack.getByText('Say why: what was done, or why it can wait.').waitFor();
  await ack.getByLabel('What was done').fill('Called Ana: sore after the squats; halved the reps.');
  await ack.getByRole('button', { name: 'Acknowledge' }).click();
  // Her only alert held, she moves to "On track" with it folded beside her name.
  const onTrack = c.page.getByRole('region', { name: /^On track/ });
  const held = onTrack.getByRole('listitem').filter({ hasText: 'Ana Silva' });
  await held.getByText('1 alert acknowledged or snoozed').click();
  await held.getByText(/Acknowledged by Lee Chen .*: Called Ana: sore after the squats; halved the reps\./).waitFor();
  assert.equal(await c.page.locator('li.reason-pain_high').count(), 0, 'the alert left the open list');
  await c.shot('caseload-acknowledged');
  await c.checkA11y('caseload with an acknowledged alert');
  const log = await staff.call('GET', `/api/patients/${pid}/audit`);
  const actions = new Set(log.body.items.map((e) => e.action));
  for (const a of ['patient.update', 'consent.create', 'caseload_alert.create']) assert.ok(actions.has(a), `audit has ${a}`);
  d.assertShort(assert);
  assert.ok(d.pageLengths.size >= 4, `the phone's pages were measured (${d.pageLengths.size})`);
  assertNoPageProblems(assert, [...d.problems, ...c.problems], [...d.a11y, ...c.a11y]);
});
