// The days the clinic is closed (public holidays, its own closures): the front desk and the administrator
// keep the list; bookings on a closed day are refused and a weekly series leaves the day out, naming it
// (docs/server/scheduling.md, "Closure days").
import { html, useEffect, useState } from '../lib/html.js';
import { put } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Alert, Field } from '../components/forms.js';
import { dayLabel } from '../lib/zoned.js';

export function ClosuresPage({ user }) {
  const r = useLoad('/api/closures');
  const canWrite = user.role === 'front_desk' || user.role === 'admin';
  const [days, setDays] = useState(null);
  const [add, setAdd] = useState({ date: '', reason: '' });
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [note, setNote] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { if (r.data) setDays(r.data.days); }, [r.data]);
  const save = async (next, done) => {
    setBusy(true);
    setError(null);
    try {
      const out = await put('/api/closures', { days: next.map((d) => ({ date: d.date, reason: d.reason })) });
      setDays(out.days);
      setNote(done);
      return true;
    } catch (err) {
      setError(`Not saved: ${err.message}`);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    if (!add.date) errs.date = 'Enter the date the clinic is closed.';
    else if ((days || []).some((d) => d.date === add.date)) errs.date = `${dayLabel(add.date, 'long')} is on the list already.`;
    if (!add.reason.trim()) errs.reason = 'Say why the clinic is closed, for example "Christmas Day".';
    setErrors(errs);
    if (Object.keys(errs).length) return;
    if (await save([...(days || []), { date: add.date, reason: add.reason.trim() }], `${dayLabel(add.date, 'long')} is a closure day: ${add.reason.trim()}.`)) {
      setAdd({ date: '', reason: '' });
      const el = document.getElementById('cl-date');
      if (el) el.focus();
    }
  };
  const remove = (d) => save(days.filter((x) => x.date !== d.date), `${dayLabel(d.date, 'long')} is open again.`);
  return html`<section class="closures">
    <h1 tabindex="-1">Closure days</h1>
    <p class="hint">Days the clinic is closed, such as public holidays. Nobody can be booked on them, and a weekly
      series leaves them out and names them in its confirmation.</p>
    <${Alert} message=${r.error ? `Could not load the closure days: ${r.error.message}` : error} />
    ${days && !days.length ? html`<p class="empty">No closure days.</p>` : null}
    ${days && days.length ? html`<ul class="cards closure-list">${days.map((d) => html`<li class="card" key=${d.date}>
        <strong>${dayLabel(d.date, 'long')} ${d.date.slice(0, 4)}</strong> <span class="muted">· ${d.reason}</span>
        ${canWrite ? html`<button type="button" class="link-button" onClick=${() => remove(d)}>Remove<span class="visually-hidden"> ${dayLabel(d.date, 'long')}</span></button>` : null}
      </li>`)}</ul>` : null}
    ${canWrite ? html`<form class="subform" novalidate onSubmit=${submit}>
      <h2>Add a closure day</h2>
      <div class="field-row">
        <${Field} id="cl-date" label="Date" type="date" value=${add.date} onValue=${(v) => setAdd((a) => ({ ...a, date: v }))} error=${errors.date} required />
        <${Field} id="cl-reason" label="Why the clinic is closed" value=${add.reason} onValue=${(v) => setAdd((a) => ({ ...a, reason: v }))} error=${errors.reason} required maxlength="100" />
      </div>
      <div class="actions"><button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>Add closure day</button></div>
    </form>` : null}
    <p class="status-line" role="status">${note}</p>
  </section>`;
}
