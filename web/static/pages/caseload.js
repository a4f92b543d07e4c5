// The physiotherapist's caseload sorted by need: each patient with the reasons to look (pain alerts,
// missed sessions, falling quality or range, worsened measures, proposals waiting) and their numbers.
import { html, useState } from '../lib/html.js';
import { post } from '../lib/api.js';
import { Link } from '../lib/router.js';
import { useLoad } from '../lib/use-load.js';
import { Alert, Field } from '../components/forms.js';
import { formatDateTime, patientName } from '../lib/format.js';
import { FlagList, mayDecide } from '../components/flags.js';
import { countOf } from '../lib/words.js';

const KIND_WORDS = {
  pain_high: 'Pain alert',
  pain_rising: 'Pain rising',
  change_flag: 'Measure worsened',
  missed_sessions: 'Missed sessions',
  quality_falling: 'Quality falling',
  rom_falling: 'Range falling',
  severe_cues: 'Form warnings',
  proposals_waiting: 'Decision waiting',
};

/** Alerts a clinician acknowledged or snoozed: folded, with who, when, why and until when. */
function HeldAlerts({ held }) {
  if (!held || !held.length) return null;
  return html`<details class="held-alerts">
    <summary>${held.length} ${held.length === 1 ? 'alert' : 'alerts'} acknowledged or snoozed</summary>
    <ul>${held.map((h) => html`<li key=${h.kind}><strong>${KIND_WORDS[h.kind] || h.kind}:</strong> ${h.text}. ${h.action === 'snoozed' ? 'Snoozed' : 'Acknowledged'} by ${h.by} ${formatDateTime(h.at)}: ${h.note} (${h.action === 'snoozed' ? 'until' : 'comes back if the numbers change, at the latest'} ${formatDateTime(h.until)})</li>`)}</ul>
  </details>`;
}

/** The clinic's figures: active patients, how adherence is spread, visits missed, outcomes by condition. */
function ClinicFigures({ f }) {
  if (!f) return null;
  const a = f.adherence;
  const bands = [['under 25 %', a.below_25_pct], ['25-49 %', a.from_25_to_50_pct], ['50-79 %', a.from_50_to_80_pct], ['80 % or more', a.from_80_pct]];
  const m = f.missed_visits;
  return html`<section class="panel clinic-figures" aria-labelledby="figures-h" data-testid="clinic-figures">
    <h2 id="figures-h">The clinic's figures</h2>
    <dl class="facts">
      <div><dt>Patients with an active program</dt><dd>${f.active_patients}</dd></div>
      <div><dt>Visits missed, last ${m.days} days</dt><dd>${m.missed_pct == null ? 'none due' : `${m.missed} of ${m.kept + m.missed} (${m.missed_pct} %)`}</dd></div>
      <div><dt>Adherence, last ${a.days} days</dt><dd>${a.programs ? `median ${a.median_pct} % over ${a.programs} ${a.programs === 1 ? 'program' : 'programs'}` : 'no program due yet'}</dd></div>
    </dl>
    ${a.programs
      ? html`<table class="data adherence-bands"><caption>Programs by the share of prescribed sessions done</caption>
          <thead><tr>${bands.map(([k]) => html`<th scope="col">${k}</th>`)}</tr></thead>
          <tbody><tr>${bands.map(([, v]) => html`<td>${v}</td>`)}</tr></tbody></table>`
      : null}
    ${f.outcomes.length
      ? html`<details><summary>Outcomes by condition (${f.outcomes.length})</summary>
          <ul>${f.outcomes.map((o) => html`<li key=${o.condition}><strong>${o.condition}</strong>: ${o.episodes} ${o.episodes === 1 ? 'episode' : 'episodes'}, ${o.reached_goal} reached the goal, ${o.ongoing} ongoing. ${o.text}</li>`)}</ul>
        </details>`
      : null}
  </section>`;
}

function RiskFlags({ user }) {
  const f = useLoad('/api/flags');
  const items = f.data ? f.data.items : [];
  // Clinical flags in full; the coming bookings' no-show flags folded (the front desk's day list has them).
  const clinical = f.data ? { ...f.data, items: items.filter((x) => x.kind !== 'noshow') } : null;
  const noshow = f.data ? { items: items.filter((x) => x.kind === 'noshow'), silent: 0 } : null;
  return html`<section class="panel" aria-labelledby="flags-h">
    <h2 id="flags-h">Risk flags${f.data ? ` (${items.length})` : ''}</h2>
    <p class="hint">From the clinic's own models and from published rules, after the patients who need you today. Open "Why and what to do" on a flag for its reasons, its evidence and how good its model is; accept or dismiss it with a reason.</p>
    <${Alert} message=${f.error ? `Could not load the risk flags: ${f.error.message}` : null} />
    ${f.loading && !f.data ? html`<p>Loading…</p>` : null}
    ${clinical ? html`<${FlagList} data=${clinical} canDecide=${(x) => mayDecide(user, x)} onDecided=${f.reload} empty="No open drop-out or fall flags." folded />` : null}
    ${noshow && noshow.items.length
      ? html`<details class="noshow-flags">
          <summary>No-show risk: ${countOf(noshow.items.length, 'booking')} in the next 14 days</summary>
          <${FlagList} data=${noshow} canDecide=${(x) => mayDecide(user, x)} onDecided=${f.reload} folded />
        </details>`
      : null}
    <p><${Link} href="/models">The clinic's models and their figures<//> · <${Link} href="/schedule">Day list<//></p>
  </section>`;
}

function inDays(n) {
  const d = new Date();
  d.setDate(d.getDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * Acknowledge an alert ("seen, on it": it comes back when its numbers change, or after a week) or snooze
 * its kind until a date (at most 30 days; a pain alert comes back when its numbers change). A reason is
 * always asked and the decision is in the access log. docs/metrics/caseload.md.
 */
function AlertDecision({ patientId, reason, onDone }) {
  const [mode, setMode] = useState(null);
  const [note, setNote] = useState('');
  const [until, setUntil] = useState(inDays(7));
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const base = `ack-${patientId}-${reason.kind}`;
  if (!mode)
    return html`<span class="actions inline">
      <button type="button" class="small" onClick=${() => setMode('acknowledged')}>Acknowledge</button>
      <button type="button" class="small" onClick=${() => setMode('snoozed')}>Snooze…</button>
    </span>`;
  const submit = async (e) => {
    e.preventDefault();
    if (!note.trim()) {
      setError('Say why: what was done, or why it can wait.');
      return;
    }
    const body = { kind: reason.kind, action: mode, note: note.trim() };
    if (mode === 'snoozed') body.until = until;
    setBusy(true);
    try {
      await post(`/api/patients/${encodeURIComponent(patientId)}/caseload-alerts`, body);
      onDone();
    } catch (err) {
      setBusy(false);
      setError(err.message);
    }
  };
  return html`<form class="alert-decision" onSubmit=${submit} novalidate aria-label=${mode === 'snoozed' ? 'Snooze the alert' : 'Acknowledge the alert'}>
    <${Field} id=${`${base}-note`} label=${mode === 'snoozed' ? 'Why it can wait' : 'What was done'} value=${note} onValue=${setNote} error=${error} required />
    ${mode === 'snoozed' ? html`<${Field} id=${`${base}-until`} label="Snooze until" type="date" value=${until} onValue=${setUntil} min=${inDays(1)} max=${inDays(30)} required />` : null}
    <div class="actions">
      <button type="submit" class="primary small" aria-disabled=${busy ? 'true' : undefined}>${mode === 'snoozed' ? 'Snooze' : 'Acknowledge'}</button>
      <button type="button" class="small" onClick=${() => { setMode(null); setError(null); }}>Cancel</button>
    </div>
  </form>`;
}

/** A row's urgency in words: what puts it first on the day (docs/metrics/caseload.md, "The day's order"). */
function UrgentBadges({ i }) {
  const stop = i.reasons.some((x) => x.kind === 'pain_high' && x.stop_level);
  if (!stop && !(i.unread_messages > 0)) return null;
  const href = `/patients/${encodeURIComponent(i.patient_id)}#messages`;
  return html`<p class="urgent-line">${stop ? html`<span class="badge badge-urgent">Told to stop: pain at the stop level</span> ` : null}
    ${i.unread_messages > 0 ? html`<${Link} href=${href} class="badge badge-due">${countOf(i.unread_messages, 'unread message')}<//>` : null}</p>`;
}

function NeedCard({ i, canDecide, onDone }) {
  return html`<li class=${i.rank <= 1 ? 'card card-urgent' : 'card'} key=${i.patient_id} data-rank=${i.rank}>
    <h3 class="card-title"><${Link} href=${`/patients/${encodeURIComponent(i.patient_id)}`}>${patientName(i)}<//>${i.mrn ? html` <span class="muted">· ${i.mrn}</span>` : null}</h3>
    <${UrgentBadges} i=${i} />
    ${i.reasons.length
      ? html`<ul class="reasons">${i.reasons.map((x) => html`<li class=${`reason reason-${x.kind}`} key=${x.kind}><strong>${KIND_WORDS[x.kind] || x.kind}:</strong> ${x.text}
          ${canDecide ? html` <${AlertDecision} patientId=${i.patient_id} reason=${x} onDone=${onDone} />` : null}</li>`)}</ul>`
      : null}
    <${HeldAlerts} held=${i.held} />
    <p class="muted">${i.last_session ? `Last session ${formatDateTime(i.last_session)}` : 'No session logged in the last 4 weeks'}</p>
  </li>`;
}

export function CaseloadPage({ user }) {
  const r = useLoad('/api/caseload');
  const items = r.data ? r.data.items : [];
  // The server orders the day (rank, then need): stop-level pain, unread messages, missed sessions first.
  const needing = items.filter((i) => i.reasons.length || i.unread_messages > 0);
  const urgent = needing.filter((i) => i.rank <= 2);
  const other = needing.filter((i) => i.rank > 2);
  const fine = items.filter((i) => !i.reasons.length && !(i.unread_messages > 0));
  const canDecide = user && (user.role === 'physiotherapist' || user.role === 'assistant');
  return html`<section class="caseload">
    <h1 tabindex="-1">Caseload</h1>
    <p class="hint">Your day: who needs you first (pain at the stop level, unread messages, missed sessions), then the rest with a reason to look, then the clinic's risk flags. Each row says why.</p>
    <${Alert} message=${r.error ? `Could not load the caseload: ${r.error.message}` : null} />
    ${r.loading && !r.data ? html`<p>Loading…</p>` : null}
    ${r.data
      ? html`<section class="panel" aria-labelledby="need-h">
          <h2 id="need-h">Needs attention (${needing.length})</h2>
          ${needing.length ? null : html`<p class="empty">Nobody needs attention now.</p>`}
          ${urgent.length ? html`<p class="list-heading"><strong>First (${urgent.length})</strong></p>
            <ol class="cards caseload-list caseload-urgent">${urgent.map((i) => html`<${NeedCard} key=${i.patient_id} i=${i} canDecide=${canDecide} onDone=${r.reload} />`)}</ol>` : null}
          ${other.length ? html`<p class="list-heading"><strong>${urgent.length ? 'Then' : 'In order of need'} (${other.length})</strong></p>
            <ol class="cards caseload-list">${other.map((i) => html`<${NeedCard} key=${i.patient_id} i=${i} canDecide=${canDecide} onDone=${r.reload} />`)}</ol>` : null}
        </section>`
      : null}
    <${RiskFlags} user=${user} />
    ${r.data ? html`<${ClinicFigures} f=${r.data.figures} />` : null}
    ${r.data
      ? html`<section class="panel" aria-labelledby="fine-h">
          <h2 id="fine-h">On track (${fine.length})</h2>
          ${fine.length ? html`<ul class="plain">${fine.map((i) => html`<li key=${i.patient_id}><${Link} href=${`/patients/${encodeURIComponent(i.patient_id)}`}>${patientName(i)}<//>${i.last_session ? html` <span class="muted">· last session ${formatDateTime(i.last_session)}</span>` : null}<${HeldAlerts} held=${i.held} /></li>`)}</ul>` : html`<p class="empty">None.</p>`}
          ${r.data.without_program ? html`<p class="muted">${r.data.without_program} other ${r.data.without_program === 1 ? 'patient has' : 'patients have'} no active home program.</p>` : null}
        </section>`
      : null}
  </section>`;
}
