// One patient: demographics, episodes of care, appointments, recordings with their live analysis state,
// measurements over time and who opened the record.
import { html, useEffect, useRef, useState } from '../lib/html.js';
import { del, get, post, query } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { auditWords } from '../lib/audit-words.js';
import { FlagList, mayDecide } from '../components/flags.js';
import { Link } from '../lib/router.js';
import { Alert, Field, SelectField, fieldMessage, focusFirstError } from '../components/forms.js';
import { JobStatus, isFinished, useJob } from '../components/job.js';
import { ObservationCharts } from '../components/chart.js';
import { NotFound } from './not-found.js';
import { OpenLiveSessions } from './live.js';
import { OutcomeMeasures } from './questionnaire.js';
import { ProgramPanel } from '../components/program.js';
import { ProgressPanel } from '../components/progress.js';
import { RemindersPanel } from '../components/reminders.js';
import { AppointmentsPanel } from '../components/appointments.js';
import { RtmPanel } from '../components/rtm.js';
import { NotesPanel } from '../components/notes.js';
import { RecoveryPanel } from '../components/recovery.js';
import { SmartLaunch } from '../components/smart-launch.js';
import { MessagesPanel } from '../components/messages.js';
import { ConsentsPanel, DetailsPanel } from '../components/patient-admin.js';
import { RegistrationPanel } from '../components/registration.js';
import { OwnDetailsPanel } from '../components/own-details.js';
import { Icd10Field } from '../components/icd10-search.js';
import { Tabs } from '../components/tabs.js';
import {
  KIND_NAMES, PATIENT_KIND_NAMES, exerciseName, ROLE_NAMES, TEST_NAMES, formatBytes, formatDate, formatDateTime, formatNumber, patientName, safeApiPath,
} from '../lib/format.js';

const SIDE_NAMES = { left: 'Left', right: 'Right', bilateral: 'Both sides', none: 'No side' };
const SIDE_WORDS = { ...SIDE_NAMES, both: 'Both sides' };
const CLINICAL = ['physiotherapist', 'assistant'];

function SectionError({ error, what }) {
  if (!error) return null;
  if (error.status === 403) return html`<p class="empty">Your role cannot see ${what}.</p>`;
  return html`<${Alert} message=${`Could not load ${what}: ${error.message}`} />`;
}

// ---- Episodes of care ----------------------------------------------------------------------------------

const EPISODE_LABELS = {
  icd10_code: 'ICD-10 code', condition_text: 'Condition', side: 'Side', onset_date: 'Onset date',
  surgery_date: 'Surgery date', referral_source: 'Referred by', goals: 'Goals',
};

function EpisodeForm({ patientId, onSaved }) {
  const blank = { icd10_code: '', condition_text: '', side: 'none', onset_date: '', surgery_date: '', referral_source: '', goals: '' };
  const [v, setV] = useState(blank);
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const set = (k) => (val) => setV((o) => ({ ...o, [k]: val }));
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    if (!v.condition_text.trim()) errs.condition_text = 'Describe the condition.';
    if (!v.icd10_code.trim()) errs.icd10_code = 'Search the ICD-10-CM list and choose a code, for example M17.11.';
    setErrors(errs);
    setFormError(null);
    if (Object.keys(errs).length) return focusFirstError(form.current);
    const body = {};
    for (const [k, val] of Object.entries(v)) if (String(val).trim()) body[k] = String(val).trim();
    setBusy(true);
    try {
      await post(`/api/patients/${encodeURIComponent(patientId)}/episodes`, body);
      setV(blank);
      onSaved('The episode was added.');
    } catch (err) {
      if (err.field && err.field in blank) {
        setErrors({ [err.field]: fieldMessage(EPISODE_LABELS[err.field], err.message) });
        focusFirstError(form.current);
      } else setFormError(`The episode was not saved: ${err.message}`);
    } finally {
      setBusy(false);
    }
  };
  return html`<form ref=${form} onSubmit=${submit} novalidate class="subform">
    <${Alert} message=${formError} />
    <${Field} id="ep-condition" label="Condition" value=${v.condition_text} onValue=${set('condition_text')} error=${errors.condition_text} required />
    <${Icd10Field} id="ep-icd10" label="ICD-10 code" value=${v.icd10_code} onValue=${set('icd10_code')} error=${errors.icd10_code} required
      onChoose=${(it) => setV((o) => ({ ...o, icd10_code: it.code, condition_text: o.condition_text.trim() ? o.condition_text : it.title }))} />
    <${SelectField} id="ep-side" label="Side" value=${v.side} onValue=${set('side')} error=${errors.side}
      options=${Object.entries(SIDE_NAMES).map(([value, label]) => ({ value, label }))} />
    <${Field} id="ep-onset" label="Onset date" type="date" value=${v.onset_date} onValue=${set('onset_date')} error=${errors.onset_date} optional />
    <${Field} id="ep-surgery" label="Surgery date" type="date" value=${v.surgery_date} onValue=${set('surgery_date')} error=${errors.surgery_date} optional />
    <${Field} id="ep-referral" label="Referred by" value=${v.referral_source} onValue=${set('referral_source')} error=${errors.referral_source} optional />
    <${Field} id="ep-goals" label="Goals" value=${v.goals} onValue=${set('goals')} error=${errors.goals} optional />
    <div class="actions"><button type="submit" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Saving…' : 'Add episode'}</button></div>
  </form>`;
}

function Episodes({ patientId, canWrite, isPatient }) {
  const r = useLoad(`/api/patients/${encodeURIComponent(patientId)}/episodes`);
  const [note, setNote] = useState(null);
  const list = Array.isArray(r.data) ? r.data : [];
  // The patient reads what they are treated for, in words; the diagnosis code is the clinic's.
  return html`<section aria-labelledby="episodes-h" class="panel">
    <h2 id="episodes-h">${isPatient ? 'What you are treated for' : 'Episodes of care'}</h2>
    <${SectionError} error=${r.error} what=${isPatient ? 'what you are treated for' : 'episodes of care'} />
    ${r.data && !list.length ? html`<p class="empty">${isPatient ? 'Nothing recorded yet.' : 'No episodes of care yet.'}</p>` : null}
    <ul class="cards">
      ${list.map((e) => html`<li key=${e.id} class="card">
        <strong>${e.condition_text}</strong>${e.icd10_code && !isPatient ? html` <span class="mono">(${e.icd10_code})</span>` : null}
        <span class="meta">${[SIDE_WORDS[e.side] || e.side, e.onset_date && `onset ${formatDate(e.onset_date)}`, e.surgery_date && `surgery ${formatDate(e.surgery_date)}`, e.referral_source && `referred by ${e.referral_source}`].filter(Boolean).join(' · ')}</span>
        ${e.goals ? html`<span class="meta">Goals: ${e.goals}</span>` : null}
      </li>`)}
    </ul>
    <p class="status-line" role="status">${note}</p>
    ${canWrite ? html`<details><summary>Add an episode of care</summary><${EpisodeForm} patientId=${patientId} onSaved=${(m) => { setNote(m); r.reload(); }} /></details>` : null}
  </section>`;
}


// ---- Recordings ----------------------------------------------------------------------------------------

function Summary({ rec, clinician }) {
  const s = rec.summary;
  const report = safeApiPath(rec.report_url);
  // Clinicians also get the clinician's report of an analysed exercise (measures, repetitions, settings).
  const clinicianReport = clinician && s && rec.exercise_id ? `/api/recordings/${encodeURIComponent(rec.id)}/clinician-report` : null;
  if (!s && !report) return null;
  const items = [];
  if (s && typeof s.repetitions === 'number') {
    items.push(['Repetitions', `${s.repetitions}${typeof s.partial === 'number' && s.partial > 0 ? ` (and ${s.partial} partial)` : ''}`, 'repetitions']);
  }
  if (s && typeof s.score === 'number') items.push(['Score', `${formatNumber(s.score, 1)} out of 100`, 'score']);
  if (s && typeof s.mean_rom_deg === 'number') items.push(['Mean range of motion', `${formatNumber(s.mean_rom_deg, 1)}°`, 'rom']);
  // Gait from a video.
  if (s && typeof s.cadence_steps_per_min === 'number') items.push(['Cadence', `${formatNumber(s.cadence_steps_per_min, 1)} steps/min`, 'cadence']);
  if (s && typeof s.speed_mps === 'number') items.push(['Walking speed', `${formatNumber(s.speed_mps, 2)} m/s`, 'speed']);
  for (const side of ['left', 'right']) {
    const g = s && s[`gait_${side}`];
    if (!g) continue;
    const Side = side === 'left' ? 'Left' : 'Right';
    if (typeof g.stride_time_s === 'number') items.push([`${Side} stride time`, `${formatNumber(g.stride_time_s, 2)} s`, `stride-${side}`]);
    if (typeof g.stance_pct === 'number') items.push([`${Side} stance`, `${formatNumber(g.stance_pct, 0)} % of the stride`, `stance-${side}`]);
    if (typeof g.step_length_m === 'number') items.push([`${Side} step length`, `${formatNumber(g.step_length_m, 2)} m`, `step-length-${side}`]);
  }
  if (s && typeof s.step_time_asymmetry_pct === 'number') items.push(['Step-time asymmetry', `${formatNumber(s.step_time_asymmetry_pct, 1)} %`, 'asymmetry']);
  // Movements the engine did not count, each with why (a recording ending mid-repetition, a jump...).
  const notCounted = (s && Array.isArray(s.not_counted) ? s.not_counted : []).filter((r) => r && typeof r.reason === 'string');
  return html`<div class="summary">
    ${items.length ? html`<dl class="facts inline">${items.map(([k, v, cls]) => html`<div class=${`fact-${cls}`}><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>` : null}
    ${s && typeof s.scale === 'string' ? html`<p class="meta gait-scale">${s.scale.charAt(0).toUpperCase() + s.scale.slice(1)}.</p>` : null}
    ${notCounted.length
      ? html`<div class="warnings" data-testid="not-counted-reps"><p class="warnings-title">Not counted:</p>
          <ul>${notCounted.map((r) => html`<li>${typeof r.start_s === 'number' && typeof r.end_s === 'number' ? `the movement at ${formatNumber(r.start_s, 1)}-${formatNumber(r.end_s, 1)} s: ` : ''}${r.reason}</li>`)}</ul></div>`
      : null}
    ${s && Array.isArray(s.warnings) && s.warnings.length
      ? html`<div class="warnings"><p class="warnings-title">Notes from the analysis:</p>
          <ul>${s.warnings.filter((w) => typeof w === 'string').map((w) => html`<li>${w}</li>`)}</ul></div>`
      : null}
    ${report || clinicianReport ? html`<p class="report-links">
      ${report ? html`<a href=${report} class="report-link">${clinician ? 'Patient report' : 'Open your report'}<span class="visually-hidden"> for ${clinician ? rec.original_name || 'this recording' : 'this recording'}</span></a>` : null}
      ${clinicianReport ? html`<a href=${clinicianReport} class="report-link">Clinician report<span class="visually-hidden"> for ${rec.original_name || 'this recording'}</span></a>` : null}
    </p>` : null}
  </div>`;
}

/**
 * What staff who upload may do with a recording: try a failed analysis again, or delete a wrong file (a
 * recording a live set or a note refers to is kept: the server says why).
 */
function RecordingActions({ rec, job, label, onChanged }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const act = async (fn) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      onChanged();
    } catch (err) {
      setError(err.message);
      setBusy(false);
    }
  };
  const running = job && (job.state === 'queued' || job.state === 'running');
  if (running) return null;
  return html`<div class="recording-actions">
    <${Alert} message=${error} />
    ${confirming
      ? html`<p>Delete ${label} with its analysis and measures? This cannot be undone.</p>
          <div class="actions">
            <button type="button" class="danger" aria-disabled=${busy ? 'true' : undefined} onClick=${() => act(() => del(`/api/recordings/${encodeURIComponent(rec.id)}`))}>Delete the recording</button>
            <button type="button" onClick=${() => setConfirming(false)}>Keep it</button>
          </div>`
      : html`<div class="actions">
          ${job && job.state === 'failed' ? html`<button type="button" aria-disabled=${busy ? 'true' : undefined} onClick=${() => act(() => post(`/api/recordings/${encodeURIComponent(rec.id)}/retry`))}>Try the analysis again</button>` : null}
          <button type="button" onClick=${() => setConfirming(true)}>Delete…</button>
        </div>`}
  </div>`;
}

function RecordingItem({ rec, exercises, onFinished, canUpload, onChanged }) {
  const { job, pollError } = useJob(rec.job, onFinished);
  // An exercise by its name, never its id: one no longer in the library is "an exercise".
  const what = rec.exercise_id ? exerciseName(exercises, rec.exercise_id) : rec.test ? (TEST_NAMES[rec.test] || rec.test) : '';
  // Staff read the file it came from; the patient what they did and when, never a file's name or kind.
  const label = canUpload ? rec.original_name || `Recording ${rec.id}` : `${what || 'Recording'}, ${formatDateTime(rec.created)}`;
  const meta = canUpload
    ? [KIND_NAMES[rec.kind] || rec.kind, what, formatBytes(rec.size_bytes), formatDateTime(rec.created)]
    : [PATIENT_KIND_NAMES[rec.kind] || 'Recording'];
  return html`<li class="card recording" data-recording-id=${rec.id}>
    <h3 class="card-title">${label}</h3>
    <span class="meta">${meta.filter(Boolean).join(' · ')}</span>
    <${JobStatus} job=${job} pollError=${pollError} label=${label} />
    ${job && job.state === 'done' ? html`<${Summary} rec=${rec} clinician=${canUpload} />` : null}
    ${canUpload ? html`<${RecordingActions} rec=${rec} job=${job} label=${label} onChanged=${onChanged} />` : null}
  </li>`;
}

// The newest recordings shown; older ones folded, so the tab stays short on a phone.
const RECENT_RECORDINGS = 2;

function Recordings({ patientId, canUpload, onAnalysed }) {
  const r = useLoad(`/api/patients/${encodeURIComponent(patientId)}/recordings`);
  const ex = useLoad('/api/exercises');
  const exercises = {};
  for (const e of Array.isArray(ex.data) ? ex.data : []) exercises[e.id] = e.name;
  // The recordings are listed once the exercises' names are in (or failed to come): before, a title fell
  // back to the exercise's id ("deep_squat") whenever the recordings answered first.
  const named = !!(ex.data || ex.error);
  const list = (named && Array.isArray(r.data) ? r.data : []).slice().sort((a, b) => String(b.created).localeCompare(String(a.created)));
  const finished = () => {
    r.reload();
    onAnalysed();
  };
  const item = (rec) => html`<${RecordingItem} key=${`${rec.id}-${rec.job ? `${rec.job.id}-${rec.job.state}` : ''}-${rec.summary ? 's' : ''}`} rec=${rec} exercises=${exercises}
    canUpload=${canUpload} onChanged=${finished} onFinished=${(j) => { if (isFinished(j)) finished(); }} />`;
  return html`<section aria-labelledby="recordings-h" class="panel" id="recordings">
    <div class="page-head">
      <h2 id="recordings-h">Recordings</h2>
      ${canUpload ? html`<${Link} href=${`/patients/${encodeURIComponent(patientId)}/upload`} class="button">Upload a recording<//>` : null}
    </div>
    <${SectionError} error=${r.error} what="recordings" />
    ${r.data && named && !list.length ? html`<p class="empty">No recordings yet.</p>` : null}
    <ul class="cards recordings">
      ${list.slice(0, RECENT_RECORDINGS).map(item)}
    </ul>
    ${list.length > RECENT_RECORDINGS
      ? html`<details class="older-recordings"><summary>${list.length - RECENT_RECORDINGS} older ${list.length - RECENT_RECORDINGS === 1 ? 'recording' : 'recordings'}</summary>
          <ul class="cards recordings">${list.slice(RECENT_RECORDINGS).map(item)}</ul>
        </details>`
      : null}
  </section>`;
}

// ---- Measurements and audit ----------------------------------------------------------------------------

function Measurements({ patientId, timeZone, version }) {
  const r = useLoad(`/api/patients/${encodeURIComponent(patientId)}/observations`, version);
  return html`<section aria-labelledby="measures-h" class="panel">
    <h2 id="measures-h">Measurements over time</h2>
    <${SectionError} error=${r.error} what="measurements" />
    ${Array.isArray(r.data) ? html`<${ObservationCharts} observations=${r.data} timeZone=${timeZone} shown=${1} />` : null}
  </section>`;
}

const AUDIT_COLUMNS = ['When', 'Who', 'Role', 'What', 'Outcome'];
const OUTCOMES = { success: 'Done', failure: 'Failed', denied: 'Refused' };

/** Entries in a row by the same person doing the same thing in the same minute become one, with a count. */
function groupAudit(list) {
  const out = [];
  for (const a of list) {
    const when = formatDateTime(a.time);
    const last = out[out.length - 1];
    if (last && last.when === when && last.actor === a.actor && last.role === a.role && last.action === a.action && last.outcome === a.outcome) last.count++;
    else out.push({ when, actor: a.actor, role: a.role, action: a.action, outcome: a.outcome, count: 1 });
  }
  return out;
}

function auditWhat(g) {
  const words = auditWords(g.action);
  return g.count > 1 ? `${words} (${g.count} times)` : words;
}

function Audit({ patientId, version }) {
  const base = `/api/patients/${encodeURIComponent(patientId)}/audit`;
  const r = useLoad(base, version);
  // A plain list, or one page of it ({items, next_cursor}) with older entries behind "Show older entries".
  const [more, setMore] = useState({ items: [], next: undefined, error: null, loading: false });
  useEffect(() => setMore({ items: [], next: undefined, error: null, loading: false }), [r.data]);
  const first = Array.isArray(r.data) ? r.data : r.data && Array.isArray(r.data.items) ? r.data.items : [];
  const next = more.next !== undefined ? more.next : r.data && !Array.isArray(r.data) ? r.data.next_cursor || null : null;
  const list = [...first, ...more.items].sort((a, b) => String(b.time).localeCompare(String(a.time)));
  const loadMore = async () => {
    if (!next || more.loading) return;
    setMore((m) => ({ ...m, loading: true, error: null }));
    try {
      const page = await get(`${base}${query({ cursor: next })}`);
      const items = Array.isArray(page) ? page : (page && page.items) || [];
      setMore((m) => ({ items: [...m.items, ...items], next: (page && !Array.isArray(page) && page.next_cursor) || null, error: null, loading: false }));
    } catch (e) {
      setMore((m) => ({ ...m, loading: false, error: e.message }));
    }
  };
  return html`<section aria-labelledby="audit-h" class="panel">
    <h2 id="audit-h">Who opened this record</h2>
    <${SectionError} error=${r.error} what="the record's access log" />
    ${r.data && !list.length ? html`<p class="empty">No entries.</p>` : null}
    ${list.length
      ? html`<details class="audit-fold"><summary>Show who opened or changed it (${list.length}${next ? '+' : ''} ${list.length === 1 ? 'entry' : 'entries'})</summary>
        <div class="table-wrap" role="region" aria-labelledby="audit-h" tabindex="0">
          <table class="audit stack" role="table" aria-labelledby="audit-h">
            <thead role="rowgroup"><tr role="row">${AUDIT_COLUMNS.map((c) => html`<th scope="col" role="columnheader">${c}</th>`)}</tr></thead>
            <tbody role="rowgroup">${groupAudit(list).map((g, i) => html`<tr key=${i} role="row">
              ${[g.when, String(g.actor || '').startsWith('system:') ? 'Automatic (the clinic’s system)' : g.actor, ROLE_NAMES[g.role] || g.role, auditWhat(g), OUTCOMES[g.outcome] || g.outcome].map((v, k) => html`<td role="cell" data-label=${AUDIT_COLUMNS[k]}>${v}</td>`)}
            </tr>`)}</tbody>
          </table>
        </div>
        <${Alert} message=${more.error ? `Could not load older entries: ${more.error}` : null} />
        ${next ? html`<div class="actions"><button type="button" onClick=${loadMore} aria-disabled=${more.loading ? 'true' : undefined}>${more.loading ? 'Loading…' : 'Show older entries'}</button></div>` : null}
        </details>`
      : null}
  </section>`;
}

function useExerciseNames() {
  const ex = useLoad('/api/exercises');
  const names = {};
  for (const e of Array.isArray(ex.data) ? ex.data : []) names[e.id] = e.name;
  return names;
}

function PatientFlags({ patientId, user, onDecided }) {
  const r = useLoad(`/api/patients/${encodeURIComponent(patientId)}/flags?status=all`);
  if (r.data && !r.data.items.length && !r.data.silent) return null;
  return html`<section aria-labelledby="flags-h" class="panel">
    <h2 id="flags-h">Risk flags</h2>
    <${Alert} message=${r.error ? `Could not load the risk flags: ${r.error.message}` : null} />
    ${r.data ? html`<${FlagList} data=${r.data} showPatient=${false} canDecide=${(f) => mayDecide(user, f)} onDecided=${() => { r.reload(); onDecided && onDecided(); }} />` : null}
  </section>`;
}

/** What the front desk and an administrator see first: who the patient is and how to reach them. */
function SummaryCard({ p }) {
  const items = [['Birth date', p.birth_date ? formatDate(p.birth_date) : ''], ['MRN', p.mrn], ['E-mail', p.email], ['Phone', p.phone]].filter(([, v]) => v);
  return html`<section aria-labelledby="summary-h" class="panel">
    <h2 id="summary-h">At a glance</h2>
    ${items.length ? html`<dl class="facts inline">${items.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>` : html`<p class="empty">No details yet.</p>`}
    <p>Appointments, details and consents are in their tabs.</p>
  </section>`;
}

export function PatientPage({ id, user, flash }) {
  const r = useLoad(`/api/patients/${encodeURIComponent(id)}`);
  const [version, setVersion] = useState(0);
  const p = r.data;
  useEffect(() => {
    if (p) document.title = `${patientName(p)} · physiokit`;
  }, [p]);
  if (r.error && (r.error.status === 404 || r.error.status === 403)) return html`<${NotFound} what="patient" />`;
  const role = user && user.role;
  const clinical = CLINICAL.includes(role) || role === 'patient';  // may read recordings and measurements
  // The server's role table: physiotherapists and assistants upload; patients do not (yet).
  const canUpload = role === 'physiotherapist' || role === 'assistant';
  const canBook = role === 'physiotherapist' || role === 'front_desk';
  // Details and consents are changed by the physiotherapist and the front desk (clinic::role_allows).
  const canEditDetails = role === 'physiotherapist' || role === 'front_desk';
  // A patient exercises live themself; physiotherapists and assistants watch (and may start one in the clinic).
  const canExercise = role === 'patient';
  const canWatch = CLINICAL.includes(role);
  const names = useExerciseNames();
  const bump = () => setVersion((x) => x + 1);
  // The record in tabs (docs/server/patient-admin.md, "The patient page"): each tab's panels newest first;
  // a tab is offered only when the role may see something in it.
  const tabs = !p ? [] : [
    {
      key: 'overview', label: 'Overview', render: () => html`
        ${canExercise
          ? html`<section aria-labelledby="exercise-h" class="panel">
              <h2 id="exercise-h">Exercise</h2>
              <p>Your exercises for today, or practise any exercise in front of your camera with the count and form cues as you go. The picture stays on your device.</p>
              <div class="actions"><${Link} href="/today" class="button primary">Today's exercises<//> <${Link} href=${`/patients/${encodeURIComponent(id)}/live`} class="button">Practise with the camera<//></div>
            </section>`
          : null}
        ${['physiotherapist', 'assistant', 'front_desk'].includes(role) ? html`<${PatientFlags} patientId=${id} user=${user} onDecided=${bump} />` : null}
        ${canWatch ? html`<${OpenLiveSessions} patientId=${id} exercises=${names} />` : null}
        ${['physiotherapist', 'assistant'].includes(role) ? html`<${RecoveryPanel} patientId=${id} />` : null}
        ${['physiotherapist', 'assistant'].includes(role) ? html`<${SmartLaunch} patientId=${id} />` : null}
        ${clinical ? html`<${Episodes} patientId=${id} canWrite=${role === 'physiotherapist'} isPatient=${role === 'patient'} />` : null}
        ${!clinical ? html`<${SummaryCard} p=${p} />` : null}`,
    },
    clinical && {
      key: 'program', label: role === 'patient' ? 'My program' : 'Program', render: () => html`
        <${ProgramPanel} patientId=${id} role=${role} names=${names} />
        <${RemindersPanel} patientId=${id} />`,
    },
    {
      key: 'sessions', label: 'Sessions & measures', render: () => html`
        ${clinical ? html`<${ProgressPanel} patientId=${id} timeZone=${p.time_zone} names=${names} />` : null}
        <${OutcomeMeasures} patientId=${id} role=${role} />`,
    },
    clinical && {
      key: 'recordings', label: 'Recordings', render: () => html`
        <${Recordings} patientId=${id} canUpload=${canUpload} onAnalysed=${bump} />
        <${Measurements} patientId=${id} timeZone=${p.time_zone} version=${version} />`,
    },
    clinical && { key: 'notes', label: 'Notes', render: () => html`<${NotesPanel} patientId=${id} canWrite=${role === 'physiotherapist'} />` },
    {
      key: 'appointments', label: 'Appointments', render: () => html`
        <${AppointmentsPanel} patientId=${id} timeZone=${p.time_zone} canWrite=${canBook} isPatient=${role === 'patient'} role=${role} />`,
    },
    (role === 'physiotherapist' || role === 'patient') && {
      key: 'messages', label: 'Messages', render: () => html`<${MessagesPanel} patientId=${id} isPatient=${role === 'patient'} timeZone=${p.time_zone} />`,
    },
    {
      key: 'administration', label: role === 'patient' ? 'My details' : 'Administration', render: () => html`
        <${DetailsPanel} p=${p} canEdit=${canEditDetails} onChanged=${r.reload}>
          ${['physiotherapist', 'admin', 'patient'].includes(role)
            ? html`<div class="actions"><a class="button" href=${`/api/patients/${encodeURIComponent(id)}/export`} download>${role === 'patient' ? 'Export my record' : 'Export the record'}</a></div>`
            : null}
        <//>
        ${role === 'patient'
          ? html`<${OwnDetailsPanel} p=${p} onChanged=${r.reload} />`
          : html`<${RegistrationPanel} patientId=${id} canEdit=${canEditDetails} />`}
        ${role !== 'admin' ? html`<${ConsentsPanel} patientId=${id} canWrite=${canEditDetails} timeZone=${p.time_zone} isPatient=${role === 'patient'} />` : null}
        ${CLINICAL.includes(role) ? html`<${RtmPanel} patientId=${id} canRecord=${true} />` : null}`,
    },
    ['physiotherapist', 'admin', 'patient'].includes(role) && {
      key: 'access', label: 'Access log', render: () => html`<${Audit} patientId=${id} version=${version} />`,
    },
  ].filter(Boolean);
  return html`<section class="patient">
    <h1 tabindex="-1">${p ? patientName(p) : r.error ? 'Patient' : 'Loading patient…'}</h1>
    ${flash ? html`<${Alert} kind="success" message=${flash} />` : null}
    <${Alert} message=${r.error ? `Could not load the patient: ${r.error.message}` : null} />
    ${p && p.restriction
      ? html`<div class="warnings" role="status"><p class="warnings-title">Processing restricted</p><p>${p.restriction.banner}. The record can be read; new recordings, sessions, questionnaire links, reminders and remote monitoring time are paused.</p></div>`
      : null}
    ${p ? html`<${Tabs} label=${role === 'patient' ? 'Your record' : "The patient's record"} idPrefix="patient-tab" tabs=${tabs} />` : null}
  </section>`;
}
