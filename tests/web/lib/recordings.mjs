// Uploading a recording through the upload page and waiting for its analysis on the patient's record.
import path from 'node:path';

/** How long a test waits for an analysis (PHYSIO_WEB_JOB_TIMEOUT_MS; default 10 minutes). */
export const JOB_TIMEOUT_MS = Number(process.env.PHYSIO_WEB_JOB_TIMEOUT_MS || 600000);

/** Waits until the recording's job is done or failed; returns the state. */
export async function waitForJob(page, rec, shot, name) {
  const seen = new Set();
  const deadline = Date.now() + JOB_TIMEOUT_MS;
  let shotRunning = false;
  for (;;) {
    const cls = (await rec.locator('.job').getAttribute('class').catch(() => '')) || '';
    const state = (/job-(queued|running|done|failed)/.exec(cls) || [])[1];
    if (state) seen.add(state);
    if (state === 'running' && !shotRunning) {
      shotRunning = true;
      await shot(`${name}-running`);
    }
    if (state === 'done' || state === 'failed') {
      await page.waitForTimeout(300);
      await shot(`${name}-finished`);
      return state;
    }
    if (Date.now() > deadline) throw new Error(`the analysis did not finish in ${JOB_TIMEOUT_MS} ms (states seen: ${[...seen]})`);
    await page.waitForTimeout(500);
  }
}

/**
 * Uploads `file` from the patient's record as `kind` of `exercise`; returns its entry on the record (the
 * newest with the file's name). For a walk, `height` is typed in the height field (a string; undefined
 * leaves it as the page offers it) and `onReady(page)` may look at the form before it is sent.
 */
export async function upload(page, patientUrl, { kind, file, exercise, shot, checkA11y, name, height, onReady }) {
  // Recordings are under the record's "Recordings" tab; the upload page comes back to it.
  const tab = page.getByRole('tab', { name: 'Recordings', exact: true });
  if ((await tab.count()) && (await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  await page.getByRole('link', { name: 'Upload a recording' }).click();
  await page.getByRole('heading', { name: /Upload a recording/ }).waitFor();
  await page.getByLabel(kind).check();
  await page.getByLabel('Recording file').setInputFiles(file);
  await page.getByLabel('Exercise').selectOption(exercise);
  if (height !== undefined) await page.getByLabel(/height \(cm\)/).fill(height);
  if (onReady) await onReady(page);
  await shot(`${name}-upload-ready`);
  if (checkA11y) await checkA11y('upload');
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await page.waitForURL((u) => u.pathname === new URL(patientUrl).pathname && u.hash === '#recordings');
  const base = path.basename(file);
  await page.getByText(`${base} was uploaded`, { exact: false }).waitFor();
  const rec = page.locator('li.recording').filter({ hasText: base }).first();
  await rec.waitFor();
  await shot(`${name}-queued`);
  return rec;
}
