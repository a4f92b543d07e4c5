// What most browser tests start from, written once: a clinic with its physiotherapist signed in over the API
// and a patient record (with a program and the patient's own account when asked), and a Chromium whose fake
// camera plays a Y4M clip.
import assert from 'node:assert/strict';
import { CHROMIUM, CHROMIUM_ARGS, apiSession } from './harness.mjs';

/**
 * Creates the clinic and its physiotherapist, starts the server and makes the patient's record.
 * `clinic` is the test's Clinic (the caller stops it). Returns { url, staff, pid, programId }.
 */
export async function clinicWithPatient(clinic, {
  clinicName = 'Riverside Clinic',
  physio = { email: 'lee@example.org', password: 'setup-password-1', name: 'Lee Chen' },
  patient = { given_name: 'Ana', family_name: 'Silva', birth_date: '1958-03-09' },
  program = null, // the body of POST /api/patients/{id}/programs
  patientLogin = null, // { email, password }: the patient's own account
  start = {}, // options of clinic.start()
} = {}) {
  await clinic.createClinic(clinicName);
  await clinic.createUser('physiotherapist', physio.email, physio.password, { name: physio.name, mfa: false });
  const url = await clinic.start(start);
  const staff = await apiSession(url, physio.email, physio.password);
  const created = await staff.call('POST', '/api/patients', patient);
  assert.equal(created.status, 201, `the patient is created: ${JSON.stringify(created.body)}`);
  const pid = created.body.id;
  let programId = null;
  if (program) {
    const r = await staff.call('POST', `/api/patients/${pid}/programs`, program);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    programId = r.body.id;
  }
  if (patientLogin) {
    const name = `${patient.given_name} ${patient.family_name}`;
    await clinic.createUser('patient', patientLogin.email, patientLogin.password, { name, patient: pid, mfa: false });
  }
  return { url, staff, pid, programId };
}

/**
 * Headless Chromium whose camera plays `y4m` (granted without asking). Pages pushed on the returned `pages`
 * get a last screenshot and their problems printed when the test ends; the browser is closed then.
 */
export async function fakeCameraBrowser(t, y4m, { extraArgs = [] } = {}) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`, ...extraArgs],
  });
  const pages = [];
  t.after(async () => {
    for (const p of pages) {
      await p.shot('final').catch(() => {});
      if (p.problems.length) console.log(`page problems: ${p.problems.join('\n')}`);
    }
    await browser.close();
  });
  return { browser, pages };
}
