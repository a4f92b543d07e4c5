// Dates, numbers and units in words a person reads.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso, timeZone) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  if (timeZone) {
    try {
      return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(d);
    } catch {
      /* unknown zone: the browser's */
    }
  }
  return dateTime.format(d);
}

/** A calendar date ("YYYY-MM-DD") as written in the reader's locale, without any time-zone shift. */
export function formatDate(ymd) {
  if (!ymd) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(ymd));
  if (!m) return String(ymd);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

export function ageFrom(ymd) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(ymd || ''));
  if (!m) return null;
  const now = new Date();
  let age = now.getFullYear() - Number(m[1]);
  if (now.getMonth() + 1 < Number(m[2]) || (now.getMonth() + 1 === Number(m[2]) && now.getDate() < Number(m[3]))) age--;
  return age >= 0 && age < 150 ? age : null;
}

export function formatBytes(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '';
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

export function formatNumber(v, digits = 1) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '';
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: digits }).format(v);
}

const UNITS = {
  deg: { short: '°', long: 'degrees' },
  s: { short: ' s', long: 'seconds' },
  m: { short: ' m', long: 'metres' },
  cm: { short: ' cm', long: 'centimetres' },
  'm/s': { short: ' m/s', long: 'metres per second' },
  '/min': { short: ' /min', long: 'per minute' },
  '{steps}/min': { short: ' steps/min', long: 'steps per minute' },
  '%': { short: '%', long: 'percent' },
  '{score}': { short: '', long: 'score' },
  '/10': { short: '/10', long: '0 to 10' }, // a pain rating: 0 no pain, 10 the worst imaginable
  '1': { short: '', long: '' },
};

/** A number with its unit for an axis tick: annotation units ({repetitions}) are left to the axis label. */
export function tickWithUnit(v, unit, digits = 1) {
  if (unit && /^\{.*\}$/.test(unit)) return formatNumber(v, digits);
  return withUnit(v, unit, digits);
}

/** A UCUM unit for an axis label ("degrees"); annotations in braces lose their braces. */
export function unitLong(unit) {
  if (!unit) return '';
  if (UNITS[unit]) return UNITS[unit].long;
  return String(unit).replace(/[{}]/g, '');
}

export function withUnit(v, unit, digits = 1) {
  const n = formatNumber(v, digits);
  if (!unit) return n;
  if (UNITS[unit]) return n + UNITS[unit].short;
  return `${n} ${String(unit).replace(/[{}]/g, '')}`;
}

export const ROLE_NAMES = {
  admin: 'Administrator',
  physiotherapist: 'Physiotherapist',
  assistant: 'Assistant',
  front_desk: 'Front desk',
  patient: 'Patient',
  system: 'System',
};

export const TEST_NAMES = {
  gait: 'Walking (gait)',
  tug: 'Timed Up and Go',
  sts: 'Sit to stand',
  sway: 'Standing balance (sway)',
};

/**
 * An exercise by its name from `names` (id -> name), never its id: while the names are still loading, or for
 * an exercise no longer in the library, "An exercise".
 */
export function exerciseName(names, id) {
  return (names && names[id]) || 'An exercise';
}

export const KIND_NAMES = { video: 'Video', landmarks: 'Landmark file', imu: 'Wearable sensor (IMU)' };
/** A recording's kind as its patient reads it: what they did, never a file kind. */
export const PATIENT_KIND_NAMES = { video: 'Video', landmarks: 'Movement recording', imu: 'Wearable sensor recording' };

export function patientName(p) {
  if (!p) return '';
  const n = [p.given_name, p.family_name].filter(Boolean).join(' ');
  return n || 'Unnamed patient';
}

/** Only the server's own API paths become links (a report URL is never trusted to be a javascript: URL). */
export function safeApiPath(url) {
  return typeof url === 'string' && /^\/api\/[A-Za-z0-9._~\-/%?=&]*$/.test(url) && !url.includes('//') ? url : null;
}

/** A person's standing height as the server accepts it, whole centimetres (clinic/validation.hpp). */
export const MIN_HEIGHT_CM = 50;
export const MAX_HEIGHT_CM = 250;
