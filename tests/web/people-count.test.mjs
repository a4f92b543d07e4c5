// The live page's count of people in view (web/static/lib/pose.js createPeopleCounter, used by the framing
// check before a set) on real footage beyond the clip it was made with. Every clip's frames are sampled,
// given in order to the page's own estimator and counter (BlazePose lite in the page, as on a patient's
// phone), and the framing check's rule applied: "more than one person" needs two counts in a row.
// How many people each frame shows was established by hand (data/people-count.json says how).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Clinic, browserSession } from './lib/harness.mjs';

const run = promisify(execFile);
const HERE = path.dirname(new URL(import.meta.url).pathname);
const TRUTH = JSON.parse(readFileSync(path.join(HERE, 'data', 'people-count.json'), 'utf8'));

/** The clip's frames at `fps` (or the picture itself), the longer side scaled to 640 px, as PNG files. */
async function frames(src, dir, { fps, start = 0, duration = null }) {
  mkdirSync(dir, { recursive: true });
  const scale = "scale='if(gt(iw,ih),640,-2)':'if(gt(iw,ih),-2,640)'";
  const args = ['-loglevel', 'error', '-y', ...(start ? ['-ss', String(start)] : []), '-i', src];
  if (duration) args.push('-t', String(duration));
  args.push('-vf', fps ? `fps=${fps},${scale}` : scale, path.join(dir, 'f%04d.png'));
  await run('ffmpeg', args, { timeout: 120000 });
  return readdirSync(dir).filter((f) => f.endsWith('.png')).sort();
}

test('people in view: the framing check on real footage', { timeout: 600000 }, async (t) => {
  const clinic = new Clinic('people-count');
  const shared = clinic.cfg.shared || '';
  const missing = TRUTH.clips.filter((c) => !existsSync(path.join(shared, c.file)));
  if (missing.length) return t.skip(`shared clips absent: ${missing.map((c) => c.file).join(', ')}`);
  t.after(() => clinic.stop());
  await clinic.createClinic('Riverside Clinic');
  const url = await clinic.start();
  const s = await browserSession(t, 'people-count', { width: 800, height: 600 });
  const { page } = s;
  page.setDefaultTimeout(120000);
  // The sampled frames reach the page from the test's folder under the server's origin.
  await page.route(`${url}/__frames/**`, (route) => {
    const rel = decodeURIComponent(new URL(route.request().url()).pathname.slice('/__frames/'.length));
    route.fulfill({ path: path.join(clinic.dir, 'frames', rel), contentType: 'image/png' });
  });
  await page.goto(`${url}/`);

  const results = [];
  for (const clip of TRUTH.clips) {
    const dir = path.join(clinic.dir, 'frames', clip.id);
    const names = await frames(path.join(shared, clip.file), dir, clip.sample);
    // Each frame is given its time in the clip, so that MediaPipe's smoothing (which works per second) sees
    // the clip's own timing, and the counts do not depend on how fast this machine runs.
    const stepMs = clip.sample.fps ? 1000 / clip.sample.fps : 1000;
    const counts = await page.evaluate(async ({ id, names, stepMs }) => {
      const { createPoseEstimator, createPeopleCounter } = await import('/static/lib/pose.js');
      const est = await createPoseEstimator({ model: 'lite' });
      const counter = await createPeopleCounter();
      const out = [];
      for (const [i, name] of names.entries()) {
        const img = new Image();
        img.src = `/__frames/${id}/${name}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.naturalWidth;
        c.height = img.naturalHeight;
        c.getContext('2d').drawImage(img, 0, 0);
        // The counter reads a video element's size; a canvas of the frame stands in for the camera.
        c.videoWidth = c.width;
        c.videoHeight = c.height;
        const at = i * stepMs;
        const seen = (await est.estimate(c, at)).image;
        out.push(await counter.count(c, seen, at));
      }
      est.close();
      counter.close();
      return out;
    }, { id: clip.id, names, stepMs });
    // The framing check's rule: more than one person when two counts in a row say so.
    const verdicts = counts.map((n, i) => (i > 0 ? Math.min(counts[i - 1], n) : Math.min(n, 1)));
    assert.equal(counts.length, clip.people.length, `${clip.id}: ${counts.length} frames sampled, ${clip.people.length} counted by hand`);
    results.push({ clip, counts, verdicts });
  }

  // The figures, per clip and over all the material.
  const tally = { one: 0, oneCounted2: 0, oneRefused: 0, two: 0, twoCounted2: 0, background: 0, backgroundCounted: 0 };
  for (const { clip, counts, verdicts } of results) {
    console.log(`people ${clip.id}: by hand ${clip.people}, counted ${counts.join('')}, two in a row ${verdicts.join('')}`);
    [...clip.people].forEach((h, i) => {
      if (h === '1') {
        tally.one++;
        if (counts[i] >= 2) tally.oneCounted2++;
        if (verdicts[i] >= 2) tally.oneRefused++;
      } else if (h === '2') {
        tally.two++;
        if (counts[i] >= 2) tally.twoCounted2++;
      } else if (h === 'b') {
        tally.background++;
        if (counts[i] >= 2) tally.backgroundCounted++;
      }
    });
  }
  console.log(`people figures: ${JSON.stringify(tally)}`);

  // Nobody alone in view is ever told that two people are there (the set would be refused for nothing).
  for (const { clip, verdicts } of results)
    [...clip.people].forEach((h, i) => assert.ok(!(h === '1' && verdicts[i] >= 2), `${clip.id} frame ${i}: one person by hand, but two counts in a row said two`));
  // A single picture with three people: someone besides the followed one is found.
  const still = results.find((r) => r.clip.id === 'vtest');
  assert.equal(still.counts[0], 2, 'three pedestrians: more than one person');
  // While a second person is whole in view the framing check refuses, first within 3 s of their coming in and
  // then without a gap (it keeps the counts of the last 3 s, so a pair of counts refuses for 3 s).
  for (const { clip, verdicts, counts } of results) {
    const fps = clip.sample.fps;
    if (!fps) continue;
    const window = Math.round(3 * fps);
    for (const m of clip.people.matchAll(/2+/g)) {
      if (m[0].length < window) continue;
      let last = m.index - 1;
      for (let i = m.index; i < m.index + m[0].length; i++) {
        if (verdicts[i] >= 2) last = i;
        assert.ok(i - last < window, `${clip.id}: frames ${m.index}-${m.index + m[0].length - 1} show two people, but no two counts in a row said so in the 3 s up to frame ${i} (counts ${counts.join('')})`);
      }
    }
  }
});
