// The clinic calendar through the pages (docs/server/scheduling.md): the front desk books by form for a named
// physiotherapist, an overlap and a past time are refused with the reason on the page (the clash's time and
// whom), a free time is booked, an appointment is moved and another cancelled with a reason; the patient
// cancels their own appointment on their record. Screenshots at 1280 and 360 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clinic, apiSession, assertNoPageProblems, browserSession } from './lib/harness.mjs';

/** A weekday at least a week ahead, as YYYY-MM-DD (UTC: the clinic's zone is UTC here). */
function comingWednesday() {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 7 + ((3 - d.getUTCDay() + 7) % 7));
  return d.toISOString().slice(0, 10);
}

test('the front desk books, is refused an overlap and a past time, moves and cancels; the patient cancels', { timeout: 240000 }, async (t) => {
  const clinic = new Clinic('calendar');
  t.after(() => clinic.stop());
  await clinic.createClinic('Riverside Physiotherapy');
  await clinic.createUser('front_desk', 'desk@example.org', 'setup-password-1', { name: 'Dana Desk', mfa: false });
  await clinic.createUser('physiotherapist', 'sam@example.org', 'setup-password-1', { name: 'Sam Rivera', mfa: false });
  const url = await clinic.start();
  const desk = await apiSession(url, 'desk@example.org', 'setup-password-1');
  const sam = await apiSession(url, 'sam@example.org', 'setup-password-1');
  const ann = await desk.call('POST', '/api/patients', { given_name: 'Ann', family_name: 'Alvarez', birth_date: '1961-04-02' });
  const ben = await desk.call('POST', '/api/patients', { given_name: 'Ben', family_name: 'Baptiste', birth_date: '1979-10-20' });
  assert.equal(ann.status, 201);
  await clinic.createUser('patient', 'ann@example.org', 'setup-password-1', { patient: ann.body.id, mfa: false });
  const samId = sam.user.id;
  assert.equal((await desk.call('PUT', `/api/staff/${samId}/working-hours`, {
    week: [0, 1, 2, 3, 4].flatMap((d) => [{ weekday: d, start: '09:00', end: '13:00' }, { weekday: d, start: '14:00', end: '18:00' }]),
  })).status, 200);
  assert.equal((await desk.call('PUT', '/api/appointment-types', {
    types: [{ code: 'initial', name: 'Initial assessment', duration_min: 60 }, { code: 'follow_up', name: 'Follow-up', duration_min: 30 }],
  })).status, 200);
  const day = comingWednesday();
  const first = await desk.call('POST', `/api/patients/${ben.body.id}/appointments`, { start: `${day}T10:00:00Z`, type: 'initial', practitioner_id: samId, room: 'Room 1' });
  assert.equal(first.status, 201, JSON.stringify(first.body));

  const { page, problems, shot, checkA11y, a11y } = await browserSession(t, 'calendar', { width: 1280, height: 900 });
  await page.goto(`${url}/`);
  await page.getByLabel('E-mail address').fill('desk@example.org');
  await page.getByLabel('Password').fill('setup-password-1');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('link', { name: 'Calendar' }).click();
  await page.getByRole('heading', { name: 'Calendar', level: 1 }).waitFor();
  await page.getByLabel('Date', { exact: true }).first().fill(day);
  await page.locator('.cal-block').filter({ hasText: 'Ben Baptiste' }).waitFor();
  await shot('week-whole-clinic');
  await checkA11y('the calendar, a week');

  // A booking on top of Ben's: refused, naming the time and Ben.
  await page.getByText('Book an appointment').click();
  await page.getByLabel('Patient').fill('Alv');
  await page.getByRole('button', { name: /Ann Alvarez/ }).click();
  await page.locator('#bk-clinician').selectOption({ label: 'Sam Rivera' });
  await page.getByLabel('Type').selectOption('follow_up');
  await page.locator('#bk-date').fill(day);
  await page.locator('#bk-time').fill('10:30');
  await page.getByRole('button', { name: 'Book', exact: true }).click();
  const refusal = page.locator('#bk-refusal');
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /Sam Rivera already has an appointment .* 10:00-11:00 with Ben Baptiste/);
  await shot('overlap-refused');

  // A time in the past: refused, with the back-entry confirmation offered.
  await page.locator('#bk-date').fill('2021-03-03');
  await page.getByRole('button', { name: 'Book', exact: true }).click();
  await page.getByText(/is in the past/).waitFor();
  await page.getByLabel(/This visit already happened/).waitFor();
  await shot('past-refused');

  // A free time: booked, and on the calendar.
  await page.locator('#bk-date').fill(day);
  await page.locator('#bk-time').fill('11:00');
  await page.getByRole('button', { name: 'Book', exact: true }).click();
  await page.getByText(/Ann Alvarez is booked/).waitFor();
  await page.locator('.cal-block').filter({ hasText: 'Ann Alvarez' }).waitFor();

  // Move Ben's appointment to the afternoon with a reason.
  await page.locator('.cal-block').filter({ hasText: 'Ben Baptiste' }).click();
  await page.getByRole('button', { name: 'Move', exact: true }).click();
  await page.getByLabel('New time').fill('15:00');
  await page.getByLabel('Reason for the change').fill('Patient asked for the afternoon');
  await page.getByRole('button', { name: 'Move appointment' }).click();
  await page.getByText(/Ben Baptiste is moved/).waitFor();
  await shot('moved');

  // Cancel Ann's with a reason.
  await page.locator('.cal-block').filter({ hasText: 'Ann Alvarez' }).click();
  await page.getByRole('button', { name: 'Cancel appointment' }).click();
  await page.getByLabel('Reason for cancelling').fill('Clinician on a course');
  await page.getByRole('button', { name: 'Cancel this appointment' }).click();
  await page.getByText(/appointment of .* is cancelled/).waitFor();
  await page.getByLabel('View').selectOption('day');
  await shot('day-view');
  await checkA11y('the calendar, a day with a cancelled appointment');

  const list = await desk.call('GET', `/api/patients/${ben.body.id}/appointments`);
  assert.equal(list.body[0].start, `${day}T15:00:00.000000Z`);
  const annList = await desk.call('GET', `/api/patients/${ann.body.id}/appointments`);
  assert.equal(annList.body[0].status, 'cancelled');
  assert.equal(annList.body[0].cancel_reason, 'Clinician on a course');

  // On a phone: the same week as a list by day.
  await page.setViewportSize({ width: 360, height: 800 });
  await page.getByLabel('View').selectOption('week');
  await page.locator('.cal-agenda').getByText(/Ben Baptiste/).waitFor();
  await shot('week-phone');
  await checkA11y('the calendar on a phone');

  // The patient cancels their own new appointment on their record.
  const again = await desk.call('POST', `/api/patients/${ann.body.id}/appointments`, { start: `${day}T16:00:00Z`, type: 'follow_up', practitioner_id: samId });
  assert.equal(again.status, 201, JSON.stringify(again.body));
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByLabel('E-mail address').fill('ann@example.org');
  await page.getByLabel('Password').fill('setup-password-1');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My record' }).click();
  await page.getByRole('tab', { name: 'Appointments', exact: true }).click();
  const mine = page.locator('section[aria-labelledby="appointments-h"]');
  await mine.getByRole('heading', { name: 'Your appointments' }).waitFor();
  await mine.getByText(/Follow-up · with Sam Rivera · 30 min · Booked/).waitFor();
  await shot('patient-appointments-phone');
  await mine.getByRole('button', { name: /^Cancel/ }).click();
  await mine.getByLabel('Why are you cancelling?').fill('Away that week');
  await mine.getByRole('button', { name: 'Cancel this appointment' }).click();
  await mine.getByText(/is cancelled/).waitFor();
  await checkA11y('the patient\'s appointments');
  const after = await desk.call('GET', `/api/patients/${ann.body.id}/appointments`);
  assert.equal(after.body.find((a) => a.id === again.body.id).cancel_reason, 'by the patient: Away that week');
  assertNoPageProblems(assert, problems, a11y);
});
