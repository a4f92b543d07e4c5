// The main flow: a physiotherapist's first login enrols a second factor, they add a patient, upload a real
// video and watch the analysis run and refuse it with the engine's reason, upload a real video of one
// person exercising and read its repetitions and score and open its report, upload a landmark recording of
// squats likewise; a later login asks for a code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { Clinic, assertNoPageProblems, browserSession, config, modelsDir, totp } from './lib/harness.mjs';
import { loginInBrowser, logOut, openTab } from './lib/flows.mjs';
import { JOB_TIMEOUT_MS, upload, waitForJob } from './lib/recordings.mjs';

// A real video (Sports2D's demo, BSD-3-Clause): jumping jacks, a backflip and a second person walking
// through. Uploaded as shoulder abduction, the engine refuses to score it (`physio analyze` says why: the
// person followed is seen from the side, and the exercise is filmed from the front), and the page must
// show that reason. The repetitions-and-score part uses a real clip of one woman doing bodyweight squats filmed
// from the front (real-exercise-clips, Pexels licence): 3 whole squats and a fourth cut by the end of the
// clip, counted by hand on a contact sheet (INDEX.md; tests/exercise/data/real-clips-counts.json); and a
// landmark recording of squats made by `physio demo` (the synthetic person, 5 squats).
const VIDEO = 'sports2d-demo/demo.mp4';
const EXERCISE = 'shoulder_abduction';
const SQUAT_CLIP = 'real-exercise-clips/fit_squat_bodyweight_front_woman.mp4';
const SQUAT_EXERCISE = 'deep_squat';
const CLIP_REPETITIONS = 3; // whole squats in the clip, by hand (the fourth, cut by the end, is partial)
const LANDMARK_EXERCISE = 'deep_squat';
const EMAIL = 'sam.physio@example.org';
const PASSWORD = 'knee-over-toes-42';

test('a physiotherapist enrols a second factor, adds a patient, uploads recordings and opens a report', { timeout: JOB_TIMEOUT_MS + 180000 }, async (t) => {
  const video = path.join(config().shared, VIDEO);
  if (!existsSync(video)) return t.skip(`${video} is missing`);
  const clip = path.join(config().shared, SQUAT_CLIP);
  if (!existsSync(clip)) return t.skip(`${clip} is missing`);
  const models = modelsDir();
  if (!existsSync(path.join(models, 'pose_detection.tflite'))) return t.skip(`no BlazePose models in ${models} (scripts/fetch-models.sh)`);
  const clinic = new Clinic('main-flow');
  t.after(() => clinic.stop());
  await clinic.createClinic('Riverside Physiotherapy');
  await clinic.createUser('physiotherapist', EMAIL, PASSWORD, { name: 'Sam Okafor' });
  const url = await clinic.start();

  const { page, problems, shot, checkA11y, a11y } = await browserSession(t, 'main-flow');

  // First login: the server asks to enrol; the page shows the key as text and as an otpauth:// URI.
  await page.goto(`${url}/`);
  await page.getByRole('heading', { name: 'Log in to physiokit' }).waitFor();
  await shot('login');
  await checkA11y('login');
  const { secret, step } = await loginInBrowser(page, { email: EMAIL, password: PASSWORD, shot, checkA11y });
  assert.ok(secret && /^[A-Z2-7]+=*$/.test(secret), `a base32 secret was shown (${secret})`);
  // A physiotherapist lands on their day, then opens the patient list from the menu.
  await page.getByRole('heading', { name: 'Caseload', level: 1 }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/caseload');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();
  await page.getByRole('heading', { name: 'Patients', level: 1 }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/patients');
  await shot('patients-empty');
  await checkA11y('patients');

  // A new patient; the server's answer about a field is shown next to that field, in words.
  await page.getByRole('link', { name: 'New patient' }).click();
  await page.getByRole('heading', { name: 'New patient' }).waitFor();
  await page.getByLabel('Given name').fill('Maria');
  await page.getByLabel('Family name').fill('da Silva');
  await page.getByLabel('Birth date').fill('1958-03-14');
  await page.getByLabel('Sex').selectOption('female');
  await page.getByLabel('Medical record number (MRN)').fill('RP-1042');
  await page.getByLabel('Preferred language').selectOption({ label: 'Portuguese (Brazil)' });
  await page.locator('#new-emergency_name').fill('João da Silva');
  await page.getByLabel("Emergency contact's phone").fill('912 345 678');
  await page.getByRole('button', { name: 'Save patient' }).click();
  const phoneError = page.locator('#new-emergency_phone-error');
  await phoneError.waitFor();
  assert.match(await phoneError.innerText(), /international form/i);
  assert.equal(await page.getByLabel("Emergency contact's phone").getAttribute('aria-invalid'), 'true');
  // Focus moves to the field in error on the next frame (requestAnimationFrame).
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'new-emergency_phone', null, { timeout: 5000 });
  await shot('new-patient-field-error');
  await checkA11y('new patient with an error');
  await page.getByLabel("Emergency contact's phone").fill('+351 912 345 678');
  await page.getByLabel('Time zone').fill('Europe/Lisbon');
  await page.getByRole('button', { name: 'Save patient' }).click();
  await page.getByRole('heading', { name: 'Maria da Silva', level: 1 }).waitFor();
  const patientUrl = page.url();
  assert.match(new URL(patientUrl).pathname, /^\/patients\/[^/]+$/);
  await page.getByText('Maria da Silva was added.').waitFor();
  await shot('patient-created');

  // The real video: the analysis runs (queued -> running with progress) and is refused with the reason.
  const videoRec = await upload(page, patientUrl, { kind: 'Video', file: video, exercise: EXERCISE, shot, checkA11y, name: 'video' });
  assert.equal(await waitForJob(page, videoRec, shot, 'video'), 'failed', `the video was scored: ${await videoRec.innerText()}`);
  const reason = await videoRec.locator('.job-error').innerText();
  assert.match(reason, /not a recording of Standing shoulder abduction/, `the engine's reason is shown (${reason})`);
  assert.match(reason, /the person is seen from the side/, `the reason says what the recording looks like instead (${reason})`);
  assert.equal(await videoRec.locator('.fact-score').count(), 0, 'no score for a refused recording');

  // A real person exercising: repetitions, score and report from the video itself.
  const clipRec = await upload(page, patientUrl, { kind: 'Video', file: clip, exercise: SQUAT_EXERCISE, shot, name: 'real-video' });
  assert.equal(await waitForJob(page, clipRec, shot, 'real-video'), 'done', `the real video was refused: ${await clipRec.innerText()}`);
  const clipReps = clipRec.locator('.fact-repetitions dd');
  await clipReps.waitFor({ timeout: 15000 });
  const clipRepText = await clipReps.innerText();
  assert.equal(Number.parseInt(clipRepText, 10), CLIP_REPETITIONS, `3 whole squats in the real video (${clipRepText})`);
  assert.match(await clipRec.locator('.fact-score dd').innerText(), /^\d+(\.\d)? out of 100$/);
  assert.match(await clipRec.getByRole('link', { name: /Patient report/ }).getAttribute('href'), /^\/api\/recordings\/[^/]+\/report$/);
  await clipRec.scrollIntoViewIfNeeded();
  await shot('real-video-summary');

  // A landmark recording of squats: repetitions, score and report.
  const squats = await clinic.demoLandmarks();
  const rec = await upload(page, patientUrl, { kind: 'Landmark file', file: squats, exercise: LANDMARK_EXERCISE, shot, name: 'landmarks' });
  assert.equal(await waitForJob(page, rec, shot, 'landmarks'), 'done', `the analysis failed: ${await rec.innerText()}`);

  // Repetitions, score and the report link in the timeline.
  const reps = rec.locator('.fact-repetitions dd');
  await reps.waitFor({ timeout: 15000 });
  const repText = await reps.innerText();
  assert.match(repText, /^\d+/, `repetitions shown (${repText})`);
  assert.equal(Number.parseInt(repText, 10), 5, `the synthetic person squats 5 times (${repText})`);
  const scoreText = await rec.locator('.fact-score dd').innerText();
  assert.match(scoreText, /^\d+(\.\d)? out of 100$/);
  // The page shows what the server has for this recording.
  const recordings = await page.evaluate(async (p) => (await fetch(`/api/patients/${p}/recordings`, { credentials: 'same-origin' })).json(), new URL(patientUrl).pathname.split('/')[2]);
  const mine = recordings.find((r) => r.original_name === path.basename(squats));
  assert.ok(mine && mine.summary, `the API has a summary: ${JSON.stringify(mine)}`);
  assert.equal(Number.parseInt(repText, 10), mine.summary.repetitions);
  assert.equal(Number.parseFloat(scoreText), Math.round(mine.summary.score * 10) / 10);
  const report = rec.getByRole('link', { name: /Patient report/ });
  const href = await report.getAttribute('href');
  assert.match(href, /^\/api\/recordings\/[^/]+\/report$/);
  await rec.scrollIntoViewIfNeeded();
  await shot('recording-summary');
  await checkA11y('patient with an analysed recording');

  // Measurements over time appear as charts with the unit on the axis.
  const charts = page.locator('figure.chart');
  if (await charts.count()) {
    await charts.first().locator('canvas').waitFor();
    await charts.first().scrollIntoViewIfNeeded();
    await shot('measurements');
  }

  // The record shows who opened it (its own tab, folded until asked for).
  await openTab(page, 'Access log');
  await page.getByText(/^Show who opened or changed it/).click();
  const audit = page.locator('table.audit');
  await audit.waitFor();
  assert.match(await audit.innerText(), /Sam Okafor|sam\.physio@example\.org/, 'the physiotherapist is listed');

  // The report opens (text/html from the server).
  await openTab(page, 'Recordings');
  await report.click();
  await page.waitForURL(`${url}${href}`);
  await page.waitForLoadState('load');
  assert.equal(await page.evaluate(() => document.contentType), 'text/html', 'the report is an HTML page');
  const reportText = await page.locator('body').innerText();
  assert.ok(reportText.trim().length > 0, 'the report has content');
  await shot('report');
  await page.goBack();
  await page.getByRole('heading', { name: 'Maria da Silva', level: 1 }).waitFor();

  // The clinician's report of the same recording (staff only): every measure with its unit, each repetition,
  // the analysis settings; its path ends back on the patient's page.
  await openTab(page, 'Recordings');
  await rec.getByRole('link', { name: /Clinician report/ }).click();
  await page.waitForURL(/\/api\/recordings\/[^/]+\/clinician-report$/);
  await page.getByRole('heading', { name: /^Clinician report: /, level: 1 }).waitFor();
  const clinicianText = await page.locator('body').innerText();
  assert.match(clinicianText, /Repetitions counted\s+5\s+repetitions/);
  for (const part of ['Repetitions', 'Not counted, and why', 'Analysis settings', 'Quality flags', 'Definitions'])
    assert.ok(clinicianText.includes(part), `the clinician report has "${part}"`);
  await shot('clinician-report');
  await page.getByRole('link', { name: "Back to Maria da Silva's record" }).click();
  await page.getByRole('heading', { name: 'Maria da Silva', level: 1 }).waitFor();

  // Log out; the next login asks for a code from the enrolled authenticator.
  await logOut(page);
  await shot('logged-out');
  await loginInBrowser(page, { email: EMAIL, password: PASSWORD, secret, shot, lastStep: step });
  await page.getByRole('heading', { name: 'Caseload', level: 1 }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();
  await page.getByRole('heading', { name: 'Patients', level: 1 }).waitFor();
  await page.getByRole('link', { name: /da Silva, Maria/ }).waitFor();
  await shot('second-login');
  assert.equal(totp(secret).length, 6);
  assertNoPageProblems(assert, problems, a11y);
});
