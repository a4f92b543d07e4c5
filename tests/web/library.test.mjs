// The exercise library and the clinic's own videos (docs/metrics/figures.md, docs/server/exercise-videos.md):
// a physiotherapist sees every exercise with its figure on the Exercises page and uploads the clinic's
// video of one (../shared/data/sports2d-demo/demo.mp4 stands in for a demonstration video: a real MP4, read
// there); the patient then finds the figure and "Watch your clinic's video" under "How to do it" on Today,
// and the video loads in the page (its length read by the browser).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Clinic, apiSession, assertNoPageProblems, browserSession } from './lib/harness.mjs';
import { loginInBrowser } from './lib/flows.mjs';
import { clinicWithPatient } from './lib/setup.mjs';

test('exercise library: figures, a clinic video uploaded and watched by a patient', { timeout: 240000 }, async (t) => {
  const clinic = new Clinic('library');
  const video = path.join(clinic.cfg.shared || '', 'sports2d-demo', 'demo.mp4');
  if (!existsSync(video)) return t.skip('the shared clip sports2d-demo/demo.mp4 is absent');
  t.after(() => clinic.stop());
  const { url, staff, pid } = await clinicWithPatient(clinic, {
    program: {
      title: 'Knee osteoarthritis, weeks 1-4',
      reason: 'knee pain on stairs',
      prescriptions: [{ exercise_id: 'mini_squat', dosage: { sets: 2, reps: 10, times_per_day: 1, days_per_week: 7 } }],
    },
    patientLogin: { email: 'ana@example.org', password: 'ana-password-123' },
  });

  // The physiotherapist: the Exercises page, every exercise with its figure.
  const c = await browserSession(t, 'library-physio', { width: 1280, height: 900 });
  await c.page.goto(`${url}/`);
  await loginInBrowser(c.page, { email: 'lee@example.org', password: 'setup-password-1' });
  await c.page.getByRole('link', { name: 'Exercises' }).click();
  await c.page.getByRole('heading', { name: 'Exercise library', level: 1 }).waitFor();
  const cards = c.page.locator('ul.library-cards > li');
  await cards.first().waitFor();
  const n = await cards.count();
  assert.ok(n >= 20, `the library lists its exercises (${n})`);
  assert.equal(await c.page.locator('ul.library-cards img[alt*="starting position"]').count(), n, 'every exercise has its figure');
  await c.page.getByLabel('Find an exercise').fill('mini');
  const mini = c.page.locator('ul.library-cards > li').filter({ has: c.page.getByRole('heading', { name: 'Mini squat' }) });
  await mini.waitFor();
  await c.shot('library');
  await c.checkA11y('exercise library');

  // Not a video: refused in words. Then the clip.
  await mini.getByLabel(/Add the clinic.s video/).setInputFiles({ name: 'notes.mp4', mimeType: 'video/mp4', buffer: Buffer.from('not a video at all, just words') });
  await mini.getByText('The upload is not an MP4 or WebM video').waitFor();
  await mini.getByLabel(/Add the clinic.s video/).setInputFiles(video);
  await c.page.getByText(/^Mini squat: the clinic.s video is saved\.$/).waitFor({ timeout: 60000 });
  await mini.getByText("Watch your clinic's video").click();
  const staffVideo = mini.locator('video');
  await c.page.waitForFunction((el) => el.readyState >= 1, await staffVideo.elementHandle(), { timeout: 30000 });
  const duration = await staffVideo.evaluate((el) => el.duration);
  assert.ok(Math.abs(duration - 7.67) < 0.2, `the browser reads the uploaded video (${duration} s)`);
  await c.shot('library-video');

  // The patient, on a phone: the figure and the clinic's video under "How to do it".
  const p = await browserSession(t, 'library-patient', { width: 360, height: 740 });
  await p.page.goto(`${url}/`);
  await loginInBrowser(p.page, { email: 'ana@example.org', password: 'ana-password-123' });
  const squat = p.page.getByRole('listitem').filter({ has: p.page.getByRole('heading', { name: 'Mini squat' }) });
  await squat.getByText('How to do it').click();
  await squat.getByRole('img', { name: /^Mini squat: on the left the starting position/ }).waitFor();
  await squat.getByText("Watch your clinic's video").click();
  const own = squat.locator('video');
  await p.page.waitForFunction((el) => el.readyState >= 1, await own.elementHandle(), { timeout: 30000 });
  await p.shot('today-video');
  await p.checkA11y('today with the clinic video');
  const wide = await p.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `no sideways scrolling at 360 px (page is ${wide} px wide)`);
  assertNoPageProblems(assert, [...c.problems, ...p.problems], [...c.a11y, ...p.a11y]);
});
