import { html } from '../lib/html.js';
import { Link } from '../lib/router.js';

export function NotFound({ what }) {
  return html`<section class="not-found">
    <h1 tabindex="-1">${what === 'patient' ? 'Patient not found' : 'Page not found'}</h1>
    <p>${what === 'patient'
      ? 'This record does not exist or you do not have access to it.'
      : 'There is no page at this address.'}</p>
    <p><${Link} href="/">Go to the start page<//></p>
  </section>`;
}
