// Visit recording and dictation for a draft note (docs/server/visit-capture.md). The physiotherapist records
// the visit (only with the patient's consent "Visit audio recording"; a banner shows that it is recording)
// or dictates into a section; the audio goes to the clinic's server, which transcribes it. A visit's facts
// come back as suggestions, red flags first, each with the words it stands on and a button that plays them;
// the physiotherapist accepts (a sentence citing the words), edits or discards each one. A dictation's
// utterances come back the same way, as suggestions of the section dictated into, numbers written as numbers
// and the words the recogniser was unsure of marked. Nothing enters the note unaccepted.
import { html, useEffect, useState } from '../lib/html.js';
import { get, post, uploadRaw } from '../lib/api.js';
import { startRecording } from '../lib/wav-recorder.js';
import { Alert } from './forms.js';

const SECTION_NAMES = { S: 'Subjective', O: 'Objective', A: 'Assessment', P: 'Plan' };
const KIND_WORDS = {
  red_flag: 'Red flag', pain_score: 'Pain score', pain_site: 'Pain site', onset: 'Onset', duration: 'Duration',
  aggravating: 'Aggravating', easing: 'Easing', functional_limit: 'Functional limit', medicine: 'Medicine',
  exercise: 'Exercise', goal: 'Goal', plan_frequency: 'Frequency', next_visit: 'Next visit', program_change: 'Program change',
  dictation: 'Dictated',
};

/** The words said, those the recogniser was unsure of marked (`uncertain`: [{word, confidence}]). */
function SaidWords({ said, uncertain }) {
  if (!uncertain || !uncertain.length) return html`“${said}”`;
  const unsure = new Set(uncertain.map((u) => u.word.toLowerCase()));
  const words = said.split(/(\s+)/);
  return html`“${words.map((w, i) => (unsure.has(w.toLowerCase())
    ? html`<mark key=${i} class="unsure" title="The recogniser was unsure of this word">${w}<span class="visually-hidden"> (unsure)</span></mark>`
    : w))}”`;
}

function clock(s) {
  const t = Math.max(0, Math.round(s || 0));
  return `${Math.floor(t / 60)}:${String(t % 60).padStart(2, '0')}`;
}

/** Plays [from, to] seconds of a recording of the note. */
export function PlaySpan({ noteId, transcriptId, from, to, label }) {
  const [error, setError] = useState(null);
  if (from == null || to == null) return null;
  const play = async () => {
    setError(null);
    // The words with a second and a half either side, so that they are heard in their sentence.
    const a = Math.max(0, from - 1.5).toFixed(2);
    const b = (to + 1.5).toFixed(2);
    const src = `/api/notes/${encodeURIComponent(noteId)}/audio?transcript=${encodeURIComponent(transcriptId)}&from=${a}&to=${b}`;
    try {
      await new Audio(src).play();
    } catch (err) {
      setError('The audio could not be played (it may have been deleted when the note was signed).');
    }
  };
  return html`<button type="button" class="link-button" onClick=${play}>▶ Play ${clock(from)}${clock(to) !== clock(from) ? `–${clock(to)}` : ''}<span class="visually-hidden"> ${label || ''}</span></button>${error ? html` <span class="field-error">${error}</span>` : null}`;
}

function Suggestion({ s, t, note, onDecided }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(s.sentence);
  const [reason, setReason] = useState('');
  const [discarding, setDiscarding] = useState(false);
  const [error, setError] = useState(null);
  const decide = async (action, extra = {}) => {
    setError(null);
    try {
      const r = await post(`/api/notes/${encodeURIComponent(note.id)}/suggestions`, { version: note.version, transcript_id: t.id, transcript_version: t.version, index: s.index, action, ...extra });
      onDecided(r);
    } catch (err) {
      setError(err.message);
    }
  };
  const d = s.decision;
  const badges = [];
  if (s.red_flag) badges.push(html`<span class="badge badge-danger">Red flag</span>`);
  if (s.negated) badges.push(html`<span class="badge badge-muted">denied</span>`);
  if (s.certainty === 'uncertain') badges.push(html`<span class="badge badge-warning">said with doubt</span>`);
  if (s.uncertain && s.uncertain.length) badges.push(html`<span class="badge badge-warning">${s.uncertain.length === 1 ? '1 word unsure' : `${s.uncertain.length} words unsure`}</span>`);
  const where = html`<span class="visually-hidden"> the suggestion "${s.sentence}"</span>`;
  return html`<li class=${s.red_flag ? 'suggestion red-flag' : 'suggestion'} data-testid="suggestion">
    <p><strong>${s.sentence}</strong> ${badges} <span class="muted">·${s.red_flag ? '' : ` ${KIND_WORDS[s.kind] || s.kind} ·`} to ${SECTION_NAMES[s.section]}</span></p>
    <p class="said">Said: <${SaidWords} said=${s.said} uncertain=${s.uncertain} /> ${t.audio ? html`<${PlaySpan} noteId=${note.id} transcriptId=${t.id} from=${s.start_s} to=${s.end_s} label=${s.said} />` : null}</p>
    ${d
      ? html`<p class="decision" data-testid="decision">${d.action === 'accepted' ? 'Accepted into the note.' : d.action === 'edited' ? `Accepted as edited: “${d.text}”` : `Discarded${d.reason ? `: ${d.reason}` : ''}.`}</p>`
      : editing
        ? html`<form novalidate aria-label="Edit the suggestion" onSubmit=${(e) => { e.preventDefault(); if (!text.trim()) { setError('Write the sentence, or cancel.'); return; } decide('edit', { text: text.trim() }); }}>
            <label for=${`edit-${t.id}-${s.index}`}>Sentence for the note</label>
            <textarea id=${`edit-${t.id}-${s.index}`} rows="2" maxlength="2000" value=${text} onInput=${(e) => setText(e.currentTarget.value)}></textarea>
            <div class="actions"><button type="submit" class="primary">Accept as edited</button> <button type="button" onClick=${() => setEditing(false)}>Cancel</button></div>
          </form>`
        : discarding
          ? html`<form novalidate aria-label="Discard the suggestion" onSubmit=${(e) => { e.preventDefault(); if (s.red_flag && !reason.trim()) { setError('A red flag is never dropped silently: say why it is discarded.'); return; } decide('discard', reason.trim() ? { text: reason.trim() } : {}); }}>
              <label for=${`why-${t.id}-${s.index}`}>${s.red_flag ? 'Why is this red flag discarded? (required)' : 'Why (optional)'}</label>
              <input id=${`why-${t.id}-${s.index}`} maxlength="500" value=${reason} onInput=${(e) => setReason(e.currentTarget.value)} />
              <div class="actions"><button type="submit">Discard</button> <button type="button" onClick=${() => setDiscarding(false)}>Cancel</button></div>
            </form>`
          : html`<div class="actions"><button type="button" class="primary" onClick=${() => decide('accept')}>Accept${where}</button> <button type="button" onClick=${() => setEditing(true)}>Edit${where}</button> <button type="button" onClick=${() => setDiscarding(true)}>Discard${where}</button></div>`}
    ${error ? html`<${Alert} message=${error} />` : null}
  </li>`;
}

function TranscriptItem({ t, note, onDecided }) {
  const busy = t.state === 'queued' || t.state === 'recognising';
  const title = t.uploaded ? `Uploaded transcript${t.uploaded.name ? ` (${t.uploaded.name})` : ''}` : t.kind === 'visit' ? 'Visit recording' : `Dictation into ${SECTION_NAMES[t.section] || t.section}`;
  return html`<article class="transcript" data-testid="transcript" aria-label=${title}>
    <h5>${title} <span class="muted">· ${clock(t.audio_seconds)}</span></h5>
    ${busy ? html`<p role="status">${t.state === 'queued' ? 'Waiting to be transcribed…' : `Transcribing… ${Math.round(t.progress * 100)} %`} <progress max="100" value=${Math.round(t.progress * 100)}></progress></p>` : null}
    ${t.state === 'failed' ? html`<${Alert} message=${`Not transcribed: ${t.error}`} />` : null}
    ${(t.warnings || []).map((w, i) => html`<p key=${i} class="alert alert-warning">${w.charAt(0).toUpperCase()}${w.slice(1)}.</p>`)}
    ${!t.audio && t.audio_deleted_why ? html`<p class="muted">Audio ${t.audio_deleted_why}.</p>` : null}
    ${t.state === 'done'
      ? html`${t.suggestions.length
          ? html`<p class="hint">${t.kind === 'visit' ? 'Suggestions from the recording' : `Dictated sentences for ${SECTION_NAMES[t.section]}`}: nothing enters the note until you accept it. Check each against the words and the audio.</p>
              <ul class="plain suggestions">${t.suggestions.map((s) => html`<${Suggestion} key=${`${t.id}-${s.index}-${t.version}`} s=${s} t=${t} note=${note} onDecided=${onDecided} />`)}</ul>`
          : html`<p class="muted">${t.kind === 'visit' ? 'No facts were found in the recording.' : 'No words were recognised in the dictation.'}</p>`}`
      : null}
    ${t.segments && t.segments.length
      ? html`<details><summary>Transcript (${t.speakers_known ? 'speakers labelled' : 'speakers not labelled: one channel'})</summary>
          <ol class="transcript-text">${t.segments.map((g, i) => html`<li key=${i}><span class="muted">${g.start_s != null ? clock(g.start_s) : ''}${g.speaker ? ` ${g.speaker}` : ''}</span> ${g.text}</li>`)}</ol></details>`
      : null}
  </article>`;
}

/**
 * The recorder and the recordings of a draft note. `consentGiven`: the patient's consent to visit recording
 * is in force (the server checks again).
 */
export function VisitCapture({ note, onNoteChanged }) {
  const [consent, setConsent] = useState(null);
  const [recorder, setRecorder] = useState(null); // { kind, section, rec }
  const [seconds, setSeconds] = useState(0);
  const [error, setError] = useState(null);
  const [items, setItems] = useState([]);
  const [sending, setSending] = useState(false);
  const base = `/api/notes/${encodeURIComponent(note.id)}`;

  const load = async () => {
    try {
      const r = await get(`${base}/transcripts`);
      setItems(r.items);
      return r.items;
    } catch (err) {
      setError(err.message);
      return [];
    }
  };
  useEffect(() => {
    get(`/api/patients/${encodeURIComponent(note.patient_id)}/consents`)
      .then((r) => {
        const rows = Array.isArray(r) ? r : r.items || [];
        const latest = rows.filter((c) => c.kind === 'visit_audio_recording').sort((a, b) => (a.recorded < b.recorded ? -1 : 1)).pop();
        setConsent(latest ? latest.status === 'given' : false);
      })
      .catch(() => setConsent(false));
    load();
  }, [note.id]);
  // Poll while something is being transcribed.
  const pending = items.some((t) => t.state === 'queued' || t.state === 'recognising');
  useEffect(() => {
    if (!pending) return undefined;
    const timer = setInterval(load, 1500);
    return () => clearInterval(timer);
  }, [pending, note.id]);
  useEffect(() => {
    if (!recorder) return undefined;
    const timer = setInterval(() => setSeconds(recorder.rec.seconds()), 500);
    return () => clearInterval(timer);
  }, [recorder]);

  const start = async (kind, section) => {
    setError(null);
    if (kind === 'visit' && consent === null) return; // still reading the consent register
    if (kind === 'visit' && !consent) {
      setError('The visit cannot be recorded: the patient has not agreed to it. Record their consent "Visit audio recording" in the consent register first.');
      return;
    }
    try {
      const rec = await startRecording();
      setSeconds(0);
      setRecorder({ kind, section, rec });
    } catch (err) {
      setError(err.name === 'NotAllowedError' ? 'The browser was not allowed to use the microphone.' : err.message);
    }
  };
  const stop = async () => {
    const r = recorder;
    setRecorder(null);
    setSending(true);
    try {
      const wav = await r.rec.stop();
      const q = r.kind === 'visit' ? 'kind=visit' : `kind=dictation&section=${r.section}`;
      await uploadRaw(`${base}/audio?${q}`, wav).promise;
      await load();
    } catch (err) {
      setError(err.message);
    } finally {
      setSending(false);
    }
  };
  // A transcript from the clinic's own recogniser, instead of audio (the server checks and reads it).
  const uploadTranscript = async (e) => {
    const file = e.currentTarget.files && e.currentTarget.files[0];
    e.currentTarget.value = '';
    if (!file) return;
    setError(null);
    if (consent === false) {
      setError('The transcript cannot be added: the patient has not agreed to the visit being recorded. Record their consent "Visit audio recording" in the consent register first.');
      return;
    }
    setSending(true);
    try {
      await uploadRaw(`${base}/transcript?name=${encodeURIComponent(file.name)}`, file).promise;
      await load();
    } catch (err) {
      setError(err.message);
    } finally {
      setSending(false);
    }
  };
  // The note's version after a decision is in the answer: the next decision uses it at once, before the
  // note is read again (a quick second click would otherwise be refused as a stale version).
  const [seenVersion, setSeenVersion] = useState(note.version);
  const decided = (r) => {
    setItems((list) => list.map((t) => (t.id === r.transcript.id ? r.transcript : t)));
    if (typeof r.note_version === 'number') setSeenVersion((v) => Math.max(v, r.note_version));
    onNoteChanged();
  };
  const current = seenVersion > note.version ? { ...note, version: seenVersion } : note;

  return html`<section class="visit-capture" aria-labelledby=${`capture-${note.id}`}>
    <h4 id=${`capture-${note.id}`}>Visit recording and dictation</h4>
    ${recorder
      ? html`<div class="recording-banner" role="status" data-testid="recording">
          <span class="dot" aria-hidden="true"></span> ${recorder.kind === 'visit' ? 'Recording the visit' : `Dictating into ${SECTION_NAMES[recorder.section]}`} · ${clock(seconds)}
          ${recorder.kind === 'visit' ? html`<span> — the patient can see that this visit is being recorded.</span>` : null}
          <button type="button" class="primary" onClick=${stop}>Stop and transcribe</button></div>`
      : html`<div class="actions">
          <button type="button" onClick=${() => start('visit')} aria-disabled=${consent ? undefined : 'true'} aria-describedby=${consent ? undefined : `consent-${note.id}`}>Record the visit</button>
          ${Object.keys(SECTION_NAMES).map((c) => html` <button type="button" key=${c} onClick=${() => start('dictation', c)}>Dictate into ${SECTION_NAMES[c]}</button>`)}
        </div>
        <p class="upload-transcript"><label for=${`transcript-file-${note.id}`}>Upload a transcript of the visit from your own recogniser (WebVTT, SRT or whisper.cpp JSON)</label>
          <input type="file" id=${`transcript-file-${note.id}`} accept=".vtt,.srt,.json,text/vtt,application/x-subrip,application/json" onChange=${uploadTranscript} /></p>
        ${consent === false ? html`<p class="hint" id=${`consent-${note.id}`}>Recording the visit needs the patient's consent "Visit audio recording" (consent register). Dictation records only you.</p>` : null}`}
    ${sending ? html`<p role="status">Sending the recording…</p>` : null}
    <${Alert} message=${error} />
    ${items.map((t) => html`<${TranscriptItem} key=${t.id} t=${t} note=${current} onDecided=${decided} />`)}
  </section>`;
}
