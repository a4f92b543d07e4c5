// One outcome measure of an episode drawn against its expected course (docs/server/risk.md, "Recovery
// course"): the patient's scores by week since the baseline, the clinic's expected band (25th to 75th
// percentile of its episodes' improvement at each week, moved onto this patient's baseline) with its median,
// or, while the clinic has too few episodes, the score that would be an improvement by the minimal important
// change. Drawn as SVG; the table beside it holds the same numbers.
import { html } from '../lib/html.js';
import { formatNumber } from '../lib/format.js';

const W = 640;
const H = 240;
const PAD = { left: 52, right: 16, top: 14, bottom: 36 };

function niceStep(span, target) {
  const raw = span / Math.max(1, target);
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/** Points of the chart in score units: the patient's measures, the band and the MIC target. */
export function courseGeometry(t) {
  const base = t.measures[0].score;
  const sign = t.higher_is_better ? 1 : -1;
  const toScore = (improvement) => base + sign * improvement;
  const patient = t.measures.map((m) => ({ week: m.status === 'baseline' ? 0 : m.week, score: m.score }));
  const band = (t.expected || []).map((b) => ({ week: b.week, low: toScore(b.low), median: toScore(b.median), high: toScore(b.high), episodes: b.episodes }));
  const lastWeek = Math.max(4, ...patient.map((p) => p.week), ...band.map((b) => b.week));
  const target = !t.clinic_band && t.mic ? { from: t.rule_from_week || 6, to: Math.max(lastWeek, (t.rule_from_week || 6) + 2), score: toScore(t.mic) } : null;
  return { base, patient, band, target, lastWeek: target ? Math.max(lastWeek, target.to) : lastWeek };
}

export function RecoveryChart({ t }) {
  if (!t.measures || !t.measures.length) return null;
  const g = courseGeometry(t);
  const unit = t.unit === '%' ? ' %' : t.unit ? ` ${t.unit}` : '';
  const values = [...g.patient.map((p) => p.score), ...g.band.flatMap((b) => [b.low, b.high]), ...(g.target ? [g.target.score] : [])];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const margin = Math.max(1, (hi - lo) * 0.12);
  lo -= margin;
  hi += margin;
  if (t.unit === '%') {
    lo = Math.max(0, lo);
    hi = Math.min(100, hi);
  }
  const x = (w) => PAD.left + ((W - PAD.left - PAD.right) * w) / g.lastWeek;
  const y = (v) => PAD.top + ((H - PAD.top - PAD.bottom) * (hi - v)) / (hi - lo);
  const yStep = niceStep(hi - lo, 4);
  const yTicks = [];
  for (let v = Math.ceil(lo / yStep) * yStep; v <= hi; v += yStep) yTicks.push(v);
  const xStep = g.lastWeek <= 12 ? 1 : g.lastWeek <= 26 ? 2 : 4;
  const xTicks = [];
  for (let w = 0; w <= g.lastWeek; w += xStep) xTicks.push(w);
  const bandPath = g.band.length
    ? `M${g.band.map((b) => `${x(b.week).toFixed(1)},${y(b.high).toFixed(1)}`).join('L')}L${[...g.band].reverse().map((b) => `${x(b.week).toFixed(1)},${y(b.low).toFixed(1)}`).join('L')}Z`
    : '';
  const line = (pts) => pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.week).toFixed(1)},${y(p.score).toFixed(1)}`).join('');
  const better = t.higher_is_better ? 'higher is better' : 'lower is better';
  const label = `${t.instrument}: the patient's ${g.patient.length} scores by week since the baseline of ${formatNumber(g.base, 1)}${unit}${g.band.length ? `, against the clinic's expected band at ${g.band.length} weeks` : g.target ? `, against the score of an improvement by the minimal important change (${formatNumber(g.target.score, 1)}${unit}) from week ${g.target.from}` : ''}; ${better}.`;
  return html`<figure class="recovery-chart">
    <div class="chart-scroll" tabindex="0" role="group" aria-label=${`${t.instrument} chart`}><svg viewBox=${`0 0 ${W} ${H}`} role="img" aria-label=${label} preserveAspectRatio="xMidYMid meet">
      ${yTicks.map((v) => html`<g key=${`y${v}`}><line x1=${PAD.left} x2=${W - PAD.right} y1=${y(v)} y2=${y(v)} stroke="#e3e3e3" /><text x=${PAD.left - 6} y=${y(v) + 4} text-anchor="end" font-size="15" fill="#333">${formatNumber(v, yStep < 1 ? 1 : 0)}</text></g>`)}
      ${xTicks.map((w) => html`<text key=${`x${w}`} x=${x(w)} y=${H - PAD.bottom + 16} text-anchor="middle" font-size="15" fill="#333">${w}</text>`)}
      <text x=${(PAD.left + W - PAD.right) / 2} y=${H - 4} text-anchor="middle" font-size="15" fill="#333">weeks since the baseline</text>
      <text transform=${`translate(14 ${(PAD.top + H - PAD.bottom) / 2}) rotate(-90)`} text-anchor="middle" font-size="15" fill="#333">${`${t.unit || 'score'} (${better})`}</text>
      ${bandPath ? html`<path class="band" d=${bandPath} fill="#cfe3e3" stroke="none" />` : null}
      ${g.band.length > 1 ? html`<path class="band-median" d=${line(g.band.map((b) => ({ week: b.week, score: b.median })))} fill="none" stroke="#6f9d9d" stroke-width="1.5" stroke-dasharray="5 4" />` : null}
      ${g.target ? html`<line class="mic-target" x1=${x(g.target.from)} x2=${x(g.target.to)} y1=${y(g.target.score)} y2=${y(g.target.score)} stroke="#8a5a00" stroke-width="1.5" stroke-dasharray="6 4" />` : null}
      <line x1=${x(0)} x2=${x(g.lastWeek)} y1=${y(g.base)} y2=${y(g.base)} stroke="#999" stroke-width="1" />
      <path class="patient" d=${line(g.patient)} fill="none" stroke="#0b5d5e" stroke-width="2" />
      ${g.patient.map((p, i) => html`<circle key=${`p${i}`} cx=${x(p.week)} cy=${y(p.score)} r="4.5" fill=${t.measures[i].status === 'below_expected' || t.measures[i].status === 'worsened' || t.measures[i].status === 'not_yet_improved' ? '#b3261e' : '#0b5d5e'} />`)}
    </svg></div>
    <figcaption class="hint">
      <span class="key key-patient">● the patient's scores</span> (red: below the expected course)${g.band.length ? html` · <span class="key key-band">■ the clinic's expected band</span> (25th to 75th percentile of its episodes' change at each week, from this baseline; dashed: their median)` : null}${g.target ? html` · <span class="key key-target">- - the score of an improvement by the minimal important change</span>, judged from week ${g.target.from}` : null} · grey line: the baseline.
    </figcaption>
  </figure>`;
}
