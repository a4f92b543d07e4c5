// The JSON API: every request is same-origin with the session cookie; every write carries the CSRF token.
// Server text is only ever rendered as text by the components (never as HTML).

let csrfToken = null;
let onUnauthorized = null;

export function setCsrfToken(token) {
  csrfToken = typeof token === 'string' ? token : null;
}

/** Called when a request other than login answers 401 (the session expired or was ended elsewhere). */
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

/** The field an error is about: the server names it as a JSON path ("birth_date", "/birth_date", "$.birth_date"). */
export function fieldName(path) {
  if (typeof path !== 'string' || !path) return null;
  const parts = path.replace(/^\$/, '').split(/[./]/).filter(Boolean);
  return parts.length ? parts[parts.length - 1].replace(/\[\d+\]$/, '') : null;
}

const MESSAGES = {
  network: 'The server could not be reached. Check the connection and try again.',
  forbidden: 'Your role does not allow this.',
  not_found: 'This record does not exist or you do not have access to it.',
  csrf: 'Your session token is out of date. Reload the page and try again.',
  too_large: 'The file is too large for the server.',
  unsupported_media_type: 'The server does not accept this kind of file.',
};

export class ApiError extends Error {
  constructor(status, body) {
    const b = body && typeof body === 'object' ? body : {};
    const code = typeof b.error === 'string' ? b.error : status === 0 ? 'network' : `http_${status}`;
    let message = typeof b.message === 'string' && b.message ? b.message : MESSAGES[code];
    if (!message) {
      if (status === 403) message = MESSAGES.forbidden;
      else if (status === 404) message = MESSAGES.not_found;
      else if (status === 413) message = MESSAGES.too_large;
      else if (status === 415) message = MESSAGES.unsupported_media_type;
      else if (status >= 500) message = `The server failed (HTTP ${status}). Try again later.`;
      else message = `The request failed (HTTP ${status}).`;
    }
    super(message);
    this.status = status;
    this.code = code;
    this.field = fieldName(b.field);
    this.body = b;
  }
}

function parse(text) {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  const init = { method, credentials: 'same-origin', headers, cache: 'no-store' };
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrfToken || '';
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError(0, null);
  }
  const data = parse(await res.text());
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    if (res.status === 401 && onUnauthorized && path !== '/api/login' && path !== '/api/me') onUnauthorized();
    throw err;
  }
  return data;
}

export const get = (path) => api('GET', path);
/** A POST without a body argument sends no body at all (routes such as logout and disable take none). */
export const post = (path, body) => api('POST', path, body);
export const patch = (path, body) => api('PATCH', path, body);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * Uploads a file as the raw request body with XMLHttpRequest (fetch has no upload progress).
 * Returns { promise, abort }; onProgress(loaded, total) is called as bytes leave.
 */
export function uploadRaw(path, file, onProgress) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise((resolve, reject) => {
    xhr.open('POST', path);
    xhr.withCredentials = false; // same-origin: the cookie is sent anyway
    xhr.setRequestHeader('X-CSRF-Token', csrfToken || '');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress && onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      const data = parse(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(data);
      else {
        if (xhr.status === 401 && onUnauthorized) onUnauthorized();
        reject(new ApiError(xhr.status, data));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, null));
    xhr.onabort = () => {
      const e = new Error('The upload was cancelled.');
      e.name = 'AbortError';
      reject(e);
    };
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}
