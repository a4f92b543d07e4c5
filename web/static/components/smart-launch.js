// "Open an app" on a patient's page (EHR launch, docs/server/smart.md): the clinic's apps with a launch URL;
// choosing one makes a short-lived launch bound to the clinician and this patient and opens the app.
import { html, useState } from '../lib/html.js';
import { post } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Alert } from './forms.js';

export function SmartLaunch({ patientId }) {
  const r = useLoad(`/api/patients/${encodeURIComponent(patientId)}/smart-apps`);
  const [error, setError] = useState(null);
  const apps = r.data && Array.isArray(r.data.apps) ? r.data.apps : [];
  if (!apps.length) return null;
  const open = async (app) => {
    setError(null);
    try {
      const got = await post(`/api/patients/${encodeURIComponent(patientId)}/smart-launch`, { client_id: app.client_id });
      window.location.assign(got.url);
    } catch (err) {
      setError(`${app.name} could not be opened: ${err.message}`);
    }
  };
  return html`<section class="panel" aria-labelledby="smart-launch-h">
    <h2 id="smart-launch-h">Open an app</h2>
    <${Alert} message=${error} />
    <ul class="plain-list">${apps.map((a) => html`<li key=${a.client_id}><button type="button" onClick=${() => open(a)}>Open ${a.name}</button></li>`)}</ul>
  </section>`;
}
