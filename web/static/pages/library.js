// The exercise library for the clinic's clinicians (docs/metrics/figures.md, docs/server/exercise-videos.md):
// every exercise with its figure and the clinic's own demonstration video, which a physiotherapist uploads,
// replaces or deletes. Patients see the same figure and video under "How to do it". The clinic's own
// exercises (docs/server/clinic-exercises.md) are listed beside the library's, marked as the clinic's;
// physiotherapists and administrators create, edit and retire them here.
import { html, useState } from '../lib/html.js';
import { del, uploadRaw, post, put } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Alert, Field, SelectField, RadioGroup, fieldMessage } from '../components/forms.js';
import { ExerciseFigure, ExerciseVideo } from '../components/exercise-figure.js';

const FIELD_LABELS = { name: 'Name', steps: 'Steps', position: 'Starting position', kind: 'Kind', sets: 'Sets', reps: 'Repetitions', hold_s: 'Hold', cautions: 'Cautions', measured_like: 'Measured like' };

/** The form of a clinic exercise: new (`exercise` null) or an edit. */
function ClinicExerciseForm({ exercise, choices, onSaved, onCancel }) {
  const ex = exercise || {};
  const d = ex.default_dosage || {};
  const [f, setF] = useState({
    name: ex.name || '', steps: (ex.steps || []).join('\n'), position: ex.position || '', kind: ex.kind || 'repetitions',
    sets: String(d.sets ?? 3), reps: String(d.reps ?? 10), hold_s: String(ex.kind === 'hold' ? d.hold_s ?? 30 : 30),
    cautions: ex.cautions || '', measured_like: ex.measured_like || '',
  });
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  // A field's error goes once the field is changed.
  const set = (k) => (v) => { setF({ ...f, [k]: v }); if (errors[k]) setErrors({ ...errors, [k]: undefined }); };
  // A hold starts as 3 holds of 30 s in one set; repetitions as 3 sets of 10.
  const setKind = (kind) => setF({ ...f, kind, measured_like: '', sets: kind === 'hold' ? '1' : '3', reps: kind === 'hold' ? '3' : '10', hold_s: '30' });
  const measured = (choices.measured_like || []).filter((m) => m.kind === f.kind);
  const chosen = measured.find((m) => m.id === f.measured_like);
  const holds = f.kind === 'hold';
  const dose = holds
    ? `${Number(f.sets) > 1 ? `${f.sets} sets of ` : ''}${f.reps} ${f.reps === '1' ? 'hold' : 'holds'} of ${f.hold_s} s`
    : `${f.sets} ${f.sets === '1' ? 'set' : 'sets'} of ${f.reps}`;
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    const steps = f.steps.split('\n').map((x) => x.trim()).filter(Boolean);
    const errs = {};
    if (!f.name.trim()) errs.name = 'Give the exercise a name.';
    if (!steps.length) errs.steps = 'Write at least one step.';
    if (!f.position) errs.position = 'Choose the starting position.';
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const body = { name: f.name.trim(), steps, position: f.position, kind: f.kind, sets: Number(f.sets), reps: Number(f.reps) };
    if (holds) body.hold_s = Number(f.hold_s);
    if (f.cautions.trim()) body.cautions = f.cautions.trim();
    if (f.measured_like) body.measured_like = f.measured_like;
    setBusy(true);
    try {
      const saved = exercise ? await put(`/api/clinic-exercises/${encodeURIComponent(exercise.id)}`, body) : await post('/api/clinic-exercises', body);
      onSaved(saved);
    } catch (err) {
      if (err.field && FIELD_LABELS[err.field]) setErrors({ [err.field]: fieldMessage(FIELD_LABELS[err.field], err.message) });
      else setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="card clinic-exercise-form" onSubmit=${submit} aria-labelledby="clinic-exercise-h" novalidate>
    <h2 id="clinic-exercise-h" class="card-title">${exercise ? `Change ${exercise.name}` : 'New clinic exercise'}</h2>
    <${Alert} message=${error} />
    <${Field} id="ce-name" label="Name" value=${f.name} onValue=${set('name')} error=${errors.name} required maxlength="120" />
    <div class=${errors.steps ? 'field has-error' : 'field'}>
      <div class="label-row"><label for="ce-steps">Steps, one a line, in the patient's words</label></div>
      <textarea id="ce-steps" rows="5" value=${f.steps} onInput=${(e) => set('steps')(e.currentTarget.value)} aria-invalid=${errors.steps ? 'true' : undefined} aria-describedby=${errors.steps ? 'ce-steps-error' : undefined}></textarea>
      ${errors.steps ? html`<p class="field-error" id="ce-steps-error">${errors.steps}</p>` : null}
    </div>
    <${SelectField} id="ce-position" label="Starting position" value=${f.position} onValue=${set('position')} error=${errors.position} placeholder="Choose…"
      options=${(choices.positions || []).map((p) => ({ value: p.id, label: p.words }))} />
    <${RadioGroup} name="ce-kind" legend="Kind" value=${f.kind} onValue=${setKind} inline
      options=${[{ value: 'repetitions', label: 'Repetitions' }, { value: 'hold', label: 'A hold, in seconds' }]} />
    <div class="field-row">
      <${Field} id="ce-sets" label="Sets" type="number" min="1" max="10" value=${f.sets} onValue=${set('sets')} error=${errors.sets} />
      <${Field} id="ce-reps" label=${holds ? 'Holds' : 'Repetitions per set'} type="number" min="1" max="100" value=${f.reps} onValue=${set('reps')} error=${errors.reps} />
      ${holds ? html`<${Field} id="ce-hold" label="Hold (s)" type="number" min="1" max="600" value=${f.hold_s} onValue=${set('hold_s')} error=${errors.hold_s} />` : null}
    </div>
    <p class="hint" role="status">Starting dose: ${dose}.</p>
    <${Field} id="ce-cautions" label="Cautions, in the patient's words" value=${f.cautions} onValue=${set('cautions')} error=${errors.cautions} optional maxlength="500" />
    <${SelectField} id="ce-measured" label="Measured by the camera like" value=${f.measured_like} onValue=${set('measured_like')} error=${errors.measured_like}
      options=${[{ value: '', label: 'Not measured by the camera' }, ...measured.map((m) => ({ value: m.id, label: m.name }))]} />
    <p class="hint">${chosen ? `The camera measures it like the ${chosen.name.toLowerCase()}: ${chosen.measures}.` : 'Not measured by the camera: the patient logs it by hand.'}</p>
    <div class="actions">
      <button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Saving…' : exercise ? 'Save the changes' : 'Create the exercise'}</button>
      <button type="button" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}

function ClinicExerciseActions({ exercise, onEdit, onChanged }) {
  const [error, setError] = useState(null);
  const retire = async () => {
    setError(null);
    try {
      await post(`/api/clinic-exercises/${encodeURIComponent(exercise.id)}/retire`, {});
      onChanged(`${exercise.name} is retired: it is no longer prescribed, and stays in the programs that have it.`);
    } catch (err) {
      setError(err.message);
    }
  };
  if (exercise.retired) return null;
  return html`<div class="actions"><${Alert} message=${error} />
    <button type="button" onClick=${onEdit}>Change<span class="visually-hidden"> ${exercise.name}</span></button>
    <button type="button" onClick=${retire}>Retire<span class="visually-hidden"> ${exercise.name}</span></button>
  </div>`;
}

function VideoControls({ exercise, onChanged }) {
  const [busy, setBusy] = useState(null);
  const [error, setError] = useState(null);
  const inputId = `video-${exercise.id}`;
  const upload = async (file) => {
    if (!file) return;
    setError(null);
    setBusy('Uploading… 0 %');
    try {
      await uploadRaw(`/api/exercises/${encodeURIComponent(exercise.id)}/video`, file, (done, total) =>
        setBusy(`Uploading… ${total ? Math.round((100 * done) / total) : 0} %`)).promise;
      onChanged(`${exercise.name}: the clinic's video is saved.`);
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(null);
    }
  };
  const remove = async () => {
    setError(null);
    setBusy('Deleting…');
    try {
      await del(`/api/exercises/${encodeURIComponent(exercise.id)}/video`);
      onChanged(`${exercise.name}: the clinic's video is deleted.`);
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(null);
    }
  };
  return html`<div class="video-controls">
    <${Alert} message=${error} />
    <label for=${inputId}>${exercise.video ? 'Replace the clinic\u2019s video' : 'Add the clinic\u2019s video'} (MP4 or WebM${exercise.clinic ? ', or a PNG or JPEG picture' : ''}, up to 200 MB)</label>
    <input id=${inputId} type="file" accept=${exercise.clinic ? 'video/mp4,video/webm,image/png,image/jpeg' : 'video/mp4,video/webm'} disabled=${!!busy} onChange=${(e) => upload(e.target.files[0])} />
    ${exercise.video ? html`<button type="button" onClick=${remove} aria-disabled=${busy ? 'true' : undefined}>Delete the video<span class="visually-hidden"> of ${exercise.name}</span></button>` : null}
    ${busy ? html`<p role="status">${busy}</p>` : null}
  </div>`;
}

export function LibraryPage({ user }) {
  const [version, setVersion] = useState(0);
  const [flash, setFlash] = useState(null);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState(null); // null, 'new' or the exercise
  const readsLibrary = user.role === 'physiotherapist' || user.role === 'assistant';
  const manages = user.role === 'physiotherapist' || user.role === 'admin';
  const exercises = useLoad(readsLibrary ? '/api/exercises' : null, version);
  // An administrator manages the clinic's own exercises without reading the library's clinical content.
  const own = useLoad(!readsLibrary && manages ? '/api/clinic-exercises' : null, version);
  const choices = useLoad(manages ? '/api/clinic-exercises/choices' : null);
  const list = readsLibrary
    ? (Array.isArray(exercises.data) ? exercises.data : [])
    : ((own.data && own.data.items) || []).map((e) => ({ ...e, clinic: true, description: e.steps.join(' ') }));
  const shown = list.filter((e) => !q.trim() || e.name.toLowerCase().includes(q.trim().toLowerCase()));
  const mayUpload = user.role === 'physiotherapist';
  const changed = (msg) => { setFlash(msg); setEditing(null); setVersion((v) => v + 1); };
  return html`<section class="library">
    <h1 tabindex="-1">Exercise library</h1>
    <p class="hint">Each exercise's figure is drawn from the postures the analysis checks. ${mayUpload ? 'Add your clinic\u2019s own video of an exercise: your patients see it under \u201cHow to do it\u201d.' : ''}</p>
    <${Alert} kind="success" message=${flash} />
    <${Alert} message=${exercises.error ? `The exercise library could not be loaded: ${exercises.error.message}` : null} />
    ${manages && !editing ? html`<div class="actions"><button type="button" class="primary" onClick=${() => { setFlash(null); setEditing('new'); }}>New clinic exercise</button></div>` : null}
    ${manages && editing ? html`<${ClinicExerciseForm} key=${editing === 'new' ? 'new' : editing.id} exercise=${editing === 'new' ? null : editing} choices=${choices.data || {}}
      onSaved=${(saved) => changed(`${saved.name} is saved: ${saved.dosage_words}.`)} onCancel=${() => setEditing(null)} />` : null}
    <label for="library-filter">Find an exercise</label>
    <input id="library-filter" type="search" value=${q} onInput=${(e) => setQ(e.target.value)} />
    <p class="hint" role="status">${shown.length} of ${list.length} exercises</p>
    <ul class="cards plain library-cards">${shown.map((e) => html`<li class=${`card${e.clinic ? ' clinic-exercise' : ''}${e.retired ? ' retired' : ''}`} key=${e.id} aria-labelledby=${`lib-${e.id}`}>
      <h2 class="card-title" id=${`lib-${e.id}`}>${e.name}${e.clinic ? html` <span class="badge badge-watch">Your clinic's</span>` : null}${e.retired ? html` <span class="badge badge-muted">Retired</span>` : null}</h2>
      ${e.clinic
        ? html`<p class="muted">${e.position_words} · ${e.dosage_words ? e.dosage_words.split(',')[0] : ''}</p>
          <ol class="steps">${(e.steps || []).map((st) => html`<li>${st}</li>`)}</ol>
          ${e.cautions ? html`<p class="note">${e.cautions}</p>` : null}
          <p class="hint">${e.measured_words}</p>`
        : html`<p>${e.description}</p>`}
      <${ExerciseFigure} exercise=${e} compact />
      <${ExerciseVideo} exercise=${e} key=${`${e.id}-${version}`} />
      ${mayUpload && !e.retired ? html`<${VideoControls} exercise=${e} onChanged=${(msg) => { setFlash(msg); setVersion((v) => v + 1); }} />` : null}
      ${manages && e.clinic ? html`<${ClinicExerciseActions} exercise=${e} onEdit=${() => { setFlash(null); setEditing(e); window.scrollTo(0, 0); }} onChanged=${changed} />` : null}
    </li>`)}</ul>
  </section>`;
}
