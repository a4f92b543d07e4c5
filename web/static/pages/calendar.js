// The clinic calendar for the front desk and clinicians (docs/server/scheduling.md): a week or a day, per
// clinician or the whole clinic, drawn in the clinic's time zone with working hours shaded. Booking by form (a
// click on a free time fills it in), and each appointment opens a panel to mark it, move it or cancel it with
// a reason. Refusals are shown in the server's words: the clash with its time and whom, a time in the past or
// outside working hours (with the explicit confirmation the server asks for).
import { html, useEffect, useRef, useState } from '../lib/html.js';
import { del, get, patch, post, query } from '../lib/api.js';
import { Link } from '../lib/router.js';
import { useLoad } from '../lib/use-load.js';
import { Alert, Field, SelectField, fieldMessage, focusFirstError } from '../components/forms.js';
import { patientName } from '../lib/format.js';
import { addDays, clock, dayLabel, weekday, zonedParts, zonedToUtc } from '../lib/zoned.js';
import { SLOT_MIN, columnAt, dragMinute, keyStep, minuteAt } from '../lib/cal-move.js';
import { bookedMessage } from '../lib/series-words.js';
import { markableStatuses } from '../components/appointments.js';

export const STATUS_WORDS = { booked: 'Booked', arrived: 'Arrived', fulfilled: 'Attended', cancelled: 'Cancelled', noshow: 'Did not attend' };
const PX_PER_MIN = 1.1;

function countText(n) {
  return n === 1 ? '1 appointment' : `${n} appointments`;
}

function todayIn(tz) {
  try {
    return zonedParts(new Date(), tz).date;
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

/** Side-by-side lanes for overlapping blocks of one column: each item gets `lane` and `lanes`. */
function layLanes(items) {
  const sorted = [...items].sort((a, b) => a.from - b.from || b.to - a.to);
  const out = [];
  let group = [];
  let groupEnd = -1;
  const flush = () => {
    const laneEnds = [];
    for (const it of group) {
      let lane = laneEnds.findIndex((end) => end <= it.from);
      if (lane < 0) { lane = laneEnds.length; laneEnds.push(0); }
      laneEnds[lane] = it.to;
      it.lane = lane;
    }
    for (const it of group) { it.lanes = laneEnds.length; out.push(it); }
    group = [];
  };
  for (const it of sorted) {
    if (group.length && it.from >= groupEnd) flush();
    group.push(it);
    groupEnd = Math.max(groupEnd, it.to);
  }
  if (group.length) flush();
  return out;
}

function Block({ a, top, height, lane, lanes, showClinician, onOpen, selected, movable, picked, drag }) {
  // The button's name is its text: what is shown, plus the end and the status for a screen reader.
  return html`<button type="button" data-id=${a.id} class=${`cal-block status-${a.status}${selected ? ' selected' : ''}${movable ? ' movable' : ''}${picked ? ' picked' : ''}`}
    style=${`top:${top}px;height:${Math.max(height, 22)}px;left:calc(${(100 * lane) / lanes}% + 2px);width:calc(${100 / lanes}% - 4px)`}
    aria-describedby=${movable ? 'cal-move-hint' : undefined}
    onPointerDown=${movable ? (e) => drag.blockDown(e, a) : undefined}
    onKeyDown=${movable ? (e) => drag.blockKey(e, a) : undefined}
    onClick=${(e) => { e.stopPropagation(); if (drag.takeClick()) onOpen(a.id); }}>
    <span class="cal-block-time">${clock(a.localFrom)}</span><span class="visually-hidden"> to ${clock(a.localTo)}</span> <strong>${a.patient_name}</strong>
    <span class="cal-block-meta">${[a.type_name, showClinician ? a.practitioner_name : null, a.room].filter(Boolean).join(' · ')}</span>
    <span class="visually-hidden">, ${STATUS_WORDS[a.status] || a.status}</span>
  </button>`;
}

function Grid({ columns, startMin, endMin, showClinician, onOpen, onPick, selectedId, canMove, drag, moving, selection, announce, gridRef }) {
  const hours = [];
  for (let m = Math.ceil(startMin / 60) * 60; m < endMin; m += 60) hours.push(m);
  const height = (endMin - startMin) * PX_PER_MIN;
  return html`<div class="cal-grid" style=${`--cal-cols:${columns.length}`} aria-hidden="false" ref=${gridRef}>
    <div class="cal-head">
      <div class="cal-gutter"></div>
      ${columns.map((c) => html`<div class="cal-col-head" key=${c.key}>${c.title}${c.subtitle ? html`<span class="muted">${c.subtitle}</span>` : null}</div>`)}
    </div>
    <div class="cal-body" style=${`height:${height}px`}>
      <div class="cal-gutter">${hours.map((m) => html`<span class="cal-hour" style=${`top:${(m - startMin) * PX_PER_MIN}px`}>${clock(m)}</span>`)}</div>
      ${columns.map((c, ci) => html`<div class="cal-col" key=${c.key} data-col=${ci} title="Click or drag over a free time to book it"
          onPointerDown=${canMove ? (e) => drag.colDown(e, ci) : undefined}
          onClick=${(e) => {
            if (!drag.takeClick()) return;
            const rect = e.currentTarget.getBoundingClientRect();
            onPick(c, minuteAt(e.clientY - rect.top, PX_PER_MIN, startMin));
          }}>
          ${hours.map((m) => html`<div class="cal-line" style=${`top:${(m - startMin) * PX_PER_MIN}px`}></div>`)}
          ${c.hours.map((s) => html`<div class="cal-hours" style=${`top:${(s.from - startMin) * PX_PER_MIN}px;height:${(s.to - s.from) * PX_PER_MIN}px`}></div>`)}
          ${layLanes(c.items.map((a) => ({ a, from: a.localFrom, to: a.localTo }))).map((it) => html`<${Block} key=${it.a.id} a=${it.a}
              top=${(it.from - startMin) * PX_PER_MIN} height=${(it.to - it.from) * PX_PER_MIN} lane=${it.lane} lanes=${it.lanes}
              showClinician=${showClinician} onOpen=${onOpen} selected=${selectedId === it.a.id}
              movable=${canMove && it.a.status === 'booked'} picked=${moving && moving.id === it.a.id} drag=${drag} />`)}
          ${moving && moving.col === ci ? html`<div class="cal-ghost" aria-hidden="true"
              style=${`top:${(moving.minute - startMin) * PX_PER_MIN}px;height:${Math.max(moving.length * PX_PER_MIN, 22)}px`}>
              ${clock(moving.minute)}-${clock(moving.minute + moving.length)} ${moving.name}</div>` : null}
          ${selection && selection.col === ci ? html`<div class="cal-selection" aria-hidden="true"
              style=${`top:${(selection.from - startMin) * PX_PER_MIN}px;height:${(selection.to - selection.from) * PX_PER_MIN}px`}>
              ${clock(selection.from)}-${clock(selection.to)}</div>` : null}
        </div>`)}
    </div>
    <p class="visually-hidden" role="status" aria-live="assertive">${announce}</p>
  </div>`;
}

/**
 * The same appointments as a list by day: what a phone shows, and what a screen reader reads. Each day folds
 * (today open, or the first day with appointments when today is not shown), so a clinic's week stays short.
 */
function Agenda({ days, items, showClinician, onOpen, today }) {
  const busy = days.filter((d) => items.some((a) => a.localDate === d));
  const openDay = days.includes(today) ? today : busy[0];
  return html`<div class="cal-agenda">
    ${days.map((d) => {
      const list = items.filter((a) => a.localDate === d).sort((x, y) => x.localFrom - y.localFrom);
      if (!list.length && weekday(d) > 4) return null; // an empty weekend day says nothing
      const count = list.filter((a) => a.status !== 'cancelled').length;
      return html`<details key=${d} class="cal-agenda-day" open=${d === openDay}>
        <summary>${dayLabel(d, 'long')} <span class="muted">(${countText(count)})</span></summary>
        ${list.length ? html`<ul class="cards">${list.map((a) => html`<li key=${a.id} class=${`card cal-card status-${a.status}`}>
            <button type="button" class="link-button" onClick=${() => onOpen(a.id)}>${clock(a.localFrom)}-${clock(a.localTo)} ${a.patient_name}</button>
            <span class="muted">${[a.type_name, showClinician ? a.practitioner_name : null, a.room, STATUS_WORDS[a.status] || a.status].filter(Boolean).join(' · ')}</span>
          </li>`)}</ul>` : html`<p class="empty">No appointments.</p>`}
      </details>`;
    })}
  </div>`;
}

function PatientPicker({ value, onValue, error }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState([]);
  useEffect(() => {
    if (q.trim().length < 2) { setFound([]); return undefined; }
    let live = true;
    const t = setTimeout(() => {
      get(`/api/patients${query({ q: q.trim(), limit: 8 })}`).then((r) => { if (live) setFound((r && r.items) || []); }).catch(() => {});
    }, 200);
    return () => { live = false; clearTimeout(t); };
  }, [q]);
  return html`<div class=${error ? 'field has-error' : 'field'}>
    <div class="label-row"><label for="bk-patient-q">Patient</label><span class="req" aria-hidden="true">*</span></div>
    ${value ? html`<p class="picked">${value.name} <button type="button" class="link-button" onClick=${() => onValue(null)}>Change<span class="visually-hidden"> patient</span></button></p>`
      : html`<p class="hint" id="bk-patient-hint">Type two or more letters of the name, then choose.</p>
        <input id="bk-patient-q" type="search" value=${q} onInput=${(e) => setQ(e.currentTarget.value)} autocomplete="off"
          aria-describedby=${error ? 'bk-patient-hint bk-patient-error' : 'bk-patient-hint'} aria-invalid=${error ? 'true' : undefined} />
        ${found.length ? html`<ul class="picker-list">${found.map((p) => html`<li key=${p.id}><button type="button" class="link-button"
            onClick=${() => { onValue({ id: p.id, name: patientName(p) }); setQ(''); }}>${patientName(p)}${p.birth_date ? ` (born ${p.birth_date})` : ''}</button></li>`)}</ul>` : null}`}
    ${error ? html`<p class="field-error" id="bk-patient-error"><span class="visually-hidden">Error: </span>${error}</p>` : null}
  </div>`;
}

const BOOK_LABELS = { start: 'Date and time', duration_min: 'Length', practitioner_id: 'Clinician', type: 'Type', room: 'Room', reason: 'Reason', repeat_count: 'Number of visits' };

function BookingForm({ cal, draft, setDraft, user, onBooked }) {
  const [errors, setErrors] = useState({});
  const [refusal, setRefusal] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  // A refusal answers the booking as it was; once the patient, clinician, date, time, length or type
  // changes it no longer applies and goes.
  const set = (k) => (v) => {
    if (['patient', 'practitioner_id', 'type', 'date', 'time', 'duration_min', 'repeat', 'repeat_every', 'repeat_count'].includes(k)) setRefusal(null);
    setDraft((d) => ({ ...d, [k]: v }));
  };
  const clinicians = cal.clinicians || [];
  const types = (cal.types || []).filter((t) => t.active);
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    if (!draft.patient) errs.patient = 'Choose the patient.';
    if (!draft.date || !draft.time) errs.start = 'Enter the date and the time.';
    if (!draft.practitioner_id && user.role === 'front_desk') errs.practitioner_id = 'Choose the clinician.';
    if (!draft.type && !draft.duration_min) errs.duration_min = 'Enter the length, or choose a type.';
    if (draft.repeat && !(Number(draft.repeat_count) >= 2 && Number(draft.repeat_count) <= 52)) errs.repeat_count = 'Enter 2 to 52 visits.';
    setErrors(errs);
    setRefusal(null);
    if (Object.keys(errs).length) return focusFirstError(form.current);
    const body = { start: zonedToUtc(draft.date, draft.time, cal.time_zone) };
    if (draft.practitioner_id) body.practitioner_id = draft.practitioner_id;
    if (draft.type) body.type = draft.type;
    if (draft.duration_min) body.duration_min = Number(draft.duration_min);
    if (draft.room.trim()) body.room = draft.room.trim();
    if (draft.reason.trim()) body.reason = draft.reason.trim();
    if (draft.back_entry) body.back_entry = true;
    if (draft.outside_hours_ok) body.outside_hours_ok = true;
    if (draft.repeat) { body.repeat_every_weeks = Number(draft.repeat_every) || 1; body.repeat_count = Number(draft.repeat_count); if (draft.skip_conflicts) body.skip_conflicts = true; }
    setBusy(true);
    try {
      const r = await post(`/api/patients/${encodeURIComponent(draft.patient.id)}/appointments`, body);
      onBooked(bookedMessage(draft.patient.name, r, cal.time_zone), draft.date);
    } catch (err) {
      const b = err.body || {};
      if (Array.isArray(b.problems) || b.occurrences) {
        setRefusal({ kinds: (b.problems || []).map((p) => p.kind), problems: b.problems || [], occurrences: b.occurrences || [] });
      } else if (err.field && (err.field in BOOK_LABELS)) {
        setErrors({ [err.field === 'start' ? 'start' : err.field]: fieldMessage(BOOK_LABELS[err.field], err.message) });
        focusFirstError(form.current);
      } else setRefusal({ kinds: [], problems: [{ message: err.message }], occurrences: [] });
    } finally {
      setBusy(false);
    }
  };
  const kinds = refusal ? refusal.kinds : [];
  return html`<form ref=${form} class="subform booking-form" onSubmit=${submit} novalidate aria-describedby=${refusal ? 'bk-refusal' : undefined}>
    <${PatientPicker} value=${draft.patient} onValue=${set('patient')} error=${errors.patient} />
    <${SelectField} id="bk-clinician" label="Clinician" value=${draft.practitioner_id} onValue=${set('practitioner_id')} error=${errors.practitioner_id}
      options=${clinicians.map((c) => ({ value: c.id, label: c.name }))} placeholder=${user.role === 'front_desk' ? 'Choose…' : 'Myself'} required=${user.role === 'front_desk'} />
    <${SelectField} id="bk-type" label="Type" value=${draft.type} onValue=${set('type')} error=${errors.type} optional
      options=${types.map((t) => ({ value: t.code, label: `${t.name} (${t.duration_min} min)` }))} placeholder="No type" />
    <div class="field-row">
      <${Field} id="bk-date" label="Date" type="date" value=${draft.date} onValue=${set('date')} error=${errors.start} required />
      <${Field} id="bk-time" label="Time" type="time" step="300" value=${draft.time} onValue=${set('time')} required hint=${`Clinic time (${cal.time_zone}).`} />
      <${Field} id="bk-length" label="Length (minutes)" type="number" min="5" max="480" step="5" inputmode="numeric" value=${draft.duration_min} onValue=${set('duration_min')} error=${errors.duration_min} optional hint="Empty: the type's length." />
    </div>
    <div class="field-row">
      <${Field} id="bk-room" label="Room" value=${draft.room} onValue=${set('room')} error=${errors.room} optional />
      <${Field} id="bk-reason" label="Reason" value=${draft.reason} onValue=${set('reason')} error=${errors.reason} optional />
    </div>
    <div class="field checkbox"><input id="bk-repeat" type="checkbox" checked=${draft.repeat} onChange=${(e) => set('repeat')(e.currentTarget.checked)} /><label for="bk-repeat">Repeat weekly</label></div>
    ${draft.repeat ? html`<div class="field-row">
      <${Field} id="bk-every" label="Every (weeks)" type="number" min="1" max="12" value=${draft.repeat_every} onValue=${set('repeat_every')} />
      <${Field} id="bk-count" label="Number of visits" type="number" min="2" max="52" value=${draft.repeat_count} onValue=${set('repeat_count')} error=${errors.repeat_count} required />
    </div>` : null}
    ${refusal ? html`<div class="alert alert-error" role="alert" id="bk-refusal">
      <p><strong>Not booked.</strong></p>
      <ul>${refusal.problems.map((p) => html`<li>${p.message}</li>`)}</ul>
      ${refusal.occurrences.length ? html`<p>Visits that clash:</p><ul>${refusal.occurrences.map((o) => html`<li>${o.problems.map((p) => p.message).join('; ')}</li>`)}</ul>` : null}
    </div>` : null}
    ${kinds.includes('in_past') || draft.back_entry ? html`<div class="field checkbox"><input id="bk-back" type="checkbox" checked=${draft.back_entry} onChange=${(e) => set('back_entry')(e.currentTarget.checked)} />
      <label for="bk-back">This visit already happened: enter it after the fact (recorded in the audit trail)</label></div>` : null}
    ${kinds.includes('outside_working_hours') || draft.outside_hours_ok ? html`<div class="field checkbox"><input id="bk-outside" type="checkbox" checked=${draft.outside_hours_ok} onChange=${(e) => set('outside_hours_ok')(e.currentTarget.checked)} />
      <label for="bk-outside">Book outside the clinician's working hours</label></div>` : null}
    ${draft.repeat && refusal && refusal.occurrences.length ? html`<div class="field checkbox"><input id="bk-skip" type="checkbox" checked=${draft.skip_conflicts} onChange=${(e) => set('skip_conflicts')(e.currentTarget.checked)} />
      <label for="bk-skip">Book the free visits and leave out the clashing ones</label></div>` : null}
    <div class="actions"><button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Booking…' : 'Book'}</button></div>
  </form>`;
}

function AppointmentPanel({ a, cal, tz, onChanged, onClose, proposal, onRefused }) {
  const [mode, setMode] = useState(proposal ? 'move' : null); // null | 'move' | 'cancel' | 'cancel-series'
  const [v, setV] = useState({ date: a.localDate, time: clock(a.localFrom), practitioner_id: a.practitioner_id || '', duration_min: String(a.duration_min), change_reason: '', outside_hours_ok: false, ...(proposal || {}) });
  // A drag or the keyboard chose the new time: the move form filled in, the reason asked next.
  const proposalKey = proposal ? `${proposal.date} ${proposal.time} ${proposal.practitioner_id}` : '';
  useEffect(() => {
    if (!proposal) return;
    setMode('move');
    setV((o) => ({ ...o, ...proposal }));
    window.requestAnimationFrame(() => { const el = document.getElementById('mv-reason'); if (el) el.focus(); });
  }, [proposalKey]);
  const [error, setError] = useState(null);
  const [fieldErr, setFieldErr] = useState({});
  const [busy, setBusy] = useState(false);
  const heading = useRef(null);
  useEffect(() => { if (heading.current && !proposal) heading.current.focus(); }, [a.id]);
  const set = (k) => (val) => setV((o) => ({ ...o, [k]: val }));
  const send = async (body, done) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setFieldErr({});
    try {
      await patch(`/api/appointments/${encodeURIComponent(a.id)}`, body);
      onChanged(done);
    } catch (err) {
      if (body.start && onRefused && err.field !== 'change_reason') onRefused(); // refused: back where it was
      const b = err.body || {};
      const not = body.start ? 'Not moved: ' : '';
      if (Array.isArray(b.problems)) setError(`${not}${b.problems.map((p) => p.message).join(' ')}`);
      else if (err.field === 'change_reason') setFieldErr({ change_reason: fieldMessage('The reason', err.message) });
      else setError(`${not}${err.message}`);
    } finally {
      setBusy(false);
    }
  };
  const may = markableStatuses(a);
  const started = may.includes('fulfilled');
  const when = `${dayLabel(a.localDate, 'long')} ${clock(a.localFrom)}-${clock(a.localTo)}`;
  return html`<section class="panel appointment-panel" aria-labelledby="ap-h">
    <h2 id="ap-h" tabindex="-1" ref=${heading}>${a.patient_name}, ${when}</h2>
    <p class="muted">${[a.type_name, a.practitioner_name && `with ${a.practitioner_name}`, a.room, `${a.duration_min} min`, STATUS_WORDS[a.status] || a.status].filter(Boolean).join(' · ')}</p>
    ${a.reason ? html`<p>Reason: ${a.reason}</p>` : null}
    ${a.cancel_reason ? html`<p>Cancelled: ${a.cancel_reason}</p>` : null}
    ${a.back_entry ? html`<p class="muted">Entered after the fact.</p>` : null}
    <p><${Link} href=${`/patients/${encodeURIComponent(a.patient_id)}`}>Open the patient's record<//></p>
    <${Alert} message=${error} />
    ${a.status === 'booked' || a.status === 'arrived' ? html`<div class="actions">
      ${may.includes('arrived') ? html`<button type="button" onClick=${() => send({ status: 'arrived' }, `${a.patient_name} has arrived.`)}>Arrived</button>` : null}
      ${started ? html`<button type="button" onClick=${() => send({ status: 'fulfilled' }, `${a.patient_name}: attended.`)}>Attended</button>
        <button type="button" onClick=${() => send({ status: 'noshow' }, `${a.patient_name}: did not attend.`)}>Did not attend</button>` : null}
      ${a.status === 'booked' ? html`<button type="button" onClick=${() => setMode(mode === 'move' ? null : 'move')} aria-expanded=${mode === 'move'}>Move</button>` : null}
      <button type="button" class="danger" onClick=${() => setMode(mode === 'cancel' ? null : 'cancel')} aria-expanded=${mode === 'cancel'}>Cancel appointment</button>
      ${a.series_id && a.status === 'booked' ? html`<button type="button" class="danger" onClick=${() => setMode(mode === 'cancel-series' ? null : 'cancel-series')} aria-expanded=${mode === 'cancel-series'}>Cancel the rest of the series</button>` : null}
    </div>` : null}
    ${mode === 'move' ? html`<form class="subform" novalidate onSubmit=${(e) => {
        e.preventDefault();
        const body = { start: zonedToUtc(v.date, v.time, tz), change_reason: v.change_reason.trim() };
        if (v.practitioner_id && v.practitioner_id !== a.practitioner_id) body.practitioner_id = v.practitioner_id;
        if (Number(v.duration_min) !== a.duration_min) body.duration_min = Number(v.duration_min);
        if (v.outside_hours_ok) body.outside_hours_ok = true;
        const to = body.practitioner_id ? ((cal.clinicians || []).find((c) => c.id === body.practitioner_id) || {}).name : null;
        send(body, `${a.patient_name} is moved to ${dayLabel(v.date, 'long')} at ${v.time}${to ? ` with ${to}` : ''}.`);
      }}>
      <div class="field-row">
        <${Field} id="mv-date" label="New date" type="date" value=${v.date} onValue=${set('date')} required />
        <${Field} id="mv-time" label="New time" type="time" step="300" value=${v.time} onValue=${set('time')} required />
        <${Field} id="mv-length" label="Length (minutes)" type="number" min="5" max="480" step="5" value=${v.duration_min} onValue=${set('duration_min')} />
      </div>
      <${SelectField} id="mv-clinician" label="Clinician" value=${v.practitioner_id} onValue=${set('practitioner_id')} options=${(cal.clinicians || []).map((c) => ({ value: c.id, label: c.name }))} />
      <${Field} id="mv-reason" label="Reason for the change" value=${v.change_reason} onValue=${set('change_reason')} error=${fieldErr.change_reason} required />
      <div class="field checkbox"><input id="mv-outside" type="checkbox" checked=${v.outside_hours_ok} onChange=${(e) => set('outside_hours_ok')(e.currentTarget.checked)} /><label for="mv-outside">Allow a time outside working hours</label></div>
      <div class="actions"><button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>Move appointment</button></div>
    </form>` : null}
    ${mode === 'cancel' ? html`<form class="subform" novalidate onSubmit=${(e) => { e.preventDefault(); send({ status: 'cancelled', change_reason: v.change_reason.trim() }, `${a.patient_name}'s appointment of ${when} is cancelled.`); }}>
      <${Field} id="cx-reason" label="Reason for cancelling" value=${v.change_reason} onValue=${set('change_reason')} error=${fieldErr.change_reason} required />
      <div class="actions"><button type="submit" class="danger" aria-disabled=${busy ? 'true' : undefined}>Cancel this appointment</button></div>
    </form>` : null}
    ${mode === 'cancel-series' ? html`<form class="subform" novalidate onSubmit=${async (e) => {
        e.preventDefault();
        if (busy) return;
        if (!v.change_reason.trim()) { setFieldErr({ change_reason: 'Enter the reason for cancelling.' }); return; }
        setBusy(true);
        setError(null);
        try {
          const out = await post(`/api/appointments/${encodeURIComponent(a.id)}/cancel-series`, { reason: v.change_reason.trim() });
          const n = out.cancelled.length;
          const kept = out.kept.length ? ` ${out.kept.length} stay${out.kept.length === 1 ? 's' : ''} booked: ${out.kept.map((k) => k.reason).join(' ')}` : '';
          onChanged(`${a.patient_name}: ${n} visit${n === 1 ? '' : 's'} of the series cancelled, from ${when}.${kept}`);
        } catch (err) {
          setError(`Not cancelled: ${err.message}`);
        } finally {
          setBusy(false);
        }
      }}>
      <p>This visit and every later booked visit of the series are cancelled; earlier visits stay.</p>
      <${Field} id="cs-reason" label="Reason for cancelling" value=${v.change_reason} onValue=${set('change_reason')} error=${fieldErr.change_reason} required />
      <div class="actions"><button type="submit" class="danger" aria-disabled=${busy ? 'true' : undefined}>Cancel the rest of the series</button></div>
    </form>` : null}
    <div class="actions"><button type="button" class="link-button" onClick=${onClose}>Close</button></div>
  </section>`;
}

function WaitingList({ canWrite, onBook, version, types }) {
  const typeName = (code) => ((types || []).find((t) => t.code === code) || {}).name || code;
  const r = useLoad('/api/waitlist', version);
  const items = (r.data && r.data.items) || [];
  const [note, setNote] = useState(null);
  const remove = async (e) => {
    try {
      await del(`/api/patients/${encodeURIComponent(e.patient_id)}/waitlist`);
      setNote(`${e.patient_name} is off the waiting list.`);
      r.reload();
    } catch (err) {
      setNote(`Not removed: ${err.message}`);
    }
  };
  return html`<section class="panel" aria-labelledby="wl-h">
    <h2 id="wl-h">Waiting list</h2>
    <${Alert} message=${r.error ? `Could not load the waiting list: ${r.error.message}` : null} />
    ${r.data && !items.length ? html`<p class="empty">Nobody is waiting.</p>` : null}
    <ol class="cards">${items.map((e) => html`<li class="card" key=${e.id}>
      <strong>${e.patient_name}</strong>
      <span class="muted">${[e.clinician_name && `with ${e.clinician_name}`, e.type && typeName(e.type), e.earliest_date && `from ${e.earliest_date}`, e.latest_date && `until ${e.latest_date}`, e.note, `waiting since ${e.since.slice(0, 10)}`].filter(Boolean).join(' · ')}</span>
      ${canWrite ? html`<div class="actions"><button type="button" onClick=${() => onBook(e)}>Book<span class="visually-hidden"> ${e.patient_name}</span></button>
        <button type="button" class="link-button" onClick=${() => remove(e)}>Remove<span class="visually-hidden"> ${e.patient_name} from the list</span></button></div>` : null}
    </li>`)}</ol>
    <p class="status-line" role="status">${note}</p>
  </section>`;
}

const emptyDraft = () => ({ patient: null, practitioner_id: '', type: '', date: '', time: '', duration_min: '', room: '', reason: '', back_entry: false, outside_hours_ok: false, repeat: false, repeat_every: '1', repeat_count: '6', skip_conflicts: false });

export function CalendarPage({ user }) {
  const params = new URLSearchParams(window.location.search);
  const [view, setView] = useState(params.get('view') === 'day' ? 'day' : 'week');
  const [date, setDate] = useState(params.get('date') || '');
  const [clinician, setClinician] = useState(params.get('clinician') || (user.role === 'physiotherapist' || user.role === 'assistant' ? user.id || '' : ''));
  const [version, setVersion] = useState(0);
  const [selectedId, setSelectedId] = useState(null);
  const [flash, setFlash] = useState(null);
  const [draft, setDraft] = useState(emptyDraft());
  const [bookOpen, setBookOpen] = useState(false);
  const settings = useLoad('/api/schedule-settings');
  const tz = (settings.data && settings.data.time_zone) || 'UTC';
  const day = date || todayIn(tz);
  const from = view === 'week' ? addDays(day, -weekday(day)) : day;
  const to = view === 'week' ? addDays(from, 6) : day;
  const r = useLoad(settings.data ? `/api/calendar${query({ from, to, clinician })}` : null, version);
  const cal = r.data || { clinicians: [], appointments: [], types: [], time_zone: tz };
  const canWrite = user.role === 'physiotherapist' || user.role === 'front_desk';

  const items = (cal.appointments || []).map((a) => {
    const s = zonedParts(a.start, tz);
    const e = zonedParts(a.end, tz);
    return { ...a, localDate: s.date, localFrom: s.minute, localTo: e.date === s.date ? e.minute : 24 * 60 };
  });
  const days = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  const spans = (c, wd) => (c.working_hours || []).filter((s) => s.weekday === wd).map((s) => {
    const [fh, fm] = s.start.split(':').map(Number);
    const [th, tm] = s.end.split(':').map(Number);
    return { from: fh * 60 + fm, to: th * 60 + tm };
  });
  const shown = (cal.clinicians || []);
  // The clinic's closed days: no working hours shaded, the reason under the day.
  const closedOn = (d) => ((cal.closures || []).find((c) => c.date === d) || {}).reason || null;
  let columns;
  if (view === 'day' && !clinician) {
    columns = shown.map((c) => ({ key: c.id, title: c.name, date: day, clinicianId: c.id, hours: closedOn(day) ? [] : spans(c, weekday(day)), items: items.filter((a) => a.practitioner_id === c.id && a.localDate === day) }));
  } else {
    const one = clinician ? shown.find((c) => c.id === clinician) : null;
    columns = days
      .filter((d) => weekday(d) < 5 || items.some((a) => a.localDate === d) || (one && spans(one, weekday(d)).length))
      .map((d) => ({ key: d, title: dayLabel(d), subtitle: closedOn(d) ? `Closed: ${closedOn(d)}` : null, date: d, clinicianId: clinician, hours: one && !closedOn(d) ? spans(one, weekday(d)) : [], items: items.filter((a) => a.localDate === d) }));
  }
  let startMin = 7 * 60;
  let endMin = 19 * 60;
  for (const c of columns) {
    for (const s of c.hours) { startMin = Math.min(startMin, s.from); endMin = Math.max(endMin, s.to); }
    for (const a of c.items) { startMin = Math.min(startMin, Math.floor(a.localFrom / 60) * 60); endMin = Math.max(endMin, Math.ceil(a.localTo / 60) * 60); }
  }
  const selected = items.find((a) => a.id === selectedId) || null;
  const bookRef = useRef(null);
  const openBooking = (patch_) => {
    setDraft((d) => ({ ...d, ...patch_ }));
    setBookOpen(true);
    window.requestAnimationFrame(() => { if (bookRef.current) bookRef.current.scrollIntoView({ block: 'start' }); });
  };
  const step = (n) => setDate(addDays(day, n * (view === 'week' ? 7 : 1)));

  // Moving by drag or keys, and marking free time by drag (lib/cal-move.js). The appointment stays where it
  // is until the server accepts the move; a ghost shows where it would go.
  const [moving, setMoving] = useState(null); // { id, name, length, col, minute, keys }
  const [proposal, setProposal] = useState(null); // { id, date, time, practitioner_id }
  const [selection, setSelection] = useState(null); // { col, from, to }
  const [announce, setAnnounce] = useState('');
  const gridRef = useRef(null);
  const swallowClick = useRef(false);
  const clinicianColumns = view === 'day' && !clinician;
  const colOf = (a) => columns.findIndex((c) => c.items.some((x) => x.id === a.id));
  const where = (col, minute) => {
    const c = columns[col];
    return c ? `${dayLabel(c.date, 'long')} at ${clock(minute)}${clinicianColumns ? ` with ${c.title}` : ''}` : '';
  };
  const stopMoving = () => { setMoving(null); setProposal(null); };
  const choose = (a, m) => {
    if (!m || (m.col === colOf(a) && m.minute === a.localFrom)) {
      stopMoving();
      setAnnounce(`${a.patient_name} stays at ${where(colOf(a), a.localFrom)}.`);
      return;
    }
    const c = columns[m.col];
    setFlash(null);
    setMoving(m);
    setProposal({ id: a.id, date: c.date, time: clock(m.minute), practitioner_id: c.clinicianId || a.practitioner_id || '' });
    setSelectedId(a.id);
    setAnnounce(`${a.patient_name} to ${where(m.col, m.minute)}: give the reason for the change, then choose Move appointment.`);
  };
  const follow = (onMove, onUp) => {
    const up = (ev) => {
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', up);
      onUp(ev.type === 'pointercancel');
      window.setTimeout(() => { swallowClick.current = false; }, 0);
    };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', up);
  };
  const drag = {
    takeClick: () => !swallowClick.current,
    blockDown(e, a) {
      if (e.button !== 0 || !gridRef.current) return;
      e.stopPropagation();
      const rects = [...gridRef.current.querySelectorAll('.cal-col')].map((el) => el.getBoundingClientRect());
      const length = a.localTo - a.localFrom;
      const st = { x0: e.clientX, y0: e.clientY, col: colOf(a), moved: false, last: null };
      follow((ev) => {
        if (!st.moved && Math.hypot(ev.clientX - st.x0, ev.clientY - st.y0) < 6) return;
        st.moved = true;
        st.col = columnAt(rects, ev.clientX, st.col);
        st.last = { id: a.id, name: a.patient_name, length, col: st.col, minute: dragMinute(a.localFrom, ev.clientY - st.y0, PX_PER_MIN, startMin, endMin, length) };
        setMoving(st.last);
      }, (cancelled) => {
        if (!st.moved) return;
        swallowClick.current = true;
        if (cancelled) stopMoving();
        else choose(a, st.last);
      });
    },
    blockKey(e, a) {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const mine = moving && moving.id === a.id && moving.keys && !proposal;
      if (!mine) {
        if (e.key === 'm' || e.key === 'M') {
          e.preventDefault();
          setProposal(null);
          setMoving({ id: a.id, name: a.patient_name, length: a.localTo - a.localFrom, col: colOf(a), minute: a.localFrom, keys: true });
          setAnnounce(`Picked up ${a.patient_name}, ${where(colOf(a), a.localFrom)}. The arrow keys move it by ${SLOT_MIN} minutes or by a column; Enter chooses, Escape cancels.`);
        }
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        stopMoving();
        setAnnounce(`Move cancelled: ${a.patient_name} stays at ${where(colOf(a), a.localFrom)}.`);
      } else if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        choose(a, moving);
      } else {
        const next = keyStep(e.key, moving, columns.length, startMin, endMin, moving.length);
        if (!next) return;
        e.preventDefault();
        setMoving({ ...moving, ...next });
        setAnnounce(where(next.col, next.minute));
      }
    },
    colDown(e, ci) {
      if (e.button !== 0 || e.target.closest('.cal-block')) return;
      const rect = e.currentTarget.getBoundingClientRect();
      const m0 = minuteAt(e.clientY - rect.top, PX_PER_MIN, startMin);
      const st = { y0: e.clientY, moved: false, sel: null };
      follow((ev) => {
        if (!st.moved && Math.abs(ev.clientY - st.y0) < 6) return;
        st.moved = true;
        const m1 = minuteAt(ev.clientY - rect.top, PX_PER_MIN, startMin);
        st.sel = { col: ci, from: Math.max(startMin, Math.min(m0, m1)), to: Math.min(endMin, Math.max(m0, m1) + SLOT_MIN) };
        setSelection(st.sel);
      }, (cancelled) => {
        if (!st.moved) return;
        swallowClick.current = true;
        setSelection(null);
        if (cancelled || !st.sel) return;
        const c = columns[ci];
        openBooking({ date: c.date, time: clock(st.sel.from), duration_min: String(st.sel.to - st.sel.from), practitioner_id: c.clinicianId || '' });
        setAnnounce(`New booking ${where(ci, st.sel.from)} for ${st.sel.to - st.sel.from} minutes: choose the patient below.`);
      });
    },
  };

  return html`<section class="calendar-page">
    <h1 tabindex="-1">Calendar</h1>
    <form class="inline-form cal-controls" onSubmit=${(e) => e.preventDefault()}>
      <label for="cal-view">View</label>
      <select id="cal-view" value=${view} onChange=${(e) => setView(e.currentTarget.value)}>
        <option value="week" selected=${view === 'week'}>Week</option>
        <option value="day" selected=${view === 'day'}>Day</option>
      </select>
      <label for="cal-date">Date</label>
      <input id="cal-date" type="date" value=${day} onChange=${(e) => e.currentTarget.value && setDate(e.currentTarget.value)} />
      <label for="cal-clinician">Clinician</label>
      <select id="cal-clinician" value=${clinician} onChange=${(e) => setClinician(e.currentTarget.value)}>
        <option value="" selected=${!clinician}>Whole clinic</option>
        ${shown.map((c) => html`<option value=${c.id} selected=${c.id === clinician}>${c.name}</option>`)}
      </select>
      <span class="cal-steps">
        <button type="button" onClick=${() => step(-1)}>Previous<span class="visually-hidden"> ${view}</span></button>
        <button type="button" onClick=${() => setDate(todayIn(tz))}>Today</button>
        <button type="button" onClick=${() => step(1)}>Next<span class="visually-hidden"> ${view}</span></button>
      </span>
    </form>
    ${view === 'day' && closedOn(day) ? html`<p class="hint cal-closed">The clinic is closed on ${dayLabel(day, 'long')}: ${closedOn(day)}.</p>` : null}
    <p class="hint">${view === 'week' ? `Week of ${dayLabel(from, 'long')}` : dayLabel(day, 'long')} · times in ${tz} · ${countText(items.filter((a) => a.status !== 'cancelled').length)}${clinician ? '' : ' in the clinic'}. Shaded: working hours.</p>
    <${Alert} message=${r.error ? `Could not load the calendar: ${r.error.message}` : settings.error ? `Could not load the clinic's settings: ${settings.error.message}` : null} />
    ${flash ? html`<${Alert} kind="success" message=${flash} />` : null}
    ${canWrite && r.data ? html`<p class="hint cal-move-hint" id="cal-move-hint">Drag an appointment to move it, or drag over free time to book it.
        With the keyboard: on an appointment press M, move it with the arrow keys (${SLOT_MIN} minutes up or down, a column left or right), Enter to choose, Escape to cancel.</p>` : null}
    ${r.data ? html`<${Grid} columns=${columns} startMin=${startMin} endMin=${endMin} showClinician=${!clinician && view === 'week'}
        canMove=${canWrite} drag=${drag} moving=${moving} selection=${selection} announce=${announce} gridRef=${gridRef}
        selectedId=${selectedId} onOpen=${(id) => { setSelectedId(id); if (!proposal || proposal.id !== id) stopMoving(); }}
        onPick=${(c, minute) => canWrite && openBooking({ date: c.date, time: clock(minute), practitioner_id: c.clinicianId || '' })} />
      <${Agenda} days=${days} items=${items} showClinician=${!clinician} onOpen=${setSelectedId} today=${todayIn(tz)} />` : r.loading ? html`<p>Loading…</p>` : null}
    ${selected ? html`<${AppointmentPanel} key=${`${selected.id} ${selected.status} ${selected.start} ${selected.practitioner_id}`} a=${selected} cal=${cal} tz=${tz}
        proposal=${proposal && proposal.id === selected.id ? { date: proposal.date, time: proposal.time, practitioner_id: proposal.practitioner_id } : null}
        onRefused=${stopMoving}
        onClose=${() => { setSelectedId(null); stopMoving(); }} onChanged=${(m) => { stopMoving(); setFlash(m); setVersion((x) => x + 1); }} />` : null}
    ${canWrite ? html`<details class="panel" open=${bookOpen} ref=${bookRef} onToggle=${(e) => setBookOpen(e.currentTarget.open)}>
        <summary>Book an appointment</summary>
        <${BookingForm} cal=${cal} draft=${draft} setDraft=${setDraft} user=${user}
          onBooked=${(m, d) => { setFlash(m); setDraft(emptyDraft()); setBookOpen(false); setDate(d); setVersion((x) => x + 1); }} />
      </details>` : null}
    <${WaitingList} canWrite=${canWrite} version=${version} types=${cal.types}
      onBook=${(e) => openBooking({ patient: { id: e.patient_id, name: e.patient_name }, practitioner_id: e.clinician_id || '', type: e.type || '' })} />
  </section>`;
}
