// The physiotherapist builds a home exercise program from the exercise library: filters by position and
// equipment and a search narrow the list, each exercise gets its dosage (side, sets, repetitions, load),
// missing answers are said next to their field, and the program is prescribed; then it is changed (an
// exercise removed) as version 2 with the reason in its history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Clinic, apiSession, assertNoPageProblems, browserSession } from './lib/harness.mjs';
import { loginInBrowser } from './lib/flows.mjs';

test('a program built from the exercise library, then changed as a new version', { timeout: 180000 }, async (t) => {
  const clinic = new Clinic('program-builder');
  t.after(() => clinic.stop());
  await clinic.createClinic('Harbour Physio');
  await clinic.createUser('physiotherapist', 'lee@example.org', 'setup-password-1', { name: 'Lee Chen', mfa: false });
  const url = await clinic.start();
  const staff = await apiSession(url, 'lee@example.org', 'setup-password-1');
  const r = await staff.call('POST', '/api/patients', { given_name: 'Rui', family_name: 'Costa', birth_date: '1961-05-02' });
  assert.equal(r.status, 201);
  const pid = r.body.id;
  const all = (await staff.call('GET', '/api/exercises')).body;

  const { page, problems, shot, checkA11y, a11y } = await browserSession(t, 'program-builder', { width: 1024, height: 900 });
  await page.goto(`${url}/`);
  await loginInBrowser(page, { email: 'lee@example.org', password: 'setup-password-1' });
  await page.goto(`${url}/patients/${pid}#program`);
  await page.getByRole('heading', { name: 'Home exercise program' }).waitFor();
  await page.getByRole('button', { name: 'build a program from the exercise library' }).click();
  const form = page.getByRole('form', { name: 'Build a program' });

  // Filters: sitting exercises; then no equipment and a search.
  await form.getByLabel('Position').selectOption('sitting');
  const sitting = all.filter((e) => e.position === 'sitting').length;
  assert.ok(sitting >= 1 && sitting < all.length);
  await form.getByText(`${sitting} of ${all.length} exercises`).waitFor();
  await form.getByRole('button', { name: 'Add Seated knee extension' }).click();
  await form.getByLabel('Position').selectOption('');
  await form.getByLabel('Equipment').selectOption('none');
  await form.getByLabel('Search').fill('heel raise');
  await form.getByText(`1 of ${all.length} exercises`).waitFor();
  await form.getByRole('button', { name: 'Add Heel raise' }).click();
  await form.getByRole('heading', { name: 'Prescribed (2)' }).waitFor();

  // Missing answers are said next to their fields, and focus goes to the first.
  await form.getByRole('button', { name: 'Prescribe this program' }).click();
  await form.getByText('Give the program a title.').waitFor();
  // Focus moves to the first field in error on the next frame (requestAnimationFrame).
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'program-title', null, { timeout: 5000 });
  await form.getByLabel('Title').fill('Knee strength, weeks 1-3');
  await form.getByRole('button', { name: 'Prescribe this program' }).click();
  await form.getByText('Choose the side.').waitFor();
  await shot('builder-errors');
  await checkA11y('program builder with errors');
  const knee = form.locator('li.prescription').filter({ has: page.getByRole('heading', { name: '1. Seated knee extension' }) });
  await knee.getByLabel('Right', { exact: true }).check();
  await knee.getByLabel('Repetitions per set').fill('12');
  await knee.getByLabel('Load').selectOption('kg');
  await knee.getByLabel('Weight (kg)').fill('2');
  await knee.getByLabel('Days a week').fill('3');
  await form.getByLabel('Why (kept in the history)').fill('quadriceps weakness after the fall');
  await shot('builder-filled');
  await form.getByRole('button', { name: 'Prescribe this program' }).click();
  await page.getByRole('heading', { name: /^Knee strength, weeks 1-3 · version 1/ }).waitFor();
  await page.getByText(/Seated knee extension \(right side\): 3 sets of 12 repetitions, rest 60 s between sets, 2 kg; once a day, 3 days a week/).waitFor();

  // Printed to take home: the PDF downloaded from the program's card and read page by page (poppler's
  // pdftotext, when installed).
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Print the program (PDF)' }).click()]);
  const pdfPath = await download.path();
  const pdf = readFileSync(pdfPath);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const pdftotext = spawnSync('pdftotext', ['-v']);
  if (pdftotext.error) t.diagnostic('pdftotext is not installed: the PDF was not read page by page');
  else {
    const info = spawnSync('pdfinfo', [pdfPath], { encoding: 'utf8' }).stdout;
    assert.match(info, /^Pages:\s+1$/m, info);
    const page1 = spawnSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdfPath, '-'], { encoding: 'utf8' }).stdout;
    for (const want of ['Harbour Physio', 'Home exercise program', 'For Rui Costa', 'Knee strength, weeks 1-3', '1. Seated knee extension',
      '3 sets of 12, 2 kg, once a day, 3 days a week', 'Right side', '2. Heel raise', 'Page 1 of 1']) {
      assert.ok(page1.includes(want), `page 1 of the printed program says "${want}":\n${page1}`);
    }
    // Each exercise's figure beside it: its two positions, labelled.
    assert.equal(page1.split('2 Move to').length - 1, 2, `both exercises have their figure:\n${page1}`);
  }

  // Changed: the heel raise removed, as version 2 with the reason.
  await page.getByRole('button', { name: 'Change the program' }).click();
  const change = page.getByRole('form', { name: 'Change the program' });
  await change.getByRole('button', { name: 'Remove Heel raise' }).click();
  await change.getByRole('button', { name: 'Save as version 2' }).click();
  await change.getByText('Say why the program changes (kept in its history).').waitFor();
  await change.getByLabel('Why it changes (kept in the history)').fill('calf pain on heel raises');
  await change.getByRole('button', { name: 'Save as version 2' }).click();
  await page.getByRole('heading', { name: /^Knee strength, weeks 1-3 · version 2/ }).waitFor();
  await page.getByText('History (2 versions)').click();
  await page.getByText(/Version 2, .*changed by .*: calf pain on heel raises/).waitFor();
  // What changed, in words, under the version.
  await page.locator('li.program-version').filter({ hasText: 'Version 2' }).getByText('Removed Heel raise').waitFor();
  await shot('program-v2');
  await checkA11y('program after the change');

  const programs = (await staff.call('GET', `/api/patients/${pid}/programs`)).body.items;
  assert.equal(programs.length, 1);
  assert.equal(programs[0].version, 2);
  assert.deepEqual(programs[0].prescriptions.map((p) => p.exercise_id), ['seated_knee_extension']);
  assert.equal(programs[0].prescriptions[0].side, 'right');
  assert.deepEqual(programs[0].prescriptions[0].dosage.load, { kind: 'kg', kg: 2 });
  assert.equal(programs[0].prescriptions[0].dosage.days_per_week, 3);
  assertNoPageProblems(assert, problems, a11y);
});
