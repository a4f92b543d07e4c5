// Outcome measures through a single-use link: the physiotherapist makes a link on the patient's page and
// copies it, a logged-out browser fills in the questionnaire at 360 px (one unanswered question is caught
// first), the link then refuses a second use, and the physiotherapist sees the score and the change flag
// against the baseline entered earlier.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clinic, apiSession, assertNoPageProblems, launch, openPage } from './lib/harness.mjs';

test('a patient fills in a questionnaire through a link; the physiotherapist sees the score and the flag', { timeout: 180000 }, async (t) => {
  const clinic = new Clinic('questionnaire-link');
  t.after(() => clinic.stop());
  await clinic.createClinic('Hillside Clinic');
  await clinic.createUser('physiotherapist', 'lee@example.org', 'setup-password-1', { name: 'Lee Chen', mfa: false });
  const url = await clinic.start();
  const api = await apiSession(url, 'lee@example.org', 'setup-password-1');
  const created = await api.call('POST', '/api/patients', { given_name: 'Maria', family_name: 'Okafor', birth_date: '1961-03-14' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const pid = created.body.id;
  // The intake ODI from paper a month ago: 4 of 5 on every section, 80 %.
  const month = new Date(Date.now() - 30 * 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
  const base = await api.call('POST', `/api/patients/${pid}/questionnaire-responses`, { instrument: 'odi', answers: Array(10).fill(4), completed: month });
  assert.equal(base.status, 201, JSON.stringify(base.body));

  const browser = await launch();
  t.after(() => browser.close());
  const staff = await openPage(browser, 'questionnaire-link-staff');
  await staff.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
  const { page } = staff;
  await page.goto(`${url}/`);
  await page.getByLabel('E-mail address').fill('lee@example.org');
  await page.getByLabel('Password').fill('setup-password-1');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Caseload', level: 1 }).waitFor(); // a physiotherapist's day
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();
  await page.getByRole('heading', { name: 'Patients', level: 1 }).waitFor();
  await page.goto(`${url}/patients/${pid}#sessions`);
  await page.getByRole('heading', { name: 'Maria Okafor', level: 1 }).waitFor();
  const panel = page.locator('section[aria-labelledby="measures-h"]');
  await panel.locator('li.response').first().waitFor();
  assert.match(await panel.locator('li.response').first().innerText(), /Score: 80%/);

  // Make the link and copy it.
  await panel.getByLabel('Questionnaire to send').selectOption('odi');
  await panel.getByRole('button', { name: 'Make a single-use link' }).click();
  const linkField = panel.getByLabel(/Link for the patient/);
  await linkField.waitFor();
  const link = await linkField.inputValue();
  assert.match(link, new RegExp(`^${url}/q/[A-Za-z0-9_-]{43}$`));
  await panel.getByRole('button', { name: 'Copy link' }).click();
  await panel.getByText('Copied.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  await staff.shot('link-made');
  await staff.checkA11y('patient page with a link made');

  // A logged-out browser on a phone: no account, no sign-in page.
  const phone = await openPage(browser, 'questionnaire-link-patient', { width: 360, height: 740 });
  const p = phone.page;
  await p.goto(link);
  await p.getByRole('heading', { name: 'Oswestry Disability Index', level: 1 }).waitFor();
  const text = await p.locator('main').innerText();
  assert.match(text, /For Hillside Clinic/);
  for (const secret of ['Maria', 'Okafor', '1961']) assert.ok(!text.includes(secret), `the public page names the patient (${secret})`);
  await phone.shot('public-form');
  await phone.checkA11y('public questionnaire');
  // Nine of ten sections: the form says which one is missing before anything is sent.
  for (let i = 1; i <= 9; i++) await p.getByRole('group', { name: new RegExp(`^${i} of 10:`) }).getByRole('radio').nth(2).check();
  await p.getByRole('button', { name: 'Submit answers' }).click();
  await p.getByText('Question 10 is not answered.', { exact: false }).waitFor();
  await phone.shot('one-unanswered');
  await p.getByRole('group', { name: /^10 of 10:/ }).getByRole('radio').nth(2).check();
  await p.getByRole('button', { name: 'Submit answers' }).click();
  await p.getByRole('heading', { name: 'Thank you', level: 1 }).waitFor();
  await p.getByText('Your answers were sent to Hillside Clinic.').waitFor();
  await phone.shot('thank-you');
  const wide = await p.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `no sideways scrolling at 360 px (page is ${wide} px wide)`);
  // The link works once.
  await p.goto(link);
  await p.getByRole('heading', { name: 'This link can no longer be used', level: 1 }).waitFor();
  await phone.shot('used-link');

  // The physiotherapist sees the score (2 of 5 everywhere: 40 %) and the change against the baseline.
  await page.reload();
  await page.getByRole('heading', { name: 'Maria Okafor', level: 1 }).waitFor();
  const latest = panel.locator('li.response').first();
  await latest.getByText('filled in through a link', { exact: false }).waitFor();
  const card = await latest.innerText();
  assert.match(card, /Score: 40%/);
  assert.match(card, /lower is better/);
  assert.match(card, /Clinically important improvement/);
  assert.match(card, /80 % -> 40 %: 40 % better; passes the MCID of 10/);
  assert.match(card, /MCID: Ostelo/);
  await staff.shot('score-and-flag');
  await staff.checkA11y('outcome measures with a flag');
  assertNoPageProblems(assert, staff.problems, staff.a11y);
  // The used link's refusal is a 410 the page expected; nothing else went wrong on the phone.
  assertNoPageProblems(assert, phone.problems, phone.a11y);
});
