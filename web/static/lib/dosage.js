// A prescription's dosage in the words a patient reads on an exercise sheet.
const LOADS = {
  kg: (l) => `${l.kg} kg`,
  band: (l) => `${l.band} band`,
  rpe: (l) => `effort ${l.rpe} out of 10`,
  rir: (l) => `stop ${l.rir} ${l.rir === 1 ? 'repetition' : 'repetitions'} before you could not do more`,
  none: () => '',
};

export function dosageText(d) {
  if (!d) return '';
  const parts = [];
  const what = d.hold_s > 0 ? `${d.reps} ${d.reps === 1 ? 'hold' : 'holds'} of ${d.hold_s} s` : `${d.reps} ${d.reps === 1 ? 'repetition' : 'repetitions'}`;
  // One set of holds reads "3 holds of 30 s" (as rehab::dosage_words says it).
  parts.push(d.sets > 1 ? `${d.sets} sets of ${what}` : d.hold_s > 0 ? what : `${d.sets} set of ${what}`);
  if (d.sets > 1 && d.rest_s > 0) parts.push(`rest ${d.rest_s} s between sets`);
  const load = d.load && LOADS[d.load.kind] ? LOADS[d.load.kind](d.load) : '';
  if (load) parts.push(load);
  return parts.join(', ');
}

export function frequencyText(d) {
  if (!d) return '';
  const perDay = d.times_per_day > 1 ? `${d.times_per_day} times a day` : 'once a day';
  const perWeek = d.days_per_week >= 7 ? 'every day' : `${d.days_per_week} days a week`;
  return `${perDay}, ${perWeek}`;
}

export const SIDE_WORDS = { left: 'left side', right: 'right side', both: '' };
