// The apps the signed-in person allowed (SMART on FHIR, docs/server/smart.md), each with a Revoke button.
import { html, useState } from '../lib/html.js';
import { post } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Alert } from './forms.js';

export function SmartGrants() {
  const [version, setVersion] = useState(0);
  const [note, setNote] = useState(null);
  const r = useLoad('/api/smart/grants', version);
  const apps = r.data && Array.isArray(r.data.apps) ? r.data.apps : [];
  const revoke = async (a) => {
    try {
      await post('/api/smart/grants/revoke', { client_id: a.client_id });
      setNote(`${a.name} can no longer use your account.`);
      setVersion((x) => x + 1);
    } catch (err) {
      setNote(`${a.name} was not revoked: ${err.message}`);
    }
  };
  return html`<section class="panel" aria-labelledby="my-apps-h">
    <h2 id="my-apps-h">Apps you allowed</h2>
    <p class="status-line" role="status" aria-live="polite">${note}</p>
    <${Alert} message=${r.error ? r.error.message : null} />
    ${apps.length
      ? html`<ul class="plain-list">${apps.map((a) => html`<li key=${a.client_id}>${a.name} <span class="meta">(${a.scope})</span>
          <button type="button" onClick=${() => revoke(a)}>Revoke<span class="visually-hidden"> ${a.name}</span></button></li>`)}</ul>`
      : html`<p>No app can use your account.</p>`}
  </section>`;
}
