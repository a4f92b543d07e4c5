// SMART apps of the clinic (admin role; docs/server/smart.md, "Registering an app"): register an app (name,
// kind, redirect URIs, launch URL, allowed scopes, public keys for asymmetric and backend apps: the URL the app
// serves them at, or the key set pasted), list,
// disable or enable, revoke every token, delete.
import { html, useRef, useState } from '../lib/html.js';
import { del, patch, post } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Alert, Field, SelectField } from '../components/forms.js';

const KINDS = [
  { value: 'public', label: 'Public (runs in the browser or on a phone; PKCE)' },
  { value: 'confidential-asymmetric', label: 'Confidential (signs with its own key)' },
  { value: 'backend', label: 'Backend service (no user; bulk export)' },
];
const KIND_NAMES = { public: 'Public app', 'confidential-asymmetric': 'Confidential app', backend: 'Backend service' };

function RegisterApp({ onSaved }) {
  const blank = { name: '', kind: 'public', redirect_uris: '', launch_url: '', scopes: 'launch launch/patient openid fhirUser patient/*.rs', jwks: '', jwks_uri: '' };
  const [v, setV] = useState(blank);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const set = (k) => (val) => setV((o) => ({ ...o, [k]: val }));
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    let jwks;
    const jwksUri = v.jwks_uri.trim();
    if (v.kind !== 'public' && !jwksUri) {
      try {
        jwks = JSON.parse(v.jwks);
      } catch {
        setError('Give the URL the app serves its public keys at, or paste them as a JSON Web Key Set: {"keys": [...]}.');
        return;
      }
    }
    setBusy(true);
    try {
      const body = { name: v.name.trim(), kind: v.kind, scopes: v.scopes.trim(), redirect_uris: v.redirect_uris.split(/\s+/).filter(Boolean) };
      if (v.launch_url.trim()) body.launch_url = v.launch_url.trim();
      if (v.kind !== 'public' && jwksUri) body.jwks_uri = jwksUri;
      else if (jwks) body.jwks = jwks;
      const r = await post('/api/smart/apps', body);
      setV(blank);
      onSaved(`${r.name} was registered. Its client id is ${r.client_id}.`);
    } catch (err) {
      setError(`The app was not registered: ${err.message}`);
    } finally {
      setBusy(false);
    }
  };
  return html`<form ref=${form} onSubmit=${submit} novalidate class="subform">
    <${Alert} message=${error} />
    <${Field} id="app-name" label="Name" value=${v.name} onValue=${set('name')} required autocomplete="off" />
    <${SelectField} id="app-kind" label="Kind" value=${v.kind} onValue=${set('kind')} options=${KINDS} />
    <${Field} id="app-redirects" label="Redirect URIs" hint="One or more, separated by spaces; they must match exactly." value=${v.redirect_uris} onValue=${set('redirect_uris')} optional=${v.kind === 'backend'} autocomplete="off" spellcheck="false" />
    <${Field} id="app-launch" label="Launch URL" hint="Where an EHR launch from a patient's page opens the app." value=${v.launch_url} onValue=${set('launch_url')} optional autocomplete="off" spellcheck="false" />
    <${Field} id="app-scopes" label="Allowed scopes" hint="Space-separated SMART scopes, for example patient/*.rs or system/*.rs." value=${v.scopes} onValue=${set('scopes')} required autocomplete="off" spellcheck="false" />
    ${v.kind !== 'public'
      ? html`<${Field} id="app-jwks-uri" label="Key set URL" hint="Where the app serves its public keys (https). They are read now, kept as the app's server says, and read again when the app changes keys. Leave empty to paste the keys instead." value=${v.jwks_uri} onValue=${set('jwks_uri')} optional autocomplete="off" spellcheck="false" />
        <div class="field"><label for="app-jwks">Or the public keys (JWKS JSON)</label>
          <textarea id="app-jwks" rows="4" value=${v.jwks} onInput=${(e) => set('jwks')(e.currentTarget.value)} spellcheck="false"></textarea></div>`
      : null}
    <div class="actions"><button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Registering…' : 'Register app'}</button></div>
  </form>`;
}

function AppRow({ app, onChanged }) {
  const [error, setError] = useState(null);
  const [confirming, setConfirming] = useState(false);
  const act = async (what) => {
    try {
      if (what === 'toggle') await patch(`/api/smart/apps/${encodeURIComponent(app.client_id)}`, { disabled: !app.disabled });
      if (what === 'revoke') {
        const r = await post(`/api/smart/apps/${encodeURIComponent(app.client_id)}/revoke`);
        onChanged(`${r.revoked} token(s) of ${app.name} were revoked.`);
        return;
      }
      if (what === 'delete') await del(`/api/smart/apps/${encodeURIComponent(app.client_id)}`);
      onChanged(what === 'delete' ? `${app.name} was deleted.` : `${app.name} was ${app.disabled ? 'enabled' : 'disabled'}.`);
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<li class="card">
    <h3 class="card-title">${app.name}${app.disabled ? html` <span class="badge badge-muted">Disabled</span>` : null}</h3>
    <span class="meta">${KIND_NAMES[app.kind] || app.kind} · client id <code>${app.client_id}</code></span>
    <p class="meta">Scopes: <code>${app.scopes}</code></p>
    ${app.launch_url ? html`<p class="meta">Launch URL: ${app.launch_url}</p>` : null}
    ${app.jwks_uri ? html`<p class="meta">Keys read from ${app.jwks_uri}</p>` : null}
    <${Alert} message=${error} />
    <div class="actions">
      <button type="button" onClick=${() => act('toggle')}>${app.disabled ? 'Enable' : 'Disable'}<span class="visually-hidden"> ${app.name}</span></button>
      <button type="button" onClick=${() => act('revoke')}>Revoke all tokens<span class="visually-hidden"> of ${app.name}</span></button>
      <button type="button" class="danger" onClick=${() => setConfirming(true)}>Delete<span class="visually-hidden"> ${app.name}</span></button>
    </div>
    ${confirming
      ? html`<div class="confirm" role="group" aria-label=${`Delete ${app.name}?`}>
          <p>Delete ${app.name}? Every token it holds stops working at once.</p>
          <div class="actions">
            <button type="button" class="danger" onClick=${() => act('delete')} autofocus>Yes, delete</button>
            <button type="button" onClick=${() => setConfirming(false)}>Cancel</button>
          </div>
        </div>`
      : null}
  </li>`;
}

export function SmartAppsPage({ user }) {
  const [version, setVersion] = useState(0);
  const r = useLoad(user.role === 'admin' ? '/api/smart/apps' : null, version);
  const [note, setNote] = useState(null);
  if (user.role !== 'admin') return html`<section><h1 tabindex="-1">Apps</h1><p>Only administrators can register apps.</p></section>`;
  const apps = (r.data && Array.isArray(r.data.apps)) ? r.data.apps : [];
  const changed = (msg) => {
    setNote(msg);
    setVersion((x) => x + 1);
  };
  return html`<section>
    <h1 tabindex="-1">Connected apps (SMART on FHIR)</h1>
    <p class="status-line" role="status" aria-live="polite">${note}</p>
    <${Alert} message=${r.error ? `Could not load the apps: ${r.error.message}` : null} />
    ${apps.length ? html`<ul class="cards">${apps.map((a) => html`<${AppRow} key=${`${a.client_id}-${a.disabled ? 1 : 0}`} app=${a} onChanged=${changed} />`)}</ul>` : html`<p>No app is registered yet.</p>`}
    <section aria-labelledby="add-app-h" class="panel">
      <h2 id="add-app-h">Register an app</h2>
      <${RegisterApp} onSaved=${changed} />
    </section>
  </section>`;
}
