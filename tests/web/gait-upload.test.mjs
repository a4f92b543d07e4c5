// Gait from a video on the clinic path: a physiotherapist uploads a side-view video of the patient walking
// (../shared/data/sports2d-demo/demo.mp4, read there: a woman walking right to left across the view in the
// sagittal plane, with other people; Sports2D's demo, BSD-3-Clause) as "walking", and the record shows the
// engine's video gait analysis: cadence, each side's stride time and stance, the step-time asymmetry, the
// lengths and speed not given without a scale (and why), and the measures over time. The numbers are held
// to the batch path's (`physio gait` on the same file, run by this test) within the tolerances below; the
// events behind them are held to hand-marked ones in tests/gait (gait_video_cli_test.cpp). A video of a person squatting
// (../shared/data/real-squats-front) uploaded as walking is refused with the engine's reasons. With the
// patient's height on the record, the upload page offers it and the walk's speed and step lengths are shown
// with the scale they came from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Clinic, apiSession, assertNoPageProblems, browserSession, modelsDir } from './lib/harness.mjs';
import { loginInBrowser, openTab } from './lib/flows.mjs';
import { JOB_TIMEOUT_MS, upload, waitForJob } from './lib/recordings.mjs';

const run = promisify(execFile);
const WALKING = 'walking-gait'; // the upload page's choice for a recording of walking

test('gait from a side-view video: the upload gives cadence, stride, stance and asymmetry on the record', { timeout: 3 * JOB_TIMEOUT_MS + 300000 }, async (t) => {
  const clinic = new Clinic('gait-upload');
  t.after(() => clinic.stop());
  const walk = path.join(clinic.cfg.shared, 'sports2d-demo', 'demo.mp4');
  const squats = path.join(clinic.cfg.shared, 'real-squats-front', 'pose_squats.mp4');
  if (!existsSync(walk) || !existsSync(squats)) return t.skip('the shared clips are absent');
  if (!existsSync(path.join(modelsDir(), 'pose_detection.tflite'))) return t.skip(`no BlazePose models in ${modelsDir()} (scripts/fetch-models.sh)`);

  // The batch path on the same video.
  const batchJson = path.join(clinic.dir, 'gait.json');
  await run(clinic.cfg.physio, ['gait', '--models', modelsDir(), walk, '-o', batchJson], { timeout: 600000 });
  const batch = JSON.parse(readFileSync(batchJson, 'utf8'));
  assert.equal(batch.valid, true, `physio gait measured the walk: ${JSON.stringify(batch.reasons)}`);

  await clinic.createClinic('Westside Physio');
  await clinic.createUser('physiotherapist', 'mo@example.org', 'setup-password-1', { name: 'Mo Reyes', mfa: false });
  const url = await clinic.start();
  const staff = await apiSession(url, 'mo@example.org', 'setup-password-1');
  const created = await staff.call('POST', '/api/patients', { given_name: 'Ines', family_name: 'Moreau', birth_date: '1951-09-30' });
  assert.equal(created.status, 201);
  const pid = created.body.id;

  const { page, problems, shot, checkA11y, a11y } = await browserSession(t, 'gait-upload', { width: 1024, height: 900 });
  await page.goto(`${url}/patients/${encodeURIComponent(pid)}`);
  await loginInBrowser(page, { email: 'mo@example.org', password: 'setup-password-1' });
  await page.getByRole('heading', { name: 'Ines Moreau', level: 1 }).waitFor();
  const patientUrl = page.url();

  const rec = await upload(page, patientUrl, { kind: 'Video', file: walk, exercise: WALKING, shot, checkA11y, name: 'walk' });
  assert.equal(await waitForJob(page, rec, shot, 'walk'), 'done', `the walk was refused: ${await rec.innerText()}`);
  await rec.locator('.fact-cadence dd').waitFor({ timeout: 15000 });
  // The record against `physio gait` on the same file. The upload's job follows the person walking after a
  // scan of the people in view (the tracker's first choice is the man on the box), `physio gait` follows
  // its own first choice when that one walks: the landmarks differ by the tracking, so the figures are held
  // to the issue's tolerances (Stenum et al. 2021: events within 2 frames at 30 frames/s, cadence within
  // 3 %), stance within 5 % of the stride (a toe-off 2 frames away in a 1.2 s stride is 5.6 %).
  const num = async (cls) => Number.parseFloat((await rec.locator(`.fact-${cls} dd`).innerText()).replace(',', '.'));
  const shown = { cadence: await num('cadence'), asymmetry: await num('asymmetry') };
  for (const side of ['left', 'right']) {
    shown[`stride_${side}`] = await num(`stride-${side}`);
    shown[`stance_${side}`] = await num(`stance-${side}`);
  }
  console.log(`gait figures: ${JSON.stringify({ shown, batch: { cadence: batch.cadence_steps_per_min, asymmetry: batch.step_time_asymmetry_pct, sides: batch.sides } })}`);
  assert.ok(Math.abs(shown.cadence - batch.cadence_steps_per_min) <= 0.03 * batch.cadence_steps_per_min, `cadence ${shown.cadence} against ${batch.cadence_steps_per_min}`);
  for (const side of ['left', 'right']) {
    const b = batch.sides[side];
    assert.ok(Math.abs(shown[`stride_${side}`] - b.stride_time_s) <= 2 / 30 + 0.005, `${side} stride ${shown[`stride_${side}`]} s against ${b.stride_time_s}`);
    assert.ok(Math.abs(shown[`stance_${side}`] - b.stance_pct) <= 5.5, `${side} stance ${shown[`stance_${side}`]} % against ${b.stance_pct}`);
  }
  assert.ok(Number.isFinite(shown.asymmetry) && shown.asymmetry >= 0 && shown.asymmetry < 30, `step-time asymmetry ${shown.asymmetry} %`);
  // No scale with the upload: lengths and speed are not given, and the record says why.
  assert.equal(await rec.locator('.fact-speed').count(), 0);
  assert.match(await rec.innerText(), /walking speed are not given: they need a scale/);
  await rec.scrollIntoViewIfNeeded();
  await shot('walk-summary');
  await checkA11y('record with a gait analysis');
  // The measures over time.
  const obs = (await staff.call('GET', `/api/patients/${encodeURIComponent(pid)}/observations?code=gait-cadence`)).body;
  assert.equal(obs.length, 1);
  assert.equal(obs[0].unit, '/min');
  assert.ok(Math.abs(obs[0].value - shown.cadence) < 0.05, `the cadence shown is the one stored (${obs[0].value})`);
  const stance = (await staff.call('GET', `/api/patients/${encodeURIComponent(pid)}/observations?code=gait-stance`)).body;
  assert.deepEqual(stance.map((o) => o.side).sort(), ['left', 'right']);

  // A person squatting is not walking across the view: refused with the reasons.
  const sq = await upload(page, patientUrl, { kind: 'Video', file: squats, exercise: WALKING, shot, name: 'squats-as-walk' });
  assert.equal(await waitForJob(page, sq, shot, 'squats-as-walk'), 'failed', `the squats were measured as a walk: ${await sq.innerText()}`);
  assert.match(await sq.locator('.job-error').innerText(), /not a recording of walking across the view/);

  // The patient's height on the record (Administration, with the other details), then the walk again: the
  // upload page offers the record's height, a bad one is refused in words, and the record shows the walking
  // speed and each side's step length with the scale they came from (docs/metrics/gait-video.md, "Scale").
  await page.goto(patientUrl);
  await page.getByRole('heading', { name: 'Ines Moreau', level: 1 }).waitFor();
  await openTab(page, 'Administration');
  const details = page.getByRole('region', { name: 'Details' });
  await details.getByRole('button', { name: 'Edit details' }).click();
  const form = details.getByRole('form', { name: "Edit the patient's details" });
  const heightField = form.getByLabel(/Height \(cm\)/);
  await heightField.fill('400');
  await form.getByRole('button', { name: 'Save details' }).click();
  await form.getByText('Enter the height in whole centimetres, 50 to 250.').waitFor();
  await shot('height-refused');
  await heightField.fill('172');
  await shot('height-edit');
  await form.getByRole('button', { name: 'Save details' }).click();
  await details.getByText('The details were saved.').waitFor();
  await details.getByText('172 cm').waitFor();
  await checkA11y('details with the height');
  assert.equal((await staff.call('GET', `/api/patients/${encodeURIComponent(pid)}`)).body.height_cm, 172);

  const scaled = await upload(page, patientUrl, {
    kind: 'Video', file: walk, exercise: WALKING, shot, checkA11y, name: 'walk-height',
    onReady: async (p) => {
      assert.equal(await p.getByLabel(/height \(cm\)/).inputValue(), '172', 'the record\'s height is offered');
      await p.getByText('From the record (172 cm)').waitFor();
    },
  });
  assert.equal(await waitForJob(page, scaled, shot, 'walk-height'), 'done', `the walk was refused: ${await scaled.innerText()}`);
  await scaled.locator('.fact-speed dd').waitFor({ timeout: 15000 });
  const speed = await scaled.locator('.fact-speed dd').innerText();
  assert.match(speed, /^\d[.,]\d\d m\/s$/);
  for (const side of ['left', 'right']) assert.match(await scaled.locator(`.fact-step-length-${side} dd`).innerText(), /^\d[.,]\d\d m$/);
  assert.equal(await scaled.locator('.gait-scale').innerText(), "Scale from the patient's height 172 cm, on the patient's record.");
  assert.doesNotMatch(await scaled.innerText(), /they need a scale/);
  const stored = (await staff.call('GET', `/api/patients/${encodeURIComponent(pid)}/observations?code=gait-speed`)).body;
  assert.equal(stored.length, 1);
  assert.equal(stored[0].unit, 'm/s');
  assert.ok(Math.abs(stored[0].value - Number.parseFloat(speed.replace(',', '.'))) <= 0.005, `the speed shown is the one stored (${stored[0].value})`);
  console.log(`walk with the recorded height 172 cm: speed ${speed}`);
  await scaled.scrollIntoViewIfNeeded();
  await shot('walk-height-summary');
  await checkA11y('record with a scaled gait analysis');
  assertNoPageProblems(assert, problems, a11y);
});
