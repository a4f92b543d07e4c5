// Registration for any country (docs/server/patient-admin.md, "Registration details"): the physiotherapist
// registers a patient living in Portugal with an emergency contact, a GP and a private insurer with its
// reference, the preferred language chosen from the list, and opens an episode whose ICD-10-CM code is found
// by typing "knee"; the record shows all of it. The patient, on a phone, changes their phone number and
// withdraws a consent from their own pages; the staff's view shows both. Screens at 1280 and 360 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clinic, apiSession, assertNoPageProblems, browserSession } from './lib/harness.mjs';
import { loginInBrowser, openTab } from './lib/flows.mjs';
import { internalWords } from './lib/wording.mjs';

const PHYSIO = { email: 'lee@example.org', password: 'setup-password-1' };
const PATIENT = { email: 'ines@example.org', password: 'ines-password-123' };

test('registration: an address in Portugal, contacts, an insurer, a searched condition; the patient edits their own', { timeout: 300000 }, async (t) => {
  const clinic = new Clinic('registration');
  t.after(() => clinic.stop());
  await clinic.createClinic('Clínica do Rossio');
  await clinic.createUser('physiotherapist', PHYSIO.email, PHYSIO.password, { name: 'Lee Chen', mfa: false });
  const url = await clinic.start();
  const staff = await apiSession(url, PHYSIO.email, PHYSIO.password);

  // ---- the physiotherapist registers the patient (1280 px)
  const c = await browserSession(t, 'registration', { width: 1280, height: 900 });
  await c.page.goto(`${url}/`);
  await loginInBrowser(c.page, PHYSIO);
  await c.page.goto(`${url}/patients/new`);
  await c.page.getByRole('heading', { name: 'New patient', level: 1 }).waitFor();
  const page = c.page;
  await page.getByLabel('Given name').fill('Inês');
  await page.getByLabel('Family name').fill('Ferreira');
  await page.getByLabel('Birth date').fill('1966-02-11');
  await page.getByLabel('Phone').first().fill('+351 936 111 222');
  // The language from the list, by its name.
  const languages = await page.getByLabel('Preferred language').locator('option').allTextContents();
  assert.ok(languages.includes('Portuguese (Portugal)') && languages.every((l) => !/^[a-z]{2}(-|$)/.test(l)), languages.slice(0, 8).join(', '));
  await page.getByLabel('Preferred language').selectOption({ label: 'Portuguese (Portugal)' });
  await page.getByLabel('Street and number').fill('Rua Augusta 100, 2.º esquerdo');
  await page.getByLabel('Town or city').fill('Lisboa');
  await page.getByLabel('Postcode').fill('1100-053');
  await page.getByLabel('Country').selectOption({ label: 'Portugal' });
  await page.locator('#new-emergency_name').fill('Maria Ferreira');
  await page.getByLabel('Relationship to the patient').fill('sister');
  await page.getByLabel("Emergency contact's phone").fill('+351 912 345 678');
  await page.locator('#new-gp_name').fill('Dr. Rui Costa');
  await page.getByLabel("GP's practice").fill('USF Baixa');
  await page.getByLabel('Who pays').selectOption({ label: 'Private insurer' });
  await page.getByLabel('Insurer or service').fill('Médis');
  await page.getByLabel('Policy or reference number').fill('POL-2026-0042');
  await c.shot('new-patient-filled');
  await c.checkA11y('new patient with registration details');
  await page.getByRole('button', { name: 'Save patient' }).click();
  await page.getByRole('heading', { name: 'Inês Ferreira', level: 1 }).waitFor();
  const pid = new URL(page.url()).pathname.split('/').pop();

  // The record shows the details.
  await openTab(page, 'Administration');
  const reg = page.getByRole('region', { name: 'Address, contacts and who pays' }).or(page.locator('section[aria-labelledby="reg-h"]'));
  await page.getByTestId('reg-address').waitFor();
  assert.equal(await page.getByTestId('reg-address').innerText(), 'Rua Augusta 100, 2.º esquerdo, 1100-053 Lisboa, Portugal');
  assert.equal(await page.getByTestId('reg-emergency').innerText(), 'Maria Ferreira, sister, +351 912 345 678');
  assert.equal(await page.getByTestId('reg-gp').innerText(), 'Dr. Rui Costa, USF Baixa');
  assert.equal(await page.getByTestId('reg-funder').innerText(), 'Private insurer, Médis, reference POL-2026-0042');
  await page.locator('.facts').getByText('Portuguese (Portugal)').waitFor();
  await reg.first().scrollIntoViewIfNeeded();
  await c.shot('record-registration');

  // ---- the condition from the searchable ICD-10-CM list
  await openTab(page, 'Overview');
  await page.getByText('Add an episode of care').click();
  const icd = page.getByRole('combobox', { name: 'ICD-10 code' });
  await page.getByText('The code system is ICD-10-CM.').waitFor();
  await icd.fill('knee');
  const option = page.getByRole('option', { name: /M17\.11 Unilateral primary osteoarthritis, right knee/ });
  await option.waitFor();
  await c.shot('icd10-search');
  await c.checkA11y('ICD-10-CM search open');
  await option.click();
  assert.equal(await icd.inputValue(), 'M17.11');
  assert.equal(await page.getByLabel('Condition', { exact: true }).inputValue(), 'Unilateral primary osteoarthritis, right knee');
  await page.getByLabel('Side').selectOption({ label: 'Right' });
  await page.getByRole('button', { name: 'Add episode' }).click();
  await page.getByText('The episode was added.').waitFor();
  await page.locator('.card').filter({ hasText: 'M17.11' }).first().waitFor();
  // A code not in the list: refused, said next to the field.
  await icd.fill('M99.99');
  await page.getByLabel('Condition', { exact: true }).fill('Something else');
  await page.getByRole('button', { name: 'Add episode' }).click();
  await page.locator('#ep-icd10-error').getByText(/ICD-10-CM/).waitFor();
  await c.shot('icd10-refused');

  // ---- the patient on a phone (360 px): phone number and a consent
  await clinic.createUser('patient', PATIENT.email, PATIENT.password, { name: 'Inês Ferreira', patient: pid, mfa: false });
  assert.equal((await staff.call('POST', `/api/patients/${pid}/consents`, { kind: 'telehealth', status: 'given', method: 'in_person_signed' })).status, 201);
  const p = await browserSession(t, 'registration-patient', { width: 360, height: 740 });
  await p.page.goto(`${url}/`);
  await loginInBrowser(p.page, PATIENT);
  await p.page.goto(`${url}/patients/${pid}`);
  await openTab(p.page, 'My details');
  await p.page.getByRole('button', { name: 'Change my contact details' }).click();
  const own = p.page.getByRole('form', { name: 'Change your contact details' });
  // A number without its country code: said next to the field.
  await own.getByLabel('Your phone').fill('936 999 000');
  await own.getByRole('button', { name: 'Save my details' }).click();
  await own.locator('#own-phone-error').getByText(/international form/).waitFor();
  await own.getByLabel('Your phone').fill('+351 936 999 000');
  await p.shot('own-details-form');
  await p.checkA11y('own details form');
  await own.getByRole('button', { name: 'Save my details' }).click();
  await p.page.getByText('Your details were saved. The clinic sees the change.').waitFor();
  await p.page.getByText('+351 936 999 000').first().waitFor();
  // Withdraws the video sessions consent.
  await p.page.getByRole('button', { name: 'Withdraw: Video and camera sessions' }).click();
  await p.page.getByText('Video and camera sessions: you withdrew your consent. It takes effect now.').waitFor();
  await p.page.getByTestId('consent-telehealth').getByText(/^Withdrawn/).waitFor();
  await p.shot('own-consent-withdrawn');
  await p.checkA11y('my details after a withdrawal');
  const wide = await p.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `no sideways scrolling at 360 px (page is ${wide} px wide)`);
  assert.deepEqual(internalWords(await p.page.locator('main').innerText(), 'my details'), []);

  // ---- the staff's view shows both changes
  await page.reload();
  await openTab(page, 'Administration');
  await page.getByText('+351 936 999 000').first().waitFor();
  const telehealth = page.getByTestId('consent-telehealth');
  await telehealth.getByText(/^Withdrawn .*online/).waitFor();
  await page.locator('.consent-history summary').click();
  await page.getByText(/Video and camera sessions withdrawn, online; recorded by the patient/).waitFor();
  await c.shot('staff-sees-changes');
  const viaApi = (await staff.call('GET', `/api/patients/${pid}`)).body;
  assert.equal(viaApi.phone, '+351 936 999 000');
  assertNoPageProblems(assert, [...c.problems, ...p.problems], [...c.a11y, ...p.a11y]);
});
