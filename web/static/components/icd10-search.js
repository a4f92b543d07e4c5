// The condition's ICD-10-CM code chosen from a searchable list (docs/server/api.md, GET /api/icd10): the
// person types words ("knee") or the start of a code and picks from the codes that match, each with its
// title; a code typed whole is kept as typed and checked by the server. A combobox with a listbox under it:
// arrow keys move, Enter chooses, Escape closes.
import { html, useEffect, useRef, useState } from '../lib/html.js';
import { get } from '../lib/api.js';
import { FieldError } from './forms.js';

export function Icd10Field({ id, label, value, onValue, onChoose, error, required = false }) {
  const [items, setItems] = useState([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [note, setNote] = useState('');
  const timer = useRef(null);
  const seq = useRef(0);
  useEffect(() => () => clearTimeout(timer.current), []);
  const search = (q) => {
    clearTimeout(timer.current);
    if (q.trim().length < 2) {
      setItems([]);
      setOpen(false);
      return;
    }
    timer.current = setTimeout(async () => {
      const mine = ++seq.current;
      try {
        const r = await get(`/api/icd10?q=${encodeURIComponent(q.trim())}&limit=50`);
        if (mine !== seq.current) return;
        setItems(r.items);
        setActive(-1);
        setOpen(true);
        setNote(r.items.length ? `${r.items.length} ${r.items.length === 1 ? 'code matches' : 'codes match'}.` : 'No code matches.');
      } catch (err) {
        if (mine === seq.current) setNote(`The list could not be searched: ${err.message}`);
      }
    }, 200);
  };
  const choose = (item) => {
    onValue(item.code);
    if (onChoose) onChoose(item);
    setOpen(false);
    setItems([]);
    setNote(`Chosen: ${item.code}, ${item.title}.`);
  };
  const onKeyDown = (e) => {
    if (!open || !items.length) return;
    if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => Math.min(items.length - 1, a + 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(0, a - 1)); }
    else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); choose(items[active]); }
    else if (e.key === 'Escape') { e.preventDefault(); setOpen(false); }
  };
  const listId = `${id}-list`;
  const described = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return html`<div class=${error ? 'field has-error icd10-field' : 'field icd10-field'}>
    <div class="label-row"><label for=${id}>${label}</label>${required ? html`<span class="req" aria-hidden="true">*</span>` : null}</div>
    <p class="hint" id=${`${id}-hint`}>The code system is ICD-10-CM. Type words, for example knee, or the start of a code, then choose from the list.</p>
    <input id=${id} name=${id} type="text" role="combobox" autocomplete="off" spellcheck="false" value=${value ?? ''}
      required=${required} aria-required=${required ? 'true' : undefined} aria-invalid=${error ? 'true' : undefined}
      aria-describedby=${described} aria-autocomplete="list" aria-expanded=${open ? 'true' : 'false'} aria-controls=${listId}
      aria-activedescendant=${open && active >= 0 ? `${listId}-${active}` : undefined}
      onInput=${(e) => { onValue(e.currentTarget.value); search(e.currentTarget.value); }} onKeyDown=${onKeyDown} />
    <ul id=${listId} role="listbox" aria-label="Matching ICD-10-CM codes" class="icd10-options" hidden=${!open || !items.length}>
      ${items.map((it, i) => html`<li key=${it.code} id=${`${listId}-${i}`} role="option" aria-selected=${i === active ? 'true' : 'false'}
        class=${i === active ? 'active' : ''} onMouseDown=${(e) => { e.preventDefault(); choose(it); }}>
        <span class="mono">${it.code}</span> ${it.title}</li>`)}
    </ul>
    <p class="visually-hidden" role="status">${note}</p>
    <${FieldError} id=${id} error=${error} />
  </div>`;
}
