// A patient's registration details (docs/server/patient-admin.md, "Registration details"): the address with
// its country from the ISO 3166 list, the emergency contact, the referrer, the GP or family doctor and who
// pays. The fields (for the New patient page and the record's edit form), the facts as the record shows
// them, and the staff's panel on the record. The lists come from GET /api/registration-lists.
import { html, useEffect, useRef, useState } from '../lib/html.js';
import { get, put } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Alert, Field, SelectField, fieldMessage, focusFirstError } from './forms.js';

export const REG_LABELS = {
  address_lines: 'Street and number',
  city: 'Town or city',
  region: 'Region, state or county',
  postcode: 'Postcode',
  country: 'Country',
  emergency_name: 'Emergency contact',
  emergency_relationship: 'Relationship to the patient',
  emergency_phone: "Emergency contact's phone",
  referrer_name: 'Referred by',
  referrer_organisation: "Referrer's organisation",
  referrer_contact: "Referrer's phone or e-mail",
  gp_name: 'GP or family doctor',
  gp_practice: "GP's practice",
  gp_phone: "GP's phone",
  funder_kind: 'Who pays',
  funder_name: 'Insurer or service',
  funder_reference: 'Policy or reference number',
};
export const REG_FIELDS = Object.keys(REG_LABELS);
export const ADDRESS_FIELDS = ['address_lines', 'city', 'region', 'postcode', 'country'];
export const EMERGENCY_FIELDS = ['emergency_name', 'emergency_relationship', 'emergency_phone'];
const PHONE_HINT = 'In international form: + and the country code, for example +351 912 345 678.';

let listsPromise = null;
/** The countries, languages and kinds of payer, loaded once per page load. */
export function useRegistrationLists() {
  const [lists, setLists] = useState(null);
  useEffect(() => {
    if (!listsPromise) listsPromise = get('/api/registration-lists').catch((e) => { listsPromise = null; throw e; });
    let live = true;
    listsPromise.then((l) => live && setLists(l), () => live && setLists({ countries: [], languages: [], funder_kinds: [] }));
    return () => { live = false; };
  }, []);
  return lists;
}

/** The preferred language chosen from the list (the value is its BCP 47 tag). */
export function LanguageSelect({ id, label, value, onValue, error, lists }) {
  const options = (lists ? lists.languages : []).map((l) => ({ value: l.tag, label: l.name }));
  // A tag recorded before the list (or from another system) stays shown.
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: value });
  return html`<${SelectField} id=${id} label=${label} value=${value} onValue=${onValue} error=${error} options=${options} placeholder="Not recorded" optional />`;
}

/** The fields of `names` (all when omitted), in groups with a heading each. */
export function RegistrationFields({ v, set, errors, lists, prefix = 'r', names = REG_FIELDS }) {
  const countries = (lists ? lists.countries : []).map((c) => ({ value: c.code, label: c.name }));
  const funders = (lists ? lists.funder_kinds : []).map((k) => ({ value: k.id, label: k.name }));
  const has = (f) => names.includes(f);
  const field = (f, extra = {}) => (has(f)
    ? html`<${Field} id=${`${prefix}-${f}`} label=${REG_LABELS[f]} value=${v[f]} onValue=${set(f)} error=${errors[f]} optional autocomplete="off" ...${extra} />`
    : null);
  const group = (title, fields, body) => (fields.some(has) ? html`<fieldset class="reg-group"><legend>${title}</legend>${body}</fieldset>` : null);
  return html`
    ${group('Address', ADDRESS_FIELDS, html`
      ${field('address_lines')}
      ${field('city')}
      ${field('region')}
      ${field('postcode')}
      ${has('country') ? html`<${SelectField} id=${`${prefix}-country`} label=${REG_LABELS.country} value=${v.country} onValue=${set('country')} error=${errors.country} options=${countries} placeholder="Not recorded" optional />` : null}`)}
    ${group('Emergency contact', EMERGENCY_FIELDS, html`
      ${field('emergency_name', { hint: 'The person to call in an emergency.' })}
      ${field('emergency_relationship', { hint: 'For example wife, son or neighbour.' })}
      ${field('emergency_phone', { type: 'tel', hint: PHONE_HINT })}`)}
    ${group('Referrer', ['referrer_name', 'referrer_organisation', 'referrer_contact'], html`
      ${field('referrer_name')}
      ${field('referrer_organisation')}
      ${field('referrer_contact', { hint: `An e-mail address, or a phone number. ${PHONE_HINT}` })}`)}
    ${group('GP or family doctor', ['gp_name', 'gp_practice', 'gp_phone'], html`
      ${field('gp_name')}
      ${field('gp_practice')}
      ${field('gp_phone', { type: 'tel', hint: PHONE_HINT })}`)}
    ${group('Who pays', ['funder_kind', 'funder_name', 'funder_reference'], html`
      ${has('funder_kind') ? html`<${SelectField} id=${`${prefix}-funder_kind`} label=${REG_LABELS.funder_kind} value=${v.funder_kind} onValue=${set('funder_kind')} error=${errors.funder_kind} options=${funders} placeholder="Not recorded" optional />` : null}
      ${field('funder_name', { hint: 'The insurer, or the health service.' })}
      ${field('funder_reference')}`)}`;
}

/** What the browser can say before the server does: the rules between fields. */
export function registrationCheck(v) {
  const errs = {};
  if (!String(v.emergency_name || '').trim() && (String(v.emergency_phone || '').trim() || String(v.emergency_relationship || '').trim())) {
    errs.emergency_name = "Enter the emergency contact's name, or leave the phone and relationship empty.";
  }
  if (!v.funder_kind && (String(v.funder_name || '').trim() || String(v.funder_reference || '').trim())) {
    errs.funder_kind = 'Choose who pays, or leave the insurer and reference empty.';
  }
  return errs;
}

/** The recorded details as label and value pairs (only what is recorded). */
export function registrationRows(r, lists) {
  if (!r) return [];
  const country = r.country ? ((lists && lists.countries.find((c) => c.code === r.country)) || { name: r.country }).name : '';
  const funder = r.funder_kind ? ((lists && lists.funder_kinds.find((k) => k.id === r.funder_kind)) || { name: '' }).name : '';
  const address = [String(r.address_lines || '').split('\n').join(', '), [r.postcode, r.city].filter(Boolean).join(' '), r.region, country].filter(Boolean).join(', ');
  const join = (...xs) => xs.filter(Boolean).join(', ');
  return [
    ['Address', address, 'address'],
    ['Emergency contact', join(r.emergency_name, r.emergency_relationship, r.emergency_phone), 'emergency'],
    ['Referred by', join(r.referrer_name, r.referrer_organisation, r.referrer_contact), 'referrer'],
    ['GP or family doctor', join(r.gp_name, r.gp_practice, r.gp_phone), 'gp'],
    ['Who pays', join(funder, r.funder_name, r.funder_reference && `reference ${r.funder_reference}`), 'funder'],
  ].filter(([, value]) => value);
}

export function RegistrationFacts({ r, lists }) {
  const rows = registrationRows(r, lists);
  if (!rows.length) return html`<p class="empty">No address, contacts or payer recorded yet.</p>`;
  return html`<dl class="facts">${rows.map(([k, v, key]) => html`<div key=${key}><dt>${k}</dt><dd data-testid=${`reg-${key}`}>${v}</dd></div>`)}</dl>`;
}

/** The body for a PUT: every field of `names` whose value changed. */
export function changedFields(v, r, names = REG_FIELDS) {
  const body = {};
  for (const f of names) {
    const val = String(v[f] || '').trim();
    if (val !== String((r && r[f]) || '')) body[f] = val;
  }
  return body;
}

function RegistrationForm({ patientId, r, lists, onSaved, onCancel }) {
  const [v, setV] = useState(() => Object.fromEntries(REG_FIELDS.map((f) => [f, (r && r[f]) || ''])));
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const set = (k) => (val) => setV((o) => ({ ...o, [k]: val }));
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const errs = registrationCheck(v);
    setErrors(errs);
    setFormError(null);
    if (Object.keys(errs).length) {
      setFormError('Nothing was saved: check the fields marked below.');
      return focusFirstError(form.current);
    }
    setBusy(true);
    try {
      await put(`/api/patients/${encodeURIComponent(patientId)}/registration`, changedFields(v, r));
      onSaved();
    } catch (err) {
      setBusy(false);
      if (err.field && REG_LABELS[err.field]) {
        setErrors({ [err.field]: fieldMessage(REG_LABELS[err.field], err.message) });
        setFormError('Nothing was saved: check the field marked below.');
        focusFirstError(form.current);
      } else setFormError(`Nothing was saved: ${err.message}`);
    }
  };
  return html`<form ref=${form} onSubmit=${submit} novalidate class="form-grid" aria-label="Edit the address, contacts and who pays">
    <${Alert} message=${formError} />
    <${RegistrationFields} v=${v} set=${set} errors=${errors} lists=${lists} prefix="re" />
    <div class="actions">
      <button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Saving…' : 'Save'}</button>
      <button type="button" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}

/** The staff's panel: the facts, and an edit form for those who may change the details. */
export function RegistrationPanel({ patientId, canEdit }) {
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(null);
  const lists = useRegistrationLists();
  const r = useLoad(`/api/patients/${encodeURIComponent(patientId)}/registration`, version);
  // Folded on a phone, where the record's administration would otherwise run past three screens.
  const narrow = typeof window !== 'undefined' && window.matchMedia && window.matchMedia('(max-width: 600px)').matches;
  return html`<section aria-labelledby="reg-h" class="panel"><details class="folding" open=${!narrow || editing || saved ? true : undefined}>
    <summary><h2 id="reg-h">Address, contacts and who pays</h2></summary>
    <${Alert} kind="success" message=${saved} />
    <${Alert} message=${r.error ? `Could not load the address and contacts: ${r.error.message}` : null} />
    ${editing && r.data
      ? html`<${RegistrationForm} patientId=${patientId} r=${r.data} lists=${lists} onCancel=${() => setEditing(false)} onSaved=${() => { setEditing(false); setSaved('The address, contacts and payer were saved.'); setVersion((x) => x + 1); }} />`
      : html`${r.data ? html`<${RegistrationFacts} r=${r.data} lists=${lists} />` : null}
          ${canEdit && r.data ? html`<div class="actions"><button type="button" onClick=${() => { setSaved(null); setEditing(true); }}>Edit address, contacts and who pays</button></div>` : null}`}
  </details></section>`;
}
