// Live exercise sessions. The patient's page: choose an exercise (and side), turn the camera on, check the
// framing, then exercise: BlazePose runs in this browser (the video never leaves the device), landmarks go
// to the server over a WebSocket and its events come back as the counter, the last repetition's measures
// and cues (shown and spoken). The clinician's page: watch a session as it happens.
import { html, useEffect, useRef, useState } from '../lib/html.js';
import { get, post } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Link } from '../lib/router.js';
import { exerciseName, formatNumber } from '../lib/format.js';
import { countOf } from '../lib/words.js';
import { Alert, Field, PainAdvice, RadioGroup, ScaleGroup, SelectField } from '../components/forms.js';
import { DeviceLink, wsUrl } from '../lib/live.js';
import { drawSkeleton, framingAdvice, framingParts, FRAMED_ADVICE } from '../lib/body.js';
import { createPeopleCounter, createPoseEstimator } from '../lib/pose.js';
import { createFramingCheck, sentence } from '../lib/framing.js';
import { createSpeaker, cueManifest } from '../lib/cues.js';

/** NPRS 0-10, as radio buttons. */

const SIDES = [{ value: 'left', label: 'Left' }, { value: 'right', label: 'Right' }];
const FRAMING_WINDOW = 15; // pose results looked at
const FRAMING_GOOD = 11; // of them well framed

const VIEW_WORDS = { front: 'from the front', side: 'from the side' };
const VIEW_HOW = { front: 'face the camera', side: 'stand sideways to the camera' };

/** Which way to stand to the camera for an exercise (`views` from GET /api/exercises), in words; null for any. */
export function viewAdvice(ex) {
  const views = (ex && Array.isArray(ex.views) && ex.views.length ? ex.views : ex && ex.view ? [ex.view] : []).filter((v) => v in VIEW_WORDS);
  if (!views.length || (ex.views || []).includes('any')) return null;
  const from = views.map((v) => VIEW_WORDS[v]).join(' or ');
  const how = views.map((v) => VIEW_HOW[v]).join(' or ');
  // The whole body when the exercise is measured from the legs; else what it moves (GET /api/exercises `framing`).
  const legs = framingParts(ex).some((j) => /_(knee|ankle)$/.test(j));
  const what = legs || !(Array.isArray(ex.framing) && ex.framing.length) ? 'your whole body in view' : 'your body from the hips up in view';
  return `Film yourself ${from}${views.length > 1 ? ' (either is fine)' : ''}: ${how}, 2 to 3 metres away, ${what}.`;
}

function repWords(n) {
  return `${n} ${n === 1 ? 'repetition' : 'repetitions'}`;
}

/** The last repetition's range and score in words. */
function LastRep({ rep }) {
  if (!rep) return html`<p class="last-rep" data-testid="last-rep">No repetition yet.</p>`;
  const parts = [];
  if (typeof rep.rom_deg === 'number') parts.push(`range ${formatNumber(rep.rom_deg, 0)}°`);
  if (typeof rep.score === 'number') parts.push(`score ${formatNumber(rep.score, 0)} out of 100`);
  if (typeof rep.duration_s === 'number') parts.push(`${formatNumber(rep.duration_s, 1)} s`);
  return html`<p class="last-rep" data-testid="last-rep">${rep.partial ? 'Last movement (partial)' : `Repetition ${rep.index}`}: ${parts.join(', ')}</p>`;
}

/** Why the set will not be counted (the engine's refusals, each once), and the last movement not counted. */
function NotCounted({ refusals, notCounted }) {
  if (!refusals.length && !notCounted) return null;
  return html`<div class="not-counted-live" data-testid="not-counted-live" role="status" aria-live="polite">
    ${refusals.length
      ? html`<div class="alert alert-error" data-testid="set-refused"><strong>This set will not be counted:</strong> ${refusals.length === 1
          ? sentence(refusals[0])
          : html`<ul>${refusals.map((r) => html`<li>${sentence(r)}</li>`)}</ul>`}</div>`
      : null}
    ${notCounted ? html`<p class="not-counted-rep" data-testid="rep-not-counted">Not counted: ${notCounted.not_counted_reason}</p>` : null}
  </div>`;
}

/** Counter, last repetition and the latest cue: what the patient and a watching clinician both see. */
function Scoreboard({ reps, lastRep, cue, cueCount, pain, refusals = [], notCounted = null }) {
  return html`<div class="scoreboard">
    <${NotCounted} refusals=${refusals} notCounted=${notCounted} />
    <p class="counter" role="status" aria-live="polite" aria-atomic="true">
      <span class="counter-label">Repetitions</span> <span class="counter-value" data-testid="rep-count">${reps}</span>
    </p>
    <${LastRep} rep=${lastRep} />
    <p class=${cue ? `cue cue-${cue.severity || 'low'}` : 'cue cue-none'} data-testid="cue" data-cues=${cueCount} aria-live="assertive" aria-atomic="true">${cue ? cue.text : ''}</p>
    ${typeof pain === 'number'
      ? html`<p class=${pain > 5 ? 'pain-now pain-high' : 'pain-now'} data-testid="pain-now" aria-live="polite">Pain now: <strong>${pain}/10</strong>${pain > 5 ? ' (above 5: ease off or stop)' : ''}</p>`
      : null}
  </div>`;
}

function clock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Seconds since `since` (ms), ticking once a second while mounted. */
function useElapsed(since) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return since ? (now - since) / 1000 : 0;
}

/** The set's time so far and the prescription's target (a set of a program). */
function SetTimer({ since, target }) {
  const elapsed = useElapsed(since);
  return html`<p class="set-timer" data-testid="set-timer">
    Set time <strong>${clock(elapsed)}</strong>${target ? html` · target <strong data-testid="rep-target">${target.hold_s > 0 ? `${countOf(target.reps, 'hold')} of ${formatNumber(target.hold_s, 0)} s` : countOf(target.reps, 'repetition')}</strong>` : null}
  </p>`;
}

/** The rest before the next set, counted down from the prescription's rest (or a minute). */
function RestTimer({ since, seconds }) {
  const left = seconds - useElapsed(since);
  return html`<p class=${left > 0 ? 'rest-timer' : 'rest-timer rest-done'} role="timer" aria-live="off" data-testid="rest-timer">${left > 0
    ? html`Rest <strong>${clock(left)}</strong> before the next set.`
    : 'Rest done: ready for the next set.'}</p>`;
}

/** Everything the events say so far, folded. */
function fold(state, m) {
  if (m.type === 'rep') {
    const reps = typeof m.repetitions === 'number' ? m.repetitions : state.reps + (m.partial ? 0 : 1);
    return { ...state, reps, lastRep: m, notCounted: m.not_counted_reason ? m : state.notCounted };
  }
  if (m.type === 'set_refused' && m.reason && !state.refusals.includes(m.reason)) return { ...state, refusals: [...state.refusals, m.reason] };
  if (m.type === 'cue') return { ...state, cue: m, cues: state.cues + 1 };
  if (m.type === 'pain') return { ...state, pain: m.nprs, maxPain: Math.max(state.maxPain ?? 0, m.nprs) };
  if (m.type === 'ready' || m.type === 'watching') {
    let s = { ...state, reps: m.repetitions ?? state.reps };
    for (const e of m.events || []) s = fold(s, e);
    if (typeof m.repetitions === 'number') s.reps = m.repetitions;
    return s;
  }
  return state;
}

const EMPTY = { reps: 0, lastRep: null, cue: null, cues: 0, pain: null, maxPain: null, refusals: [], notCounted: null };

function StoredResult({ sessionId, refresh = 0 }) {
  const [s, setS] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let stop = false;
    let timer;
    const poll = async () => {
      try {
        const r = await get(`/api/live-sessions/${encodeURIComponent(sessionId)}`);
        if (stop) return;
        setS(r);
        const st = r && r.stored;
        if (!st || (st.valid === null && !['failed', 'cancelled'].includes(st.state))) timer = setTimeout(poll, 1000);
      } catch (e) {
        if (!stop) setError(e.message);
      }
    };
    poll();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [sessionId, refresh]);
  if (error) return html`<${Alert} message=${`The stored analysis could not be loaded: ${error}`} />`;
  const st = s && s.stored;
  if (!st || (st.valid === null && !['failed', 'cancelled'].includes(st.state))) {
    return html`<p class="status-line" role="status">The whole set is being analysed again for your record…</p>`;
  }
  const result = st.recording && st.recording.result;
  const reasons = (result && Array.isArray(result.reasons) ? result.reasons : []).concat(st.reason ? [st.reason] : []);
  const diff = typeof st.difference === 'number' ? st.difference : null;
  return html`<div class="stored" role="status" data-testid="stored">
    <h3>Stored analysis of the whole set</h3>
    ${typeof st.repetitions === 'number'
      ? html`<p><strong data-testid="stored-reps">${repWords(st.repetitions)}</strong>${diff === 0
          ? ' (the same as shown during the set).'
          : diff !== null ? ` (${Math.abs(diff)} ${diff > 0 ? 'more' : 'fewer'} than shown during the set: the stored analysis sees the whole set at once).` : '.'}</p>`
      : null}
    ${s.counted === false
      ? html`<p class="not-counted-note" data-testid="set-not-counted"><strong>This set is not counted</strong> in your exercise, streaks or personal bests.</p>`
      : null}
    ${st.valid === false
      ? html`<div class="warnings"><p class="warnings-title">The analysis could not measure this set:</p>
          <ul>${(reasons.length ? reasons : ['no reason given']).map((r) => html`<li>${String(r)}</li>`)}</ul></div>`
      : null}
    <${SetFeedback} f=${s.feedback} />
  </div>`;
}

/** Streaks and personal bests of the set (never for a repetition with a serious form fault) and the next set. */
function SetFeedback({ f }) {
  if (!f) return null;
  return html`<div class="set-feedback" data-testid="set-feedback">
    ${f.messages.length ? html`<ul>${f.messages.map((m) => html`<li>${m}</li>`)}</ul>` : null}
    <p>${f.clean_reps} ${f.clean_reps === 1 ? 'repetition' : 'repetitions'} without a serious form warning${f.best_good_rep_streak ? `; best run of good ones: ${f.best_good_rep_streak}` : ''}.</p>
    ${f.next_set ? html`<p data-testid="next-set"><strong>Next set:</strong> ${f.next_set.reps_target} repetitions. ${f.next_set.reason}.</p>` : null}
    ${f.awaiting_effort ? html`<p data-testid="next-set-waits">The next set is suggested once you have said how hard this one was.</p>` : null}
  </div>`;
}

// ---- The patient's live page ------------------------------------------------------------------------

export function LivePage({ id }) {
  const exercises = useLoad('/api/exercises');
  const [facts, setFacts] = useState(null);
  // From today's exercises: ?exercise=ID&program=ID[&side=left|right] (a prescribed set); else practice.
  const params = new URLSearchParams(window.location.search);
  const [exercise, setExercise] = useState(params.get('exercise') || '');
  const [side, setSide] = useState(params.get('side') || '');
  const programId = params.get('program') || '';
  const [errors, setErrors] = useState({});
  const [phase, setPhase] = useState('choose'); // choose | camera | live | done
  const [message, setMessage] = useState(null);
  const [busy, setBusy] = useState(false);
  const [framing, setFraming] = useState({ ok: false, advice: 'Starting the camera…' });
  const [board, setBoard] = useState(EMPTY);
  const [watchers, setWatchers] = useState(0);
  const [conn, setConn] = useState(null);
  const [complete, setComplete] = useState(null);
  const [session, setSession] = useState(null);
  const [speak, setSpeak] = useState(true);
  const [stats, setStats] = useState({ sent: 0, fps: 0 });
  const [painChoice, setPainChoice] = useState('');
  const [setStarted, setSetStarted] = useState(null);
  const [setEnded, setSetEnded] = useState(null);
  const [reported, setReported] = useState(0); // answers saved after the set: the feedback is read again
  // A set of a program: the prescribed dosage gives the target and the rest between sets.
  const today = useLoad(programId ? `/api/patients/${encodeURIComponent(id)}/today` : null);
  const prescribed = (() => {
    const prog = today.data && (today.data.programs || []).find((p) => p.id === programId);
    const item = prog && prog.items.find((it) => it.exercise_id === exercise);
    return item ? item.dosage : null;
  })();
  const video = useRef(null);
  const canvas = useRef(null);
  const rt = useRef({ running: false, estimator: null, stream: null, link: null, recent: [], speaker: null, results: 0, t0: 0 });

  useEffect(() => {
    cueManifest().then(setFacts);
  }, []);
  useEffect(() => () => stopAll(), []);

  const list = Array.isArray(exercises.data) ? exercises.data : [];
  const chosen = list.find((e) => e.id === exercise);
  const fact = (chosen && chosen.laterality ? chosen : null) || (facts && facts.exercises && facts.exercises[exercise]);
  // One-sided exercises need a side (the library says which: GET /api/exercises).
  const oneSided = fact ? fact.laterality === 'unilateral' : !!exercise;

  function stopAll() {
    const r = rt.current;
    r.running = false;
    if (r.link) r.link.close();
    if (r.estimator) r.estimator.close();
    if (r.people) r.people.close();
    r.people = null;
    if (r.stream) for (const t of r.stream.getTracks()) t.stop();
    if (r.speaker) r.speaker.close();
    r.link = null;
    r.estimator = null;
    r.stream = null;
  }

  const onEvent = (m) => {
    const r = rt.current;
    if (m.type === 'watchers') setWatchers(m.count);
    if (m.type === 'ready') setWatchers(m.watchers || 0);
    if (m.type === 'rep' && !m.partial && r.speaker) r.speaker.count(m.repetitions);
    if (m.type === 'cue' && r.speaker) r.speaker.cue(m.id);
    if (m.type === 'refused' && /ended/.test(m.reason || '') === false) setMessage(`A frame was not taken: ${m.reason}`);
    if (m.type === 'set_complete') {
      setComplete(m);
      setSetEnded(Date.now());
      setPhase('done');
      r.running = false;
      if (r.stream) for (const t of r.stream.getTracks()) t.stop();
    }
    setBoard((b) => fold(b, m));
  };

  const loop = async () => {
    const r = rt.current;
    const v = video.current;
    if (!r.running || !v || !r.estimator) return;
    const capturedMs = performance.now();
    let res;
    try {
      res = await r.estimator.estimate(v);
    } catch (e) {
      setMessage(`The pose estimator stopped: ${e.message}`);
      r.running = false;
      return;
    }
    if (!r.running) return;
    r.results++;
    const c = canvas.current;
    if (c) {
      if (c.width !== v.videoWidth && v.videoWidth) {
        c.width = v.videoWidth;
        c.height = v.videoHeight;
      }
      drawSkeleton(c, res.image);
      c.dataset.drawn = String(r.results);
    }
    if (r.link) {
      let us = Math.round(capturedMs * 1000);
      if (us <= r.lastUs) us = r.lastUs + 1;
      r.lastUs = us;
      r.link.push(us, res.image, res.world);
    } else {
      r.recent.push(framingAdvice(res.image, fact || chosen));
      if (r.recent.length > FRAMING_WINDOW) r.recent.shift();
      const good = r.recent.filter((f) => f.ok).length;
      const last = r.recent[r.recent.length - 1];
      const worst = r.recent.slice().reverse().find((f) => !f.ok);
      const advice = !last.ok ? last.advice : worst ? worst.advice : 'Checking the framing: stay in view…';
      // Then the engine's check of the same results (one person, what the exercise measures, the view).
      r.framingCheck.push(capturedMs, res.image, v.videoWidth, v.videoHeight);
      // Anyone else in view: a few times a second, the picture with this person covered.
      if (r.people && performance.now() - r.countedAt > 300) {
        r.countedAt = performance.now();
        try {
          r.framingCheck.people(await r.people.count(v, res.image));
        } catch {
          /* the count is a help to the check, not needed for the set */
        }
        if (!r.running) return;
      }
      const engine = r.framingCheck.verdict(good >= FRAMING_GOOD);
      setFraming(good < FRAMING_GOOD ? { ok: false, advice }
        : engine.ok ? { ok: true, advice: FRAMED_ADVICE } : { ok: false, advice: engine.advice });
    }
    if (r.results % 10 === 0) {
      const secs = (performance.now() - r.t0) / 1000;
      setStats({ sent: r.link ? r.link.sent : 0, fps: secs > 0 ? r.results / secs : 0 });
    }
    if (v.requestVideoFrameCallback) v.requestVideoFrameCallback(() => loop());
    else setTimeout(loop, 0);
  };

  const openCamera = async (e) => {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    if (!exercise) errs.exercise = 'Choose an exercise.';
    if (oneSided && !side) errs.side = 'Choose the side you exercise.';
    setErrors(errs);
    if (Object.keys(errs).length) {
      window.requestAnimationFrame(() => document.getElementById(errs.exercise ? 'live-exercise' : 'live-side-left')?.focus());
      return;
    }
    setMessage(null);
    setBusy(true);
    const r = rt.current;
    r.speaker = createSpeaker(exercise);
    r.speaker.start().catch(() => {});
    try {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) throw new Error('This browser cannot use a camera here (it needs a secure https address).');
      r.stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
    } catch (err) {
      setBusy(false);
      const denied = err && (err.name === 'NotAllowedError' || err.name === 'SecurityError');
      setMessage(denied ? 'The camera was not allowed. Allow this page to use the camera in the browser settings, then try again.' : `The camera could not be started: ${err.message || err.name}`);
      return;
    }
    setPhase('camera');
    setFraming({ ok: false, advice: 'Loading the pose estimator (a few seconds)…' });
    try {
      const v = video.current;
      v.srcObject = r.stream;
      await v.play();
      r.estimator = await createPoseEstimator({ model: 'lite' });
    } catch (err) {
      setBusy(false);
      setMessage(`The pose estimator could not start: ${err.message || err}`);
      return;
    }
    setBusy(false);
    r.framingCheck = createFramingCheck({ patientId: id, exercise });
    window.physioFraming = r.framingCheck; // for the browser tests
    r.countedAt = 0;
    createPeopleCounter().then((c) => {
      if (r.running && !r.link) r.people = c;
      else c.close();
    }).catch(() => {});
    r.running = true;
    r.t0 = performance.now();
    r.results = 0;
    r.lastUs = 0;
    loop();
  };

  const start = async () => {
    if (busy) return;
    if (!framing.ok) {
      setMessage(`Fix the framing first: ${framing.advice}`);
      return;
    }
    setBusy(true);
    setMessage(null);
    const v = video.current;
    const body = { exercise, space: 'image+world', image_width: v.videoWidth, image_height: v.videoHeight, rate_hz: 30 };
    if (oneSided) body.side = side;
    if (programId && exercise === params.get('exercise')) body.program_id = programId;
    try {
      const s = await post(`/api/patients/${encodeURIComponent(id)}/live-sessions`, body);
      setSession(s);
      const r = rt.current;
      r.speaker && r.speaker.start();
      r.link = new DeviceLink({
        url: s.device_url,
        token: s.token,
        onEvent,
        onState: (st) => setConn(st),
      });
      window.physioLive = r.link; // for the browser tests (a dropped connection)
      if (r.people) r.people.close(); // the count of people is for the framing check only
      r.people = null;
      setBoard(EMPTY);
      setSetStarted(Date.now());
      setSetEnded(null);
      setPhase('live');
    } catch (err) {
      if (err.field === 'side') {
        setPhase('choose');
        setErrors({ side: err.message });
      }
      setMessage(`The set could not start: ${err.message}`);
    } finally {
      setBusy(false);
    }
  };

  const finish = () => {
    const r = rt.current;
    if (r.link) r.link.end();
    setConn((c) => ({ ...(c || {}), ending: true }));
  };

  const toggleSpeak = (on) => {
    setSpeak(on);
    if (rt.current.speaker) rt.current.speaker.setEnabled(on);
  };

  const exerciseName = chosen ? chosen.name : exercise;
  return html`<section class="live">
    <div class="page-head">
      <h1 tabindex="-1">Live exercise${phase !== 'choose' && exerciseName ? html`<span class="subtitle">${exerciseName}${oneSided && side ? `, ${side} side` : ''}</span>` : null}</h1>
      <${Link} href=${`/patients/${encodeURIComponent(id)}`}>Back to the record<//>
    </div>
    <p class="hint">The camera picture stays on this device: only the positions of your joints are sent.</p>
    <${Alert} message=${message} />
    ${phase === 'choose'
      ? html`<form class="panel" onSubmit=${openCamera} novalidate>
          <${Alert} message=${exercises.error ? `The exercises could not be loaded: ${exercises.error.message}` : null} />
          <${SelectField} id="live-exercise" label="Exercise" value=${exercise} onValue=${(v) => { setExercise(v); setSide(''); }} error=${errors.exercise}
            placeholder="Choose an exercise" options=${list.map((e) => ({ value: e.id, label: e.name }))} required />
          ${oneSided ? html`<${RadioGroup} name="live-side" legend="Side" value=${side} onValue=${setSide} options=${SIDES} error=${errors.side} />` : null}
          ${viewAdvice(chosen) ? html`<p class="hint" data-testid="view-advice">${viewAdvice(chosen)}</p>` : null}
          <div class="actions"><button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Starting the camera…' : 'Turn on the camera'}</button></div>
        </form>`
      : null}
    <div class="live-grid" hidden=${phase === 'choose'}>
      <div class="stage" data-testid="stage">
        <video ref=${video} muted playsinline aria-label="Your camera picture (stays on this device)"></video>
        <canvas ref=${canvas} class="overlay" data-testid="skeleton" aria-hidden="true"></canvas>
      </div>
      <div class="live-side">
        ${phase === 'camera'
          ? html`${viewAdvice(chosen) ? html`<p class="hint" data-testid="view-advice-camera">${viewAdvice(chosen)}</p>` : null}
              <p class=${framing.ok ? 'framing framing-ok' : 'framing'} role="status" data-testid="framing">${framing.advice}</p>
              <div class="actions"><button type="button" class="primary" onClick=${start} aria-disabled=${!framing.ok || busy ? 'true' : undefined}>Start the set</button></div>`
          : null}
        ${phase === 'live' || phase === 'done'
          ? html`<${Scoreboard} reps=${board.reps} lastRep=${board.lastRep} cue=${board.cue} cueCount=${board.cues} pain=${board.pain} refusals=${board.refusals} notCounted=${board.notCounted} />
              ${phase === 'live' ? html`<${SetTimer} since=${setStarted} target=${prescribed} />` : null}
              ${phase === 'live'
                ? html`<${ScaleGroup} name="live-pain" legend="Pain right now (0-10): tap when it changes" value=${painChoice} low="no pain" high="worst imaginable"
                    onValue=${(v) => { setPainChoice(v); if (rt.current.link) rt.current.link.pain(Number(v)); }} />`
                : null}
              <p class="meta" data-testid="watchers">${watchers > 0 ? html`<span class="badge badge-watch">Watched by ${watchers}</span>` : 'No one is watching.'}</p>
              <p class="meta" data-testid="connection">${conn && conn.reconnecting
                ? 'The connection dropped: reconnecting. Your movements are kept and sent when it is back.'
                : conn && conn.closed ? 'The set is stored; the connection is closed.'
                : conn && conn.connected ? 'Connected: your movements are being sent.' : 'Connecting…'}</p>`
          : null}
        ${phase === 'live'
          ? html`<div class="actions"><button type="button" class="primary" onClick=${finish} aria-disabled=${conn && conn.ending ? 'true' : undefined}>${conn && conn.ending ? 'Finishing…' : 'Finish set'}</button></div>`
          : null}
        ${phase !== 'choose'
          ? html`<div class="radio speak"><input type="checkbox" id="live-speak" checked=${speak} onChange=${(e) => toggleSpeak(e.currentTarget.checked)} /><label for="live-speak">Speak the count and cues</label></div>`
          : null}
        ${phase === 'done' && complete
          ? html`<div class="panel set-complete">
              <h2>Set complete</h2>
              <p data-testid="set-complete">${repWords(complete.repetitions)} shown${complete.partial ? ` (and ${complete.partial} partial)` : ''}${complete.state === 'interrupted' ? ' · the set was interrupted' : ''}.</p>
              ${setEnded ? html`<${RestTimer} since=${setEnded} seconds=${prescribed && prescribed.rest_s > 0 ? prescribed.rest_s : 60} />` : null}
              ${session ? html`<${SetReport} sessionId=${session.id} reported=${board.maxPain} onSaved=${() => setReported((n) => n + 1)} />` : null}
              ${session ? html`<${StoredResult} sessionId=${session.id} refresh=${reported} />` : null}
              <div class="actions"><a class="button" href=${`/patients/${encodeURIComponent(id)}/live${window.location.search}`}>Do another set</a> <a class="button" href="/today">Today's exercises</a></div>
            </div>`
          : null}
      </div>
    </div>
  </section>`;
}

// ---- After the set: pain and effort ------------------------------------------------------------------


function SetReport({ sessionId, reported, onSaved = () => {} }) {
  // The highest pain reported during the set is the starting answer; the patient may change it.
  const [pain, setPain] = useState(typeof reported === 'number' ? String(reported) : '');
  const [rpe, setRpe] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  if (saved)
    return html`<p class="alert alert-success" role="status">Thank you: your pain and effort are saved with this set.</p>
      <${PainAdvice} advice=${saved.advice} />`;
  const submit = async (e) => {
    e.preventDefault();
    if (pain === '') {
      setError('Choose your highest pain during or right after the set, 0-10.');
      return;
    }
    const body = { pain_during_nprs: Number(pain) };
    if (rpe !== '') body.rpe = Number(rpe);
    if (comment.trim()) body.comment = comment.trim();
    setBusy(true);
    try {
      const r = await post(`/api/live-sessions/${encodeURIComponent(sessionId)}/report`, body);
      setSaved({ advice: r && r.advice });
      onSaved();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return html`<form onSubmit=${submit} novalidate aria-label="How was the set?">
    <${ScaleGroup} name="set-pain" legend="Highest pain during or right after the set (0-10)" value=${pain} onValue=${setPain} low="no pain" high="worst imaginable" error=${error} />
    <${Field} id="set-rpe" label="How hard was it? (0 = rest, 10 = maximal)" type="number" inputmode="numeric" min="0" max="10" optional value=${rpe} onValue=${setRpe} />
    <${Field} id="set-comment" label="Anything to tell your physiotherapist?" optional value=${comment} onValue=${setComment} maxlength="1000" />
    <div class="actions"><button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Saving…' : 'Save'}</button></div>
  </form>`;
}

// ---- The clinician's watch page ------------------------------------------------------------------------

export function WatchPage({ id, sessionId }) {
  const info = useLoad(`/api/live-sessions/${encodeURIComponent(sessionId)}`);
  const ex = useLoad('/api/exercises');
  const [board, setBoard] = useState(EMPTY);
  const [state, setState] = useState('connecting');
  const [poses, setPoses] = useState(0);
  const canvas = useRef(null);
  useEffect(() => {
    const ws = new WebSocket(wsUrl(`/api/live-sessions/${encodeURIComponent(sessionId)}/watch`));
    let n = 0;
    ws.onmessage = (e) => {
      let m;
      try {
        m = JSON.parse(e.data);
      } catch {
        return;
      }
      if (m.type === 'watching') setState('watching');
      if (m.type === 'pose') {
        n++;
        const c = canvas.current;
        if (c) {
          drawSkeleton(c, m.landmarks);
          c.dataset.drawn = String(n);
        }
        if (n % 6 === 0) setPoses(n);
      }
      if (m.type === 'set_complete') setState('complete');
      setBoard((b) => fold(b, m));
    };
    ws.onclose = (e) => setState((s) => (s === 'complete' ? s : e.reason ? `closed: ${e.reason}` : 'closed'));
    return () => ws.close(1000, 'page closed');
  }, [sessionId]);
  const s = info.data;
  const name = s && Array.isArray(ex.data) ? (ex.data.find((e) => e.id === s.exercise_id) || {}).name : null;
  const closed = state.startsWith('closed') || state === 'complete';
  return html`<section class="live watch">
    <div class="page-head">
      <h1 tabindex="-1">Watching a live session${s ? html`<span class="subtitle">${name || s.exercise_id}${s.side ? `, ${s.side} side` : ''}</span>` : null}</h1>
      <${Link} href=${`/patients/${encodeURIComponent(id)}`}>Back to the record<//>
    </div>
    <${Alert} message=${info.error ? `The session could not be loaded: ${info.error.message}` : null} />
    <p class="status-line" role="status" data-testid="watch-state">${state === 'connecting'
      ? 'Connecting…'
      : state === 'watching' ? 'Watching as it happens. The patient sees that you are watching.'
      : state === 'complete' ? 'The set is complete and stored.' : `The session has ended (${state.replace(/^closed:? ?/, '') || 'closed'}).`}</p>
    <div class="live-grid">
      <div class="stage stage-dark"><canvas ref=${canvas} width="480" height="360" class="overlay" data-testid="watch-skeleton" role="img"
        aria-label=${`The patient's skeleton, ${poses} poses received`}></canvas></div>
      <div class="live-side">
        <${Scoreboard} reps=${board.reps} lastRep=${board.lastRep} cue=${board.cue} cueCount=${board.cues} pain=${board.pain} refusals=${board.refusals} notCounted=${board.notCounted} />
        ${closed && s ? html`<${StoredResult} sessionId=${sessionId} />` : null}
      </div>
    </div>
  </section>`;
}

/** The patient's open live sessions with "Watch" (on the patient page, for clinicians). */
export function OpenLiveSessions({ patientId, exercises }) {
  const [version, setVersion] = useState(0);
  const r = useLoad(`/api/patients/${encodeURIComponent(patientId)}/live-sessions`, version);
  useEffect(() => {
    const t = setInterval(() => setVersion((v) => v + 1), 5000);
    return () => clearInterval(t);
  }, []);
  const items = (r.data && Array.isArray(r.data.items) ? r.data.items : []).filter((s) => s.state === 'open');
  if (r.error && r.error.status === 403) return null;
  return html`<section aria-labelledby="live-h" class="panel" id="live-sessions">
    <h2 id="live-h">Live sessions now</h2>
    ${r.data && !items.length ? html`<p class="empty">No live session is open.</p>` : null}
    <ul class="cards">
      ${items.map((s) => {
        const name = exerciseName(exercises, s.exercise_id);
        return html`<li key=${s.id} class="card">
          <strong>${name}${s.side ? `, ${s.side} side` : ''}</strong>
          <span class="meta">Started ${new Date(s.created).toLocaleTimeString()} · ${repWords(s.repetitions_live || 0)} so far</span>
          <div class="actions"><${Link} class="button" href=${`/patients/${encodeURIComponent(patientId)}/live/${encodeURIComponent(s.id)}`}>Watch<span class="visually-hidden"> ${name}</span><//></div>
        </li>`;
      })}
    </ul>
  </section>`;
}
