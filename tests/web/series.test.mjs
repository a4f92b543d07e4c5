// A weekly series over the clinic's closed days, through the pages (docs/server/scheduling.md): the front desk
// adds a closure day on the Closure days page; a series that clashes is refused, and the refusal goes once
// the time changes; booked weekly x6, the confirmation names the booked dates and the closed date left out
// (never as booked); the patient gets ONE e-mail naming every date and the closed one with its reason;
// "Cancel the rest of the series" cancels the later visits in one e-mail, and the freed time is offered to
// the patient on the waiting list. The patient books a free time online and moves it, on a phone.
// Screenshots at 1280 and 360 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, assertNoPageProblems, browserSession } from './lib/harness.mjs';
import { clinicWithMail } from './lib/flows.mjs';

/** The Thursday at least `weeks` weeks ahead, YYYY-MM-DD (UTC: the clinic's zone is UTC here). */
function thursdayAhead(weeks) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 7 * weeks + ((4 - d.getUTCDay() + 7) % 7));
  return d.toISOString().slice(0, 10);
}
const plusDays = (ymd, n) => new Date(Date.parse(`${ymd}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);

test('a weekly series skips the closed day, is one e-mail, and its rest is cancelled as one', { timeout: 300000 }, async (t) => {
  const { clinic, sink, mailArgs } = await clinicWithMail(t, 'series');
  await clinic.createClinic('Riverside Physiotherapy');
  await clinic.createUser('admin', 'admin@example.org', 'admin-password-12', { name: 'Ada Admin', mfa: false });
  await clinic.createUser('front_desk', 'desk@example.org', 'setup-password-1', { name: 'Dana Desk', mfa: false });
  await clinic.createUser('physiotherapist', 'sam@example.org', 'setup-password-1', { name: 'Sam Rivera', mfa: false });
  const url = await clinic.start({
    extraArgs: ['--test-clock', 'true', ...mailArgs('clinic@riverside.example')],
  });
  // The reminder loop passes once a minute, and at once when the test clock moves: a second on.
  const nudge = async () => {
    const admin = await apiSession(url, 'admin@example.org', 'admin-password-12');
    assert.equal((await admin.call('POST', '/api/test-clock', { advance_s: 1 })).status, 200);
  };
  const desk = await apiSession(url, 'desk@example.org', 'setup-password-1');
  const sam = await apiSession(url, 'sam@example.org', 'setup-password-1');
  const ann = await desk.call('POST', '/api/patients', { given_name: 'Ann', family_name: 'Alvarez', birth_date: '1961-04-02', email: 'ann@example.org', email_ok: true });
  const ben = await desk.call('POST', '/api/patients', { given_name: 'Ben', family_name: 'Baptiste', birth_date: '1979-10-20', email: 'ben@example.org', email_ok: true });
  assert.equal(ann.status, 201, JSON.stringify(ann.body));
  assert.equal(ben.status, 201, JSON.stringify(ben.body));
  const samId = sam.user.id;
  assert.equal((await desk.call('PUT', '/api/appointment-types', { types: [{ code: 'follow_up', name: 'Follow-up', duration_min: 30 }] })).status, 200);
  const first = thursdayAhead(2);
  const closed = plusDays(first, 14);
  // Ben's visit on the first Thursday at 10:00: a series for Ann at 10:00 clashes with it.
  assert.equal((await desk.call('POST', `/api/patients/${ben.body.id}/appointments`, { start: `${first}T10:00:00Z`, type: 'follow_up', practitioner_id: samId })).status, 201);
  await nudge();
  await sink.waitFor((m) => m.to.includes('ben@example.org'), { what: "Ben's booking notice" });

  const { page, problems, shot, checkA11y, a11y } = await browserSession(t, 'series', { width: 1280, height: 900 });
  await page.goto(`${url}/`);
  await page.getByLabel('E-mail address').fill('desk@example.org');
  await page.getByLabel('Password').fill('setup-password-1');
  await page.getByRole('button', { name: 'Log in' }).click();

  // The closure day, added on its page.
  await page.getByRole('link', { name: 'Closure days' }).click();
  await page.getByRole('heading', { name: 'Closure days', level: 1 }).waitFor();
  await page.getByText('No closure days.').waitFor();
  await page.getByRole('button', { name: 'Add closure day' }).click();
  await page.getByText('Enter the date the clinic is closed.').waitFor();
  await page.getByLabel('Date').fill(closed);
  await page.getByLabel('Why the clinic is closed').fill('Staff training');
  await page.getByRole('button', { name: 'Add closure day' }).click();
  await page.locator('.closure-list').getByText('Staff training').waitFor();
  await shot('closure-days');
  await checkA11y('the closure days');
  const days = await desk.call('GET', '/api/closures');
  assert.deepEqual(days.body.days.map((d) => [d.date, d.reason]), [[closed, 'Staff training']]);
  // A single booking on it is refused in words.
  const single = await desk.call('POST', `/api/patients/${ann.body.id}/appointments`, { start: `${closed}T11:00:00Z`, type: 'follow_up', practitioner_id: samId });
  assert.equal(single.status, 422);
  assert.match(single.body.message, /^the clinic is closed on Thu \d+ \w+ \d{4} \(Staff training\)$/);

  // The series: refused for the clash with Ben, the refusal gone once the time changes, then booked.
  await page.getByRole('link', { name: 'Calendar' }).click();
  await page.getByRole('heading', { name: 'Calendar', level: 1 }).waitFor();
  await page.getByText('Book an appointment').click();
  await page.getByLabel('Patient').fill('Alv');
  await page.getByRole('button', { name: /Ann Alvarez/ }).click();
  await page.locator('#bk-clinician').selectOption({ label: 'Sam Rivera' });
  await page.getByLabel('Type').selectOption('follow_up');
  await page.locator('#bk-date').fill(first);
  await page.locator('#bk-time').fill('10:00');
  await page.getByLabel('Repeat weekly').check();
  await page.getByLabel('Number of visits').fill('6');
  await page.getByRole('button', { name: 'Book', exact: true }).click();
  const refusal = page.locator('#bk-refusal');
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /Sam Rivera already has an appointment .* with Ben Baptiste/);
  await page.locator('#bk-time').fill('11:00');
  await refusal.waitFor({ state: 'detached' });
  // A change of date clears a refusal too.
  await page.locator('#bk-time').fill('10:00');
  await page.getByRole('button', { name: 'Book', exact: true }).click();
  await refusal.waitFor();
  await page.locator('#bk-date').fill(plusDays(first, 7));
  await refusal.waitFor({ state: 'detached' });
  await page.locator('#bk-date').fill(first);
  await page.locator('#bk-time').fill('11:00');
  await page.getByRole('button', { name: 'Book', exact: true }).click();
  const flash = page.locator('.alert').filter({ hasText: 'Ann Alvarez is booked for 5 visits' });
  await flash.waitFor();
  const said = await flash.innerText();
  assert.match(said, /Not booked: .*\(the clinic is closed \(Staff training\)\)/);
  const booked = said.slice(0, said.indexOf('Not booked'));
  const closedDay = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${closed}T00:00:00Z`));
  assert.ok(!booked.includes(closedDay), `the closed day ${closedDay} is not among the booked dates: ${said}`);
  await shot('series-booked');

  // One e-mail for the series, naming every date and the closed one with its reason.
  await nudge();
  const mail = await sink.waitFor((m) => m.to.includes('ann@example.org') && m.subject === 'Your appointments are booked', { what: 'the series confirmation' });
  await nudge();
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(sink.messages.filter((m) => m.to.includes('ann@example.org')).length, 1, 'one e-mail for the series');
  assert.match(mail.body, /your 5 weekly appointments with Sam Rivera at Riverside Physiotherapy are booked:/);
  const [bookedPart, notBooked] = mail.body.split('Not booked:');
  assert.equal((bookedPart.match(/^ {2}- Thu /gm) || []).length, 5, mail.body);
  assert.match(notBooked, /- Thu \d+ \w+ \d{4}: the clinic is closed \(Staff training\)/);

  // Ben waits for any time; the rest of Ann's series is cancelled from the fourth visit on.
  assert.equal((await desk.call('PUT', `/api/patients/${ben.body.id}/waitlist`, { note: 'any time' })).status, 200);
  const fourth = plusDays(first, 28); // the fourth visit booked: the third Thursday (first + 14) is closed
  await page.getByLabel('View').selectOption('day');
  await page.getByLabel('Date', { exact: true }).first().fill(fourth);
  await page.locator('.cal-block').filter({ hasText: 'Ann Alvarez' }).click();
  await page.getByRole('button', { name: 'Cancel the rest of the series' }).click();
  await page.getByLabel('Reason for cancelling').fill('Moving away');
  await page.locator('form').getByRole('button', { name: 'Cancel the rest of the series' }).click();
  await page.getByText(/Ann Alvarez: 2 visits of the series cancelled/).waitFor();
  await shot('series-rest-cancelled');
  await checkA11y('the calendar after cancelling the rest of a series');
  const list = await desk.call('GET', `/api/patients/${ann.body.id}/appointments`);
  assert.deepEqual(list.body.map((a) => a.status), ['booked', 'booked', 'booked', 'cancelled', 'cancelled']);

  await nudge();
  const cancelled = await sink.waitFor((m) => m.to.includes('ann@example.org') && m.subject === 'Your appointments were cancelled', { what: 'the cancellation' });
  assert.match(cancelled.body, /these 2 appointments with Sam Rivera at Riverside Physiotherapy were cancelled:/);
  const offer = await sink.waitFor((m) => m.to.includes('ben@example.org') && m.subject === 'An earlier appointment is free', { what: 'the offer to the waiting list' });
  assert.match(offer.body, /a time has become free: Thu \d+ \w+ \d{4} at 11:00 with Sam Rivera \(30 minutes\)/);

  // On a phone: the closure days page.
  await page.setViewportSize({ width: 360, height: 800 });
  await page.getByRole('link', { name: 'Closure days' }).click();
  await page.locator('.closure-list').getByText('Staff training').waitFor();
  await shot('closure-days-phone');
  await checkA11y('the closure days on a phone');

  // Online: the clinic takes bookings a day ahead; Ann books a free time of Sam's and moves it, on her phone.
  assert.equal((await desk.call('PUT', '/api/schedule-settings', { online_booking: true, online_notice_hours: 24 })).status, 200);
  assert.equal((await desk.call('PUT', `/api/staff/${samId}/working-hours`, {
    week: [0, 1, 2, 3, 4].map((d) => ({ weekday: d, start: '09:00', end: '13:00' })),
  })).status, 200);
  await clinic.createUser('patient', 'ann.login@example.org', 'setup-password-1', { patient: ann.body.id, mfa: false });
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByLabel('E-mail address').fill('ann.login@example.org');
  await page.getByLabel('Password').fill('setup-password-1');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My record' }).click();
  await page.getByRole('tab', { name: 'Appointments', exact: true }).click();
  const mine = page.locator('section[aria-labelledby="appointments-h"]');
  await mine.locator('details.book-online > summary').click();
  const online = mine.locator('details.book-online');
  await online.getByLabel('Physiotherapist').selectOption({ label: 'Sam Rivera' });
  await online.getByLabel('Kind of visit').selectOption('follow_up');
  const firstFree = online.locator('.free-time').first();
  await firstFree.waitFor();
  await shot('online-free-times-phone');
  await checkA11y('the free times on a phone');
  await firstFree.click();
  await mine.getByText(/^Booked: .* with Sam Rivera\./).waitFor();
  const afterOnline = await desk.call('GET', `/api/patients/${ann.body.id}/appointments`);
  const onlineVisit = afterOnline.body.find((a) => a.status === 'booked' && !a.series_id);
  assert.ok(onlineVisit, JSON.stringify(afterOnline.body));
  assert.ok(Date.parse(onlineVisit.start) >= Date.now() + 24 * 3600 * 1000 - 60000, 'at least the notice ahead');
  assert.match(onlineVisit.start, /T(09|1[0-2]):(00|15|30|45):00/);
  // Moved to a later free time of the same week: the first is cancelled, saying why. The visit is found by
  // its time, once the list shows it (the list reloads after the booking: its first item was a series visit
  // until then, and moving that one left the online visit booked).
  const at = new Date(onlineVisit.start);
  const two = (n) => String(n).padStart(2, '0');
  const heading = new RegExp(`${at.getUTCDate()} \\S+ ${at.getUTCFullYear()}, ${two(at.getUTCHours())}:${two(at.getUTCMinutes())}`);
  const visitItem = mine.locator('li.appointment').filter({ hasText: heading });
  await visitItem.getByRole('button', { name: /^Move to another time/ }).click();
  const move = visitItem.locator('.online-booking'); // the move panel, never the booking panel below
  await move.locator('.free-time').nth(3).click();
  await mine.getByText(/^Moved to /).waitFor();
  const afterMove = await desk.call('GET', `/api/patients/${ann.body.id}/appointments`);
  const replaced = afterMove.body.find((a) => a.id === onlineVisit.id);
  assert.equal(replaced.status, 'cancelled');
  assert.match(replaced.cancel_reason, /^by the patient: rebooked online to /);
  await shot('online-moved-phone');
  assertNoPageProblems(assert, problems, a11y);
});
