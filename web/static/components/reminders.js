// Exercise reminders (docs/server/reminders.md): the time on the patient's own clock, their time zone, in
// the app and/or by e-mail, the next one, the last ones sent, and the calendar file. The patient sets
// them on Today; staff who record sessions can set them on the record.
import { html, useState } from '../lib/html.js';
import { del, post, put } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Alert, Field } from './forms.js';
import { formatDateTime } from '../lib/format.js';

function Check({ id, label, checked, onChange, disabled, hint }) {
  return html`<div class="radio">
    <input type="checkbox" id=${id} checked=${checked} disabled=${disabled} aria-describedby=${hint ? `${id}-hint` : undefined}
      onChange=${(e) => onChange(e.currentTarget.checked)} />
    <label for=${id}>${label}</label>
    ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : null}
  </div>`;
}

function ReminderForm({ patientId, s, onSaved }) {
  const [enabled, setEnabled] = useState(s.set ? s.enabled : true);
  const [time, setTime] = useState(s.local_time || '08:00');
  const [zone, setZone] = useState(s.time_zone || '');
  const [inApp, setInApp] = useState(s.in_app !== false);
  const [email, setEmail] = useState(!!s.email);
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const emailHint = !s.email_address
    ? 'There is no e-mail address on the record; the clinic can add one.'
    : !s.email_configured ? 'This clinic does not send e-mail yet; reminders come in the app.' : null;
  const submit = async (e) => {
    e.preventDefault();
    const errs = {};
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) errs.time = 'Give the time as hours and minutes, for example 08:30.';
    if (enabled && !inApp && !email) errs.channels = 'Choose at least one way to be reminded.';
    setErrors(errs);
    if (Object.keys(errs).length) {
      window.requestAnimationFrame(() => document.getElementById(errs.time ? 'reminder-time' : 'reminder-in-app')?.focus());
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body = { enabled, local_time: time, in_app: inApp, email };
      if (zone.trim()) body.time_zone = zone.trim();
      await put(`/api/patients/${encodeURIComponent(patientId)}/reminder-settings`, body);
      onSaved(enabled ? `Reminders are on at ${time} every day.` : 'Reminders are off.');
    } catch (err) {
      const f = err.field === 'local_time' ? 'time' : err.field === 'time_zone' ? 'zone' : err.field === 'in_app' || err.field === 'email' ? 'channels' : null;
      if (f) setErrors({ [f]: err.message });
      else setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return html`<form onSubmit=${submit} novalidate aria-label="Exercise reminders">
    <${Alert} message=${error} />
    <${Check} id="reminder-on" label="Remind me to exercise every day" checked=${enabled} onChange=${setEnabled} />
    <div class="field-row">
      <${Field} id="reminder-time" label="At (your own clock)" type="time" value=${time} onValue=${setTime} error=${errors.time} required />
      <${Field} id="reminder-zone" label="Time zone" hint="For example Europe/Lisbon." value=${zone} onValue=${setZone} error=${errors.zone} spellcheck="false" autocomplete="off" />
    </div>
    <fieldset class=${errors.channels ? 'field has-error' : 'field'} aria-describedby=${errors.channels ? 'reminder-channels-error' : undefined}>
      <legend>How</legend>
      <${Check} id="reminder-in-app" label="In the app" checked=${inApp} onChange=${setInApp} />
      <${Check} id="reminder-email" label="By e-mail" checked=${email} onChange=${setEmail} disabled=${!s.email_address && !email} hint=${emailHint} />
      ${errors.channels ? html`<p class="field-error" id="reminder-channels-error"><span class="visually-hidden">Error: </span>${errors.channels}</p>` : null}
    </fieldset>
    <div class="actions"><button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Saving…' : 'Save reminders'}</button></div>
  </form>`;
}

/** The private calendar address: made (or replaced) on request and shown once; removed on request. */
function CalendarAddress({ patientId, exists, onChanged }) {
  const [made, setMade] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const base = `/api/patients/${encodeURIComponent(patientId)}`;
  const run = async (fn) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  const make = () => run(async () => {
    const r = await post(`${base}/calendar-address`);
    setMade(`${window.location.origin}${r.path}`); // the address this browser reached the clinic at
    onChanged();
  });
  const remove = () => run(async () => {
    await del(`${base}/calendar-address`);
    setMade(null);
    onChanged();
  });
  return html`<div class="calendar-address">
    <h3>In your calendar</h3>
    <p><a href=${`${base}/reminders.ics`} download="reminders.ics">Download the reminder (.ics file)</a> to import it once, or subscribe so that changes follow.</p>
    <${Alert} message=${error} />
    ${made
      ? html`<div class="alert alert-success" role="status">
          <p>Your private calendar address (shown only now; anyone who has it sees your reminder time):</p>
          <p><input type="text" readonly value=${made} aria-label="Private calendar address" class="copy-field" onFocus=${(e) => e.currentTarget.select()} /></p>
          <p>Paste it where your calendar program says "subscribe" or "add calendar from URL".</p>
        </div>`
      : null}
    <div class="actions">
      <button type="button" onClick=${make} aria-disabled=${busy ? 'true' : undefined}>${exists || made ? 'Make a new address (the old one stops working)' : 'Make a calendar address to subscribe to'}</button>
      ${exists || made ? html`<button type="button" onClick=${remove} aria-disabled=${busy ? 'true' : undefined}>Remove the address</button>` : null}
    </div>
  </div>`;
}

export function RemindersPanel({ patientId }) {
  const [version, setVersion] = useState(0);
  const [flash, setFlash] = useState(null);
  const base = `/api/patients/${encodeURIComponent(patientId)}`;
  const settings = useLoad(`${base}/reminder-settings`, version);
  const sent = useLoad(`${base}/reminders`, version);
  if (settings.error && settings.error.status === 403) return null;
  const s = settings.data;
  const list = sent.data && Array.isArray(sent.data.reminders) ? sent.data.reminders : [];
  return html`<section class="panel" aria-labelledby="reminders-h" id="reminders">
    <h2 id="reminders-h">Reminders</h2>
    <${Alert} kind="success" message=${flash} />
    <${Alert} message=${settings.error ? `Could not load the reminders: ${settings.error.message}` : null} />
    ${s
      ? html`<p data-testid="reminder-status">${s.enabled
          ? html`On, every day at <strong>${s.local_time}</strong> (${s.time_zone}).${s.next ? ` Next: ${formatDateTime(s.next)}.` : ''}`
          : 'Off.'}${s.enabled && s.status ? html` <span class="muted">${s.status.charAt(0).toUpperCase()}${s.status.slice(1)}.</span>` : null}</p>
        <details>
          <summary>${s.set ? 'Change the reminders' : 'Set up reminders'}</summary>
          <${ReminderForm} key=${version} patientId=${patientId} s=${s} onSaved=${(m) => { setFlash(m); setVersion((v) => v + 1); }} />
        </details>
        ${s.enabled ? html`<${CalendarAddress} patientId=${patientId} exists=${!!s.calendar_address} onChanged=${() => setVersion((v) => v + 1)} />` : null}`
      : null}
    ${list.length
      ? html`<h3>Last reminders</h3>
        <ul class="plain">${list.slice(0, 5).map((r) => html`<li key=${r.id}>${formatDateTime(r.sent)}: ${r.message}${r.email_status && r.email_status !== 'none' ? html` <span class="muted">(e-mail: ${r.email_status})</span>` : null}</li>`)}</ul>`
      : null}
  </section>`;
}
