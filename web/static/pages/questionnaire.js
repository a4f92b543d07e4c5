// Outcome measures: the form for one instrument (one fieldset per item, radios for answer options, a
// number for a measured value), the public single-use link page (no sign-in), the signed-in page (the
// patient for themself, staff on the patient's behalf), and the patient page's panel: results with score,
// unit, direction and the change against baseline in words; for staff, making a link and copying it.
import { countOf } from '../lib/words.js';
import { html, useEffect, useRef, useState } from '../lib/html.js';
import { api, get, post } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Link, navigate } from '../lib/router.js';
import { Alert, SelectField } from '../components/forms.js';
import { formatDateTime, withUnit } from '../lib/format.js';
import { NextQuestionnaire, QuestionnaireSchedules } from '../components/questionnaire-schedule.js';

const SOURCE_WORDS = {
  patient: 'filled in by the patient',
  staff: 'entered by staff',
  link: 'filled in through a link',
  imu: 'measured by a wearable sensor',
  pose: 'measured from video',
};
const DIRECTION_WORDS = { higher_better: 'higher is better', lower_better: 'lower is better' };
const FLAG_WORDS = {
  improved: 'Clinically important improvement',
  worsened: 'Clinically important worsening',
  within_mcid: 'Change smaller than the MCID',
  no_mcid: 'No MCID for this score',
};
const MEASURE_ROLES = ['physiotherapist', 'assistant', 'patient'];
const LINK_ROLES = ['physiotherapist', 'assistant', 'front_desk'];

function scoreUnit(unit) {
  return unit === 'points' ? '' : unit;
}

/** The answers as the API takes them: numbers or null, trailing unanswered items dropped down to min_items. */
function answersFor(instrument, values) {
  const out = values.map((v) => (v === '' || v === undefined ? null : Number(v)));
  const min = instrument.min_items || instrument.items.length;
  while (out.length > min && out[out.length - 1] === null) out.pop();
  return out;
}

function itemError(item, raw) {
  if (raw === '' || item.options) return null;
  const v = Number(raw);
  if (!Number.isFinite(v)) return `Enter a number for “${item.label}”.`;
  if (v < item.min || v > item.max) return `“${item.label}” must be between ${item.min} and ${item.max}${item.unit ? ` ${item.unit}` : ''}.`;
  if (item.integer && !Number.isInteger(v)) return `“${item.label}” must be a whole number.`;
  return null;
}

function ItemField({ item, index, total, value, onValue, error }) {
  const name = `q-${index}`;
  // The instrument's own question where its licence allows showing it; else the short label.
  const legend = `${index + 1} of ${total}: ${item.question || item.label}${item.context ? ' (optional, used to compare with norms)' : ''}`;
  const errId = error ? `${name}-error` : undefined;
  const err = error ? html`<p class="field-error" id=${errId}><span class="visually-hidden">Error: </span>${error}</p>` : null;
  if (item.options) {
    return html`<fieldset class=${error ? 'field radios has-error' : 'field radios'} aria-describedby=${errId} id=${`${name}-set`}>
      <legend>${legend}</legend>
      ${item.options.map((o, k) => html`<div class="radio">
        <input type="radio" id=${`${name}-${k}`} name=${name} value=${String(o.value)} checked=${value === String(o.value)}
          aria-invalid=${error ? 'true' : undefined} onChange=${() => onValue(String(o.value))} />
        <label for=${`${name}-${k}`}>${o.label}</label>
      </div>`)}
      ${value !== '' ? html`<button type="button" class="link-button" onClick=${() => onValue('')}>Clear this answer</button>` : null}
      ${err}
    </fieldset>`;
  }
  return html`<fieldset class=${error ? 'field has-error' : 'field'} aria-describedby=${errId} id=${`${name}-set`}>
    <legend>${legend}</legend>
    <label for=${name}>Value${item.unit ? ` in ${item.unit}` : ''} (${item.min} to ${item.max})</label>
    <input id=${name} name=${name} type="number" inputmode="decimal" step=${item.integer ? '1' : 'any'} min=${item.min} max=${item.max}
      value=${value} aria-invalid=${error ? 'true' : undefined} aria-describedby=${errId}
      onInput=${(e) => onValue(e.currentTarget.value)} />
    ${err}
  </fieldset>`;
}

/**
 * The form for one instrument. onSubmit(answers) returns a promise; a rejected ApiError naming
 * "/answers/N" is shown next to item N.
 */
export function QuestionnaireForm({ instrument, onSubmit, submitLabel = 'Submit answers' }) {
  const n = instrument.items.length;
  const [values, setValues] = useState(() => Array(n).fill(''));
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [confirmMissing, setConfirmMissing] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const focusItem = (i) => window.requestAnimationFrame(() => {
    const el = form.current && form.current.querySelector(`#q-${i}-set input`);
    if (el) el.focus();
  });
  const set = (i) => (v) => {
    setValues((old) => old.map((x, k) => (k === i ? v : x)));
    setErrors((e) => ({ ...e, [i]: undefined }));
    setConfirmMissing(null);
  };
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    instrument.items.forEach((it, i) => {
      const m = itemError(it, values[i]);
      if (m) errs[i] = m;
    });
    setErrors(errs);
    setFormError(null);
    const bad = Object.keys(errs).map(Number);
    if (bad.length) {
      setFormError(`Check ${bad.length === 1 ? 'the answer to question' : 'the answers to questions'} ${bad.map((i) => i + 1).join(', ')}.`);
      return focusItem(bad[0]);
    }
    const scored = instrument.items.map((it, i) => (!it.context && values[i] === '' ? i : -1)).filter((i) => i >= 0);
    const needed = (instrument.min_items || n) < n ? scored.filter((i) => i < instrument.min_items) : scored;
    if (scored.length === instrument.items.filter((it) => !it.context).length) {
      setFormError('Answer at least one question.');
      return focusItem(0);
    }
    if (needed.length && confirmMissing === null) {
      setConfirmMissing(needed);
      return;
    }
    setBusy(true);
    try {
      await onSubmit(answersFor(instrument, values));
    } catch (err) {
      const m = /^\/?answers\/(\d+)$/.exec((err.body && err.body.field) || '');
      if (m && Number(m[1]) < n) {
        setErrors({ [Number(m[1])]: err.message });
        setFormError(`Check the answer to question ${Number(m[1]) + 1}.`);
        focusItem(Number(m[1]));
      } else setFormError(`The answers were not sent: ${err.message}`);
    } finally {
      setBusy(false);
    }
  };
  return html`<form ref=${form} onSubmit=${submit} novalidate class="questionnaire">
    <${Alert} message=${formError} />
    ${instrument.items.map((it, i) => html`<${ItemField} key=${i} item=${it} index=${i} total=${n} value=${values[i]} onValue=${set(i)} error=${errors[i]} />`)}
    ${confirmMissing
      ? html`<div class="alert alert-warning" role="status">
          ${confirmMissing.length === 1 ? 'Question' : 'Questions'} ${confirmMissing.map((i) => i + 1).join(', ')} ${confirmMissing.length === 1 ? 'is' : 'are'} not answered.
          With too many unanswered questions no score can be computed. Answer them, or submit as it is.
        </div>`
      : null}
    <div class="actions"><button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>
      ${busy ? 'Sending…' : confirmMissing ? 'Submit with unanswered questions' : submitLabel}
    </button></div>
  </form>`;
}

/**
 * What the patient reads before the questions: how many there are and that their answers go to their
 * physiotherapist. The instrument's technical description (its scoring, its sources) is for staff.
 */
function InstrumentIntro({ instrument, forPatient = true }) {
  const n = instrument.items.filter((it) => !it.context).length;
  if (forPatient)
    return html`<p>${countOf(n, 'question')}. Answer each as it is for you now; there are no right or wrong answers, and you may leave one out. Your physiotherapist goes through the result with you.</p>`;
  return html`<details class="instrument-about"><summary>About this instrument</summary><p>${instrument.description}</p></details>`;
}

// ---- The public link: no account -------------------------------------------------------------------------

export function PublicQuestionnairePage({ token }) {
  const path = `/api/q/${encodeURIComponent(token)}`;
  const [state, setState] = useState({ loading: true });
  const [done, setDone] = useState(false);
  useEffect(() => {
    get(path)
      .then((data) => setState({ data }))
      .catch((error) => setState({ error }));
  }, [path]);
  useEffect(() => {
    document.title = done ? 'Thank you · physiokit' : state.data ? `${state.data.instrument.name} · physiokit` : 'Questionnaire · physiokit';
  }, [state, done]);
  if (state.loading) return html`<p class="loading" role="status">Loading…</p>`;
  if (state.error) {
    const gone = state.error.status === 410;
    return html`<section>
      <h1 tabindex="-1">${gone ? 'This link can no longer be used' : state.error.status === 404 ? 'Link not found' : 'The questionnaire could not be opened'}</h1>
      <${Alert} message=${state.error.message} />
      <p>${gone ? 'Each link works once and for a limited time. Ask your clinic to send a new one.' : 'Check that the whole link was copied, or ask your clinic for a new one.'}</p>
    </section>`;
  }
  const { instrument, clinic } = state.data;
  if (done)
    return html`<section>
      <h1 tabindex="-1">Thank you</h1>
      <${Alert} kind="success" message=${`Your answers were sent to ${clinic}.`} />
      <p>You can close this page. Your physiotherapist will go through the results with you.</p>
    </section>`;
  return html`<section class="questionnaire-page">
    <h1 tabindex="-1">${instrument.name}</h1>
    <p class="meta">For ${clinic}. This link works once, until ${formatDateTime(state.data.expires)}.</p>
    <${InstrumentIntro} instrument=${instrument} />
    <${QuestionnaireForm} instrument=${instrument} onSubmit=${async (answers) => {
      await api('POST', path, { answers });
      setDone(true);
      window.scrollTo(0, 0);
    }} />
  </section>`;
}

// ---- Signed in: the patient for themself, staff on their behalf ------------------------------------------

export function QuestionnairePage({ id, instrumentId, user }) {
  const lib = useLoad('/api/instruments');
  const instrument = lib.data && lib.data.instruments.find((i) => i.id === instrumentId);
  const self = user && user.role === 'patient';
  const back = `/patients/${encodeURIComponent(id)}`;
  if (lib.error) return html`<section><h1 tabindex="-1">Questionnaire</h1><${Alert} message=${`Could not load the questionnaires: ${lib.error.message}`} /></section>`;
  if (!lib.data) return html`<p class="loading" role="status">Loading…</p>`;
  if (!instrument) return html`<section><h1 tabindex="-1">Questionnaire not found</h1><p><${Link} href=${back}>Back to the record<//></p></section>`;
  return html`<section class="questionnaire-page">
    <h1 tabindex="-1">${instrument.name}</h1>
    <p class="meta">${self ? 'Your answers go to your physiotherapist.' : 'Entered on the patient’s behalf.'} <${Link} href=${back}>Back to the record<//></p>
    <${InstrumentIntro} instrument=${instrument} forPatient=${self} />
    <${QuestionnaireForm} instrument=${instrument} onSubmit=${async (answers) => {
      const r = await post(`/api/patients/${encodeURIComponent(id)}/questionnaire-responses`, { instrument: instrument.id, answers });
      navigate(back, { message: `${instrument.name}: ${self ? 'your answers are' : 'the answers are'} saved. ${r && r.valid ? summary(r) : 'No score: too many questions were left unanswered.'}` });
    }} />
  </section>`;
}

// ---- The patient page's panel ---------------------------------------------------------------------------

/**
 * A result with its meaning: "Score 66 on a scale of 0 to 100, where higher is better." and the
 * instrument's interpretation when it has one; never a bare number.
 */
export function summary(r) {
  const parts = (r.score_details || [])
    .filter((d) => d.value !== null && d.value !== undefined)
    .map((d) => {
      const scale = d.range ? ` on a scale of ${d.range[0]} to ${d.range[1]}${scoreUnit(d.unit) ? ` ${d.unit}` : ''}` : '';
      const direction = DIRECTION_WORDS[d.direction] ? `, where ${DIRECTION_WORDS[d.direction]}` : '';
      return `${r.score_details.length > 1 ? d.name.charAt(0).toUpperCase() + d.name.slice(1) : 'Score'} ${withUnit(d.value, scoreUnit(d.unit))}${scale}${direction}.`;
    });
  const meaning = Array.isArray(r.interpretation) ? r.interpretation.join(' ') : '';
  return [...parts, meaning].filter(Boolean).join(' ');
}

function ChangeLines({ change }) {
  if (!change) return null;
  return html`<ul class="change-flags">
    ${change.scores.map((c) => html`<li class=${`flag-${c.flag}`}>
      <strong>${FLAG_WORDS[c.flag] || c.flag}</strong> since the baseline of ${formatDateTime(change.baseline_completed)}:
      ${' '}${c.text}
    </li>`)}
  </ul>`;
}

function ResponseCard({ r }) {
  const details = r.score_details || [];
  return html`<li class="card response" data-instrument=${r.instrument}>
    <strong class="card-title">${r.instrument_name}</strong>
    <span class="meta">${formatDateTime(r.completed)} · ${SOURCE_WORDS[r.source] || r.source}${r.method ? ` (${r.method})` : ''}</span>
    ${r.valid
      ? html`<span class="score">${details.map((d, i) => html`${i ? '; ' : ''}${details.length > 1 ? `${d.name}: ` : 'Score: '}<strong>${d.value === null ? 'not scored' : withUnit(d.value, scoreUnit(d.unit))}</strong>${' '}<span class="meta">(${d.range[0]}-${d.range[1]}${scoreUnit(d.unit) ? ` ${d.unit}` : ''}, ${DIRECTION_WORDS[d.direction]})</span>`)}</span>`
      : html`<span class="meta">Not scored: ${r.reason}</span>`}
    ${r.interpretation && r.interpretation.length ? html`<span class="meta">${r.interpretation.join(' ')}</span>` : null}
    <${ChangeLines} change=${r.change} />
  </li>`;
}

function LinkMaker({ patientId, instruments, onMade }) {
  const [instrument, setInstrument] = useState('');
  const [error, setError] = useState(null);
  const [made, setMade] = useState(null);
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState(false);
  const make = async (e) => {
    e.preventDefault();
    if (busy) return;
    if (!instrument) return setError('Choose the questionnaire to send.');
    setError(null);
    setBusy(true);
    try {
      const r = await post(`/api/patients/${encodeURIComponent(patientId)}/questionnaire-links`, { instrument });
      setMade({ ...r, full: `${window.location.origin}${r.path}` });
      setCopied(false);
      onMade();
    } catch (err) {
      setError(`The link was not made: ${err.message}`);
    } finally {
      setBusy(false);
    }
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(made.full);
      setCopied(true);
    } catch {
      const el = document.getElementById('q-link-url');
      if (el) el.select();
      setCopied(false);
    }
  };
  return html`<form onSubmit=${make} novalidate class="subform">
    <${SelectField} id="q-link-instrument" label="Questionnaire to send" value=${instrument} onValue=${setInstrument} error=${error}
      placeholder="Choose…" options=${instruments.map((i) => ({ value: i.id, label: i.name }))} />
    <div class="actions"><button type="submit" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Making…' : 'Make a single-use link'}</button></div>
    ${made
      ? html`<div class="field">
          <label for="q-link-url">Link for the patient (works once, until ${formatDateTime(made.expires)}; it is shown only now)</label>
          <input id="q-link-url" type="text" readonly value=${made.full} onFocus=${(e) => e.currentTarget.select()} />
          <div class="actions"><button type="button" onClick=${copy}>Copy link</button></div>
          <p role="status" class="meta">${copied ? 'Copied.' : ''}</p>
        </div>`
      : null}
  </form>`;
}

function LinkList({ patientId, version }) {
  const r = useLoad(`/api/patients/${encodeURIComponent(patientId)}/questionnaire-links`, version);
  const list = r.data ? r.data.links : [];
  if (!list.length) return null;
  const words = { open: 'not used yet', used: 'used', expired: 'expired unused' };
  return html`<details class="links">
    <summary>Links sent (${list.length})</summary>
    <ul>${list.map((l) => html`<li key=${l.id}>${l.instrument_name}: ${words[l.status] || l.status}${l.used ? ` ${formatDateTime(l.used)}` : ''} · made ${formatDateTime(l.created)}</li>`)}</ul>
  </details>`;
}

export function OutcomeMeasures({ patientId, role }) {
  const canRead = role === 'physiotherapist' || role === 'assistant' || role === 'patient';
  const canFill = MEASURE_ROLES.includes(role);
  const canLink = LINK_ROLES.includes(role);
  const [version, setVersion] = useState(0);
  const lib = useLoad(canFill || canLink ? '/api/instruments' : null);
  const list = useLoad(canRead ? `/api/patients/${encodeURIComponent(patientId)}/questionnaire-responses` : null, version);
  const [choice, setChoice] = useState('');
  const instruments = lib.data ? lib.data.instruments.filter((i) => role !== 'patient' || i.kind === 'questionnaire') : [];
  if (!canRead && !canLink) return null;
  const responses = list.data ? list.data.responses : [];
  return html`<section aria-labelledby="measures-h" class="panel">
    <h2 id="measures-h">${role === 'patient' ? 'Questionnaires' : 'Outcome measures'}</h2>
    ${list.error ? html`<${Alert} message=${`Could not load the outcome measures: ${list.error.message}`} />` : null}
    ${canRead && list.data && !responses.length ? html`<p class="empty">None filled in yet.</p>` : null}
    ${role === 'patient' ? html`<${NextQuestionnaire} patientId=${patientId} version=${version} />` : null}
    ${responses.length ? html`<ul class="cards responses">${responses.map((r) => html`<${ResponseCard} key=${r.id} r=${r} />`)}</ul>` : null}
    ${canFill && instruments.length
      ? html`<div class="subform">
          <${SelectField} id="q-fill-instrument" label=${role === 'patient' ? 'Fill in a questionnaire' : 'Enter a questionnaire or test result'}
            value=${choice} onValue=${setChoice} placeholder="Choose…" options=${instruments.map((i) => ({ value: i.id, label: i.name }))} />
          ${choice ? html`<div class="actions"><${Link} class="button" href=${`/patients/${encodeURIComponent(patientId)}/questionnaires/${encodeURIComponent(choice)}`}>Open the form<//></div>` : null}
        </div>`
      : null}
    ${canLink && instruments.length
      ? html`<${LinkMaker} patientId=${patientId} instruments=${instruments.filter((i) => i.kind === 'questionnaire')} onMade=${() => setVersion((v) => v + 1)} />
        <${LinkList} patientId=${patientId} version=${version} />
        <${QuestionnaireSchedules} patientId=${patientId} instruments=${instruments.filter((i) => i.kind === 'questionnaire')} />`
      : null}
  </section>`;
}
