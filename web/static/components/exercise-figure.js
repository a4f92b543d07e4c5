// An exercise's figure (GET /api/exercises/{id}/figure.svg; docs/metrics/figures.md): the start and end
// postures, and on request the movement itself (an SVG animation, no script). The parts that move are in the
// accent colour. Shown where a patient reads how to do an exercise and where a physiotherapist chooses one.
import { html, useState } from '../lib/html.js';

/** `exercise`: an entry of GET /api/exercises; `side`: "left" or "right" for a one-sided prescription. */
export function ExerciseFigure({ exercise, side, compact }) {
  const [moving, setMoving] = useState(false);
  if (!exercise || !exercise.figure) return null;
  const q = new URLSearchParams();
  if (moving) q.set('animated', 'true');
  if (side === 'left' || side === 'right') q.set('side', side);
  const src = `/api/exercises/${encodeURIComponent(exercise.id)}/figure.svg${q.toString() ? `?${q}` : ''}`;
  const alt = moving
    ? `${exercise.name}: the movement, repeated`
    : `${exercise.name}: on the left the starting position, on the right the position to move to`;
  return html`<figure class=${`exercise-figure${compact ? ' compact' : ''}`}>
    <img src=${src} alt=${alt} loading="lazy" decoding="async" />
    <figcaption>
      <button type="button" class="link-button" aria-pressed=${moving ? 'true' : 'false'} onClick=${() => setMoving((m) => !m)}>
        ${moving ? 'Show the two positions' : 'Show the movement'}<span class="visually-hidden">: ${exercise.name}</span>
      </button>
    </figcaption>
  </figure>`;
}

/** The clinic's own demonstration video of the exercise, when it has one (GET /api/exercises/{id}/video). */
export function ExerciseVideo({ exercise }) {
  if (!exercise || !exercise.video) return null;
  // A clinic's own exercise may have a picture instead (docs/server/clinic-exercises.md).
  if (String(exercise.media_type || '').startsWith('image/'))
    return html`<figure class="exercise-picture"><img src=${`/api/exercises/${encodeURIComponent(exercise.id)}/video`} alt=${`${exercise.name}: the clinic's picture`} loading="lazy" /></figure>`;
  return html`<details class="exercise-video">
    <summary>Watch your clinic's video<span class="visually-hidden">: ${exercise.name}</span></summary>
    <video controls preload="metadata" playsinline src=${`/api/exercises/${encodeURIComponent(exercise.id)}/video`} aria-label=${`${exercise.name}: the clinic's video`}></video>
  </details>`;
}
