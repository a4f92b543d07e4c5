// The physiotherapist builds a home exercise program from the exercise library (search, and filters by body
// region, position and equipment) with a dosage per exercise, or changes the active one (a new version with
// the reason). The server checks everything again and names the exercise and field of any problem.
import { html, useState } from '../lib/html.js';
import { post } from '../lib/api.js';
import { ExerciseFigure } from './exercise-figure.js';
import { useLoad } from '../lib/use-load.js';
import { Alert, Field, SelectField, RadioGroup } from './forms.js';

const REGIONS = [['lower_limb', 'Lower limb'], ['upper_limb', 'Upper limb'], ['trunk', 'Trunk']];
const EQUIPMENT = [['none', 'No equipment'], ['chair', 'Chair'], ['wall', 'Wall'], ['step', 'Step'], ['band', 'Band'], ['weight', 'Weight'], ['mat', 'Mat']];
const LOAD_KINDS = [['none', 'No load'], ['kg', 'Weight (kg)'], ['band', 'Band'], ['rpe', 'Target effort (RPE 0-10)'], ['rir', 'Repetitions in reserve']];
const BANDS = ['tan', 'yellow', 'red', 'green', 'blue', 'black', 'silver', 'gold'];
const words = (list) => Object.fromEntries(list);

/** A prescription as form fields (strings), from the program's JSON or a library exercise. */
function rowOf(rx, ex) {
  const d = (rx && rx.dosage) || {};
  const dd = (!rx && ex && ex.default_dosage) || {};
  const load = d.load || { kind: 'none' };
  return {
    exercise_id: rx ? rx.exercise_id : ex.id,
    side: rx ? rx.side || 'both' : ex && ex.laterality === 'unilateral' ? '' : 'both',
    // A new prescription starts from the exercise's default dose (a hold: 3 holds of 30 s; repetitions: 3 sets of 10).
    sets: String(d.sets ?? dd.sets ?? 3), reps: String(d.reps ?? dd.reps ?? 10), hold_s: String(d.hold_s ?? dd.hold_s ?? (ex && ex.kind === 'hold' ? ex.hold_s || 30 : 0)),
    rest_s: String(d.rest_s ?? dd.rest_s ?? 60), times_per_day: String(d.times_per_day ?? 1), days_per_week: String(d.days_per_week ?? 7),
    load_kind: load.kind || 'none', load_value: String(load.kg ?? load.band ?? load.rpe ?? load.rir ?? ''),
    start_date: (rx && rx.start_date) || '', end_date: (rx && rx.end_date) || '',
    target_rom_deg: rx && rx.target_rom_deg != null ? String(rx.target_rom_deg) : '', notes: (rx && rx.notes) || '',
  };
}

function prescriptionOf(r) {
  const n = (v) => (String(v).trim() === '' ? NaN : Number(v));
  const dosage = { sets: n(r.sets), reps: n(r.reps), hold_s: n(r.hold_s), rest_s: n(r.rest_s), times_per_day: n(r.times_per_day), days_per_week: n(r.days_per_week) };
  if (r.load_kind !== 'none') dosage.load = { kind: r.load_kind, [r.load_kind]: r.load_kind === 'band' ? r.load_value : n(r.load_value) };
  const rx = { exercise_id: r.exercise_id, side: r.side || 'both', dosage };
  if (r.start_date) rx.start_date = r.start_date;
  if (r.end_date) rx.end_date = r.end_date;
  if (String(r.target_rom_deg).trim() !== '') rx.target_rom_deg = n(r.target_rom_deg);
  if (r.notes.trim()) rx.notes = r.notes.trim();
  return rx;
}

/** The same ranges the server holds (rehab::validate_dosage), checked here first so errors sit by their field. */
function rowErrors(r, ex) {
  const e = {};
  const whole = (k, label, lo, hi) => {
    const v = Number(r[k]);
    if (String(r[k]).trim() === '' || !Number.isInteger(v) || v < lo || v > hi) e[k] = `${label}: a whole number ${lo}-${hi}.`;
  };
  const secs = (k, label, hi) => {
    const v = Number(r[k]);
    if (String(r[k]).trim() === '' || !Number.isFinite(v) || v < 0 || v > hi) e[k] = `${label}: 0-${hi} seconds.`;
  };
  whole('sets', 'Sets', 1, 10);
  whole('reps', 'Repetitions', 1, 100);
  secs('hold_s', 'Hold', 600);
  secs('rest_s', 'Rest', 900);
  whole('times_per_day', 'Times a day', 1, 6);
  whole('days_per_week', 'Days a week', 1, 7);
  if (ex && ex.laterality === 'unilateral' && !['left', 'right', 'both'].includes(r.side)) e.side = 'Choose the side.';
  if (r.load_kind !== 'none' && String(r.load_value).trim() === '') e.load_value = 'Give the load.';
  if (r.start_date && r.end_date && r.end_date < r.start_date) e.end_date = 'The end date is before the start date.';
  if (String(r.target_rom_deg).trim() !== '' && !(Number(r.target_rom_deg) > 0 && Number(r.target_rom_deg) <= 180)) e.target_rom_deg = 'Target range: 1-180 degrees.';
  return e;
}

function PrescriptionRow({ r, i, ex, errors, onChange, onRemove }) {
  const id = (k) => `rx-${i}-${k}`;
  const set = (k) => (v) => onChange({ ...r, [k]: v });
  const num = (k, label, extra = {}) => html`<${Field} id=${id(k)} label=${label} type="number" inputmode="decimal" value=${r[k]} onValue=${set(k)} error=${errors[k]} ...${extra} />`;
  const name = ex ? ex.name : r.exercise_id;
  return html`<li class="card prescription" aria-labelledby=${id('h')}>
    <h4 class="card-title" id=${id('h')}>${i + 1}. ${name}</h4>
    <${ExerciseFigure} exercise=${ex} side=${r.side} compact />
    ${ex && ex.laterality === 'unilateral'
      ? html`<${RadioGroup} name=${id('side')} legend="Side" value=${r.side} onValue=${set('side')} inline error=${errors.side}
          options=${[{ value: 'left', label: 'Left' }, { value: 'right', label: 'Right' }, { value: 'both', label: 'Both' }]} />`
      : null}
    <div class="field-row">
      ${num('sets', 'Sets', { min: 1, max: 10, step: 1 })}
      ${num('reps', ex && ex.kind === 'hold' ? 'Holds per set' : 'Repetitions per set', { min: 1, max: 100, step: 1 })}
      ${num('hold_s', 'Hold (s)', { min: 0, max: 600 })}
      ${num('rest_s', 'Rest between sets (s)', { min: 0, max: 900 })}
      ${num('times_per_day', 'Times a day', { min: 1, max: 6, step: 1 })}
      ${num('days_per_week', 'Days a week', { min: 1, max: 7, step: 1 })}
    </div>
    <div class="field-row">
      <${SelectField} id=${id('load_kind')} label="Load" value=${r.load_kind} onValue=${(v) => onChange({ ...r, load_kind: v, load_value: '' })}
        options=${LOAD_KINDS.map(([value, label]) => ({ value, label }))} />
      ${r.load_kind === 'band'
        ? html`<${SelectField} id=${id('load_value')} label="Band colour" value=${r.load_value} onValue=${set('load_value')} error=${errors.load_value} placeholder="Choose…"
            options=${BANDS.map((b) => ({ value: b, label: b }))} />`
        : r.load_kind !== 'none' ? num('load_value', words(LOAD_KINDS)[r.load_kind], { min: 0 }) : null}
      ${num('target_rom_deg', 'Target range (°)', { min: 1, max: 180, optional: true })}
      <${Field} id=${id('start_date')} label="Start" type="date" value=${r.start_date} onValue=${set('start_date')} optional error=${errors.start_date} />
      <${Field} id=${id('end_date')} label="End" type="date" value=${r.end_date} onValue=${set('end_date')} optional error=${errors.end_date} />
    </div>
    <${Field} id=${id('notes')} label="Notes for the patient" value=${r.notes} onValue=${set('notes')} optional maxlength="500" />
    <div class="actions"><button type="button" onClick=${onRemove}>Remove<span class="visually-hidden"> ${name}</span></button></div>
  </li>`;
}

function Library({ list, chosen, onAdd }) {
  const [q, setQ] = useState('');
  const [region, setRegion] = useState('');
  const [position, setPosition] = useState('');
  const [equipment, setEquipment] = useState('');
  const needle = q.trim().toLowerCase();
  // The starting positions in words, from the server's one mapping (exercise::position_words).
  const positions = [...new Map(list.map((e) => [e.position, e.position_words || e.position])).entries()];
  const shown = list.filter((e) => (!needle || `${e.name} ${e.description || ''}`.toLowerCase().includes(needle))
    && (!region || e.body_region === region) && (!position || e.position === position)
    && (!equipment || (equipment === 'none' ? !(e.equipment || []).length : (e.equipment || []).includes(equipment))));
  return html`<section aria-labelledby="library-h" class="library">
    <h3 id="library-h">Exercise library</h3>
    <div class="field-row">
      <${Field} id="library-search" label="Search" type="search" value=${q} onValue=${setQ} />
      <${SelectField} id="library-region" label="Body region" value=${region} onValue=${setRegion} placeholder="Any" options=${REGIONS.map(([value, label]) => ({ value, label }))} />
      <${SelectField} id="library-position" label="Position" value=${position} onValue=${setPosition} placeholder="Any" options=${positions.map(([value, label]) => ({ value, label }))} />
      <${SelectField} id="library-equipment" label="Equipment" value=${equipment} onValue=${setEquipment} placeholder="Any" options=${EQUIPMENT.map(([value, label]) => ({ value, label }))} />
    </div>
    <p class="hint" role="status">${shown.length} of ${list.length} exercises</p>
    <ul class="plain library-list">${shown.map((e) => html`<li key=${e.id}>
      <strong>${e.name}</strong>${e.clinic ? html` <span class="badge badge-watch">Your clinic's</span>` : null} <span class="muted">${e.body_region ? `· ${words(REGIONS)[e.body_region] || e.body_region} ` : ''}· ${e.position_words || e.position}${(e.equipment || []).length ? ` · ${e.equipment.map((x) => words(EQUIPMENT)[x] || x).join(', ')}` : ''}</span>
      <button type="button" class="link-button" onClick=${() => onAdd(e)} disabled=${chosen.has(e.id)}>${chosen.has(e.id) ? 'Added' : 'Add'}<span class="visually-hidden"> ${e.name}</span></button>
    </li>`)}</ul>
  </section>`;
}

/** `program`: the active program to change (a new version), or null for a new one. */
export function ProgramBuilder({ patientId, program, onDone, onCancel }) {
  const exercises = useLoad('/api/exercises');
  const all = Array.isArray(exercises.data) ? exercises.data : [];
  // A retired clinic exercise is not prescribed again; it stays readable in the rows that already have it.
  const list = all.filter((e) => !e.retired);
  const byId = Object.fromEntries(all.map((e) => [e.id, e]));
  const [title, setTitle] = useState(program ? program.title : '');
  const [reason, setReason] = useState('');
  const [rows, setRows] = useState(() => (program ? program.prescriptions.map((rx) => rowOf(rx, null)) : []));
  const [errors, setErrors] = useState({ rows: [] });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    const rowErrs = rows.map((r) => rowErrors(r, byId[r.exercise_id]));
    const errs = { rows: rowErrs };
    if (!title.trim()) errs.title = 'Give the program a title.';
    if (program && !reason.trim()) errs.reason = 'Say why the program changes (kept in its history).';
    if (!rows.length) errs.rows_empty = 'Add at least one exercise from the library.';
    setErrors(errs);
    const first = errs.title ? 'program-title' : errs.reason ? 'program-change-reason' : (() => {
      const i = rowErrs.findIndex((x) => Object.keys(x).length);
      return i >= 0 ? `rx-${i}-${Object.keys(rowErrs[i])[0] === 'side' ? 'side-left' : Object.keys(rowErrs[i])[0]}` : errs.rows_empty ? 'library-search' : null;
    })();
    if (first) {
      window.requestAnimationFrame(() => document.getElementById(first)?.focus());
      return;
    }
    setBusy(true);
    setError(null);
    const prescriptions = rows.map(prescriptionOf);
    try {
      if (program) await post(`/api/programs/${encodeURIComponent(program.id)}/versions`, { version: program.version, reason: reason.trim(), title: title.trim(), prescriptions });
      else await post(`/api/patients/${encodeURIComponent(patientId)}/programs`, { title: title.trim(), prescriptions, reason: reason.trim() || undefined });
      onDone();
    } catch (err) {
      // "/prescriptions/1/dosage/reps" -> that row's field.
      const m = /prescriptions\D*(\d+)(?:.*[./])?([a-z_]+)$/.exec((err.body && err.body.field) || '');
      if (m && rows[Number(m[1])]) {
        const k = m[2] === 'kg' || m[2] === 'band' || m[2] === 'rpe' || m[2] === 'rir' ? 'load_value' : m[2];
        const rowErrs2 = rows.map(() => ({}));
        rowErrs2[Number(m[1])] = { [k]: err.message };
        setErrors({ rows: rowErrs2 });
      }
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  const chosen = new Set(rows.map((r) => r.exercise_id));
  return html`<form onSubmit=${submit} novalidate aria-label=${program ? 'Change the program' : 'Build a program'} class="program-builder">
    <${Alert} message=${error} />
    <${Alert} message=${exercises.error ? `The exercise library could not be loaded: ${exercises.error.message}` : null} />
    <${Field} id="program-title" label="Title" value=${title} onValue=${setTitle} error=${errors.title} required maxlength="200" />
    <${Library} list=${list} chosen=${chosen} onAdd=${(ex) => setRows((rs) => [...rs, rowOf(null, ex)])} />
    <h3>Prescribed (${rows.length})</h3>
    ${errors.rows_empty ? html`<p class="field-error">${errors.rows_empty}</p>` : null}
    <ol class="cards plain">${rows.map((r, i) => html`<${PrescriptionRow} key=${r.exercise_id} r=${r} i=${i} ex=${byId[r.exercise_id]} errors=${errors.rows[i] || {}}
      onChange=${(next) => setRows((rs) => rs.map((x, k) => (k === i ? next : x)))} onRemove=${() => setRows((rs) => rs.filter((_, k) => k !== i))} />`)}</ol>
    <${Field} id="program-change-reason" label=${program ? 'Why it changes (kept in the history)' : 'Why (kept in the history)'} value=${reason} onValue=${setReason}
      error=${errors.reason} required=${!!program} optional=${!program} maxlength="500" />
    <div class="actions">
      <button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Saving…' : program ? `Save as version ${program.version + 1}` : 'Prescribe this program'}</button>
      <button type="button" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}
