// The front desk's day list: the clinic's appointments of one day with the patient's telephone number, marked
// from the list (arrived, attended, did not attend), the past visits nobody marked, and their no-show flags
// (a calibrated percentage, the reasons and a suggested call), by time or by risk. A flag is help to plan
// calls; it never refuses a booking.
import { html, useState } from '../lib/html.js';
import { patch } from '../lib/api.js';
import { countOf } from '../lib/words.js';
import { Link } from '../lib/router.js';
import { useLoad } from '../lib/use-load.js';
import { Alert } from '../components/forms.js';
import { FlagCard, mayDecide } from '../components/flags.js';
import { CapacityPanel } from '../components/capacity.js';
import { ARRIVAL_WINDOW_MIN, markableStatuses } from '../components/appointments.js';
import { formatDateTime, patientName } from '../lib/format.js';

const STATUS_WORDS = { booked: 'Booked', arrived: 'Arrived', fulfilled: 'Attended', cancelled: 'Cancelled', noshow: 'Did not attend' };

function today() {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Marks a visit from the list: "Arrived" while it is booked, from 2 hours before the start (not the day before); "Attended" and "Did not attend" once it has
 * started (the server refuses a no-show before the start). Front desk and physiotherapists.
 */
function MarkVisit({ a, onDone }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const may = markableStatuses(a);
  const started = may.includes('fulfilled');
  const open = a.status === 'booked' || a.status === 'arrived';
  if (!open) return null;
  const mark = async (status) => {
    setBusy(true);
    setError(null);
    try {
      await patch(`/api/appointments/${encodeURIComponent(a.appointment_id)}`, { status });
      onDone(`${patientName(a)}, ${formatDateTime(a.start)}: ${STATUS_WORDS[status]}.`);
    } catch (err) {
      setError(`Not marked: ${err.message}`);
      setBusy(false);
    }
  };
  const who = html`<span class="visually-hidden"> ${patientName(a)}, ${formatDateTime(a.start)}</span>`;
  if (a.status === 'booked' && !may.includes('arrived')) return html`<p class="muted mark-visit">Marked arrived from ${ARRIVAL_WINDOW_MIN / 60} hours before the start.</p>`;
  return html`<div class="actions mark-visit">
    ${may.includes('arrived') ? html`<button type="button" aria-disabled=${busy ? 'true' : undefined} onClick=${() => !busy && mark('arrived')}>Arrived${who}</button>` : null}
    ${started ? html`<button type="button" aria-disabled=${busy ? 'true' : undefined} onClick=${() => !busy && mark('fulfilled')}>Attended${who}</button>
      <button type="button" class="secondary" aria-disabled=${busy ? 'true' : undefined} onClick=${() => !busy && mark('noshow')}>Did not attend${who}</button>` : null}
    <${Alert} message=${error} />
  </div>`;
}

function Phone({ a }) {
  return a.phone ? html` · <a href=${`tel:${a.phone.replace(/[^\d+]/g, '')}`}>${a.phone}</a>` : html` · <span class="muted">no phone on record</span>`;
}

export function SchedulePage({ user }) {
  const [date, setDate] = useState(today());
  const [order, setOrder] = useState('time');
  const r = useLoad(`/api/schedule?date=${encodeURIComponent(date)}`);
  const items = r.data ? [...r.data.items] : [];
  if (order === 'risk') items.sort((a, b) => ((b.flag && b.flag.need) || 0) - ((a.flag && a.flag.need) || 0));
  const flagged = items.filter((i) => i.flag && i.flag.status === 'open').length;
  const [note, setNote] = useState(null);
  const canMark = user && (user.role === 'front_desk' || user.role === 'physiotherapist');
  const unmarked = r.data && r.data.unmarked ? r.data.unmarked : [];
  const done = (m) => {
    setNote(m);
    r.reload();
  };
  return html`<section class="schedule">
    <h1 tabindex="-1">Day list</h1>
    <form class="inline-form" onSubmit=${(e) => e.preventDefault()}>
      <label for="day">Day</label>
      <input id="day" type="date" value=${date} onChange=${(e) => e.target.value && setDate(e.target.value)} />
      <label for="order">Order</label>
      <select id="order" value=${order} onChange=${(e) => setOrder(e.target.value)}>
        <option value="time">By time</option>
        <option value="risk">By no-show risk</option>
      </select>
    </form>
    <${Alert} message=${r.error ? `Could not load the day list: ${r.error.message}` : null} />
    <p class="status-line" role="status">${note}</p>
    ${r.loading && !r.data ? html`<p>Loading…</p>` : null}
    ${unmarked.length
      ? html`<section class="panel unmarked" aria-labelledby="unmarked-h" data-testid="unmarked">
          <h2 id="unmarked-h">Past visits to mark (${unmarked.length})</h2>
          <p class="hint">Visits of the last 14 days whose time has passed and that nobody marked: did they come?</p>
          <ol class="cards">${unmarked.map((a) => html`<li class="card" key=${a.appointment_id}>
            <h3 class="card-title">${formatDateTime(a.start)} · <${Link} href=${`/patients/${encodeURIComponent(a.patient_id)}`}>${patientName(a)}<//></h3>
            <p class="muted">${a.practitioner ? `with ${a.practitioner}` : ''}<${Phone} a=${a} /></p>
            ${canMark ? html`<${MarkVisit} a=${a} onDone=${done} />` : null}
          </li>`)}</ol>
        </section>`
      : null}
    ${r.data
      ? html`<p class="hint">${countOf(items.length, 'appointment')}${r.data.noshow_shown ? `; ${flagged} with an open no-show flag` : ''}.</p>
        ${items.length ? null : html`<p class="empty">No appointments on this day.</p>`}
        <ol class="cards day-list">${items.map((a) => html`<li class="card" key=${a.appointment_id}>
          <h2 class="card-title">${formatDateTime(a.start)} · <${Link} href=${`/patients/${encodeURIComponent(a.patient_id)}`}>${patientName(a)}<//>${a.mrn ? html` <span class="muted">· ${a.mrn}</span>` : null}</h2>
          <p class="muted">${a.duration_min} min${a.practitioner ? ` with ${a.practitioner}` : ''}${a.reason ? ` · ${a.reason}` : ''} · <strong>${STATUS_WORDS[a.status] || a.status}</strong><${Phone} a=${a} /></p>
          ${canMark ? html`<${MarkVisit} a=${a} onDone=${done} />` : null}
          ${a.flag ? html`<details class="day-flag"><summary>${a.flag.title}</summary><ol class="cards"><${FlagCard} flag=${a.flag} showPatient=${false} canDecide=${mayDecide(user, a.flag)} onDecided=${r.reload} folded /></ol></details>` : null}
        </li>`)}</ol>`
      : null}
    <${CapacityPanel} />
  </section>`;
}
