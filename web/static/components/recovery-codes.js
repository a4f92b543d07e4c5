// The Account page's recovery codes: how many are left, and a new set (shown once; the old ones stop
// working). docs/server/api.md, "Recovery codes".
import { html, useState } from '../lib/html.js';
import { post } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Alert } from './forms.js';

export function RecoveryCodes() {
  const [version, setVersion] = useState(0);
  const r = useLoad('/api/me/recovery-codes', version);
  const [fresh, setFresh] = useState(null);
  const [error, setError] = useState(null);
  const [confirming, setConfirming] = useState(false);
  const make = async () => {
    setError(null);
    try {
      const out = await post('/api/me/recovery-codes');
      setFresh(out.recovery_codes);
      setConfirming(false);
      setVersion((v) => v + 1);
    } catch (err) {
      setError(`No new codes were made: ${err.message}`);
    }
  };
  const d = r.data;
  const left = d ? d.left : null;
  return html`<section class="panel" aria-labelledby="recovery-h">
    <h2 id="recovery-h">Recovery codes</h2>
    <${Alert} message=${r.error ? `Could not load your recovery codes: ${r.error.message}` : error} />
    ${d && !d.second_factor ? html`<p>You have not set up your authenticator app yet; you will at your next log-in.</p>` : null}
    ${d && d.second_factor
      ? html`<p id="recovery-left">${left === 0 ? 'You have no recovery codes left.' : `You have ${left} recovery ${left === 1 ? 'code' : 'codes'} left.`}
          Each lets you log in once without your authenticator app.</p>
          ${fresh
            ? html`<p role="status">Your new codes: save them now, they are shown only this once. The old ones no longer work.</p>
                <ol class="recovery-codes" id="recovery-codes">${fresh.map((c) => html`<li><code>${c}</code></li>`)}</ol>`
            : null}
          ${confirming
            ? html`<div class="confirm" role="group" aria-label="Make new recovery codes?">
                <p>Make 10 new codes? The codes you have now will stop working.</p>
                <div class="actions"><button type="button" class="primary" onClick=${make}>Yes, make new codes</button>
                  <button type="button" onClick=${() => setConfirming(false)}>Cancel</button></div>
              </div>`
            : html`<div class="actions"><button type="button" onClick=${() => setConfirming(true)}>Make new recovery codes</button></div>`}`
      : null}
  </section>`;
}
