// Risk flags as a clinician or the front desk reads them: what, how sure (a calibrated percentage from the
// clinic's model, or "rule" for a published cut-off), why (each reason, signed), what to do, the evidence and
// the card, and the decision: accept, or dismiss with a reason (kept in the audit trail and for the model's
// review). A dismissed flag stays dismissed until its inputs change.
import { html, useState } from '../lib/html.js';
import { post } from '../lib/api.js';
import { Link } from '../lib/router.js';
import { Alert } from './forms.js';
import { formatDateTime, patientName } from '../lib/format.js';

const KIND_WORDS = { noshow: 'No-show risk', dropout: 'Drop-out', fall: 'Fall risk', recovery: 'Recovery course' };
const STATUS_WORDS = { open: 'Open', accepted: 'Accepted', dismissed: 'Dismissed', resolved: 'No longer applies' };

export function cardHref(f) {
  if (f.card === 'rules' || f.method === 'rule') return '/models/card/rules';
  return `/models/card/${encodeURIComponent(f.card || f.model)}`;
}

function subjectWords(f) {
  const s = f.subject || {};
  if (s.type === 'appointment' && s.start) return `Appointment ${formatDateTime(s.start)}`;
  if (s.type === 'program' && s.title) return `Program: ${s.title}`;
  if (s.type === 'episode' && s.title) return `Episode: ${s.title}`;
  return null;
}

function Decision({ flag, onDecided }) {
  const [mode, setMode] = useState(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const send = async (decision) => {
    if (decision === 'dismiss' && !reason.trim()) {
      setError('Say why you dismiss it: the reason is kept with the decision.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await post(`/api/flags/${encodeURIComponent(flag.id)}/decision`, { decision, reason: reason.trim() });
      setMode(null);
      setReason('');
      onDecided && onDecided();
    } catch (e) {
      setError(e.message);
    } finally {
      setBusy(false);
    }
  };
  const inputId = `dismiss-reason-${flag.id}`;
  if (mode === 'dismiss')
    return html`<form class="flag-decision" onSubmit=${(e) => { e.preventDefault(); send('dismiss'); }}>
      <label for=${inputId}>Why dismiss this flag?</label>
      <input id=${inputId} type="text" maxlength="500" value=${reason} onInput=${(e) => setReason(e.target.value)} autofocus />
      <div class="actions">
        <button type="submit" disabled=${busy}>Dismiss flag</button>
        <button type="button" class="secondary" onClick=${() => { setMode(null); setError(null); }}>Cancel</button>
      </div>
      <${Alert} message=${error} />
    </form>`;
  return html`<div class="flag-decision actions">
    <button type="button" disabled=${busy} onClick=${() => send('accept')}>Accept</button>
    <button type="button" class="secondary" disabled=${busy} onClick=${() => setMode('dismiss')}>Dismiss…</button>
    <${Alert} message=${error} />
  </div>`;
}

/** A flag's evidence in words: how sure, why, what to do, the sources and the card. */
function FlagEvidence({ f, pct }) {
  return html`<p class="muted">${f.method === 'rule'
      ? 'From a published rule (not a fitted model).'
      : f.kind === 'dropout'
        ? `${pct} % from the clinic's drop-out model (${f.model_version}); flagged at its threshold. Calibrated: of 100 such programs, about ${pct} have no exercise logged in the next 14 days.`
        : `${pct} % from the clinic's no-show model (${f.model_version}); flagged at its threshold. Calibrated: about ${pct} in 100 such bookings are missed.`}</p>
    <h4 class="visually-hidden">Why</h4>
    <ul class="reasons">${(f.reasons || []).map((r) => html`<li class=${`reason reason-${r.direction}`}>${r.direction === 'raises' ? '▲ ' : r.direction === 'lowers' ? '▼ ' : ''}${r.text}</li>`)}</ul>
    ${f.action ? html`<p><strong>Suggested:</strong> ${f.action}</p>` : null}`;
}

/**
 * One flag. `folded`: the caseload's compact form, only what it is and whom it concerns in view, the
 * evidence (how sure, why, what to do, sources, the card) under one "Why and what to do" to open.
 */
export function FlagCard({ flag: f, showPatient = true, canDecide = false, onDecided, folded = false }) {
  const pct = f.probability == null ? null : Math.round(f.probability * 100);
  const subject = subjectWords(f);
  return html`<li class=${`card flag flag-${f.level} flag-${f.status}`} data-flag=${f.id}>
    <h3 class="card-title">
      <span class=${`badge level-${f.level}`}>${KIND_WORDS[f.kind] || f.kind}</span>
      ${' '}${f.title}
    </h3>
    ${showPatient && f.patient_id
      ? html`<p><${Link} href=${`/patients/${encodeURIComponent(f.patient_id)}`}>${patientName(f)}<//>${f.mrn ? html` <span class="muted">· ${f.mrn}</span>` : null}${subject ? html` <span class="muted">· ${subject}</span>` : null}</p>`
      : subject ? html`<p class="muted">${subject}</p>` : null}
    ${folded
      ? html`<details class="flag-why"><summary>Why and what to do</summary>
          <${FlagEvidence} f=${f} pct=${pct} />
          <p class="flag-basis">${f.basis}</p>
          <p><${Link} href=${cardHref(f)}>${f.method === 'rule' ? 'The rules behind this flag' : 'Model card'}<//></p>
        </details>`
      : html`<${FlagEvidence} f=${f} pct=${pct} />
          <details><summary>Evidence</summary><p>${f.basis}</p></details>
          <p><${Link} href=${cardHref(f)}>${f.method === 'rule' ? 'The rules behind this flag' : 'Model card'}<//></p>`}
    <p class="flag-status"><strong>${STATUS_WORDS[f.status] || f.status}</strong>${f.decided ? html` ${formatDateTime(f.decided)}` : null}${f.decision_reason ? html`: “${f.decision_reason}”` : null}</p>
    ${canDecide && f.status === 'open' ? html`<${Decision} flag=${f} onDecided=${onDecided} />` : null}
  </li>`;
}

/** The flags of a list answer ({items, silent}); `canDecide(flag)` says where the buttons show. */
export function FlagList({ data, showPatient = true, canDecide = () => false, onDecided, empty = 'No risk flags.', folded = false }) {
  const items = data ? data.items : [];
  return html`<div class="flag-list">
    ${items.length
      ? html`<ol class=${folded ? 'cards flag-cards-folded' : 'cards'}>${items.map((f) => html`<${FlagCard} key=${f.id} flag=${f} showPatient=${showPatient} canDecide=${canDecide(f)} onDecided=${onDecided} folded=${folded} />`)}</ol>`
      : html`<p class="empty">${empty}</p>`}
    ${data && data.silent ? html`<p class="muted">${data.silent} more from a newly trained model in its silent period (computed, not shown yet).</p>` : null}
  </div>`;
}

/** Whether `user` may accept or dismiss `flag` (the server checks again). */
export function mayDecide(user, flag) {
  if (!user) return false;
  if (user.role === 'physiotherapist') return true;
  return user.role === 'front_desk' && flag.kind === 'noshow';
}
