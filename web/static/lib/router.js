// History API routing: the server answers index.html for every path outside /api/ and /static/.
import { html, useEffect, useState } from './html.js';

const listeners = new Set();
let flash = null;

export function currentPath() {
  return window.location.pathname + window.location.search;
}

/** Goes to a path of the app; message (optional) is shown once on the next page ("Patient saved"). */
export function navigate(to, { replace = false, message = null } = {}) {
  if (message) flash = message;
  if (to !== currentPath()) {
    if (replace) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
  }
  for (const fn of listeners) fn();
}

export function takeFlash() {
  const m = flash;
  flash = null;
  return m;
}

export function useLocation() {
  const [path, setPath] = useState(currentPath());
  useEffect(() => {
    const update = () => setPath(currentPath());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

/** An ordinary link (works with middle click, copy link, screen readers) that navigates in place. */
export function Link({ href, children, class: cls, ...rest }) {
  const onClick = (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return html`<a href=${href} class=${cls} onClick=${onClick} ...${rest}>${children}</a>`;
}

/** Matches "/patients/:id" against a path; returns the parameters or null. */
export function match(pattern, path) {
  const p = pattern.split('/');
  const a = path.split('?')[0].replace(/\/+$/, '').split('/');
  if (a.length === 1) a.push('');
  if (p.length !== a.length) return null;
  const params = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) {
      if (!a[i]) return null;
      params[p[i].slice(1)] = decodeURIComponent(a[i]);
    } else if (p[i] !== a[i]) return null;
  }
  return params;
}
