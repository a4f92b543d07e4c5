// Remote therapeutic monitoring on the patient's page: with consent, the physiotherapist sets monitoring
// up, sees the first 30-day period count a day of data (a questionnaire answered), records 12 minutes
// with a phone call (the rules then suggest 98979 for the month), and starts a timer; without consent the
// page says that nothing counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clinic, apiSession, assertNoPageProblems, browserSession } from './lib/harness.mjs';
import { loginInBrowser } from './lib/flows.mjs';

function localInput(d) {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

test('remote monitoring: set-up, data days, management time and the suggested codes', { timeout: 180000 }, async (t) => {
  const clinic = new Clinic('rtm');
  t.after(() => clinic.stop());
  await clinic.createClinic('Harbour Physio');
  await clinic.createUser('physiotherapist', 'lee@example.org', 'setup-password-1', { name: 'Lee Chen', mfa: false });
  const url = await clinic.start();
  const staff = await apiSession(url, 'lee@example.org', 'setup-password-1');
  let r = await staff.call('POST', '/api/patients', { given_name: 'Mia', family_name: 'Park', birth_date: '1970-02-11', time_zone: 'UTC' });
  assert.equal(r.status, 201);
  const pid = r.body.id;

  const { page, problems, shot, checkA11y, a11y } = await browserSession(t, 'rtm', { width: 1024, height: 900 });
  await page.goto(`${url}/`);
  await loginInBrowser(page, { email: 'lee@example.org', password: 'setup-password-1' });
  await page.goto(`${url}/patients/${pid}#administration`);
  const panel = page.getByRole('region', { name: 'Remote monitoring (RTM)' });
  await panel.getByTestId('rtm-consent').filter({ hasText: 'No active consent to remote monitoring' }).waitFor();

  r = await staff.call('POST', `/api/patients/${pid}/consents`, { kind: 'remote_monitoring', status: 'given', method: 'in_person_signed', text_version: '2026-01' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  await page.reload();
  await panel.getByTestId('rtm-consent').filter({ hasText: 'Consent to remote monitoring: given.' }).waitFor();
  await panel.getByRole('button', { name: /^Set up/ }).click();
  await panel.getByText('Remote monitoring is set up; the first 30-day period starts today.').waitFor();
  await panel.getByTestId('rtm-data-days').filter({ hasText: '0 of 16 needed for 98977' }).waitFor();

  // A day of data: a questionnaire answered today.
  r = await staff.call('POST', `/api/patients/${pid}/questionnaire-responses`, { instrument: 'nprs', answers: [3] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  await page.reload();
  await panel.getByTestId('rtm-data-days').filter({ hasText: '1 of 16 needed for 98977' }).waitFor();

  // 12 minutes with a phone call: 98979 suggested (10-19 minutes with an interactive communication).
  await panel.getByText('Record time by hand').click();
  const form = panel.getByRole('form', { name: 'Record management time' });
  await form.getByRole('button', { name: 'Record the time' }).click();
  await form.getByText('When did the time begin?').waitFor();
  // The field takes whole minutes, and time before the consent does not count: the next minute.
  await form.getByLabel('Began').fill(localInput(new Date(Math.ceil((Date.now() + 1000) / 60000) * 60000)));
  await form.getByLabel('Minutes').fill('12');
  await form.getByLabel('An interactive communication with the patient (real time)').check();
  await form.getByLabel('How').selectOption('phone');
  await form.getByRole('button', { name: 'Record the time' }).click();
  await panel.getByText('12 minutes recorded.').waitFor();
  await panel.getByTestId('rtm-minutes').filter({ hasText: /12 minutes, 1 interactive communication.*98979/ }).waitFor();
  await panel.getByRole('button', { name: 'Start a timer' }).click();
  await panel.getByText(/Your timer runs since/).waitFor();
  await shot('rtm');
  await checkA11y('remote monitoring panel');

  const month = await staff.call('GET', `/api/patients/${pid}/rtm`);
  assert.equal(month.body.management.minutes, 12);
  assert.deepEqual(month.body.management.codes.map((c) => c.code), ['98979']);
  assertNoPageProblems(assert, problems, a11y);
});
