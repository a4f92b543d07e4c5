// The small Markdown of model cards rendered as elements (never as HTML text, so nothing in a card can run):
// headings (#, ##, ###), paragraphs, "- " lists, tables (| a | b |, with a |---| line), **bold**, `code`.
import { html } from './html.js';

function inline(text) {
  const out = [];
  const re = /(\*\*[^*]+\*\*|`[^`]+`)/g;
  let last = 0;
  let m;
  while ((m = re.exec(text))) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const t = m[0];
    out.push(t.startsWith('**') ? html`<strong>${t.slice(2, -2)}</strong>` : html`<code>${t.slice(1, -1)}</code>`);
    last = m.index + t.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

const cells = (line) => line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());

/** Elements for `md`; heading levels start at `base` (a card under a page's h1 starts at h2). */
export function renderMarkdown(md, base = 2) {
  const lines = String(md || '').split('\n');
  const out = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }
    const h = /^(#{1,4})\s+(.*)$/.exec(line);
    if (h) {
      const level = Math.min(6, base + h[1].length - 1);
      const Tag = `h${level}`;
      out.push(html`<${Tag}>${inline(h[2])}</${Tag}>`);
      i++;
      continue;
    }
    if (line.trim().startsWith('|')) {
      const rows = [];
      while (i < lines.length && lines[i].trim().startsWith('|')) rows.push(lines[i++]);
      const head = cells(rows[0]);
      const body = rows.slice(1).filter((r) => !/^\s*\|?\s*:?-{3,}/.test(r)).map(cells);
      out.push(html`<div class="table-wrap" tabindex="0"><table>
        <thead><tr>${head.map((c) => html`<th scope="col">${inline(c)}</th>`)}</tr></thead>
        <tbody>${body.map((r) => html`<tr>${r.map((c) => html`<td>${inline(c)}</td>`)}</tr>`)}</tbody>
      </table></div>`);
      continue;
    }
    if (/^\s*[-*]\s+/.test(line)) {
      const items = [];
      while (i < lines.length && /^\s*[-*]\s+/.test(lines[i])) items.push(lines[i++].replace(/^\s*[-*]\s+/, ''));
      out.push(html`<ul>${items.map((t) => html`<li>${inline(t)}</li>`)}</ul>`);
      continue;
    }
    const para = [];
    while (i < lines.length && lines[i].trim() && !/^(#{1,4})\s|^\s*\||^\s*[-*]\s+/.test(lines[i])) para.push(lines[i++]);
    out.push(html`<p>${inline(para.join(' '))}</p>`);
  }
  return out;
}
