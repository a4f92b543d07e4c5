// SOAP notes on the patient's page (docs/server/notes.md): the physiotherapist drafts a note from the data
// since the last signed one, opens each sentence's sources (the rows, in words with their dates), edits,
// removes and reorders sentences, adds their own text to any section, reads the checklist of what the data
// does not show, reviews exactly the text the EHR will receive and signs (then the note is final: only
// addenda with a reason follow), and sees whether the EHR received it. A patient sees their signed notes.
import { html, useState } from '../lib/html.js';
import { get, patch, post } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Alert, Field } from './forms.js';
import { formatDateTime } from '../lib/format.js';
import { PlaySpan, VisitCapture } from './visit-capture.js';

const SOURCE_WORDS = {
  morning_pain: 'morning pain answer', exercise_log: 'exercise session', questionnaire_response: 'outcome measure',
  observation: 'measurement', proposal: 'progression proposal', appointment: 'appointment', program: 'home program',
  episode: 'episode of care', patient: 'patient record', transcript: 'visit recording', dictation: 'dictation',
};

function Sources({ sources }) {
  if (!sources || !sources.length) return null;
  const counts = {};
  for (const s of sources) counts[s.type] = (counts[s.type] || 0) + 1;
  return html`<span class="sources muted"> · from ${Object.entries(counts).map(([t, n]) => `${n} ${SOURCE_WORDS[t] || t}${n > 1 ? 's' : ''}`).join(', ')}</span>`;
}

/** The rows a sentence stands on, in words with their dates; a recording's words can be played. */
function SourceList({ sources, details, noteId }) {
  return html`<ul class="source-list">${sources.map((s) => {
    const d = (details || {})[`${s.type}:${s.id}`] || { label: SOURCE_WORDS[s.type] || s.type };
    return html`<li key=${`${s.type}:${s.id}`}>${d.label}${d.at ? html` <span class="muted">· ${formatDateTime(d.at)}</span>` : null}${d.audio ? html` <${PlaySpan} noteId=${noteId} transcriptId=${d.transcript_id} from=${d.start_s} to=${d.end_s} />` : null}</li>`;
  })}</ul>`;
}

function SentenceItem({ s, code, index, count, note, canEdit, onSaved }) {
  const [editing, setEditing] = useState(false);
  const [showSources, setShowSources] = useState(false);
  const [text, setText] = useState(s.text);
  const [error, setError] = useState(null);
  const id = `sentence-${code}-${index}`;
  const change = async (body) => {
    try {
      onSaved(await patch(`/api/notes/${encodeURIComponent(note.id)}`, { version: note.version, section: code, index, ...body }));
      return true;
    } catch (err) {
      setError(err.message);
      return false;
    }
  };
  const save = async (e) => {
    e.preventDefault();
    if (!text.trim()) {
      setError('Write the sentence, or cancel.');
      return;
    }
    if (await change({ text: text.trim() })) setEditing(false);
  };
  const where = html`<span class="visually-hidden"> sentence ${index + 1} of ${code}</span>`;
  if (editing)
    return html`<li><form onSubmit=${save} novalidate aria-label=${`Edit sentence ${index + 1} of ${code}`}>
      <${Field} id=${id} label="Sentence" value=${text} onValue=${setText} error=${error} maxlength="2000" />
      <div class="actions"><button type="submit" class="primary">Save the sentence</button> <button type="button" onClick=${() => setEditing(false)}>Cancel</button></div>
    </form></li>`;
  const hasSources = s.sources && s.sources.length > 0;
  const dictated = hasSources && s.sources.some((x) => x.type === 'dictation');
  return html`<li data-testid="sentence">${s.text}${dictated ? html` <span class="badge badge-muted">dictated</span>` : null}${s.edited ? html` <span class="badge badge-muted">${hasSources ? 'edited' : 'written by hand'}</span>` : null}<${Sources} sources=${s.sources} />
    ${hasSources ? html` <button type="button" class="link-button" aria-expanded=${showSources ? 'true' : 'false'} onClick=${() => setShowSources(!showSources)}>${showSources ? 'Hide sources' : 'Sources'}${where}</button>` : null}
    ${canEdit
      ? html`<span class="sentence-actions">${' '}<button type="button" class="link-button" onClick=${() => setEditing(true)}>Edit${where}</button>${' '}<button type="button" class="link-button" onClick=${() => change({ action: 'remove' })}>Remove${where}</button>${index > 0 ? html`${' '}<button type="button" class="link-button" onClick=${() => change({ action: 'move', to: index - 1 })}>Move up${where}</button>` : null}${index + 1 < count ? html`${' '}<button type="button" class="link-button" onClick=${() => change({ action: 'move', to: index + 1 })}>Move down${where}</button>` : null}</span>`
      : null}
    ${showSources && hasSources ? html`<${SourceList} sources=${s.sources} details=${note.source_details} noteId=${note.id} />` : null}
    ${error ? html`<${Alert} message=${error} />` : null}</li>`;
}

/** A sentence or paragraph the physiotherapist writes into a section. */
function AddSentence({ code, title, note, onSaved }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState(null);
  const id = `add-${note.id}-${code}`;
  const submit = async (e) => {
    e.preventDefault();
    if (!text.trim()) {
      setError('Write the text to add, or cancel.');
      return;
    }
    try {
      onSaved(await patch(`/api/notes/${encodeURIComponent(note.id)}`, { version: note.version, action: 'add', section: code, text: text.trim() }));
      setText('');
      setOpen(false);
      setError(null);
    } catch (err) {
      setError(err.message);
    }
  };
  if (!open) return html`<button type="button" class="link-button" onClick=${() => setOpen(true)}>Add to ${title}</button>`;
  return html`<form onSubmit=${submit} novalidate aria-label=${`Add to ${title}`}>
    <div class=${error ? 'field has-error' : 'field'}>
      <label for=${id}>Your text for ${title}</label>
      <textarea id=${id} rows="3" maxlength="2000" value=${text} aria-invalid=${error ? 'true' : undefined} aria-describedby=${error ? `${id}-error` : undefined} onInput=${(e) => setText(e.currentTarget.value)}></textarea>
      ${error ? html`<p class="field-error" id=${`${id}-error`}><span class="visually-hidden">Error: </span>${error}</p>` : null}
    </div>
    <div class="actions"><button type="submit" class="primary">Add</button> <button type="button" onClick=${() => setOpen(false)}>Cancel</button></div>
  </form>`;
}

/** Signing: exactly the text the EHR will receive, then a confirmation. */
function SignStep({ note, onSaved }) {
  const [preview, setPreview] = useState(null);
  const [error, setError] = useState(null);
  const review = async () => {
    setError(null);
    try {
      setPreview(await get(`/api/notes/${encodeURIComponent(note.id)}/preview`));
    } catch (err) {
      setError(err.message);
    }
  };
  const sign = async () => {
    try {
      onSaved(await post(`/api/notes/${encodeURIComponent(note.id)}/sign`, { version: note.version }));
    } catch (err) {
      setError(err.message);
    }
  };
  // A refusal (an undecided red flag, named by the server) is shown beside the button that was refused.
  const refusal = error ? html`<p class="alert alert-error sign-refusal" role="alert" data-testid="sign-refusal">${error}</p>` : null;
  return html`<div class="sign-step">
    ${preview
      ? html`<section class="preview" aria-labelledby=${`preview-${note.id}`}>
          <h4 id=${`preview-${note.id}`}>What the EHR will receive</h4>
          <p class="hint">Exactly this text goes into the record under your signature. Nothing else from the draft (the checklist, the sources) is sent.</p>
          <pre class="note-preview" data-testid="note-preview">${preview.text}</pre>
          <div class="actions"><button type="button" class="primary" onClick=${sign}>Sign the note</button> <button type="button" onClick=${() => setPreview(null)}>Back to the draft</button></div>
          ${refusal}
        </section>`
      : html`<div class="actions"><button type="button" class="primary" onClick=${review}>Review and sign…</button></div>${refusal}`}
  </div>`;
}

function Addendum({ note, onSaved }) {
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState({});
  const submit = async (e) => {
    e.preventDefault();
    const errs = {};
    if (!text.trim()) errs.text = 'Write the addendum.';
    if (!reason.trim()) errs.reason = 'Say why it is added (a signed note is never changed).';
    setErrors(errs);
    if (Object.keys(errs).length) return;
    try {
      onSaved(await post(`/api/notes/${encodeURIComponent(note.id)}/addenda`, { text: text.trim(), reason: reason.trim() }));
      setText('');
      setReason('');
    } catch (err) {
      setErrors({ text: err.message });
    }
  };
  return html`<form onSubmit=${submit} novalidate aria-label="Add an addendum">
    <${Field} id="addendum-text" label="Addendum" value=${text} onValue=${setText} error=${errors.text} maxlength="4000" />
    <${Field} id="addendum-reason" label="Reason" value=${reason} onValue=${setReason} error=${errors.reason} maxlength="500" />
    <div class="actions"><button type="submit">Add the addendum</button></div>
  </form>`;
}

function NoteView({ id, canWrite, onChanged }) {
  const [version, setVersion] = useState(0);
  const r = useLoad(`/api/notes/${encodeURIComponent(id)}`, version);
  const [override, setOverride] = useState(null);
  const [error, setError] = useState(null);
  const note = override && override.version >= ((r.data && r.data.version) || 0) ? override : r.data;
  if (r.error) return html`<${Alert} message=${`The note could not be loaded: ${r.error.message}`} />`;
  if (!note) return html`<p class="loading" role="status">Loading…</p>`;
  const draft = note.status === 'draft';
  const saved = (n) => {
    setOverride(n);
    setVersion((v) => v + 1);
    onChanged();
  };
  const sent = note.hl7 || [];
  return html`<article class="note" aria-labelledby=${`note-${id}`}>
    <h3 id=${`note-${id}`}>${draft ? 'Draft note' : 'Signed note'} <span class="muted">· data ${formatDateTime(note.window.from_us / 1000)} to ${formatDateTime(note.window.to_us / 1000)}</span></h3>
    ${draft ? html`<p class="alert alert-info">A draft from the record's data: check every sentence, edit, remove or move what is not right, add your own words, then review and sign. Nothing is sent before you sign.</p>` : null}
    ${draft && note.checklist && note.checklist.length
      ? html`<aside class="checklist" aria-labelledby=${`check-${id}`}><h4 id=${`check-${id}`}>Not in the data: ask or record before signing</h4>
          <ul>${note.checklist.map((c, i) => html`<li key=${i}>${c}</li>`)}</ul></aside>`
      : null}
    <${Alert} message=${error} />
    ${draft && canWrite ? html`<${VisitCapture} note=${note} onNoteChanged=${() => { setVersion((v) => v + 1); onChanged(); }} />` : null}
    ${note.sections.map((sec) => html`<section key=${sec.code} aria-labelledby=${`sec-${id}-${sec.code}`}>
      <h4 id=${`sec-${id}-${sec.code}`}>${sec.title}</h4>
      ${sec.sentences.length ? null : html`<p class="muted">Nothing recorded.</p>`}
      <ul class="sentences">${sec.sentences.map((s, i) => html`<${SentenceItem} key=${`${sec.code}-${i}-${note.version}`} s=${s} code=${sec.code} index=${i} count=${sec.sentences.length} note=${note} canEdit=${draft && canWrite} onSaved=${saved} />`)}</ul>
      ${draft && canWrite ? html`<${AddSentence} key=${`add-${sec.code}-${note.version}`} code=${sec.code} title=${sec.title} note=${note} onSaved=${saved} />` : null}
    </section>`)}
    ${(note.addenda || []).map((a, i) => html`<p key=${i} class="addendum"><strong>Addendum, ${formatDateTime(a.at_us / 1000)}:</strong> ${a.text} <span class="muted">Reason: ${a.reason}</span></p>`)}
    ${note.signature ? html`<p data-testid="note-signed">Signed ${formatDateTime(note.signature.signed_us / 1000)}${note.signature_valid ? '' : ' (the content no longer matches its signature)'}. <a href=${`/fhir/Binary/${encodeURIComponent(id)}`} download=${`note-${String(id).slice(0, 8)}.pdf`}>The signed note as a PDF</a></p>` : null}
    ${sent.length ? html`<p data-testid="note-ehr">To the EHR (HL7 ${sent[0].message_type}): ${sent[0].sent ? `received ${formatDateTime(sent[0].sent)} (${sent[0].ack_code})` : sent[0].last_error ? `not yet received: ${sent[0].last_error}` : 'waiting to be sent'}.</p>` : null}
    ${draft && canWrite ? html`<${SignStep} key=${`sign-${note.version}`} note=${note} onSaved=${saved} />` : null}
    ${!draft && canWrite ? html`<details><summary>Add an addendum</summary><${Addendum} note=${note} onSaved=${saved} /></details>` : null}
  </article>`;
}

/** Searching the patient's visit transcripts: every word must appear; each hit shows the utterances. */
function TranscriptSearch({ patientId, onOpen }) {
  const [q, setQ] = useState('');
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const search = async (e) => {
    e.preventDefault();
    setError(null);
    if (!q.trim()) {
      setError('Write the words to look for.');
      return;
    }
    try {
      setResult(await get(`/api/patients/${encodeURIComponent(patientId)}/transcripts?q=${encodeURIComponent(q.trim())}`));
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<details class="transcript-search"><summary>Search the visit transcripts</summary>
    <form role="search" onSubmit=${search} novalidate aria-label="Search the visit transcripts">
      <div class=${error ? 'field has-error' : 'field'}>
        <label for="transcript-q">Words said in a recorded visit or dictation</label>
        <input id="transcript-q" type="search" maxlength="200" value=${q} onInput=${(e) => setQ(e.currentTarget.value)} aria-invalid=${error ? 'true' : undefined} aria-describedby=${error ? 'transcript-q-error' : undefined} />
        ${error ? html`<p class="field-error" id="transcript-q-error"><span class="visually-hidden">Error: </span>${error}</p>` : null}
      </div>
      <div class="actions"><button type="submit">Search</button></div>
    </form>
    ${result
      ? result.items.length
        ? html`<ul class="plain" data-testid="transcript-hits">${result.items.map((t) => html`<li key=${t.id}>
            <button type="button" class="link-button" onClick=${() => onOpen(t.note_id)}>${t.kind === 'visit' ? 'Visit recording' : 'Dictation'} of ${formatDateTime(t.created)}</button>
            <ul>${t.matches.map((m, i) => html`<li key=${i}>“${m.text}”</li>`)}</ul></li>`)}</ul>`
        : html`<p class="empty" role="status">No transcript of this patient has all of these words.</p>`
      : null}
  </details>`;
}

const NOTE_TYPES = [
  ['daily_note', 'Daily treatment note', 'A treatment visit: what was done, how the patient responded, and what comes next.'],
  ['initial_evaluation', 'Initial evaluation', 'The first visit of an episode: history, examination, diagnosis, goals and the plan of care.'],
  ['progress_report', 'Progress report', 'Progress towards the goals since the evaluation or the last report (at least every 10th visit).'],
  ['discharge_summary', 'Discharge summary', 'The end of the episode: the outcome against the goals and the advice to carry on.'],
];

export function NotesPanel({ patientId, canWrite }) {
  const [version, setVersion] = useState(0);
  const [type, setType] = useState('daily_note');
  const [open, setOpen] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const list = useLoad(`/api/patients/${encodeURIComponent(patientId)}/notes`, version);
  if (list.error && list.error.status === 403) return null;
  const items = list.data ? list.data.items : [];
  const draft = async () => {
    setBusy(true);
    setError(null);
    try {
      const n = await post(`/api/patients/${encodeURIComponent(patientId)}/notes`, { type });
      setOpen(n.id);
      setVersion((v) => v + 1);
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="panel" aria-labelledby="notes-h" id="notes">
    <h2 id="notes-h">Notes</h2>
    <${Alert} message=${error || (list.error ? `Could not load the notes: ${list.error.message}` : null)} />
    ${list.data && !items.length ? html`<p class="empty">No notes yet.</p>` : null}
    <ul class="plain">${items.map((n) => html`<li key=${n.id}>
      <button type="button" class="link-button" aria-expanded=${open === n.id ? 'true' : 'false'} onClick=${() => setOpen(open === n.id ? null : n.id)}>
        ${n.status === 'draft' ? 'Draft' : n.status === 'amended' ? 'Signed, with addenda' : 'Signed'} note of ${formatDateTime(n.created)} · ${n.type}</button>
    </li>`)}</ul>
    ${open ? html`<${NoteView} key=${open} id=${open} canWrite=${canWrite} onChanged=${() => setVersion((v) => v + 1)} />` : null}
    ${canWrite ? html`<${TranscriptSearch} patientId=${patientId} onOpen=${setOpen} />` : null}
    ${canWrite
      ? html`<div class="field"><label for="note-type">Type of note</label>
          <select id="note-type" value=${type} onChange=${(e) => setType(e.currentTarget.value)} aria-describedby="note-type-hint">
            ${NOTE_TYPES.map(([id, name]) => html`<option key=${id} value=${id}>${name}</option>`)}
          </select>
          <p class="hint" id="note-type-hint">${NOTE_TYPES.find(([id]) => id === type)[2]}</p></div>
        <div class="actions"><button type="button" onClick=${draft} aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Drafting…' : 'Draft a note for this visit'}</button></div>`
      : null}
  </section>`;
}
