// Counts and durations in words a person reads: "1 day", "2 days", "1 point", "about 3 weeks", never
// "1 days", "1 points" or "0.86 weeks". Pure (no page, no locale beyond Intl's number format); tested by
// tests/web/words.test.mjs. Every page that writes a count with its noun uses these.

const number = (v, digits) => new Intl.NumberFormat('en', { maximumFractionDigits: digits }).format(v);

/**
 * The noun for `n` of it: `one` for exactly 1 (as written, after rounding to `digits`), `many` otherwise
 * ("0 days", "1.5 days"). `many` defaults to `one` + "s".
 */
export function plural(n, one, many = `${one}s`, digits = 0) {
  return Number(number(n, digits).replace(/,/g, '')) === 1 ? one : many;
}

/** "1 day", "3 days", "2.5 points" (at most `digits` decimals). */
export function countOf(n, one, many = `${one}s`, digits = 0) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '';
  return `${number(n, digits)} ${plural(n, one, many, digits)}`;
}

/**
 * A span given in weeks, as a person says it: under two weeks in whole days ("6 days", "1 day"), from two
 * weeks in whole weeks ("3 weeks"), never a fraction of a week.
 */
export function weeksWords(weeks) {
  if (typeof weeks !== 'number' || !Number.isFinite(weeks) || weeks < 0) return '';
  if (weeks < 2) return countOf(Math.round(weeks * 7), 'day');
  return countOf(Math.round(weeks), 'week');
}

/** A span in seconds: "45 s" under two minutes, then "3 minutes", "1 minute". */
export function secondsWords(s) {
  if (typeof s !== 'number' || !Number.isFinite(s) || s < 0) return '';
  if (s < 120) return `${number(Math.round(s), 0)} s`;
  return countOf(Math.round(s / 60), 'minute');
}

/** A score change with its unit: percentage scores change by points ("1 point", "12.5 points"). */
export function scoreChange(v, unit, digits = 1) {
  if (unit === '%' || unit === 'points' || unit === '{score}' || !unit) return countOf(v, 'point', 'points', digits);
  return `${number(v, digits)} ${unit}`;
}
