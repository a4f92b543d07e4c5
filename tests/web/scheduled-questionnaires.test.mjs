// Scheduled questionnaires on a test clock (docs/server/questionnaire-schedules.md): the server runs under
// `--test-clock` from Monday 08:00 UTC a week ahead, e-mail to a local SMTP sink. The physiotherapist
// schedules PSFS every 2 weeks from the Monday two weeks on; the day before, nothing has been sent; on the
// due day after 09:00 the e-mail is in the sink, its link opens the questionnaire on a phone and takes the
// answers, the physiotherapist sees the send answered and the next date, and the patient's Today page says
// when the next questionnaire comes. Screenshots at 1280 and 360 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, assertNoPageProblems, launch, openPage } from './lib/harness.mjs';
import { loginInBrowser, openTab, clinicWithMail } from './lib/flows.mjs';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

function mondayAhead() {
  const d = new Date();
  d.setUTCHours(8, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + 7 + ((1 - d.getUTCDay() + 7) % 7));
  return d;
}
const ymd = (d) => d.toISOString().slice(0, 10);
/** "Mon 14 Dec 2026", as the server writes a date (rehab::day_words). */
function dayWords(d) {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${days[d.getUTCDay()]} ${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

test('a questionnaire scheduled every 2 weeks arrives by e-mail on its day and is answered', { timeout: 300000 }, async (t) => {
  const { clinic, sink, mailArgs } = await clinicWithMail(t, 'scheduled-questionnaires');
  await clinic.createClinic('Harbour Physio');
  await clinic.createUser('admin', 'admin@example.org', 'admin-password-12', { name: 'Ada Admin', mfa: false });
  await clinic.createUser('physiotherapist', 'lee@example.org', 'setup-password-1', { name: 'Lee Chen', mfa: false });
  const url = await clinic.start({
    extraArgs: ['--test-clock', 'true', ...mailArgs('clinic@harbour.example')],
  });
  const LEE = { email: 'lee@example.org', password: 'setup-password-1' };
  const ANA = { email: 'ana@example.org', password: 'ana-password-123' };

  const contexts = [];
  let now = null;
  const moveTo = async (when) => {
    const admin = await apiSession(url, 'admin@example.org', 'admin-password-12');
    const r = await admin.call('POST', '/api/test-clock', { at: when.toISOString() });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    now = when;
    for (const c of contexts) await c.clock.setSystemTime(when);
  };
  const monday = mondayAhead();
  await moveTo(monday);
  const due = new Date(monday.getTime() + 14 * DAY);

  let lee = await apiSession(url, LEE.email, LEE.password);
  const r = await lee.call('POST', '/api/patients', {
    given_name: 'Ana', family_name: 'Silva', birth_date: '1958-03-09', email: 'ana.silva@example.org', email_ok: true, time_zone: 'UTC',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const pid = r.body.id;
  await clinic.createUser('patient', ANA.email, ANA.password, { name: 'Ana Silva', patient: pid, mfa: false });

  const browser = await launch();
  const all = [];
  t.after(async () => {
    for (const s of all) await s.shot('final').catch(() => {});
    await browser.close();
  });
  const session = async (name, width, height) => {
    const s = await openPage(browser, name, { width, height });
    await s.context.clock.install({ time: now });
    contexts.push(s.context);
    all.push(s);
    return s;
  };
  const shotBoth = async (s, name) => {
    const size = s.page.viewportSize();
    for (const [w, h] of [[1280, 900], [360, 740]]) {
      await s.page.setViewportSize({ width: w, height: h });
      await s.page.waitForTimeout(150);
      await s.shot(`${name}-${w}`);
    }
    await s.page.setViewportSize(size);
  };
  const open = async (s, who, where) => {
    await s.page.goto(`${url}${where}`);
    const email = s.page.getByLabel('E-mail address');
    const state = await Promise.race([
      email.waitFor().then(() => 'login', () => null),
      s.page.locator('main h1').filter({ hasNotText: /log in/i }).waitFor().then(() => 'in', () => null),
    ]);
    if (state === 'login') {
      await loginInBrowser(s.page, who);
      // The login lands on the address asked for, its tab (the hash) included.
      const at = new URL(s.page.url());
      assert.equal(`${at.pathname}${at.search}${at.hash}`, where, 'the login returns to the address asked for');
    }
  };

  // Monday: the physiotherapist schedules PSFS every 2 weeks from the Monday two weeks on.
  const physio = await session('sq-physio', 1280, 900);
  await open(physio, LEE, `/patients/${pid}#sessions`);
  await physio.page.getByRole('heading', { name: 'Ana Silva', level: 1 }).waitFor();
  const sched = physio.page.getByTestId('questionnaire-schedules');
  await sched.getByText('No questionnaire is scheduled.').waitFor();
  await sched.getByRole('button', { name: 'Schedule a questionnaire' }).click();
  const form = sched.getByTestId('schedule-form');
  // Nothing chosen: the form says what is missing.
  await form.getByRole('button', { name: 'Schedule it' }).click();
  await form.getByText('Choose the questionnaire to schedule.').waitFor();
  await form.getByLabel('Questionnaire').selectOption('psfs');
  assert.equal(await form.getByText('Choose the questionnaire to schedule.').count(), 0, 'the error goes once it is chosen');
  assert.match(await form.innerText(), /Sent from 09:00 on each due day/);
  await form.getByLabel('How often').selectOption('2');
  await form.getByLabel('First send on').fill(ymd(due));
  await shotBoth(physio, 'schedule-form');
  await physio.checkA11y('the schedule form');
  await form.getByRole('button', { name: 'Schedule it' }).click();
  const card = sched.locator('li.schedule[data-instrument="psfs"]');
  await card.waitFor();
  const dueWords = dayWords(due);
  assert.match(await card.innerText(), new RegExp(`every 2 weeks from ${dueWords}`));
  assert.match(await card.innerText(), new RegExp(`Next: ${dueWords}`));
  assert.match(await card.innerText(), /Nothing sent yet/);
  await shotBoth(physio, 'scheduled');

  // The day before, at 10:00: nothing sent.
  await moveTo(new Date(due.getTime() - DAY + 2 * HOUR));
  await new Promise((res) => setTimeout(res, 1500));
  assert.equal(sink.messages.filter((m) => m.to.includes('ana.silva@example.org')).length, 0, 'nothing before the due day');
  // The due day, 09:05: the e-mail arrives, once.
  await moveTo(new Date(due.getTime() + HOUR + 5 * 60 * 1000));
  const mail = await sink.waitFor((m) => m.to.includes('ana.silva@example.org') && /questionnaire/.test(m.subject), { what: 'the questionnaire e-mail' });
  assert.equal(mail.subject, 'A short questionnaire from your physiotherapist');
  assert.match(mail.body, /Patient-Specific Functional Scale/);
  assert.match(mail.body, /Hello Ana/);
  const link = (new RegExp(`${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/q/[A-Za-z0-9_-]{43}`).exec(mail.body) || [])[0];
  assert.ok(link, `the e-mail holds a link to this server: ${mail.body}`);
  await new Promise((res) => setTimeout(res, 1500));
  assert.equal(sink.messages.filter((m) => m.to.includes('ana.silva@example.org')).length, 1, 'one e-mail per due date');

  // The link opens the questionnaire on a phone, without an account.
  const phone = await session('sq-link-phone', 360, 740);
  const p = phone.page;
  await p.goto(link);
  await p.getByRole('heading', { name: 'Patient-Specific Functional Scale', level: 1 }).waitFor();
  await phone.shot('public-form-360');
  await p.getByRole('group', { name: /^1 of 5:/ }).getByRole('radio').nth(6).check();
  await p.getByRole('group', { name: /^2 of 5:/ }).getByRole('radio').nth(4).check();
  await p.getByRole('button', { name: 'Submit answers' }).click();
  const unanswered = p.getByText(/not answered/);
  if (await unanswered.first().isVisible().catch(() => false)) {
    // PSFS takes one to five activities: the page may ask before sending the ones left blank.
    const send = p.getByRole('button', { name: /Submit|Send/ });
    await send.first().click();
  }
  await p.getByRole('heading', { name: 'Thank you', level: 1 }).waitFor();
  await phone.shot('thank-you-360');

  // The physiotherapist sees it answered and the next date (two weeks on).
  const next = new Date(due.getTime() + 14 * DAY);
  const nextWords = dayWords(next);
  await physio.page.goto(`${url}/`);  // a fresh load (two weeks on, the session has ended)
  await open(physio, LEE, `/patients/${pid}#sessions`);
  await physio.page.getByRole('heading', { name: 'Ana Silva', level: 1 }).waitFor();
  await openTab(physio.page, 'Sessions & measures');
  const after = physio.page.locator('li.schedule[data-instrument="psfs"]');
  await after.getByText(/e-mailed; answered/).waitFor();
  const text = await after.innerText();
  assert.match(text, new RegExp(`Next: ${nextWords}`));
  assert.match(text, /e-mailed; answered/);
  await physio.page.locator('li.response').filter({ hasText: 'filled in through a link' }).first().waitFor();
  await shotBoth(physio, 'answered');
  await physio.checkA11y('a schedule with an answered send');

  // The patient's Today page: the next questionnaire's date.
  const pat = await session('sq-patient', 360, 740);
  await open(pat, ANA, '/today');
  await pat.page.getByRole('heading', { name: /^Today/, level: 1 }).waitFor();
  const nextLine = pat.page.getByTestId('next-questionnaire');
  await nextLine.waitFor();
  assert.match(await nextLine.innerText(), /Your next questionnaire:/);
  await shotBoth(pat, 'today-next');
  await pat.checkA11y('today with the next questionnaire');

  for (const s of [physio, pat]) assertNoPageProblems(assert, s.problems, s.a11y);
  assertNoPageProblems(assert, phone.problems, phone.a11y);
});
