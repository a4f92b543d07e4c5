// The detector of internal words in what a patient reads (lib/wording.mjs, internalWords): every wording the
// clinic's first week found is caught, and plain patient text passes. No browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { internalWords } from './lib/wording.mjs';

test('internal words a patient must not read are caught', () => {
  const bad = [
    'Starting position: lying_supine',
    'KOOS_JR',
    'Open the landmark file',
    'converts the raw sum through the developers\' Rasch table',
    'KOOS, JR. saved: 66.',
    'Streak: 1 days with every due exercise done',
    'changed by 1 points',
    'expected in 0.86 weeks',
    '2 repetitions shown · 546 frames.',
    'sent by system:pain-alert',
    'Score: undefined',
    'painDuring',
  ];
  for (const text of bad) assert.ok(internalWords(text, 'x').length > 0, `caught: ${text}`);
});

test('plain patient text passes', () => {
  const good = [
    'Pain of 8/10: stop for today. Phone Riverside Physiotherapy on 020 7946 0000. In an emergency, call 999 now.',
    'Streak: 1 day with every due exercise done. 11 days this month. 21 points. 3 weeks.',
    'KOOS, JR.: your answers are saved. Score 66 on a scale of 0 to 100, where higher is better.',
    'Movement recording · Mini squat, 3 Dec 2026, 10:00',
    'Automatic alert to your physiotherapist · 3 Dec 2026',
    'e-mail ana@example.org, https://clinic.example/q/abc_def',
    '7 questions. Answer each as it is for you now.',
  ];
  for (const text of good) assert.deepEqual(internalWords(text, 'x'), [], text);
});
