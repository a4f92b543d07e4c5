// The coming weeks per clinician: bookings, the number expected to be missed (the sum of the bookings'
// no-show risks, with its 80 % interval) and the number expected to be attended. A planning aid for the
// front desk: it names no patient and refuses nothing.
import { html } from '../lib/html.js';
import { useLoad } from '../lib/use-load.js';
import { Alert } from './forms.js';
import { formatDate, formatNumber } from '../lib/format.js';

export function CapacityPanel({ weeks = 4 }) {
  const r = useLoad(`/api/capacity?weeks=${weeks}`);
  const d = r.data;
  const base = d && d.base_rate != null ? `${formatNumber(100 * d.base_rate, 0)} % of the last 90 days' ${d.base_outcomes} visits with an outcome were missed` : 'no visit of the last 90 days has an outcome yet';
  return html`<section class="capacity" aria-labelledby="capacity-h">
    <h2 id="capacity-h">Coming weeks per clinician</h2>
    <${Alert} message=${r.error ? `Could not load the coming weeks: ${r.error.message}` : null} />
    ${d
      ? html`<p class="hint">Expected missed is the sum of the bookings' no-show risks (no-show model: ${d.model}); a booking the model does not assess counts at the clinic's missed share (${base}). The range holds the number missed 8 times in 10.</p>
        ${d.cells.length
          ? html`<div class="table-wrap" tabindex="0"><table class="stack">
              <thead><tr><th scope="col">Clinician</th><th scope="col">Week of</th><th scope="col">Booked</th><th scope="col">Expected missed (80 % range)</th><th scope="col">Expected attended</th></tr></thead>
              <tbody>${d.cells.map((c) => html`<tr key=${`${c.practitioner_id}-${c.week_start}`}>
                <td data-label="Clinician">${c.practitioner || 'No clinician named'}</td>
                <td data-label="Week of">${formatDate(c.week_start)}</td>
                <td data-label="Booked">${c.booked}</td>
                <td data-label="Expected missed">${formatNumber(c.expected_missed, 1)} (${c.missed_interval80[0]}-${c.missed_interval80[1]})${c.unassessed ? html` <span class="muted">· ${c.unassessed} without a risk</span>` : null}</td>
                <td data-label="Expected attended">${formatNumber(c.expected_attended, 1)}</td>
              </tr>`)}</tbody></table></div>`
          : html`<p class="empty">No bookings in the coming ${d.weeks} weeks.</p>`}`
      : null}
  </section>`;
}
