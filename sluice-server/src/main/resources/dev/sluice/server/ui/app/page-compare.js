// Compare runs: two or more runs side by side. Parameters that differ are highlighted, metrics are in a table and a
// chart, and for each step whose cache key differs from the first run's, the why: what changed in its parameters,
// inputs, code, component, files or environment (names only: values may be secrets), as `sluice why` says it.
/* global Chart */
import {h, fill, path, table, section} from './dom.js';
import {api} from './api.js';
import {app, badge, duration, number, plain, setTitle, shortId, start, when} from './common.js';

const ids = (new URLSearchParams(location.search).get('runs') || '').split(',').map(s => s.trim()).filter(Boolean);

function latest(steps) {
  const m = new Map();
  for (const s of steps) if (!m.has(s.name) || s.attempt >= m.get(s.name).attempt) m.set(s.name, s);
  return m;
}

function differs(values) {
  return new Set(values.map(v => JSON.stringify(v ?? null))).size > 1;
}

function compareRow(label, values, format) {
  const diff = differs(values);
  return h('tr', {class: diff ? 'differs' : '', dataset: {name: label}},
    h('th', {scope: 'row'}, label, diff ? h('span', {class: 'visually-hidden'}, ' (differs)') : null),
    values.map(v => h('td', {class: diff ? 'differs num' : 'num'}, format(v))));
}

function grid(runs, caption, rows, id) {
  return h('table', {class: 'grid', id},
    h('caption', {class: 'visually-hidden'}, caption),
    h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, ''), runs.map(r => h('th', {scope: 'col', class: 'mono num'}, r.run.run_id)))),
    h('tbody', {}, rows));
}

/** What differs between two cache key parts: [text]. producedBy(run, artifact) names the producing step. */
export function why(before, after, producedBefore, producedAfter) {
  const out = [];
  const keys = (a, b) => [...new Set([...Object.keys(a || {}), ...Object.keys(b || {})])].sort();
  const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  for (const k of keys(before.params, after.params)) {
    if (!same(before.params?.[k], after.params?.[k])) out.push(`parameter ${k}: ${text(before.params?.[k])} -> ${text(after.params?.[k])}`);
  }
  for (const port of keys(before.inputs, after.inputs)) {
    const a = before.inputs?.[port];
    const b = after.inputs?.[port];
    if (same(a, b)) continue;
    const show = (list, producer) => (list === undefined ? '(none)' : [].concat(list).map(id => `${shortId(id)} (${producer(id)})`).join(', '));
    out.push(`input ${port}: ${show(a, producedBefore)} -> ${show(b, producedAfter)}`);
  }
  if (!same(before.code, after.code)) out.push('the code changed (the command, or the component\'s class)');
  if (!same(before.component, after.component)) out.push(`component: ${text(before.component)} -> ${text(after.component)}`);
  for (const f of keys(before.files, after.files)) if (!same(before.files?.[f], after.files?.[f])) out.push(`file ${f} changed`);
  for (const e of keys(before.env, after.env)) if (!same(before.env?.[e], after.env?.[e])) out.push(`environment variable ${e} changed`);
  return out;
}

function text(v) {
  return v === undefined ? '(none)' : plain(v);
}

function producers(run) {
  const m = new Map();
  for (const s of run.steps) for (const o of s.outputs) if (!m.has(o.artifact)) m.set(o.artifact, s.name);
  return id => (m.has(id) ? `from ${m.get(id)}` : 'from an earlier run');
}

function whySection(runs) {
  const base = runs[0];
  const names = [...new Set(runs.flatMap(r => [...r.latest.keys()]))];
  const items = [];
  for (const name of names) {
    const lines = [];
    for (const r of runs.slice(1)) {
      const a = base.latest.get(name);
      const b = r.latest.get(name);
      if (!a || !b) {
        lines.push(`${r.run.run_id}: ${!a ? 'not in ' + base.run.run_id : 'did not run here'}`);
        continue;
      }
      if (a.cache_key && a.cache_key === b.cache_key) continue;
      const changes = why(a.cache_key_parts || {}, b.cache_key_parts || {}, producers(base), producers(r));
      lines.push(...(changes.length ? changes : ['its cache key differs']).map(c => `${r.run.run_id}: ${c}`));
    }
    if (lines.length) items.push(h('li', {dataset: {step: name}}, h('strong', {}, name), h('ul', {}, lines.map(l => h('li', {}, l)))));
  }
  return items.length ? h('ul', {id: 'why'}, items)
    : h('p', {id: 'why'}, 'Every step had the same parameters, inputs and code in these runs.');
}

function chart(runs) {
  const withMetrics = [...new Set(runs.flatMap(r => [...r.latest.values()].filter(s => Object.keys(s.metrics).length).map(s => s.name)))];
  if (!withMetrics.length) return h('p', {class: 'muted'}, 'No step reported metrics.');
  const choice = h('select', {id: 'chart-step'}, withMetrics.map(n => h('option', {value: n, selected: n === 'evaluate'}, n)));
  const box = h('div', {class: 'chart'});
  const draw = () => {
    const step = choice.value;
    const names = [...new Set(runs.flatMap(r => Object.keys(r.latest.get(step)?.metrics || {})))].filter(n => !n.includes('[')).sort();
    const canvas = h('canvas', {role: 'img', id: 'metrics-chart', 'aria-label': `Metrics of step ${step} in each run; the table above has the numbers.`});
    fill(box, canvas);
    const colors = ['#0550ae', '#bc4c00', '#1a7f37', '#6639ba', '#cf222e', '#0e7490'];
    new Chart(canvas, {type: 'bar', options: {maintainAspectRatio: false, animation: false},
      data: {labels: names, datasets: runs.map((r, i) => ({label: r.run.run_id, backgroundColor: colors[i % colors.length],
        data: names.map(n => r.latest.get(step)?.metrics?.[n] ?? null)}))}});
  };
  choice.addEventListener('change', draw);
  queueMicrotask(draw);
  return h('div', {}, h('label', {for: 'chart-step'}, 'Metrics of step '), choice, box);
}

async function main() {
  if (ids.length < 2) {
    fill(app, h('p', {}, 'Pick two or more runs on the ', h('a', {href: '/runs'}, 'runs page'), ' and press "Compare".'));
    return;
  }
  const runs = await Promise.all(ids.map(async id => {
    const [run, steps] = await Promise.all([api.get(path`/api/v1/runs/${id}`), api.get(path`/api/v1/runs/${id}/steps`)]);
    return {run, steps: steps.steps, latest: latest(steps.steps)};
  }));
  setTitle(`Compare ${runs.length} runs of ${[...new Set(runs.map(r => r.run.pipeline))].join(', ')}`);
  const paramNames = [...new Set(runs.flatMap(r => Object.keys(r.run.parameters || {})))].sort();
  // step and metric names may both hold dots (gbdt[eta=0.1]): keep the pair, not a joined text
  const pairs = new Map();
  for (const r of runs) for (const s of r.latest.values()) for (const m of Object.keys(s.metrics)) pairs.set(`${s.name}.${m}`, [s.name, m]);
  const metricNames = [...pairs.keys()].sort();
  const metric = (r, key) => r.latest.get(pairs.get(key)[0])?.metrics?.[pairs.get(key)[1]];
  const changedParams = paramNames.filter(n => differs(runs.map(r => r.run.parameters?.[n])));
  fill(app,
    section('Runs', table(['Run', 'Pipeline', 'Status', 'Started', 'Duration'], runs.map(r => [
      h('a', {href: path`/runs/${r.run.run_id}`, class: 'mono'}, r.run.run_id), r.run.pipeline, badge(r.run.status),
      when(r.run.started), duration(r.run.duration_ms)]))),
    section('Parameters',
      h('p', {id: 'param-summary'}, changedParams.length ? `Differ: ${changedParams.join(', ')} (highlighted).` : 'The parameters are the same.'),
      grid(runs, 'Pipeline parameters of each run', paramNames.map(n => compareRow(n, runs.map(r => r.run.parameters?.[n]), plain)), 'params')),
    section('Metrics', chart(runs),
      grid(runs, 'Metrics of each step in each run', metricNames.map(n => compareRow(n, runs.map(r => metric(r, n)), number)), 'metrics')),
    section(`Why steps differ from ${runs[0].run.run_id}`, whySection(runs)));
}

start(main);
