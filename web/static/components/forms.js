// Labelled fields with their error in words next to them (aria-describedby, aria-invalid).
import { html } from '../lib/html.js';

function describedBy(id, hint, error) {
  const ids = [];
  if (hint) ids.push(`${id}-hint`);
  if (error) ids.push(`${id}-error`);
  return ids.length ? ids.join(' ') : undefined;
}

export function FieldError({ id, error }) {
  return error ? html`<p class="field-error" id=${`${id}-error`}><span class="visually-hidden">Error: </span>${error}</p>` : null;
}

// The asterisk stays outside the label (the field's name is the label alone; required is announced from
// the input's own required state).
function Label({ id, label, required, optional }) {
  return html`<div class="label-row">
    <label for=${id}>${label}${optional ? html`<span class="opt"> (optional)</span>` : null}</label>${required ? html`<span class="req" aria-hidden="true">*</span>` : null}
  </div>`;
}

export function Field({ id, label, hint, error, value, onValue, type = 'text', required = false, optional = false, ...rest }) {
  return html`<div class=${error ? 'field has-error' : 'field'}>
    <${Label} id=${id} label=${label} required=${required} optional=${optional} />
    ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : null}
    <input id=${id} name=${id} type=${type} value=${value ?? ''} required=${required} aria-required=${required ? 'true' : undefined}
      aria-invalid=${error ? 'true' : undefined} aria-describedby=${describedBy(id, hint, error)}
      onInput=${(e) => onValue(e.currentTarget.value)} ...${rest} />
    <${FieldError} id=${id} error=${error} />
  </div>`;
}

export function SelectField({ id, label, hint, error, value, onValue, options, required = false, optional = false, placeholder }) {
  return html`<div class=${error ? 'field has-error' : 'field'}>
    <${Label} id=${id} label=${label} required=${required} optional=${optional} />
    ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : null}
    <select id=${id} name=${id} value=${value ?? ''} required=${required} aria-invalid=${error ? 'true' : undefined}
      aria-describedby=${describedBy(id, hint, error)} onChange=${(e) => onValue(e.currentTarget.value)}>
      ${placeholder !== undefined ? html`<option value="">${placeholder}</option>` : null}
      ${options.map((o) => html`<option value=${o.value} selected=${o.value === value}>${o.label}</option>`)}
    </select>
    <${FieldError} id=${id} error=${error} />
  </div>`;
}

export function RadioGroup({ name, legend, value, onValue, options, error, inline = false }) {
  return html`<fieldset class=${`field radios${inline ? ' inline' : ''}${error ? ' has-error' : ''}`} aria-describedby=${error ? `${name}-error` : undefined}>
    <legend>${legend}</legend>
    ${options.map((o) => html`<div class="radio">
      <input type="radio" id=${`${name}-${o.value}`} name=${name} value=${o.value} checked=${value === o.value}
        onChange=${() => onValue(o.value)} />
      <label for=${`${name}-${o.value}`}>${o.label}</label>
    </div>`)}
    <${FieldError} id=${name} error=${error} />
  </fieldset>`;
}

/**
 * A 0-10 scale (pain, effort) as a row of large buttons, each at least 44 px square to touch, with what its
 * two ends mean under it. Radios underneath: arrow keys move, a screen reader reads "3, 4 of 11".
 */
export function ScaleGroup({ name, legend, value, onValue, low, high, error, from = 0, to = 10 }) {
  const options = Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
  return html`<fieldset class=${`field radios scale${error ? ' has-error' : ''}`} aria-describedby=${error ? `${name}-error` : undefined}>
    <legend>${legend}</legend>
    <div class="scale-options">
      ${options.map((v) => html`<div class="radio">
        <input type="radio" id=${`${name}-${v}`} name=${name} value=${v} checked=${value === v} onChange=${() => onValue(v)} />
        <label for=${`${name}-${v}`}>${v}</label>
      </div>`)}
    </div>
    ${low || high ? html`<div class="scale-ends" aria-hidden="true"><span>${from}: ${low}</span><span>${to}: ${high}</span></div>` : null}
    <${FieldError} id=${name} error=${error} />
  </fieldset>`;
}

/** A message for the whole form or page; role=alert is announced as soon as it appears. */
export function Alert({ message, kind = 'error', id }) {
  if (!message) return null;
  return html`<div class=${`alert alert-${kind}`} role=${kind === 'error' ? 'alert' : 'status'} id=${id}>${message}</div>`;
}

/**
 * The server's message about a field in words next to it. Its messages may start lower-case without a
 * subject ("must be a date YYYY-MM-DD"): the field's name is put in front of those.
 */
export function fieldMessage(label, message) {
  const m = String(message || '').trim();
  if (!m) return `${label} is not valid.`;
  const sentence = /^[a-z]/.test(m) ? `${label} ${m}` : m;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** Moves focus to the first field with an error (after render). */
export function focusFirstError(form) {
  window.requestAnimationFrame(() => {
    const el = form && form.querySelector('[aria-invalid="true"]');
    if (el) el.focus();
  });
}

/**
 * What the server advises after a pain report (docs/metrics/caseload.md, "Pain advice"): above 5/10 take
 * it easier; from 7/10 stop for today, whom to contact, and the physiotherapist has been told.
 */
export function PainAdvice({ advice }) {
  if (!advice) return null;
  return html`<div class=${advice.stop ? 'alert alert-error pain-advice' : 'alert alert-warning pain-advice'} role="alert" data-testid="pain-advice">
    <p><strong>${advice.title}</strong></p>
    <p>${advice.text}</p>
  </div>`;
}
