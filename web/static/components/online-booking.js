// Booking by the patient from their own pages (docs/server/scheduling.md, "Online booking"): the clinic's
// clinicians and visit types, the free times of a week as buttons by day, and a booking (or, with `replaces`,
// a move of the patient's own appointment) refused in the server's words when the time was taken meanwhile.
import { html, useState } from '../lib/html.js';
import { post, query } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Alert, SelectField } from './forms.js';
import { addDays, clock, dayLabel, zonedParts } from '../lib/zoned.js';

export function OnlineBooking({ patientId, replaces, onDone }) {
  const base = `/api/patients/${encodeURIComponent(patientId)}/free-times`;
  const rules = useLoad(base);
  const [clinician, setClinician] = useState(replaces ? replaces.practitioner_id || '' : '');
  const [type, setType] = useState(replaces ? replaces.type || '' : '');
  const [from, setFrom] = useState('');
  const [version, setVersion] = useState(0);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const r = rules.data || {};
  const tz = r.time_zone || 'UTC';
  const day = from || r.from || '';
  const slots = useLoad(clinician && type && day ? `${base}${query({ clinician, type, from: day, days: 7 })}` : null, version);
  if (rules.error) return html`<${Alert} message=${`Could not load the free times: ${rules.error.message}`} />`;
  if (!rules.data) return html`<p>Loading…</p>`;
  if (!r.online_booking) return html`<p class="hint">${r.refusal}</p>`;
  const byDay = new Map();
  for (const s of (slots.data && slots.data.slots) || []) {
    const p = zonedParts(s.start, tz);
    if (!byDay.has(p.date)) byDay.set(p.date, []);
    byDay.get(p.date).push({ ...s, minute: p.minute });
  }
  const book = async (s) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const body = { start: s.start, practitioner_id: clinician, type };
      if (replaces) body.replaces = replaces.id;
      await post(`/api/patients/${encodeURIComponent(patientId)}/online-bookings`, body);
      const p = zonedParts(s.start, tz);
      const who = (r.clinicians.find((c) => c.id === clinician) || {}).name;
      setVersion((v) => v + 1);  // the booked time is no longer free
      onDone(`${replaces ? 'Moved to' : 'Booked:'} ${dayLabel(p.date, 'long')} at ${clock(p.minute)}${who ? ` with ${who}` : ''}.`);
    } catch (err) {
      setError(`Not booked: ${err.message}`);
      setVersion((v) => v + 1);  // the time may have been taken meanwhile
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="subform online-booking">
    <p class="hint">Times are in ${tz}. Online bookings are taken at least ${r.online_notice_hours} hours ahead; you can cancel online up to ${r.cancel_notice_hours} hours before.</p>
    <div class="field-row">
      <${SelectField} id=${`ob-clinician${replaces ? `-${replaces.id}` : ''}`} label="Physiotherapist" value=${clinician} onValue=${(v) => { setClinician(v); setError(null); }}
        options=${r.clinicians.map((c) => ({ value: c.id, label: c.name }))} placeholder="Choose…" required />
      <${SelectField} id=${`ob-type${replaces ? `-${replaces.id}` : ''}`} label="Kind of visit" value=${type} onValue=${(v) => { setType(v); setError(null); }}
        options=${r.types.map((t) => ({ value: t.code, label: `${t.name} (${t.duration_min} min)` }))} placeholder="Choose…" required />
    </div>
    <${Alert} message=${error} />
    ${clinician && type ? html`<div class="actions">
        <button type="button" onClick=${() => { setFrom(addDays(day, -7) < r.from ? r.from : addDays(day, -7)); setError(null); }} aria-disabled=${day <= r.from ? 'true' : undefined}>Earlier week</button>
        <button type="button" onClick=${() => { setFrom(addDays(day, 7)); setError(null); }}>Later week</button>
      </div>
      ${slots.loading && !slots.data ? html`<p>Loading…</p>` : null}
      ${slots.data && !byDay.size ? html`<p class="empty">No free times from ${dayLabel(day, 'long')} for a week. Try a later week.</p>` : null}
      ${[...byDay.entries()].map(([d, list]) => html`<fieldset class="free-times" key=${d}><legend>${dayLabel(d, 'long')}</legend>
        ${list.map((s) => html`<button type="button" class="free-time" onClick=${() => book(s)} aria-disabled=${busy ? 'true' : undefined}>${clock(s.minute)}<span class="visually-hidden"> on ${dayLabel(d, 'long')}</span></button>`)}
      </fieldset>`)}` : null}
  </div>`;
}
