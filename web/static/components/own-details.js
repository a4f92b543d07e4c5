// The patient's own contact details on their pages (docs/server/patient-admin.md, "From the patient's
// pages"): they read what the clinic has recorded and change their phone, e-mail, agreement to e-mails,
// address and emergency contact themselves. Saved with PUT /api/patients/{id}/own-details (audited).
import { html, useRef, useState } from '../lib/html.js';
import { put } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Alert, Field, fieldMessage, focusFirstError } from './forms.js';
import {
  ADDRESS_FIELDS, EMERGENCY_FIELDS, REG_LABELS, RegistrationFacts, RegistrationFields, changedFields, registrationCheck, useRegistrationLists,
} from './registration.js';

const OWN_FIELDS = [...ADDRESS_FIELDS, ...EMERGENCY_FIELDS];
const LABELS = { ...REG_LABELS, phone: 'Your phone', email: 'Your e-mail', email_ok: 'E-mails from the clinic' };

function OwnDetailsForm({ p, r, lists, onSaved, onCancel }) {
  const [v, setV] = useState(() => ({
    ...Object.fromEntries(OWN_FIELDS.map((f) => [f, (r && r[f]) || ''])), phone: p.phone || '', email: p.email || '', email_ok: !!p.email_ok,
  }));
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const set = (k) => (val) => setV((o) => ({ ...o, [k]: val }));
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const errs = registrationCheck(v);
    if (v.email_ok && !v.email.trim()) errs.email = 'Enter your e-mail address to receive e-mails from the clinic.';
    setErrors(errs);
    setFormError(null);
    if (Object.keys(errs).length) {
      setFormError('Nothing was saved: check the fields marked below.');
      return focusFirstError(form.current);
    }
    const body = changedFields(v, r, OWN_FIELDS);
    for (const f of ['phone', 'email']) if (v[f].trim() !== (p[f] || '')) body[f] = v[f].trim();
    if (v.email_ok !== !!p.email_ok) body.email_ok = v.email_ok;
    setBusy(true);
    try {
      await put(`/api/patients/${encodeURIComponent(p.id)}/own-details`, body);
      onSaved();
    } catch (err) {
      setBusy(false);
      if (err.field && LABELS[err.field]) {
        setErrors({ [err.field]: fieldMessage(LABELS[err.field], err.message) });
        setFormError('Nothing was saved: check the field marked below.');
        focusFirstError(form.current);
      } else setFormError(`Nothing was saved: ${err.message}`);
    }
  };
  return html`<form ref=${form} onSubmit=${submit} novalidate class="form-grid" aria-label="Change your contact details">
    <${Alert} message=${formError} />
    <${Field} id="own-phone" label=${LABELS.phone} type="tel" hint="In international form: + and the country code, for example +351 912 345 678." value=${v.phone} onValue=${set('phone')} error=${errors.phone} optional autocomplete="tel" />
    <${Field} id="own-email" label=${LABELS.email} type="email" value=${v.email} onValue=${set('email')} error=${errors.email} optional autocomplete="email" spellcheck="false" />
    <div class="field checkbox">
      <input type="checkbox" id="own-email_ok" checked=${v.email_ok} onChange=${(e) => set('email_ok')(e.currentTarget.checked)} />
      <label for="own-email_ok">I agree to e-mails from the clinic (appointment notices, questionnaires, a note that a message waits)</label>
    </div>
    <${RegistrationFields} v=${v} set=${set} errors=${errors} lists=${lists} prefix="own" names=${OWN_FIELDS} />
    <div class="actions">
      <button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Saving…' : 'Save my details'}</button>
      <button type="button" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}

/** The patient's own panel: what is recorded, and their form to change it. */
export function OwnDetailsPanel({ p, onChanged }) {
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(null);
  const lists = useRegistrationLists();
  const r = useLoad(`/api/patients/${encodeURIComponent(p.id)}/registration`, version);
  return html`<section aria-labelledby="own-h" class="panel">
    <h2 id="own-h">Your contact details</h2>
    <${Alert} kind="success" message=${saved} />
    <${Alert} message=${r.error ? `Could not load your details: ${r.error.message}` : null} />
    ${editing && r.data
      ? html`<${OwnDetailsForm} p=${p} r=${r.data} lists=${lists} onCancel=${() => setEditing(false)} onSaved=${() => { setEditing(false); setSaved('Your details were saved. The clinic sees the change.'); setVersion((x) => x + 1); onChanged(); }} />`
      : html`${r.data ? html`<${RegistrationFacts} r=${r.data} lists=${lists} />` : null}
          ${r.data ? html`<div class="actions"><button type="button" onClick=${() => { setSaved(null); setEditing(true); }}>Change my contact details</button></div>` : null}`}
  </section>`;
}
