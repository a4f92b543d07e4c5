// One time-series chart per observation code (uPlot), with the values also as a table.
import { html, useEffect, useMemo, useRef } from '../lib/html.js';
import uPlot from '../vendor/uPlot.esm.js';
import { formatDateTime, tickWithUnit, unitLong, withUnit } from '../lib/format.js';

function axisLabel(display, unit) {
  const u = unitLong(unit);
  return u ? `${display} (${u})` : display;
}

const DAY_S = 86400;

/** How a value was measured, in words anyone reads: never the file kind it came in. A method stored
 *  before the analysis named it so reads as the notes write it (notes::method_in_words). */
function methodWords(m) {
  return String(m || '').replace(/\blandmarks? files?\b/gi, 'uploaded motion capture');
}

function Plot({ points, label, unit, timeZone }) {
  const box = useRef(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const xs = points.map((p) => p.t / 1000);
    const ys = points.map((p) => p.value);
    const width = () => Math.max(240, Math.floor(el.clientWidth || 320));
    const opts = {
      width: width(),
      // Times on the axis in the patient's time zone, like the summary and the table.
      ...(timeZone ? { tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone) } : {}),
      height: 220,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        // One time (or several within a minute): a day either side, not uPlot's default span.
        x: {
          time: true,
          range: (u, min, max) => {
            const lo = xs[0];
            const hi = xs[xs.length - 1];
            return hi - lo < 60 ? [lo - DAY_S, hi + DAY_S] : [min, max];
          },
        },
      },
      axes: [
        { stroke: '#333', grid: { stroke: '#e3e3e3' } },
        { label, stroke: '#333', grid: { stroke: '#e3e3e3' }, size: 56, values: (u, splits) => splits.map((v) => tickWithUnit(v, unit, 1)) },
      ],
      series: [
        {},
        { label, stroke: '#0b5d5e', width: 2, points: { show: true, size: 7, fill: '#0b5d5e' } },
      ],
    };
    const plot = new uPlot(opts, [xs, ys], el);
    let ro = null;
    if (window.ResizeObserver) {
      ro = new ResizeObserver(() => plot.setSize({ width: width(), height: 220 }));
      ro.observe(el);
    }
    return () => {
      if (ro) ro.disconnect();
      plot.destroy();
    };
  }, [points, label, unit, timeZone]);
  return html`<div class="plot" ref=${box} aria-hidden="true"></div>`;
}

/** observations: all of one code, any order. */
export function ObservationChart({ code, observations, timeZone }) {
  const sorted = useMemo(
    () =>
      observations
        .map((o) => ({ ...o, t: new Date(o.time).getTime() }))
        .filter((o) => Number.isFinite(o.t) && typeof o.value === 'number' && Number.isFinite(o.value))
        .sort((a, b) => a.t - b.t),
    [observations],
  );
  if (!sorted.length) return null;
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const display = first.display || code;
  const label = axisLabel(display, first.unit);
  const headingId = `chart-${code.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const summary =
    sorted.length === 1
      ? `One value, on ${formatDateTime(first.time, timeZone)}: ${withUnit(first.value, first.unit)}.`
      : `${sorted.length} values from ${formatDateTime(first.time, timeZone)} to ${formatDateTime(last.time, timeZone)}; latest ${withUnit(last.value, last.unit)}.`;
  return html`<figure class="chart" aria-labelledby=${headingId}>
    <figcaption><h3 id=${headingId}>${label}</h3><p class="chart-summary">${summary}</p></figcaption>
    <${Plot} points=${sorted} label=${unitLong(first.unit) || display} unit=${first.unit} timeZone=${timeZone} />
    <details>
      <summary>Values as a table</summary>
      <div class="table-wrap" role="region" aria-label=${`${label}: values`} tabindex="0">
        <table>
          <caption class="visually-hidden">${label}</caption>
          <thead><tr><th scope="col">Time</th><th scope="col">Value</th><th scope="col">Side</th><th scope="col">Method</th></tr></thead>
          <tbody>
            ${sorted.map((o) => html`<tr>
              <td>${formatDateTime(o.time, timeZone)}</td><td>${withUnit(o.value, o.unit)}</td><td>${o.side || ''}</td><td>${methodWords(o.method)}</td>
            </tr>`)}
          </tbody>
        </table>
      </div>
    </details>
  </figure>`;
}

export function ObservationCharts({ observations, timeZone, shown = 2 }) {
  const byCode = useMemo(() => {
    const m = new Map();
    for (const o of observations) {
      if (!o || typeof o.code !== 'string') continue;
      if (!m.has(o.code)) m.set(o.code, []);
      m.get(o.code).push(o);
    }
    return m;
  }, [observations]);
  if (!byCode.size) return html`<p class="empty">No measurements yet. They appear here when recordings have been analysed.</p>`;
  const charts = [...byCode.entries()].sort((a, b) => String(a[1][0].display || a[0]).localeCompare(String(b[1][0].display || b[0]))).map(([code, list]) => ({ code, list }));
  return html`<${ChartList} charts=${charts} timeZone=${timeZone} shown=${shown} />`;
}

/**
 * Charts ([{code, list}]) one under the other: the first `shown`, the others folded under "N more charts"
 * (their titles in the summary), so a page of charts stays short on a phone.
 */
export function ChartList({ charts, timeZone, shown = 2 }) {
  const chart = (c) => html`<${ObservationChart} key=${c.code} code=${c.code} observations=${c.list} timeZone=${timeZone} />`;
  const more = charts.slice(shown);
  return html`<div class="charts">
    ${charts.slice(0, shown).map(chart)}
    ${more.length
      ? html`<details class="more-charts"><summary>${more.length} more ${more.length === 1 ? 'chart' : 'charts'}: ${more.map((c) => (c.list[0] && c.list[0].display) || c.code).join('; ')}</summary>
          <div class="charts">${more.map(chart)}</div>
        </details>`
      : null}
  </div>`;
}
