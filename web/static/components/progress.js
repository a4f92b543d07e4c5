// The patient's exercise over time (uPlot): range of motion, repetitions and quality per exercise, pain
// during exercise and in the morning, and weekly adherence; each chart with its values as a table.
import { countOf } from '../lib/words.js';
import { html, useMemo } from '../lib/html.js';
import { useLoad } from '../lib/use-load.js';
import { ChartList } from './chart.js';
import { Alert } from './forms.js';
import { exerciseName, formatDate, formatDateTime } from '../lib/format.js';

function series(code, display, unit, points) {
  return { code, list: points.map((p) => ({ code, display, unit, time: p.time, value: p.value, method: p.method || '' })) };
}

export function ProgressPanel({ patientId, timeZone, names }) {
  const base = `/api/patients/${encodeURIComponent(patientId)}`;
  const logs = useLoad(`${base}/exercise-logs`);
  const morning = useLoad(`${base}/morning-pain`);
  const progress = useLoad(`${base}/progress?weeks=12`);
  const charts = useMemo(() => {
    const out = [];
    const all = logs.data ? logs.data.items : [];
    // A set the engine rejected is counted nowhere (listed below with its reason); the pain the patient
    // reported during it is still their report and stays on the pain chart.
    const items = all.filter((l) => l.counted !== false);
    const byEx = new Map();
    for (const l of items) {
      if (!byEx.has(l.exercise_id)) byEx.set(l.exercise_id, []);
      byEx.get(l.exercise_id).push(l);
    }
    for (const [id, list] of byEx) {
      const name = names[id] || id;
      const method = (l) => (l.source === 'live' ? 'live session' : 'logged by hand');
      out.push(series(`reps-${id}`, `Repetitions per session, ${name}`, '{repetitions}', list.map((l) => ({ time: l.done, value: l.reps_per_set.reduce((a, b) => a + b, 0), method: method(l) }))));
      const rom = list.filter((l) => l.rom_deg != null);
      if (rom.length) out.push(series(`rom-${id}`, `Range of motion, ${name}`, 'deg', rom.map((l) => ({ time: l.done, value: l.rom_deg, method: method(l) }))));
      const q = list.filter((l) => l.mean_quality != null);
      if (q.length) out.push(series(`quality-${id}`, `Movement quality, ${name}`, '{score}', q.map((l) => ({ time: l.done, value: l.mean_quality, method: method(l) }))));
    }
    const pain = all.filter((l) => l.pain_during_nprs != null);
    if (pain.length) out.push(series('pain-during', 'Pain during exercise', '/10', pain.map((l) => ({ time: l.done, value: l.pain_during_nprs, method: exerciseName(names, l.exercise_id) }))));
    const m = morning.data ? morning.data.items : [];
    if (m.length) out.push(series('pain-morning', 'Morning pain', '/10', m.map((x) => ({ time: x.at, value: x.nprs }))));
    for (const p of progress.data ? progress.data.programs : []) {
      const weeks = p.weeks.filter((w) => w.sessions_prescribed > 0);
      if (weeks.length) out.push(series(`adherence-${p.id}`, `Sessions done of prescribed per week, ${p.title}`, '%', weeks.map((w) => ({ time: `${w.first_day}T12:00:00Z`, value: w.session_pct, method: `${w.sessions_done} of ${countOf(w.sessions_prescribed, 'session')}, week of ${formatDate(w.first_day)}` }))));
    }
    // Adherence first: the week's count is what a clinician looks for.
    return [...out.filter((c) => c.code.startsWith('adherence-')), ...out.filter((c) => !c.code.startsWith('adherence-'))];
  }, [logs.data, morning.data, progress.data, names]);
  const rejected = logs.data ? logs.data.items.filter((l) => l.counted === false) : [];
  const error = logs.error || morning.error || progress.error;
  return html`<section aria-labelledby="progress-h" class="panel">
    <h2 id="progress-h">Exercise over time</h2>
    <${Alert} message=${error ? `Could not load the exercise history: ${error.message}` : null} />
    ${logs.data && !charts.length ? html`<p class="empty">No exercise sessions logged yet.</p>` : null}
    <${ChartList} charts=${charts} timeZone=${timeZone} />
    ${rejected.length
      ? html`<details class="not-counted" data-testid="not-counted-sets">
          <summary>${rejected.length} ${rejected.length === 1 ? 'set' : 'sets'} not counted</summary>
          <p>The analysis of the whole set rejected ${rejected.length === 1 ? 'it' : 'them'}; ${rejected.length === 1 ? 'it counts' : 'they count'} in no repetitions, adherence, streak, personal best, chart or note.</p>
          <ul>${rejected.map((l) => html`<li key=${l.id}><strong>${exerciseName(names, l.exercise_id)}</strong>, ${formatDateTime(l.done, timeZone)}: ${l.not_counted_reason}</li>`)}</ul>
        </details>`
      : null}
  </section>`;
}
