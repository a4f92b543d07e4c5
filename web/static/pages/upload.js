// Upload a recording as the raw request body (not multipart) with progress, then follow its analysis.
import { html, useEffect, useRef, useState } from '../lib/html.js';
import { query, uploadRaw } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Link, navigate } from '../lib/router.js';
import { Alert, FieldError, RadioGroup, SelectField, fieldMessage, focusFirstError } from '../components/forms.js';
import { NotFound } from './not-found.js';
import { KIND_NAMES, TEST_NAMES, formatBytes, patientName } from '../lib/format.js';

/** The library's body regions in words (never the id). */
const REGION_WORDS = { lower_limb: 'lower limb', upper_limb: 'upper limb', trunk: 'trunk' };

const ACCEPT = {
  video: 'video/*,.mp4,.mov,.webm,.mkv,.avi',
  landmarks: '.json,.csv,.trc,.plmk,.mot',
  imu: '.csv,text/csv',
};

// In the exercise list of a video or landmark file: a recording of walking (test=gait), no exercise.
const WALKING = 'walking-gait';

/** A patient who opens the upload address: recordings are their physiotherapist's to upload (the server's role table). */
function NotForPatients({ id }) {
  return html`<section>
    <h1 tabindex="-1">Recordings of your exercise</h1>
    <p>Your physiotherapist adds the recordings of your exercise to your record, and you see their results under Recordings.</p>
    <p>To practise on your own, use the camera: the count and the tips on form come as you go, and the picture stays on your device.</p>
    <div class="actions"><${Link} href=${`/patients/${encodeURIComponent(id)}/live`} class="button primary">Practise with the camera<//> <${Link} href=${`/patients/${encodeURIComponent(id)}`} class="button">Back to my record<//></div>
  </section>`;
}

export function UploadPage({ id, user }) {
  if (user && user.role === 'patient') return html`<${NotForPatients} id=${id} />`;
  return html`<${UploadForm} id=${id} />`;
}

function UploadForm({ id }) {
  const patient = useLoad(`/api/patients/${encodeURIComponent(id)}`);
  const ex = useLoad('/api/exercises');
  const [file, setFile] = useState(null);
  const [kind, setKind] = useState('video');
  const [exercise, setExercise] = useState('');
  const [test, setTest] = useState('');
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [progress, setProgress] = useState(null); // {loaded,total}
  const [announce, setAnnounce] = useState('');
  const [busy, setBusy] = useState(false);
  const upload = useRef(null);
  const lastStep = useRef(-1);
  const form = useRef(null);

  useEffect(() => () => upload.current && upload.current.abort(), []);

  if (patient.error && (patient.error.status === 404 || patient.error.status === 403)) return html`<${NotFound} what="patient" />`;
  const exercises = Array.isArray(ex.data) ? ex.data : [];
  const p = patient.data;

  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    if (!file) errs.file = 'Choose the file to upload.';
    else if (file.size === 0) errs.file = 'This file is empty.';
    if (kind === 'imu' ? !test : !exercise) {
      if (kind === 'imu') errs.test = 'Choose the test the patient did.';
      else errs.exercise = 'Choose the exercise the patient did.';
    }
    setErrors(errs);
    setFormError(null);
    if (Object.keys(errs).length) return focusFirstError(form.current);
    const params = { kind, name: file.name };
    if (kind === 'imu') params.test = test;
    else if (exercise === WALKING) params.test = 'gait';
    else params.exercise = exercise;
    lastStep.current = -1;
    setProgress({ loaded: 0, total: file.size });
    setAnnounce('Upload started.');
    const u = uploadRaw(`/api/patients/${encodeURIComponent(id)}/recordings${query(params)}`, file, (loaded, total) => {
      setProgress({ loaded, total });
      const step = Math.floor((loaded / (total || 1)) * 4); // announce at 25 % steps only
      if (step !== lastStep.current && step < 4) {
        lastStep.current = step;
        setAnnounce(`Uploaded ${Math.round((loaded / (total || 1)) * 100)} percent.`);
      }
    });
    upload.current = u;
    setBusy(true);
    try {
      await u.promise;
      upload.current = null;
      setBusy(false);
      navigate(`/patients/${encodeURIComponent(id)}#recordings`, { message: `${file.name} was uploaded; its analysis is shown under Recordings.` });
    } catch (err) {
      upload.current = null;
      setBusy(false);
      setProgress(null);
      setAnnounce('');
      if (err.name === 'AbortError') {
        setFormError('The upload was cancelled. Nothing was saved.');
        return;
      }
      let f = err.field === 'exercise' || err.field === 'test' || err.field === 'kind' ? err.field : err.field ? 'file' : null;
      if (f === 'test' && kind !== 'imu') f = 'exercise'; // walking is chosen in the exercise list
      if (f) {
        setErrors({ [f]: fieldMessage({ exercise: 'The exercise', test: 'The test', kind: 'The kind', file: 'The file' }[f], err.message) });
        focusFirstError(form.current);
      }
      setFormError(`The recording was not uploaded: ${err.message}`);
    }
  };

  const pct = progress ? Math.round((progress.loaded / (progress.total || 1)) * 100) : 0;
  return html`<section>
    <h1 tabindex="-1">Upload a recording${p ? html`<span class="subtitle"> for ${patientName(p)}</span>` : null}</h1>
    <p><${Link} href=${`/patients/${encodeURIComponent(id)}`}>Back to ${p ? patientName(p) : 'the patient'}<//></p>
    <${Alert} message=${formError} />
    <form ref=${form} onSubmit=${submit} novalidate class="form-grid">
      <${RadioGroup} name="kind" legend="What kind of recording is it?" value=${kind} onValue=${(k) => { setKind(k); setErrors({}); }}
        options=${Object.entries(KIND_NAMES).map(([value, label]) => ({ value, label }))} error=${errors.kind} />
      <div class=${errors.file ? 'field has-error' : 'field'}>
        <label for="file">Recording file</label>
        <p class="hint" id="file-hint">${kind === 'video' ? 'A video of the patient (MP4, MOV, WebM…).' : kind === 'landmarks' ? 'A landmark file (JSON, CSV, TRC, PLMK).' : 'A sensor recording as CSV.'}</p>
        <input id="file" name="file" type="file" accept=${ACCEPT[kind]} aria-describedby=${errors.file ? 'file-hint file-error' : 'file-hint'}
          aria-invalid=${errors.file ? 'true' : undefined} onChange=${(e) => setFile(e.currentTarget.files && e.currentTarget.files[0] ? e.currentTarget.files[0] : null)} />
        ${file ? html`<p class="meta">${file.name}, ${formatBytes(file.size)}</p>` : null}
        <${FieldError} id="file" error=${errors.file} />
      </div>
      ${kind === 'imu'
        ? html`<${SelectField} id="test" label="Test" value=${test} onValue=${setTest} error=${errors.test} required placeholder="Choose a test"
            options=${Object.entries(TEST_NAMES).map(([value, label]) => ({ value, label }))} />`
        : html`<${SelectField} id="exercise" label="Exercise" value=${exercise} onValue=${setExercise} error=${errors.exercise || (ex.error ? `The exercise list could not be loaded: ${ex.error.message}` : null)} required
            placeholder=${ex.loading ? 'Loading exercises…' : 'Choose an exercise'}
            options=${[{ value: WALKING, label: 'Walking across the view, filmed from the side (gait analysis)' },
              ...exercises.map((x) => ({ value: x.id, label: x.body_region ? `${x.name} (${REGION_WORDS[x.body_region] || String(x.body_region).replace(/_/g, ' ')})` : x.name }))]} />`}
      <div class="actions">
        <button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Uploading…' : 'Upload'}</button>
        ${busy ? html`<button type="button" onClick=${() => upload.current && upload.current.abort()}>Cancel upload</button>` : null}
      </div>
      ${progress
        ? html`<div class="upload-progress">
            <label for="upload-progress">Upload progress</label>
            <progress id="upload-progress" max="100" value=${pct} aria-valuetext=${`${pct} percent`}></progress>
            <span>${pct}% (${formatBytes(progress.loaded)} of ${formatBytes(progress.total)})</span>
          </div>`
        : null}
      <p class="visually-hidden" role="status" aria-live="polite">${announce}</p>
    </form>
  </section>`;
}
