// The secure conversation between a patient and their physiotherapists (docs/server/messages.md): the
// messages oldest first with who wrote them and when, "Read" under what the other side opened, and a box to
// write. Opening the panel marks what the other side wrote as read (the read receipt they see).
import { html, useEffect, useState } from '../lib/html.js';
import { post } from '../lib/api.js';
import { useLoad } from '../lib/use-load.js';
import { Alert, FieldError } from './forms.js';
import { formatDateTime } from '../lib/format.js';

const MAX_CHARS = 4000;

/** What to do when it cannot wait for a message, in the clinic's own words (its settings). */
export function urgentHint(c) {
  const clinic = c && c.name ? c.name : 'your clinic';
  const phone = c && c.phone ? `phone ${clinic} on ${c.phone}` : `phone ${clinic}`;
  const emergency = c && c.emergency_number ? `call ${c.emergency_number}` : 'call your local emergency number';
  return `Write to your physiotherapist about your exercises and how you are. For anything urgent, ${phone}; in an emergency, ${emergency}.`;
}

export function MessagesPanel({ patientId, isPatient, timeZone }) {
  const base = `/api/patients/${encodeURIComponent(patientId)}/messages`;
  const list = useLoad(base);
  const [text, setText] = useState('');
  const [error, setError] = useState(null);
  const [failed, setFailed] = useState(null);
  const [busy, setBusy] = useState(false);
  const unread = list.data ? list.data.unread : 0;
  useEffect(() => {
    // Seen now: the other side's messages become read (their read receipt).
    if (unread > 0) post(`${base}/read`).catch(() => {});
  }, [base, unread]);
  const send = async (e) => {
    e.preventDefault();
    const body = text.trim();
    if (!body) {
      setError('Write a message first.');
      document.getElementById('message-text')?.focus();
      return;
    }
    if (body.length > MAX_CHARS) {
      setError(`A message holds at most ${MAX_CHARS} characters; this one has ${body.length}.`);
      return;
    }
    setBusy(true);
    setError(null);
    setFailed(null);
    try {
      await post(base, { body });
      setText('');
      list.reload();
    } catch (err) {
      if (err.field === 'body') setError(err.message);
      else setFailed(`The message was not sent: ${err.message}`);
    } finally {
      setBusy(false);
    }
  };
  const items = list.data ? list.data.items : [];
  // An automatic alert (a stop-level pain report) is written on the patient's side for the physiotherapist;
  // it is nobody's own words: never "You", on either side.
  const mine = (m) => !m.automatic && (isPatient ? m.from_patient : !m.from_patient);
  const senderOf = (m) => (m.automatic ? (isPatient ? 'Automatic alert to your physiotherapist' : 'Automatic alert') : mine(m) ? 'You' : m.sender);
  const clinic = useLoad(isPatient ? '/api/clinic' : null);
  return html`<section aria-labelledby="messages-h" class="panel messages" data-testid="messages">
    <h2 id="messages-h">Messages${unread ? html` <span class="badge badge-due">${unread} new</span>` : null}</h2>
    <p class="hint">${isPatient
      ? urgentHint(clinic.data)
      : 'The conversation with the patient. They see your name; each message and each reading is in the access log.'}</p>
    <${Alert} message=${list.error ? `Could not load the messages: ${list.error.message}` : failed} />
    ${list.data && !items.length ? html`<p class="empty">No messages yet.</p>` : null}
    ${items.length
      ? html`<ol class="message-list" aria-label="Messages, oldest first">
          ${items.map((m) => html`<li key=${m.id} class=${m.automatic ? 'message automatic' : mine(m) ? 'message mine' : 'message theirs'}>
            <p class="message-meta"><strong>${senderOf(m)}</strong> · <time datetime=${m.sent}>${formatDateTime(m.sent, timeZone)}</time></p>
            <p class="message-body">${m.body}</p>
            ${mine(m) ? html`<p class="message-read muted">${m.read ? `Read ${formatDateTime(m.read, timeZone)}` : 'Not read yet'}</p>` : null}
          </li>`)}
        </ol>`
      : null}
    <form onSubmit=${send} novalidate>
      <div class=${error ? 'field has-error' : 'field'}>
        <div class="label-row"><label for="message-text">${isPatient ? 'Message to your physiotherapist' : 'Message to the patient'}</label></div>
        <textarea id="message-text" name="message-text" rows="3" maxlength=${MAX_CHARS} value=${text}
          aria-invalid=${error ? 'true' : undefined} aria-describedby=${error ? 'message-text-error' : undefined}
          onInput=${(e) => setText(e.currentTarget.value)}></textarea>
        <${FieldError} id="message-text" error=${error} />
      </div>
      <div class="actions"><button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Sending…' : 'Send'}</button></div>
    </form>
  </section>`;
}
