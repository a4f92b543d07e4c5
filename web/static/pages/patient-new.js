// A new patient: the server's 400 names the field, and its message is shown next to that field.
import { html, useRef, useState } from '../lib/html.js';
import { post } from '../lib/api.js';
import { Link, navigate } from '../lib/router.js';
import { Alert, Field, SelectField, fieldMessage, focusFirstError } from '../components/forms.js';
import { patientName } from '../lib/format.js';
import { LanguageSelect, REG_FIELDS, REG_LABELS, RegistrationFields, registrationCheck, useRegistrationLists } from '../components/registration.js';

const LABELS = {
  given_name: 'Given name',
  family_name: 'Family name',
  birth_date: 'Birth date',
  sex: 'Sex',
  mrn: 'Medical record number (MRN)',
  email: 'E-mail',
  phone: 'Phone',
  language: 'Preferred language',
  time_zone: 'Time zone',
};
const FIELDS = Object.keys(LABELS);
const ALL_LABELS = { ...LABELS, ...REG_LABELS };

const SEXES = [
  { value: 'female', label: 'Female' },
  { value: 'male', label: 'Male' },
  { value: 'other', label: 'Other' },
  { value: 'unknown', label: 'Unknown' },
];

function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch {
    return '';
  }
}

function zones() {
  try {
    return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  } catch {
    return [];
  }
}

function localCheck(v) {
  const errs = {};
  if (!v.given_name.trim()) errs.given_name = 'Enter the given name.';
  if (!v.family_name.trim()) errs.family_name = 'Enter the family name.';
  if (!v.birth_date) errs.birth_date = 'Enter the birth date.';
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(v.birth_date)) errs.birth_date = 'Enter the birth date as year-month-day, for example 1961-04-23.';
  else if (v.birth_date > new Date().toISOString().slice(0, 10)) errs.birth_date = 'The birth date cannot be in the future.';
  if (v.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v.email.trim())) errs.email = 'Enter an e-mail address like name@example.org, or leave it empty.';
  return errs;
}

export function NewPatientPage() {
  const [v, setV] = useState(() => Object.fromEntries([...FIELDS, ...REG_FIELDS].map((f) => [f, f === 'time_zone' ? browserZone() : ''])));
  const lists = useRegistrationLists();
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [busy, setBusy] = useState(false);
  // The records that may already be this person (the server's 409 possible_duplicate), shown before a
  // second record is made; "Register anyway" sends the same details saying it is someone else.
  const [duplicates, setDuplicates] = useState(null);
  const form = useRef(null);
  const set = (k) => (val) => { setDuplicates(null); setV((old) => ({ ...old, [k]: val })); };

  const submit = async (e, notADuplicate = false) => {
    if (e) e.preventDefault();
    if (busy) return;
    const errs = { ...localCheck(v), ...registrationCheck(v) };
    setErrors(errs);
    setFormError(null);
    if (Object.keys(errs).length) {
      setFormError(`The patient was not saved: check the ${Object.keys(errs).length === 1 ? 'field' : `${Object.keys(errs).length} fields`} marked below.`);
      focusFirstError(form.current);
      return;
    }
    const body = {};
    for (const f of FIELDS) {
      const val = String(v[f] || '').trim();
      if (val || f === 'given_name' || f === 'family_name' || f === 'birth_date') body[f] = val;
    }
    // The address, contacts and payer go with the registration: saved together or not at all.
    const registration = {};
    for (const f of REG_FIELDS) if (String(v[f] || '').trim()) registration[f] = String(v[f]).trim();
    if (Object.keys(registration).length) body.registration = registration;
    if (notADuplicate) body.not_a_duplicate = true;
    setBusy(true);
    try {
      const p = await post('/api/patients', body);
      navigate(`/patients/${encodeURIComponent(p.id)}`, { message: `${patientName(p)} was added.` });
    } catch (err) {
      setBusy(false);
      if (err.status === 409 && err.code === 'possible_duplicate') {
        setDuplicates(err.body.candidates || []);
        setFormError(null);
      } else if (err.field && ALL_LABELS[err.field]) {
        setErrors({ [err.field]: fieldMessage(ALL_LABELS[err.field], err.message) });
        setFormError('The patient was not saved: check the field marked below.');
        focusFirstError(form.current);
      } else setFormError(`The patient was not saved: ${err.message}`);
    }
  };

  const zoneList = zones();
  return html`<section>
    <h1 tabindex="-1">New patient</h1>
    <${Alert} message=${formError} />
    ${duplicates
      ? html`<section class="warnings" role="alert" aria-labelledby="dup-h" data-testid="possible-duplicates">
          <h2 id="dup-h" class="warnings-title">This person may already have a record</h2>
          <p>Nothing was saved. Open the record if it is the same person; register a new one only if it is someone else.</p>
          <ul>${duplicates.map((c) => html`<li key=${c.id}><${Link} href=${`/patients/${encodeURIComponent(c.id)}`}>${patientName(c)}<//>, born ${c.birth_date}${c.mrn ? `, MRN ${c.mrn}` : ''}: ${c.reasons.join('; ')}</li>`)}</ul>
          <div class="actions"><button type="button" onClick=${() => submit(null, true)} aria-disabled=${busy ? 'true' : undefined}>Register anyway: this is someone else</button></div>
        </section>`
      : null}
    <form ref=${form} onSubmit=${submit} novalidate class="form-grid">
      <p class="hint">Fields marked * are required.</p>
      <${Field} id="given_name" label=${LABELS.given_name} value=${v.given_name} onValue=${set('given_name')} error=${errors.given_name} required autocomplete="off" />
      <${Field} id="family_name" label=${LABELS.family_name} value=${v.family_name} onValue=${set('family_name')} error=${errors.family_name} required autocomplete="off" />
      <${Field} id="birth_date" label=${LABELS.birth_date} type="date" value=${v.birth_date} onValue=${set('birth_date')} error=${errors.birth_date} required max=${new Date().toISOString().slice(0, 10)} />
      <${SelectField} id="sex" label=${LABELS.sex} value=${v.sex} onValue=${set('sex')} error=${errors.sex} options=${SEXES} placeholder="Not recorded" optional />
      <${Field} id="mrn" label=${LABELS.mrn} value=${v.mrn} onValue=${set('mrn')} error=${errors.mrn} optional autocomplete="off" spellcheck="false" />
      <${Field} id="email" label=${LABELS.email} type="email" value=${v.email} onValue=${set('email')} error=${errors.email} optional autocomplete="off" spellcheck="false" />
      <${Field} id="phone" label=${LABELS.phone} type="tel" value=${v.phone} onValue=${set('phone')} error=${errors.phone} optional autocomplete="off" />
      <${LanguageSelect} id="language" label=${LABELS.language} value=${v.language} onValue=${set('language')} error=${errors.language} lists=${lists} />
      <${Field} id="time_zone" label=${LABELS.time_zone} hint="Used for appointments and reminders, for example Europe/Paris." value=${v.time_zone} onValue=${set('time_zone')} error=${errors.time_zone} optional list="time-zones" spellcheck="false" autocomplete="off" />
      <datalist id="time-zones">${zoneList.map((z) => html`<option value=${z}></option>`)}</datalist>
      <h2 class="form-section">Address, contacts and who pays</h2>
      <p class="hint">All optional: record what the patient gives.</p>
      <${RegistrationFields} v=${v} set=${set} errors=${errors} lists=${lists} prefix="new" />
      <div class="actions">
        <button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Saving…' : 'Save patient'}</button>
      </div>
    </form>
  </section>`;
}
