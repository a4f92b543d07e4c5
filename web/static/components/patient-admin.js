// Patient administration on the patient page: the details with their edit form (contact details,
// preferred language, how the patient prefers to be reached, e-mail agreement) and the consent register
// (each kind's state in force, every row kept: who recorded it, when, how and which text version).
// docs/server/patient-admin.md.
import { html, useRef, useState } from '../lib/html.js';
import { patch, post } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Alert, Field, SelectField, fieldMessage, focusFirstError } from './forms.js';
import { MAX_HEIGHT_CM, MIN_HEIGHT_CM, ageFrom, formatDate, formatDateTime } from '../lib/format.js';
import { LanguageSelect, useRegistrationLists } from './registration.js';

const SEX_NAMES = { female: 'Female', male: 'Male', other: 'Other', unknown: 'Unknown' };
const CONTACT_NAMES = { app: 'In the app', email: 'By e-mail', phone: 'By phone' };

export const DETAIL_LABELS = {
  given_name: 'Given name',
  family_name: 'Family name',
  birth_date: 'Birth date',
  sex: 'Sex',
  mrn: 'Medical record number (MRN)',
  email: 'E-mail',
  phone: 'Phone',
  language: 'Preferred language',
  time_zone: 'Time zone',
  preferred_contact: 'Prefers to be reached',
  height_cm: 'Height (cm)',
};
const TEXT_FIELDS = ['given_name', 'family_name', 'birth_date', 'sex', 'mrn', 'email', 'phone', 'language', 'time_zone', 'preferred_contact'];

function Facts({ p }) {
  const age = ageFrom(p.birth_date);
  const lists = useRegistrationLists();
  const language = p.language ? ((lists && lists.languages.find((l) => l.tag === p.language)) || { name: p.language }).name : '';
  const rows = [
    ['Birth date', p.birth_date ? `${formatDate(p.birth_date)}${age !== null ? ` (age ${age})` : ''}` : ''],
    ['Sex', SEX_NAMES[p.sex] || p.sex],
    ['MRN', p.mrn],
    ['E-mail', p.email],
    ['Phone', p.phone],
    ['Language', language],
    ['Time zone', p.time_zone],
    ['Height', typeof p.height_cm === 'number' ? `${p.height_cm} cm` : ''],
    ['Prefers to be reached', CONTACT_NAMES[p.preferred_contact] || ''],
    ['E-mails from the clinic', p.email_ok ? 'Agreed' : 'Not agreed'],
  ].filter(([, v]) => v);
  return html`<dl class="facts">${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

function DetailsForm({ p, onSaved, onCancel }) {
  const [v, setV] = useState(() => ({ ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, p[f] || ''])), email_ok: !!p.email_ok, height_cm: typeof p.height_cm === 'number' ? String(p.height_cm) : '' }));
  const lists = useRegistrationLists();
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const set = (k) => (val) => setV((o) => ({ ...o, [k]: val }));
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    if (!v.given_name.trim()) errs.given_name = 'Enter the given name.';
    if (!v.family_name.trim()) errs.family_name = 'Enter the family name.';
    if (!v.birth_date) errs.birth_date = 'Enter the birth date.';
    if (v.email_ok && !v.email.trim()) errs.email = 'Enter an e-mail address, or untick the e-mail agreement.';
    if (v.preferred_contact === 'email' && !v.email.trim()) errs.email = 'Enter an e-mail address to be reached by e-mail.';
    if (v.preferred_contact === 'phone' && !v.phone.trim()) errs.phone = 'Enter a phone number to be reached by phone.';
    const height = v.height_cm.trim();
    if (height && !(/^\d{2,3}$/.test(height) && Number(height) >= MIN_HEIGHT_CM && Number(height) <= MAX_HEIGHT_CM)) {
      errs.height_cm = `Enter the height in whole centimetres, ${MIN_HEIGHT_CM} to ${MAX_HEIGHT_CM}.`;
    }
    setErrors(errs);
    setFormError(null);
    if (Object.keys(errs).length) {
      setFormError('The details were not saved: check the fields marked below.');
      focusFirstError(form.current);
      return;
    }
    // Only what changed is sent, with the version read (a change made elsewhere since is refused).
    const body = { version: p.version };
    for (const f of TEXT_FIELDS) {
      const val = String(v[f] || '').trim();
      if (val !== (p[f] || '')) body[f] = val;
    }
    if (v.email_ok !== !!p.email_ok) body.email_ok = v.email_ok;
    const heightCm = height ? Number(height) : null;
    if (heightCm !== (typeof p.height_cm === 'number' ? p.height_cm : null)) body.height_cm = heightCm;
    setBusy(true);
    try {
      const saved = await patch(`/api/patients/${encodeURIComponent(p.id)}`, body);
      onSaved(saved);
    } catch (err) {
      setBusy(false);
      if (err.field && DETAIL_LABELS[err.field]) {
        setErrors({ [err.field]: fieldMessage(DETAIL_LABELS[err.field], err.message) });
        setFormError('The details were not saved: check the field marked below.');
        focusFirstError(form.current);
      } else setFormError(`The details were not saved: ${err.message}`);
    }
  };
  return html`<form ref=${form} onSubmit=${submit} novalidate class="form-grid" aria-label="Edit the patient's details">
    <${Alert} message=${formError} />
    <${Field} id="d-given_name" label=${DETAIL_LABELS.given_name} value=${v.given_name} onValue=${set('given_name')} error=${errors.given_name} required autocomplete="off" />
    <${Field} id="d-family_name" label=${DETAIL_LABELS.family_name} value=${v.family_name} onValue=${set('family_name')} error=${errors.family_name} required autocomplete="off" />
    <${Field} id="d-birth_date" label=${DETAIL_LABELS.birth_date} type="date" value=${v.birth_date} onValue=${set('birth_date')} error=${errors.birth_date} required />
    <${SelectField} id="d-sex" label=${DETAIL_LABELS.sex} value=${v.sex} onValue=${set('sex')} error=${errors.sex} options=${Object.entries(SEX_NAMES).map(([value, label]) => ({ value, label }))} placeholder="Not recorded" optional />
    <${Field} id="d-mrn" label=${DETAIL_LABELS.mrn} value=${v.mrn} onValue=${set('mrn')} error=${errors.mrn} optional autocomplete="off" spellcheck="false" />
    <${Field} id="d-email" label=${DETAIL_LABELS.email} type="email" value=${v.email} onValue=${set('email')} error=${errors.email} optional autocomplete="off" spellcheck="false" />
    <${Field} id="d-phone" label=${DETAIL_LABELS.phone} type="tel" value=${v.phone} onValue=${set('phone')} error=${errors.phone} optional autocomplete="off" />
    <${LanguageSelect} id="d-language" label=${DETAIL_LABELS.language} value=${v.language} onValue=${set('language')} error=${errors.language} lists=${lists} />
    <${Field} id="d-time_zone" label=${DETAIL_LABELS.time_zone} hint="For example Europe/Paris." value=${v.time_zone} onValue=${set('time_zone')} error=${errors.time_zone} optional spellcheck="false" autocomplete="off" />
    <${Field} id="d-height_cm" label=${DETAIL_LABELS.height_cm} hint="Standing height in whole centimetres: the scale of step length and walking speed measured from a video." type="number" inputmode="numeric" min=${MIN_HEIGHT_CM} max=${MAX_HEIGHT_CM} step="1" value=${v.height_cm} onValue=${set('height_cm')} error=${errors.height_cm} optional autocomplete="off" />
    <${SelectField} id="d-preferred_contact" label=${DETAIL_LABELS.preferred_contact} value=${v.preferred_contact} onValue=${set('preferred_contact')} error=${errors.preferred_contact} options=${Object.entries(CONTACT_NAMES).map(([value, label]) => ({ value, label }))} placeholder="Not said" optional />
    <div class="field checkbox">
      <input type="checkbox" id="d-email_ok" checked=${v.email_ok} onChange=${(e) => set('email_ok')(e.currentTarget.checked)} />
      <label for="d-email_ok">The patient agrees to e-mails from the clinic (appointment notices, questionnaire requests, a note that a message waits)</label>
    </div>
    <div class="actions">
      <button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Saving…' : 'Save details'}</button>
      <button type="button" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}

/** "Invite to the app": an e-mail with a single-use link to set a password (docs/server/api.md). */
function InviteToApp({ p }) {
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  if (!p.email || !p.email_ok) {
    return html`<p class="hint" id="invite-hint">To invite ${p.given_name} to the app, record their e-mail address and their agreement to e-mails (Edit details).</p>`;
  }
  const invite = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await post(`/api/patients/${encodeURIComponent(p.id)}/invite`);
      setResult(`Invitation sent to ${r.user.email}. The link in it works once, until ${formatDateTime(r.expires)}.`);
    } catch (err) {
      setError(`No invitation was sent: ${err.message}`);
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="invite">
    <${Alert} kind="success" message=${result} />
    <${Alert} message=${error} />
    <div class="actions"><button type="button" id="invite-to-app" onClick=${invite} aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Sending…' : 'Invite to the app'}</button></div>
  </div>`;
}

/** The patient's details; staff who may change them get an edit form. */
export function DetailsPanel({ p, canEdit, onChanged, children }) {
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(null);
  return html`<section aria-labelledby="demo-h" class="panel">
    <h2 id="demo-h">Details</h2>
    <${Alert} kind="success" message=${saved} />
    ${editing
      ? html`<${DetailsForm} p=${p} onCancel=${() => setEditing(false)} onSaved=${() => { setEditing(false); setSaved('The details were saved.'); onChanged(); }} />`
      : html`<${Facts} p=${p} />
          ${canEdit ? html`<div class="actions"><button type="button" onClick=${() => { setSaved(null); setEditing(true); }}>Edit details</button></div>` : null}
          ${canEdit ? html`<${InviteToApp} p=${p} />` : null}`}
    ${children}
  </section>`;
}

// ---- the consent register -------------------------------------------------------------------------

const KIND_NAMES = {
  telehealth: 'Video and camera sessions',
  remote_monitoring: 'Remote monitoring',
  data_use: 'Use of data beyond care',
  visit_audio_recording: 'Visit audio recording',
};
const METHOD_NAMES = {
  in_person_signed: 'In person, signed',
  in_person_verbal: 'In person, spoken',
  phone: 'By phone',
  online: 'Online',
};
const CONSENT_LABELS = { kind: 'Consent', status: 'Decision', method: 'How', text_version: 'Version of the text shown', note: 'Note' };

function ConsentForm({ patientId, onSaved, onCancel }) {
  const [v, setV] = useState({ kind: '', status: 'given', method: '', text_version: '', note: '' });
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const set = (k) => (val) => setV((o) => ({ ...o, [k]: val }));
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    if (!v.kind) errs.kind = 'Choose the consent.';
    if (!v.method) errs.method = 'Choose how the patient gave or withdrew it.';
    setErrors(errs);
    setFormError(null);
    if (Object.keys(errs).length) {
      setFormError('The consent was not recorded: check the fields marked below.');
      focusFirstError(form.current);
      return;
    }
    const body = { kind: v.kind, status: v.status, method: v.method };
    if (v.text_version.trim()) body.text_version = v.text_version.trim();
    if (v.note.trim()) body.note = v.note.trim();
    setBusy(true);
    try {
      await post(`/api/patients/${encodeURIComponent(patientId)}/consents`, body);
      onSaved(`${KIND_NAMES[v.kind]}: ${v.status === 'given' ? 'given' : 'withdrawn'}, recorded.`);
    } catch (err) {
      setBusy(false);
      if (err.field && CONSENT_LABELS[err.field]) {
        setErrors({ [err.field]: fieldMessage(CONSENT_LABELS[err.field], err.message) });
        focusFirstError(form.current);
      }
      setFormError(`The consent was not recorded: ${err.message}`);
    }
  };
  return html`<form ref=${form} onSubmit=${submit} novalidate class="form-grid" aria-label="Record a consent">
    <${Alert} message=${formError} />
    <${SelectField} id="c-kind" label=${CONSENT_LABELS.kind} value=${v.kind} onValue=${set('kind')} error=${errors.kind} required placeholder="Choose…" options=${Object.entries(KIND_NAMES).map(([value, label]) => ({ value, label }))} />
    <${SelectField} id="c-status" label=${CONSENT_LABELS.status} value=${v.status} onValue=${set('status')} error=${errors.status} required options=${[{ value: 'given', label: 'Given' }, { value: 'withdrawn', label: 'Withdrawn' }]} />
    <${SelectField} id="c-method" label=${CONSENT_LABELS.method} value=${v.method} onValue=${set('method')} error=${errors.method} required placeholder="Choose…" options=${Object.entries(METHOD_NAMES).map(([value, label]) => ({ value, label }))} />
    <${Field} id="c-text_version" label=${CONSENT_LABELS.text_version} hint="As printed on the form, for example 2026-03." value=${v.text_version} onValue=${set('text_version')} error=${errors.text_version} optional />
    <${Field} id="c-note" label=${CONSENT_LABELS.note} value=${v.note} onValue=${set('note')} error=${errors.note} optional />
    <div class="actions">
      <button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Saving…' : 'Record consent'}</button>
      <button type="button" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}

/** The patient's own answer to one consent, online (POST /api/patients/{id}/own-consents, audited). */
function OwnConsentButton({ patientId, kind, given, onSaved }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const answer = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await post(`/api/patients/${encodeURIComponent(patientId)}/own-consents`, { kind, status: given ? 'withdrawn' : 'given' });
      onSaved(`${KIND_NAMES[kind]}: ${given ? 'you withdrew your consent. It takes effect now.' : 'you gave your consent.'}`);
    } catch (err) {
      setError(`Not recorded: ${err.message}`);
    } finally {
      setBusy(false);
    }
  };
  return html`<span class="own-consent">
    <button type="button" class=${given ? 'danger' : ''} aria-label=${`${given ? 'Withdraw' : 'Give consent'}: ${KIND_NAMES[kind]}`} aria-disabled=${busy ? 'true' : undefined} onClick=${answer}>${given ? 'Withdraw' : 'Give consent'}</button>
    <${Alert} message=${error} />
  </span>`;
}

/** Each kind's state in force and the whole register, newest first (folded). A patient gives or withdraws
 * their own from here (`isPatient`). */
export function ConsentsPanel({ patientId, canWrite, timeZone, isPatient = false }) {
  const [version, setVersion] = useState(0);
  const [adding, setAdding] = useState(false);
  const [saved, setSaved] = useState(null);
  const r = useLoad(`/api/patients/${encodeURIComponent(patientId)}/consents`, version);
  const rows = Array.isArray(r.data) ? r.data : [];
  const latest = {};
  for (const c of rows) if (!latest[c.kind] || c.recorded >= latest[c.kind].recorded) latest[c.kind] = c;
  return html`<section aria-labelledby="consents-h" class="panel">
    <h2 id="consents-h">Consents</h2>
    <${Alert} kind="success" message=${saved} />
    <${Alert} message=${r.error ? `Could not load the consents: ${r.error.message}` : null} />
    <dl class="facts consent-state">
      ${Object.entries(KIND_NAMES).map(([kind, name]) => {
        const c = latest[kind];
        return html`<div key=${kind}><dt>${name}</dt><dd data-testid=${`consent-${kind}`}>${c
          ? `${c.status === 'given' ? 'Given' : 'Withdrawn'} ${formatDateTime(c.recorded, timeZone)}${c.method ? `, ${METHOD_NAMES[c.method].toLowerCase()}` : ''}`
          : 'Not asked'}${isPatient && r.data ? html` <${OwnConsentButton} patientId=${patientId} kind=${kind} given=${!!c && c.status === 'given'} onSaved=${(m) => { setSaved(m); setVersion((x) => x + 1); }} />` : null}</dd></div>`;
      })}
    </dl>
    ${rows.length
      ? html`<details class="consent-history"><summary>Register (${rows.length} ${rows.length === 1 ? 'entry' : 'entries'})</summary>
          <ul class="plain">${[...rows].reverse().map((c) => html`<li key=${c.id}>${formatDateTime(c.recorded, timeZone)}: <strong>${KIND_NAMES[c.kind] || c.kind}</strong> ${c.status === 'given' ? 'given' : 'withdrawn'}${c.method ? `, ${METHOD_NAMES[c.method].toLowerCase()}` : ''}${c.text_version ? `, text version ${c.text_version}` : ''}; recorded by ${c.recorded_by_name || 'a member of staff'}${c.note ? `. ${c.note}` : ''}</li>`)}</ul>
        </details>`
      : null}
    ${canWrite
      ? adding
        ? html`<${ConsentForm} patientId=${patientId} onCancel=${() => setAdding(false)} onSaved=${(msg) => { setAdding(false); setSaved(msg); setVersion((x) => x + 1); }} />`
        : html`<div class="actions"><button type="button" onClick=${() => { setSaved(null); setAdding(true); }}>Record a consent</button></div>`
      : null}
  </section>`;
}
