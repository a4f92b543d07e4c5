// The clinic's own exercises (docs/server/clinic-exercises.md): a physiotherapist creates a hold and a
// repetitions exercise on the Exercises page (their starting doses said in words, the camera's measure said or
// "not measured" said plainly), prescribes the hold in a program from the program editor's picker, the
// printed program (downloaded, read with pdftotext) has it in words; the patient, at 360 px, finds it on
// Today with its steps, and no internal word is on any of these pages or in the PDF.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Clinic, assertNoPageProblems, browserSession } from './lib/harness.mjs';
import { loginInBrowser } from './lib/flows.mjs';
import { clinicWithPatient } from './lib/setup.mjs';
import { internalWords } from './lib/wording.mjs';

const HOLD = {
  name: 'Towel calf stretch',
  steps: ['Sit on the floor with your legs straight.', 'Loop a towel around the ball of one foot.',
    'Pull the towel gently towards you until the calf stretches, and hold.'],
};
const REPS = {
  name: 'Step-up onto the bottom stair',
  steps: ['Stand facing the bottom stair, holding the rail.', 'Step up with one foot, then the other, and step down slowly.'],
};

test('clinic exercises: made on the Exercises page, prescribed, printed and done on Today', { timeout: 240000 }, async (t) => {
  const clinic = new Clinic('clinic-exercises');
  t.after(() => clinic.stop());
  const { url, staff, pid } = await clinicWithPatient(clinic, {
    patient: { given_name: 'Rui', family_name: 'Costa', birth_date: '1961-05-02' },
    patientLogin: { email: 'rui@example.org', password: 'rui-password-123' },
  });

  // The physiotherapist makes a hold on the Exercises page: the dose starts as holds of seconds.
  const c = await browserSession(t, 'clinic-exercises', { width: 1280, height: 900 });
  await c.page.goto(`${url}/`);
  await loginInBrowser(c.page, { email: 'lee@example.org', password: 'setup-password-1' });
  await c.page.getByRole('link', { name: 'Exercises' }).click();
  await c.page.getByRole('heading', { name: 'Exercise library', level: 1 }).waitFor();
  await c.page.getByRole('button', { name: 'New clinic exercise' }).click();
  const form = c.page.getByRole('form', { name: 'New clinic exercise' });
  // Nothing filled: said next to the fields.
  await form.getByRole('button', { name: 'Create the exercise' }).click();
  await form.getByText('Give the exercise a name.').waitFor();
  await form.getByText('Choose the starting position.').waitFor();
  await form.getByLabel('Name').fill(HOLD.name);
  await form.getByLabel(/^Steps/).fill(HOLD.steps.join('\n'));
  // The positions are in words; no identifier is offered.
  const positions = await form.getByLabel('Starting position').locator('option').allTextContents();
  assert.ok(positions.includes('Lying on your back') && positions.every((p) => !p.includes('_')), positions.join(', '));
  await form.getByLabel('Starting position').selectOption({ label: 'Sitting' });
  await form.getByLabel('A hold, in seconds').check();
  await form.getByText('Starting dose: 3 holds of 30 s.').waitFor();
  await form.getByLabel(/^Cautions/).fill('Stretch gently: a pull, never pain.');
  await form.getByText('Not measured by the camera: the patient logs it by hand.').waitFor();
  await c.shot('hold-form');
  await c.checkA11y('clinic exercise form');
  await form.getByRole('button', { name: 'Create the exercise' }).click();
  await c.page.getByText(`${HOLD.name} is saved: 3 holds of 30 s, once a day, every day.`).waitFor();

  // Repetitions, measured by the camera like the mini squat.
  await c.page.getByRole('button', { name: 'New clinic exercise' }).click();
  await form.getByLabel('Name').fill(REPS.name);
  await form.getByLabel(/^Steps/).fill(REPS.steps.join('\n'));
  await form.getByLabel('Starting position').selectOption({ label: 'Standing' });
  await form.getByText('Starting dose: 3 sets of 10.').waitFor();
  await form.getByLabel('Measured by the camera like').selectOption({ label: 'Mini squat' });
  await form.getByText('The camera measures it like the mini squat: knee flexion.').waitFor();
  await form.getByRole('button', { name: 'Create the exercise' }).click();
  await c.page.getByText(`${REPS.name} is saved: 3 sets of 10, once a day, every day.`).waitFor();

  // Both beside the library's, marked as the clinic's.
  await c.page.getByLabel('Find an exercise').fill('');
  const own = c.page.locator('ul.library-cards > li.clinic-exercise');
  // The list reloads after the save: wait for both cards before counting.
  for (const name of [HOLD.name, REPS.name]) await own.filter({ hasText: name }).first().waitFor();
  assert.equal(await own.count(), 2);
  const holdCard = own.filter({ has: c.page.getByRole('heading', { name: new RegExp(HOLD.name) }) });
  await holdCard.getByText("Your clinic's").waitFor();
  await holdCard.getByRole('listitem').filter({ hasText: HOLD.steps[1] }).waitFor();
  await c.page.getByLabel('Find an exercise').fill('stair');
  await c.shot('library-with-clinic-exercises');
  await c.checkA11y('exercise library with the clinic exercises');
  const listed = (await staff.call('GET', '/api/clinic-exercises')).body.items;
  assert.deepEqual(listed.map((e) => e.name).sort(), [REPS.name, HOLD.name].sort());
  const holdId = listed.find((e) => e.name === HOLD.name).id;

  // Prescribed from the program editor's picker with its default dose.
  await c.page.goto(`${url}/patients/${pid}#program`);
  await c.page.getByRole('heading', { name: 'Home exercise program' }).waitFor();
  await c.page.getByRole('button', { name: 'build a program from the exercise library' }).click();
  const builder = c.page.getByRole('form', { name: 'Build a program' });
  await builder.getByLabel('Search').fill('towel');
  await builder.getByRole('button', { name: `Add ${HOLD.name}` }).click();
  await builder.getByRole('heading', { name: 'Prescribed (1)' }).waitFor();
  await builder.getByLabel('Title').fill('Calves, weeks 1-2');
  await builder.getByLabel('Why (kept in the history)').fill('tight calves on the stairs');
  await c.shot('builder');
  await builder.getByRole('button', { name: 'Prescribe this program' }).click();
  await c.page.getByRole('heading', { name: /^Calves, weeks 1-2 · version 1/ }).waitFor();
  await c.page.getByText(new RegExp(`${HOLD.name}: 3 holds of 30 s; once a day, every day`)).waitFor();
  await c.shot('program');

  // The printed program: the exercise in words, no internal words.
  const [download] = await Promise.all([c.page.waitForEvent('download'), c.page.getByRole('link', { name: 'Print the program (PDF)' }).click()]);
  const pdfPath = await download.path();
  assert.equal(readFileSync(pdfPath).subarray(0, 5).toString(), '%PDF-');
  const pdftotext = spawnSync('pdftotext', ['-v']);
  if (pdftotext.error) t.diagnostic('pdftotext is not installed: the PDF was not read');
  else {
    const text = spawnSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' }).stdout;
    const flat = text.replace(/\s+/g, ' ');
    for (const want of [`1. ${HOLD.name}`, '3 holds of 30 s, once a day, every day', 'Starting position: Sitting',
      'Loop a towel around the ball of one foot.', 'Stretch gently: a pull, never pain.']) {
      assert.ok(flat.includes(want), `the printed program says "${want}":\n${text}`);
    }
    assert.deepEqual(internalWords(text, 'printed program'), []);
  }

  // The patient, on a phone: Today has it with its steps, logged by hand (the camera does not measure it).
  const p = await browserSession(t, 'clinic-exercises-patient', { width: 360, height: 740 });
  await p.page.goto(`${url}/`);
  await loginInBrowser(p.page, { email: 'rui@example.org', password: 'rui-password-123' });
  const item = p.page.getByRole('listitem').filter({ has: p.page.getByRole('heading', { name: HOLD.name }) });
  await item.getByText('3 holds of 30 s').first().waitFor();
  await item.getByText('How to do it').click();
  for (const step of HOLD.steps) await item.getByRole('listitem').filter({ hasText: step }).waitFor();
  await item.getByText('Starting position: Sitting').waitFor();
  assert.equal(await item.getByRole('link', { name: 'Exercise with the camera' }).count(), 0, 'not measured: no camera');
  await p.shot('today');
  await p.checkA11y('today with a clinic exercise');
  const wide = await p.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `no sideways scrolling at 360 px (page is ${wide} px wide)`);
  assert.deepEqual(internalWords(await p.page.locator('main').innerText(), 'today'), []);
  // The patient reads only what is prescribed to them: the step-up is not theirs.
  const mine = await p.page.evaluate(async () => (await fetch('/api/exercises')).json());
  assert.ok(mine.some((e) => e.id === holdId) && !mine.some((e) => e.name === REPS.name));
  assertNoPageProblems(assert, [...c.problems, ...p.problems], [...c.a11y, ...p.a11y]);
});
