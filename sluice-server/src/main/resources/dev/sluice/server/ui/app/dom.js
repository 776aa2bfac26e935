// Building the page from data without ever parsing data as HTML: every element is made with createElement and
// every text goes in as a text node, so a name like <img src=x onerror=alert(1)> shows as those characters.
// Links may only point at this server (a path), never at a URL taken from data (javascript:, other sites).

/** An element: h('a', {href: '/runs', class: 'x'}, 'text', child, [more children]). Event handlers as onclick: fn. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'href' || key === 'src' || key === 'action') el.setAttribute(key, localUrl(value));
    else if (key === 'style') for (const [p, v] of Object.entries(value)) el.style.setProperty(p, v);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  add(el, children);
  return el;
}

function add(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  add(el, children);
  return el;
}

/** A link target on this server: a path (not //host), a query or a fragment; anything else is refused. */
export function localUrl(url) {
  const s = String(url);
  if ((s.startsWith('/') && !s.startsWith('//') && !s.startsWith('/\\')) || s.startsWith('?') || s.startsWith('#')) return s;
  throw new Error('refusing a link that leaves this server: ' + s);
}

/** A path with each value URL-encoded: path`/api/v1/runs/${id}`. */
export function path(strings, ...values) {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? encodeURIComponent(values[i]) : ''), '');
}

/** A table: headers (strings) and rows (arrays of cells: text or elements); options.caption, options.class. */
export function table(headers, rows, options = {}) {
  return h('table', {class: options.class || 'grid'},
    options.caption ? h('caption', {class: options.captionClass}, options.caption) : null,
    h('thead', {}, h('tr', {}, headers.map(t => h('th', {scope: 'col'}, t)))),
    h('tbody', {}, rows.map(r => r instanceof Node ? r : h('tr', {}, r.map(c => c instanceof Node && c.tagName === 'TD' ? c : h('td', {}, c))))));
}

/** A section with a heading (level 2 by default). */
export function section(title, ...children) {
  const id = 'sec-' + title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return h('section', {'aria-labelledby': id, class: 'panel'}, h('h2', {id}, title), ...children);
}
