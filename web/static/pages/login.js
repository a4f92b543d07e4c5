// Log in: e-mail and password, then a 6-digit code (or a recovery code) when the server asks for one; at
// a first login, the authenticator secret to enrol (a QR code drawn by the server, the key as text grouped
// for typing, and the otpauth:// URI), then the recovery codes, shown once. "Forgot password?" leads to the
// reset page.
import { html, useEffect, useRef, useState } from '../lib/html.js';
import { post, setCsrfToken } from '../lib/api.js';
import { Alert, Field, focusFirstError } from '../components/forms.js';
import { Link } from '../lib/router.js';

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
  const [step, setStep] = useState('password'); // password | totp | recovery | enrol | codes
  const [email, setEmail] = useState(() => new URLSearchParams(window.location.search).get('email') || '');
  const [codes, setCodes] = useState(null); // { user, list } after enrolment
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [enrol, setEnrol] = useState(null);
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const codeStep = step === 'totp' || step === 'enrol' || step === 'recovery';

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
    } else if (step === 'recovery') {
      if (code.replace(/[\s-]/g, '').length !== 10) errs.code = 'Enter one of your recovery codes (10 letters and digits).';
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
      if (step === 'recovery') body.recovery_code = code.trim();
      else if (codeStep) body.totp = code.trim();
      const r = await post('/api/login', body);
      setCsrfToken(r && r.csrf_token);
      setPassword('');
      if (Array.isArray(r.recovery_codes) && r.recovery_codes.length) {
        setBusy(false);
        setCodes({ user: r.user, list: r.recovery_codes });
        setStep('codes');
        return;
      }
      onLogin(r.user, r.csrf_token);
    } catch (err) {
      setBusy(false);
      if (err.code === 'totp_required') {
        setStep('totp');
        setCode('');
        return;
      }
      if (err.code === 'totp_enrollment_required') {
        setEnrol({ secret: err.body.totp_secret || '', uri: err.body.otpauth_uri || '', qr: err.body.otpauth_qr || '' });
        setStep('enrol');
        setCode('');
        return;
      }
      if (err.code === 'locked' || err.code === 'too_many_attempts' || err.status === 429) {
        setFormError(lockedMessage(err));
        return;
      }
      if (err.code === 'invalid_recovery_code') {
        setErrors({ code: 'That recovery code was not accepted: each works once. Try another of your codes.' });
        setCode('');
        focusFirstError(form.current);
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

  if (step === 'codes' && codes) {
    return html`<section class="login">
      <h1 tabindex="-1">Save your recovery codes</h1>
      <p>If you lose your phone, each of these codes lets you log in once instead of a 6-digit code. Print them or
        write them down and keep them somewhere safe: they are shown only now. You can make new ones on your Account page.</p>
      <ol class="recovery-codes" id="recovery-codes">${codes.list.map((c) => html`<li><code>${c}</code></li>`)}</ol>
      <div class="actions"><button type="button" class="primary" onClick=${() => onLogin(codes.user)}>I have saved them, continue</button></div>
    </section>`;
  }
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
            ${enrol && enrol.qr ? html`<p class="qr"><img id="totp-qr" src=${enrol.qr} alt="QR code of your authenticator key" width="220" height="220" /></p>` : null}
            <ol>
              <li>In the app, choose to add an account and scan the QR code, or choose to enter a key (set-up key).</li>
              <li>If you enter it, type this key (spaces do not matter); it is time-based, 6 digits, every 30 seconds:
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
      ${codeStep && step !== 'recovery'
        ? html`<${Field} id="login-code" label="6-digit code from your authenticator app" value=${code} onValue=${(v) => setCode(v.replace(/[^\d]/g, '').slice(0, 6))}
            error=${errors.code} required inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" class="code-input" />`
        : null}
      ${step === 'recovery'
        ? html`<${Field} id="login-code" label="Recovery code" hint="One of the codes you saved when you set up your second factor; each works once."
            value=${code} onValue=${(v) => setCode(v.slice(0, 16))} error=${errors.code} required autocomplete="off" spellcheck="false" autocapitalize="none" />`
        : null}
      ${step === 'totp' ? html`<p><button type="button" class="link-button" onClick=${() => { setCode(''); setErrors({}); setStep('recovery'); }}>Use a recovery code instead</button></p>` : null}
      ${step === 'recovery' ? html`<p><button type="button" class="link-button" onClick=${() => { setCode(''); setErrors({}); setStep('totp'); }}>Use the authenticator app instead</button></p>` : null}
      <div class="actions">
        <button type="submit" class="primary" aria-disabled=${busy ? 'true' : undefined}>
          ${busy ? 'Checking…' : step === 'enrol' ? 'Confirm and log in' : codeStep ? 'Verify code' : 'Log in'}
        </button>
      </div>
    </form>
    ${step === 'password' ? html`<p class="forgot"><${Link} href="/forgot-password">Forgot password?</${Link}></p>` : null}
  </section>`;
}
