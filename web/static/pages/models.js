// The clinic's prediction models: each model's state (trained on what, checked how well on a later period,
// silent or active), its versions with go-live and rollback, the monthly drift figures with their alerts, and
// the rules used without a model; and a model card page.
import { html, useState } from '../lib/html.js';
import { post } from '../lib/api.js';
import { Link } from '../lib/router.js';
import { useLoad } from '../lib/use-load.js';
import { Alert } from '../components/forms.js';
import { formatDateTime } from '../lib/format.js';
import { renderMarkdown } from '../lib/markdown.js';

const STATUS_WORDS = { silent: 'Silent period (flags not shown)', active: 'Active', retired: 'Retired' };
const num = (v, d = 2) => (v == null ? '—' : Number(v).toFixed(d));

function Figures({ f }) {
  if (!f) return html`<span class="muted">—</span>`;
  const c = f.checked;
  return html`<span>${f.synthetic ? html`<strong>Synthetic data.</strong> ` : null}Trained on ${f.trained_on_rows} appointments (${f.trained_on_events} missed), ${f.first_day} to ${f.last_day}.
    ${c
      ? html` Checked on ${c.cases} later ones (${c.first_day} to ${c.last_day}): AUC ${num(c.auc)}${c.auc_ci95 ? ` (95 % CI ${num(c.auc_ci95[0])}-${num(c.auc_ci95[1])})` : ''}, Brier ${num(c.brier, 3)}, calibration slope ${num(c.calibration_slope)}, intercept ${num(c.calibration_intercept)}.`
      : ' Not checked on a later period.'}</span>`;
}

function Versions({ model, canManage, onChanged }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const act = async (fn) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      onChanged();
    } catch (e) {
      setError(e.message);
    } finally {
      setBusy(false);
    }
  };
  return html`<div>
    ${model.versions.length
      ? html`<div class="table-wrap" tabindex="0"><table>
          <caption>Versions of ${model.title}</caption>
          <thead><tr><th scope="col">Version</th><th scope="col">Status</th><th scope="col">Trained</th><th scope="col">Figures</th><th scope="col">Card</th>${canManage ? html`<th scope="col">Action</th>` : null}</tr></thead>
          <tbody>${model.versions.map((v) => html`<tr key=${v.id}>
            <td>${v.version}</td>
            <td>${STATUS_WORDS[v.status] || v.status}${v.status === 'silent' && v.silent_until ? ` until ${formatDateTime(v.silent_until)}` : ''}</td>
            <td>${formatDateTime(v.trained)}</td>
            <td><${Figures} f=${v.figures} /></td>
            <td><${Link} href=${`/models/card/${encodeURIComponent(model.name)}?version=${v.version}`}>Card, version ${v.version}<//></td>
            ${canManage ? html`<td>${v.status !== 'active' ? html`<button type="button" class="secondary" disabled=${busy} onClick=${() => act(() => post('/api/models/activate', { name: model.name, version: v.version }))}>${v.status === 'retired' ? 'Roll back to this' : 'Go live now'}</button>` : null}</td>` : null}
          </tr>`)}</tbody>
        </table></div>`
      : html`<p class="empty">No version trained yet.</p>`}
    ${canManage ? html`<p><button type="button" disabled=${busy} onClick=${() => act(() => post('/api/models/train', { name: model.name }))}>Train a new version now</button></p>` : null}
    <${Alert} message=${error} />
  </div>`;
}

function Drift({ drift, name }) {
  const cases = name === 'dropout' ? 'Program-weeks' : 'Appointments';
  const events = name === 'dropout' ? 'Stopped' : 'Missed';
  if (!drift.length) return html`<p class="muted">No month of outcomes after the active version's training period yet.</p>`;
  return html`<div class="table-wrap" tabindex="0"><table>
    <caption>Monthly figures of the active version on the outcomes since</caption>
    <thead><tr><th scope="col">Month</th><th scope="col">${cases}</th><th scope="col">${events}</th><th scope="col">AUC</th><th scope="col">Brier</th><th scope="col">Observed / expected</th><th scope="col">Largest input shift (SD)</th><th scope="col">Alerts</th></tr></thead>
    <tbody>${drift.map((d) => html`<tr key=${d.month}>
      <td>${d.month}</td><td>${d.cases}</td><td>${d.events}</td><td>${num(d.auc)}</td><td>${num(d.brier, 3)}</td>
      <td>${d.observed != null && d.expected ? `${(100 * d.observed).toFixed(1)} % / ${(100 * d.expected).toFixed(1)} %` : '—'}</td>
      <td>${num(d.max_shift)}${d.shift_feature ? ` (${d.shift_feature})` : ''}</td>
      <td>${(d.alerts || []).length ? html`<ul class="alerts">${d.alerts.map((a) => html`<li>${a}</li>`)}</ul>` : 'none'}</td>
    </tr>`)}</tbody>
  </table></div>`;
}

/** What the model's history holds and what training needs, in the model's own words. */
function historyWords(m) {
  const h = m.history;
  if (m.name === 'dropout') {
    return `History: ${h.cases} program-weeks with an outcome, ${h.events} followed by two weeks without exercise; training needs ${h.needed} of those and ${h.needed} followed by exercise (10 per feature).`;
  }
  return `History: ${h.cases} appointments with an outcome, ${h.events} missed; training needs ${h.needed} missed and ${h.needed} attended (10 per feature).`;
}

export function ModelsPage({ user }) {
  const r = useLoad('/api/models');
  const canManage = user && (user.role === 'physiotherapist' || user.role === 'admin');
  return html`<section class="models">
    <h1 tabindex="-1">Prediction models</h1>
    <p class="hint">Each model runs on this server and is trained on this clinic's own records. A new version is silent first: its flags are computed, not shown, until its period ends or someone makes it live.</p>
    <${Alert} message=${r.error ? `Could not load the models: ${r.error.message}` : null} />
    ${r.loading && !r.data ? html`<p>Loading…</p>` : null}
    ${r.data
      ? html`${r.data.models.map((m) => html`<section class="panel" aria-labelledby=${`m-${m.name}`} key=${m.name}>
          <h2 id=${`m-${m.name}`}>${m.title}</h2>
          <p>${m.outcome}</p>
          <p><strong>Now:</strong> ${m.state}. ${historyWords(m)}</p>
          <${Versions} model=${m} canManage=${canManage} onChanged=${r.reload} />
          <h3>Drift</h3>
          <${Drift} drift=${m.drift} name=${m.name} />
        </section>`)}
        <section class="panel" aria-labelledby="rules-h">
          <h2 id="rules-h">Rules used without a model</h2>
          <ul>${r.data.rules.map((x) => html`<li key=${x.name}>${x.title}</li>`)}</ul>
          <p><${Link} href="/models/card/rules">The rules, their cut-offs, sources and published accuracy<//></p>
        </section>`
      : null}
  </section>`;
}

export function ModelCardPage({ name, version }) {
  const q = `/api/model-card?name=${encodeURIComponent(name)}${version ? `&version=${encodeURIComponent(version)}` : ''}`;
  const r = useLoad(q);
  return html`<section class="model-card">
    <h1 tabindex="-1">${name === 'rules' ? 'Rules behind the flags' : `Model card: ${name}${r.data && r.data.version ? `, version ${r.data.version}` : ''}`}</h1>
    <p><${Link} href="/models">All models<//></p>
    <${Alert} message=${r.error ? `Could not load the card: ${r.error.message}` : null} />
    ${r.loading && !r.data ? html`<p>Loading…</p>` : null}
    ${r.data ? html`<article class="card-text">${renderMarkdown(r.data.markdown, 2)}</article>` : null}
  </section>`;
}
