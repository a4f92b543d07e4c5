// The home exercise program on the patient's page: what is prescribed (with its version history), the
// progression review and the proposals the physiotherapist approves, edits or rejects, with the numbers
// behind each.
import { html, useState } from '../lib/html.js';
import { post } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Alert, Field, SelectField } from './forms.js';
import { dosageText, frequencyText, SIDE_WORDS } from '../lib/dosage.js';
import { formatDateTime, formatNumber } from '../lib/format.js';

const DIRECTION = { progress: 'Progress', regress: 'Regress', hold: 'Hold' };

function Prescribe({ patientId, onDone }) {
  const templates = useLoad('/api/program-templates');
  const [tpl, setTpl] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const list = Array.isArray(templates.data) ? templates.data : [];
  const submit = async (e) => {
    e.preventDefault();
    if (!tpl) {
      setError('Choose a condition template to start from.');
      return;
    }
    setBusy(true);
    try {
      await post(`/api/patients/${encodeURIComponent(patientId)}/programs`, { template_id: tpl, reason: reason || undefined });
      onDone();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return html`<form onSubmit=${submit} novalidate aria-label="Prescribe a home exercise program">
    <${SelectField} id="program-template" label="Program template" value=${tpl} onValue=${setTpl} placeholder="Choose…"
      options=${list.map((t) => ({ value: t.id, label: `${t.name}${t.phase ? ` (${t.phase})` : ''}` }))} error=${error} />
    <${Field} id="program-reason" label="Why (kept in the program's history)" optional value=${reason} onValue=${setReason} maxlength="500" />
    <div class="actions"><button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Prescribing…' : 'Prescribe'}</button></div>
  </form>`;
}

function Proposal({ p, names, onDecided }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const decide = async (decision) => {
    setBusy(true);
    setError(null);
    try {
      await post(`/api/proposals/${encodeURIComponent(p.id)}/decision`, { decision, reason: reason || undefined });
      onDecided();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  const headingId = `proposal-${p.id}`;
  return html`<li class="card proposal" aria-labelledby=${headingId}>
    <h4 class="card-title" id=${headingId}>${DIRECTION[p.direction] || p.direction}: ${names[p.exercise_id] || p.exercise_id}</h4>
    <p>${p.summary}</p>
    <p>Now: ${dosageText(p.current)}. Proposed: <strong>${dosageText(p.proposed)}</strong>${p.load_change_pct != null ? ` (load ${p.load_change_pct > 0 ? '+' : ''}${formatNumber(p.load_change_pct, 0)} %)` : ''}.</p>
    <details><summary>The rules and their numbers</summary>
      <ul>${(p.votes || []).filter((v) => v.applicable).map((v) => html`<li><strong>${v.rule}</strong> (${v.direction}${v.blocks ? ', blocks' : ''}): ${v.reason}</li>`)}</ul>
    </details>
    <${Alert} message=${error} />
    <${Field} id=${`reason-${p.id}`} label="Reason (kept with the decision)" optional value=${reason} onValue=${setReason} maxlength="500" />
    <div class="actions">
      <button type="button" class="primary" onClick=${() => decide('approve')} aria-disabled=${busy ? 'true' : undefined}>Approve</button>
      <button type="button" onClick=${() => decide('reject')} aria-disabled=${busy ? 'true' : undefined}>Reject</button>
    </div>
  </li>`;
}

function ProgramCard({ program, names, canReview, onChanged }) {
  const [message, setMessage] = useState(null);
  const [busy, setBusy] = useState(false);
  const review = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await post(`/api/programs/${encodeURIComponent(program.id)}/review`);
      const n = r.proposals.filter((x) => x.state === 'pending').length;
      setMessage({ kind: 'success', text: n ? `${n} ${n === 1 ? 'proposal waits' : 'proposals wait'} for your decision.` : 'No change proposed: every exercise holds.' });
      onChanged();
    } catch (err) {
      setMessage({ kind: 'error', text: err.message });
    } finally {
      setBusy(false);
    }
  };
  const headingId = `program-${program.id}`;
  return html`<article class="card" aria-labelledby=${headingId}>
    <h3 class="card-title" id=${headingId}>${program.title} <span class="muted">· version ${program.version}${program.status !== 'active' ? ` · ${program.status}` : ''}</span></h3>
    <ul>${program.prescriptions.map((rx) => html`<li>
      <strong>${names[rx.exercise_id] || rx.exercise_id}</strong>${SIDE_WORDS[rx.side] ? ` (${SIDE_WORDS[rx.side]})` : ''}: ${dosageText(rx.dosage)}; ${frequencyText(rx.dosage)}${rx.target_rom_deg ? `; target ${rx.target_rom_deg}°` : ''}
    </li>`)}</ul>
    <details><summary>History (${program.history.length} ${program.history.length === 1 ? 'version' : 'versions'})</summary>
      <ol>${program.history.map((h) => html`<li>Version ${h.version}, ${formatDateTime(h.at)}, ${h.by === 'auto' ? 'automatic step within bounds' : h.kind}: ${h.reason || 'no reason given'}</li>`)}</ol>
    </details>
    ${message ? html`<${Alert} kind=${message.kind} message=${message.text} />` : null}
    ${canReview && program.status === 'active' ? html`<div class="actions"><button type="button" onClick=${review} aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Reviewing…' : 'Review progression'}</button></div>` : null}
  </article>`;
}

export function ProgramPanel({ patientId, role, names }) {
  const [version, setVersion] = useState(0);
  const canReview = role === 'physiotherapist';
  const programs = useLoad(`/api/patients/${encodeURIComponent(patientId)}/programs`, version);
  const proposals = useLoad(canReview ? `/api/patients/${encodeURIComponent(patientId)}/proposals?state=pending` : null, version);
  const items = programs.data ? programs.data.items : [];
  const pending = proposals.data ? proposals.data.items : [];
  const changed = () => setVersion((v) => v + 1);
  return html`<section aria-labelledby="program-h" class="panel">
    <h2 id="program-h">Home exercise program</h2>
    <${Alert} message=${programs.error ? `Could not load the program: ${programs.error.message}` : null} />
    ${programs.data && !items.length ? html`<p class="empty">No home exercise program yet.</p>` : null}
    ${items.map((p) => html`<${ProgramCard} key=${p.id} program=${p} names=${names} canReview=${canReview} onChanged=${changed} />`)}
    ${canReview && pending.length
      ? html`<section aria-labelledby="proposals-h"><h3 id="proposals-h">Proposals waiting for your decision (${pending.length})</h3>
          <ul class="cards">${pending.map((p) => html`<${Proposal} key=${p.id} p=${p} names=${names} onDecided=${changed} />`)}</ul></section>`
      : null}
    ${canReview && programs.data && !items.some((p) => p.status === 'active') ? html`<${Prescribe} patientId=${patientId} onDone=${changed} />` : null}
  </section>`;
}
