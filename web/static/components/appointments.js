// A patient's appointments on their record (docs/server/scheduling.md). Staff see every appointment with its
// clinician, room and type, book one (naming the clinician), mark it, and cancel it with a reason; the patient
// sees their coming appointments first, books one online or moves one to another free time within the
// clinic's online rules, and cancels one online while the clinic's notice allows, otherwise the page says
// why and to call. Errors are the server's words next to the field.
import { html, useRef, useState } from '../lib/html.js';
import { patch, post } from '../lib/api.js';
import { Link } from '../lib/router.js';
import { useLoad } from '../lib/use-load.js';
import { Alert, Field, SelectField, fieldMessage, focusFirstError } from './forms.js';
import { formatDateTime } from '../lib/format.js';
import { OnlineBooking } from './online-booking.js';

export const APPOINTMENT_STATUS = { booked: 'Booked', arrived: 'Arrived', fulfilled: 'Attended', cancelled: 'Cancelled', noshow: 'Did not attend' };
/** How long before the start a patient may be marked arrived (the server's kArrivalWindowMin, schedule/booking.hpp). */
export const ARRIVAL_WINDOW_MIN = 120;

/**
 * The statuses staff may set now, the present one first: arrived from ARRIVAL_WINDOW_MIN before the start,
 * attended and did not attend once it has started (the server refuses the others).
 */
export function markableStatuses(a, now = Date.now()) {
  const start = new Date(a.start).getTime();
  const out = [a.status];
  if (a.status === 'booked' && now >= start - ARRIVAL_WINDOW_MIN * 60000) out.push('arrived');
  if (now >= start) out.push('fulfilled', 'noshow');
  return out;
}
const LABELS = { start: 'Date and time', duration_min: 'Length', reason: 'Reason', practitioner_id: 'Clinician', type: 'Type', room: 'Room' };

function today() {
  return new Date().toISOString().slice(0, 10);
}

function AppointmentForm({ patientId, role, onSaved }) {
  const [v, setV] = useState({ start: '', duration_min: '30', reason: '', practitioner_id: '', type: '', room: '' });
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const cal = useLoad(`/api/calendar?from=${today()}`);
  const clinicians = (cal.data && cal.data.clinicians) || [];
  const types = ((cal.data && cal.data.types) || []).filter((t) => t.active);
  const set = (k) => (val) => setV((o) => ({ ...o, [k]: val }));
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    const start = v.start ? new Date(v.start) : null;
    if (!start || Number.isNaN(start.getTime())) errs.start = 'Enter the date and time of the appointment.';
    const dur = Number(v.duration_min);
    if (!v.type && (!Number.isInteger(dur) || dur < 5 || dur > 480)) errs.duration_min = 'Enter the length in whole minutes, from 5 to 480.';
    if (role === 'front_desk' && !v.practitioner_id) errs.practitioner_id = 'Choose the clinician.';
    setErrors(errs);
    setFormError(null);
    if (Object.keys(errs).length) return focusFirstError(form.current);
    setBusy(true);
    try {
      const body = { start: start.toISOString().replace(/\.\d{3}Z$/, 'Z'), reason: v.reason.trim() };
      if (v.duration_min) body.duration_min = dur;
      if (v.practitioner_id) body.practitioner_id = v.practitioner_id;
      if (v.type) body.type = v.type;
      if (v.room.trim()) body.room = v.room.trim();
      await post(`/api/patients/${encodeURIComponent(patientId)}/appointments`, body);
      setV({ start: '', duration_min: '30', reason: '', practitioner_id: '', type: '', room: '' });
      onSaved('The appointment was booked.');
    } catch (err) {
      const b = err.body || {};
      if (Array.isArray(b.problems)) setFormError(`The appointment was not booked: ${b.problems.map((p) => p.message).join(' ')}`);
      else if (err.field && err.field in LABELS) {
        setErrors({ [err.field]: fieldMessage(LABELS[err.field], err.message) });
        focusFirstError(form.current);
      } else setFormError(`The appointment was not booked: ${err.message}`);
    } finally {
      setBusy(false);
    }
  };
  return html`<form ref=${form} onSubmit=${submit} novalidate class="subform">
    <${Alert} message=${formError} />
    <${SelectField} id="ap-clinician" label="Clinician" value=${v.practitioner_id} onValue=${set('practitioner_id')} error=${errors.practitioner_id}
      options=${clinicians.map((c) => ({ value: c.id, label: c.name }))} placeholder=${role === 'front_desk' ? 'Choose…' : 'Myself'} required=${role === 'front_desk'} />
    ${types.length ? html`<${SelectField} id="ap-type" label="Type" value=${v.type} onValue=${set('type')} error=${errors.type} optional
      options=${types.map((t) => ({ value: t.code, label: `${t.name} (${t.duration_min} min)` }))} placeholder="No type" />` : null}
    <${Field} id="ap-start" label="Date and time" type="datetime-local" hint="In this browser's time zone." value=${v.start} onValue=${set('start')} error=${errors.start} required />
    <${Field} id="ap-duration" label="Length (minutes)" type="number" min="5" max="480" step="5" inputmode="numeric" value=${v.duration_min} onValue=${set('duration_min')} error=${errors.duration_min} required=${!v.type} />
    <${Field} id="ap-room" label="Room" value=${v.room} onValue=${set('room')} error=${errors.room} optional />
    <${Field} id="ap-reason" label="Reason" value=${v.reason} onValue=${set('reason')} error=${errors.reason} optional />
    <div class="actions"><button type="submit" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Booking…' : 'Book appointment'}</button>
      <${Link} href="/calendar" class="button">Open the calendar<//></div>
  </form>`;
}

function CancelForm({ a, when, byPatient, onDone }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const id = `cx-${a.id}`;
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    if (!reason.trim()) { setError(byPatient ? 'Tell the clinic why, in a few words.' : 'Enter the reason for cancelling.'); return; }
    setBusy(true);
    setError(null);
    try {
      if (byPatient) await post(`/api/appointments/${encodeURIComponent(a.id)}/cancel`, { reason: reason.trim() });
      else await patch(`/api/appointments/${encodeURIComponent(a.id)}`, { status: 'cancelled', change_reason: reason.trim() });
      onDone(`The appointment of ${when} is cancelled.`);
    } catch (err) {
      setError(err.message);
      setBusy(false);
    }
  };
  return html`<form class="subform" onSubmit=${submit} novalidate>
    <${Field} id=${id} label=${byPatient ? 'Why are you cancelling?' : 'Reason for cancelling'} value=${reason} onValue=${setReason} error=${error} required />
    <div class="actions"><button type="submit" class="danger" aria-disabled=${busy ? 'true' : undefined}>Cancel this appointment</button></div>
  </form>`;
}

function AppointmentItem({ a, timeZone, canWrite, isPatient, onChanged }) {
  const [status, setStatus] = useState(a.status === 'cancelled' ? 'booked' : a.status || 'booked');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [moving, setMoving] = useState(false);
  const when = formatDateTime(a.start, timeZone);
  const save = async (e) => {
    e.preventDefault();
    if (busy || status === a.status) return;
    setBusy(true);
    setError(null);
    try {
      await patch(`/api/appointments/${encodeURIComponent(a.id)}`, { status });
      onChanged(`The appointment of ${when} is now: ${APPOINTMENT_STATUS[status] || status}.`);
    } catch (err) {
      setBusy(false);
      setError(`The status was not changed: ${err.message}`);
    }
  };
  const id = `ap-status-${a.id}`;
  const open = a.status === 'booked' || a.status === 'arrived';
  const markable = markableStatuses(a);
  const upcoming = new Date(a.start).getTime() > Date.now();
  return html`<li class=${`card appointment status-${a.status}`}>
    <strong>${when}</strong>
    <span class="meta">${[a.type_name, a.practitioner_name ? `with ${a.practitioner_name}` : '', a.room, a.duration_min ? `${a.duration_min} min` : '', a.reason, APPOINTMENT_STATUS[a.status] || a.status].filter(Boolean).join(' · ')}</span>
    ${a.cancel_reason ? html`<span class="meta">Cancelled: ${a.cancel_reason}</span>` : null}
    ${canWrite && open && markable.length === 1 ? html`<span class="meta">Marked arrived from ${ARRIVAL_WINDOW_MIN / 60} hours before the start.</span>` : null}
    ${canWrite && open && markable.length > 1
      ? html`<form class="inline-status" onSubmit=${save}>
          <label for=${id}>Status<span class="visually-hidden"> of the appointment of ${when}</span></label>
          <select id=${id} value=${status} onChange=${(e) => setStatus(e.currentTarget.value)}>
            ${markable.map((v) => html`<option value=${v} selected=${v === status}>${APPOINTMENT_STATUS[v]}</option>`)}
          </select>
          <button type="submit" aria-disabled=${busy || status === a.status ? 'true' : undefined}>Save<span class="visually-hidden"> status</span></button>
        </form>`
      : null}
    ${isPatient && a.status === 'booked' && upcoming && !a.patient_can_cancel && a.cancel_refusal ? html`<p class="hint">${a.cancel_refusal}</p>` : null}
    ${((canWrite && a.status === 'booked') || (isPatient && a.patient_can_cancel)) && !cancelling
      ? html`<div class="actions"><button type="button" class="link-button" onClick=${() => setCancelling(true)}>Cancel<span class="visually-hidden"> the appointment of ${when}</span></button>
          ${isPatient && a.cancel_until ? html`<span class="hint">Online until ${formatDateTime(a.cancel_until, timeZone)}</span>` : null}</div>`
      : null}
    ${isPatient && a.patient_can_cancel && !moving ? html`<div class="actions"><button type="button" class="link-button" onClick=${() => setMoving(true)}>Move to another time<span class="visually-hidden"> (the appointment of ${when})</span></button></div>` : null}
    ${moving ? html`<${OnlineBooking} patientId=${a.patient_id} replaces=${a} onDone=${onChanged} />` : null}
    ${cancelling ? html`<${CancelForm} a=${a} when=${when} byPatient=${isPatient} onDone=${onChanged} />` : null}
    <${Alert} message=${error} />
  </li>`;
}

export function AppointmentsPanel({ patientId, timeZone, canWrite, isPatient, role }) {
  const r = useLoad(`/api/patients/${encodeURIComponent(patientId)}/appointments`);
  const [note, setNote] = useState(null);
  const list = (Array.isArray(r.data) ? r.data : []).slice().sort((a, b) => String(a.start).localeCompare(String(b.start)));
  const now = Date.now();
  // The patient reads what comes next first; past visits are folded.
  const coming = isPatient ? list.filter((a) => new Date(a.start).getTime() > now && a.status !== 'cancelled') : list;
  const past = isPatient ? list.filter((a) => !coming.includes(a)).reverse() : [];
  const item = (a) => html`<${AppointmentItem} key=${`${a.id}-${a.status}`} a=${a} timeZone=${timeZone} canWrite=${canWrite} isPatient=${isPatient}
    onChanged=${(m) => { setNote(m); r.reload(); }} />`;
  return html`<section aria-labelledby="appointments-h" class="panel">
    <h2 id="appointments-h">${isPatient ? 'Your appointments' : 'Appointments'}</h2>
    <${Alert} message=${r.error ? `Could not load the appointments: ${r.error.message}` : null} />
    ${r.data && !coming.length ? html`<p class="empty">${isPatient ? 'No appointments coming up.' : 'No appointments.'}</p>` : null}
    <ul class="cards">${coming.map(item)}</ul>
    ${past.length ? html`<details><summary>Earlier and cancelled appointments (${past.length})</summary><ul class="cards">${past.map(item)}</ul></details>` : null}
    <p class="status-line" role="status">${note}</p>
    ${isPatient && list.length ? html`<p><a href=${`/api/patients/${encodeURIComponent(patientId)}/appointments.ics`} download="appointments.ics">Add them to your calendar (.ics file)</a></p>` : null}
    ${isPatient ? html`<details class="book-online"><summary>Book an appointment</summary><${OnlineBooking} patientId=${patientId} onDone=${(m) => { setNote(m); r.reload(); }} /></details>` : null}
    ${canWrite ? html`<details><summary>Book an appointment</summary><${AppointmentForm} patientId=${patientId} role=${role} onSaved=${(m) => { setNote(m); r.reload(); }} /></details>` : null}
  </section>`;
}
