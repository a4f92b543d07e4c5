// A new clinic's first week from an empty server, with only the pages and e-mail (issue 41, first bullet).
// The command line is used only for `physio admin create-clinic` and the first administrator; everything
// after is done in the browser, e-mail going into an SMTP sink. Staff pages at 1280 px, the patient's at 360 px.
//
// Covered: the administrator invites a physiotherapist and a front-desk member from the Staff page and sets the
// clinic's telephone number there; each sets a password from the e-mailed link and enrols the second factor
// from the QR page (the key read from the text shown), keeping the recovery codes; the physiotherapist registers
// a patient on the New patient page, records the agreement to e-mails and invites them from the record, creates
// a clinic exercise on the Exercises page, prescribes it and prints the program (read with pdftotext: the
// exercise and the clinic's telephone number); the patient sets a password from the e-mail link, lands on Today
// and reads under Appointments that the clinic does not book online (every tab's label whole at 360 px); the
// desk books two visits with the physiotherapist from the record, one in three days and one within the hour;
// the patient cancels one from their Appointments; the desk checks the patient in for the other (offered
// "Arrived" because it starts within 2 hours); the administrator, on the Scheduling page, turns online
// booking on, adds a kind of visit and sets the physiotherapist's working hours (Monday-Friday, two stretches
// a day); the patient books a visit online from their Appointments (360 px) and the desk finds it on that
// day's Day list; the patient logs the stretch with pain 7/10, is told to stop and to phone the clinic's
// number, and writes to the physiotherapist; the physiotherapist signs in with a code and their day
// (Caseload) has the patient first with the pain alert as the card's first item and the count of unread
// messages on the card.
//
// Not yet covered:
// - closure days (their own page, tests/web/series.test.mjs) and the clinic's time zone are left as they are;
// - the steps run on the real clock within minutes, not on a test clock across Monday-Friday.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { assertNoPageProblems, browserSession, totp } from './lib/harness.mjs';
import { loginInBrowser, logOut, openTab, linkIn, noSidewaysScroll, clinicWithMail } from './lib/flows.mjs';

const CLINIC_PHONE = '0117 496 0123';
const HOLD = {
  name: 'Calf stretch against the wall',
  steps: ['Stand facing a wall, hands on it, one foot back.', 'Keep the back heel down and lean in until the calf pulls.'],
};

// A local date-time for a datetime-local field, `days` from today at `hour`:00.
function localAt(days, hour) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(hour)}:00`;
}

// A local date-time for a datetime-local field at the next full hour at least 10 minutes away (within the
// 2 hours before a start from which a patient may be marked arrived).
function localSoon() {
  const d = new Date(Date.now() + 10 * 60000);
  d.setHours(d.getHours() + 1, 0, 0, 0);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:00`;
}

// A staff member's first sign-in from the invitation: password, the QR page, the recovery codes.
async function enrolFromInvitation(page, shot, link, { email, password, who }) {
  await page.goto(link);
  await page.getByRole('heading', { name: 'Set your password', level: 1 }).waitFor();
  await page.getByLabel('New password').fill(password);
  await page.getByLabel('The same password again').fill(password);
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.getByRole('heading', { name: 'Log in to physiokit', level: 1 }).waitFor();
  assert.equal(await page.getByLabel('E-mail address').inputValue(), email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Set up your second factor', level: 1 }).waitFor();
  const qr = page.locator('#totp-qr');
  await qr.waitFor();
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), `${who}: the QR code is drawn`);
  await shot(`${who}-enrol-qr`);
  const secret = (await page.locator('#totp-secret').textContent()).replace(/\s+/g, '');
  assert.match(secret, /^[A-Z2-7]{32}$/);
  await page.getByLabel('6-digit code from your authenticator app').fill(totp(secret));
  await page.getByRole('button', { name: 'Confirm and log in' }).click();
  await page.getByRole('heading', { name: 'Save your recovery codes', level: 1 }).waitFor();
  assert.equal((await page.locator('#recovery-codes li').allTextContents()).length, 10);
  await shot(`${who}-recovery-codes`);
  await page.getByRole('button', { name: 'I have saved them, continue' }).click();
  return { secret, step: Math.floor(Date.now() / 30000) };
}

test("a new clinic's first week from an empty server, with the pages and e-mail only", { timeout: 300000 }, async (t) => {
  const started = Date.now();
  const { clinic, sink, mailArgs } = await clinicWithMail(t, 'first-week');
  // The only command line: the clinic and its first administrator.
  await clinic.createClinic('Riverside Physiotherapy');
  await clinic.createUser('admin', 'admin@riverside.example', 'admin-password-1', { name: 'Ada Admin', mfa: false });
  const url = await clinic.start({ extraArgs: [...mailArgs('clinic@riverside.example')] });

  // ---- Monday: the administrator invites the staff (1280 px) ----
  const staff = await browserSession(t, 'first-week-staff', { width: 1280, height: 900 });
  const { page, shot, checkA11y } = staff;
  await page.goto(`${url}/`);
  await loginInBrowser(page, { email: 'admin@riverside.example', password: 'admin-password-1' });
  await page.getByRole('heading', { name: 'Staff', level: 1 }).waitFor();
  for (const [email, name, role] of [['nia@riverside.example', 'Nia Okafor', 'physiotherapist'], ['dee@riverside.example', 'Dee Desk', 'front_desk']]) {
    await page.locator('#invite-email').fill(email);
    await page.locator('#invite-name').fill(name);
    await page.locator('#invite-role').selectOption(role);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText(`${name} was invited`, { exact: false }).waitFor();
    await page.locator('li.staff-member').filter({ hasText: email }).waitFor();
  }
  await shot('staff-invited');
  await checkA11y('staff page after two invitations');
  await noSidewaysScroll(page, 1280);
  const niaMail = await sink.waitFor((m) => m.to.includes('nia@riverside.example'), { what: "the physiotherapist's invitation" });
  const deeMail = await sink.waitFor((m) => m.to.includes('dee@riverside.example'), { what: "the front desk's invitation" });
  assert.match(niaMail.subject, /Riverside Physiotherapy/);
  // The clinic's telephone number, as patients read it (pain advice, printed program, e-mails).
  const contact = page.getByTestId('clinic-contact');
  await contact.locator('#clinic-address').fill('12 River Street, Bristol BS1 4AA');
  await contact.locator('#clinic-phone').fill(CLINIC_PHONE);
  await contact.locator('#clinic-emergency').fill('999');
  await contact.getByRole('button', { name: 'Save' }).click();
  await contact.getByText('Saved: patients now read these', { exact: false }).waitFor();
  await shot('clinic-phone-saved');
  await logOut(page);

  // ---- The front desk enrols from the e-mail and the QR page, and lands on the day list ----
  const deeTotp = await enrolFromInvitation(page, shot, linkIn(deeMail, url), { email: 'dee@riverside.example', password: 'dee-password-123', who: 'desk' });
  await page.waitForURL(/\/schedule/);
  await shot('desk-landing');
  await logOut(page);

  // ---- The physiotherapist enrols and lands on their day ----
  const niaTotp = await enrolFromInvitation(page, shot, linkIn(niaMail, url), { email: 'nia@riverside.example', password: 'nia-password-123', who: 'physio' });
  await page.getByRole('heading', { name: 'Caseload', level: 1 }).waitFor();
  await shot('physio-landing');

  // ---- A patient registered on the New patient page and invited from the record ----
  await page.goto(`${url}/patients/new`);
  await page.getByRole('heading', { name: 'New patient', level: 1 }).waitFor();
  await page.getByLabel('Given name').fill('Ana');
  await page.getByLabel('Family name').fill('Silva');
  await page.getByLabel('Birth date').fill('1984-05-06');
  await page.getByLabel('Phone').first().fill('+44 7700 900123');
  const emailField = page.getByLabel('E-mail', { exact: false }).first();
  await emailField.fill('ana@example.org');
  await shot('new-patient-filled');
  await checkA11y('new patient');
  await page.getByRole('button', { name: 'Save patient' }).click();
  await page.getByRole('heading', { name: 'Ana Silva', level: 1 }).waitFor();
  await openTab(page, 'Administration');
  // The agreement to e-mails is recorded on the record's details, as the desk would.
  const details = page.getByRole('region', { name: 'Details' });
  await details.getByRole('button', { name: 'Edit details' }).click();
  const form = details.getByRole('form', { name: "Edit the patient's details" });
  await form.getByLabel(/agrees to e-mails from the clinic/).check();
  await form.getByRole('button', { name: 'Save details' }).click();
  await details.getByText('The details were saved.').waitFor();
  await details.getByText('Agreed').waitFor();
  await page.getByRole('button', { name: 'Invite to the app' }).click();
  await page.getByText('Invitation sent to ana@example.org', { exact: false }).waitFor();
  await shot('patient-invited');
  await noSidewaysScroll(page, 1280);
  const anaMail = await sink.waitFor((m) => m.to.includes('ana@example.org'), { what: "the patient's invitation" });
  const anaLink = linkIn(anaMail, url);
  const pid = new URL(page.url()).pathname.split('/').pop();

  // ---- A clinic exercise created on the Exercises page and prescribed ----
  await page.getByRole('link', { name: 'Exercises' }).click();
  await page.getByRole('heading', { name: 'Exercise library', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'New clinic exercise' }).click();
  const exForm = page.getByRole('form', { name: 'New clinic exercise' });
  await exForm.getByLabel('Name').fill(HOLD.name);
  await exForm.getByLabel(/^Steps/).fill(HOLD.steps.join('\n'));
  await exForm.getByLabel('Starting position').selectOption({ label: 'Standing' });
  await exForm.getByLabel('A hold, in seconds').check();
  await exForm.getByText('Starting dose: 3 holds of 30 s.').waitFor();
  await shot('clinic-exercise-form');
  await exForm.getByRole('button', { name: 'Create the exercise' }).click();
  await page.getByText(`${HOLD.name} is saved: 3 holds of 30 s, once a day, every day.`).waitFor();
  await page.goto(`${url}/patients/${pid}#program`);
  await page.getByRole('heading', { name: 'Home exercise program' }).waitFor();
  await page.getByRole('button', { name: 'build a program from the exercise library' }).click();
  const builder = page.getByRole('form', { name: 'Build a program' });
  await builder.getByLabel('Search').fill('calf stretch');
  await builder.getByRole('button', { name: `Add ${HOLD.name}` }).click();
  await builder.getByRole('heading', { name: 'Prescribed (1)' }).waitFor();
  await builder.getByLabel('Title').fill('Calves, week 1');
  await builder.getByLabel('Why (kept in the history)').fill('tight calves on the stairs');
  await builder.getByRole('button', { name: 'Prescribe this program' }).click();
  await page.getByRole('heading', { name: /^Calves, week 1 · version 1/ }).waitFor();
  await shot('program-prescribed');

  // ---- The program printed: the exercise and the clinic's telephone number ----
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Print the program (PDF)' }).click()]);
  const pdfPath = await download.path();
  assert.equal(readFileSync(pdfPath).subarray(0, 5).toString(), '%PDF-');
  const pdftotext = spawnSync('pdftotext', ['-v']);
  if (pdftotext.error) t.diagnostic('pdftotext is not installed: the PDF was not read');
  else {
    const text = spawnSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    assert.ok(text.includes(HOLD.name), `the exercise is in the printed program:\n${text}`);
    assert.ok(text.includes(CLINIC_PHONE), `the clinic's phone number ${CLINIC_PHONE} is in the printed program:\n${text}`);
  }

  // ---- The patient signs in from the e-mail link (360 px) ----
  const phone = await browserSession(t, 'first-week-patient', { width: 360, height: 740 });
  await phone.page.goto(anaLink);
  await phone.page.getByRole('heading', { name: 'Set your password', level: 1 }).waitFor();
  await phone.page.getByLabel('New password').fill('ana-password-123');
  await phone.page.getByLabel('The same password again').fill('ana-password-123');
  await phone.shot('patient-set-password');
  await phone.page.getByRole('button', { name: 'Set password' }).click();
  await phone.page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
  await phone.shot('patient-today');
  await phone.checkA11y("the patient's Today on a phone");
  await noSidewaysScroll(phone.page, 360);

  // ---- Online booking: the empty clinic has no page to turn it on, and the patient is told so ----
  const me = await (await phone.page.request.get(`${url}/api/me`)).json();
  assert.equal(me.user.patient_id, pid, `the patient's id from /api/me: ${JSON.stringify(me)}`);
  await phone.page.goto(`${url}/patients/${pid}`);
  await openTab(phone.page, 'Appointments');
  await phone.page.getByText('Book an appointment', { exact: true }).click();
  await phone.page.getByText('does not take bookings online', { exact: false }).waitFor();
  await phone.shot('patient-no-online-booking');
  await noSidewaysScroll(phone.page, 360);
  // Every tab's label is whole at 360 px (the walkthrough found "Appointments" cut).
  const cut = await phone.page.getByRole('tab').evaluateAll((tabs) => tabs.filter((b) => b.scrollWidth > b.clientWidth + 1).map((b) => `${b.textContent.trim()} (${b.scrollWidth} > ${b.clientWidth} px)`));
  assert.deepEqual(cut, [], 'no tab label is cut at 360 px');
  // ... nor a one-word label broken over two lines, the selected (bold) one included.
  const broken = await phone.page.getByRole('tab').evaluateAll((tabs) => tabs.filter((b) => !/\s/.test(b.textContent.trim())).filter((b) => {
    const r = document.createRange();
    r.selectNodeContents(b);
    return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1;
  }).map((b) => b.textContent.trim()));
  assert.deepEqual(broken, [], 'no one-word tab label is broken at 360 px');

  // ---- The desk books two visits with the physiotherapist from the record ----
  await page.goto(`${url}/`);
  await logOut(page);
  const deeLogin = await loginInBrowser(page, { email: 'dee@riverside.example', password: 'dee-password-123', secret: deeTotp.secret, lastStep: deeTotp.step });
  await page.waitForURL(/\/schedule/);
  await page.goto(`${url}/patients/${pid}`);
  await page.getByRole('heading', { name: 'Ana Silva', level: 1 }).waitFor();
  await openTab(page, 'Appointments');
  for (const [when, reason] of [[localAt(3, 10), 'Assessment'], [localSoon(), 'Follow-up']]) {
    if (!(await page.locator('#ap-clinician').isVisible())) await page.getByText('Book an appointment').click();
    await page.locator('#ap-clinician').selectOption({ label: 'Nia Okafor' });
    await page.getByLabel('Date and time').fill(when);
    await page.getByLabel('Length (minutes)').fill('45');
    await page.getByLabel('Reason').fill(reason);
    await page.getByRole('button', { name: 'Book appointment' }).click();
    await page.getByText('The appointment was booked.').waitFor();
    await page.locator('li.appointment').filter({ hasText: reason }).waitFor();
  }
  await shot('desk-booked');

  // ---- The patient cancels the later one from their Appointments (360 px) ----
  await phone.page.reload();
  await openTab(phone.page, 'Appointments');
  const later = phone.page.locator('li.appointment').filter({ hasText: 'Assessment' });
  await later.getByRole('button', { name: /^Cancel/ }).click();
  await phone.page.getByLabel('Why are you cancelling?').fill('I am away that day');
  await phone.shot('patient-cancelling');
  await phone.page.getByRole('button', { name: 'Cancel this appointment' }).click();
  await phone.page.getByText(/is cancelled/).waitFor();
  await phone.shot('patient-cancelled');
  await noSidewaysScroll(phone.page, 360);

  // ---- The desk checks the patient in for the other one ----
  await page.reload();
  await openTab(page, 'Appointments');
  await page.locator('li.appointment').filter({ hasText: 'Assessment' }).filter({ hasText: 'Cancelled' }).waitFor();
  const visit = page.locator('li.appointment').filter({ hasText: 'Follow-up' });
  await visit.getByRole('combobox').selectOption('arrived');
  await visit.getByRole('button', { name: /Save/ }).click();
  await page.getByText(/is now: Arrived/).waitFor();
  await shot('desk-checked-in');

  // ---- The administrator turns online booking on and sets the physiotherapist's working hours (1280 px) ----
  await logOut(page);
  await loginInBrowser(page, { email: 'admin@riverside.example', password: 'admin-password-1' });
  await page.getByRole('link', { name: 'Scheduling' }).click();
  await page.getByRole('heading', { name: 'Scheduling', level: 1 }).waitFor();
  const rules = page.getByTestId('booking-rules');
  await rules.getByLabel('Patients book and move their visits online').check();
  await rules.getByLabel('Shortest notice for an online booking (hours)').fill('24');
  await rules.getByRole('button', { name: 'Save the booking rules' }).click();
  await rules.getByText('Saved: patients book online from their Appointments, at least 24 hours ahead', { exact: false }).waitFor();
  const kinds = page.getByTestId('visit-types');
  await kinds.getByRole('button', { name: 'Add a kind of visit' }).click();
  await kinds.getByLabel('Name of kind of visit 1').fill('Follow-up visit');
  await kinds.getByLabel('Length (minutes) of kind of visit 1').fill('30');
  await kinds.getByRole('button', { name: 'Save the kinds of visit' }).click();
  await kinds.getByText('Saved: 1 of 1 kinds of visit offered.').waitFor();
  const hours = page.getByTestId('working-hours');
  await hours.getByLabel('Clinician').selectOption({ label: 'Nia Okafor (no hours set)' });
  for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) {
    await hours.getByRole('button', { name: `Add hours on ${day}` }).click();
    await hours.getByLabel(`${day}, hours 1: From`).fill('09:00');
    await hours.getByLabel(`${day}, hours 1: Until`).fill('12:30');
    await hours.getByRole('button', { name: `Add hours on ${day}` }).click();
    await hours.getByLabel(`${day}, hours 2: From`).fill('13:30');
    await hours.getByLabel(`${day}, hours 2: Until`).fill('17:00');
  }
  await hours.getByRole('button', { name: 'Save the working hours' }).click();
  await hours.getByText('Saved: Nia Okafor works on 5 days a week', { exact: false }).waitFor();
  await shot('admin-scheduling-saved');
  await checkA11y('the Scheduling page with online booking on');
  await noSidewaysScroll(page, 1280);

  // ---- The patient books a visit online from their Appointments (360 px) ----
  await phone.page.goto(`${url}/patients/${pid}`);
  await openTab(phone.page, 'Appointments');
  await phone.page.getByText('Book an appointment', { exact: true }).click();
  await phone.page.getByLabel('Physiotherapist').selectOption({ label: 'Nia Okafor' });
  await phone.page.getByLabel('Kind of visit').selectOption({ label: 'Follow-up visit (30 min)' });
  const freeTime = phone.page.locator('button.free-time').first();
  await freeTime.waitFor();
  await phone.shot('patient-free-times');
  await noSidewaysScroll(phone.page, 360);
  await freeTime.click();
  await phone.page.getByText(/^Booked: .* with Nia Okafor\.$/).waitFor();
  await phone.shot('patient-booked-online');
  await phone.checkA11y("the patient's online booking on a phone");
  const mine = await (await phone.page.request.get(`${url}/api/patients/${pid}/appointments`)).json();
  const online = mine.find((a) => a.type === 'follow-up-visit' && a.status === 'booked');
  assert.ok(online, `the online booking is among the patient's appointments: ${JSON.stringify(mine)}`);
  const zone = (await (await phone.page.request.get(`${url}/api/patients/${pid}/free-times`)).json()).time_zone;
  const onlineDay = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(online.start));

  // ---- The desk finds it on that day's Day list ----
  await logOut(page);
  await loginInBrowser(page, { email: 'dee@riverside.example', password: 'dee-password-123', secret: deeTotp.secret, lastStep: deeLogin.step });
  await page.waitForURL(/\/schedule/);
  await page.locator('#day').fill(onlineDay);
  // The list first shows today (the desk's follow-up) and the cancelled assessment may fall on the same day as
  // the online booking: wait for the 30-minute visit itself, and check it is the one on the chosen day.
  const onDay = page.locator('ol.day-list li.card').filter({ hasText: 'Ana Silva' }).filter({ hasText: '30 min with Nia Okafor' });
  await onDay.waitFor();
  assert.match(await onDay.innerText(), /Booked/);
  assert.equal(await page.locator('#day').inputValue(), onlineDay);
  await shot('desk-day-online-booking');

  // ---- The patient logs the stretch with pain 7/10 on Today (360 px) ----
  await phone.page.goto(`${url}/today`);
  const stretch = phone.page.getByRole('listitem').filter({ has: phone.page.getByRole('heading', { name: HOLD.name }) });
  await stretch.getByRole('button', { name: 'Log without the camera' }).click();
  const log = stretch.getByRole('form', { name: `Log ${HOLD.name} without the camera` });
  await log.getByRole('group', { name: 'Highest pain during or right after (0-10)' }).getByLabel('7', { exact: true }).check();
  await phone.shot('patient-logs-pain');
  await log.getByRole('button', { name: 'Save this session' }).click();
  await phone.page.getByText(`${HOLD.name}: saved.`).waitFor();
  await phone.page.getByTestId('pain-advice').waitFor();
  const advice = await phone.page.getByTestId('pain-advice').innerText();
  assert.ok(advice.includes(CLINIC_PHONE), `the pain advice gives the clinic's number:\n${advice}`);
  await phone.shot('patient-pain-advice');
  await noSidewaysScroll(phone.page, 360);
  // ... and writes to the physiotherapist from their record's Messages.
  await phone.page.goto(`${url}/patients/${pid}`);
  await openTab(phone.page, 'Messages');
  await phone.page.getByLabel('Message to your physiotherapist').fill('The stretch hurt my calf today: should I go on tomorrow?');
  await phone.page.getByRole('button', { name: 'Send', exact: true }).click();
  await phone.page.locator('li.message.mine').filter({ hasText: 'should I go on tomorrow?' }).waitFor();
  await phone.shot('patient-message-sent');

  // ---- The physiotherapist's day: the stop-level pain report first ----
  await logOut(page);
  await loginInBrowser(page, { email: 'nia@riverside.example', password: 'nia-password-123', secret: niaTotp.secret, lastStep: niaTotp.step });
  await page.getByRole('heading', { name: 'Caseload', level: 1 }).waitFor();
  const card = page.locator('li.card').filter({ hasText: 'Ana Silva' });
  const painItem = card.locator('li.reason-pain_high');
  await painItem.getByText(/Pain alert:/).waitFor();
  const first = page.locator('li.card').first();
  assert.match(await first.innerText(), /Ana Silva/, 'the patient with the pain report is the first card');
  const reasons = await first.locator('li[class*="reason-"]').evaluateAll((els) => els.map((e) => e.className));
  assert.ok(reasons.length >= 1 && /reason-pain_high/.test(reasons[0]), `the pain report is the card's first item: ${reasons.join(', ')}`);
  // The card says how many messages from the patient wait unread (the automatic pain alert and theirs).
  const day = await (await page.request.get(`${url}/api/caseload`)).json();
  const unread = day.items.find((i) => i.patient_id === pid).unread_messages;
  assert.ok(unread >= 1, `the patient's message is unread: ${unread}`);
  await card.getByRole('link', { name: unread === 1 ? '1 unread message' : `${unread} unread messages`, exact: true }).waitFor();
  await shot('physio-day-pain-first');

  assertNoPageProblems(assert, staff.problems, staff.a11y);
  assertNoPageProblems(assert, phone.problems, phone.a11y);
  console.log(`first week figures: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
