// The clinic's own words to its patients (docs/server/clinic-contact.md): its name, address, the telephone
// number patients are told to phone and the emergency number they are told to call. The administrator sets
// them here; every patient-facing page, e-mail and printed program says them.
import { html, useEffect, useState } from '../lib/html.js';
import { put } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Alert, Field, FieldError, fieldMessage } from './forms.js';
import { useSave } from './use-save.js';

const LABELS = {
  name: "Clinic's name",
  address: 'Address',
  phone: 'Telephone number patients phone',
  emergency_number: 'Emergency number in your country',
};

export function ClinicContactPanel() {
  const r = useLoad('/api/clinic');
  const [v, setV] = useState(null);
  const { errors, failed, note, busy, form, save } = useSave();
  useEffect(() => {
    if (r.data && !v) setV({ name: r.data.name, address: r.data.address, phone: r.data.phone, emergency_number: r.data.emergency_number });
  }, [r.data]);
  const set = (k) => (x) => setV((o) => ({ ...o, [k]: x }));
  const submit = (e) => {
    e.preventDefault();
    const errs = {};
    if (!v.name.trim()) errs.name = "Give the clinic's name as patients know it.";
    return save(errs, async () => {
      const saved = await put('/api/clinic', { name: v.name.trim(), address: v.address.trim(), phone: v.phone.trim(), emergency_number: v.emergency_number.trim() });
      setV({ name: saved.name, address: saved.address, phone: saved.phone, emergency_number: saved.emergency_number });
      return 'Saved: patients now read these in their pages, e-mails and printed programs.';
    }, (err) => (err.field ? [err.field, fieldMessage(LABELS[err.field] || err.field, err.message)] : null));
  };
  return html`<section aria-labelledby="clinic-h" class="panel" data-testid="clinic-contact">
    <h2 id="clinic-h">The clinic, as patients read it</h2>
    <p class="hint">Patients are told to phone this number when pain does not settle, and to call the emergency number in an emergency: in the pain advice, the printed program, e-mails and their messages page.</p>
    <${Alert} message=${r.error ? `Could not load the clinic's details: ${r.error.message}` : failed} />
    ${v
      ? html`<form ref=${form} onSubmit=${submit} novalidate>
          <${Field} id="clinic-name" label=${LABELS.name} value=${v.name} onValue=${set('name')} error=${errors.name} required maxlength="120" />
          <div class=${errors.address ? 'field has-error' : 'field'}>
            <div class="label-row"><label for="clinic-address">${LABELS.address}<span class="opt"> (optional)</span></label></div>
            <textarea id="clinic-address" rows="3" maxlength="300" value=${v.address} aria-invalid=${errors.address ? 'true' : undefined}
              onInput=${(e) => set('address')(e.currentTarget.value)}></textarea>
            <${FieldError} id="clinic-address" error=${errors.address} />
          </div>
          <${Field} id="clinic-phone" label=${LABELS.phone} type="tel" autocomplete="off" value=${v.phone} onValue=${set('phone')} error=${errors.phone} optional maxlength="32" />
          <${Field} id="clinic-emergency" label=${LABELS.emergency_number} hint="For example 112 in the European Union, 999 in the United Kingdom, 911 in the United States." type="tel" autocomplete="off" value=${v.emergency_number} onValue=${set('emergency_number')} error=${errors.emergency_number} optional maxlength="32" />
          <div class="actions"><button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Saving…' : 'Save'}</button></div>
          <p class="status-line" role="status">${note}</p>
        </form>`
      : r.loading ? html`<p>Loading…</p>` : null}
  </section>`;
}
