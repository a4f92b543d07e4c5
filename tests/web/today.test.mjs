// The patient's day and the physiotherapist's caseload in the browser: on a phone-sized screen the patient
// answers the morning pain question and logs an exercise without the camera (pain during, effort); the
// exercise moves to "Done today". The physiotherapist's caseload then lists the patient first with the pain
// alert and its numbers, and the patient's page shows the program, a progression review and the charts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clinic, apiSession, assertNoPageProblems, browserSession } from './lib/harness.mjs';
import { loginInBrowser, openTab } from './lib/flows.mjs';
import { clinicWithPatient } from './lib/setup.mjs';

test('today: morning pain, a session logged by hand, the caseload and the program', { timeout: 240000 }, async (t) => {
  const clinic = new Clinic('today');
  t.after(() => clinic.stop());
  const { url, staff, pid } = await clinicWithPatient(clinic, {
    program: {
      title: 'Knee osteoarthritis, weeks 1-4',
      reason: 'knee pain on stairs',
      prescriptions: [
        { exercise_id: 'mini_squat', dosage: { sets: 2, reps: 10, times_per_day: 1, days_per_week: 7 }, notes: 'Hold the back of a chair.' },
        { exercise_id: 'bridge', dosage: { sets: 2, reps: 8, days_per_week: 3 } },
      ],
    },
    patientLogin: { email: 'ana@example.org', password: 'ana-password-123' },
  });

  // The patient, on a phone.
  const p = await browserSession(t, 'today-patient', { width: 360, height: 740 });
  await p.page.goto(`${url}/`);
  await loginInBrowser(p.page, { email: 'ana@example.org', password: 'ana-password-123' });
  await p.page.getByRole('heading', { name: /^Today/, level: 1 }).waitFor();
  await p.page.getByRole('heading', { name: 'How was your pain when you got up today?' }).waitFor();
  const squat = p.page.getByRole('listitem').filter({ has: p.page.getByRole('heading', { name: 'Mini squat' }) });
  await squat.getByText(/^Due today\s*Every day$/).waitFor();
  await squat.getByText('Hold the back of a chair.').waitFor();
  await p.shot('today');
  // Asked at any hour: the question does not say "this morning" in the evening (it is about getting up).
  assert.doesNotMatch(await p.page.locator('main').innerText(), /this morning/);
  await p.checkA11y('today at 360 px');
  const wide = await p.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `no sideways scrolling at 360 px (page is ${wide} px wide)`);

  // How to do it: the exercise's figure (start and end positions), then the movement itself.
  await squat.getByText('How to do it').click();
  const figure = squat.getByRole('img', { name: /^Mini squat: on the left the starting position/ });
  await figure.waitFor();
  const loaded = async (img) => img.evaluate((el) => (el.complete ? el.naturalWidth : new Promise((ok) => { el.onload = () => ok(el.naturalWidth); el.onerror = () => ok(0); })));
  assert.ok((await loaded(figure)) > 0, 'the figure loads');
  await p.shot('how-to-do-it');
  await squat.getByRole('button', { name: /^Show the movement/ }).click();
  const moving = squat.getByRole('img', { name: 'Mini squat: the movement, repeated' });
  await moving.waitFor();
  assert.match(await moving.getAttribute('src'), /figure\.svg\?animated=true/);
  assert.ok((await loaded(moving)) > 0, 'the animated figure loads');
  await p.checkA11y('today with the figure at 360 px');

  // The morning question: saying nothing is refused in words; then 2/10.
  const morning = p.page.getByRole('group', { name: 'Pain on getting up (0-10)' });
  await p.page.getByRole('button', { name: 'Save', exact: true }).click();
  await p.page.getByText('Choose a number from 0 (no pain)').waitFor();
  await morning.getByLabel('2', { exact: true }).check();
  await p.page.getByRole('button', { name: 'Save', exact: true }).click();
  await p.page.getByText('Morning pain today: 2/10.').waitFor();

  // A session without the camera: the sets come filled in with the prescription; pain 6, effort 7.
  await squat.getByRole('button', { name: 'Log without the camera' }).click();
  const form = squat.getByRole('form', { name: 'Log Mini squat without the camera' });
  assert.equal(await form.getByLabel('Set 1').inputValue(), '10');
  await form.getByLabel('Set 2').fill('8');
  await form.getByRole('button', { name: 'Save this session' }).click();
  await form.getByText('Choose your highest pain').waitFor(); // pain is asked for, in words
  await form.getByRole('group', { name: 'Highest pain during or right after (0-10)' }).getByLabel('6', { exact: true }).check();
  await form.getByLabel('Effort of the last set (0 = rest, 10 = maximal)').fill('7');
  await form.getByLabel('Anything to tell your physiotherapist?').fill('the right knee ached at the end');
  await p.shot('log-filled');
  await form.getByRole('button', { name: 'Save this session' }).click();
  await p.page.getByText('Mini squat: saved.').waitFor();
  // Pain above 5/10 is answered at once: take it easier (from 7/10 it would be "stop for today").
  await p.page.getByTestId('pain-advice').getByText('Pain of 6/10 is more than these exercises should cause').waitFor();
  await squat.getByText(/^Done today\s*Every day; nothing more to do until tomorrow$/).waitFor();
  await p.shot('done-today');

  // Reminders at 07:30 on the patient's own clock; a private calendar address answers without a session.
  const rem = p.page.getByRole('region', { name: 'Reminders' });
  await rem.getByTestId('reminder-status').filter({ hasText: 'Off.' }).waitFor();
  // Said once: not "Off. Reminders are off."
  assert.equal((await rem.getByTestId('reminder-status').innerText()).trim(), 'Off.');
  // Folded on the phone's long page: opened by the patient who wants them.
  await rem.getByText('Set up reminders').click();
  await rem.getByLabel('At (your own clock)').fill('07:30');
  await rem.getByLabel('Time zone').fill('Europe/Lisbon');
  await rem.getByRole('button', { name: 'Save reminders' }).click();
  await rem.getByText('Reminders are on at 07:30 every day.').waitFor();
  await rem.getByTestId('reminder-status').filter({ hasText: /On, every day at 07:30 \(Europe\/Lisbon\)/ }).waitFor();
  await rem.getByRole('button', { name: 'Make a calendar address to subscribe to' }).click();
  const address = await rem.getByLabel('Private calendar address').inputValue();
  assert.match(address, /^http:\/\/127\.0\.0\.1:\d+\/api\/calendar\/[A-Za-z0-9_-]{20,}$/);
  const feed = await fetch(address); // no cookie: what a calendar program does
  assert.equal(feed.status, 200);
  const ics = await feed.text();
  assert.match(ics, /BEGIN:VCALENDAR/);
  assert.match(ics, /DTSTART;TZID=Europe\/Lisbon:\d{8}T073000/);
  await p.shot('reminders');
  await p.checkA11y('reminders at 360 px');
  const logs = await staff.call('GET', `/api/patients/${pid}/exercise-logs`);
  assert.equal(logs.body.items.length, 1);
  assert.deepEqual(logs.body.items[0].reps_per_set, [10, 8]);
  assert.equal(logs.body.items[0].pain_during_nprs, 6);
  assert.equal(logs.body.items[0].rpe, 7);
  assert.equal(logs.body.items[0].comment, 'the right knee ached at the end');

  // The physiotherapist: the caseload puts Ana first, with the reason and the numbers.
  const c = await browserSession(t, 'today-caseload', { width: 1024, height: 800 });
  await c.page.goto(`${url}/`);
  await loginInBrowser(c.page, { email: 'lee@example.org', password: 'setup-password-1' });
  await c.page.getByRole('link', { name: 'Caseload' }).click();
  await c.page.getByRole('heading', { name: 'Caseload', level: 1 }).waitFor();
  const first = c.page.locator('.caseload-list > li').first();
  await first.getByRole('link', { name: 'Ana Silva' }).waitFor();
  await first.getByText('pain during exercise up to 6/10 in the last 7 days (alert above 5/10)').waitFor();
  await c.shot('caseload');
  await c.checkA11y('caseload');
  await first.getByRole('link', { name: 'Ana Silva' }).click();
  await openTab(c.page, 'Program');
  await c.page.getByRole('heading', { name: 'Home exercise program' }).waitFor();
  await c.page.getByRole('heading', { name: /^Knee osteoarthritis, weeks 1-4 · version 1/ }).waitFor();
  await c.page.getByRole('button', { name: 'Review progression' }).click();
  // Pain 6/10 during the logged session: the pain-monitoring rule proposes to regress the mini squat. The
  // physiotherapist edits the proposed dosage to their own numbers; the program's next version carries them.
  await c.page.getByText('1 proposal waits for your decision.').waitFor();
  const proposal = c.page.locator('li.proposal').first();
  await proposal.getByRole('heading', { name: /^Reduce: Mini squat/ }).waitFor();
  // The proposal reads as a physiotherapist writes: the new dosage and why, with no rule id in it.
  await proposal.locator('details summary').click();
  const proposalText = await proposal.innerText();
  assert.match(proposalText, /Reduce to \d+ x \d+[^:]*: pain during the exercise reached 6\/10/);
  assert.doesNotMatch(proposalText, /[A-Za-z0-9]+_[A-Za-z0-9_]+/, `a rule id on the page: ${proposalText}`);
  await c.shot('proposal-in-words');
  await proposal.getByLabel('Reason (kept with the decision)').fill('fewer repetitions, same days');
  await proposal.getByRole('button', { name: 'Edit the dosage' }).click();
  await proposal.getByLabel('Sets', { exact: true }).fill('');
  await proposal.getByRole('button', { name: 'Save my dosage' }).click();
  await proposal.getByText('Sets: a whole number 1-10.').waitFor();
  // Focus moves to the first field in error on the next frame (requestAnimationFrame).
  await c.page.waitForFunction(() => document.activeElement && document.activeElement.getAttribute('aria-invalid') === 'true', null, { timeout: 5000 });
  await c.shot('proposal-edit-error');
  await c.checkA11y('proposal edit form with an error');
  await proposal.getByLabel('Sets', { exact: true }).fill('2');
  await proposal.getByLabel('Repetitions per set').fill('6');
  await proposal.getByRole('button', { name: 'Save my dosage' }).click();
  await c.page.getByRole('heading', { name: /^Knee osteoarthritis, weeks 1-4 · version 2/ }).waitFor();
  await c.page.getByText(/Mini squat.*2 sets of 6 repetitions/).first().waitFor();
  await c.shot('patient-program-v2');
  // The charts: the first two shown (adherence, repetitions), the others folded under "more charts".
  await openTab(c.page, 'Sessions & measures');
  await c.page.getByRole('heading', { name: 'Repetitions per session, Mini squat' }).waitFor();
  await c.page.getByText(/^\d more charts?: .*Pain during exercise/).click();
  await c.page.getByRole('heading', { name: 'Pain during exercise (0 to 10)' }).waitFor();
  await c.shot('patient-program');
  await c.checkA11y('patient page with program and charts');
  assertNoPageProblems(assert, [...p.problems, ...c.problems], [...p.a11y, ...c.a11y]);
});
