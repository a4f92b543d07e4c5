// The Scheduling page's refusals, in words next to the field (issue 41): an end before a start, an overlap on
// the same day, a length of a kind of visit out of range, an online notice out of range, and a time zone the
// server does not know (the server's own words). Then what the desk may mark: a visit of tomorrow is not
// offered "Arrived" on the record, the day list or the calendar, and the server refuses it in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clinic, apiSession, assertNoPageProblems, browserSession } from './lib/harness.mjs';
import { loginInBrowser, logOut, noSidewaysScroll, openTab } from './lib/flows.mjs';

function fieldError(page, id) {
  return page.locator(`#${id}-error`);
}

for (const width of [1280, 360]) {
  test(`the Scheduling page refuses nonsense in words next to the field (${width} px)`, { timeout: 180000 }, async (t) => {
    const clinic = new Clinic(`scheduling-${width}`);
    t.after(() => clinic.stop());
    await clinic.createClinic('Hillside Clinic');
    await clinic.createUser('admin', 'admin@example.org', 'admin-password-1', { name: 'Alex Admin', mfa: false });
    await clinic.createUser('physiotherapist', 'pat@example.org', 'physio-password-1', { name: 'Pat Physio', mfa: false });
    await clinic.createUser('front_desk', 'desk@example.org', 'desk-password-1', { name: 'Dee Desk', mfa: false });
    const url = await clinic.start();
    const { page, problems, shot, checkA11y, a11y } = await browserSession(t, `scheduling-${width}`, { width, height: 900 });

    await page.goto(`${url}/`);
    await loginInBrowser(page, { email: 'admin@example.org', password: 'admin-password-1' });
    await page.getByRole('heading', { name: 'Staff', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Scheduling' }).click();
    await page.getByRole('heading', { name: 'Scheduling', level: 1 }).waitFor();

    // Online booking: a notice out of range (the page), then a time zone the server does not know (its words).
    const rules = page.getByTestId('booking-rules');
    await rules.getByLabel('Patients book and move their visits online').check();
    await rules.getByLabel('Shortest notice for an online booking (hours)').fill('1000');
    await rules.getByRole('button', { name: 'Save the booking rules' }).click();
    await fieldError(page, 'rules-notice').getByText('Enter whole hours, from 0 to 720 (30 days).').waitFor();
    assert.equal(await page.locator('#rules-notice').getAttribute('aria-invalid'), 'true');
    await rules.getByLabel('Shortest notice for an online booking (hours)').fill('24');
    await rules.getByLabel("Clinic's time zone").fill('Mars/Olympus_Mons');
    await rules.getByRole('button', { name: 'Save the booking rules' }).click();
    await fieldError(page, 'rules-zone').getByText(/is not a time zone this server knows/).waitFor();
    await shot('rules-refused');
    await rules.getByLabel("Clinic's time zone").fill('Europe/London');
    await rules.getByRole('button', { name: 'Save the booking rules' }).click();
    await rules.getByText('Saved: patients book online from their Appointments, at least 24 hours ahead', { exact: false }).waitFor();
    const admin = await apiSession(url, 'admin@example.org', 'admin-password-1');
    const settings = (await admin.call('GET', '/api/schedule-settings')).body;
    assert.deepEqual([settings.online_booking, settings.online_notice_hours, settings.time_zone], [true, 24, 'Europe/London']);

    // A kind of visit of 3 minutes is refused next to its length.
    const types = page.getByTestId('visit-types');
    await types.getByRole('button', { name: 'Add a kind of visit' }).click();
    await types.getByLabel('Name of kind of visit 1').fill('Follow-up');
    await types.getByLabel('Length (minutes) of kind of visit 1').fill('3');
    await types.getByRole('button', { name: 'Save the kinds of visit' }).click();
    await fieldError(page, 'vt-length-0').getByText('Enter the length in whole minutes, from 5 to 480.').waitFor();
    await types.getByLabel('Length (minutes) of kind of visit 1').fill('30');
    await types.getByRole('button', { name: 'Save the kinds of visit' }).click();
    await types.getByText('Saved: 1 of 1 kinds of visit offered.').waitFor();
    assert.deepEqual((await admin.call('GET', '/api/appointment-types')).body.types.map((x) => [x.code, x.name, x.duration_min]), [['follow-up', 'Follow-up', 30]]);

    // Working hours: an end before its start, then an overlap, each next to its time; then saved.
    const hours = page.getByTestId('working-hours');
    await hours.getByLabel('Clinician').selectOption({ label: 'Pat Physio (no hours set)' });
    await hours.getByRole('button', { name: 'Add hours on Wednesday' }).click();
    await hours.getByLabel('Wednesday, hours 1: From').fill('13:00');
    await hours.getByLabel('Wednesday, hours 1: Until').fill('12:00');
    await hours.getByRole('button', { name: 'Save the working hours' }).click();
    await fieldError(page, 'wh-2-0-end').getByText('Ends at 12:00, before it starts at 13:00: the end must be later than the start.').waitFor();
    assert.equal(await page.locator('#wh-2-0-end').getAttribute('aria-invalid'), 'true');
    await shot('hours-end-before-start');
    await checkA11y('an end before a start refused');
    await noSidewaysScroll(page, width);
    await hours.getByLabel('Wednesday, hours 1: From').fill('09:00');
    await hours.getByLabel('Wednesday, hours 1: Until').fill('13:00');
    await hours.getByRole('button', { name: 'Add hours on Wednesday' }).click();
    await hours.getByLabel('Wednesday, hours 2: From').fill('12:30');
    await hours.getByLabel('Wednesday, hours 2: Until').fill('17:00');
    await hours.getByRole('button', { name: 'Save the working hours' }).click();
    await fieldError(page, 'wh-2-1-start').getByText(/^Error: Overlaps 09:00-13:00 on Wednesday/).waitFor();
    await hours.getByLabel('Wednesday, hours 2: From').fill('14:00');
    await hours.getByRole('button', { name: 'Save the working hours' }).click();
    await hours.getByText('Saved: Pat Physio works on 1 day a week', { exact: false }).waitFor();
    await shot('hours-saved');
    const physioId = (await admin.call('GET', '/api/staff')).body.find((m) => m.email === 'pat@example.org').id;
    const week = (await admin.call('GET', `/api/staff/${physioId}/working-hours`)).body.week;
    assert.deepEqual(week.map((s) => `${s.weekday} ${s.start}-${s.end}`), ['2 09:00-13:00', '2 14:00-17:00']);
    // The server names an overlap at the later stretch, so the page shows it there too (bypassing the page's check).
    const bad = await admin.call('PUT', `/api/staff/${physioId}/working-hours`, { week: [{ weekday: 0, start: '09:00', end: '12:00' }, { weekday: 0, start: '11:00', end: '15:00' }] });
    assert.equal(bad.status, 400);
    assert.deepEqual([bad.body.field, bad.body.message], ['/week/1/start', 'Monday 09:00-12:00 overlaps 11:00-15:00']);
    await checkA11y('the Scheduling page, saved');
    await noSidewaysScroll(page, width);
    await logOut(page);

    // The desk: a visit of tomorrow is not offered "Arrived", and the server refuses it in words.
    const desk = await apiSession(url, 'desk@example.org', 'desk-password-1');
    const pat = await desk.call('POST', '/api/patients', { given_name: 'Ana', family_name: 'Silva', birth_date: '1984-05-06' });
    assert.equal(pat.status, 201, JSON.stringify(pat.body));
    const tomorrow = new Date();
    tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
    tomorrow.setUTCHours(10, 0, 0, 0); // 10:00 in London in winter, at least 10 hours away
    const booked = await desk.call('POST', `/api/patients/${pat.body.id}/appointments`, { start: tomorrow.toISOString().replace(/\.\d{3}Z$/, 'Z'), duration_min: 30, practitioner_id: physioId, outside_hours_ok: true, reason: 'Tomorrow' });
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    const early = await desk.call('PATCH', `/api/appointments/${booked.body.id}`, { status: 'arrived' });
    assert.equal(early.status, 409);
    assert.match(early.body.message, /marked arrived only from 2 hours before the start/);
    await loginInBrowser(page, { email: 'desk@example.org', password: 'desk-password-1' });
    await page.waitForURL(/\/schedule/);
    await page.goto(`${url}/patients/${pat.body.id}`);
    await openTab(page, 'Appointments');
    const visit = page.locator('li.appointment').filter({ hasText: 'Tomorrow' });
    await visit.getByText('Marked arrived from 2 hours before the start.').waitFor();
    assert.equal(await visit.getByRole('combobox').count(), 0, 'no status to choose for a visit of tomorrow');
    await page.goto(`${url}/schedule`);
    await page.locator('#day').fill(tomorrow.toISOString().slice(0, 10));
    const card = page.locator('ol.day-list li.card').filter({ hasText: 'Ana Silva' });
    await card.waitFor();
    await card.getByText('Marked arrived from 2 hours before the start.').waitFor();
    assert.equal(await card.getByRole('button', { name: /^Arrived/ }).count(), 0, 'the day list offers no "Arrived" the day before');
    await shot('desk-no-arrived-before');
    if (width === 1280) {
      // The calendar's appointment panel, at 1280 px where the week's blocks are all in view.
      await page.getByRole('link', { name: 'Calendar' }).click();
      await page.getByRole('heading', { name: 'Calendar', level: 1 }).waitFor();
      await page.getByLabel('Date', { exact: true }).first().fill(tomorrow.toISOString().slice(0, 10));
      await page.locator('.cal-block').filter({ hasText: 'Ana Silva' }).click();
      const panel = page.locator('.appointment-panel');
      await panel.getByRole('button', { name: 'Move', exact: true }).waitFor();
      assert.equal(await panel.getByRole('button', { name: 'Arrived', exact: true }).count(), 0, 'the calendar offers no "Arrived" the day before');
      await shot('calendar-no-arrived-before');
    }

    assertNoPageProblems(assert, problems, a11y);
  });
}
