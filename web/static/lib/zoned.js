// Wall-clock dates and times in the clinic's time zone (the calendar is drawn in the clinic's zone, not the
// browser's), with Intl only.

const partsCache = new Map();
function formatter(tz) {
  if (!partsCache.has(tz)) {
    partsCache.set(tz, new Intl.DateTimeFormat('en-GB', {
      timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }));
  }
  return partsCache.get(tz);
}

/** The local date ("YYYY-MM-DD") and minute of the day of an instant in `tz`. */
export function zonedParts(instant, tz) {
  const d = instant instanceof Date ? instant : new Date(instant);
  const p = Object.fromEntries(formatter(tz).formatToParts(d).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, minute: Number(p.hour) * 60 + Number(p.minute) };
}

/** The UTC instant ("...Z", seconds) of a local date and "HH:MM" in `tz`. */
export function zonedToUtc(date, hhmm, tz) {
  const [y, m, d] = date.split('-').map(Number);
  const [h, mi] = hhmm.split(':').map(Number);
  const wanted = Date.UTC(y, m - 1, d, h, mi);
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const p = zonedParts(new Date(guess), tz);
    const [py, pm, pd] = p.date.split('-').map(Number);
    const diff = Date.UTC(py, pm - 1, pd, Math.floor(p.minute / 60), p.minute % 60) - wanted;
    if (!diff) break;
    guess -= diff;
  }
  return new Date(guess).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "YYYY-MM-DD" plus `n` days. */
export function addDays(ymd, n) {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** 0 = Monday ... 6 = Sunday. */
export function weekday(ymd) {
  const [y, m, d] = ymd.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** "09:05" from minutes after midnight. */
export function clock(minute) {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** "Mon 1 Dec" for a local date. */
export function dayLabel(ymd, style = 'short') {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, { weekday: style, day: 'numeric', month: style, timeZone: 'UTC' })
    .format(new Date(Date.UTC(y, m - 1, d)));
}
