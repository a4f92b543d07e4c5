// Messages and the pain alert in the browser: on a phone the patient reports pain 8/10 after a session and
// is told to stop for today and whom to contact; they write to their physiotherapist from their record. The
// physiotherapist finds the automatic pain alert and the message as new on the patient's page, answers, and
// the patient sees the answer and that their message was read. Both pages at 360 and 1280 px, axe clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clinic, apiSession, assertNoPageProblems, browserSession } from './lib/harness.mjs';
import { loginInBrowser } from './lib/flows.mjs';
import { clinicWithPatient } from './lib/setup.mjs';

test('messages: pain alert, a message, the answer and read receipts', { timeout: 300000 }, async (t) => {
  const clinic = new Clinic('messages');
  t.after(() => clinic.stop());
  const { url, staff, pid } = await clinicWithPatient(clinic, {
    program: {
      title: 'Knee osteoarthritis, weeks 1-4',
      prescriptions: [{ exercise_id: 'mini_squat', dosage: { sets: 1, reps: 10, times_per_day: 1, days_per_week: 7 } }],
    },
    patientLogin: { email: 'ana@example.org', password: 'ana-password-123' },
  });

  // The patient, on a phone: pain 8/10 during the squats.
  const p = await browserSession(t, 'messages-patient', { width: 360, height: 740 });
  await p.page.goto(`${url}/`);
  await loginInBrowser(p.page, { email: 'ana@example.org', password: 'ana-password-123' });
  await p.page.getByRole('heading', { name: /^Today/, level: 1 }).waitFor();
  const squat = p.page.getByRole('listitem').filter({ has: p.page.getByRole('heading', { name: 'Mini squat' }) });
  await squat.getByRole('button', { name: 'Log without the camera' }).click();
  const form = squat.getByRole('form', { name: 'Log Mini squat without the camera' });
  await form.getByRole('group', { name: 'Highest pain during or right after (0-10)' }).getByLabel('8', { exact: true }).check();
  await form.getByRole('button', { name: 'Save this session' }).click();
  const advice = p.page.getByTestId('pain-advice');
  await advice.getByText('Pain of 8/10: stop for today').waitFor();
  await advice.getByText(/Your physiotherapist has been told\. .*phone Riverside Clinic/).waitFor();
  await p.shot('pain-advice');
  await p.checkA11y('pain advice at 360 px');

  // A message from the patient's record; an empty one is refused in words.
  await p.page.goto(`${url}/patients/${pid}#messages`);
  const box = p.page.getByTestId('messages');
  await box.getByRole('heading', { name: /^Messages/ }).waitFor();
  await box.getByRole('button', { name: 'Send' }).click();
  await box.getByText('Write a message first.').waitFor();
  await box.getByLabel('Message to your physiotherapist').fill('The knee hurt a lot during the squats today. Should I stop them?');
  await box.getByRole('button', { name: 'Send' }).click();
  const mine = box.locator('li.message.mine').filter({ hasText: 'Should I stop them?' });
  await mine.getByText('Not read yet').waitFor();
  await p.shot('message-sent');
  await p.checkA11y('messages at 360 px');
  const wide = await p.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `no sideways scrolling at 360 px (page is ${wide} px wide)`);

  // The physiotherapist: two new (the automatic alert and the message), then an answer.
  const c = await browserSession(t, 'messages-physio', { width: 1280, height: 900 });
  await c.page.goto(`${url}/`);
  await loginInBrowser(c.page, { email: 'lee@example.org', password: 'setup-password-1' });
  await c.page.goto(`${url}/patients/${pid}#messages`);
  const cbox = c.page.getByTestId('messages');
  await cbox.getByText('2 new').waitFor();
  await cbox.locator('li.message.automatic').filter({ hasText: 'Automatic pain alert: pain 8/10 during mini squat' }).getByText('Automatic alert', { exact: true }).waitFor();
  await cbox.locator('li.message.theirs').filter({ hasText: 'Should I stop them?' }).getByText('Ana Silva').waitFor();
  await c.shot('physio-messages');
  await c.checkA11y('messages, physiotherapist');
  await cbox.getByLabel('Message to the patient').fill('Yes, rest them until Thursday and keep the bridges. I will call you tomorrow.');
  await cbox.getByRole('button', { name: 'Send' }).click();
  await cbox.locator('li.message.mine').filter({ hasText: 'I will call you tomorrow.' }).getByText('Not read yet').waitFor();

  // The patient: the answer, and their own message read.
  await p.page.reload();
  await box.locator('li.message.theirs').filter({ hasText: 'I will call you tomorrow.' }).getByText('Lee Chen').waitFor();
  await mine.getByText(/^Read /).waitFor();
  await p.shot('answer-read');
  // And the physiotherapist sees theirs read.
  await c.page.reload();
  await cbox.locator('li.message.mine').filter({ hasText: 'I will call you tomorrow.' }).getByText(/^Read /).waitFor();
  await c.shot('physio-read-receipt');
  const log = await staff.call('GET', `/api/patients/${pid}/audit`);
  const actions = new Set(log.body.items.map((e) => e.action));
  for (const a of ['message.create', 'message.read', 'message.mark_read', 'message.pain_alert']) assert.ok(actions.has(a), `audit has ${a}`);
  assertNoPageProblems(assert, [...p.problems, ...c.problems], [...p.a11y, ...c.a11y]);
});
