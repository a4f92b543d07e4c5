// The patient's day: the morning pain question, today's exercises (what is due and why, with the
// instructions and the exercise's own cues), a live session or a log without the camera, and progress
// (this week, the streak, personal bests from clean sessions).
import { html, useState } from '../lib/html.js';
import { post } from '../lib/api.js';
import { Link } from '../lib/router.js';
import { useLoad } from '../lib/use-load.js';
import { Alert, Field, PainAdvice, RadioGroup, ScaleGroup, fieldMessage, focusFirstError } from '../components/forms.js';
import { dosageText, frequencyText, SIDE_WORDS } from '../lib/dosage.js';
import { exerciseName, formatDate, formatDateTime, formatNumber } from '../lib/format.js';
import { countOf, plural } from '../lib/words.js';
import { RemindersPanel } from '../components/reminders.js';
import { ExerciseFigure, ExerciseVideo } from '../components/exercise-figure.js';
import { NextQuestionnaire } from '../components/questionnaire-schedule.js';

const STATUS = {
  due: ['Due today', 'badge-due'],
  optional: ['You choose the day', 'badge-muted'],
  done_today: ['Done today', 'badge-done'],
  week_done: ['Done for this week', 'badge-done'],
};


function MorningPain({ patientId, onSaved }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    if (value === '') {
      setError('Choose a number from 0 (no pain) to 10 (worst pain imaginable).');
      return;
    }
    setBusy(true);
    try {
      const r = await post(`/api/patients/${encodeURIComponent(patientId)}/morning-pain`, { nprs: Number(value) });
      onSaved(r && r.advice);
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="panel" aria-labelledby="morning-h">
    <h2 id="morning-h">How was your pain when you got up today?</h2>
    <p class="hint">0 is no pain, 10 the worst pain you can imagine. It shows your physiotherapist how you took yesterday's exercise.</p>
    <form onSubmit=${submit} novalidate>
      <${ScaleGroup} name="morning-nprs" legend="Pain on getting up (0-10)" value=${value} onValue=${setValue} low="no pain" high="worst imaginable" error=${error} />
      <div class="actions"><button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Saving…' : 'Save'}</button></div>
    </form>
  </section>`;
}

function LogForm({ patientId, programId, item, onSaved, onCancel }) {
  const d = item.dosage || {};
  const [reps, setReps] = useState(Array.from({ length: d.sets || 1 }, () => String(d.reps || '')));
  const [pain, setPain] = useState('');
  const [effortKind, setEffortKind] = useState(d.load && d.load.kind === 'rir' ? 'rir' : 'rpe');
  const [effort, setEffort] = useState('');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState({});
  const [message, setMessage] = useState(null);
  const [busy, setBusy] = useState(false);
  const id = `log-${item.exercise_id}`;
  const submit = async (e) => {
    e.preventDefault();
    const form = e.currentTarget;
    const errs = {};
    const numbers = reps.map((r) => (r === '' ? 0 : Number(r)));
    numbers.forEach((n, i) => {
      if (!Number.isInteger(n) || n < 0 || n > 1000) errs[`reps${i}`] = 'Give a whole number of repetitions (0 if you did not do this set).';
    });
    if (pain === '') errs.pain = 'Choose your highest pain during or right after the exercise, 0-10.';
    if (effort !== '' && (Number(effort) < 0 || Number(effort) > 10)) errs.effort = 'Effort is a number from 0 to 10.';
    setErrors(errs);
    if (Object.keys(errs).length) {
      focusFirstError(form);
      return;
    }
    const body = { exercise_id: item.exercise_id, program_id: programId, reps_per_set: numbers, pain_during_nprs: Number(pain) };
    if (effort !== '') body[effortKind] = Number(effort);
    if (comment.trim()) body.comment = comment.trim();
    setBusy(true);
    setMessage(null);
    try {
      const r = await post(`/api/patients/${encodeURIComponent(patientId)}/exercise-logs`, body);
      onSaved(r && r.advice);
    } catch (err) {
      if (err.field) setErrors({ [err.field]: fieldMessage(err.field, err.message) });
      setMessage(err.message);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="log-form" onSubmit=${submit} novalidate aria-label=${`Log ${item.name} without the camera`}>
    <${Alert} message=${message} />
    <fieldset class="field">
      <legend>${d.hold_s > 0 ? 'Holds done in each set' : 'Repetitions done in each set'}</legend>
      <div class="inline-fields">
        ${reps.map((r, i) => html`<${Field} id=${`${id}-set${i}`} label=${`Set ${i + 1}`} type="number" inputmode="numeric" min="0" max="1000"
          value=${r} error=${errors[`reps${i}`]} onValue=${(v) => setReps((x) => x.map((y, k) => (k === i ? v : y)))} />`)}
      </div>
    </fieldset>
    <${ScaleGroup} name=${`${id}-pain`} legend="Highest pain during or right after (0-10)" value=${pain} onValue=${setPain} low="no pain" high="worst imaginable" error=${errors.pain || errors.pain_during_nprs} />
    <${RadioGroup} name=${`${id}-effort-kind`} legend="How do you want to rate the effort?" value=${effortKind} onValue=${setEffortKind}
      options=${[{ value: 'rpe', label: 'How hard it was (0-10)' }, { value: 'rir', label: 'How many more I could have done' }]} />
    <${Field} id=${`${id}-effort`} label=${effortKind === 'rpe' ? 'Effort of the last set (0 = rest, 10 = maximal)' : 'After the last set, how many more repetitions could you have done? (0 = not one more)'}
      type="number" inputmode="numeric" min="0" max="10" optional value=${effort} onValue=${setEffort} error=${errors.effort || errors.rpe || errors.rir} />
    <${Field} id=${`${id}-comment`} label="Anything to tell your physiotherapist?" optional value=${comment} onValue=${setComment} maxlength="1000" />
    <div class="actions">
      <button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Saving…' : 'Save this session'}</button>
      <button type="button" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}

function ExerciseItem({ patientId, program, item, exercise, onSaved }) {
  const [logging, setLogging] = useState(false);
  const [label, cls] = STATUS[item.status] || [item.status, 'badge-muted'];
  const name = exercise ? exercise.name : item.exercise_id;
  const side = SIDE_WORDS[item.side] || '';
  const live = `/patients/${encodeURIComponent(patientId)}/live?exercise=${encodeURIComponent(item.exercise_id)}&program=${encodeURIComponent(program.id)}${item.side === 'left' || item.side === 'right' ? `&side=${item.side}` : ''}`;
  const headingId = `ex-${item.exercise_id}`;
  // A clinic's own exercise that the camera does not measure is logged by hand only.
  const camera = !(exercise && exercise.clinic && !exercise.measured);
  const actions = html`<div class="actions">
    ${camera ? html`<${Link} href=${live} class="button primary">Exercise with the camera<//>` : null}
    <button type="button" class=${camera ? undefined : 'primary'} onClick=${() => setLogging(true)}>Log without the camera</button>
  </div>`;
  const dosage = html`<p><strong>${dosageText(item.dosage)}</strong>; ${frequencyText(item.dosage)}.${item.target_rom_deg ? ` Aim for about ${formatNumber(item.target_rom_deg, 0)}° of movement.` : ''}</p>`;
  const howTo = exercise && exercise.description ? html`<details><summary>How to do it</summary><${ExerciseFigure} exercise=${exercise} side=${item.side} /><${ExerciseVideo} exercise=${exercise} />${exercise.position_words ? html`<p>Starting position: ${exercise.position_words}</p>` : null}${exercise.clinic && exercise.steps ? html`<ol class="steps">${exercise.steps.map((st) => html`<li>${st}</li>`)}</ol>` : html`<p>${exercise.description}</p>`}
      ${exercise.cues && exercise.cues.length ? html`<p>What the coach watches for:</p><ul>${exercise.cues.map((c) => html`<li>${c.text}</li>`)}</ul>` : null}
      ${exercise.contraindications ? html`<p class="note">${exercise.contraindications}</p>` : null}</details>` : null;
  const done = item.status === 'done_today' || item.status === 'week_done';
  return html`<li class=${`card today-item today-${item.status}`} aria-labelledby=${headingId}>
    <h3 class="card-title" id=${headingId}>${name}${side ? html` <span class="muted">(${side})</span>` : null}</h3>
    <p><span class=${`badge ${cls}`}>${label}</span> ${item.why}</p>
    ${item.notes ? html`<p class="note">From your physiotherapist: ${item.notes}</p>` : null}
    ${logging
      ? html`${dosage}<${LogForm} patientId=${patientId} programId=${program.id} item=${{ ...item, name }} onSaved=${(advice) => { setLogging(false); onSaved(`${name}: saved.`, advice); }} onCancel=${() => setLogging(false)} />`
      : done
        // Done: the dose, how to do it and the ways to do it again are folded, so what is still due stays near
        // the top on a phone.
        ? html`<details class="again"><summary>Do it again</summary>${dosage}${howTo}${actions}</details>`
        : html`${dosage}${howTo}${actions}`}
  </li>`;
}

/**
 * What waits for the patient besides exercise: new messages from the clinic and the next appointment, each a
 * link to its place on the record (docs/server/messages.md; docs/server/scheduling.md).
 */
function WaitingStrip({ patientId, version }) {
  const base = `/api/patients/${encodeURIComponent(patientId)}`;
  const msgs = useLoad(`${base}/messages`, version);
  const appts = useLoad(`${base}/appointments`, version);
  const unread = msgs.data ? msgs.data.unread : 0;
  const now = Date.now();
  const next = (Array.isArray(appts.data) ? appts.data : [])
    .filter((a) => a.status === 'booked' && new Date(a.start).getTime() > now)
    .sort((a, b) => String(a.start).localeCompare(String(b.start)))[0];
  if (!msgs.data && !appts.data) return null;
  return html`<section class="panel waiting-strip" aria-labelledby="waiting-h" data-testid="today-waiting">
    <h2 id="waiting-h">Messages and appointments</h2>
    <p>${unread
      ? html`<${Link} href=${`/patients/${encodeURIComponent(patientId)}#messages`}><strong>${countOf(unread, 'new message')}</strong> from your clinic<//>`
      : html`No new messages. <${Link} href=${`/patients/${encodeURIComponent(patientId)}#messages`}>Write to your physiotherapist<//>`}</p>
    <p>${next
      ? html`Next appointment: <${Link} href=${`/patients/${encodeURIComponent(patientId)}#appointments`}><strong>${formatDateTime(next.start)}</strong><//>${next.practitioner_name ? ` with ${next.practitioner_name}` : ''}`
      : 'No appointment booked.'}</p>
  </section>`;
}

function Bests({ bests, names }) {
  const shown = (bests || []).filter((b) => b.clean_sessions > 0);
  if (!shown.length) return null;
  // Folded in the week's summary, so the day's exercises stay near the top on a phone.
  return html`<details class="bests" data-testid="personal-bests"><summary>Your personal bests (${shown.length})</summary>
    <p class="hint">From sessions without a serious form warning: good form first.</p>
    <ul>${shown.map((b) => html`<li>
      <strong>${exerciseName(names, b.exercise_id)}</strong>: ${[b.reps ? `${countOf(b.reps, 'repetition')} in one session` : null, b.rom_deg != null ? `range ${formatNumber(b.rom_deg, 0)}°` : null, b.quality != null ? `quality ${formatNumber(b.quality, 0)}/100` : null].filter(Boolean).join(' · ')}
    </li>`)}</ul>
  </details>`;
}

export function TodayPage({ user }) {
  const pid = user && user.patient_id;
  const [version, setVersion] = useState(0);
  const [flash, setFlash] = useState(null);
  const [advice, setAdvice] = useState(null);
  const today = useLoad(pid ? `/api/patients/${encodeURIComponent(pid)}/today` : null, version);
  const progress = useLoad(pid ? `/api/patients/${encodeURIComponent(pid)}/progress?weeks=4` : null, version);
  const ex = useLoad('/api/exercises');
  const byId = {};
  const names = {};
  for (const e of Array.isArray(ex.data) ? ex.data : []) {
    byId[e.id] = e;
    names[e.id] = e.name;
  }
  const t = today.data;
  const saved = (msg, painAdvice) => {
    setFlash(msg);
    setAdvice(painAdvice || null);
    setVersion((v) => v + 1);
  };
  if (!pid) return html`<section><h1 tabindex="-1">Today</h1><p>This login is not linked to a patient record.</p></section>`;
  const programs = t ? t.programs : [];
  const streak = programs.reduce((m, p) => Math.max(m, p.current_streak_days || 0), 0);
  const week = programs.map((p) => p.this_week).filter(Boolean);
  const done = week.reduce((s, w) => s + w.sessions_done, 0);
  const prescribed = week.reduce((s, w) => s + w.sessions_prescribed, 0);
  return html`<section class="today">
    <h1 tabindex="-1">Today${t ? html` <span class="muted">· ${formatDate(t.date)}</span>` : null}</h1>
    <${Alert} kind="success" message=${flash} />
    <${PainAdvice} advice=${advice} />
    <${Alert} message=${today.error ? `Could not load today's exercises: ${today.error.message}` : null} />
    ${t && t.morning_pain.asked && !t.morning_pain.answer ? html`<${MorningPain} patientId=${pid} onSaved=${(a) => saved('Thank you: your morning pain is saved.', a)} />` : null}
    ${t && t.morning_pain.answer ? html`<p class="muted">Morning pain today: ${t.morning_pain.answer.nprs}/10.</p>` : null}
    ${t
      ? html`<section class="panel summary-strip" aria-labelledby="sum-h">
          <h2 id="sum-h" class="visually-hidden">Summary</h2>
          <p><strong>${t.due}</strong> ${t.due === 1 ? 'exercise' : 'exercises'} due · <strong>${t.done}</strong> done today</p>
          ${prescribed ? html`<p>This week: <strong>${done} of ${countOf(prescribed, 'session')}</strong> (${Math.round((100 * done) / prescribed)} %)</p>` : null}
          <p>Streak: <strong>${streak}</strong> ${plural(streak, 'day')} with every due exercise done</p>
          <${Bests} bests=${progress.data && progress.data.personal_bests} names=${names} />
        </section>`
      : null}
    <${WaitingStrip} patientId=${pid} version=${version} />
    <${NextQuestionnaire} patientId=${pid} version=${version} panel />
    ${t && t.not_counted && t.not_counted.length
      ? html`<section class="panel not-counted" aria-labelledby="nc-h" data-testid="not-counted-today">
          <h2 id="nc-h">Not counted today</h2>
          <p>The check of the whole set found a problem, so ${t.not_counted.length === 1 ? 'this set does' : 'these sets do'} not count towards your exercise, your streak or your bests. You can do the set again.</p>
          <ul>${t.not_counted.map((n) => html`<li key=${n.id}><strong>${(byId[n.exercise_id] && byId[n.exercise_id].name) || n.exercise_id}</strong>
            <details class="why"><summary>Why it was not counted</summary><p>${n.reason}</p></details></li>`)}</ul>
        </section>`
      : null}
    ${t && !programs.length ? html`<p class="empty">You have no home exercise program yet. Your physiotherapist prescribes it; you can still <${Link} href=${`/patients/${encodeURIComponent(pid)}/live`}>practise an exercise with the camera<//>.</p>` : null}
    ${programs.map((p) => html`<section class="panel" aria-labelledby=${`prog-${p.id}`} key=${p.id}>
      <h2 id=${`prog-${p.id}`}>${p.title}</h2>
      <ul class="cards">${p.items.map((it) => html`<${ExerciseItem} key=${it.exercise_id} patientId=${pid} program=${p} item=${it} exercise=${byId[it.exercise_id]} onSaved=${saved} />`)}</ul>
      <p><a href=${`/api/programs/${encodeURIComponent(p.id)}/print`} download>Print these exercises (PDF)</a></p>
    </section>`)}
    <${RemindersPanel} patientId=${pid} />
    <p><${Link} href=${`/patients/${encodeURIComponent(pid)}`}>My record<//></p>
  </section>`;
}
