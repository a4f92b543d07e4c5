// The live state of an analysis job: polls GET /api/jobs/{id} every second while it is queued or running.
import { html, useEffect, useRef, useState } from '../lib/html.js';
import { get } from '../lib/api.js';

const FINISHED = new Set(['done', 'failed']);
const STATE_WORDS = { queued: 'Waiting to be analysed', running: 'Analysing', done: 'Analysis finished', failed: 'Analysis failed' };

export function isFinished(job) {
  return !!job && FINISHED.has(job.state);
}

export function useJob(initial, onFinished) {
  const [job, setJob] = useState(initial || null);
  const [pollError, setPollError] = useState(null);
  const finishedRef = useRef(onFinished);
  finishedRef.current = onFinished;
  const jobId = initial && initial.id;
  const startFinished = isFinished(initial);

  useEffect(() => {
    if (!jobId || startFinished) return undefined;
    let stopped = false;
    let timer = null;
    let failures = 0;
    const tick = async () => {
      try {
        const j = await get(`/api/jobs/${encodeURIComponent(jobId)}`);
        if (stopped) return;
        failures = 0;
        setPollError(null);
        setJob(j);
        if (isFinished(j)) {
          if (finishedRef.current) finishedRef.current(j);
          return;
        }
      } catch (e) {
        if (stopped) return;
        failures++;
        if (e.status === 404 || e.status === 403 || e.status === 401) {
          setPollError(e.message);
          return;
        }
        if (failures >= 3) setPollError(`Could not get the job's state (${e.message}); still trying.`);
      }
      timer = window.setTimeout(tick, failures ? Math.min(10000, 1000 * 2 ** failures) : 1000);
    };
    timer = window.setTimeout(tick, 1000);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [jobId, startFinished]);

  return { job, pollError };
}

/** The state in words (announced politely) and a progress bar while running. */
export function JobStatus({ job, pollError, label }) {
  // A long reason shows its first lines until asked for (the whole text stays in the page for screen readers).
  const [whole, setWhole] = useState(false);
  if (!job) return null;
  const reason = job.error || job.message || 'The engine gave no reason.';
  const long = reason.length > 160;
  const errId = `job-error-${job.id}`;
  const pct = typeof job.progress === 'number' ? Math.round(Math.max(0, Math.min(1, job.progress)) * 100) : null;
  const words = STATE_WORDS[job.state] || `State: ${job.state}`;
  return html`<div class=${`job job-${job.state}`}>
    <p class="job-state" role="status" aria-live="polite" aria-atomic="true">
      <span class="visually-hidden">${label}: </span>
      <span class="badge">${words}</span>
      ${job.state === 'running' && pct !== null ? html` <span>${pct}%</span>` : null}
      ${job.state === 'failed' ? html` <span class=${`job-error${long && !whole ? ' clamped' : ''}`} id=${errId}>${reason}</span>` : null}
    </p>
    ${job.state === 'failed' && long
      ? html`<button type="button" class="link-button" aria-expanded=${whole ? 'true' : 'false'} aria-controls=${errId} onClick=${() => setWhole((w) => !w)}>${whole ? 'Show less of the reason' : 'Show the whole reason'}</button>`
      : null}
    ${job.state === 'running' || job.state === 'queued'
      ? html`<div class="job-progress">
          <progress max="100" value=${job.state === 'running' && pct !== null ? pct : undefined}
            aria-label=${`${label}: progress`} aria-valuetext=${job.state === 'running' && pct !== null ? `${pct} percent` : 'waiting'}></progress>
          ${job.message ? html`<span class="job-message">${job.message}</span>` : null}
        </div>`
      : null}
    ${pollError ? html`<p class="field-error" role="alert">${pollError}</p>` : null}
  </div>`;
}
