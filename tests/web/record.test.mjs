// The caseload and the patient record: search with keyset paging ("Load more"), an episode of care and an
// appointment booked and marked arrived, all through the pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clinic, apiSession, assertNoPageProblems, browserSession } from './lib/harness.mjs';
import { openTab } from './lib/flows.mjs';

test('search and "Load more" in the patient list; an episode and an appointment on the record', { timeout: 180000 }, async (t) => {
  const clinic = new Clinic('patient-record');
  t.after(() => clinic.stop());
  await clinic.createClinic('Hillside Clinic');
  await clinic.createUser('physiotherapist', 'lee@example.org', 'setup-password-1', { name: 'Lee Chen', mfa: false });
  const url = await clinic.start();
  const api = await apiSession(url, 'lee@example.org', 'setup-password-1');
  // 25 patients: more than one page of the list (20).
  for (let i = 1; i <= 25; i++) {
    const r = await api.call('POST', '/api/patients', {
      given_name: `Given${String(i).padStart(2, '0')}`,
      family_name: i === 7 ? 'Okonkwo' : `Family${String(i).padStart(2, '0')}`,
      birth_date: `19${50 + i}-0${1 + (i % 9)}-1${i % 10}`,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }

  const { page, problems, shot, checkA11y, a11y } = await browserSession(t, 'patient-record');
  await page.goto(`${url}/`);
  await page.getByLabel('E-mail address').fill('lee@example.org');
  await page.getByLabel('Password').fill('setup-password-1');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Caseload', level: 1 }).waitFor(); // a physiotherapist's day
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();
  await page.getByRole('heading', { name: 'Patients', level: 1 }).waitFor();
  const rows = page.locator('a.patient-link');
  await page.waitForFunction(() => document.querySelectorAll('a.patient-link').length === 20);
  await shot('first-page');
  await page.getByRole('button', { name: 'Load more patients' }).click();
  await page.waitForFunction(() => document.querySelectorAll('a.patient-link').length === 25);
  assert.equal(await page.getByRole('button', { name: 'Load more patients' }).count(), 0, 'no more to load');
  const names = await rows.allInnerTexts();
  assert.equal(new Set(names).size, 25, 'each patient once');
  await shot('all-loaded');
  await checkA11y('patient list');

  // The search waits for typing to pause, then asks the server.
  await page.getByLabel('Search by name or MRN').fill('okonk');
  await page.waitForFunction(() => document.querySelectorAll('a.patient-link').length === 1);
  assert.match(await rows.first().innerText(), /Okonkwo, Given07/);
  await shot('search');
  await rows.first().click();
  await page.getByRole('heading', { name: 'Given07 Okonkwo', level: 1 }).waitFor();

  // An episode of care.
  await page.getByText('Add an episode of care').click();
  await page.getByLabel('Condition').fill('Knee osteoarthritis, right');
  await page.getByLabel('ICD-10 code').fill('M17.11');
  await page.getByLabel('Side').selectOption('right');
  await page.getByLabel('Onset date').fill('2025-09-01');
  await page.getByRole('button', { name: 'Add episode' }).click();
  await page.getByText('The episode was added.').waitFor();
  await page.locator('section[aria-labelledby="episodes-h"] li').filter({ hasText: 'Knee osteoarthritis' }).waitFor();

  // An appointment, then marked arrived (the record's Appointments tab).
  await openTab(page, 'Appointments');
  await page.getByText('Book an appointment').click();
  // Within the hour: a patient is marked arrived only from 2 hours before the start.
  const soon = new Date(Date.now() + 10 * 60000);
  soon.setHours(soon.getHours() + 1, 0, 0, 0);
  const p2 = (n) => String(n).padStart(2, '0');
  await page.getByLabel('Date and time').fill(`${soon.getFullYear()}-${p2(soon.getMonth() + 1)}-${p2(soon.getDate())}T${p2(soon.getHours())}:00`);
  await page.getByLabel('Length (minutes)').fill('45');
  await page.getByLabel('Reason').fill('Review of home exercises');
  await page.getByRole('button', { name: 'Book appointment' }).click();
  await page.getByText('The appointment was booked.').waitFor();
  const appt = page.locator('li.appointment').filter({ hasText: 'Review of home exercises' });
  await appt.waitFor();
  assert.match(await appt.innerText(), /45 min/);
  await appt.getByRole('combobox').selectOption('arrived');
  await appt.getByRole('button', { name: /Save/ }).click();
  await page.getByText(/is now: Arrived/).waitFor();
  await page.locator('li.appointment').filter({ hasText: 'Arrived' }).waitFor();
  await shot('record-with-episode-and-appointment');
  await checkA11y('record with an episode and an appointment');

  const list = await api.call('GET', `/api${new URL(page.url()).pathname}/appointments`);
  assert.equal(list.status, 200);
  assert.equal(list.body[0].status, 'arrived');
  assertNoPageProblems(assert, problems, a11y);
});
