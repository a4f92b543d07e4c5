// What a person or an EHR reads must be in clinical words: no identifier from code (snake_case or camelCase
// tokens such as `left_knee_flexion`, `painDuring`) and no number with more digits than its unit's stated
// precision (docs/metrics/notes.md, "Wording"): angles to 1 degree, every other value to at most 2 decimals.
// Used over notes, their previews, Compositions, MDM messages and reports.

const SNAKE = /(?<![\w@./:-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@-])/g;
const CAMEL = /(?<![\w@./:-])[a-z]+(?:[A-Z][a-z0-9]+)+(?![\w@-])/g;
const TOO_PRECISE = /(?<![\w.])\d+\.\d{3,}(?![\d])/g;
const ANGLE_DECIMALS = /(?<![\w.])\d+\.\d+\s*(?:°|deg\b|degrees?\b)/g;

/** Visible text of an HTML document or fragment: no tags, scripts, styles or comments; entities decoded. */
export function visibleText(html) {
  return String(html)
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Each problem as "<where>: <kind> '<token>' in '…context…'". */
export function wordingProblems(text, where) {
  const out = [];
  const t = String(text);
  const report = (re, kind) => {
    for (const m of t.matchAll(re)) {
      const from = Math.max(0, m.index - 40);
      out.push(`${where}: ${kind} '${m[0]}' in '…${t.slice(from, m.index + m[0].length + 40).replace(/\s+/g, ' ')}…'`);
    }
  };
  report(SNAKE, 'code identifier');
  report(CAMEL, 'code identifier');
  report(TOO_PRECISE, 'number past its precision');
  report(ANGLE_DECIMALS, 'angle with decimals');
  return out;
}

// What a patient reads (pages, e-mails, printed documents) must be in their words: no identifier from code,
// no code name (KOOS_JR, system:pain-alert), no file kind ("landmark file", "JSON file"), no words about the
// instrument's makers or its scoring machinery ("developers", "Rasch"), no bare saved number ("saved: 66"),
// no count with the wrong number ("1 days", "1 points"), no fraction of a week ("0.86 weeks") and no frames.
// Tested on examples in tests/web/wording.test.mjs; used by tests/web/patient-words.test.mjs.
const PATIENT_INTERNAL = [
  [SNAKE, 'code identifier'],
  [CAMEL, 'code identifier'],
  [/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g, 'code name'],
  [/\bsystem:[a-z][\w-]*/g, 'code name'],
  [/\b(?:landmarks?|JSON|CSV|TRC|PLMK|binary) files?\b/gi, 'file kind'],
  [/\bdevelopers?(?:'s?|’s?)?(?=\W|$)/gi, "the instrument's makers"],
  [/\bRasch\b/g, 'scoring machinery'],
  [/\bsaved: \d/g, 'a bare number'],
  [/(?<![\d.,])1 (?:days|weeks|points|repetitions|sessions|sets|holds|questions|messages|minutes|frames|bookings|visits|exercises)\b/g, 'wrong plural'],
  [/\b\d+\.\d+ weeks?\b/g, 'a fraction of a week'],
  [/\b\d+ frames\b/g, 'frames'],
  [/\bundefined\b|\bNaN\b|\[object Object\]/g, 'a program value'],
];

/** Each internal word in a patient's text as "<where>: <kind> '<token>' in '…context…'". */
export function internalWords(text, where) {
  const out = [];
  const t = String(text);
  for (const [re, kind] of PATIENT_INTERNAL) {
    for (const m of t.matchAll(re)) {
      const from = Math.max(0, m.index - 40);
      out.push(`${where}: ${kind} '${m[0]}' in '…${t.slice(from, m.index + m[0].length + 40).replace(/\s+/g, ' ')}…'`);
    }
  }
  return out;
}
