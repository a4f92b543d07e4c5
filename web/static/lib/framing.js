// The engine's framing check before a live set (POST /api/patients/{id}/live-framing). The pose estimator
// in this page follows one person and cannot say whether others are in view; the server's check, over the
// last pose results, finds the landmarks switching between people, a body partly out of the picture and a
// view the exercise is not assessed from, and says what to change; the page's count of people in view
// (lib/pose.js createPeopleCounter) goes with them. Only landmarks are sent, never the
// picture. The page's own check (lib/body.js) runs on every result; this one once it passes, every 2 s.
import { post } from './api.js';

const FRAMES = 30; // the last second or two of pose results
const EVERY_MS = 2000;

/** "the feet are not in the picture. Step back" -> "The feet are not in the picture. Step back." */
export function sentence(reason) {
  const s = String(reason).trim();
  if (!s) return s;
  return s[0].toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? '' : '.');
}

/**
 * A check for one patient and exercise: push(tMs, landmarks) each pose result; verdict(localOk) gives
 * {ok, advice} (ok only when the page's own check and the server's last answer both pass) and asks the
 * server again when its answer is older than 2 s. onAnswer() is called when an answer arrives.
 */
export function createFramingCheck({ patientId, exercise, onAnswer }) {
  const frames = [];
  const counts = []; // {at, n}: people seen (lib/pose.js createPeopleCounter), the last 3 s
  let answer = null; // {ok, advice, at}
  let inFlight = false;
  let size = { width: 0, height: 0 };

  // The most people seen in two counts in a row (one count alone may be a shadow or a tree).
  const peopleInView = () => {
    let most = counts.length === 1 ? Math.min(counts[0].n, 1) : 0;
    for (let i = 1; i < counts.length; i++) most = Math.max(most, Math.min(counts[i - 1].n, counts[i].n));
    return most;
  };

  const ask = async () => {
    inFlight = true;
    try {
      const r = await post(`/api/patients/${encodeURIComponent(patientId)}/live-framing`, {
        exercise,
        image_width: size.width,
        image_height: size.height,
        frames: frames.slice(),
        people_in_view: peopleInView(),
      });
      const reasons = Array.isArray(r.reasons) ? r.reasons : [];
      answer = { ok: !!r.ok, advice: r.ok ? null : reasons.map(sentence).join(' '), at: performance.now() };
    } catch (e) {
      answer = { ok: false, advice: `The framing could not be checked: ${e.message}. Trying again…`, at: performance.now() };
    } finally {
      inFlight = false;
      if (onAnswer) onAnswer();
    }
  };

  return {
    /** What was asked and answered, for the browser tests. */
    get state() {
      return { people: counts.map((c) => c.n), answer };
    },
    push(tMs, landmarks, width, height) {
      size = { width, height };
      const ok = Array.isArray(landmarks) && landmarks.length === 33 && landmarks.every((l) => Number.isFinite(l.x) && Number.isFinite(l.y));
      const t = frames.length && tMs <= frames[frames.length - 1].t_ms ? frames[frames.length - 1].t_ms + 0.001 : tMs;
      frames.push({ t_ms: t, landmarks: ok ? landmarks.map((l) => [l.x, l.y, Number.isFinite(l.visibility) ? l.visibility : 0]) : null });
      if (frames.length > FRAMES) frames.shift();
    },
    /** How many people the page's counter saw in the picture just now. */
    people(n) {
      const now = performance.now();
      counts.push({ at: now, n });
      while (counts.length && now - counts[0].at > 3000) counts.shift();
    },
    verdict(localOk) {
      if (!localOk) {
        answer = null; // what the server said was about another picture
        return null;
      }
      if (!inFlight && frames.length >= FRAMES && (!answer || performance.now() - answer.at > EVERY_MS)) ask();
      if (!answer) return { ok: false, advice: 'Checking the framing: stay in view…' };
      return answer.ok ? { ok: true, advice: null } : { ok: false, advice: answer.advice };
    },
  };
}
