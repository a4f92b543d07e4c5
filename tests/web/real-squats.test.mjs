// The clinic path on a real person doing squats (../shared/data/real-squats-front, read there, never copied):
// a physiotherapist uploads the clip to a patient as a deep squat and the record shows its repetitions with
// their measures, the score, the repetition not counted with its reason and the report; then the patient
// does a live set in front of Chromium's fake camera playing the same clip, and is shown the same count.
//
// The count, established by hand (tests/exercise/data/real_squats_front_hand_count.json, frame by frame):
// 2 complete squats (bottoms near 1.8 s and 6.6 s) and a third descent from 10.4 s that the clip's end
// cuts off before the return to standing, so not a repetition.
//
// The camera's clip: the 65 frames (5 frames/s) each repeated 6 times to the camera's 30 frames/s, scaled
// to 288 x 512, with the first frame (standing, arms down) held 8 s before them and the last frame held 8 s
// after them (made with ffmpeg in the test's folder). The fake camera plays it in a loop from the moment
// the page turns the camera on; the test starts the set while the first frame is held (the patient
// standing ready) and finishes it while the last is held, so the set holds the clip once, as the upload
// does. A set that starts or ends in the middle of a squat is another test's matter (live.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Clinic, apiSession, assertNoPageProblems, modelsDir, openPage, sleep } from './lib/harness.mjs';
import { loginInBrowser } from './lib/flows.mjs';
import { JOB_TIMEOUT_MS, upload, waitForJob } from './lib/recordings.mjs';
import { clinicWithPatient, fakeCameraBrowser } from './lib/setup.mjs';
import { fakeCameraClip, probe } from './lib/clips.mjs';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const CLIP = 'real-squats-front/pose_squats.mp4';
const EXERCISE = 'deep_squat';
const ESTABLISHED = 2; // complete squats, counted by hand (above)
const HOLD_START_S = 8;
const HOLD_END_S = 8;
const CLIP_S = 13; // 65 frames at 5 frames/s

test('a real person squatting: the upload and a live set in front of the camera both count 2', { timeout: JOB_TIMEOUT_MS + 600000 }, async (t) => {
  const clinic = new Clinic('real-squats');
  t.after(() => clinic.stop());
  const src = path.join(clinic.cfg.shared, CLIP);
  if (!existsSync(src)) return t.skip(`${src} is absent`);
  if (!existsSync(path.join(modelsDir(), 'pose_detection.tflite'))) return t.skip(`no BlazePose models in ${modelsDir()} (scripts/fetch-models.sh)`);
  if (!existsSync(path.join(REPO, 'web', 'static', 'vendor', 'mediapipe', 'pose.js'))) throw new Error('web/static/vendor/mediapipe/ is not installed; run scripts/fetch-web.sh');
  const y4m = await fakeCameraClip(src, path.join(clinic.dir, 'squats.y4m'), { width: 288, height: 512, holdStartS: HOLD_START_S, holdEndS: HOLD_END_S });
  const { frames, fps } = await probe(y4m);
  const loopS = frames / fps;
  assert.ok(Math.abs(loopS - (HOLD_START_S + CLIP_S + HOLD_END_S)) < 0.1, `the camera's clip lasts ${loopS} s`);

  const { url, staff, pid } = await clinicWithPatient(clinic, {
    clinicName: 'Northside Physio',
    physio: { email: 'kim@example.org', password: 'setup-password-1', name: 'Kim Park' },
    patient: { given_name: 'Rosa', family_name: 'Lima', birth_date: '1979-02-11' },
    patientLogin: { email: 'rosa@example.org', password: 'rosa-password-123' },
  });

  const { browser, pages } = await fakeCameraBrowser(t, y4m);

  // ---- The upload: the physiotherapist on the patient's record.
  const physio = await openPage(browser, 'real-squats-upload', { width: 1024, height: 900 });
  pages.push(physio);
  const p = physio.page;
  await p.goto(`${url}/patients/${encodeURIComponent(pid)}`);
  await loginInBrowser(p, { email: 'kim@example.org', password: 'setup-password-1' });
  await p.getByRole('heading', { name: 'Rosa Lima', level: 1 }).waitFor();
  const patientUrl = p.url();
  const rec = await upload(p, patientUrl, { kind: 'Video', file: src, exercise: EXERCISE, shot: physio.shot, checkA11y: physio.checkA11y, name: 'squats' });
  assert.equal(await waitForJob(p, rec, physio.shot, 'squats'), 'done', `the squats were refused: ${await rec.innerText()}`);
  const repText = await rec.locator('.fact-repetitions dd').innerText();
  assert.equal(Number.parseInt(repText, 10), ESTABLISHED, `2 squats counted from the video (${repText})`);
  assert.match(await rec.locator('.fact-score dd').innerText(), /^\d+(\.\d)? out of 100$/);
  assert.match(await rec.locator('.fact-rom dd').innerText(), /^\d+(\.\d)?°$/);
  // Why the third descent is not a repetition, on the record.
  const notCounted = rec.getByTestId('not-counted-reps');
  assert.match(await notCounted.innerText(), /ends before it is complete/);
  await rec.scrollIntoViewIfNeeded();
  await physio.shot('squats-summary');
  await physio.checkA11y('record with the analysed squats');
  // Each repetition's measures, as the API has them.
  const recordings = (await staff.call('GET', `/api/patients/${encodeURIComponent(pid)}/recordings`)).body;
  const listed = recordings.find((r) => r.original_name === path.basename(src));
  const mine = (await staff.call('GET', `/api/recordings/${encodeURIComponent(listed.id)}`)).body;
  const counted = mine.result.reps.filter((r) => !r.partial);
  assert.equal(counted.length, ESTABLISHED);
  for (const r of counted) {
    assert.ok(r.rom_deg > 45 && r.rom_deg < 140, `a squat's range of motion is a squat's (${r.rom_deg})`);
    assert.ok(r.duration_s > 1 && r.duration_s < 6, `a squat's duration (${r.duration_s} s)`);
    assert.equal(typeof r.score, 'number');
  }
  const batch = mine.summary.repetitions;
  // The report, with a line per repetition.
  const href = await rec.getByRole('link', { name: /Patient report/ }).getAttribute('href');
  await rec.getByRole('link', { name: /Patient report/ }).click();
  await p.waitForURL(`${url}${href}`);
  const report = await p.locator('body').innerText();
  assert.match(report, /You did 2 repetitions of Deep squat \(and 1 partial one\)/);
  // Its table: a row per repetition (number, start, duration, range...) and the partial one.
  assert.match(report, /^1\t0\.\d\t/m);
  assert.match(report, /^2\t5\.\d\t/m);
  assert.match(report, /^partial\t10\.\d\t/m);
  assert.doesNotMatch(report, /^3\t/m);
  await physio.shot('squats-report');

  // ---- The live set: the patient, on a phone, in front of the fake camera playing the same clip.
  const patient = await openPage(browser, 'real-squats-live', { width: 360, height: 800 });
  pages.push(patient);
  const { page, shot, checkA11y } = patient;
  await patient.context.grantPermissions(['camera'], { origin: url });
  page.setDefaultTimeout(30000);
  await page.goto(`${url}/patients/${encodeURIComponent(pid)}/live`);
  await loginInBrowser(page, { email: 'rosa@example.org', password: 'rosa-password-123' });
  await page.goto(`${url}/patients/${encodeURIComponent(pid)}/live`);
  await page.getByRole('heading', { name: /Live exercise/, level: 1 }).waitFor();
  await page.getByLabel('Exercise').selectOption({ label: 'Deep squat' });
  await shot('choose');
  const cameraOn = Date.now(); // the fake camera starts its clip when the page opens it
  await page.getByRole('button', { name: 'Turn on the camera' }).click();
  await page.locator('.framing-ok').waitFor({ timeout: 90000 }).catch(async (e) => {
    throw new Error(`the framing check did not pass: "${await page.getByTestId('framing').innerText().catch(() => '')}" (${e.message})`);
  });
  await shot('framing-good');
  // Start while the first frame is held: at 1 s into a pass of the clip (the next one if this one is past).
  const phase = () => (((Date.now() - cameraOn) / 1000) % loopS);
  const startAt = 1;
  if (phase() > HOLD_START_S - 3) await sleep((loopS - phase() + startAt) * 1000);
  else if (phase() < startAt) await sleep((startAt - phase()) * 1000);
  const startPhase = phase();
  await page.getByRole('button', { name: 'Start the set' }).click();
  await page.getByTestId('rep-count').waitFor();
  await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
  // Finish half-way through the held last frame.
  const endPhase = HOLD_START_S + CLIP_S + HOLD_END_S / 2;
  await sleep((endPhase - phase()) * 1000);
  await shot('live');
  await checkA11y('live squats, during the set');
  await page.getByRole('button', { name: 'Finish set' }).click();
  await page.getByTestId('set-complete').waitFor({ timeout: 60000 });
  const shown = Number(await page.getByTestId('rep-count').innerText());
  await page.getByTestId('stored').waitFor({ timeout: 300000 });
  await shot('stored');

  const patientApi = await apiSession(url, 'rosa@example.org', 'rosa-password-123');
  const list = await patientApi.call('GET', `/api/patients/${encodeURIComponent(pid)}/live-sessions`);
  const s = (await patientApi.call('GET', `/api/live-sessions/${encodeURIComponent(list.body.items[0].id)}`)).body;
  const link = await page.evaluate(() => ({ seq: window.physioLive.seq, firstUs: window.physioLive.firstUs, lastUs: window.physioLive.lastUs }));
  const setS = (link.lastUs - link.firstUs) / 1e6;
  const reps = (s.live.events || []).filter((e) => e.type === 'rep').map((e) => ({ index: e.index, start_s: e.start_s, end_s: e.end_s, rom_deg: e.rom_deg, reason: e.not_counted_reason }));
  console.log(`real squats figures: ${JSON.stringify({ batch, shown, stored: s.stored && s.stored.repetitions, set_s: setS.toFixed(1), frames: link.seq, frames_per_second: (link.seq / setS).toFixed(1), start_phase_s: startPhase.toFixed(1), reps })}`);
  assert.equal(s.state, 'complete');
  assert.equal(shown, ESTABLISHED, `the live set shows the 2 squats counted by hand (shown ${shown})`);
  assert.equal(shown, batch, `live equals the upload's count (${shown} shown, ${batch} from the upload)`);
  assert.equal(s.repetitions_live, shown);
  assert.notEqual(s.counted, false, `the set counts: ${s.not_counted_reason}`);
  assert.equal(s.stored.valid, true, `the stored analysis of the set scored it: ${JSON.stringify(s.stored).slice(0, 400)}`);
  assert.equal(s.stored.repetitions, ESTABLISHED, 'the stored analysis of the same frames counts the same');
  assertNoPageProblems(assert, physio.problems, physio.a11y);
  assertNoPageProblems(assert, patient.problems, patient.a11y);
});
