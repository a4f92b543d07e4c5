// A patient's recovery course for clinicians (docs/server/risk.md, "Recovery course"): how many visits and
// weeks the clinic's patients with the same condition took to reach their goal, how many this patient may
// still need, and each outcome measure against its expected course. Every figure says what it rests on;
// nothing here changes the plan of care.
import { html } from '../lib/html.js';
import { useLoad } from '../lib/use-load.js';
import { Alert } from './forms.js';
import { RecoveryChart } from './recovery-chart.js';
import { scoreChange } from '../lib/words.js';
import { formatDateTime, formatNumber } from '../lib/format.js';

const STATUS_WORDS = {
  baseline: 'Baseline',
  too_early: 'Too early to judge',
  in_band: 'Within the expected course',
  improved: 'Improved by the minimal important change',
  below_expected: 'Below the expected course',
  not_yet_improved: 'Not yet improved by the minimal important change',
  worsened: 'Worse by the minimal important change',
};

function Track({ t }) {
  const unit = t.unit === '%' ? ' %' : t.unit ? ` ${t.unit}` : '';
  // A change of a percentage score is in points (percentage points), as the notes write it.
  const change = (v) => (t.unit === '%' ? scoreChange(v, '%') : `${formatNumber(v, 1)}${unit}`);
  return html`<section class="track" aria-labelledby=${`track-${t.instrument_id}`}>
    <h3 id=${`track-${t.instrument_id}`}>${t.instrument}${t.off_track ? html` <span class="badge badge-watch">off track</span>` : null}</h3>
    <p>${t.summary}</p>
    ${t.off_track ? html`<p class="alert alert-info">${t.reason}</p>` : null}
    <${RecoveryChart} t=${t} />
    <p class="hint">Expected course: ${t.clinic_band ? `the clinic's own ${t.clinic_episodes} episodes of this condition with this measure (middle half of their improvement at each week)` : `the published minimal important change, ${change(t.mic)} (the clinic has ${t.clinic_episodes} episodes to compare with; 20 are needed for its own course)`}.</p>
    <div class="table-wrap" tabindex="0"><table class="stack">
      <thead><tr><th scope="col">Date</th><th scope="col">Week</th><th scope="col">Score</th><th scope="col">Change from baseline</th><th scope="col">Expected change</th><th scope="col">Judged</th></tr></thead>
      <tbody>${t.measures.map((m, i) => html`<tr key=${i}>
        <td data-label="Date">${formatDateTime(m.at)}</td>
        <td data-label="Week">${m.week}</td>
        <td data-label="Score">${formatNumber(m.score, 1)}${unit}</td>
        <td data-label="Change from baseline">${m.status === 'baseline' ? '' : `${m.improvement > 0 ? '+' : ''}${change(m.improvement)} (positive is better)`}</td>
        <td data-label="Expected change">${m.band && m.band[0] != null ? `${formatNumber(m.band[0], 1)} to ${change(m.band[1])}` : m.band_source === 'mic_rule' ? `at least ${change(t.mic)}` : ''}</td>
        <td data-label="Judged">${STATUS_WORDS[m.status] || m.status}</td>
      </tr>`)}</tbody></table></div>
  </section>`;
}

export function RecoveryPanel({ patientId }) {
  const r = useLoad(`/api/patients/${encodeURIComponent(patientId)}/recovery`);
  if (r.error && r.error.status === 403) return null;
  const d = r.data;
  return html`<section class="panel" aria-labelledby="recovery-h">
    <h2 id="recovery-h">Recovery course</h2>
    <${Alert} message=${r.error ? `Could not load the recovery course: ${r.error.message}` : null} />
    ${d && !d.episode_id ? html`<p class="empty">No open episode of care: nothing to compare.</p>` : null}
    ${d && d.episode_id
      ? html`<p>${d.course ? d.course.text : `The clinic has no figures for ${d.condition} yet.`}</p>
        ${d.remaining ? html`<p>${d.remaining.text || d.remaining.reason}</p>` : null}
        ${d.tracks.length ? d.tracks.map((t) => html`<${Track} key=${t.instrument_id} t=${t} />`) : html`<p class="empty">No outcome measure with a published minimal important change in this episode yet.</p>`}`
      : null}
  </section>`;
}
