// The clinic's scheduling rules (docs/server/scheduling.md): online booking on or off with its notice, the
// patients' cancellation notice and the clinic's time zone; the kinds of visit patients book; each clinician's
// working hours by weekday (several stretches a day). The administrator and the front desk set them (the
// routes' kManageSchedule); the closure days keep their own page. Errors are the server's words next to the
// field they are about.
import { html, useEffect, useState } from '../lib/html.js';
import { put } from '../lib/api.js';
import { Link } from '../lib/router.js';
import { useLoad } from '../lib/use-load.js';
import { Alert, Field, SelectField, fieldMessage } from '../components/forms.js';
import { useSave } from '../components/use-save.js';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const RULE_LABELS = {
  time_zone: "Clinic's time zone",
  online_notice_hours: 'Shortest notice for an online booking (hours)',
  cancel_notice_hours: 'Patients cancel online up to (hours before the visit)',
};

function today() {
  return new Date().toISOString().slice(0, 10);
}

/** A check box with its label beside it and an optional hint. */
function CheckField({ id, label, hint, checked, onValue }) {
  return html`<div class="field checkbox">
    <input type="checkbox" id=${id} checked=${checked} aria-describedby=${hint ? `${id}-hint` : undefined} onChange=${(e) => onValue(e.currentTarget.checked)} />
    <div><label for=${id}>${label}</label>${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : null}</div>
  </div>`;
}

function wholeHours(v, max) {
  const n = Number(v);
  return String(v).trim() !== '' && Number.isInteger(n) && n >= 0 && n <= max ? n : null;
}

function BookingRules() {
  const r = useLoad('/api/schedule-settings');
  const [v, setV] = useState(null);
  const { errors, failed, note, busy, form, save } = useSave();
  const fill = (s) => setV({ online_booking: !!s.online_booking, online_notice_hours: String(s.online_notice_hours), cancel_notice_hours: String(s.cancel_notice_hours), time_zone: s.time_zone });
  useEffect(() => { if (r.data && !v) fill(r.data); }, [r.data]);
  const set = (k) => (x) => setV((o) => ({ ...o, [k]: x }));
  const submit = (e) => {
    e.preventDefault();
    const errs = {};
    const notice = wholeHours(v.online_notice_hours, 720);
    const cancel = wholeHours(v.cancel_notice_hours, 336);
    if (notice === null) errs.online_notice_hours = 'Enter whole hours, from 0 to 720 (30 days).';
    if (cancel === null) errs.cancel_notice_hours = 'Enter whole hours, from 0 to 336 (14 days).';
    if (!v.time_zone.trim()) errs.time_zone = 'Enter the time zone, like Europe/London.';
    return save(errs, async () => {
      const saved = await put('/api/schedule-settings', { online_booking: v.online_booking, online_notice_hours: notice, cancel_notice_hours: cancel, time_zone: v.time_zone.trim() });
      fill(saved);
      return saved.online_booking
        ? `Saved: patients book online from their Appointments, at least ${saved.online_notice_hours} hours ahead, within their clinicians' working hours.`
        : 'Saved: patients do not book online; they are told to call the clinic.';
    }, (err) => (err.field && err.field in RULE_LABELS ? [err.field, fieldMessage(RULE_LABELS[err.field], err.message)] : null));
  };
  return html`<section class="panel" aria-labelledby="rules-h" data-testid="booking-rules">
    <h2 id="rules-h">Online booking</h2>
    <${Alert} message=${r.error ? `Could not load the scheduling rules: ${r.error.message}` : failed} />
    ${v ? html`<form ref=${form} onSubmit=${submit} novalidate>
        <${CheckField} id="rules-online" label="Patients book and move their visits online" checked=${v.online_booking} onValue=${set('online_booking')}
          hint="From the Appointments of their own record: the free times of a clinician with working hours, for one of the kinds of visit below." />
        <${Field} id="rules-notice" label=${RULE_LABELS.online_notice_hours} type="number" inputmode="numeric" min="0" max="720" step="1" value=${v.online_notice_hours} onValue=${set('online_notice_hours')} error=${errors.online_notice_hours} required />
        <${Field} id="rules-cancel" label=${RULE_LABELS.cancel_notice_hours} type="number" inputmode="numeric" min="0" max="336" step="1" value=${v.cancel_notice_hours} onValue=${set('cancel_notice_hours')} error=${errors.cancel_notice_hours} required />
        <${Field} id="rules-zone" label=${RULE_LABELS.time_zone} hint="The name of the zone, like Europe/London or America/New_York: working hours, closure days and the patients' pages are in it." value=${v.time_zone} onValue=${set('time_zone')} error=${errors.time_zone} required autocomplete="off" spellcheck="false" maxlength="64" />
        <div class="actions"><button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Saving…' : 'Save the booking rules'}</button></div>
        <p class="status-line" role="status">${note}</p>
      </form>` : r.loading ? html`<p>Loading…</p>` : null}
  </section>`;
}

// A code for a new kind of visit from its name ("Follow-up visit" -> "follow-up-visit"), unique in the list.
function codeFor(name, taken) {
  const base = name.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32) || 'visit';
  let code = base;
  for (let n = 2; taken.has(code); n++) code = `${base}-${n}`;
  return code;
}

function VisitTypes() {
  const r = useLoad('/api/appointment-types');
  const [rows, setRows] = useState(null);
  const { errors, failed, note, busy, form, save } = useSave();
  const fill = (types) => setRows(types.map((t, i) => ({ key: `t${i}-${t.code}`, code: t.code, name: t.name, duration_min: String(t.duration_min), active: t.active })));
  useEffect(() => { if (r.data && !rows) fill(r.data.types); }, [r.data]);
  const update = (i, k) => (x) => setRows((list) => list.map((row, j) => (j === i ? { ...row, [k]: x } : row)));
  const add = () => {
    setRows((list) => [...list, { key: `new-${Date.now()}`, code: '', name: '', duration_min: '30', active: true }]);
    window.requestAnimationFrame(() => { const els = form.current && form.current.querySelectorAll('input[id^="vt-name-"]'); if (els && els.length) els[els.length - 1].focus(); });
  };
  const submit = (e) => {
    e.preventDefault();
    const errs = {};
    rows.forEach((row, i) => {
      const d = Number(row.duration_min);
      if (!row.name.trim()) errs[`name-${i}`] = 'Enter the name patients read, like "Follow-up".';
      if (!Number.isInteger(d) || d < 5 || d > 480) errs[`duration-${i}`] = 'Enter the length in whole minutes, from 5 to 480.';
    });
    return save(errs, async () => {
      const taken = new Set(rows.filter((row) => row.code).map((row) => row.code));
      const types = rows.map((row) => {
        const code = row.code || codeFor(row.name, taken);
        taken.add(code);
        return { code, name: row.name.trim(), duration_min: Number(row.duration_min), active: row.active };
      });
      const saved = await put('/api/appointment-types', { types });
      fill(saved.types);
      return `Saved: ${saved.types.filter((t) => t.active).length} of ${saved.types.length} kinds of visit offered.`;
    }, (err) => {
      const m = /^\/?types\/(\d+)\/(name|duration_min)$/.exec((err.body && err.body.field) || '');
      return m ? [`${m[2] === 'name' ? 'name' : 'duration'}-${m[1]}`, fieldMessage(m[2] === 'name' ? 'The name' : 'The length', err.message)] : null;
    });
  };
  return html`<section class="panel" aria-labelledby="types-h" data-testid="visit-types">
    <h2 id="types-h">Kinds of visit</h2>
    <p class="hint">What a patient chooses when booking online, with its length; the desk may choose one too. A kind no longer offered stays on the visits booked with it.</p>
    <${Alert} message=${r.error ? `Could not load the kinds of visit: ${r.error.message}` : failed} />
    ${rows ? html`<form ref=${form} onSubmit=${submit} novalidate>
        ${rows.length ? null : html`<p class="empty">No kinds of visit yet: patients cannot book online until there is one.</p>`}
        <ul class="plain visit-types">${rows.map((row, i) => html`<li key=${row.key} class="field-row visit-type">
          <${Field} id=${`vt-name-${i}`} label=${html`Name<span class="visually-hidden"> of kind of visit ${i + 1}</span>`} value=${row.name} onValue=${update(i, 'name')} error=${errors[`name-${i}`]} required maxlength="100" />
          <${Field} id=${`vt-length-${i}`} label=${html`Length (minutes)<span class="visually-hidden"> of kind of visit ${i + 1}</span>`} type="number" inputmode="numeric" min="5" max="480" step="5" value=${row.duration_min} onValue=${update(i, 'duration_min')} error=${errors[`duration-${i}`]} required />
          <${CheckField} id=${`vt-active-${i}`} label=${html`Offered<span class="visually-hidden">: ${row.name || `kind of visit ${i + 1}`}</span>`} checked=${row.active} onValue=${update(i, 'active')} />
        </li>`)}</ul>
        <div class="actions">
          <button type="button" onClick=${add}>Add a kind of visit</button>
          <button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Saving…' : 'Save the kinds of visit'}</button>
        </div>
        <p class="status-line" role="status">${note}</p>
      </form>` : r.loading ? html`<p>Loading…</p>` : null}
  </section>`;
}

// Minutes from "HH:MM" (24:00 allowed), or null.
function minutes(t) {
  const m = /^(\d\d):(\d\d)$/.exec(t || '');
  if (!m) return null;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return Number(m[2]) < 60 && v <= 1440 ? v : null;
}

/** The problems of a week as { "<weekday>-<n>-start|end": words }: an end before its start, overlaps. */
export function weekProblems(days) {
  const errs = {};
  days.forEach((spans, wd) => {
    spans.forEach((s, n) => {
      const a = minutes(s.start);
      const b = minutes(s.end);
      if (a === null) errs[`${wd}-${n}-start`] = 'Enter a time like 09:00.';
      if (b === null) errs[`${wd}-${n}-end`] = 'Enter a time like 17:30.';
      else if (a !== null && b <= a) errs[`${wd}-${n}-end`] = `Ends at ${s.end}, before it starts at ${s.start}: the end must be later than the start.`;
    });
    spans.forEach((s, n) => {
      for (let k = 0; k < n; k++) {
        const o = spans[k];
        const [a, b, c, d] = [minutes(o.start), minutes(o.end), minutes(s.start), minutes(s.end)];
        if ([a, b, c, d].every((x) => x !== null) && a < b && c < d && a < d && c < b && !errs[`${wd}-${n}-start`])
          errs[`${wd}-${n}-start`] = `Overlaps ${o.start}-${o.end} on ${WEEKDAYS[wd]}: the stretches of a day must not overlap.`;
      }
    });
  });
  return errs;
}

function WorkingHours({ clinician, onSaved }) {
  const r = useLoad(`/api/staff/${encodeURIComponent(clinician.id)}/working-hours`);
  const [days, setDays] = useState(null);
  const { errors, setErrors, failed, note, busy, form, save } = useSave();
  const fill = (week) => {
    const d = WEEKDAYS.map(() => []);
    for (const s of week) d[s.weekday].push({ start: s.start, end: s.end });
    setDays(d);
  };
  useEffect(() => { if (r.data) fill(r.data.week); }, [r.data]);
  const change = (wd, fn) => setDays((d) => d.map((spans, i) => (i === wd ? fn(spans) : spans)));
  const addSpan = (wd) => {
    const last = days[wd][days[wd].length - 1];
    change(wd, (spans) => [...spans, last ? { start: last.end === '24:00' ? '' : last.end, end: '' } : { start: '09:00', end: '17:00' }]);
    window.requestAnimationFrame(() => document.getElementById(`wh-${wd}-${days[wd].length}-start`)?.focus());
  };
  const removeSpan = (wd, n) => {
    change(wd, (spans) => spans.filter((_, k) => k !== n));
    setErrors({});
    window.requestAnimationFrame(() => document.getElementById(`wh-add-${wd}`)?.focus());
  };
  const submit = (e) => {
    e.preventDefault();
    const week = [];
    const at = [];
    days.forEach((spans, wd) => spans.forEach((s, n) => { week.push({ weekday: wd, start: s.start, end: s.end }); at.push(`${wd}-${n}`); }));
    return save(weekProblems(days), async () => {
      const saved = await put(`/api/staff/${encodeURIComponent(clinician.id)}/working-hours`, { week });
      fill(saved.week);
      onSaved();
      const working = new Set(saved.week.map((s) => s.weekday)).size;
      return saved.week.length ? `Saved: ${clinician.name} works on ${working} ${working === 1 ? 'day' : 'days'} a week; online bookings and the calendar keep to these hours.` : `Saved: ${clinician.name} has no working hours, and is not offered for online booking.`;
    }, (err) => {
      const m = /^\/?week\/(\d+)\/(start|end|weekday)$/.exec((err.body && err.body.field) || '');
      return m && at[Number(m[1])] ? [`${at[Number(m[1])]}-${m[2] === 'end' ? 'end' : 'start'}`, fieldMessage('The time', err.message)] : null;
    });
  };
  return html`<div class="working-hours">
    <${Alert} message=${r.error ? `Could not load the working hours: ${r.error.message}` : failed} />
    ${days ? html`<form ref=${form} onSubmit=${submit} novalidate aria-label=${`Working hours of ${clinician.name}`}>
        ${days.map((spans, wd) => html`<fieldset class="weekday-hours" key=${wd}>
          <legend>${WEEKDAYS[wd]}</legend>
          ${spans.length ? null : html`<p class="muted">Not working</p>`}
          ${spans.map((s, n) => {
            const id = `wh-${wd}-${n}`;
            const who = `${WEEKDAYS[wd]}, hours ${n + 1}: `;
            return html`<div class="field-row hours-span" key=${n}>
              <${Field} id=${`${id}-start`} label=${html`<span class="visually-hidden">${who}</span>From`} type="time" step="300" value=${s.start} onValue=${(x) => change(wd, (l) => l.map((y, k) => (k === n ? { ...y, start: x } : y)))} error=${errors[`${wd}-${n}-start`]} required />
              <${Field} id=${`${id}-end`} label=${html`<span class="visually-hidden">${who}</span>Until`} type="time" step="300" value=${s.end} onValue=${(x) => change(wd, (l) => l.map((y, k) => (k === n ? { ...y, end: x } : y)))} error=${errors[`${wd}-${n}-end`]} required />
              <div class="actions"><button type="button" class="link-button" onClick=${() => removeSpan(wd, n)}>Remove<span class="visually-hidden"> ${WEEKDAYS[wd]} hours ${n + 1}</span></button></div>
            </div>`;
          })}
          <button type="button" id=${`wh-add-${wd}`} class="link-button" onClick=${() => addSpan(wd)}>Add hours<span class="visually-hidden"> on ${WEEKDAYS[wd]}</span></button>
        </fieldset>`)}
        <div class="actions"><button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Saving…' : 'Save the working hours'}</button></div>
        <p class="status-line" role="status">${note}</p>
      </form>` : r.loading ? html`<p>Loading…</p>` : null}
  </div>`;
}

function ClinicianHours() {
  const cal = useLoad(`/api/calendar?from=${today()}`);
  const clinicians = (cal.data && cal.data.clinicians) || [];
  const [chosen, setChosen] = useState('');
  const c = clinicians.find((x) => x.id === chosen);
  return html`<section class="panel" aria-labelledby="hours-h" data-testid="working-hours">
    <h2 id="hours-h">Working hours</h2>
    <p class="hint">Each clinician's hours by weekday, in the clinic's time zone; a day may have several stretches (a lunch break between them). Online bookings are offered only inside them; the desk is asked to confirm a booking outside them.</p>
    <${Alert} message=${cal.error ? `Could not load the clinicians: ${cal.error.message}` : null} />
    ${cal.data && !clinicians.length ? html`<p class="empty">No clinicians yet: invite them from the Staff page.</p>` : null}
    ${clinicians.length ? html`<${SelectField} id="hours-clinician" label="Clinician" value=${chosen} onValue=${setChosen} placeholder="Choose…"
      options=${clinicians.map((x) => ({ value: x.id, label: `${x.name}${x.working_hours && x.working_hours.length ? '' : ' (no hours set)'}` }))} />` : null}
    ${c ? html`<${WorkingHours} key=${c.id} clinician=${c} onSaved=${cal.reload} />` : null}
  </section>`;
}

export function SchedulingPage({ user }) {
  if (user.role !== 'admin' && user.role !== 'front_desk') {
    return html`<section><h1 tabindex="-1">Scheduling</h1><p>The administrator and the front desk set the scheduling rules and the working hours.</p></section>`;
  }
  return html`<section class="scheduling">
    <h1 tabindex="-1">Scheduling</h1>
    <p class="hint">How patients book, the kinds of visit and each clinician's working hours. The days the clinic is closed are on <${Link} href="/closures">Closure days<//>.</p>
    <${BookingRules} />
    <${VisitTypes} />
    <${ClinicianHours} />
  </section>`;
}
