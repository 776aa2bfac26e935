// A model: its versions with their metrics (and a chart of a metric across versions), its aliases, who promoted
// what when (from the audit log), and, for an admin, promote and roll back, each after a confirmation.
/* global Chart */
import {h, fill, path, table, section} from './dom.js';
import {api} from './api.js';
import {app, badge, may, needsRole, number, setTitle, start, status, when} from './common.js';

const name = decodeURIComponent(location.pathname.split('/')[2]);
const ALIAS = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const boxes = {};

/** Asks before a change; resolves true when confirmed. A native <dialog>: focus is kept inside, Escape cancels. */
function confirmDialog(title, text, confirmLabel, extra) {
  return new Promise(resolve => {
    const ok = h('button', {type: 'submit', value: 'ok', class: 'danger', id: 'confirm-ok'}, confirmLabel);
    const cancel = h('button', {type: 'button', class: 'secondary', id: 'confirm-cancel'}, 'Cancel');
    const dialog = h('dialog', {'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text', id: 'confirm'},
      h('form', {method: 'dialog'}, h('h2', {id: 'confirm-title'}, title), h('p', {id: 'confirm-text'}, text), extra || null,
        h('div', {class: 'actions'}, ok, cancel)));
    cancel.addEventListener('click', () => dialog.close('cancel'));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'ok');
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

async function promote(version, current) {
  const alias = h('input', {id: 'promote-alias', value: 'champion', required: true, pattern: ALIAS.source.slice(1, -1), 'aria-describedby': 'alias-help'});
  const field = h('div', {class: 'field'}, h('label', {for: 'promote-alias'}, 'Alias'), alias,
    h('div', {class: 'help', id: 'alias-help'}, 'A letter, then letters, digits, _ or -. Serving follows the alias.'));
  const yes = await confirmDialog(`Promote ${name} version ${version}?`,
    `The alias will point at version ${version}. Whoever serves ${name}@ALIAS switches to it.`, 'Promote', field);
  if (!yes) return;
  if (!ALIAS.test(alias.value)) return status(boxes.message, `"${alias.value}" is not an alias name.`, 'error');
  await act(() => api.post(path`/api/v1/models/${name}/promote`, {version, alias: alias.value}),
    r => `${name}@${r.alias} now points at version ${r.version}` + (r.previous === null ? '.' : ` (it pointed at ${r.previous}).`));
}

async function rollback(alias, version) {
  const yes = await confirmDialog(`Roll back ${name}@${alias}?`,
    `${name}@${alias} points at version ${version}; it will point at the newest older version.`, 'Roll back');
  if (yes) await act(() => api.post(path`/api/v1/models/${name}/rollback`, {alias}), r => `${name}@${r.alias} rolled back to version ${r.version}.`);
}

async function act(call, said) {
  try {
    const r = await call();
    await load();
    status(boxes.message, said(r));
  } catch (e) {
    status(boxes.message, e.message, 'error');
  }
}

function chart(versions) {
  const metrics = [...new Set(versions.flatMap(v => Object.keys(v.metrics)))].sort();
  if (!metrics.length) return h('p', {class: 'muted'}, 'The versions have no metrics.');
  const first = versions.find(v => v.selection_metric)?.selection_metric || metrics[0];
  const choice = h('select', {id: 'chart-metric'}, metrics.map(m => h('option', {value: m, selected: m === first}, m)));
  const box = h('div', {class: 'chart'});
  const draw = () => {
    const canvas = h('canvas', {id: 'versions-chart', role: 'img', 'aria-label': `${choice.value} of each version; the table below has the numbers.`});
    fill(box, canvas);
    new Chart(canvas, {type: 'line', options: {maintainAspectRatio: false, animation: false},
      data: {labels: versions.map(v => 'v' + v.version),
        datasets: [{label: choice.value, data: versions.map(v => v.metrics[choice.value] ?? null), borderColor: '#0550ae', pointRadius: 5}]}});
  };
  choice.addEventListener('change', draw);
  queueMicrotask(draw);
  return h('div', {}, h('label', {for: 'chart-metric'}, 'Metric '), choice, box);
}

function versionsTable(model) {
  const admin = may('admin');
  return table(['Version', 'Registered', 'Type', 'Metrics', 'Aliases', 'Run', 'Lineage', admin ? 'Change' : null].filter(Boolean),
    [...model.versions].reverse().map(v => {
      const keys = Object.keys(v.metrics).sort((a, b) => (a === v.selection_metric ? -1 : b === v.selection_metric ? 1 : a.localeCompare(b)));
      return h('tr', {dataset: {version: v.version}},
        h('td', {}, String(v.version)), h('td', {}, when(v.created)), h('td', {}, v.model_type),
        h('td', {class: 'mono'}, keys.slice(0, 6).map(k => `${k}=${number(v.metrics[k])}`).join(' ')),
        h('td', {}, h('ul', {class: 'inline-list'}, v.aliases.map(a => h('li', {}, h('span', {class: 'badge s-alias'}, a))))),
        h('td', {}, v.run_id ? h('a', {href: path`/runs/${v.run_id}`, class: 'mono'}, v.run_id) : ''),
        h('td', {}, h('a', {href: '/lineage?' + new URLSearchParams({model: name, version: v.version}), 'aria-label': `Lineage of version ${v.version}`}, 'lineage')),
        admin ? h('td', {}, h('button', {type: 'button', class: 'secondary promote', onclick: () => promote(v.version),
          'aria-label': `Promote version ${v.version}`}, 'Promote…')) : null);
    }), {caption: 'Versions, newest first', captionClass: 'visually-hidden'});
}

async function history() {
  const [promoted, rolled] = await Promise.all([api.get('/api/v1/audit?action=model.promote&limit=200'),
    api.get('/api/v1/audit?action=model.rollback&limit=200')]);
  const entries = [...promoted.entries, ...rolled.entries].filter(e => e.target.startsWith(name + '@'))
    .sort((a, b) => b.id - a.id);
  if (!entries.length) return h('p', {class: 'muted', id: 'promotions'}, 'Nobody has promoted or rolled back a version through the server yet.');
  return table(['When', 'Who', 'What', 'Outcome'], entries.map(e => [when(e.at), e.actor, e.detail || `${e.action} ${e.target}`, badge(e.outcome === 'ok' ? 'ok' : e.outcome)]),
    {class: 'grid', caption: 'Promotions and rollbacks, newest first', captionClass: 'visually-hidden'});
}

async function load() {
  const model = await api.get(path`/api/v1/models/${name}`);
  model.versions.sort((a, b) => a.version - b.version);
  const aliases = Object.entries(model.aliases).sort();
  fill(boxes.aliases, aliases.length ? h('ul', {id: 'aliases'}, aliases.map(([a, v]) => h('li', {},
    h('span', {class: 'badge s-alias'}, a), ` → version ${v} `,
    may('admin') ? h('button', {type: 'button', class: 'secondary', onclick: () => rollback(a, v), 'aria-label': `Roll back ${a}`}, 'Roll back…') : null)))
    : h('p', {class: 'muted'}, 'No alias points at a version yet.'));
  fill(boxes.chart, chart(model.versions));
  fill(boxes.versions, versionsTable(model));
  fill(boxes.history, await history());
}

async function main() {
  setTitle(`Model ${name}`);
  boxes.message = h('div', {'aria-live': 'polite', id: 'model-message'});
  boxes.aliases = h('div');
  boxes.chart = h('div');
  boxes.versions = h('div');
  boxes.history = h('div');
  fill(app, boxes.message, may('admin') ? null : needsRole('admin', 'Promoting and rolling back a model'),
    section('Aliases', boxes.aliases), section('Metrics across versions', boxes.chart), section('Versions', boxes.versions),
    section('Who promoted what, when', boxes.history));
  await load();
}

start(main);
