// The caseload: search (debounced) and keyset paging with "Load more".
import { html, useEffect, useRef, useState } from '../lib/html.js';
import { get, query } from '../lib/api.js';
import { Link } from '../lib/router.js';
import { Alert } from '../components/forms.js';
import { ageFrom, formatDate, patientName } from '../lib/format.js';

const PAGE = 20;

export function PatientsPage({ user }) {
  const [q, setQ] = useState('');
  const [items, setItems] = useState([]);
  const [next, setNext] = useState(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState(null);
  const [status, setStatus] = useState('');
  const seq = useRef(0);
  const list = useRef(null);

  const load = async (search, cursor) => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    try {
      const r = await get(`/api/patients${query({ q: search.trim(), cursor, limit: PAGE })}`);
      if (mine !== seq.current) return;
      const got = Array.isArray(r && r.items) ? r.items : [];
      const all = cursor ? [...items, ...got] : got;
      setItems(all);
      setNext((r && r.next_cursor) || null);
      setStatus(all.length ? `${all.length} ${all.length === 1 ? 'patient' : 'patients'} shown${r && r.next_cursor ? '; more can be loaded' : ''}.` : search.trim() ? 'No patient matches this search.' : 'No patients yet.');
      if (cursor && got.length) {
        // Put focus on the first newly loaded patient so keyboard users continue where they were.
        window.requestAnimationFrame(() => {
          const links = list.current && list.current.querySelectorAll('a.patient-link');
          if (links && links[items.length]) links[items.length].focus();
        });
      }
    } catch (e) {
      if (mine !== seq.current) return;
      setError(e.message);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  };

  useEffect(() => {
    const t = window.setTimeout(() => load(q, null), q ? 300 : 0);
    return () => window.clearTimeout(t);
  }, [q]);

  const canCreate = user && ['physiotherapist', 'assistant', 'front_desk', 'admin'].includes(user.role);

  return html`<section>
    <div class="page-head">
      <h1 tabindex="-1">Patients</h1>
      ${canCreate ? html`<${Link} href="/patients/new" class="button">New patient<//>` : null}
    </div>
    <form role="search" class="search" onSubmit=${(e) => { e.preventDefault(); load(q, null); }}>
      <label for="patient-search">Search by name or MRN</label>
      <input id="patient-search" type="search" value=${q} autocomplete="off" spellcheck="false"
        onInput=${(e) => setQ(e.currentTarget.value)} aria-describedby="patient-search-status" />
    </form>
    <p id="patient-search-status" class="status-line" role="status" aria-live="polite">${loading && !items.length ? 'Loading…' : status}</p>
    <${Alert} message=${error} />
    <ul class="cards patient-list" ref=${list}>
      ${items.map((p) => {
        const age = ageFrom(p.birth_date);
        return html`<li key=${p.id} class="card">
          <${Link} href=${`/patients/${encodeURIComponent(p.id)}`} class="patient-link">${p.family_name}, ${p.given_name}<//>
          <span class="meta">Born ${formatDate(p.birth_date)}${age !== null ? ` (${age})` : ''}${p.mrn ? html` · MRN <span class="mono">${p.mrn}</span>` : null}</span>
        </li>`;
      })}
    </ul>
    ${next
      ? html`<div class="actions"><button type="button" onClick=${() => load(q, next)} aria-disabled=${loading ? 'true' : undefined}>
          ${loading ? 'Loading…' : 'Load more patients'}</button></div>`
      : null}
  </section>`;
}

export { patientName };
