// BlazePose's 33 landmarks: drawing the skeleton on a canvas and checking the framing before a set.

export const LANDMARK_INDEX = {
  nose: 0, left_ear: 7, right_ear: 8, left_shoulder: 11, right_shoulder: 12, left_elbow: 13, right_elbow: 14,
  left_wrist: 15, right_wrist: 16, left_hip: 23, right_hip: 24, left_knee: 25, right_knee: 26,
  left_ankle: 27, right_ankle: 28, left_heel: 29, right_heel: 30, left_foot_index: 31, right_foot_index: 32,
};

// MediaPipe's POSE_CONNECTIONS without the face.
const CONNECTIONS = [
  [11, 12], [11, 13], [13, 15], [15, 17], [15, 19], [15, 21], [17, 19], [12, 14], [14, 16], [16, 18], [16, 20],
  [16, 22], [18, 20], [11, 23], [12, 24], [23, 24], [23, 25], [24, 26], [25, 27], [26, 28], [27, 29], [28, 30],
  [29, 31], [30, 32], [27, 31], [28, 32],
];

const seen = (l, min = 0.5) => l && Number.isFinite(l.x) && Number.isFinite(l.y) && !(l.visibility < min);

/**
 * Draws landmarks (normalised image coordinates, [{x, y, visibility}] or [[x, y, visibility]]) over the
 * whole canvas; clears it when there are none. Left side orange, right side blue, as the reports draw it.
 */
export function drawSkeleton(canvas, landmarks) {
  const ctx = canvas.getContext('2d');
  const w = canvas.width;
  const h = canvas.height;
  ctx.clearRect(0, 0, w, h);
  if (!landmarks || !landmarks.length) return 0;
  const pts = landmarks.map((l) => (Array.isArray(l) ? { x: l[0], y: l[1], visibility: l[2] } : l));
  const lw = Math.max(2, Math.round(Math.min(w, h) / 120));
  ctx.lineCap = 'round';
  let drawn = 0;
  for (const [a, b] of CONNECTIONS) {
    const p = pts[a];
    const q = pts[b];
    if (!seen(p, 0.3) || !seen(q, 0.3)) continue;
    const left = a % 2 === 1 && b % 2 === 1;
    const right = a % 2 === 0 && b % 2 === 0;
    ctx.strokeStyle = left ? '#ff9d2e' : right ? '#3fa9ff' : '#ffffff';
    ctx.lineWidth = lw + 2;
    ctx.globalAlpha = 0.55;
    ctx.strokeStyle = '#000000';
    ctx.beginPath();
    ctx.moveTo(p.x * w, p.y * h);
    ctx.lineTo(q.x * w, q.y * h);
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.lineWidth = lw;
    ctx.strokeStyle = left ? '#ff9d2e' : right ? '#3fa9ff' : '#ffffff';
    ctx.stroke();
    drawn++;
  }
  ctx.fillStyle = '#ffffff';
  for (let i = 11; i < pts.length; i++) {
    if (!seen(pts[i], 0.3)) continue;
    ctx.beginPath();
    ctx.arc(pts[i].x * w, pts[i].y * h, lw * 1.2, 0, 2 * Math.PI);
    ctx.fill();
  }
  return drawn;
}

const WORDS = (name) => name.replace(/_/g, ' ').replace('foot index', 'toes').replace('big toe', 'toes');

// GET /api/exercises names the parts in the engine's common joints; BlazePose calls the toes foot_index.
const ALIASES = { left_big_toe: 'left_foot_index', right_big_toe: 'right_foot_index' };
const indexOf = (name) => LANDMARK_INDEX[ALIASES[name] || name];
const otherSide = (name) => (name.startsWith('left_') ? `right_${name.slice(5)}` : name.startsWith('right_') ? `left_${name.slice(6)}` : name);
const HEAD = ['nose', 'left_ear', 'right_ear'];
const ANKLES = ['left_ankle', 'right_ankle'];
// Without the exercise's facts: the whole body, head to feet.
const WHOLE_BODY = ['nose', 'left_shoulder', 'right_shoulder', 'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle'];

/** What the page says when the picture is framed for the set. */
export const FRAMED_ADVICE = 'Good: the camera sees all this exercise needs. You can start.';

/**
 * The parts of the body the framing check asks to see for an exercise: `framing_required` of GET
 * /api/exercises (the engine's framing_required_joints: the shoulders and what its count is measured from;
 * the feet only when that angle needs an ankle), else `framing`, else its `joints`, else the whole body.
 */
export function framingParts(needs) {
  const given = (k) => needs && Array.isArray(needs[k]) && needs[k].length ? needs[k] : null;
  const list = given('framing_required') || given('framing') || given('joints') || WHOLE_BODY;
  return list.filter((j) => indexOf(j) !== undefined);
}

/**
 * Whether one pose result is framed for the exercise, and if not, what to do, in words: the engine's rule
 * (src/exercise/framing.cpp) on one result. Each part seen inside the picture, or hidden with its other
 * side seen there (the far side of a side view is hidden by the body); the head only when asked for, the
 * feet when an ankle is. The view is left to the engine's check (lib/framing.js).
 * needs: {framing: [names], joints: [names]} (an exercise of GET /api/exercises).
 */
export function framingAdvice(landmarks, needs) {
  if (!landmarks || !landmarks.length) {
    return { ok: false, advice: 'No one is in the picture. Stand in front of the camera, 2 to 3 metres away, with your whole body in view.' };
  }
  const at = (name) => landmarks[indexOf(name)];
  const placed = (l) => l && Number.isFinite(l.x) && Number.isFinite(l.y) && l.x >= 0 && l.x <= 1 && l.y >= 0 && l.y <= 1;
  const inside = (l) => seen(l) && placed(l);
  // Seen in the picture, or hidden (the far side of a side view, placed anywhere by the model) with the other
  // side seen there; a part seen outside the picture is cut off.
  const framed = (name) => inside(at(name)) || (!seen(at(name)) && inside(at(otherSide(name))));
  const parts = framingParts(needs);
  if (parts.some((j) => HEAD.includes(j)) && !HEAD.some((j) => inside(at(j)))) {
    return { ok: false, advice: 'Your head is not in the picture. Step back from the camera or tilt it up.' };
  }
  if (parts.some((j) => ANKLES.includes(j)) && !ANKLES.every(framed)) {
    return { ok: false, advice: 'Your feet are not in the picture. Step back from the camera or tilt it down.' };
  }
  for (const j of parts) {
    if (HEAD.includes(j) || ANKLES.includes(j)) continue;
    const l = at(j);
    if (seen(l) && (l.x < 0 || l.x > 1 || l.y < 0 || l.y > 1)) {
      return { ok: false, advice: `Your ${WORDS(j)} is outside the picture. Move towards the middle of the picture or step back.` };
    }
    if (!framed(j)) {
      return { ok: false, advice: `The camera cannot see your ${WORDS(j)} clearly. Make sure nothing covers it, the room is well lit and it is in the picture.` };
    }
  }
  // The view is the engine's to judge (lib/framing.js: its rule over the last results, as the batch path's),
  // not one frame's.
  return { ok: true, advice: FRAMED_ADVICE };
}
