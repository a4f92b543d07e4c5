// Every page a patient can open, worded for the patient (issue 26, "patient pages worded for patients"; issue
// 41, "the clinic's own words"): Today, their record's tabs, live practice, questionnaires (a short one and
// KOOS, JR.), messages, the upload page and their account, at 360 px and at 1280 px with screenshots; the
// e-mails the clinic sent them (an SMTP sink: the message notice, the appointment booked) and their printed
// program (its text through pdftotext). On each, the text a patient reads holds no clinician jargon, billing
// internals or raw codes (no ICD-10 or CPT code, no RTM or billing words, no abbreviation a patient is not
// told: NPRS, RIR, RPE, ROM, SOAP) and no internal words (lib/wording.mjs, internalWords: identifiers from
// code, code names like KOOS_JR, file kinds, "developers", a bare "saved: 66", "1 days", "0.86 weeks",
// frames). The clinic's telephone and emergency numbers, set by its administrator, are what the pain advice,
// the messages page and the printed program say. A patient's own record with a condition, a program, a
// logged session, a stop-level pain report, an analysed recording (their own report only, never the
// clinician's), a questionnaire, an appointment, a message and a remote-monitoring consent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { apiSession, assertNoPageProblems, browserSession, sleep } from './lib/harness.mjs';
import { loginInBrowser, openTab, clinicWithMail } from './lib/flows.mjs';
import { internalWords } from './lib/wording.mjs';

const JARGON = [
  [/\b[a-z0-9]+_[a-z0-9_]+\b/i, 'an id with an underscore'],
  [/\b[A-TV-Z]\d{2}(\.\d{1,2})?\b/, 'an ICD-10 code'],
  [/\b9\d{4}\b/, 'a billing (CPT) code'],
  [/\bRTM\b|\bbilling\b|\bbillable\b|\bCPT\b/i, 'billing words'],
  [/\bNPRS\b|\bRIR\b|\bRPE\b|\bROM\b|\bSOAP\b|\bICD\b|\bPROM\b/, 'an unexplained abbreviation'],
  [/\bepisode of care\b|\bepisodes of care\b/i, 'clinician jargon'],
];

function jargonIn(text) {
  const found = [];
  for (const [re, what] of JARGON) {
    const m = text.match(re);
    if (m) found.push(`${what}: "${m[0]}" in "${text.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, ' ')}"`);
  }
  return [...found, ...internalWords(text, 'internal word')];
}

const CLINIC_PHONE = '020 7946 0000';
const EMERGENCY = '112';

test('every page a patient opens is worded for the patient, at 360 px and 1280 px', { timeout: 300000 }, async (t) => {
  const { clinic, sink, mailArgs } = await clinicWithMail(t, 'patient-words');
  await clinic.createClinic('Riverside Clinic');
  await clinic.createUser('physiotherapist', 'lee@example.org', 'setup-password-1', { name: 'Lee Chen', mfa: false });
  await clinic.createUser('admin', 'admin@example.org', 'admin-password-12', { name: 'Ada Admin', mfa: false });
  const url = await clinic.start({
    extraArgs: ['--test-clock', 'true', ...mailArgs('clinic@riverside.example')],
  });
  // The administrator sets the clinic's own words: patients read them, not a fixed number.
  const admin = await apiSession(url, 'admin@example.org', 'admin-password-12');
  let r = await admin.call('PUT', '/api/clinic', { address: '1 River Street\nLondon', phone: CLINIC_PHONE, emergency_number: EMERGENCY });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await admin.call('PUT', '/api/clinic', { phone: 'call us' });
  assert.equal(r.status, 400, 'a telephone number that is not one is refused');
  assert.equal(r.body.field, '/phone', JSON.stringify(r.body));
  const staff = await apiSession(url, 'lee@example.org', 'setup-password-1');
  r = await staff.call('POST', '/api/patients', { given_name: 'Ana', family_name: 'Silva', birth_date: '1958-03-09', email: 'ana@example.org', email_ok: true });
  assert.equal(r.status, 201);
  const pid = r.body.id;
  r = await staff.call('POST', `/api/patients/${pid}/episodes`, { icd10_code: 'M17.11', condition_text: 'Knee osteoarthritis', side: 'right' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await staff.call('POST', `/api/patients/${pid}/programs`, {
    title: 'Knee osteoarthritis, weeks 1-4',
    reason: 'knee pain on stairs',
    prescriptions: [{ exercise_id: 'mini_squat', dosage: { sets: 2, reps: 10, days_per_week: 7 }, notes: 'Hold the back of a chair.' }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await staff.call('POST', `/api/patients/${pid}/consents`, { kind: 'remote_monitoring', status: 'given', method: 'in_person_signed', text_version: '2026-01' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await staff.call('POST', `/api/patients/${pid}/questionnaire-responses`, { instrument: 'nprs', answers: [3] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const soon = new Date(Date.now() + 9 * 86400000);
  soon.setUTCHours(10, 0, 0, 0);
  r = await staff.call('POST', `/api/patients/${pid}/appointments`, { start: soon.toISOString().replace(/\.\d+Z$/, 'Z'), duration_min: 30, back_entry: false, outside_hours_ok: true });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await staff.call('POST', `/api/patients/${pid}/messages`, { body: 'How did the squats go this week?' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  // An analysed recording (the synthetic person's squats as landmarks): the patient sees their own report only.
  const squats = await clinic.demoLandmarks();
  const up = await fetch(`${url}/api/patients/${pid}/recordings?kind=landmarks&exercise=deep_squat&name=squats.json`, {
    method: 'POST',
    headers: { Cookie: staff.cookie, 'X-CSRF-Token': staff.csrf, 'Content-Type': 'application/octet-stream' },
    body: readFileSync(squats),
  });
  const upText = await up.text();
  assert.equal(up.status, 202, upText);
  const { job_id: jobId } = JSON.parse(upText);
  for (let i = 0; ; i++) {
    const j = await staff.call('GET', `/api/jobs/${jobId}`);
    if (j.body.state === 'done') break;
    assert.notEqual(j.body.state, 'failed', JSON.stringify(j.body));
    assert.ok(i < 240, 'the analysis finishes within 2 minutes');
    await sleep(500);
  }
  await clinic.createUser('patient', 'ana@example.org', 'ana-password-123', { name: 'Ana Silva', patient: pid, mfa: false });
  const ana = await apiSession(url, 'ana@example.org', 'ana-password-123');
  r = await ana.call('POST', `/api/patients/${pid}/exercise-logs`, { exercise_id: 'mini_squat', reps_per_set: [10, 10], pain_during_nprs: 3, rpe: 6 });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  // A stop-level pain report: the advice names the clinic's own numbers, and the automatic alert waits in
  // the conversation (never shown to the patient as their own words).
  r = await ana.call('POST', `/api/patients/${pid}/exercise-logs`, { exercise_id: 'mini_squat', reps_per_set: [4], pain_during_nprs: 8 });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const problemsAll = [];
  const advice = `${r.body.advice.title} ${r.body.advice.text}`;
  assert.match(advice, new RegExp(`phone Riverside Clinic on ${CLINIC_PHONE}`), advice);
  assert.match(advice, new RegExp(`call ${EMERGENCY} now`), advice);
  assert.doesNotMatch(advice, /999/, 'no fixed emergency number');
  for (const j of jargonIn(advice)) problemsAll.push(`pain advice: ${j}`);

  // The printed program, as the patient downloads it: its text through pdftotext.
  const programs = await ana.call('GET', `/api/patients/${pid}/programs`);
  assert.equal(programs.status, 200, JSON.stringify(programs.body));
  const programList = Array.isArray(programs.body) ? programs.body : programs.body.items;
  for (const prog of programList) {
    const res = await fetch(`${url}/api/programs/${prog.id}/print`, { headers: { Cookie: ana.cookie } });
    assert.equal(res.status, 200, `printing program ${prog.id}`);
    const pdf = path.join(clinic.dir, `program-${prog.id}.pdf`);
    writeFileSync(pdf, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    assert.match(text, new RegExp(`Telephone ${CLINIC_PHONE}`), 'the printed program gives the clinic\'s number');
    assert.match(text, new RegExp(`call ${EMERGENCY} now`), 'and its emergency number');
    for (const j of jargonIn(text)) problemsAll.push(`printed program: ${j}`);
  }

  // The e-mails: a message left unread and the appointment booked, sent once the clock moves on.
  assert.equal((await admin.call('POST', '/api/test-clock', { advance_s: 20 * 60 })).status, 200);
  const notice = await sink.waitFor((m) => m.to.includes('ana@example.org') && /message/i.test(m.subject), { what: 'the message notice', timeoutMs: 90000 });
  const booked = await sink.waitFor((m) => m.to.includes('ana@example.org') && /appointment/i.test(m.subject), { what: 'the appointment e-mail', timeoutMs: 90000 });
  for (const m of [notice, booked]) {
    assert.match(m.body, new RegExp(`Telephone: ${CLINIC_PHONE}`), `${m.subject}: the clinic's closing lines`);
  }
  await sink.waitFor((m) => m.to.includes('lee@example.org') && /^Pain alert/.test(m.subject), { what: 'the pain alert to the physiotherapist', timeoutMs: 90000 });
  for (const m of sink.messages.filter((x) => x.to.includes('ana@example.org'))) {
    for (const j of jargonIn(`${m.subject}\n${m.body}`)) problemsAll.push(`e-mail "${m.subject}": ${j}`);
  }

  for (const width of [360, 1280]) {
    const s = await browserSession(t, `patient-words-${width}`, { width, height: width < 500 ? 740 : 900 });
    const { page } = s;
    const seen = [];
    const check = async (where) => {
      await page.waitForLoadState('networkidle', { timeout: 4000 }).catch(() => {}); // the live page keeps a socket open
      const text = await page.locator('main').innerText();
      for (const j of jargonIn(text)) problemsAll.push(`${where} at ${width} px: ${j}`);
      await s.shot(where.replace(/[^a-z0-9]+/gi, '-').toLowerCase());
      await s.checkA11y(`${where} at ${width} px`);
      seen.push(where);
    };
    await page.goto(`${url}/`);
    await loginInBrowser(page, { email: 'ana@example.org', password: 'ana-password-123' });
    await page.getByRole('heading', { name: /^Today/, level: 1 }).waitFor();
    await check('today');
    await page.goto(`${url}/patients/${pid}`);
    await page.getByRole('heading', { name: 'Ana Silva', level: 1 }).waitFor();
    const tabs = await page.getByRole('tab').allInnerTexts();
    for (const name of tabs) {
      await openTab(page, name.trim());
      if (name.trim() === 'Recordings') {
        // Their own report, never the clinician's.
        const rec = page.locator('li.recording').first();
        await rec.getByRole('link', { name: /^Open your report/ }).waitFor();
        assert.equal(await rec.getByRole('link', { name: /Clinician report/ }).count(), 0, 'no clinician report for the patient');
      }
      // Everything folded is opened: a patient may open it too. One fold at a time, the first closed one in
      // view, until none is left (a fold inside a closed one comes into view once that one opens). A list of
      // the closed folds taken once goes stale as each opens: every other one was skipped, and a click on a
      // position past the end waited out the action's whole timeout, 15 s each.
      await page.waitForLoadState('networkidle', { timeout: 4000 }).catch(() => {}); // the tab's data loaded
      const closed = page.locator('main details:not([open]) > summary');
      for (let opened = 0; opened < 100; opened++) {
        let next = null;
        for (let i = 0, n = await closed.count(); i < n && !next; i++) if (await closed.nth(i).isVisible()) next = closed.nth(i);
        if (!next) break;
        await next.click();
      }
      await check(`record, ${name.trim()}`);
    }
    await page.goto(`${url}/patients/${pid}/live`);
    await page.locator('main h1').waitFor();
    await check('live practice');
    await page.goto(`${url}/patients/${pid}/questionnaires/nprs`);
    await page.locator('main h1').waitFor();
    await check('questionnaire');
    await page.goto(`${url}/patients/${pid}/questionnaires/koos_jr`);
    await page.locator('main h1').waitFor();
    await check('questionnaire KOOS JR');
    // The exercises' names answering after the recordings (a loaded server): a recording's title never
    // shows the exercise's id meanwhile ("deep_squat, 28 Nov 2026" was read once in a whole run).
    await page.route('**/api/exercises', async (route) => {
      await new Promise((r) => setTimeout(r, 2500));
      await route.continue();
    });
    await page.goto(`${url}/patients/${pid}`);
    await openTab(page, 'Recordings');
    const firstTitle = page.locator('li.recording .card-title').first();
    await firstTitle.waitFor();
    assert.match(await firstTitle.innerText(), /^Deep squat, /, 'the recording named by its exercise while the library was slow');
    await page.unroute('**/api/exercises');
    // The automatic pain alert in the patient's own conversation: never "You".
    await page.goto(`${url}/patients/${pid}#messages`);
    const alert = page.locator('li.message').filter({ hasText: 'Automatic pain alert' });
    await alert.waitFor();
    assert.equal(await alert.locator('.message-meta strong').innerText(), 'Automatic alert to your physiotherapist');
    await page.getByText(`phone Riverside Clinic on ${CLINIC_PHONE}; in an emergency, call ${EMERGENCY}`).waitFor();
    // The record's tabs fit the width: none off-screen to the side.
    const tabEls = await page.getByRole('tab').all();
    for (const tab of tabEls) {
      const box = await tab.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= width + 0.5, `tab "${await tab.innerText()}" in view at ${width} px`);
    }
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= width, `no sideways scrolling at ${width} px`);
    await page.goto(`${url}/patients/${pid}/upload`);
    await page.locator('main h1').waitFor();
    await check('upload');
    await page.goto(`${url}/account`);
    await page.getByRole('heading', { name: 'Your account', level: 1 }).waitFor();
    await check('account');
    assert.ok(seen.length >= 10, `pages seen: ${seen.join(', ')}`);
    assertNoPageProblems(assert, s.problems, s.a11y);
  }
  assert.deepEqual(problemsAll, [], `words a patient should not have to read:\n${problemsAll.join('\n')}`);
});
