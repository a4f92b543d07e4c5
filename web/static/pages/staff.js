// Staff administration (admin role): list, invite by e-mail (a single-use link to set a password), add with
// a temporary password, reset a password, disable; the clinic's contact details.
import { ClinicContactPanel } from '../components/clinic-contact.js';
import { html, useRef, useState } from '../lib/html.js';
import { post } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Alert, Field, SelectField, fieldMessage, focusFirstError } from '../components/forms.js';
import { ROLE_NAMES } from '../lib/format.js';

const STAFF_ROLES = ['physiotherapist', 'assistant', 'front_desk', 'admin'].map((value) => ({ value, label: ROLE_NAMES[value] }));
const MIN_PASSWORD = 12;

function AddStaff({ onSaved }) {
  const blank = { email: '', display_name: '', role: 'physiotherapist', password: '' };
  const [v, setV] = useState(blank);
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const set = (k) => (val) => setV((o) => ({ ...o, [k]: val }));
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    if (!/^[^@\s]+@[^@\s]+$/.test(v.email.trim())) errs.email = 'Enter the e-mail address the person logs in with.';
    if (!v.display_name.trim()) errs.display_name = 'Enter the name shown to colleagues and patients.';
    if (v.password.length < MIN_PASSWORD) errs.password = `Enter an initial password of at least ${MIN_PASSWORD} characters.`;
    setErrors(errs);
    setFormError(null);
    if (Object.keys(errs).length) return focusFirstError(form.current);
    setBusy(true);
    try {
      await post('/api/staff', { email: v.email.trim(), display_name: v.display_name.trim(), role: v.role, password: v.password });
      setV(blank);
      onSaved(`${v.display_name.trim()} was added. They set up their second factor at their first login.`);
    } catch (err) {
      if (err.field && err.field in blank) {
        const labels = { email: 'E-mail', display_name: 'Name', role: 'Role', password: 'Initial password' };
        setErrors({ [err.field]: fieldMessage(labels[err.field], err.message) });
        focusFirstError(form.current);
      } else setFormError(`The staff member was not added: ${err.message}`);
    } finally {
      setBusy(false);
    }
  };
  return html`<form ref=${form} onSubmit=${submit} novalidate class="subform">
    <${Alert} message=${formError} />
    <${Field} id="staff-email" label="E-mail" type="email" value=${v.email} onValue=${set('email')} error=${errors.email} required autocomplete="off" spellcheck="false" />
    <${Field} id="staff-name" label="Name" value=${v.display_name} onValue=${set('display_name')} error=${errors.display_name} required autocomplete="off" />
    <${SelectField} id="staff-role" label="Role" value=${v.role} onValue=${set('role')} error=${errors.role} options=${STAFF_ROLES} />
    <${Field} id="staff-password" label="Initial password" type="password" hint=${`At least ${MIN_PASSWORD} characters. Give it to the person in a safe way.`}
      value=${v.password} onValue=${set('password')} error=${errors.password} required autocomplete="new-password" />
    <div class="actions"><button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Adding…' : 'Add staff member'}</button></div>
  </form>`;
}

function InviteStaff({ onSaved }) {
  const blank = { email: '', display_name: '', role: 'physiotherapist' };
  const [v, setV] = useState(blank);
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const set = (k) => (val) => setV((o) => ({ ...o, [k]: val }));
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    if (!/^[^@\s]+@[^@\s]+$/.test(v.email.trim())) errs.email = 'Enter the e-mail address the person logs in with.';
    if (!v.display_name.trim()) errs.display_name = 'Enter the name shown to colleagues and patients.';
    setErrors(errs);
    setFormError(null);
    if (Object.keys(errs).length) return focusFirstError(form.current);
    setBusy(true);
    try {
      const r = await post('/api/staff/invite', { email: v.email.trim(), display_name: v.display_name.trim(), role: v.role });
      setV(blank);
      onSaved(`${v.display_name.trim()} was invited: ${r.status}. They set their password from the e-mail, then set up their second factor.`);
    } catch (err) {
      if (err.field && err.field in blank) {
        const labels = { email: 'E-mail', display_name: 'Name', role: 'Role' };
        setErrors({ [err.field]: fieldMessage(labels[err.field], err.message) });
        focusFirstError(form.current);
      } else setFormError(`No invitation was sent: ${err.message}`);
    } finally {
      setBusy(false);
    }
  };
  return html`<form ref=${form} onSubmit=${submit} novalidate class="subform">
    <${Alert} message=${formError} />
    <${Field} id="invite-email" label="E-mail" type="email" value=${v.email} onValue=${set('email')} error=${errors.email} required autocomplete="off" spellcheck="false" />
    <${Field} id="invite-name" label="Name" value=${v.display_name} onValue=${set('display_name')} error=${errors.display_name} required autocomplete="off" />
    <${SelectField} id="invite-role" label="Role" value=${v.role} onValue=${set('role')} error=${errors.role} options=${STAFF_ROLES} />
    <div class="actions"><button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Sending…' : 'Send invitation'}</button></div>
  </form>`;
}

function ResetPassword({ member, onDone, onCancel }) {
  const [pw, setPw] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const id = `reset-${member.id}`;
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    if (pw.length < MIN_PASSWORD) {
      setError(`Enter a password of at least ${MIN_PASSWORD} characters.`);
      document.getElementById(id)?.focus();
      return;
    }
    setBusy(true);
    try {
      await post(`/api/staff/${encodeURIComponent(member.id)}/reset-password`, { password: pw });
      onDone(`The password of ${member.display_name || member.email} was reset.`);
    } catch (err) {
      setBusy(false);
      setError(err.field === 'password' ? fieldMessage('The password', err.message) : err.message);
      document.getElementById(id)?.focus();
    }
  };
  return html`<form onSubmit=${submit} novalidate class="inline-form">
    <${Field} id=${id} label=${`New password for ${member.display_name || member.email}`} type="password" value=${pw} onValue=${setPw} error=${error}
      autocomplete="new-password" autofocus />
    <div class="actions">
      <button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>Set password</button>
      <button type="button" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}

function StaffRow({ m, me, onChanged }) {
  const [mode, setMode] = useState(null); // null | reset | disable
  const [error, setError] = useState(null);
  const name = m.display_name || m.email;
  const disabled = !!m.disabled;
  const back = () => {
    setMode(null);
    window.requestAnimationFrame(() => document.getElementById(`actions-${m.id}`)?.querySelector('button')?.focus());
  };
  const disable = async () => {
    try {
      await post(`/api/staff/${encodeURIComponent(m.id)}/disable`);
      onChanged(`${name} was disabled and can no longer log in.`);
    } catch (err) {
      setError(`${name} was not disabled: ${err.message}`);
    }
  };
  return html`<li class="card staff-member">
    <h3 class="card-title">${name}${disabled ? html` <span class="badge badge-muted">Disabled</span>` : null}</h3>
    <span class="meta">${m.email} · ${ROLE_NAMES[m.role] || m.role}</span>
    <${Alert} message=${error} />
    ${!disabled && mode === null
      ? html`<div class="actions" id=${`actions-${m.id}`}>
          <button type="button" onClick=${() => setMode('reset')}>Reset password<span class="visually-hidden"> of ${name}</span></button>
          ${m.id !== me.id ? html`<button type="button" class="danger" onClick=${() => setMode('disable')}>Disable<span class="visually-hidden"> ${name}</span></button>` : null}
        </div>`
      : null}
    ${mode === 'reset' ? html`<${ResetPassword} member=${m} onCancel=${back} onDone=${(msg) => { setMode(null); onChanged(msg); }} />` : null}
    ${mode === 'disable'
      ? html`<div class="confirm" role="group" aria-label=${`Disable ${name}?`}>
          <p>Disable ${name}? They will no longer be able to log in.</p>
          <div class="actions">
            <button type="button" class="danger" onClick=${disable} autofocus>Yes, disable</button>
            <button type="button" onClick=${back}>Cancel</button>
          </div>
        </div>`
      : null}
  </li>`;
}

export function StaffPage({ user }) {
  const [version, setVersion] = useState(0);
  const r = useLoad(user.role === 'admin' ? '/api/staff' : null, version);
  const [note, setNote] = useState(null);
  if (user.role !== 'admin') {
    return html`<section><h1 tabindex="-1">Staff</h1><p>Only administrators can manage staff.</p></section>`;
  }
  const list = (Array.isArray(r.data) ? r.data : []).slice().sort((a, b) => String(a.display_name || a.email).localeCompare(String(b.display_name || b.email)));
  const changed = (msg) => {
    setNote(msg);
    setVersion((x) => x + 1);
  };
  return html`<section>
    <h1 tabindex="-1">Staff</h1>
    <p class="status-line" role="status" aria-live="polite">${note}</p>
    <${Alert} message=${r.error ? `Could not load the staff list: ${r.error.message}` : null} />
    <ul class="cards staff-list">${list.map((m) => html`<${StaffRow} key=${`${m.id}-${m.disabled ? 1 : 0}`} m=${m} me=${user} onChanged=${changed} />`)}</ul>
    <section aria-labelledby="invite-staff-h" class="panel">
      <h2 id="invite-staff-h">Invite a staff member</h2>
      <p>The person gets an e-mail with a link to set their own password (it works once, for 72 hours unless the
        server says otherwise), then sets up an authenticator app at their first log-in.</p>
      <${InviteStaff} onSaved=${changed} />
    </section>
    <section aria-labelledby="add-staff-h" class="panel">
      <h2 id="add-staff-h">Add a staff member with a temporary password</h2>
      <p>When e-mail is not an option: give the person the password in a safe way.</p>
      <${AddStaff} onSaved=${changed} />
    </section>
    <${ClinicContactPanel} />
  </section>`;
}
