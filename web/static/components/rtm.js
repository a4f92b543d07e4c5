// Remote therapeutic monitoring on the patient's page (docs/server/rtm.md): consent and set-up, the 30-day
// device periods with their data days, the month's management time and interactive communications, the
// codes the rules suggest with the numbers and flags behind them, a timer and manual entries. Suggestions
// for a clinician or biller to confirm; the month-end lock freezes them.
import { html, useState } from '../lib/html.js';
import { post } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Alert, Field, SelectField } from './forms.js';
import { formatDateTime } from '../lib/format.js';

const ACTIVITIES = [['data_review', 'Reviewing the data'], ['program_change', 'Changing the program'], ['communication', 'Talking with the patient'],
  ['education', 'Education'], ['care_coordination', 'Care coordination'], ['other', 'Other']];
const MODES = [['phone', 'Phone'], ['video', 'Video'], ['in_person', 'In person']];
const options = (list) => list.map(([value, label]) => ({ value, label }));
const activityWords = Object.fromEntries(ACTIVITIES);

function Codes({ codes }) {
  if (!codes || !codes.length) return html`<span class="muted">none</span>`;
  return codes.map((c, i) => html`${i ? ', ' : ''}<strong>${c.code}</strong>${c.units > 1 ? ` × ${c.units}` : ''} <span class="muted">(${c.basis})</span>`);
}

function Flags({ flags }) {
  if (!flags || !flags.length) return null;
  return html`<ul class="flags">${flags.map((f) => html`<li key=${f.id}>${f.message}</li>`)}</ul>`;
}

function Setup({ base, onDone }) {
  const [device, setDevice] = useState('physiokit web app (software; patient-reported and camera-derived data)');
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    if (!device.trim()) {
      setError('Name the device or software the patient uses.');
      return;
    }
    try {
      await post(`${base}/setup`, { device: device.trim() });
      onDone('Remote monitoring is set up; the first 30-day period starts today.');
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<form onSubmit=${submit} novalidate aria-label="Set up remote monitoring">
    <${Field} id="rtm-device" label="Device or software" value=${device} onValue=${setDevice} error=${error} maxlength="200" />
    <div class="actions"><button type="submit">Set up (education and set-up, 98975)</button></div>
  </form>`;
}

function TimeEntry({ base, onDone }) {
  const [start, setStart] = useState('');
  const [minutes, setMinutes] = useState('');
  const [activity, setActivity] = useState('data_review');
  const [interactive, setInteractive] = useState(false);
  const [mode, setMode] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    const errs = {};
    if (!start) errs.start = 'When did the time begin?';
    const m = Number(minutes);
    if (!Number.isInteger(m) || m < 1 || m > 600) errs.minutes = 'Whole minutes, 1-600.';
    if (interactive && !mode) errs.mode = 'How did you talk with the patient?';
    setErrors(errs);
    if (Object.keys(errs).length) {
      window.requestAnimationFrame(() => document.getElementById(`rtm-${Object.keys(errs)[0]}`)?.focus());
      return;
    }
    const body = { start: new Date(start).toISOString(), minutes: m, activity, interactive };
    if (interactive) body.mode = mode;
    if (note.trim()) body.note = note.trim();
    try {
      await post(`${base}/time-entries`, body);
      onDone(`${m} minutes recorded.`);
    } catch (err) {
      if (err.field && [`start`, `minutes`, `mode`].includes(err.field)) setErrors({ [err.field]: err.message });
      else setError(err.message);
    }
  };
  return html`<form onSubmit=${submit} novalidate aria-label="Record management time">
    <${Alert} message=${error} />
    <div class="field-row">
      <${Field} id="rtm-start" label="Began" type="datetime-local" value=${start} onValue=${setStart} error=${errors.start} required />
      <${Field} id="rtm-minutes" label="Minutes" type="number" inputmode="numeric" min="1" max="600" value=${minutes} onValue=${setMinutes} error=${errors.minutes} required />
      <${SelectField} id="rtm-activity" label="Activity" value=${activity} onValue=${setActivity} options=${options(ACTIVITIES)} />
    </div>
    <div class="radio"><input type="checkbox" id="rtm-interactive" checked=${interactive} onChange=${(ev) => setInteractive(ev.currentTarget.checked)} />
      <label for="rtm-interactive">An interactive communication with the patient (real time)</label></div>
    ${interactive ? html`<${SelectField} id="rtm-mode" label="How" value=${mode} onValue=${setMode} placeholder="Choose…" options=${options(MODES)} error=${errors.mode} />` : null}
    <${Field} id="rtm-note" label="Note" value=${note} onValue=${setNote} optional maxlength="500" />
    <div class="actions"><button type="submit">Record the time</button></div>
  </form>`;
}

export function RtmPanel({ patientId, canRecord }) {
  const [version, setVersion] = useState(0);
  const [month, setMonth] = useState('');
  const [flash, setFlash] = useState(null);
  const [error, setError] = useState(null);
  const [activity, setActivity] = useState('data_review');
  const base = `/api/patients/${encodeURIComponent(patientId)}/rtm`;
  const r = useLoad(`${base}${month ? `?month=${month}` : ''}`, version);
  if (r.error && (r.error.status === 403 || r.error.status === 404)) return null;
  const d = r.data;
  const done = (msg) => {
    setFlash(msg);
    setError(null);
    setVersion((v) => v + 1);
  };
  const timer = async (action) => {
    try {
      const e = await post(`${base}/timer/${action}`, action === 'start' ? { activity } : undefined);
      done(action === 'start' ? 'The timer runs; stop it when you are done.' : `${e.minutes} minutes recorded from the timer.`);
    } catch (err) {
      setError(err.message);
    }
  };
  const m = d && d.management;
  return html`<section class="panel" aria-labelledby="rtm-h" id="rtm">
    <h2 id="rtm-h">Remote monitoring (RTM)</h2>
    <p class="hint">Suggested codes from the data and time recorded, with the numbers behind them; confirm them against the payer's current rules.</p>
    <${Alert} kind="success" message=${flash} />
    <${Alert} message=${error || (r.error ? `Could not load remote monitoring: ${r.error.message}` : null)} />
    ${d
      ? html`<div class="field-row">
          <${Field} id="rtm-month" label="Month" type="month" value=${month || d.month} onValue=${setMonth} />
        </div>
        <p data-testid="rtm-consent">${d.consent.active
          ? 'Consent to remote monitoring: given.'
          : html`<strong>No active consent to remote monitoring</strong>: no data or time counts until it is recorded (Consents, kind "remote monitoring").`}</p>
        <p>${d.setup ? `Set up on ${formatDateTime(d.setup.at)}: ${d.setup.device}.` : 'Not set up yet.'}</p>
        ${!d.setup && canRecord ? html`<${Setup} base=${base} onDone=${done} />` : null}
        ${d.lock ? html`<p class="alert alert-info">This month was locked for billing on ${formatDateTime(d.lock.locked)}${d.lock.changes_since_lock ? `; since then: ${d.lock.changes_since_lock}` : ''}.</p>` : null}
        <h3>Device periods (30 days)</h3>
        ${d.device_periods.length
          ? html`<table class="data"><caption class="visually-hidden">Device periods overlapping ${d.month}</caption>
              <thead><tr><th scope="col">Period</th><th scope="col">Days</th><th scope="col">Data days</th><th scope="col">Suggested</th><th scope="col">Why</th></tr></thead>
              <tbody>${d.device_periods.map((p) => html`<tr key=${p.index}>
                <td>${p.index + 1}${p.provisional ? ' (running)' : ''}</td><td>${p.first_day} to ${p.last_day}</td><td data-testid="rtm-data-days">${p.data_day_count} of 16 needed for 98977</td>
                <td><${Codes} codes=${p.codes} /></td><td><${Flags} flags=${p.flags} /></td></tr>`)}</tbody></table>`
          : html`<p class="empty">No device period in this month.</p>`}
        <h3>Management time, ${d.month}</h3>
        <p data-testid="rtm-minutes"><strong>${m.minutes}</strong> minutes, <strong>${m.interactive_count}</strong> interactive ${m.interactive_count === 1 ? 'communication' : 'communications'}${m.provisional ? ' (the month is still running)' : ''}. Suggested: <${Codes} codes=${m.codes} /></p>
        <${Flags} flags=${m.flags} />
        ${d.entries.length
          ? html`<table class="data"><caption class="visually-hidden">Time recorded in ${d.month}</caption>
              <thead><tr><th scope="col">Began</th><th scope="col">Minutes</th><th scope="col">Activity</th><th scope="col">Interactive</th><th scope="col">Note</th></tr></thead>
              <tbody>${d.entries.map((e) => html`<tr key=${e.id}><td>${formatDateTime(e.start)}</td><td>${e.running ? 'running' : e.minutes}</td>
                <td>${activityWords[e.activity] || e.activity}</td><td>${e.interactive ? (e.mode || 'yes').replace('_', ' ') : 'no'}</td><td>${e.note}</td></tr>`)}</tbody></table>`
          : null}
        ${canRecord
          ? html`<div class="rtm-timer">
              ${d.running_timer
                ? html`<p>Your timer runs since ${formatDateTime(d.running_timer.start)} (${activityWords[d.running_timer.activity] || d.running_timer.activity}).</p>
                    <div class="actions"><button type="button" class="primary" onClick=${() => timer('stop')}>Stop the timer</button></div>`
                : html`<div class="field-row"><${SelectField} id="rtm-timer-activity" label="Timer activity" value=${activity} onValue=${setActivity} options=${options(ACTIVITIES)} /></div>
                    <div class="actions"><button type="button" onClick=${() => timer('start')}>Start a timer</button></div>`}
            </div>
            <details><summary>Record time by hand</summary><${TimeEntry} base=${base} onDone=${done} /></details>`
          : null}`
      : null}
  </section>`;
}
