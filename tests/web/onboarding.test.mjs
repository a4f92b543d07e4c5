// Onboarding without the command line (docs/server/api.md, "Invitations and password reset"): an
// administrator invites a physiotherapist, who sets a password from the e-mailed link, sets up the second
// factor from the QR page (the key read from the text shown), sees and keeps the recovery codes, invites a
// patient from the record; the patient sets a password from their e-mail and is signed in; later the
// physiotherapist signs in with a recovery code, and the patient resets a forgotten password from the e-mail.
// Staff pages at 1280 px, the patient's at 360 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, assertNoPageProblems, browserSession, totp } from './lib/harness.mjs';
import { loginInBrowser, logOut, openTab, linkIn, noSidewaysScroll, clinicWithMail } from './lib/flows.mjs';


test('a clinic onboards staff and a patient from the pages and e-mail', { timeout: 300000 }, async (t) => {
  const { clinic, sink, mailArgs } = await clinicWithMail(t, 'onboarding');
  await clinic.createClinic('Hillside Clinic');
  await clinic.createUser('admin', 'admin@example.org', 'admin-password-1', { name: 'Alex Admin', mfa: false });
  await clinic.createUser('front_desk', 'desk@example.org', 'desk-password-12', { name: 'Dee Desk', mfa: false });
  const url = await clinic.start({ extraArgs: [...mailArgs('clinic@hillside.example')] });

  // ---- The administrator invites a physiotherapist (1280 px) ----
  const staff = await browserSession(t, 'onboarding-staff', { width: 1280, height: 900 });
  const { page, shot, checkA11y } = staff;
  await page.goto(`${url}/`);
  await loginInBrowser(page, { email: 'admin@example.org', password: 'admin-password-1' });
  await page.getByRole('heading', { name: 'Staff', level: 1 }).waitFor();
  await page.locator('#invite-email').fill('nia@example.org');
  await page.locator('#invite-name').fill('Nia Okafor');
  await page.locator('#invite-role').selectOption('physiotherapist');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await page.getByText('Nia Okafor was invited', { exact: false }).waitFor();
  await page.locator('li.staff-member').filter({ hasText: 'nia@example.org' }).waitFor();
  await shot('staff-invited');
  await checkA11y('staff page after an invitation');
  const invite = await sink.waitFor((m) => m.to.includes('nia@example.org'), { what: 'the invitation' });
  assert.match(invite.subject, /Your login at Hillside Clinic/);
  const niaLink = linkIn(invite, url);
  await logOut(page);

  // ---- The physiotherapist sets a password from the link and enrols from the QR page ----
  await page.goto(niaLink);
  await page.getByRole('heading', { name: 'Set your password', level: 1 }).waitFor();
  await page.getByLabel('New password').fill('nia-password-123');
  await page.getByLabel('The same password again').fill('nia-password-123');
  await shot('set-password');
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.getByRole('heading', { name: 'Log in to physiokit', level: 1 }).waitFor();
  assert.equal(await page.getByLabel('E-mail address').inputValue(), 'nia@example.org');
  await page.getByLabel('Password').fill('nia-password-123');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Set up your second factor', level: 1 }).waitFor();
  const qr = page.locator('#totp-qr');
  await qr.waitFor();
  const drawn = await qr.evaluate((img) => img.complete && img.naturalWidth > 0 && img.src.startsWith('data:image/svg+xml'));
  assert.ok(drawn, 'the QR code is drawn from the server-made SVG');
  await shot('enrol-qr');
  await checkA11y('second-factor enrolment with a QR code');
  // The key as a person would type it: the grouped text shown.
  const secret = (await page.locator('#totp-secret').textContent()).replace(/\s+/g, '');
  assert.match(secret, /^[A-Z2-7]{32}$/);
  await page.getByLabel('6-digit code from your authenticator app').fill(totp(secret));
  await page.getByRole('button', { name: 'Confirm and log in' }).click();
  await page.getByRole('heading', { name: 'Save your recovery codes', level: 1 }).waitFor();
  const codes = (await page.locator('#recovery-codes li').allTextContents()).map((s) => s.trim());
  assert.equal(codes.length, 10);
  for (const c of codes) assert.match(c, /^[a-z2-9]{5}-[a-z2-9]{5}$/);
  await shot('recovery-codes');
  await checkA11y('recovery codes');
  await page.getByRole('button', { name: 'I have saved them, continue' }).click();
  await page.getByRole('heading', { name: 'Caseload', level: 1 }).waitFor(); // a physiotherapist lands on their day

  // ---- A patient registered at the desk is invited from the record ----
  const desk = await apiSession(url, 'desk@example.org', 'desk-password-12');
  const reg = await desk.call('POST', '/api/patients', {
    given_name: 'Ana', family_name: 'Silva', birth_date: '1984-05-06', email: 'ana@example.org', email_ok: true,
  });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  const pid = reg.body.id;
  await page.goto(`${url}/patients/${pid}`);
  await openTab(page, 'Administration');
  await page.getByRole('button', { name: 'Invite to the app' }).click();
  await page.getByText('Invitation sent to ana@example.org', { exact: false }).waitFor();
  await shot('patient-invited');
  await checkA11y('patient record after an invitation');
  await noSidewaysScroll(page, 1280);
  const anaMail = await sink.waitFor((m) => m.to.includes('ana@example.org'), { what: "the patient's invitation" });
  assert.match(anaMail.body, /home exercises/);
  const anaLink = linkIn(anaMail, url);

  // ---- The patient sets a password from the e-mail and is signed in (360 px) ----
  const phone = await browserSession(t, 'onboarding-patient', { width: 360, height: 740 });
  await phone.page.goto(anaLink);
  await phone.page.getByRole('heading', { name: 'Set your password', level: 1 }).waitFor();
  await phone.shot('patient-set-password');
  await phone.checkA11y('set-password page on a phone');
  await noSidewaysScroll(phone.page, 360);
  await phone.page.getByLabel('New password').fill('ana-password-123');
  await phone.page.getByLabel('The same password again').fill('ana-password-123');
  await phone.page.getByRole('button', { name: 'Set password' }).click();
  await phone.page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
  await phone.shot('patient-signed-in');
  // The link works once: opened again, it says so in words.
  await phone.page.goto(anaLink);
  await phone.page.getByLabel('New password').fill('another-password-1');
  await phone.page.getByLabel('The same password again').fill('another-password-1');
  await phone.page.getByRole('button', { name: 'Set password' }).click();
  await phone.page.locator('#set-password-gone').getByText('used or has expired', { exact: false }).waitFor();
  await phone.shot('link-used-again');

  // ---- Later the physiotherapist signs in with a recovery code ----
  await page.goto(`${url}/`);
  await logOut(page);
  await page.getByLabel('E-mail address').fill('nia@example.org');
  await page.getByLabel('Password').fill('nia-password-123');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill(codes[3]);
  await shot('recovery-code-login');
  await page.getByRole('button', { name: 'Verify code' }).click();
  await page.getByRole('heading', { name: 'Caseload', level: 1 }).waitFor();
  await page.goto(`${url}/account`);
  await page.locator('#recovery-left').getByText('You have 9 recovery codes left.', { exact: false }).waitFor();
  await shot('account-recovery-codes');

  // ---- The patient forgot the password: a reset from the e-mail (360 px) ----
  await phone.page.goto(`${url}/`);
  await logOut(phone.page);
  await phone.page.getByRole('link', { name: 'Forgot password?' }).click();
  await phone.page.getByRole('heading', { name: 'Forgot your password?', level: 1 }).waitFor();
  await phone.page.getByLabel('E-mail address').fill('ana@example.org');
  await phone.page.getByRole('button', { name: 'Send the link' }).click();
  const done = await phone.page.locator('#forgot-done').textContent();
  assert.match(done, /If an account uses this address/);
  await phone.shot('forgot-sent');
  await noSidewaysScroll(phone.page, 360);
  // The same words for an address nobody uses.
  const nobody = await fetch(`${url}/api/password/forgot`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'nobody@example.org' }) });
  assert.equal(nobody.status, 202);
  assert.equal((await nobody.json()).status, done.trim());
  const reset = await sink.waitFor((m) => m.to.includes('ana@example.org') && /new password/i.test(m.subject), { what: 'the reset e-mail' });
  await phone.page.goto(linkIn(reset, url));
  await phone.page.getByLabel('New password').fill('ana-new-password-9');
  await phone.page.getByLabel('The same password again').fill('ana-new-password-9');
  await phone.page.getByRole('button', { name: 'Set password' }).click();
  await phone.page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
  await phone.shot('patient-after-reset');
  const old = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'ana@example.org', password: 'ana-password-123' }) });
  assert.equal(old.status, 401, 'the old password no longer works');

  assertNoPageProblems(assert, staff.problems, staff.a11y);
  assertNoPageProblems(assert, phone.problems, phone.a11y);
});
