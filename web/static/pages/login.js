// Log in: e-mail and password, then a 6-digit code when the server asks for one; at a first login, the
// authenticator secret to enrol (as text, grouped for typing, and as an otpauth:// URI).
import { html, useEffect, useRef, useState } from '../lib/html.js';
import { post, setCsrfToken } from '../lib/api.js';
import { Alert, Field, focusFirstError } from '../components/forms.js';

function groupSecret(secret) {
  return (String(secret || '').replace(/\s+/g, '').match(/.{1,4}/g) || []).join(' ');
}

function sentence(m) {
  const t = String(m || '').trim();
  if (!t) return '';
  const c = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(c) ? c : `${c}.`;
}

function lockedMessage(e) {
  const s = Number(e.body && e.body.retry_after_s);
  if (Number.isFinite(s) && s > 0) {
    const min = Math.ceil(s / 60);
    return `Too many failed attempts. Try again in ${min} ${min === 1 ? 'minute' : 'minutes'}.`;
  }
  return sentence(e.body && e.body.message) || 'Too many failed attempts. Try again later.';
}

export function LoginPage({ onLogin, notice }) {
  const [step, setStep] = useState('password'); // password | totp | enrol
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [enrol, setEnrol] = useState(null);
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const codeStep = step === 'totp' || step === 'enrol';

  useEffect(() => {
    if (codeStep) {
      const el = document.getElementById('login-code');
      if (el) el.focus();
    }
  }, [step]);

  const restart = () => {
    setStep('password');
    setCode('');
    setEnrol(null);
    setErrors({});
    setFormError(null);
    setPassword('');
    window.requestAnimationFrame(() => {
      const el = document.getElementById('login-password');
      if (el) el.focus();
    });
  };

  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    const errs = {};
    if (!codeStep) {
      if (!email.trim()) errs.email = 'Enter your e-mail address.';
      if (!password) errs.password = 'Enter your password.';
    } else if (!/^\d{6}$/.test(code.trim())) errs.code = 'Enter the 6 digits your authenticator app shows now.';
    setErrors(errs);
    setFormError(null);
    if (Object.keys(errs).length) {
      focusFirstError(form.current);
      return;
    }
    setBusy(true);
    try {
      const body = { email: email.trim(), password };
      if (codeStep) body.totp = code.trim();
      const r = await post('/api/login', body);
      setCsrfToken(r && r.csrf_token);
      setPassword('');
      onLogin(r.user, r.csrf_token);
    } catch (err) {
      setBusy(false);
      if (err.code === 'totp_required') {
        setStep('totp');
        setCode('');
        return;
      }
      if (err.code === 'totp_enrollment_required') {
        setEnrol({ secret: err.body.totp_secret || '', uri: err.body.otpauth_uri || '' });
        setStep('enrol');
        setCode('');
        return;
      }
      if (err.code === 'locked' || err.code === 'too_many_attempts' || err.status === 429) {
        setFormError(lockedMessage(err));
        return;
      }
      if (err.code === 'invalid_totp' || (err.code === 'invalid_credentials' && codeStep)) {
        setErrors({ code: 'That code was not accepted. Codes change every 30 seconds and each works once: enter the one shown now.' });
        setCode('');
        focusFirstError(form.current);
        return;
      }
      if (err.code === 'invalid_credentials') {
        setFormError('The e-mail address or the password is wrong.');
        setPassword('');
        window.requestAnimationFrame(() => document.getElementById('login-password')?.focus());
        return;
      }
      if (err.field === 'email' || err.field === 'password' || err.field === 'totp') {
        setErrors({ [err.field === 'totp' ? 'code' : err.field]: err.message });
        focusFirstError(form.current);
        return;
      }
      setFormError(err.message);
    }
  };

  return html`<section class="login">
    <h1 tabindex="-1">${step === 'enrol' ? 'Set up your second factor' : 'Log in to physiokit'}</h1>
    ${notice && step === 'password' && !formError ? html`<p class="alert alert-info" role="status">${notice}</p>` : null}
    <${Alert} message=${formError} id="login-error" />
    <form ref=${form} onSubmit=${submit} novalidate>
      ${!codeStep
        ? html`
          <${Field} id="login-email" label="E-mail address" type="email" autocomplete="username" value=${email} onValue=${setEmail}
            error=${errors.email} required spellcheck="false" autocapitalize="none" />
          <${Field} id="login-password" label="Password" type="password" autocomplete="current-password" value=${password}
            onValue=${setPassword} error=${errors.password} required />`
        : html`<p class="signing-in">Logging in as <strong>${email}</strong>.
            <button type="button" class="link-button" onClick=${restart}>Use another account</button></p>`}
      ${step === 'enrol'
        ? html`<div class="enrol">
            <p>Your account needs a second factor. Add it to an authenticator app (for example one on your phone):</p>
            <ol>
              <li>In the app, choose to add an account by entering a key (or set-up key).</li>
              <li>Type this key (spaces do not matter); it is time-based, 6 digits, every 30 seconds:
                <p class="secret"><code id="totp-secret" data-secret=${enrol && enrol.secret}>${groupSecret(enrol && enrol.secret)}</code></p>
              </li>
              <li>Enter the 6-digit code the app then shows.</li>
            </ol>
            <details>
              <summary>Set-up link (for apps that accept an otpauth link)</summary>
              <p class="uri"><code id="totp-uri">${enrol && enrol.uri}</code></p>
            </details>
            <p class="hint">Keep this key private. You will need your authenticator app every time you log in.</p>
          </div>`
        : null}
      ${codeStep
        ? html`<${Field} id="login-code" label="6-digit code from your authenticator app" value=${code} onValue=${(v) => setCode(v.replace(/[^\d]/g, '').slice(0, 6))}
            error=${errors.code} required inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" class="code-input" />`
        : null}
      <div class="actions">
        <button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>
          ${busy ? 'Checking…' : step === 'enrol' ? 'Confirm and log in' : codeStep ? 'Verify code' : 'Log in'}
        </button>
      </div>
    </form>
  </section>`;
}
