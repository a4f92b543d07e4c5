// The front desk's day list: the clinic's appointments of one day with their no-show flags (a calibrated
// percentage, the reasons and a suggested call), by time or by risk. A flag is help to plan calls; it never
// refuses a booking.
import { html, useState } from '../lib/html.js';
import { Link } from '../lib/router.js';
import { useLoad } from '../lib/use-load.js';
import { Alert } from '../components/forms.js';
import { FlagCard, mayDecide } from '../components/flags.js';
import { CapacityPanel } from '../components/capacity.js';
import { formatDateTime, patientName } from '../lib/format.js';

const STATUS_WORDS = { booked: 'Booked', arrived: 'Arrived', fulfilled: 'Attended', cancelled: 'Cancelled', noshow: 'Did not attend' };

function today() {
  return new Date().toISOString().slice(0, 10);
}

export function SchedulePage({ user }) {
  const [date, setDate] = useState(today());
  const [order, setOrder] = useState('time');
  const r = useLoad(`/api/schedule?date=${encodeURIComponent(date)}`);
  const items = r.data ? [...r.data.items] : [];
  if (order === 'risk') items.sort((a, b) => ((b.flag && b.flag.need) || 0) - ((a.flag && a.flag.need) || 0));
  const flagged = items.filter((i) => i.flag && i.flag.status === 'open').length;
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
    ${r.loading && !r.data ? html`<p>Loading…</p>` : null}
    ${r.data
      ? html`<p class="hint">${items.length} appointment${items.length === 1 ? '' : 's'}${r.data.noshow_shown ? `; ${flagged} with an open no-show flag` : ''}.</p>
        ${items.length ? null : html`<p class="empty">No appointments on this day.</p>`}
        <ol class="cards day-list">${items.map((a) => html`<li class="card" key=${a.appointment_id}>
          <h2 class="card-title">${formatDateTime(a.start)} · <${Link} href=${`/patients/${encodeURIComponent(a.patient_id)}`}>${patientName(a)}<//>${a.mrn ? html` <span class="muted">· ${a.mrn}</span>` : null}</h2>
          <p class="muted">${a.duration_min} min${a.practitioner ? ` with ${a.practitioner}` : ''}${a.reason ? ` · ${a.reason}` : ''} · ${STATUS_WORDS[a.status] || a.status}</p>
          ${a.flag ? html`<ol class="cards"><${FlagCard} flag=${a.flag} showPatient=${false} canDecide=${mayDecide(user, a.flag)} onDecided=${r.reload} /></ol>` : null}
        </li>`)}</ol>`
      : null}
    <${CapacityPanel} />
  </section>`;
}
