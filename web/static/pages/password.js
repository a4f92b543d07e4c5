// Pages without an account: "Forgot password?" (the answer is the same whether or not the address has an
// account) and the page an e-mailed link opens to set a password (an invitation or a reset). A login
// without a second factor (a patient) is signed in at once; staff go on to log in with their authenticator.
// docs/server/api.md, "Invitations and password reset".
import { html, useRef, useState } from '../lib/html.js';
import { post, setCsrfToken } from '../lib/api.js';
import { Link, navigate } from '../lib/router.js';
import { Alert, Field, fieldMessage, focusFirstError } from '../components/forms.js';

const MIN_PASSWORD = 12;

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [error, setError] = useState(null);
  const [formError, setFormError] = useState(null);
  const [done, setDone] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    if (!/^[^@\s]+@[^@\s]+$/.test(email.trim())) {
      setError('Enter the e-mail address you log in with.');
      return focusFirstError(form.current);
    }
    setError(null);
    setFormError(null);
    setBusy(true);
    try {
      const r = await post('/api/password/forgot', { email: email.trim() });
      setDone(r.status);
    } catch (err) {
      setFormError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="login">
    <h1 tabindex="-1">Forgot your password?</h1>
    ${done
      ? html`<p class="alert alert-info" role="status" id="forgot-done">${done}</p>
          <p><${Link} href="/login">Back to the log-in page</${Link}></p>`
      : html`<p>Enter the e-mail address you log in with. We will send a link to set a new password.</p>
          <${Alert} message=${formError} />
          <form ref=${form} onSubmit=${submit} novalidate>
            <${Field} id="forgot-email" label="E-mail address" type="email" autocomplete="username" value=${email} onValue=${setEmail}
              error=${error} required spellcheck="false" autocapitalize="none" />
            <div class="actions"><button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Sending…' : 'Send the link'}</button></div>
          </form>
          <p><${Link} href="/login">Back to the log-in page</${Link}></p>`}
  </section>`;
}

export function SetPasswordPage({ token, onLogin }) {
  const [pw, setPw] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [gone, setGone] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    if (pw.length < MIN_PASSWORD) errs.pw = `Enter a password of at least ${MIN_PASSWORD} characters.`;
    else if (again !== pw) errs.again = 'The two passwords are not the same.';
    setErrors(errs);
    setFormError(null);
    if (Object.keys(errs).length) return focusFirstError(form.current);
    setBusy(true);
    try {
      const r = await post('/api/password/set', { token, password: pw });
      if (r.signed_in) {
        setCsrfToken(r.csrf_token);
        onLogin(r.user);
      } else {
        navigate(`/login?email=${encodeURIComponent(r.email || '')}`, { replace: true });
      }
    } catch (err) {
      setBusy(false);
      if (err.status === 410 || err.status === 404) setGone(err.message);
      else if (err.field === 'password') {
        setErrors({ pw: fieldMessage('The password', err.message) });
        focusFirstError(form.current);
      } else setFormError(err.message);
    }
  };
  const sentence = (m) => {
    const t = String(m || '');
    return t ? `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}` : '';
  };
  return html`<section class="login">
    <h1 tabindex="-1">Set your password</h1>
    ${gone
      ? html`<p class="alert alert-error" role="alert" id="set-password-gone">${sentence(gone)}</p>
          <p><${Link} href="/forgot-password">Ask for a new link</${Link}> · <${Link} href="/login">Log in</${Link}></p>`
      : html`<p>Choose a password of at least ${MIN_PASSWORD} characters; a few words you remember work well.</p>
          <${Alert} message=${formError} />
          <form ref=${form} onSubmit=${submit} novalidate>
            <${Field} id="new-password" label="New password" type="password" autocomplete="new-password" value=${pw} onValue=${setPw} error=${errors.pw} required />
            <${Field} id="new-password-again" label="The same password again" type="password" autocomplete="new-password" value=${again} onValue=${setAgain} error=${errors.again} required />
            <div class="actions"><button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Saving…' : 'Set password'}</button></div>
          </form>`}
  </section>`;
}
