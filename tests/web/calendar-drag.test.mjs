// Booking by drag on the clinic calendar (docs/server/scheduling.md, "Booking by drag"): the front desk
// moves an appointment with the mouse (pointer down, move, up), another with the keyboard (M, arrow keys,
// Enter) and a third to another clinician's column of the clinic's day, each time giving the reason the move
// form asks; a drag onto a clash is refused in words and the
// appointment stays where it was; a drag over free time opens the booking form with that time and length.
// Screenshots at 1280 px; axe on each state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clinic, apiSession, assertNoPageProblems, browserSession } from './lib/harness.mjs';

/** A Wednesday at least a week ahead, as YYYY-MM-DD (the clinic's zone is UTC here). */
function comingWednesday() {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 7 + ((3 - d.getUTCDay() + 7) % 7));
  return d.toISOString().slice(0, 10);
}
function nextDay(ymd) {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Drags `locator`'s centre by (dx, dy) pixels with the mouse, in small steps as a hand would. */
async function drag(page, locator, dx, dy) {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  const x = box.x + box.width / 2;
  const y = box.y + Math.min(12, box.height / 2);
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(x + (dx * i) / 8, y + (dy * i) / 8);
  await page.mouse.up();
}

test('appointments move by drag and by keyboard; a clash is refused and snaps back; a drag books', { timeout: 240000 }, async (t) => {
  const clinic = new Clinic('calendar-drag');
  t.after(() => clinic.stop());
  await clinic.createClinic('Riverside Physiotherapy');
  await clinic.createUser('front_desk', 'desk@example.org', 'setup-password-1', { name: 'Dana Desk', mfa: false });
  await clinic.createUser('physiotherapist', 'sam@example.org', 'setup-password-1', { name: 'Sam Rivera', mfa: false });
  await clinic.createUser('physiotherapist', 'kim@example.org', 'setup-password-1', { name: 'Kim Okafor', mfa: false });
  const url = await clinic.start();
  const desk = await apiSession(url, 'desk@example.org', 'setup-password-1');
  const sam = await apiSession(url, 'sam@example.org', 'setup-password-1');
  const samId = sam.user.id;
  const kimId = (await apiSession(url, 'kim@example.org', 'setup-password-1')).user.id;
  const patient = async (given, family) => (await desk.call('POST', '/api/patients', { given_name: given, family_name: family, birth_date: '1970-01-01' })).body.id;
  const ann = await patient('Ann', 'Alvarez');
  const ben = await patient('Ben', 'Baptiste');
  const cleo = await patient('Cleo', 'Costa');
  for (const id of [samId, kimId]) {
    assert.equal((await desk.call('PUT', `/api/staff/${id}/working-hours`, {
      week: [0, 1, 2, 3, 4].map((d) => ({ weekday: d, start: '08:00', end: '18:00' })),
    })).status, 200);
  }
  const day = comingWednesday();
  const book = async (pid, hhmm, min) => {
    const r = await desk.call('POST', `/api/patients/${pid}/appointments`, { start: `${day}T${hhmm}:00Z`, duration_min: min, practitioner_id: samId });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id;
  };
  const benId = await book(ben, '10:00', 60);
  const annId = await book(ann, '14:00', 30);
  const cleoId = await book(cleo, '15:00', 60);
  const apptOf = async (pid, id) => (await desk.call('GET', `/api/patients/${pid}/appointments`)).body.find((a) => a.id === id);
  const startOf = async (pid, id) => (await apptOf(pid, id)).start;

  const { page, problems, shot, checkA11y, a11y } = await browserSession(t, 'calendar-drag', { width: 1280, height: 1000 });
  await page.goto(`${url}/`);
  await page.getByLabel('E-mail address').fill('desk@example.org');
  await page.getByLabel('Password').fill('setup-password-1');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('link', { name: 'Calendar' }).click();
  await page.getByRole('heading', { name: 'Calendar', level: 1 }).waitFor();
  await page.getByLabel('Date', { exact: true }).first().fill(day);
  const block = (name) => page.locator('.cal-block').filter({ hasText: name });
  await block('Ben Baptiste').waitFor();
  await page.getByText(/Drag an appointment to move it/).waitFor();
  await shot('week-before');
  await checkA11y('the calendar with movable appointments');

  // 1. The mouse: Ben from 10:00 down one hour (66 px at 1.1 px a minute); the move form asks the reason.
  await drag(page, block('Ben Baptiste'), 0, 66);
  const reason = page.getByLabel('Reason for the change');
  await reason.waitFor();
  assert.equal(await page.locator('#mv-time').inputValue(), '11:00');
  assert.equal(await page.locator('#mv-date').inputValue(), day);
  await page.locator('.cal-ghost').filter({ hasText: '11:00-12:00 Ben Baptiste' }).waitFor();
  await shot('dragged-reason-asked');
  await checkA11y('a dragged appointment waiting for its reason');
  await reason.fill('Patient asked for later');
  await page.getByRole('button', { name: 'Move appointment' }).click();
  await page.getByText(/Ben Baptiste is moved to .* at 11:00/).waitFor();
  assert.equal(await startOf(ben, benId), `${day}T11:00:00.000000Z`);
  await block('Ben Baptiste').filter({ hasText: '11:00' }).waitFor();
  // The panel shows the appointment at its new time and takes the focus (read out by a screen reader).
  const panelFocused = () => page.waitForFunction(() => document.activeElement && document.activeElement.id === 'ap-h', null, { timeout: 5000 });
  await panelFocused();

  // 2. The keyboard: Ann picked up with M, two slots down and one day right, Enter, then the reason.
  await block('Ann Alvarez').focus();
  await page.keyboard.press('m');
  await page.getByRole('status').filter({ hasText: /Picked up Ann Alvarez/ }).waitFor();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await page.locator('.cal-ghost').filter({ hasText: '14:30-15:00 Ann Alvarez' }).waitFor();
  await shot('keyboard-picked-up');
  await page.keyboard.press('Enter');
  await reason.waitFor();
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'mv-reason', null, { timeout: 5000 });
  assert.equal(await page.locator('#mv-date').inputValue(), nextDay(day));
  assert.equal(await page.locator('#mv-time').inputValue(), '14:30');
  await page.keyboard.type('Clinician running late on Wednesday');
  await page.keyboard.press('Enter');
  await page.getByText(/Ann Alvarez is moved to .* at 14:30/).waitFor();
  assert.equal(await startOf(ann, annId), `${nextDay(day)}T14:30:00.000000Z`);
  await panelFocused();

  // Escape puts a picked-up appointment back without asking anything.
  await block('Ben Baptiste').focus();
  await page.keyboard.press('m');
  await page.keyboard.press('ArrowDown');
  await page.locator('.cal-ghost').waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('status').filter({ hasText: /Move cancelled: Ben Baptiste stays/ }).waitFor();
  assert.equal(await page.locator('.cal-ghost').count(), 0);

  // 3. A clash: Ben dragged onto Cleo's 15:00 is refused in words and goes back to 11:00.
  const topOf = (l) => l.evaluate((el) => el.style.top);
  const before = await topOf(block('Ben Baptiste'));
  await drag(page, block('Ben Baptiste'), 0, 4 * 66);
  await reason.waitFor();
  assert.equal(await page.locator('#mv-time').inputValue(), '15:00');
  await reason.fill('Trying the afternoon');
  await page.getByRole('button', { name: 'Move appointment' }).click();
  const refusal = page.getByText(/Not moved: .*already has an appointment/);
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /Cleo Costa/);
  assert.equal(await page.locator('.cal-ghost').count(), 0, 'the appointment snaps back');
  assert.equal(await topOf(block('Ben Baptiste')), before, 'drawn at 11:00 as before');
  assert.equal(await startOf(ben, benId), `${day}T11:00:00.000000Z`);
  await shot('clash-refused-snapped-back');
  await checkA11y('a refused move');
  await page.getByRole('button', { name: 'Close', exact: true }).click();

  // 4. A drag over free time (Wednesday 16:00 to 16:45) opens the booking form with that time and length.
  const wedCol = page.locator('.cal-col').nth(2);
  const colBox = await wedCol.boundingBox();
  const benBox = await block('Ben Baptiste').boundingBox(); // 11:00 in this column
  const y1600 = benBox.y + 5 * 66 + 3;
  await page.mouse.move(colBox.x + 10, y1600);
  await page.mouse.down();
  for (let i = 1; i <= 6; i++) await page.mouse.move(colBox.x + 10, y1600 + (i * 40) / 6);
  await page.locator('.cal-selection').filter({ hasText: '16:00-16:45' }).waitFor();
  await page.mouse.up();
  await page.locator('#bk-time').waitFor();
  assert.equal(await page.locator('#bk-date').inputValue(), day);
  assert.equal(await page.locator('#bk-time').inputValue(), '16:00');
  assert.equal(await page.locator('#bk-length').inputValue(), '45');
  await shot('drag-to-book');
  await checkA11y('the booking form after a drag');

  // 5. The clinic's day: one column per clinician; Cleo dragged from Sam's column to Kim's, same time.
  await page.getByLabel('View').selectOption('day');
  await page.getByRole('columnheader').or(page.locator('.cal-col-head')).filter({ hasText: 'Kim Okafor' }).first().waitFor();
  const heads = await page.locator('.cal-col-head').allInnerTexts();
  const samCol = heads.findIndex((h) => h.includes('Sam Rivera'));
  const kimCol = heads.findIndex((h) => h.includes('Kim Okafor'));
  assert.ok(samCol >= 0 && kimCol >= 0, heads.join(', '));
  const cols = page.locator('.cal-col');
  const dx = (await cols.nth(kimCol).boundingBox()).x - (await cols.nth(samCol).boundingBox()).x;
  await drag(page, block('Cleo Costa'), dx, 0);
  await reason.waitFor();
  assert.equal(await page.locator('#mv-clinician').inputValue(), kimId);
  assert.equal(await page.locator('#mv-time').inputValue(), '15:00');
  await reason.fill('Sam is on a course that afternoon');
  await page.getByRole('button', { name: 'Move appointment' }).click();
  await page.getByText(/Cleo Costa is moved to .* at 15:00 with Kim Okafor\./).waitFor();
  const cleoNow = await apptOf(cleo, cleoId);
  assert.equal(cleoNow.practitioner_id, kimId);
  assert.equal(cleoNow.start, `${day}T15:00:00.000000Z`);
  await cols.nth(kimCol).locator('.cal-block').filter({ hasText: 'Cleo Costa' }).waitFor();
  await shot('moved-to-another-clinician');
  await checkA11y('the clinic day after a move between clinicians');
  assertNoPageProblems(assert, problems, a11y);
});
