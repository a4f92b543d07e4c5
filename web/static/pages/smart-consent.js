// The consent screen of a SMART app (docs/server/smart.md): the app, every scope it asks for in words (the
// optional ones can be unticked), the patient it will see (a staff member picks one for a standalone
// launch), Allow or Deny. The server answers with the address to send the browser back to the app.
import { html, useEffect, useState } from '../lib/html.js';
import { get, post, query } from '../lib/api.js';
import { Alert, Field } from '../components/forms.js';

function PatientPicker({ value, onPick }) {
  const [search, setSearch] = useState('');
  const [items, setItems] = useState([]);
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    const t = window.setTimeout(async () => {
      try {
        const r = await get(`/api/patients${query({ q: search.trim(), limit: 20 })}`);
        if (live) setItems(Array.isArray(r && r.items) ? r.items : []);
      } catch (err) {
        if (live) setError(err.message);
      }
    }, 200);
    return () => {
      live = false;
      window.clearTimeout(t);
    };
  }, [search]);
  return html`<fieldset class="panel">
    <legend>Which patient may the app see?</legend>
    <${Field} id="consent-patient-search" label="Search patients" value=${search} onValue=${setSearch} autocomplete="off" />
    <${Alert} message=${error} />
    <ul class="plain-list">${items.map((p) => html`<li key=${p.id}>
      <label><input type="radio" name="consent-patient" value=${p.id} checked=${value === p.id} onChange=${() => onPick(p.id)} />
        ${' '}${p.given_name} ${p.family_name}${p.birth_date ? ` · born ${p.birth_date}` : ''}</label></li>`)}</ul>
  </fieldset>`;
}

export function ConsentPage({ id }) {
  const [req, setReq] = useState(null);
  const [error, setError] = useState(null);
  const [ticked, setTicked] = useState({});
  const [patient, setPatient] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    get(`/api/smart/authorization${query({ request: id })}`)
      .then((r) => {
        setReq(r);
        const t = {};
        for (const s of r.scopes) t[s.scope] = true;
        setTicked(t);
      })
      .catch((err) => setError(err.message));
  }, [id]);
  const answer = async (allow) => {
    if (busy) return;
    if (allow && req.choose_patient && !patient) {
      setError('Choose the patient the app may see, or deny.');
      return;
    }
    setBusy(true);
    try {
      const scopes = req.scopes.filter((s) => ticked[s.scope]).map((s) => s.scope);
      const body = { request: id, allow, scopes };
      if (patient) body.patient_id = patient;
      const r = await post('/api/smart/authorization', body);
      window.location.assign(r.redirect);
    } catch (err) {
      setBusy(false);
      setError(err.message);
    }
  };
  if (!req) {
    return html`<section><h1 tabindex="-1">Connect an app</h1>
      ${error ? html`<${Alert} message=${`This request cannot be answered: ${error}`} />` : html`<p class="loading" role="status">Loading…</p>`}</section>`;
  }
  return html`<section class="consent">
    <h1 tabindex="-1">Allow ${req.app.name} to connect?</h1>
    <p>${req.app.name} (at ${req.redirect_origin}) asks to use your physiokit account.${req.patient ? html` It will see records of <strong>${req.patient.name}</strong> only.` : null}</p>
    <${Alert} message=${error} />
    <fieldset class="panel">
      <legend>It will be able to</legend>
      <ul class="plain-list">${req.scopes.map((s) => html`<li key=${s.scope}>
        <label><input type="checkbox" checked=${!!ticked[s.scope]} disabled=${s.required}
          onChange=${(e) => setTicked((t) => ({ ...t, [s.scope]: e.currentTarget.checked }))} />
          ${' '}${s.words}${s.required ? ' (needed to connect)' : ''} <code class="meta">${s.scope}</code></label></li>`)}</ul>
    </fieldset>
    ${req.choose_patient ? html`<${PatientPicker} value=${patient} onPick=${setPatient} />` : null}
    <p class="hint">You can revoke the app's access at any time on <a href="/account">your account page</a>.</p>
    <div class="actions">
      <button type="button" class="primary" onClick=${() => answer(true)} aria-disabled=${busy ? 'true' : undefined}>Allow</button>
      <button type="button" onClick=${() => answer(false)} aria-disabled=${busy ? 'true' : undefined}>Deny</button>
    </div>
  </section>`;
}
