// Staff administration by an administrator: add a physiotherapist, reset their password, disable them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clinic, assertNoPageProblems, browserSession } from './lib/harness.mjs';
import { loginInBrowser } from './lib/flows.mjs';

async function loginAnswer(url, email, password) {
  const r = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
  return { status: r.status, error: (await r.json().catch(() => ({}))).error };
}

test('an administrator adds a staff member, resets their password and disables them', { timeout: 180000 }, async (t) => {
  const clinic = new Clinic('staff-admin');
  t.after(() => clinic.stop());
  await clinic.createClinic('Hillside Clinic');
  await clinic.createUser('admin', 'admin@example.org', 'admin-password-1', { name: 'Alex Admin' });
  const url = await clinic.start();
  const { page, problems, shot, checkA11y, a11y } = await browserSession(t, 'staff-admin', { width: 360, height: 740 });

  await page.goto(`${url}/`);
  await loginInBrowser(page, { email: 'admin@example.org', password: 'admin-password-1' });
  await page.getByRole('heading', { name: 'Staff', level: 1 }).waitFor();
  await page.locator('li.staff-member').first().waitFor();
  await shot('staff-list');
  await checkA11y('staff list');

  // A password that is too short is refused next to its field (the form beside the e-mailed invitation).
  const add = page.locator('section[aria-labelledby="add-staff-h"]');
  await add.getByLabel('E-mail', { exact: true }).fill('jo@example.org');
  await add.getByLabel('Name', { exact: true }).fill('Jo Novak');
  await add.getByLabel('Role').selectOption('physiotherapist');
  await page.getByLabel('Initial password').fill('short');
  await page.getByRole('button', { name: 'Add staff member' }).click();
  await page.locator('#staff-password-error').waitFor();
  await shot('add-staff-error');
  await page.getByLabel('Initial password').fill('a-long-initial-pw-1');
  await page.getByRole('button', { name: 'Add staff member' }).click();
  const jo = page.locator('li.staff-member').filter({ hasText: 'jo@example.org' });
  await jo.waitFor();
  await page.getByText('Jo Novak was added.', { exact: false }).waitFor();
  await shot('staff-added');
  assert.equal((await loginAnswer(url, 'jo@example.org', 'a-long-initial-pw-1')).error, 'totp_enrollment_required');

  // Reset the password.
  await jo.getByRole('button', { name: /Reset password/ }).click();
  await jo.getByLabel(/New password for Jo Novak/).fill('another-long-pw-2');
  await shot('reset-password');
  await jo.getByRole('button', { name: 'Set password' }).click();
  await page.getByText('The password of Jo Novak was reset.').waitFor();
  assert.equal((await loginAnswer(url, 'jo@example.org', 'a-long-initial-pw-1')).error, 'invalid_credentials');
  assert.equal((await loginAnswer(url, 'jo@example.org', 'another-long-pw-2')).error, 'totp_enrollment_required');

  // Disable, after a confirmation.
  await jo.getByRole('button', { name: /Disable/ }).click();
  await shot('disable-confirm');
  await checkA11y('disable confirmation');
  await jo.getByRole('button', { name: 'Yes, disable' }).click();
  await page.getByText('Jo Novak was disabled and can no longer log in.').waitFor();
  await page.locator('li.staff-member').filter({ hasText: 'jo@example.org' }).getByText('Disabled').waitFor();
  await shot('staff-disabled');
  const after = await loginAnswer(url, 'jo@example.org', 'another-long-pw-2');
  assert.notEqual(after.status, 200);
  assert.notEqual(after.error, 'totp_enrollment_required', 'a disabled account cannot go on to log in');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `no sideways scrolling at 360 px (page is ${wide} px wide)`);
  assertNoPageProblems(assert, problems, a11y);
});
