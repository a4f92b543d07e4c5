// Moving an appointment, or marking free time, on the calendar's grid (docs/server/scheduling.md, "Booking
// by drag"): pure steps shared by the pointer and the keyboard, in slots of SLOT_MIN minutes.

export const SLOT_MIN = 15;

/** `minute` kept inside the grid's [lo, hi) so that `length` minutes still fit. */
export function clampMinute(minute, lo, hi, length) {
  return Math.max(lo, Math.min(minute, hi - Math.max(length, SLOT_MIN)));
}

/** The start after a pointer moved `dyPx` pixels: rounded to the nearest slot, inside the grid. */
export function dragMinute(fromMinute, dyPx, pxPerMin, lo, hi, length) {
  return clampMinute(fromMinute + Math.round(dyPx / pxPerMin / SLOT_MIN) * SLOT_MIN, lo, hi, length);
}

/** The minute under a pointer at `y` pixels from the top of a column, rounded down to a slot. */
export function minuteAt(y, pxPerMin, lo) {
  return lo + Math.floor(y / pxPerMin / SLOT_MIN) * SLOT_MIN;
}

/** Index of the column rectangle under `x`, or `fallback`. */
export function columnAt(rects, x, fallback) {
  const i = rects.findIndex((r) => x >= r.left && x < r.right);
  return i < 0 ? fallback : i;
}

/**
 * One key while an appointment is picked up: the new { col, minute }, or null for a key that does not move
 * it. Up and down move by a slot; left and right by a column (a day, or a clinician in the clinic's day).
 */
export function keyStep(key, at, ncols, lo, hi, length) {
  switch (key) {
    case 'ArrowUp': return { col: at.col, minute: clampMinute(at.minute - SLOT_MIN, lo, hi, length) };
    case 'ArrowDown': return { col: at.col, minute: clampMinute(at.minute + SLOT_MIN, lo, hi, length) };
    case 'ArrowLeft': return { col: Math.max(0, at.col - 1), minute: at.minute };
    case 'ArrowRight': return { col: Math.min(ncols - 1, at.col + 1), minute: at.minute };
    default: return null;
  }
}
