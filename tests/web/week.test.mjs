// A clinic's week on a test clock (docs/server/operations.md, "A test clock"): the server runs under
// `--test-clock` from Monday 08:00 (UTC, the clinic's zone) of a week ahead; each browser context's clock
// is set to the same instant at every move (Playwright's clock), and the days pass by moving both.
//
// Monday: the front desk records the patient's e-mail with her agreement and a consent, books her
// (an overlap with another patient and a time already past are refused with the reason shown), and moves
// the booking; both notices reach the SMTP sink. Tuesday: the physiotherapist prescribes a program (its
// first day); the patient does a live squat set (the simulated device, `physio live-sim`) and prints the
// program (the PDF read page by page). Wednesday: another squat set, and a shoulder abduction set the
// analysis rejects (the squat's landmarks: the wrong movement), counted nowhere; she messages her
// physiotherapist; the server restarts and nothing is lost; in the afternoon the day-before notice of
// Thursday's appointment reaches the sink. Thursday: she logs a squat set by hand with pain 7/10 (the
// advice to stop, and the alert). Friday: the physiotherapist reads the message, acknowledges the pain
// alert on the caseload, and sees adherence counted from the program's first day, Tuesday: 3 of 8 sessions
// (2 exercises x 4 days, not 5), 15 of 40 repetitions; the rejected set in no count, streak, best or chart.
//
// Screenshots of every page at 1280 and 360 px; no page is longer than three screens on a 360 x 740 phone
// without unfolding (watchPhoneLength).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { apiSession, assertNoPageProblems, launch, openPage, watchPhoneLength } from './lib/harness.mjs';
import { loginInBrowser, openTab, clinicWithMail } from './lib/flows.mjs';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** Monday 08:00 UTC at least a week ahead. */
function mondayAhead() {
  const d = new Date();
  d.setUTCHours(8, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + 7 + ((1 - d.getUTCDay() + 7) % 7));
  return d;
}
const ymd = (d) => d.toISOString().slice(0, 10);

/** `physio live-sim`: one set of `exercise` from `file`, as the patient, for the program; its result JSON. */
function liveSet(cfg, url, { email, password, exercise, side, file, program, out }) {
  const args = ['live-sim', '--url', url, '--user', email, '--password-stdin', '--exercise', exercise, '--landmarks', file, '--speed', '3', '--program', program, '-o', out];
  if (side) args.push('--side', side);
  return new Promise((resolve, reject) => {
    const child = execFile(cfg.physio, args, { timeout: 300000 }, (err, stdout, stderr) => {
      if (err && err.code !== 5) reject(new Error(`live-sim failed (${err.code}): ${stdout}\n${stderr}`));
      else resolve(JSON.parse(readFileSync(out, 'utf8')).sessions[0]);
    });
    child.stdin.end(`${password}\n`);
  });
}

test('a clinic\'s week on a test clock', { timeout: 900000 }, async (t) => {
  const { clinic, sink, mailArgs } = await clinicWithMail(t, 'week');
  await clinic.createClinic('Harbour Physio');
  await clinic.createUser('admin', 'admin@example.org', 'admin-password-12', { name: 'Ada Admin', mfa: false });
  await clinic.createUser('physiotherapist', 'lee@example.org', 'setup-password-1', { name: 'Lee Chen', mfa: false });
  await clinic.createUser('front_desk', 'desk@example.org', 'desk-password-12', { name: 'Dee Desk', mfa: false });
  const squats = await clinic.demoLandmarks();
  let url = await clinic.start({
    extraArgs: ['--test-clock', 'true', ...mailArgs('clinic@harbour.example')],
  });

  // The clock: the server's (as its administrator) and every browser context's, moved together.
  const monday = mondayAhead();
  const contexts = [];
  let now = null;
  const api = async (email, password) => apiSession(url, email, password);
  const moveTo = async (when) => {
    const admin = await api('admin@example.org', 'admin-password-12');
    const r = await admin.call('POST', '/api/test-clock', { at: when.toISOString() });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const server = Date.parse(r.body.now);
    assert.ok(server >= when.getTime() && server - when.getTime() < 60000, `the server's clock is at ${r.body.now}, asked ${when.toISOString()}`);
    now = when;
    for (const c of contexts) await c.clock.setSystemTime(when);
  };
  // The reminder loop passes once a minute, and at once when the clock moves: a second on.
  const nudge = async () => {
    const admin = await api('admin@example.org', 'admin-password-12');
    assert.equal((await admin.call('POST', '/api/test-clock', { advance_s: 1 })).status, 200);
  };
  // Before the test clock is moved, a refusal: it never goes back.
  {
    const admin = await api('admin@example.org', 'admin-password-12');
    const back = await admin.call('POST', '/api/test-clock', { at: '2020-01-01T00:00:00Z' });
    assert.equal(back.status, 400);
    assert.match(back.body.message, /never goes back/);
    const desk = await api('desk@example.org', 'desk-password-12');
    assert.equal((await desk.call('POST', '/api/test-clock', { advance_s: 60 })).status, 403, 'only an administrator moves it');
  }
  await moveTo(monday);

  const browser = await launch();
  const all = [];
  t.after(async () => {
    for (const s of all) {
      await s.shot('final').catch(() => {});
      if (s.problems.length) console.log(`page problems (${s.dir}):\n${s.problems.join('\n')}`);
    }
    await browser.close();
  });
  const session = async (name, width, height) => {
    const s = watchPhoneLength(await openPage(browser, name, { width, height }));
    await s.context.clock.install({ time: now });
    contexts.push(s.context);
    all.push(s);
    return s;
  };
  const desk = await session('week-front-desk', 1280, 900);
  const pat = await session('week-patient', 360, 740);
  const physio = await session('week-physio', 1280, 900);
  /** The page at 1280 and at 360 px, each a screenshot (the 360 one measured), then back to its width. */
  const shotBoth = async (s, name) => {
    const size = s.page.viewportSize();
    for (const [w, h] of [[1280, 900], [360, 740]]) {
      await s.page.setViewportSize({ width: w, height: h });
      await s.page.waitForTimeout(150);
      await s.shot(`${name}-${w}`);
    }
    await s.page.setViewportSize(size);
  };
  /** Signs in when the session ended (a day passed) and opens `where`. */
  const open = async (s, who, where) => {
    await s.page.goto(`${url}${where}`);
    const email = s.page.getByLabel('E-mail address');
    const state = await Promise.race([
      email.waitFor().then(() => 'login', () => null),
      s.page.locator('main h1').filter({ hasNotText: /log in/i }).waitFor().then(() => 'in', () => null),
    ]);
    if (state === 'login') {
      await loginInBrowser(s.page, who);
      // The login lands on the address asked for, its tab (the hash) included.
      const at = new URL(s.page.url());
      assert.equal(`${at.pathname}${at.search}${at.hash}`, where, 'the login returns to the address asked for');
    }
  };
  const DESK = { email: 'desk@example.org', password: 'desk-password-12' };
  const LEE = { email: 'lee@example.org', password: 'setup-password-1' };
  const ANA = { email: 'ana@example.org', password: 'ana-password-123' };

  // ---- Monday 08:00: set-up, the front desk's morning -------------------------------------------------
  let lee = await api(LEE.email, LEE.password);
  const leeId = lee.user.id;
  let deskApi = await api(DESK.email, DESK.password);
  assert.equal((await deskApi.call('PUT', `/api/staff/${leeId}/working-hours`, {
    week: [0, 1, 2, 3, 4].map((d) => ({ weekday: d, start: '08:00', end: '18:00' })),
  })).status, 200);
  assert.equal((await deskApi.call('PUT', '/api/appointment-types', {
    types: [{ code: 'initial', name: 'Initial assessment', duration_min: 60 }, { code: 'follow_up', name: 'Follow-up', duration_min: 30 }],
  })).status, 200);
  let r = await deskApi.call('POST', '/api/patients', { given_name: 'Ana', family_name: 'Silva', birth_date: '1958-03-09' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const pid = r.body.id;
  r = await deskApi.call('POST', '/api/patients', { given_name: 'Bo', family_name: 'Berg', birth_date: '1980-05-05' });
  const bo = r.body.id;
  const thursday = ymd(new Date(monday.getTime() + 3 * DAY));
  r = await deskApi.call('POST', `/api/patients/${bo}/appointments`, { start: `${thursday}T10:00:00Z`, type: 'follow_up', practitioner_id: leeId, room: 'Room 1' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  await clinic.createUser('patient', ANA.email, ANA.password, { name: 'Ana Silva', patient: pid, mfa: false });

  // The front desk: Ana's e-mail, her agreement to e-mails, a consent.
  await open(desk, DESK, `/patients/${pid}`);
  await desk.page.getByRole('heading', { name: 'Ana Silva', level: 1 }).waitFor();
  await shotBoth(desk, 'mon-patient-overview');
  await openTab(desk.page, 'Administration');
  const details = desk.page.getByRole('region', { name: 'Details' });
  await details.getByRole('button', { name: 'Edit details' }).click();
  const form = details.getByRole('form', { name: "Edit the patient's details" });
  await form.getByRole('textbox', { name: 'E-mail (optional)' }).fill('ana.silva@example.org');
  await form.getByLabel('Prefers to be reached').selectOption('email');
  await form.getByLabel(/agrees to e-mails from the clinic/).check();
  await form.getByRole('button', { name: 'Save details' }).click();
  await details.getByText('The details were saved.').waitFor();
  const consents = desk.page.getByRole('region', { name: 'Consents' });
  await consents.getByRole('button', { name: 'Record a consent' }).click();
  const cf = consents.getByRole('form', { name: 'Record a consent' });
  await cf.getByLabel('Consent', { exact: true }).selectOption('remote_monitoring');
  await cf.getByLabel('Decision').selectOption('given');
  await cf.getByLabel('How', { exact: true }).selectOption('in_person_signed');
  await cf.getByLabel('Version of the text shown').fill('2026-01');
  await cf.getByRole('button', { name: 'Record consent' }).click();
  await consents.getByText('Remote monitoring: given, recorded.').waitFor();
  await shotBoth(desk, 'mon-administration');
  await desk.checkA11y('administration tab');

  // The calendar: an overlap and a past time refused with the reason, a free time booked, then moved.
  await open(desk, DESK, '/calendar');
  await desk.page.getByRole('heading', { name: 'Calendar', level: 1 }).waitFor();
  await desk.page.getByLabel('Date', { exact: true }).first().fill(thursday);
  await desk.page.locator('.cal-block').filter({ hasText: 'Bo Berg' }).waitFor();
  await desk.page.getByText('Book an appointment').click();
  await desk.page.getByLabel('Patient').fill('Silv');
  await desk.page.getByRole('button', { name: /Ana Silva/ }).click();
  await desk.page.locator('#bk-clinician').selectOption({ label: 'Lee Chen' });
  await desk.page.getByLabel('Type').selectOption('follow_up');
  await desk.page.locator('#bk-date').fill(thursday);
  await desk.page.locator('#bk-time').fill('10:00');
  await desk.page.getByRole('button', { name: 'Book', exact: true }).click();
  const refusal = desk.page.locator('#bk-refusal');
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /Lee Chen already has an appointment .*10:00-10:30 with Bo Berg/);
  await shotBoth(desk, 'mon-overlap-refused');
  // 07:00 today is an hour ago on the test clock (and days ahead of the real one).
  await desk.page.locator('#bk-date').fill(ymd(monday));
  await desk.page.locator('#bk-time').fill('07:00');
  await desk.page.getByRole('button', { name: 'Book', exact: true }).click();
  await desk.page.getByText(/is in the past/).waitFor();
  await shotBoth(desk, 'mon-past-refused');
  await desk.page.locator('#bk-date').fill(thursday);
  await desk.page.locator('#bk-time').fill('11:00');
  await desk.page.getByRole('button', { name: 'Book', exact: true }).click();
  await desk.page.getByText(/Ana Silva is booked/).waitFor();
  // The notice goes at the reminder loop's next pass (once a minute, or when the clock moves).
  await nudge();
  const booked = await sink.waitFor((m) => m.to.includes('ana.silva@example.org') && m.subject === 'Your appointment is booked', { what: 'the booking notice' });
  assert.match(booked.body, /Lee Chen/);
  assert.match(booked.body, /11:00/);
  await desk.page.locator('.cal-block').filter({ hasText: 'Ana Silva' }).click();
  await desk.page.getByRole('button', { name: 'Move', exact: true }).click();
  await desk.page.getByLabel('New time').fill('14:00');
  await desk.page.getByLabel('Reason for the change').fill('Patient asked for the afternoon');
  await desk.page.getByRole('button', { name: 'Move appointment' }).click();
  await desk.page.getByText(/Ana Silva is moved/).waitFor();
  await shotBoth(desk, 'mon-calendar');
  await desk.checkA11y('calendar');
  await nudge();
  const moved = await sink.waitFor((m) => m.to.includes('ana.silva@example.org') && m.subject === 'Your appointment has changed', { what: 'the change notice' });
  assert.match(moved.body, /14:00/);
  assert.ok(!sink.messages.some((m) => m.subject === 'Your appointment tomorrow'), 'no day-before notice on Monday');
  const appts = (await deskApi.call('GET', `/api/patients/${pid}/appointments`)).body;
  assert.equal(appts.length, 1);
  assert.equal(appts[0].start, `${thursday}T14:00:00.000000Z`);

  // ---- Tuesday 09:00: the program (its first day), a live set, the printed program ----------------------
  await moveTo(new Date(monday.getTime() + DAY + HOUR));
  lee = await api(LEE.email, LEE.password);
  r = await lee.call('POST', `/api/patients/${pid}/programs`, {
    title: 'Knee and shoulder, weeks 1-4',
    reason: 'knee pain on stairs, weak abductors',
    prescriptions: [
      { exercise_id: 'deep_squat', dosage: { sets: 1, reps: 5, times_per_day: 1, days_per_week: 7 } },
      { exercise_id: 'shoulder_abduction', side: 'left', dosage: { sets: 1, reps: 5, times_per_day: 1, days_per_week: 7 } },
    ],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const programId = r.body.id;
  const sim = (name, exercise, side) => liveSet(clinic.cfg, url, { ...ANA, exercise, side, file: squats, program: programId, out: path.join(clinic.dir, `${name}.json`) });
  const tue = await sim('tue-squat', 'deep_squat');
  assert.equal(tue.valid, true, JSON.stringify(tue.reasons));
  assert.equal(tue.repetitions, 5);

  await open(pat, ANA, '/today');
  await pat.page.getByRole('heading', { name: /^Today/, level: 1 }).waitFor();
  await shotBoth(pat, 'tue-today');
  await pat.checkA11y('today');
  await open(pat, ANA, `/patients/${pid}#program`);
  await pat.page.getByRole('heading', { name: /^Knee and shoulder, weeks 1-4 · version 1/ }).waitFor();
  await shotBoth(pat, 'tue-my-program');
  const [download] = await Promise.all([pat.page.waitForEvent('download'), pat.page.getByRole('link', { name: 'Print the program (PDF)' }).click()]);
  const pdfPath = await download.path();
  assert.equal(readFileSync(pdfPath).subarray(0, 5).toString(), '%PDF-');
  if (spawnSync('pdftotext', ['-v']).error) t.diagnostic('pdftotext is not installed: the PDF was not read page by page');
  else {
    const info = spawnSync('pdfinfo', [pdfPath], { encoding: 'utf8' }).stdout;
    const pages = Number((/^Pages:\s+(\d+)$/m.exec(info) || [])[1]);
    assert.ok(pages >= 1, info);
    let all = '';
    for (let n = 1; n <= pages; n++) {
      const text = spawnSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdfPath, '-'], { encoding: 'utf8' }).stdout;
      assert.ok(text.includes(`Page ${n} of ${pages}`), `page ${n} is numbered:\n${text}`);
      assert.ok(text.includes('Harbour Physio'), `page ${n} names the clinic`);
      all += text;
    }
    for (const want of ['Home exercise program', 'For Ana Silva', 'Knee and shoulder, weeks 1-4', 'Deep squat', 'Standing shoulder abduction', 'Left side']) {
      assert.ok(all.includes(want), `the printed program says "${want}":\n${all}`);
    }
  }

  // ---- Wednesday 10:00: a set, a rejected set, a message; the server restarts ----------------------------
  await moveTo(new Date(monday.getTime() + 2 * DAY + 2 * HOUR));
  const wed = await sim('wed-squat', 'deep_squat');
  assert.equal(wed.valid, true, JSON.stringify(wed.reasons));
  // The squat's landmarks as a shoulder abduction: shown live, then rejected by the set's analysis.
  const wrong = await sim('wed-wrong', 'shoulder_abduction', 'left');
  assert.equal(wrong.valid, false, 'the wrong movement is rejected');
  assert.ok(wrong.repetitions_live > 0, 'the live count showed repetitions that are not counted');
  assert.match(wrong.reasons.join(' '), /not a recording of Standing shoulder abduction/);

  await open(pat, ANA, '/today');
  await pat.page.getByTestId('not-counted-today').waitFor();
  // Her bests: the squat only (the rejected shoulder set is in no best).
  const bests = pat.page.getByTestId('personal-bests');
  await bests.getByText('Your personal bests (1)').click();
  await bests.getByText(/Deep squat: 5 repetitions in one session/).waitFor();
  assert.ok(!/abduction/i.test(await bests.innerText()), 'no best from the rejected set');
  await shotBoth(pat, 'wed-today-not-counted');
  await open(pat, ANA, `/patients/${pid}#messages`);
  const box = pat.page.getByTestId('messages');
  await box.getByLabel('Message to your physiotherapist').fill('The squats are fine; my left shoulder exercise was not counted. Am I doing it wrong?');
  await box.getByRole('button', { name: 'Send' }).click();
  const mine = box.locator('li.message.mine').filter({ hasText: 'Am I doing it wrong?' });
  await mine.getByText('Not read yet').waitFor();
  await shotBoth(pat, 'wed-message-sent');
  await pat.checkA11y('messages, patient');

  // What the store holds before the restart.
  lee = await api(LEE.email, LEE.password);
  const items = (b) => (Array.isArray(b) ? b : b.items);
  const snapshot = async (s) => ({
    appointments: items((await s.call('GET', `/api/patients/${pid}/appointments`)).body).map((a) => `${a.start} ${a.status}`),
    logs: items((await s.call('GET', `/api/patients/${pid}/exercise-logs`)).body).map((l) => `${l.exercise_id} ${l.counted}`).sort(),
    messages: items((await s.call('GET', `/api/patients/${pid}/messages`)).body).map((m) => `${m.id} ${m.read}`).sort(),
    consents: items((await s.call('GET', `/api/patients/${pid}/consents`)).body).length,
    email_ok: (await s.call('GET', `/api/patients/${pid}`)).body.email_ok,
    program: (await s.call('GET', `/api/programs/${programId}`)).body.version,
  });
  const before = await snapshot(lee);
  const clockBefore = Date.parse((await (await api('admin@example.org', 'admin-password-12')).call('GET', '/api/test-clock')).body.now);
  url = await clinic.restart();
  const clockAfter = Date.parse((await (await api('admin@example.org', 'admin-password-12')).call('GET', '/api/test-clock')).body.now);
  assert.ok(clockAfter >= clockBefore && clockAfter - clockBefore < 120000, `the clock goes on after the restart (${new Date(clockBefore).toISOString()} -> ${new Date(clockAfter).toISOString()})`);
  lee = await api(LEE.email, LEE.password);
  assert.deepEqual(await snapshot(lee), before, 'nothing is lost in the restart');
  assert.deepEqual(before.logs, ['deep_squat true', 'deep_squat true', 'shoulder_abduction false']);
  assert.equal(before.messages.length, 1);
  assert.match(before.messages[0], / null$/, 'her message is not read yet');
  assert.equal(before.consents, 1);
  assert.equal(before.email_ok, true);

  // Wednesday 14:00: Thursday's 14:00 appointment is 24 hours away: the day-before notice.
  await moveTo(new Date(monday.getTime() + 2 * DAY + 6 * HOUR));
  const tomorrow = await sink.waitFor((m) => m.to.includes('ana.silva@example.org') && m.subject === 'Your appointment tomorrow', { what: 'the day-before notice' });
  assert.match(tomorrow.body, /Lee Chen/);
  assert.match(tomorrow.body, /14:00/);
  assert.equal(sink.messages.filter((m) => m.subject === 'Your appointment tomorrow').length, 1, 'once');

  // ---- Thursday 09:00: a squat set logged by hand, pain 7/10 -----------------------------------------------
  await moveTo(new Date(monday.getTime() + 3 * DAY + HOUR));
  await open(pat, ANA, '/today');
  const squat = pat.page.getByRole('listitem').filter({ has: pat.page.getByRole('heading', { name: 'Deep squat' }) });
  await squat.getByRole('button', { name: 'Log without the camera' }).click();
  const log = squat.getByRole('form', { name: 'Log Deep squat without the camera' });
  assert.equal(await log.getByLabel('Set 1').inputValue(), '5');
  await log.getByRole('group', { name: 'Highest pain during or right after (0-10)' }).getByLabel('7', { exact: true }).check();
  await log.getByLabel('Effort of the last set (0 = rest, 10 = maximal)').fill('6');
  await log.getByRole('button', { name: 'Save this session' }).click();
  await pat.page.getByText('Deep squat: saved.').waitFor();
  await pat.page.getByTestId('pain-advice').waitFor();
  await shotBoth(pat, 'thu-pain-advice');
  await pat.checkA11y('pain advice');

  // ---- Friday 16:00: the physiotherapist -------------------------------------------------------------------
  await moveTo(new Date(monday.getTime() + 4 * DAY + 8 * HOUR));
  await open(physio, LEE, '/caseload');
  const card = physio.page.locator('li.card').filter({ hasText: 'Ana Silva' });
  const pain = card.locator('li.reason-pain_high');
  await pain.getByText(/Pain alert:/).waitFor();
  await shotBoth(physio, 'fri-caseload');
  await pain.getByRole('button', { name: 'Acknowledge' }).click();
  const ack = pain.getByRole('form', { name: 'Acknowledge the alert' });
  await ack.getByLabel('What was done').fill('Called Ana: squats to half depth until Monday.');
  await ack.getByRole('button', { name: 'Acknowledge' }).click();
  await pain.waitFor({ state: 'detached' });
  await shotBoth(physio, 'fri-caseload-acknowledged');
  await physio.checkA11y('caseload');

  // The message, read.
  await open(physio, LEE, `/patients/${pid}#messages`);
  const cbox = physio.page.getByTestId('messages');
  await cbox.locator('li.message.theirs').filter({ hasText: 'Am I doing it wrong?' }).getByText('Ana Silva').waitFor();
  await shotBoth(physio, 'fri-messages');
  lee = await api(LEE.email, LEE.password);
  let hers = null;
  for (let i = 0; i < 50 && !(hers && hers.read); i++) {
    hers = (await lee.call('GET', `/api/patients/${pid}/messages`)).body.items.find((m) => String(m.body).includes('Am I doing it wrong?'));
    if (!(hers && hers.read)) await physio.page.waitForTimeout(200);
  }
  assert.ok(hers && hers.read, `her message is read: ${JSON.stringify(hers)}`);
  assert.ok(Date.parse(hers.read) >= now.getTime(), `read on Friday on the test clock (${hers.read})`);

  // Adherence from the program's first day (Tuesday): 4 days x 2 exercises = 8 sessions prescribed, 3
  // done (the squats of Tuesday, Wednesday and Thursday; the rejected shoulder set is not one).
  const progress = (await lee.call('GET', `/api/patients/${pid}/progress`)).body;
  const prog = progress.programs.find((p) => p.id === programId);
  const week = prog.weeks[prog.weeks.length - 1];
  assert.equal(week.first_day, ymd(monday));
  assert.equal(week.sessions_prescribed, 8, JSON.stringify(week));
  assert.equal(week.sessions_done, 3, JSON.stringify(week));
  assert.equal(week.reps_prescribed, 40, JSON.stringify(week));
  assert.equal(week.reps_done, 15, JSON.stringify(week));
  // Streaks count days with every due exercise done: the shoulder never was (its one set rejected).
  assert.equal(prog.longest_streak_days, 0, JSON.stringify(prog));
  assert.deepEqual(progress.personal_bests.map((b) => b.exercise_id), ['deep_squat']);
  assert.equal(progress.not_counted.length, 1);
  assert.equal(progress.not_counted[0].exercise_id, 'shoulder_abduction');
  await openTab(physio.page, 'Sessions & measures');
  await physio.page.getByRole('heading', { name: 'Exercise over time' }).waitFor();
  await physio.page.getByTestId('not-counted-sets').waitFor();
  const adherence = physio.page.locator('figure').filter({ hasText: 'Sessions done of prescribed per week, Knee and shoulder' });
  await adherence.getByText('Values as a table').click();
  await adherence.getByText(/3 of 8 sessions, week of /).waitFor();
  assert.equal(await physio.page.locator('figure').filter({ hasText: 'Repetitions per session, Standing shoulder abduction' }).count(), 0, 'no chart of the rejected set');
  await shotBoth(physio, 'fri-sessions');
  await physio.checkA11y('sessions and measures');
  for (const [tab, name] of [['Overview', 'overview'], ['Program', 'program'], ['Recordings', 'recordings'], ['Notes', 'notes'], ['Appointments', 'appointments'], ['Administration', 'administration'], ['Access log', 'access-log']]) {
    await openTab(physio.page, tab);
    await physio.page.waitForLoadState('networkidle');
    await shotBoth(physio, `fri-${name}`);
  }
  await physio.checkA11y('access log tab');
  // The audit trail holds the week, and the clock's moves.
  const audit = [];
  for (let cursor = '', pages = 0; cursor !== null && pages < 50; pages++) {
    const page = (await lee.call('GET', `/api/patients/${pid}/audit${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`)).body;
    audit.push(...items(page).map((e) => e.action));
    cursor = (!Array.isArray(page) && page.next_cursor) || null;
  }
  for (const a of ['patient.update', 'consent.create', 'appointment.create', 'message.create', 'caseload_alert.create']) assert.ok(audit.includes(a), `audit has ${a}`);

  for (const s of [desk, pat, physio]) {
    for (const [k, m] of s.pageLengths) console.log(`phone length: ${k}: ${Math.round(m.height)} px (${(m.height / m.vh).toFixed(2)} screens)`);
    s.assertShort(assert);
  }
  console.log(`e-mails in the sink: ${sink.messages.map((m) => m.subject).join('; ')}`);
  assertNoPageProblems(assert, [...desk.problems, ...pat.problems, ...physio.problems], [...desk.a11y, ...pat.a11y, ...physio.a11y]);
});
