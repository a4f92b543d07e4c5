// The exercise library for the clinic's clinicians (docs/metrics/figures.md, docs/server/exercise-videos.md):
// every exercise with its figure and the clinic's own demonstration video, which a physiotherapist uploads,
// replaces or deletes. Patients see the same figure and video under "How to do it".
import { html, useState } from '../lib/html.js';
import { del, uploadRaw } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Alert } from '../components/forms.js';
import { ExerciseFigure, ExerciseVideo } from '../components/exercise-figure.js';

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
    <label for=${inputId}>${exercise.video ? 'Replace the clinic\u2019s video' : 'Add the clinic\u2019s video'} (MP4 or WebM, up to 200 MB)</label>
    <input id=${inputId} type="file" accept="video/mp4,video/webm" disabled=${!!busy} onChange=${(e) => upload(e.target.files[0])} />
    ${exercise.video ? html`<button type="button" onClick=${remove} aria-disabled=${busy ? 'true' : undefined}>Delete the video<span class="visually-hidden"> of ${exercise.name}</span></button>` : null}
    ${busy ? html`<p role="status">${busy}</p>` : null}
  </div>`;
}

export function LibraryPage({ user }) {
  const [version, setVersion] = useState(0);
  const [flash, setFlash] = useState(null);
  const [q, setQ] = useState('');
  const exercises = useLoad('/api/exercises', version);
  const list = Array.isArray(exercises.data) ? exercises.data : [];
  const shown = list.filter((e) => !q.trim() || e.name.toLowerCase().includes(q.trim().toLowerCase()));
  const mayUpload = user.role === 'physiotherapist';
  return html`<section class="library">
    <h1 tabindex="-1">Exercise library</h1>
    <p class="hint">Each exercise's figure is drawn from the postures the analysis checks. ${mayUpload ? 'Add your clinic\u2019s own video of an exercise: your patients see it under \u201cHow to do it\u201d.' : ''}</p>
    <${Alert} kind="success" message=${flash} />
    <${Alert} message=${exercises.error ? `The exercise library could not be loaded: ${exercises.error.message}` : null} />
    <label for="library-filter">Find an exercise</label>
    <input id="library-filter" type="search" value=${q} onInput=${(e) => setQ(e.target.value)} />
    <p class="hint" role="status">${shown.length} of ${list.length} exercises</p>
    <ul class="cards plain library-cards">${shown.map((e) => html`<li class="card" key=${e.id} aria-labelledby=${`lib-${e.id}`}>
      <h2 class="card-title" id=${`lib-${e.id}`}>${e.name}</h2>
      <p>${e.description}</p>
      <${ExerciseFigure} exercise=${e} compact />
      <${ExerciseVideo} exercise=${e} key=${`${e.id}-${version}`} />
      ${mayUpload ? html`<${VideoControls} exercise=${e} onChanged=${(msg) => { setFlash(msg); setVersion((v) => v + 1); }} />` : null}
    </li>`)}</ul>
  </section>`;
}
