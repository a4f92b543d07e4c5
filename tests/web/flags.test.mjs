// Risk flags in the demo clinic: the physiotherapist's caseload shows each flag with its reasons and its
// card; a no-show flag's link opens the model card (trained on the demo's synthetic history, and saying so),
// a rule's link opens the rules with their published accuracy; a drop-out flag is dismissed with a reason
// (refused without one), stays dismissed on the patient's page, and the dismissal is in the patient's
// access log. The clinic's drop-out model flags programs ahead of the rule and links its own card. The front
// desk sees no-show flags only; the models page shows both models' versions and figures; the recovery course
// draws the patient's scores against the clinic's expected band.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clinic, apiSession, assertNoPageProblems, browserSession } from './lib/harness.mjs';
import { loginInBrowser, logOut, openTab } from './lib/flows.mjs';

test('risk flags: reasons, model card, dismissal with a reason, audit trail', { timeout: 600000 }, async (t) => {
  const clinic = new Clinic('flags');
  t.after(() => clinic.stop());
  const { logins, summary } = await clinic.demoClinic();
  assert.match(summary, /risk flags, no-show model version 1 active, drop-out model version 1 active, both trained on synthetic data/);
  const url = await clinic.start({ extraArgs: ['--synthetic-data', 'true', '--risk-refresh', 'false'] });
  const pt = logins.physiotherapist;
  const staff = await apiSession(url, pt.email, pt.password);
  let r = await staff.call('GET', '/api/flags');
  assert.equal(r.status, 200);
  const kinds = new Set(r.body.items.map((f) => f.kind));
  assert.ok(kinds.has('noshow') && kinds.has('dropout') && kinds.has('fall'), `flag kinds: ${[...kinds]}`);
  for (const f of r.body.items) {
    assert.ok(f.reasons.length > 0, `${f.title} has reasons`);
    assert.ok(f.action, `${f.title} has an action`);
  }
  const needs = r.body.items.map((f) => f.need);
  assert.deepEqual(needs, [...needs].sort((a, b) => b - a), 'sorted by need');

  const { page, problems, shot, checkA11y, a11y } = await browserSession(t, 'flags', { width: 1100, height: 1000 });
  await page.goto(`${url}/`);
  await loginInBrowser(page, { email: pt.email, password: pt.password });
  await page.goto(`${url}/caseload`);
  const panel = page.getByRole('region', { name: /^Risk flags/ });
  const fall = panel.locator('li.flag').filter({ hasText: 'Fall risk: moderate (CDC STEADI rules)' });
  await fall.waitFor();
  // On the caseload each flag is folded after the patients who need attention: its reasons, evidence and
  // card open under "Why and what to do".
  const why = async (card) => {
    const d = card.locator('details.flag-why');
    if ((await d.getAttribute('open')) === null) await d.locator('summary').click();
  };
  await why(fall);
  await fall.getByText('sensitivity 0.31, specificity 0.74').waitFor();
  // The bookings' no-show flags are folded under their count.
  await panel.getByText(/^No-show risk: \d+ bookings? in the next 14 days/).click();
  const noshow = panel.locator('li.flag').filter({ hasText: 'Risk of not attending' }).first();
  await why(noshow);
  await noshow.getByText(/% from the clinic's no-show model \(noshow-/).waitFor();
  await shot('caseload-flags');
  await checkA11y('caseload with risk flags');

  // The no-show flag's card: generated from the training run, labelled synthetic.
  await noshow.getByRole('link', { name: 'Model card' }).click();
  await page.getByRole('heading', { level: 1, name: /^Model card: noshow, version 1/ }).waitFor();
  await page.getByText('Fitted on synthetic data: its figures say nothing about real patients.').waitFor();
  await shot('model-card');
  await checkA11y('model card');
  // A drop-out model's flag (the clinic's own model, looking two weeks ahead) and its card.
  await page.goBack();
  // The caseload loads again (its flags, figures and rows): on a loaded machine that takes longer than a click.
  await panel.getByRole('heading', { name: /^Risk flags \(\d+\)/ }).waitFor({ timeout: 60000 });
  // The demo clinic's synthetic history is drawn anew each run, so the drop-out model does not always put a
  // program over its threshold: its flag is checked when the API lists one, and its card is opened either way.
  const modelDropout = r.body.items.filter((x) => x.kind === 'dropout' && x.method === 'model');
  if (modelDropout.length) {
    const ahead = panel.locator('li.flag').filter({ hasText: /Risk of stopping .+ within two weeks: \d+ %/ }).first();
    await ahead.waitFor({ timeout: 60000 });
    await why(ahead);
    await ahead.getByText(/from the clinic's drop-out model \(dropout-/).waitFor({ timeout: 60000 });
    await ahead.getByRole('link', { name: 'Model card' }).click();
  } else {
    console.log('note: no program over the drop-out model\'s threshold in this demo clinic; its card is opened from the models page');
    await page.goto(`${url}/models/card/dropout?version=1`);
  }
  await page.getByRole('heading', { level: 1, name: /^Model card: dropout, version 1/ }).waitFor();
  await page.getByText('Fitted on synthetic data: its figures say nothing about real patients.').waitFor();
  await page.getByText(/home programs/).first().waitFor();
  await shot('dropout-model-card');
  // A rule's card.
  await page.goBack();
  await fall.waitFor({ timeout: 60000 });
  await why(fall);
  await fall.getByRole('link', { name: 'The rules behind this flag' }).click();
  await page.getByRole('heading', { level: 1, name: 'Rules behind the flags' }).waitFor();
  await page.getByText(/No trained fall model exists/).waitFor();
  await page.goBack();

  // Dismiss a drop-out flag: a reason is required, then it leaves the open list. The synthetic history may
  // leave more than one program without a logged exercise: the first such flag is the one dismissed, held by
  // its id.
  const unlogged = panel.locator('li.flag').filter({ hasText: 'No exercise logged since the program started' });
  await unlogged.first().waitFor();
  const flagId = await unlogged.first().getAttribute('data-flag');
  assert.ok(flagId, 'the flag card carries its id');
  const dropout = panel.locator(`li.flag[data-flag="${flagId}"]`);
  const patientLink = dropout.getByRole('link').first();
  const patientName = await patientLink.innerText();
  await dropout.getByRole('button', { name: 'Dismiss…' }).click();
  await dropout.getByRole('button', { name: 'Dismiss flag' }).click();
  await dropout.getByText('Say why you dismiss it').waitFor();
  await dropout.getByLabel('Why dismiss this flag?').fill('Away on holiday, restarts next week');
  await dropout.getByRole('button', { name: 'Dismiss flag' }).click();
  await dropout.waitFor({ state: 'detached' });

  // On the patient's page: dismissed, with the reason; and in "Who opened this record".
  await page.goto(`${url}/caseload`);
  await page.getByRole('link', { name: patientName }).first().click();
  const flags = page.getByRole('region', { name: 'Risk flags' });
  await flags.locator('li.flag').filter({ hasText: 'Dismissed' }).filter({ hasText: 'Away on holiday, restarts next week' }).waitFor();
  await openTab(page, 'Access log');
  const audit = page.getByRole('region', { name: 'Who opened this record' });
  await audit.getByText(/^Show who opened or changed it/).click();  // folded: the page stays short
  await audit.getByText('Dismissed a risk flag').first().waitFor();
  await shot('patient-dismissed');
  await checkA11y('patient page with a dismissed flag');
  r = await staff.call('GET', '/api/flags?status=decided');
  const dismissed = r.body.items.find((f) => f.id === flagId);
  assert.ok(dismissed, `the dismissed flag ${flagId} is among the decided ones`);
  assert.equal(dismissed.kind, 'dropout');
  assert.equal(dismissed.status, 'dismissed');
  assert.equal(dismissed.decision_reason, 'Away on holiday, restarts next week');

  // The models page: the version, its figures on the later period, labelled synthetic.
  await page.goto(`${url}/models`);
  await page.getByRole('heading', { level: 1, name: 'Prediction models' }).waitFor();
  await page.getByText(/version 1 active/).first().waitFor();
  await page.getByText(/Checked on \d+ later ones .*AUC \d\.\d\d/).first().waitFor();
  await page.getByRole('heading', { level: 2, name: 'Risk of stopping the home program' }).waitFor();
  await page.getByText(/program-weeks with an outcome/).waitFor();
  await shot('models');
  await checkA11y('models page');

  // The coming weeks per clinician, under the day list.
  await page.goto(`${url}/schedule`);
  const capacity = page.getByRole('region', { name: 'Coming weeks per clinician' });
  await capacity.getByRole('cell', { name: 'Sam Rivera, PT' }).first().waitFor();
  await capacity.getByText(/no-show model: version 1 active/).waitFor();
  await shot('capacity');
  await checkA11y('day list with the coming weeks');
  r = await staff.call('GET', '/api/capacity?weeks=2');
  assert.equal(r.status, 200);
  assert.ok(r.body.cells.length > 0 && r.body.cells.every((c) => c.expected_missed <= c.booked && c.missed_interval80[0] <= c.missed_interval80[1]));
  assert.equal((await staff.call('GET', '/api/capacity?weeks=13')).status, 400);

  // The recovery course: the older patient's LEFS is a few points worse after eight weeks (the demo's slow case).
  r = await staff.call('GET', '/api/flags?kind=recovery');
  const recoveryFlag = r.body.items[0];
  assert.ok(recoveryFlag, 'a recovery flag in the demo clinic');
  await page.goto(`${url}/patients/${recoveryFlag.patient_id}`);
  const recovery = page.getByRole('region', { name: 'Recovery course' });
  await recovery.getByText(/reached their goal|not assessed/).first().waitFor();
  await recovery.getByText('off track').first().waitFor();
  // The chart: the patient's scores against the clinic's expected band.
  const chart = recovery.locator('figure.recovery-chart svg').first();
  await chart.waitFor();
  assert.match(await chart.getAttribute('aria-label'), /scores by week since the baseline of .* against the clinic's expected band at \d+ weeks/);
  assert.ok(await recovery.locator('figure.recovery-chart path.band').count() > 0, 'the band is drawn');
  await shot('recovery');
  await checkA11y('patient page with the recovery course');
  await logOut(page);

  // The front desk: no-show flags only, and no decision on another kind.
  const desk = await apiSession(url, logins.front_desk.email, logins.front_desk.password);
  r = await desk.call('GET', '/api/flags?status=all');
  assert.equal(r.status, 200);
  assert.ok(r.body.items.length > 0);
  assert.ok(r.body.items.every((f) => f.kind === 'noshow'), 'front desk sees no-show flags only');
  assert.equal((await desk.call('GET', `/api/patients/${recoveryFlag.patient_id}/recovery`)).status, 403, 'the recovery course is for clinicians');
  assert.equal((await desk.call('GET', '/api/capacity')).status, 200, 'the front desk plans the coming weeks');
  r = await desk.call('POST', `/api/flags/${dismissed.id}/decision`, { decision: 'accept' });
  assert.equal(r.status, 404);
  assertNoPageProblems(assert, problems, a11y);
});
