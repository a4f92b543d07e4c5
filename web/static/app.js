// physiokit clinic pages: one page app (History API), preact + htm, no build step.
import { html, render, useCallback, useEffect, useRef, useState } from './lib/html.js';
import { get, post, setCsrfToken, setUnauthorizedHandler } from './lib/api.js';
import { Link, match, navigate, takeFlash, useLocation } from './lib/router.js';
import { ROLE_NAMES } from './lib/format.js';
import { LoginPage } from './pages/login.js';
import { PatientsPage } from './pages/patients.js';
import { NewPatientPage } from './pages/patient-new.js';
import { PatientPage } from './pages/patient.js';
import { UploadPage } from './pages/upload.js';
import { StaffPage } from './pages/staff.js';
import { LivePage, WatchPage } from './pages/live.js';
import { PublicQuestionnairePage, QuestionnairePage } from './pages/questionnaire.js';
import { TodayPage } from './pages/today.js';
import { CaseloadPage } from './pages/caseload.js';
import { LibraryPage } from './pages/library.js';
import { SchedulePage } from './pages/schedule.js';
import { CalendarPage } from './pages/calendar.js';
import { ClosuresPage } from './pages/closures.js';
import { SchedulingPage } from './pages/scheduling.js';
import { ModelCardPage, ModelsPage } from './pages/models.js';
import { NotFound } from './pages/not-found.js';
import { ConsentPage } from './pages/smart-consent.js';
import { SmartAppsPage } from './pages/smart-apps.js';
import { SmartGrants } from './components/smart-grants.js';
import { ForgotPasswordPage, SetPasswordPage } from './pages/password.js';
import { RecoveryCodes } from './components/recovery-codes.js';

// Focus moves to a new page's heading only once the person has used the page (not on the redirects of
// the first load, so the first Tab still reaches the skip link).
let interacted = false;
for (const type of ['keydown', 'pointerdown']) window.addEventListener(type, () => { interacted = true; }, { capture: true, once: true });

function homeOf(user) {
  if (!user) return '/login';
  if (user.role === 'patient') return user.patient_id ? '/today' : '/account';
  if (user.role === 'admin') return '/staff';
  // Staff land on their day: the physiotherapist's and the assistant's caseload (who needs them first), the
  // desk's day list (arrivals, phone numbers, visits to mark).
  if (user.role === 'physiotherapist' || user.role === 'assistant') return '/caseload';
  if (user.role === 'front_desk') return '/schedule';
  return '/patients';
}

function route(path, user) {
  let m;
  if (match('/', path)) return { redirect: homeOf(user) };
  if (match('/login', path)) return { redirect: homeOf(user) };
  if (match('/today', path)) return { title: 'Today', view: () => html`<${TodayPage} user=${user} />` };
  if (match('/caseload', path)) return { title: 'Caseload', view: () => html`<${CaseloadPage} user=${user} />` };
  if (match('/patients', path)) return { title: 'Patients', view: () => html`<${PatientsPage} user=${user} />` };
  if (match('/library', path) && (user.role === 'physiotherapist' || user.role === 'assistant' || user.role === 'admin')) return { title: 'Exercise library', view: () => html`<${LibraryPage} user=${user} />` };
  if (match('/calendar', path) && user.role !== 'patient') return { title: 'Calendar', view: () => html`<${CalendarPage} user=${user} />` };
  if (match('/closures', path) && user.role !== 'patient') return { title: 'Closure days', view: () => html`<${ClosuresPage} user=${user} />` };
  if (match('/scheduling', path) && user.role !== 'patient') return { title: 'Scheduling', view: () => html`<${SchedulingPage} user=${user} />` };
  if (match('/schedule', path) && user.role !== 'patient') return { title: 'Day list', view: () => html`<${SchedulePage} user=${user} />` };
  if (match('/models', path) && user.role !== 'patient') return { title: 'Prediction models', view: () => html`<${ModelsPage} user=${user} />` };
  if ((m = match('/models/card/:name', path)) && user.role !== 'patient') {
    const version = new URLSearchParams(path.split('?')[1] || '').get('version');
    return { title: 'Model card', view: () => html`<${ModelCardPage} key=${path} name=${m.name} version=${version} />` };
  }
  if (match('/patients/new', path)) return { title: 'New patient', view: () => html`<${NewPatientPage} />` };
  if ((m = match('/patients/:id/upload', path))) return { title: 'Upload a recording', view: () => html`<${UploadPage} key=${m.id} id=${m.id} user=${user} />` };
  if ((m = match('/patients/:id/live', path))) return { title: 'Live exercise', view: () => html`<${LivePage} key=${m.id} id=${m.id} />` };
  if ((m = match('/patients/:id/live/:sid', path))) return { title: 'Watching a live session', view: () => html`<${WatchPage} key=${m.sid} id=${m.id} sessionId=${m.sid} />` };
  if ((m = match('/patients/:id/questionnaires/:instrument', path))) return { title: 'Questionnaire', view: () => html`<${QuestionnairePage} key=${m.instrument} id=${m.id} instrumentId=${m.instrument} user=${user} />` };
  if ((m = match('/q/:token', path))) return { title: 'Questionnaire', view: () => html`<${PublicQuestionnairePage} key=${m.token} token=${m.token} />` };
  if ((m = match('/patients/:id', path))) return { title: 'Patient', view: (flash) => html`<${PatientPage} key=${m.id} id=${m.id} user=${user} flash=${flash} />` };
  if ((m = match('/authorize/:id', path))) return { title: 'Connect an app', view: () => html`<${ConsentPage} key=${m.id} id=${m.id} />` };
  if (match('/apps', path)) return { title: 'Apps', view: () => html`<${SmartAppsPage} user=${user} />` };
  if (match('/staff', path)) return { title: 'Staff', view: () => html`<${StaffPage} user=${user} />` };
  if (match('/account', path)) return { title: 'Account', view: () => html`<section><h1 tabindex="-1">Your account</h1><p>You are logged in as ${user.display_name || user.email}.</p>${user.mfa_required ? html`<${RecoveryCodes} />` : null}<${SmartGrants} /></section>` };
  return { title: 'Page not found', view: () => html`<${NotFound} />` };
}

function Header({ user, onLogout, path }) {
  const links = [];
  if (user && (user.role === 'physiotherapist' || user.role === 'assistant')) links.push(['/caseload', 'Caseload']);
  if (user && user.role !== 'patient' && user.role !== 'admin') links.push(['/patients', 'Patients']);
  if (user && (user.role === 'physiotherapist' || user.role === 'assistant' || user.role === 'admin')) links.push(['/library', 'Exercises']);
  if (user && user.role !== 'patient') links.push(['/calendar', 'Calendar']);
  if (user && user.role !== 'patient') links.push(['/schedule', 'Day list']);
  if (user && user.role !== 'patient' && user.role !== 'front_desk') links.push(['/models', 'Models']);
  if (user && user.role === 'patient' && user.patient_id) links.push(['/today', 'Today']);
  if (user && user.role === 'patient' && user.patient_id) links.push([`/patients/${encodeURIComponent(user.patient_id)}`, 'My record']);
  if (user && user.role === 'admin') links.push(['/staff', 'Staff']);
  if (user && user.role === 'admin') links.push(['/apps', 'Apps']);
  if (user && (user.role === 'admin' || user.role === 'front_desk')) links.push(['/scheduling', 'Scheduling']);
  if (user && (user.role === 'admin' || user.role === 'front_desk')) links.push(['/closures', 'Closure days']);
  const current = (href) => (path === href || (href !== '/' && path.startsWith(`${href}/`)) ? 'page' : undefined);
  return html`<header class="site-header">
    <a class="skip-link" href="#main">Skip to main content</a>
    <div class="bar">
      <${Link} href="/" class="brand">physiokit<//>
      ${user
        ? html`<nav aria-label="Main">
            <ul>${links.map(([href, label]) => html`<li><${Link} href=${href} aria-current=${current(href)}>${label}<//></li>`)}</ul>
          </nav>
          <div class="who">
            <span class="who-name">${user.display_name || user.email}<span class="who-role"> · ${ROLE_NAMES[user.role] || user.role}</span></span>
            <button type="button" class="link-button" onClick=${onLogout}>Log out</button>
          </div>`
        : null}
    </div>
  </header>`;
}

function App() {
  const path = useLocation();
  const [user, setUser] = useState(undefined); // undefined: asking the server; null: logged out
  const [notice, setNotice] = useState(null);
  const firstRender = useRef(true);
  const main = useRef(null);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      setUser(null);
      setNotice('Your session has ended. Log in again to continue.');
    });
    get('/api/me')
      .then((r) => {
        setCsrfToken(r && r.csrf_token);
        setUser((r && r.user) || null);
      })
      .catch(() => setUser(null));
  }, []);

  const onLogin = useCallback((u) => {
    setNotice(null);
    setUser(u);
    const params = new URLSearchParams(window.location.search);
    const next = params.get('next');
    // Only a path of this app (never another origin: "//host" or "/\host").
    const safe = next && /^\/(?![/\\])[^\s]*$/.test(next) && !next.startsWith('/login') ? next : homeOf(u);
    navigate(safe, { replace: true });
  }, []);

  const onLogout = useCallback(async () => {
    try {
      await post('/api/logout');
    } catch {
      /* the session is gone either way */
    }
    setCsrfToken(null);
    setUser(null);
    setNotice('You are logged out.');
    navigate('/login', { replace: true });
  }, []);

  const r = user ? route(path, user) : null;
  const pathOnly = path.split('?')[0];
  // A single-use questionnaire link opens without an account (docs/server/questionnaires.md).
  const publicToken = (match('/q/:token', pathOnly) || {}).token;
  // An e-mailed set-password link (an invitation or a reset) and "Forgot password?" need no account.
  const setToken = (match('/set-password/:token', pathOnly) || {}).token;
  const forgot = pathOnly === '/forgot-password';

  // Not logged in: the login page, remembering where the person wanted to go.
  useEffect(() => {
    if (setToken || forgot) return;
    if (user === null && pathOnly !== '/login' && !publicToken) {
      // The hash too: a link to a tab (/patients/7#sessions) opens that tab after the login.
      const next = pathOnly === '/' ? '' : `?next=${encodeURIComponent(path + window.location.hash)}`;
      navigate(`/login${next}`, { replace: true });
    } else if (r && r.redirect && r.redirect !== pathOnly) navigate(r.redirect, { replace: true });
  }, [user, path]);

  const [flash, setFlash] = useState(null);
  // Each new page: its title, and focus on its heading so screen readers and keyboard users start there.
  useEffect(() => {
    if (user === undefined) return;
    setFlash(takeFlash());
    const title = setToken ? 'Set your password' : forgot ? 'Forgot password' : user ? (r && r.title) || 'physiokit' : publicToken ? 'Questionnaire' : 'Log in';
    document.title = `${title} · physiokit`;
    if (firstRender.current || !interacted) {
      firstRender.current = false;
      return;
    }
    window.requestAnimationFrame(() => {
      const h1 = main.current && main.current.querySelector('h1');
      if (h1) h1.focus({ preventScroll: false });
    });
  }, [path, user === undefined, !!user]);

  let body;
  if (setToken) body = html`<${SetPasswordPage} key=${setToken} token=${setToken} onLogin=${onLogin} />`;
  else if (forgot) body = html`<${ForgotPasswordPage} />`;
  else if (publicToken && !user) body = html`<${PublicQuestionnairePage} key=${publicToken} token=${publicToken} />`;
  else if (user === undefined) body = html`<p class="loading" role="status">Loading…</p>`;
  // The login page only at /login: elsewhere it waits for the redirect above, so its address (with ?next=) is
  // already in the bar when the form appears.
  else if (!user && pathOnly !== '/login') body = html`<p class="loading" role="status">Loading…</p>`;
  else if (!user) body = html`<${LoginPage} onLogin=${onLogin} notice=${notice} />`;
  else if (r.redirect) body = html`<p class="loading" role="status">Loading…</p>`;
  else body = r.view(flash);

  return html`<${Header} user=${user} onLogout=${onLogout} path=${pathOnly} />
    <main id="main" class="page" tabindex="-1" ref=${main}>${body}</main>`;
}

const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);
