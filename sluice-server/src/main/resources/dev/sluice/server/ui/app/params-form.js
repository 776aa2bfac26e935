// The "run with parameters" form, built from a pipeline's typed params: numbers with their bounds, allowed values
// as a choice, true/false as a choice. The browser enforces bounds and types before sending; the server checks again.
import {h, fill, path} from './dom.js';
import {api, ApiFailure} from './api.js';

function describe(p) {
  const parts = [p.type];
  if (p.min !== null && p.min !== undefined) parts.push(`at least ${p.min}`);
  if (p.max !== null && p.max !== undefined) parts.push(`at most ${p.max}`);
  if (p.allowed && p.allowed.length) parts.push(`one of ${p.allowed.join(', ')}`);
  if (p.default !== null && p.default !== undefined) parts.push(`default ${Array.isArray(p.default) ? p.default.join(',') : p.default}`);
  else if (p.required) parts.push('required');
  if (p.type === 'list') parts.push('comma-separated');
  return parts.join('; ');
}

function text(v) {
  if (v === null || v === undefined) return '';
  return Array.isArray(v) ? v.join(',') : String(v);
}

function input(p, value) {
  const id = 'param-' + p.name;
  const common = {id, name: p.name, 'aria-describedby': id + '-help', required: p.required && (p.default === null || p.default === undefined)};
  if ((p.allowed && p.allowed.length) || p.type === 'bool') {
    const options = p.allowed && p.allowed.length ? p.allowed.map(String) : ['true', 'false'];
    return h('select', common, options.map(o => h('option', {value: o, selected: o === text(value)}, o)));
  }
  if (p.type === 'int' || p.type === 'double') {
    return h('input', {...common, type: 'number', step: p.type === 'int' ? '1' : 'any', min: p.min ?? null, max: p.max ?? null,
      value: text(value), inputmode: p.type === 'int' ? 'numeric' : 'decimal'});
  }
  return h('input', {...common, type: 'text', value: text(value), spellcheck: 'false'});
}

/**
 * A form that starts a run of `pipeline` (at `version`, or the latest) with values prefilled from `values` (else
 * the defaults); on success it opens the new run's page.
 */
export function paramsForm(pipeline, specs, values = {}, version = null, label = 'Start run') {
  const usable = specs.filter(p => p.type !== 'map');
  const message = h('div', {'aria-live': 'polite'});
  const noCache = h('input', {type: 'checkbox', id: 'no-cache', name: 'no_cache'});
  const form = h('form', {class: 'params', id: 'run-form', novalidate: false},
    usable.length ? null : h('p', {class: 'muted'}, 'This pipeline has no parameters.'),
    usable.map(p => h('div', {class: 'field'},
      h('label', {for: 'param-' + p.name}, p.name),
      input(p, values[p.name] ?? p.default),
      h('div', {class: 'help', id: 'param-' + p.name + '-help'}, describe(p)))),
    h('div', {class: 'field'}, noCache, ' ', h('label', {for: 'no-cache', style: {display: 'inline'}}, 'Run every step again (no cache)')),
    h('button', {type: 'submit'}, label),
    message);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    const params = {};
    for (const p of usable) {
      const v = form.elements[p.name].value;
      if (v !== '') params[p.name] = v;
    }
    const body = {pipeline, params, no_cache: noCache.checked};
    if (version) body.version = version;
    try {
      fill(message, h('p', {class: 'muted', role: 'status'}, 'Starting…'));
      const queued = await api.post('/api/v1/runs', body);
      location.assign(path`/runs/${queued.run_id}`);
    } catch (err) {
      const problems = err instanceof ApiFailure && err.body?.problems ? err.body.problems.map(p => p.text || p.message) : [];
      fill(message, h('div', {class: 'error', role: 'alert'}, err.message,
        problems.length ? h('ul', {}, problems.map(t => h('li', {}, t))) : null));
    }
  });
  return form;
}
