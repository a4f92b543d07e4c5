// Steps several browser tests share.
import assert from 'node:assert/strict';
import { Clinic, msToNextStep, sleep, totp } from './harness.mjs';
import { SmtpSink } from './smtp-sink.mjs';

/**
 * Logs in through the login page. Handles the three answers: logged in, a code asked for (secret needed),
 * or a first login that enrols a second factor (the secret is read from the page as a person would).
 * Returns the TOTP secret in use (null without one), the time step of the last code used and, after an
 * enrolment, the recovery codes the page showed once.
 */
export async function loginInBrowser(page, { email, password, secret = null, shot = null, lastStep = null, checkA11y = null }) {
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  if (shot) await shot('login-filled');
  await page.getByRole('button', { name: 'Log in' }).click();
  const code = page.getByLabel('6-digit code from your authenticator app');
  const which = await Promise.race([
    code.waitFor().then(() => 'code'),
    page.locator('main h1').filter({ hasNotText: /log in|second factor/i }).waitFor().then(() => 'in'),
  ]);
  if (which === 'in') return { secret: null, step: null };
  const enrolling = await page.locator('#totp-secret').isVisible();
  if (enrolling) {
    secret = (await page.locator('#totp-secret').getAttribute('data-secret')) || '';
    if (shot) await shot('enrol');
    if (checkA11y) await checkA11y('second-factor enrolment');
  } else if (shot) await shot('code-asked');
  if (!secret) throw new Error('a code was asked for but the test has no TOTP secret');
  // A code may be used once. When this 30 s step's code was used, the next step's is typed, as from an
  // authenticator whose clock runs ahead: the server accepts one step either side of its own (drift, RFC
  // 6238 sections 5.2 and 6) and never a step at or before the last one used, so only a login after such a
  // code, within the same step, waits for the next step to begin.
  const now = () => Math.floor(Date.now() / 30000);
  if (lastStep !== null) while (lastStep > now()) await sleep(msToNextStep() + 200);
  const step = lastStep !== null ? Math.max(now(), lastStep + 1) : now();
  await code.fill(totp(secret, step * 30000));
  await page.getByRole('button', { name: enrolling ? 'Confirm and log in' : 'Verify code' }).click();
  // A first login shows the recovery codes once before going on.
  let recoveryCodes = null;
  if (enrolling) {
    await page.getByRole('heading', { name: 'Save your recovery codes', level: 1 }).waitFor();
    recoveryCodes = (await page.locator('#recovery-codes li').allTextContents()).map((c) => c.trim());
    if (shot) await shot('recovery-codes');
    await page.getByRole('button', { name: 'I have saved them, continue' }).click();
  }
  await page.locator('main h1').filter({ hasNotText: /log in|second factor|recovery codes/i }).waitFor();
  return { secret, step, recoveryCodes };
}

export async function logOut(page) {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('heading', { name: 'Log in to physiokit', level: 1 }).waitFor();
}

/** Opens one tab of the patient's record ("Program", "Sessions & measures", "Administration", ...). */
export async function openTab(page, name) {
  const tab = page.getByRole('tab', { name, exact: true });
  await tab.click();
  await page.getByRole('tab', { name, exact: true, selected: true }).waitFor();
}

/** The single-use set-password link on `base` in an e-mail (invitations and password resets). */
export function linkIn(message, base) {
  const m = new RegExp(`${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/set-password/[A-Za-z0-9_-]+`).exec(message.body);
  assert.ok(m, `no set-password link on ${base} in:\n${message.body}`);
  return m[0];
}

/** The page does not scroll sideways at `width` px. */
export async function noSidewaysScroll(page, width) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= width, `no sideways scrolling at ${width} px (page is ${wide} px wide)`);
}

/**
 * A clinic's server (not started) and an SMTP sink for its e-mail, both stopped when the test ends.
 * `mailArgs(from)`: the server flags that send the clinic's e-mail, from `from`, into the sink.
 */
export async function clinicWithMail(t, name) {
  const clinic = new Clinic(name);
  const sink = new SmtpSink();
  await sink.start();
  t.after(async () => {
    await clinic.stop();
    await sink.stop();
  });
  const mailArgs = (from) => ['--smtp-host', '127.0.0.1', '--smtp-port', String(sink.port), '--smtp-from', from];
  return { clinic, sink, mailArgs };
}
