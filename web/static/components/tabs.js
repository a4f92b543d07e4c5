// Tabs after the WAI-ARIA Authoring Practices' tabs pattern: a tablist of buttons (arrow keys, Home and End
// move between them and select, one tab in the page's tab order), each controlling one tabpanel. The
// selected tab is in the address's hash (#program), so a link or a reload opens it again.
import { html, useEffect, useRef, useState } from '../lib/html.js';

function hashKey() {
  return decodeURIComponent(window.location.hash.replace(/^#/, ''));
}

/** The selected key: the address's hash when it names a tab, else the first. */
export function useTabKey(tabs) {
  const keys = tabs.map((t) => t.key);
  const pick = () => (keys.includes(hashKey()) ? hashKey() : keys[0]);
  const [key, setKey] = useState(pick);
  useEffect(() => {
    const onHash = () => setKey(pick());
    window.addEventListener('hashchange', onHash);
    window.addEventListener('popstate', onHash);
    // A hash changed between the first render and now fired no event this listener heard.
    onHash();
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('popstate', onHash);
    };
  }, [keys.join(' ')]);
  const selected = keys.includes(key) ? key : keys[0];
  const select = (k) => {
    setKey(k);
    const url = `${window.location.pathname}${window.location.search}${k === keys[0] ? '' : `#${encodeURIComponent(k)}`}`;
    if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(null, '', url);
  };
  return [selected, select];
}

/**
 * tabs: [{key, label, render(): content}], label: the tablist's accessible name, idPrefix: unique ids.
 * Only the selected panel is rendered (the others load when chosen).
 */
export function Tabs({ tabs, label, idPrefix = 'tab' }) {
  const [selected, select] = useTabKey(tabs);
  const refs = useRef({});
  const move = (e, i) => {
    let j = null;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') j = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') j = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = tabs.length - 1;
    if (j === null) return;
    e.preventDefault();
    select(tabs[j].key);
    const el = refs.current[tabs[j].key];
    if (el) el.focus();
  };
  // On a phone the row scrolls sideways: keep the selected tab in view.
  useEffect(() => {
    const el = refs.current[selected];
    if (el && el.scrollIntoView) el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [selected]);
  const current = tabs.find((t) => t.key === selected) || tabs[0];
  return html`<div class="tabs">
    <div role="tablist" aria-label=${label} class="tablist">
      ${tabs.map((t, i) => html`<button type="button" role="tab" key=${t.key} id=${`${idPrefix}-${t.key}`}
        ref=${(el) => { refs.current[t.key] = el; }}
        aria-selected=${t.key === selected ? 'true' : 'false'} aria-controls=${`${idPrefix}-panel-${t.key}`}
        tabindex=${t.key === selected ? 0 : -1} onClick=${() => select(t.key)} onKeyDown=${(e) => move(e, i)}>
        ${t.label}${t.badge ? html` <span class="tab-badge">${t.badge}</span>` : null}
      </button>`)}
    </div>
    <div role="tabpanel" id=${`${idPrefix}-panel-${current.key}`} aria-labelledby=${`${idPrefix}-${current.key}`} tabindex="0" class="tabpanel" key=${current.key}>
      ${current.render()}
    </div>
  </div>`;
}
