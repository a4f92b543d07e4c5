// Opt-in (`make test-live-clips`; about 15 minutes, so not part of `make test`): every shared real clip of
// people nobody tuned for (tests/exercise/data/real-clips-counts.json: real-exercise-clips, real-squats-front,
// sports2d-demo, pose2sim-demo, read from ../shared/data, never copied) played to the patient's live page
// through Chromium's fake camera, for each library exercise the counts file names for it, against the batch
// path (`physio pose` then `physio analyze` on the same clip): the same verdict (counted, or not counted),
// the same count when counted, and the patient shown the reason of each refusal.
//
// The live page runs BlazePose in the browser (MediaPipe's web build), the batch path runs the project's own
// BlazePose: the two see slightly different landmarks, so this measures what a patient at home gets, pose
// model included. tests/cli/real_clips_cli_test.cpp checks the live analyser itself on the batch path's
// landmarks; a pair that differs here and not there differs by the pose model.
//
// The camera's clip: the video scaled to 512 pixels on its longer side and started at its first picture
// (a clip that fades in from black would hold a black frame), its first frame held 12 s (the set connects
// to the server while it is held) and its last frame held 4 s. The set starts 1.5 s into the held first
// frame, or as soon as the framing check lets it before the clip moves (the patient standing ready), and
// finishes 1.5 s into the held last frame, so the set holds the clip once, as the upload does. A clip whose
// framing does not pass in time is refused before a set starts, with the advice the patient sees: the live
// form of the batch path's "the body is not in the picture". A one-sided exercise is done on the side the
// batch path chose (the left when it chose none).
//
// Every pair is printed (clip, exercise, batch, live, same or not); pairs that differ fail the test unless
// the counts file writes down `live_browser_known_different` with its cause (printed, not asserted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Clinic, apiSession, modelsDir, openPage, sleep } from './lib/harness.mjs';
import { loginInBrowser } from './lib/flows.mjs';
import { fakeCameraClip, probe } from './lib/clips.mjs';
import { clinicWithPatient, fakeCameraBrowser } from './lib/setup.mjs';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const COUNTS = JSON.parse(readFileSync(path.join(REPO, 'tests', 'exercise', 'data', 'real-clips-counts.json'), 'utf8'));
const HOLD_START_S = 12;
const HOLD_END_S = 4;
const FRAMING_WAIT_MS = 30000;
const PATIENT = { email: 'noor@example.org', password: 'noor-password-123' };

function physio(args, { timeoutMs = 600000 } = {}) {
  return new Promise((resolve) => {
    execFile(process.env.PHYSIO_BIN, args, { timeout: timeoutMs, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

/** The batch path on the clip: { valid, count, reasons, side }. */
async function batch(dir, clip, exercise) {
  const stem = path.basename(clip, path.extname(clip));
  const lm = path.join(dir, `${stem}.landmarks.json`);
  if (!existsSync(lm)) {
    const pose = await physio(['pose', clip, '-o', lm, '--models', modelsDir()]);
    assert.equal(pose.code, 0, `physio pose ${clip}: ${pose.out}`);
  }
  const out = path.join(dir, `${stem}.${exercise}.json`);
  const r = await physio(['analyze', lm, '--exercise', exercise, '-o', out]);
  if (r.code !== 0 && r.code !== 5) throw new Error(`physio analyze ${stem} --exercise ${exercise}: exit ${r.code}: ${r.out}`);
  const j = JSON.parse(readFileSync(out, 'utf8'));
  return r.code === 0
    ? { valid: true, count: j.summary.count, reasons: [], side: j.side }
    : { valid: false, count: null, reasons: j.reasons || [], side: j.side };
}

/** One live set of `exercise` on the clip's camera: { counted, count, reasons, shown } or a framing refusal. */
async function live(t, { url, pid, y4m, loopS, clipS, exercise, name, side, shotName }) {
  const { browser, pages } = await fakeCameraBrowser(t, y4m);
  try {
    const patient = await openPage(browser, shotName, { width: 360, height: 800 });
    pages.push(patient);
    const { page, shot } = patient;
    await patient.context.grantPermissions(['camera'], { origin: url });
    page.setDefaultTimeout(30000);
    await page.goto(`${url}/patients/${encodeURIComponent(pid)}/live`);
    await loginInBrowser(page, PATIENT);
    await page.goto(`${url}/patients/${encodeURIComponent(pid)}/live`);
    await page.getByRole('heading', { name: /Live exercise/, level: 1 }).waitFor();
    await page.getByLabel('Exercise').selectOption({ label: name });
    // A one-sided exercise on the side the batch path chose (the left when it chose none: a refusal).
    if (await page.getByRole('radio', { name: /^left/i }).count()) {
      await page.getByRole('radio', { name: new RegExp(`^${side === 'right' ? 'right' : 'left'}`, 'i') }).check();
    }
    const cameraOn = Date.now(); // the fake camera starts its clip when the page opens it
    await page.getByRole('button', { name: 'Turn on the camera' }).click();
    const framed = await page.locator('.framing-ok').waitFor({ timeout: FRAMING_WAIT_MS }).then(() => true, () => false);
    if (!framed) {
      const advice = await page.getByTestId('framing').innerText().catch(() => '');
      await shot('framing-refused');
      return { framing: true, counted: false, count: null, reasons: [advice], shown: advice };
    }
    const phase = () => ((Date.now() - cameraOn) / 1000) % loopS;
    const startAt = 1.5;
    if (phase() > HOLD_START_S - 1) await sleep((loopS - phase() + startAt) * 1000);
    else if (phase() < startAt) await sleep((startAt - phase()) * 1000);
    // The pass of the clip the set starts in, and when that pass's held last frame is half-way.
    const clicked = Date.now();
    const pass = Math.floor((clicked - cameraOn) / 1000 / loopS);
    const finishAt = cameraOn + (pass * loopS + HOLD_START_S + clipS + 1.5) * 1000;
    const at = () => (((Date.now() - cameraOn) / 1000) % loopS).toFixed(1);
    const steps = [`framed ${at()}`];
    // The button waits for the framing to hold: if it does not before the clip moves, the set cannot start.
    const clickedInTime = await page.getByRole('button', { name: 'Start the set' })
      .click({ timeout: Math.max(500, (HOLD_START_S - 1 - phase()) * 1000) }).then(() => true, () => false);
    if (!clickedInTime) {
      const advice = await page.getByTestId('framing').innerText().catch(() => '');
      await shot('framing-unsteady');
      return { framing: true, counted: false, count: null, reasons: [advice], shown: advice };
    }
    steps.push(`clicked ${at()}`);
    const started = await page.getByTestId('rep-count').waitFor({ timeout: 10000 }).then(() => true, () => false);
    if (!started) {
      // The framing fell below what the set needs as it was started: the page says so and starts nothing.
      const said = await page.locator('.alert').first().innerText().catch(() => '');
      await shot('start-refused');
      return { framing: true, counted: false, count: null, reasons: [said], shown: said };
    }
    steps.push(`counter ${at()}`);
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor({ timeout: 60000 });
    steps.push(`connected ${at()}`);
    if (process.env.PHYSIO_LIVE_CLIPS_DEBUG) console.log(`  steps: ${steps.join(', ')}`);
    // The set must be under way before the clip moves: the held first frame is the patient standing ready.
    const connectedAt = (Date.now() - cameraOn) / 1000 - pass * loopS;
    assert.ok(connectedAt < HOLD_START_S - 0.5, `the set started ${connectedAt.toFixed(1)} s into the pass, after the held first frame`);
    await sleep(Math.max(0, finishAt - Date.now()));
    const link = await page.evaluate(() => (window.physioLive ? { seq: window.physioLive.seq, firstUs: window.physioLive.firstUs, lastUs: window.physioLive.lastUs } : null));
    console.log(`  set: started at ${(((clicked - cameraOn) / 1000) % loopS).toFixed(1)} s of a ${loopS.toFixed(1)} s pass, connected at ${connectedAt.toFixed(1)} s, finished ${((Date.now() - clicked) / 1000).toFixed(1)} s later${link ? `; ${link.seq} frames over ${((link.lastUs - link.firstUs) / 1e6).toFixed(1)} s` : ''}`);
    await shot('set');
    const textOf = async (id) => ((await page.getByTestId(id).count()) ? page.getByTestId(id).first().innerText() : '');
    const refusedText = await textOf('set-refused');
    await page.getByRole('button', { name: 'Finish set' }).click();
    await page.getByTestId('set-complete').waitFor({ timeout: 60000 });
    const shownCount = Number(await page.getByTestId('rep-count').innerText());
    await page.getByTestId('stored').waitFor({ timeout: 300000 });
    const notCountedShown = await textOf('set-not-counted');
    await shot('stored');
    const api = await apiSession(url, PATIENT.email, PATIENT.password);
    const list = await api.call('GET', `/api/patients/${encodeURIComponent(pid)}/live-sessions`);
    const s = (await api.call('GET', `/api/live-sessions/${encodeURIComponent(list.body.items[0].id)}`)).body;
    const counted = s.counted !== false && s.stored && s.stored.valid === true;
    if (process.env.PHYSIO_LIVE_CLIPS_DEBUG) {
      const reps = ((s.live && s.live.events) || []).filter((e) => e.type === 'rep').map((e) => `${e.start_s}-${e.end_s}`);
      console.log(`  session: ${JSON.stringify(Object.fromEntries(Object.entries(s).filter(([k, v]) => typeof v !== 'object')))}`);
      console.log(`  reps: ${reps.join(', ')}; live rate ${s.live && s.live.rate_hz} Hz; stored ${JSON.stringify(s.stored).slice(0, 300)}; recording ${s.recording_id || ''}`);
      if (s.recording_id) {
        const staffApi = await apiSession(url, 'ines@example.org', 'setup-password-1');
        const rec = await staffApi.call('GET', `/api/recordings/${encodeURIComponent(s.recording_id)}`);
        console.log(`  recording: ${JSON.stringify(rec.body).slice(0, 600)}`);
      }
    }
    return {
      framing: false,
      counted,
      count: counted ? shownCount : null,
      reasons: counted ? [] : [s.not_counted_reason || (s.stored && (s.stored.reasons || []).join('; ')) || ''],
      shown: refusedText || notCountedShown,
    };
  } finally {
    for (const p of pages.splice(0)) await p.shot('final').catch(() => {});
    await browser.close();
  }
}

test('every shared real clip: a live set in front of the camera gets what the upload gets', { timeout: 3600000 }, async (t) => {
  const clinic = new Clinic('real-clips-live');
  t.after(() => clinic.stop());
  const shared = clinic.cfg.shared;
  if (!existsSync(path.join(REPO, 'web', 'static', 'vendor', 'mediapipe', 'pose.js'))) throw new Error('web/static/vendor/mediapipe/ is not installed; run scripts/fetch-web.sh');
  const { url, staff, pid } = await clinicWithPatient(clinic, {
    clinicName: 'Harbour Physio',
    physio: { email: 'ines@example.org', password: 'setup-password-1', name: 'Ines Duarte' },
    patient: { given_name: 'Noor', family_name: 'Haddad', birth_date: '1984-06-02' },
    patientLogin: PATIENT,
  });
  const library = (await staff.call('GET', '/api/exercises')).body;
  const names = Object.fromEntries((library.items || library).map((e) => [e.id, e.name]));
  const rows = [];
  const differing = [];
  const only = process.env.PHYSIO_LIVE_CLIPS ? new RegExp(process.env.PHYSIO_LIVE_CLIPS) : null; // a subset, by clip
  for (const c of COUNTS.clips) {
    if (only && !only.test(c.clip)) continue;
    const clip = path.join(shared, c.clip);
    if (!existsSync(clip)) {
      console.log(`SKIPPED ${c.clip}: absent`);
      continue;
    }
    const stem = path.basename(clip, path.extname(clip));
    // The longer side 512 pixels, the other to the aspect (even), as the other camera tests' clips.
    const [w0, h0] = (await new Promise((resolve) => execFile('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', clip], (e, out) => resolve(String(out).trim().split(',').map(Number)))));
    const even = (x) => 2 * Math.round(x / 2);
    const [width, height] = w0 >= h0 ? [512, even((512 * h0) / w0)] : [even((512 * w0) / h0), 512];
    // A clip that fades in from black would hold its black first frame: start at its first picture.
    const blackEnd = await new Promise((resolve) => execFile('ffmpeg', ['-hide_banner', '-t', '2', '-i', clip, '-vf', 'blackdetect=d=0.01:pix_th=0.10:pic_th=0.98', '-an', '-f', 'null', '-'], (e, out, err) => {
      const m = /black_start:0 black_end:([0-9.]+)/.exec(String(err));
      resolve(m ? Number(m[1]) : 0);
    }));
    const y4m = await fakeCameraClip(clip, path.join(clinic.dir, `${stem}.y4m`), { width, height, holdStartS: HOLD_START_S, holdEndS: HOLD_END_S, start: blackEnd });
    const { frames, fps } = await probe(y4m);
    const loopS = frames / fps;
    const clipS = loopS - HOLD_START_S - HOLD_END_S;
    for (const e of c.library) {
      if (!names[e.exercise]) continue;
      const b = await batch(clinic.dir, clip, e.exercise);
      const l = await live(t, { url, pid, y4m, loopS, clipS, exercise: e.exercise, name: names[e.exercise], side: b.side, shotName: `${stem}-${e.exercise}` });
      const same = l.counted === b.valid && (!b.valid || l.count === b.count);
      const row = `${c.clip} as ${e.exercise}: batch ${b.valid ? `count ${b.count}` : `refused (${b.reasons.join('; ')})`}; live ${l.counted ? `count ${l.count}` : `${l.framing ? 'refused at the framing check' : 'not counted'} (${l.reasons.join('; ')})`}${same ? '' : '  << DIFFERS'}`;
      console.log(row);
      rows.push(row);
      // A refused set shows the patient why.
      if (!l.counted) assert.ok(l.shown.trim().length > 0, `${c.clip} as ${e.exercise}: the patient is shown no reason`);
      // A difference written down with its cause is printed, not asserted, either way: some of them sit on a
      // threshold (the feet on the picture's edge pass the framing check in one run and not in the next).
      if (e.live_browser_known_different) console.log(`  LIVE BROWSER KNOWN DIFFERENT (not asserted): ${e.live_browser_known_different}`);
      else if (!same) differing.push(row);
    }
  }
  console.log(`real clips through the live page: ${rows.length - differing.length} of ${rows.length} as the batch path (known differences included)`);
  assert.deepEqual(differing, [], `live differs from the batch path:\n${differing.join('\n')}`);
});
