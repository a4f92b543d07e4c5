// The home exercise program on the patient's page: what is prescribed (with its version history), the
// progression review and the proposals the physiotherapist approves, edits or rejects, with the numbers
// behind each.
import { html, useState } from '../lib/html.js';
import { post } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Alert, Field, SelectField } from './forms.js';
import { dosageText, frequencyText, SIDE_WORDS } from '../lib/dosage.js';
import { exerciseName, formatDateTime, formatNumber } from '../lib/format.js';
import { ProgramBuilder } from './program-builder.js';

const DIRECTION = { progress: 'Increase', regress: 'Reduce', hold: 'Keep' };
const VOTE_WORDS = { progress: 'says increase', regress: 'says reduce', hold: 'says keep' };
/** A rule id in words, for a proposal stored before the rules had titles: "quality_gate" -> "quality gate". */
const ruleWords = (id) => String(id || '').replace(/_/g, ' ');

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

// The band colours the server knows (rehab::band_index), lightest first.
const BANDS = ['tan', 'yellow', 'red', 'green', 'blue', 'black', 'silver', 'gold'];
const LOAD_FIELD = { kg: ['kg', 'Load (kg)'], band: ['band', 'Band'], rpe: ['rpe', 'Target effort (RPE 0-10)'], rir: ['rir', 'Repetitions in reserve'] };

/** The proposed dosage as editable text fields (the physiotherapist's own numbers replace the rule's). */
function dosageFields(d) {
  const f = {
    sets: String(d.sets ?? ''), reps: String(d.reps ?? ''), hold_s: String(d.hold_s ?? 0), rest_s: String(d.rest_s ?? ''),
    times_per_day: String(d.times_per_day ?? 1), days_per_week: String(d.days_per_week ?? 7), load: '',
  };
  const k = d.load && LOAD_FIELD[d.load.kind];
  if (k) f.load = String(d.load[k[0]] ?? '');
  return f;
}

function dosageOf(f, original) {
  const num = (v) => (String(v).trim() === '' ? NaN : Number(v));
  const d = {
    sets: num(f.sets), reps: num(f.reps), hold_s: num(f.hold_s), rest_s: num(f.rest_s),
    times_per_day: num(f.times_per_day), days_per_week: num(f.days_per_week),
  };
  const kind = original.load && original.load.kind;
  if (kind && LOAD_FIELD[kind]) d.load = { kind, [LOAD_FIELD[kind][0]]: kind === 'band' ? f.load.trim() : num(f.load) };
  return d;
}

/** In-page checks before the server's (which has the last word): whole numbers where the server wants them. */
function dosageErrors(f, original) {
  const e = {};
  const whole = (k, label, lo, hi) => {
    const v = Number(f[k]);
    if (String(f[k]).trim() === '' || !Number.isInteger(v) || v < lo || v > hi) e[k] = `${label}: a whole number ${lo}-${hi}.`;
  };
  whole('sets', 'Sets', 1, 10);
  whole('reps', 'Repetitions', 1, 100);
  whole('times_per_day', 'Times a day', 1, 6);
  whole('days_per_week', 'Days a week', 1, 7);
  for (const [k, label] of [['hold_s', 'Hold'], ['rest_s', 'Rest']]) {
    const v = Number(f[k]);
    if (String(f[k]).trim() === '' || !Number.isFinite(v) || v < 0) e[k] = `${label}: seconds, 0 or more.`;
  }
  const kind = original.load && original.load.kind;
  if (kind && LOAD_FIELD[kind] && String(f.load).trim() === '') e.load = `${LOAD_FIELD[kind][1]}: give a value.`;
  return e;
}

function EditDosage({ p, reason, onDone, onCancel }) {
  const [f, setF] = useState(() => dosageFields(p.proposed));
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (k) => (v) => setF((x) => ({ ...x, [k]: v }));
  const id = (k) => `edit-${p.id}-${k}`;
  const submit = async (e) => {
    e.preventDefault();
    const errs = dosageErrors(f, p.proposed);
    setErrors(errs);
    if (Object.keys(errs).length) {
      window.requestAnimationFrame(() => document.getElementById(id(Object.keys(errs)[0]))?.focus());
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await post(`/api/proposals/${encodeURIComponent(p.id)}/decision`, { decision: 'edit', dosage: dosageOf(f, p.proposed), reason: reason || undefined });
      onDone();
    } catch (err) {
      const k = err.field === 'band' || err.field === 'kg' || err.field === 'rpe' || err.field === 'rir' ? 'load' : err.field;
      if (k && k in f) setErrors({ [k]: err.message });
      else setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  const kind = p.proposed.load && p.proposed.load.kind;
  const num = (k, label, extra = {}) => html`<${Field} id=${id(k)} label=${label} type="number" inputmode="decimal" value=${f[k]} onValue=${set(k)} error=${errors[k]} ...${extra} />`;
  return html`<form onSubmit=${submit} novalidate aria-label="Edit the proposed dosage" class="edit-dosage">
    <${Alert} message=${error} />
    <div class="field-row">
      ${num('sets', 'Sets', { min: 1, step: 1 })}
      ${num('reps', p.proposed.hold_s > 0 ? 'Holds per set' : 'Repetitions per set', { min: 1, step: 1 })}
      ${num('hold_s', 'Hold (s)', { min: 0 })}
      ${num('rest_s', 'Rest between sets (s)', { min: 0 })}
      ${kind === 'band'
        ? html`<${SelectField} id=${id('load')} label="Band" value=${f.load} onValue=${set('load')} error=${errors.load} options=${BANDS.map((b) => ({ value: b, label: b }))} />`
        : kind && LOAD_FIELD[kind]
          ? html`<${Field} id=${id('load')} label=${LOAD_FIELD[kind][1]} type="number" inputmode="decimal" value=${f.load} onValue=${set('load')} error=${errors.load} />`
          : null}
      ${num('times_per_day', 'Times a day', { min: 1, step: 1 })}
      ${num('days_per_week', 'Days a week', { min: 1, max: 7, step: 1 })}
    </div>
    <div class="actions">
      <button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Saving…' : 'Save my dosage'}</button>
      <button type="button" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}

function Proposal({ p, names, onDecided }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);
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
    <h4 class="card-title" id=${headingId}>${DIRECTION[p.direction] || p.direction}: ${exerciseName(names, p.exercise_id)}</h4>
    <p>${p.summary}</p>
    <p>Now: ${dosageText(p.current)}. Proposed: <strong>${dosageText(p.proposed)}</strong>${p.load_change_pct != null ? ` (load ${p.load_change_pct > 0 ? '+' : ''}${formatNumber(p.load_change_pct, 0)} %)` : ''}.</p>
    <details><summary>What each rule says</summary>
      <ul>${(p.votes || []).filter((v) => v.applicable).map((v) => html`<li><strong>${v.title || ruleWords(v.rule)}</strong> (${VOTE_WORDS[v.direction] || v.direction}${v.blocks ? ', holds the dosage until met' : ''}): ${v.reason}</li>`)}</ul>
    </details>
    <${Alert} message=${error} />
    <${Field} id=${`reason-${p.id}`} label="Reason (kept with the decision)" optional value=${reason} onValue=${setReason} maxlength="500" />
    ${editing
      ? html`<${EditDosage} p=${p} reason=${reason} onDone=${onDecided} onCancel=${() => setEditing(false)} />`
      : html`<div class="actions">
          <button type="button" class="primary" onClick=${() => decide('approve')} aria-disabled=${busy ? 'true' : undefined}>Approve</button>
          <button type="button" onClick=${() => setEditing(true)}>Edit the dosage</button>
          <button type="button" onClick=${() => decide('reject')} aria-disabled=${busy ? 'true' : undefined}>Reject</button>
        </div>`}
  </li>`;
}

const CHANGE_KINDS = { create: 'created', edit: 'changed', progression: 'progression approved', auto_progression: 'automatic step' };

/**
 * The program's versions, newest first: who, when, why and what changed from the version before, in
 * words (loaded when opened).
 */
function ProgramHistory({ program }) {
  const [open, setOpen] = useState(false);
  const r = useLoad(open ? `/api/programs/${encodeURIComponent(program.id)}` : null);
  const versions = r.data && Array.isArray(r.data.versions) ? [...r.data.versions].reverse() : [];
  const n = program.history.length;
  return html`<details class="program-history" onToggle=${(e) => setOpen(e.currentTarget.open)}>
    <summary>History (${n} ${n === 1 ? 'version' : 'versions'})</summary>
    <${Alert} message=${r.error ? `Could not load the history: ${r.error.message}` : null} />
    ${open && !r.data && !r.error ? html`<p>Loading…</p>` : null}
    <ol reversed class="plain">${versions.map((v) => html`<li key=${v.version} class="program-version">
      <p><strong>Version ${v.version}</strong>, ${formatDateTime(v.at)}, ${CHANGE_KINDS[v.kind] || v.kind} by ${v.by_name}: ${v.reason || 'no reason given'}</p>
      ${v.changes && v.changes.length ? html`<ul class="changes">${v.changes.map((c) => html`<li>${c}</li>`)}</ul>` : null}
    </li>`)}</ol>
  </details>`;
}

function ProgramCard({ program, names, canReview, onChanged, patientId }) {
  const [message, setMessage] = useState(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);
  const [holds, setHolds] = useState([]);
  const review = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await post(`/api/programs/${encodeURIComponent(program.id)}/review`);
      const n = r.proposals.filter((x) => x.state === 'pending').length;
      setMessage({ kind: 'success', text: n ? `${n} ${n === 1 ? 'proposal waits' : 'proposals wait'} for your decision.` : 'No change proposed: every exercise stays as it is.' });
      setHolds(Array.isArray(r.holds) ? r.holds.filter((h) => h && typeof h.summary === 'string') : []);
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
      <strong>${exerciseName(names, rx.exercise_id)}</strong>${SIDE_WORDS[rx.side] ? ` (${SIDE_WORDS[rx.side]})` : ''}: ${dosageText(rx.dosage)}; ${frequencyText(rx.dosage)}${rx.target_rom_deg ? `; target ${rx.target_rom_deg}°` : ''}
    </li>`)}</ul>
    <p><a class="button" href=${`/api/programs/${encodeURIComponent(program.id)}/print`} download>Print the program (PDF)</a></p>
    <${ProgramHistory} program=${program} />
    ${message ? html`<${Alert} kind=${message.kind} message=${message.text} />` : null}
    ${holds.length ? html`<ul class="holds">${holds.map((h) => html`<li key=${h.exercise_id}><strong>${exerciseName(names, h.exercise_id)}</strong>: ${h.summary}</li>`)}</ul>` : null}
    ${canReview && program.status === 'active' && !editing
      ? html`<div class="actions">
          <button type="button" onClick=${review} aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Reviewing…' : 'Review progression'}</button>
          <button type="button" onClick=${() => setEditing(true)}>Change the program</button>
        </div>`
      : null}
    ${editing ? html`<${ProgramBuilder} patientId=${patientId} program=${program} onDone=${() => { setEditing(false); onChanged(); }} onCancel=${() => setEditing(false)} />` : null}
  </article>`;
}

export function ProgramPanel({ patientId, role, names }) {
  const [version, setVersion] = useState(0);
  const [building, setBuilding] = useState(false);
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
    ${items.map((p) => html`<${ProgramCard} key=${p.id} program=${p} names=${names} canReview=${canReview} onChanged=${changed} patientId=${patientId} />`)}
    ${canReview && pending.length
      ? html`<section aria-labelledby="proposals-h"><h3 id="proposals-h">Proposals waiting for your decision (${pending.length})</h3>
          <ul class="cards">${pending.map((p) => html`<${Proposal} key=${p.id} p=${p} names=${names} onDecided=${changed} />`)}</ul></section>`
      : null}
    ${canReview && programs.data && !items.some((p) => p.status === 'active')
      ? building
        ? html`<${ProgramBuilder} patientId=${patientId} program=${null} onDone=${() => { setBuilding(false); changed(); }} onCancel=${() => setBuilding(false)} />`
        : html`<${Prescribe} patientId=${patientId} onDone=${changed} />
            <p>Or <button type="button" class="link-button" onClick=${() => setBuilding(true)}>build a program from the exercise library</button>.</p>`
      : null}
  </section>`;
}
