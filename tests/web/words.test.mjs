// The counts and durations of web/static/lib/words.js, and an exercise named (lib/format.js): singular only for exactly one, no fraction of a week,
// percentage changes in points. Pure functions: no browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countOf, plural, scoreChange, secondsWords, weeksWords } from '../../web/static/lib/words.js';

test('a count takes the singular only for exactly one', () => {
  assert.equal(countOf(1, 'day'), '1 day');
  assert.equal(countOf(0, 'day'), '0 days');
  assert.equal(countOf(2, 'day'), '2 days');
  assert.equal(countOf(1, 'unread message'), '1 unread message');
  assert.equal(countOf(3, 'person', 'people'), '3 people');
  assert.equal(countOf(1.5, 'point', 'points', 1), '1.5 points');
  assert.equal(countOf(1.04, 'point', 'points', 1), '1 point'); // as written after rounding
  assert.equal(countOf(0.96, 'point', 'points', 0), '1 point');
  assert.equal(countOf(1234, 'booking'), '1,234 bookings');
  assert.equal(countOf(Number.NaN, 'day'), '');
  assert.equal(plural(1, 'repetition'), 'repetition');
  assert.equal(plural(11, 'repetition'), 'repetitions');
});

test('a span in weeks is whole days under two weeks, whole weeks after', () => {
  assert.equal(weeksWords(0.86), '6 days');
  assert.equal(weeksWords(1 / 7), '1 day');
  assert.equal(weeksWords(0), '0 days');
  assert.equal(weeksWords(1.99), '14 days');
  assert.equal(weeksWords(2), '2 weeks');
  assert.equal(weeksWords(6.4), '6 weeks');
  assert.equal(weeksWords(-1), '');
  for (let w = 0; w < 30; w += 0.37) assert.doesNotMatch(weeksWords(w), /\.\d|^1 (days|weeks)/, `weeks ${w}`);
});

test('seconds and score changes', () => {
  assert.equal(secondsWords(18.2), '18 s');
  assert.equal(secondsWords(60), '60 s');
  assert.equal(secondsWords(150), '3 minutes');
  assert.equal(secondsWords(90 * 1), '90 s');
  assert.equal(secondsWords(125), '2 minutes');
  assert.equal(scoreChange(1, '%'), '1 point');
  assert.equal(scoreChange(12.5, '%'), '12.5 points');
  assert.equal(scoreChange(2, 's'), '2 s');
});

test('an exercise is named, never shown by its id', async () => {
  const { exerciseName } = await import('../../web/static/lib/format.js');
  assert.equal(exerciseName({ deep_squat: 'Deep squat' }, 'deep_squat'), 'Deep squat');
  // The names still loading, or an exercise gone from the library.
  assert.equal(exerciseName(null, 'deep_squat'), 'An exercise');
  assert.equal(exerciseName({}, 'deep_squat'), 'An exercise');
});
