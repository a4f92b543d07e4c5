// Scheduled questionnaires (docs/server/questionnaire-schedules.md): for staff who may send questionnaire
// links, each schedule in words with the next send, the last one sent and whether it was answered, and the
// form to set, change or stop one; for the patient, "Your next questionnaire" and the ones waiting.
import { html, useState } from '../lib/html.js';
import { del, put } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Link } from '../lib/router.js';
import { Alert, Field, SelectField, fieldMessage } from './forms.js';
import { formatDate, formatDateTime } from '../lib/format.js';

const WEEKS = [
  { value: '0', label: 'Not periodically' },
  ...Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: i ? `Every ${i + 1} weeks` : 'Every week' })),
];
const EMAIL_WORDS = {
  sent: 'e-mailed',
  sending: 'being e-mailed',
  'not wanted': 'not e-mailed (the patient has not agreed to e-mails); waiting on their Today page',
  'no address': 'not e-mailed (no address); waiting on their Today page',
  'e-mail off': 'not e-mailed (e-mail is off on this server); waiting on their Today page',
};

const FIELD_LABELS = { instrument: 'Questionnaire', every_weeks: 'How often', from_date: 'First send on', at_discharge: 'When' };

function emailWords(s) {
  if (EMAIL_WORDS[s]) return EMAIL_WORDS[s];
  if (String(s).startsWith('failed')) return `e-mail failed (${s.replace(/^failed: ?/, '')}); it is tried again`;
  return s;
}

function todayIso() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function ScheduleForm({ patientId, instruments, editing, sendHour, onSaved, onCancel }) {
  const [instrument, setInstrument] = useState(editing ? editing.instrument : '');
  const [weeks, setWeeks] = useState(editing ? String(editing.every_weeks) : '2');
  const [from, setFrom] = useState(editing && editing.from_date >= todayIso() ? editing.from_date : todayIso());
  const [atDischarge, setAtDischarge] = useState(editing ? editing.at_discharge : false);
  const [errors, setErrors] = useState({});
  const [busy, setBusy] = useState(false);
  // A field's error goes when its value changes.
  const clearing = (name, setter) => (v) => {
    setter(v);
    setErrors((old) => ({ ...old, [name]: undefined, form: undefined }));
  };
  const save = async (e) => {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    if (!instrument) errs.instrument = 'Choose the questionnaire to schedule.';
    if (weeks === '0' && !atDischarge) errs.at_discharge = 'Choose how often, at discharge, or both.';
    if (weeks !== '0' && !/^\d{4}-\d{2}-\d{2}$/.test(from)) errs.from_date = 'Give the date of the first send.';
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const body = { instrument, every_weeks: Number(weeks), at_discharge: atDischarge };
      if (weeks !== '0') body.from_date = from;
      await put(`/api/patients/${encodeURIComponent(patientId)}/questionnaire-schedules`, body);
      onSaved();
    } catch (err) {
      const f = FIELD_LABELS[err.field] ? err.field : 'form';
      setErrors({ [f]: f === 'form' ? `The schedule was not saved: ${err.message}` : fieldMessage(FIELD_LABELS[f], err.message) });
    } finally {
      setBusy(false);
    }
  };
  return html`<form onSubmit=${save} novalidate class="subform" data-testid="schedule-form">
    <${Alert} message=${errors.form} />
    ${editing
      ? html`<p><strong>${editing.instrument_name}</strong></p>`
      : html`<${SelectField} id="qs-instrument" label="Questionnaire" value=${instrument} onValue=${clearing('instrument', setInstrument)} error=${errors.instrument}
          placeholder="Choose…" options=${instruments.map((i) => ({ value: i.id, label: i.name }))} />`}
    <${SelectField} id="qs-weeks" label="How often" value=${weeks} onValue=${clearing('every_weeks', setWeeks)} error=${errors.every_weeks} options=${WEEKS} />
    ${weeks !== '0'
      ? html`<${Field} id="qs-from" type="date" label="First send on" hint=${`Sent from ${String(sendHour ?? 9).padStart(2, '0')}:00 on each due day, in the patient's time zone.`} value=${from} onValue=${clearing('from_date', setFrom)} error=${errors.from_date} min=${todayIso()} />`
      : null}
    <div class=${errors.at_discharge ? 'field checkbox has-error' : 'field checkbox'}>
      <input type="checkbox" id="qs-discharge" checked=${atDischarge} onChange=${(ev) => clearing('at_discharge', setAtDischarge)(ev.currentTarget.checked)}
        aria-describedby=${errors.at_discharge ? 'qs-discharge-error' : undefined} />
      <label for="qs-discharge">Also send it at discharge (the periodic sends stop then)</label>
      ${errors.at_discharge ? html`<p class="field-error" id="qs-discharge-error"><span class="visually-hidden">Error: </span>${errors.at_discharge}</p>` : null}
    </div>
    <div class="actions">
      <button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Saving…' : editing ? 'Save the schedule' : 'Schedule it'}</button>
      ${onCancel ? html`<button type="button" onClick=${onCancel}>Cancel</button>` : null}
    </div>
  </form>`;
}

function ScheduleCard({ s, patientId, onChanged, onEdit }) {
  const [error, setError] = useState(null);
  const last = s.sends[0];
  const stop = async () => {
    try {
      await del(`/api/patients/${encodeURIComponent(patientId)}/questionnaire-schedules?instrument=${encodeURIComponent(s.instrument)}`);
      onChanged();
    } catch (err) {
      setError(`The schedule was not stopped: ${err.message}`);
    }
  };
  return html`<li class="card schedule" data-instrument=${s.instrument}>
    <strong class="card-title">${s.instrument_name}</strong>
    <span class="meta">${s.words}</span>
    ${s.running
      ? html`<span>Next: <strong>${s.next ? s.next.words : 'nothing more to send'}</strong></span>`
      : html`<span class="meta">Stopped ${formatDateTime(s.stopped)}</span>`}
    ${last
      ? html`<span data-testid="last-send">Last sent ${formatDateTime(last.sent)} (due ${last.due_words}): ${emailWords(last.email)}; ${last.answered ? html`<strong>answered ${formatDateTime(last.answered)}</strong>` : 'not answered yet'}</span>`
      : html`<span class="meta">Nothing sent yet.</span>`}
    <${Alert} message=${error} />
    ${s.running
      ? html`<div class="actions">
          <button type="button" onClick=${() => onEdit(s)}>Change</button>
          <button type="button" onClick=${stop}>Stop</button>
        </div>`
      : null}
  </li>`;
}

/** The staff's view on the patient page (roles that may send questionnaire links). */
export function QuestionnaireSchedules({ patientId, instruments }) {
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState(null);
  const [adding, setAdding] = useState(false);
  const r = useLoad(`/api/patients/${encodeURIComponent(patientId)}/questionnaire-schedules`, version);
  const changed = () => {
    setEditing(null);
    setAdding(false);
    setVersion((v) => v + 1);
  };
  const list = r.data ? r.data.schedules : [];
  return html`<section class="subform" aria-labelledby="qs-h" data-testid="questionnaire-schedules">
    <h3 id="qs-h">Scheduled questionnaires</h3>
    ${r.error ? html`<${Alert} message=${`Could not load the schedules: ${r.error.message}`} />` : null}
    ${r.data && !r.data.email_allowed
      ? html`<p class="hint">This patient has not agreed to e-mails (or has no address): scheduled questionnaires wait on their Today page instead.</p>`
      : null}
    ${r.data && !list.length ? html`<p class="empty">No questionnaire is scheduled.</p>` : null}
    ${list.length ? html`<ul class="cards schedules">${list.map((s) => html`<${ScheduleCard} key=${s.id} s=${s} patientId=${patientId} onChanged=${changed} onEdit=${(x) => { setAdding(false); setEditing(x); }} />`)}</ul>` : null}
    ${editing
      ? html`<${ScheduleForm} key=${editing.id} patientId=${patientId} instruments=${instruments} editing=${editing} sendHour=${r.data && r.data.send_hour} onSaved=${changed} onCancel=${() => setEditing(null)} />`
      : adding
        ? html`<${ScheduleForm} patientId=${patientId} instruments=${instruments} sendHour=${r.data && r.data.send_hour} onSaved=${changed} onCancel=${() => setAdding(false)} />`
        : html`<div class="actions"><button type="button" onClick=${() => setAdding(true)}>Schedule a questionnaire</button></div>`}
  </section>`;
}

/** The patient's view: the next questionnaire and those waiting to be answered. */
export function NextQuestionnaire({ patientId, version = 0, panel = false }) {
  const r = useLoad(patientId ? `/api/patients/${encodeURIComponent(patientId)}/questionnaires-due` : null, version);
  if (!r.data) return null;
  const { next, waiting } = r.data;
  if (!next.length && !waiting.length) return null;
  const body = html`
    ${waiting.map((w) => html`<p key=${w.instrument} class="waiting">Your physiotherapist asks you to fill in <strong>${w.instrument_name}</strong> (until ${formatDateTime(w.until)}).
      ${' '}<${Link} class="button" href=${w.path}>Fill it in<//></p>`)}
    ${next.length ? html`<p data-testid="next-questionnaire">Your next questionnaire: <strong>${formatDate(next[0].due)}</strong> (${next[0].instrument_name})</p>` : null}`;
  if (!panel) return html`<div data-testid="questionnaires-due">${body}</div>`;
  return html`<section class="panel" aria-labelledby="qdue-h" data-testid="questionnaires-due">
    <h2 id="qdue-h">Questionnaires</h2>
    ${body}
  </section>`;
}
