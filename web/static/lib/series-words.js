// The confirmation a booking gives in words: one visit, or a weekly series naming every booked date and
// each date left out with its reason (a closed day, a clash), never a left-out date as if booked.
import { dayLabel, zonedParts, clock } from './zoned.js';

/** "Ana Costa is booked on Thursday 3 December at 09:00." or, for a series, "Ana Costa is booked for 4
 *  visits at 09:00: Thu 3 Dec; Thu 10 Dec; Thu 17 Dec; Thu 7 Jan. Not booked: Thu 24 Dec (the clinic is
 *  closed (Christmas Eve))." `answer` is the server's answer to the booking, `tz` the clinic's zone. */
export function bookedMessage(name, answer, tz) {
  const visits = answer && answer.appointments ? answer.appointments : [answer];
  const parts = visits.map((a) => zonedParts(a.start, tz));
  if (!answer || !answer.appointments) {
    return `${name} is booked on ${dayLabel(parts[0].date, 'long')} at ${clock(parts[0].minute)}.`;
  }
  const skipped = (answer.skipped || []).map((k) => `${dayLabel(zonedParts(k.start, tz).date)} (${k.reason})`);
  const times = [...new Set(parts.map((p) => clock(p.minute)))];
  const n = visits.length;
  return `${name} is booked for ${n} visit${n === 1 ? '' : 's'}${times.length === 1 ? ` at ${times[0]}` : ''}: `
    + `${parts.map((p) => dayLabel(p.date) + (times.length === 1 ? '' : ` ${clock(p.minute)}`)).join('; ')}.`
    + (skipped.length ? ` Not booked: ${skipped.join('; ')}.` : '');
}
