// The clinical record end to end: a patient fills in an ODI through a single-use link (no account); the
// physiotherapist drafts the visit's note (the ODI and its change against the intake are in it, each
// sentence naming its rows), edits one sentence, signs; the clinic's EHR (an MLLP receiver here) gets the
// note as MDM^T02 with the edited sentence, and reads it over FHIR as a final Composition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { Clinic, apiSession, assertNoPageProblems, browserSession } from './lib/harness.mjs';
import { wordingProblems } from './lib/wording.mjs';
import { loginInBrowser } from './lib/flows.mjs';
import { fakeEhr } from './lib/fake-ehr.mjs';

test('a questionnaire through a link, the draft note edited and signed, MDM^T02 and the Composition at the EHR', { timeout: 240000 }, async (t) => {
  const ehr = await fakeEhr();
  t.after(() => ehr.server.close());
  const clinic = new Clinic('notes');
  t.after(() => clinic.stop());
  await clinic.createClinic('Hillside Clinic');
  await clinic.createUser('physiotherapist', 'lee@example.org', 'setup-password-1', { name: 'Lee Chen', mfa: false });
  const url = await clinic.start({ extraArgs: ['--hl7-send', `127.0.0.1:${ehr.port}`] });
  const api = await apiSession(url, 'lee@example.org', 'setup-password-1');
  let r = await api.call('POST', '/api/patients', { given_name: 'Maria', family_name: 'Okafor', birth_date: '1961-03-14' });
  assert.equal(r.status, 201);
  const pid = r.body.id;
  r = await api.call('POST', `/api/patients/${pid}/episodes`, { icd10_code: 'M54.50', condition_text: 'Low back pain', side: 'none' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const month = new Date(Date.now() - 30 * 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
  r = await api.call('POST', `/api/patients/${pid}/questionnaire-responses`, { instrument: 'odi', answers: Array(10).fill(4), completed: month });
  assert.equal(r.status, 201);
  r = await api.call('POST', `/api/patients/${pid}/questionnaire-links`, { instrument: 'odi' });
  assert.equal(r.status, 201);
  const link = `${url}${r.body.path}`;

  // The patient, logged out, on a phone: the ODI through the link (2 of 5 on every section).
  const phone = await browserSession(t, 'notes-patient', { width: 360, height: 740 });
  await phone.page.goto(link);
  await phone.page.getByRole('heading', { name: 'Oswestry Disability Index', level: 1 }).waitFor();
  for (let i = 1; i <= 10; i++) await phone.page.getByRole('group', { name: new RegExp(`^${i} of 10:`) }).getByRole('radio').nth(2).check();
  await phone.page.getByRole('button', { name: 'Submit answers' }).click();
  await phone.page.getByRole('heading', { name: 'Thank you', level: 1 }).waitFor();

  // The physiotherapist drafts the note.
  const { page, problems, shot, checkA11y, a11y } = await browserSession(t, 'notes-physio', { width: 1024, height: 900 });
  await page.goto(`${url}/`);
  await loginInBrowser(page, { email: 'lee@example.org', password: 'setup-password-1' });
  await page.goto(`${url}/patients/${pid}#notes`);
  const panel = page.getByRole('region', { name: 'Notes' });
  await panel.getByText('No notes yet.').waitFor();
  await panel.getByRole('button', { name: 'Draft a note for this visit' }).click();
  await panel.getByRole('heading', { name: /^Draft note/ }).waitFor();
  const odi = panel.getByTestId('sentence').filter({ hasText: /Oswestry Disability Index/ }).first();
  await odi.waitFor();
  assert.match(await odi.innerText(), /from \d+ outcome measures?/, 'the sentence names the rows it came from');
  await shot('draft');
  await checkA11y('draft note');

  // One sentence edited.
  const subjective = panel.getByRole('region', { name: 'Subjective' });
  await subjective.getByRole('button', { name: 'Edit sentence 1 of S' }).click();
  await panel.getByLabel('Sentence', { exact: true }).fill('Reports that sitting at work is easier since the last visit.');
  await panel.getByRole('button', { name: 'Save the sentence' }).click();
  await subjective.getByText('Reports that sitting at work is easier since the last visit.').waitFor();
  await subjective.getByText('edited').first().waitFor();

  // The first sentence's sources, in words.
  await subjective.getByRole('button', { name: 'Sources sentence 1 of S' }).click();
  await subjective.locator('.source-list').getByText("The patient's record").waitFor();
  // A generated sentence removed from O.
  const objective = panel.getByRole('region', { name: 'Objective' });
  const removed = (await objective.getByTestId('sentence').first().innerText()).split(' · from')[0];
  const before = await objective.getByTestId('sentence').count();
  await objective.getByRole('button', { name: 'Remove sentence 1 of O' }).click();
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n, [`[aria-labelledby$="-O"] [data-testid="sentence"]`, before - 1]);
  // A paragraph written by hand into the plan.
  const plan = panel.getByRole('region', { name: 'Plan' });
  await plan.getByRole('button', { name: 'Add to Plan' }).click();
  await plan.getByLabel('Your text for Plan').fill('Review lifting technique at work next visit.');
  await plan.getByRole('button', { name: 'Add', exact: true }).click();
  await plan.getByText('Review lifting technique at work next visit.').waitFor();
  await plan.getByText('written by hand').waitFor();
  // A second one, moved above the first.
  await plan.getByRole('button', { name: 'Add to Plan' }).click();
  await plan.getByLabel('Your text for Plan').fill('Continue the home program three times a week.');
  await plan.getByRole('button', { name: 'Add', exact: true }).click();
  await plan.getByText('Continue the home program three times a week.').waitFor();
  const planCount = await plan.getByTestId('sentence').count();
  await plan.getByRole('button', { name: `Move up sentence ${planCount} of P` }).click();
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel)[n]?.innerText.startsWith('Continue the home program'), [`[aria-labelledby$="-P"] [data-testid="sentence"]`, planCount - 2]);
  await shot('edited-draft');

  // Signed: final; the EHR receives it.
  // Review: exactly the text the EHR will receive, then the confirmation.
  await panel.getByRole('button', { name: 'Review and sign…' }).click();
  const preview = panel.getByTestId('note-preview');
  await preview.waitFor();
  const previewText = await preview.innerText();
  assert.match(previewText, /Reports that sitting at work is easier since the last visit\./);
  await shot('preview');
  await panel.getByRole('button', { name: 'Sign the note' }).click();
  await panel.getByRole('heading', { name: /^Signed note/ }).waitFor();
  await panel.getByTestId('note-signed').waitFor();
  assert.equal(await panel.getByRole('button', { name: /^Edit sentence/ }).count(), 0, 'a signed note offers no edit');
  const deadline = Date.now() + 30000;
  while (!ehr.received.length && Date.now() < deadline) await new Promise((res) => setTimeout(res, 200));
  assert.equal(ehr.received.length, 1, 'the EHR received the signed note');
  const mdm = ehr.received[0];
  assert.match(mdm, /\|MDM\^T02/);
  assert.match(mdm, /\rTXA\|1\|PR\|TX\|/);
  assert.match(mdm, /Reports that sitting at work is easier since the last visit\./);
  assert.match(mdm, /Review lifting technique at work next visit\./);
  assert.ok(!mdm.includes(removed), `the removed sentence is not sent: ${removed}`);
  assert.match(previewText, /Review lifting technique at work next visit\./);
  assert.ok(previewText.indexOf('Continue the home program') < previewText.indexOf('Review lifting technique'), 'the moved sentence comes first in the text');
  assert.ok(!previewText.includes(removed), 'the preview holds no removed sentence');
  // The MDM's text lines are the preview's, in clinical words.
  const obxText = mdm.split('\r').filter((l) => l.startsWith('OBX|')).map((l) => l.split('|')[5]).join('\n');
  assert.deepEqual(wordingProblems(obxText, 'MDM'), []);
  assert.deepEqual(wordingProblems(previewText, 'preview'), []);
  assert.match(mdm, /\rPID\|1\|\|[^\r]*\|\|Okafor\^Maria/);
  await page.reload();
  await panel.getByRole('button', { name: /^Signed note of/ }).click();
  await panel.getByTestId('note-ehr').filter({ hasText: 'received' }).waitFor();
  await shot('signed');
  await checkA11y('signed note');
  // The signed note as a PDF (the FHIR Binary its DocumentReference names), read back with poppler's
  // pdftotext when it is installed.
  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('link', { name: 'The signed note as a PDF' }).click()]);
  const pdfPath = await download.path();
  assert.equal(readFileSync(pdfPath).subarray(0, 5).toString(), '%PDF-');
  if (spawnSync('pdftotext', ['-v']).error) t.diagnostic('pdftotext is not installed: the note\'s PDF was not read');
  else {
    const pdfText = spawnSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).stdout;
    for (const want of ['Hillside Clinic', 'Patient: Maria Okafor', 'Subjective', 'Reports that sitting at work is easier since the last visit.', 'Plan', 'Electronically signed by Lee Chen', 'page 1 of'])
      assert.ok(pdfText.includes(want), `the note's PDF says "${want}":\n${pdfText}`);
    assert.ok(!pdfText.includes(removed), 'the PDF holds no removed sentence');
  }

  const notes = (await api.call('GET', `/api/patients/${pid}/notes`)).body.items;
  const fhir = await api.call('GET', `/fhir/Composition/${notes[0].id}`);
  assert.equal(fhir.status, 200);
  assert.equal(fhir.body.resourceType, 'Composition');
  assert.equal(fhir.body.status, 'final');
  // The page drafts a daily treatment note unless told otherwise: LOINC 28579-1, Physical therapy Visit note.
  assert.equal(fhir.body.type.coding[0].code, '28579-1');
  assert.equal(fhir.body.title, 'Daily treatment note');
  assert.ok(JSON.stringify(fhir.body.section).includes('sitting at work is easier'));
  assert.ok(JSON.stringify(fhir.body.section).includes('Review lifting technique at work next visit.'));
  assert.ok(!JSON.stringify(fhir.body.section).includes(removed), 'the Composition holds no removed sentence');
  // A change now is refused in words.
  const refused = await api.call('PATCH', `/api/notes/${notes[0].id}`, { version: 3, section: 'S', index: 0, text: 'changed' });
  assert.equal(refused.status, 409);
  assert.match(refused.body.message, /a signed note cannot be changed/);
  assertNoPageProblems(assert, [...problems, ...phone.problems], [...a11y, ...phone.a11y]);
});
