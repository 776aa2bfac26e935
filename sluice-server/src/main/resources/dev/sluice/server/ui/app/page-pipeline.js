// A pipeline: the form that runs it with parameters, its schedules and triggers (pause and resume for an operator),
// its DAG, how its recent runs went (success rate, duration trend), and its versions (the YAML of each, and a diff
// between two).
/* global Chart, Diff */
import {h, fill, path, table, section} from './dom.js';
import {api} from './api.js';
import {app, badge, duration, may, needsRole, setTitle, shortId, start, status, when, FINAL} from './common.js';
import {drawGraph} from './graph.js';
import {paramsForm} from './params-form.js';

const name = decodeURIComponent(location.pathname.split('/')[2]);

const automationBox = h('div', {id: 'automation-box'});

// What a pause does to each kind (README, Automation).
const WHILE_PAUSED = {
  schedule: 'its ticks are skipped, not made up',
  webhook: 'deliveries are refused (409) and not recorded',
  data: 'files are held until the resume',
  upstream: 'upstream runs that end meanwhile are skipped',
};

/** The pipeline's schedules and triggers, each paused or not, with Pause / Resume for an operator. */
async function drawAutomation() {
  const [p, sch] = await Promise.all([api.get(path`/api/v1/pipelines/${name}`),
    api.get('/api/v1/schedules?' + new URLSearchParams({pipeline: name}))]);
  const operator = may('operator');
  const message = h('div', {'aria-live': 'polite', id: 'automation-message'});
  const rows = [
    ...sch.schedules.map(s => ({kind: 'schedule', name: s.name, paused: s.paused, by: s.changed_by,
      detail: `cron ${s.cron} (${s.timezone}); next tick ${s.next_tick || '—'}`, api: path`/api/v1/schedules/${name}/${s.name}/`})),
    ...(p.triggers || []).map(t => ({kind: t.kind, name: t.name, paused: t.paused, by: t.changed_by,
      detail: `${t.kind} trigger`, api: path`/api/v1/pipelines/${name}/triggers/${t.name}/`}))];
  const toggle = r => h('button', {type: 'button', class: r.paused ? 'resume' : 'secondary pause', disabled: !operator,
    'aria-label': `${r.paused ? 'Resume' : 'Pause'} ${r.kind === 'schedule' ? 'schedule' : 'trigger'} ${r.name}`,
    onclick: async () => {
      try {
        await api.post(r.api + (r.paused ? 'resume' : 'pause'));
        await drawAutomation();
        status(document.getElementById('automation-message'), `${r.name} ${r.paused ? 'resumed' : 'paused'}.`);
      } catch (e) {
        status(document.getElementById('automation-message'), e.message, 'error');
      }
    }}, r.paused ? 'Resume' : 'Pause');
  fill(automationBox, rows.length ? table(['Name', 'What', 'State', 'While paused', 'Action'], rows.map(r =>
    h('tr', {class: 'automation-row', dataset: {kind: r.kind, name: r.name}},
      h('td', {class: 'mono'}, r.name), h('td', {}, r.detail),
      h('td', {class: 'paused'}, r.paused ? ['paused', r.by ? ` by ${r.by}` : ''] : 'active'),
      h('td', {class: 'muted'}, WHILE_PAUSED[r.kind] || ''), h('td', {}, toggle(r)))),
  {caption: `Schedules and triggers of ${name}`, captionClass: 'visually-hidden'})
    : h('p', {class: 'muted'}, 'None: add schedules: or triggers: to the pipeline file to start its runs by time, webhook,'
      + ' arriving data or another pipeline\'s runs.'),
  rows.length && !operator ? needsRole('operator', 'Pausing and resuming') : null, message);
}

function health(runs) {
  const done = runs.filter(r => FINAL.has(r.status)).reverse();
  if (!done.length) return [h('p', {class: 'muted'}, 'No finished run yet.')];
  const ok = done.filter(r => r.status === 'succeeded').length;
  const rate = Math.round(100 * ok / done.length);
  const canvas = h('canvas', {id: 'duration-chart', role: 'img',
    'aria-label': `Duration of the last ${done.length} finished runs, oldest first; ${rate}% succeeded.`});
  const box = h('div', {class: 'chart'}, canvas);
  queueMicrotask(() => new Chart(canvas, {
    type: 'line',
    data: {
      labels: done.map(r => when(r.started)),
      datasets: [{label: 'duration (s)', data: done.map(r => r.duration_ms / 1000), borderColor: '#0550ae',
        pointBackgroundColor: done.map(r => (r.status === 'succeeded' ? '#1a7f37' : '#cf222e')), pointRadius: 4, tension: 0.2}],
    },
    options: {maintainAspectRatio: false, animation: false, scales: {y: {beginAtZero: true, title: {display: true, text: 'seconds'}}}},
  }));
  return [h('p', {id: 'success-rate'}, h('strong', {}, `${rate}%`), ` of the last ${done.length} finished runs succeeded `,
    `(${ok} succeeded, ${done.length - ok} did not). Green points succeeded, red ones did not.`), box,
  h('p', {}, h('a', {href: '/runs?' + new URLSearchParams({pipeline: name})}, 'All runs of this pipeline'))];
}

function versions(list) {
  const view = h('div', {id: 'version-view'});
  const pick = (id, label, selected) => h('div', {}, h('label', {for: id}, label),
    h('select', {id}, list.versions.map((v, i) => h('option', {value: v.version, selected: i === selected},
      `${shortId(v.version)} — ${when(v.registered)}${i === 0 ? ' (latest)' : ''}`))));
  const from = pick('diff-from', 'From version', Math.min(1, list.versions.length - 1));
  const to = pick('diff-to', 'To version', 0);
  const showYaml = h('button', {type: 'button', class: 'secondary', id: 'show-yaml'}, 'Show the YAML of "To version"');
  const showDiff = h('button', {type: 'button', id: 'show-diff'}, 'Show the differences');
  const text = async v => (await api.get(path`/api/v1/pipelines/${name}/versions/${v}`)).yaml;
  showYaml.addEventListener('click', async () => {
    const v = to.querySelector('select').value;
    fill(view, h('h3', {}, `Version ${shortId(v)}`), h('pre', {class: 'yaml', tabindex: '0', id: 'yaml'}, await text(v)));
  });
  showDiff.addEventListener('click', async () => {
    const a = from.querySelector('select').value;
    const b = to.querySelector('select').value;
    const parts = Diff.diffLines(await text(a), await text(b));
    const changed = parts.some(p => p.added || p.removed);
    fill(view, h('h3', {}, `From ${shortId(a)} to ${shortId(b)}`),
      changed ? h('pre', {class: 'diff', id: 'diff', tabindex: '0'}, parts.flatMap(p => p.value.replace(/\n$/, '').split('\n').map(line =>
        h('span', {class: p.added ? 'add' : p.removed ? 'del' : ''}, (p.added ? '+ ' : p.removed ? '- ' : '  ') + line + '\n'))))
        : h('p', {id: 'diff'}, 'The two versions have the same text.'));
  });
  return [table(['Version', 'Registered', 'From'], list.versions.map(v =>
    [h('span', {class: 'mono'}, shortId(v.version)), when(v.registered), h('span', {class: 'mono'}, v.source)])),
  h('div', {class: 'filters'}, from, to, showDiff, showYaml), view];
}

async function main() {
  setTitle(`Pipeline ${name}`);
  const [pipeline, list, runs, dag] = await Promise.all([
    api.get(path`/api/v1/pipelines/${name}`), api.get(path`/api/v1/pipelines/${name}/versions`),
    api.get('/api/v1/runs?' + new URLSearchParams({pipeline: name, limit: 50})), api.get(path`/api/v1/pipelines/${name}/dag`)]);
  const graph = h('div', {class: 'graph', id: 'pipeline-dag', role: 'img', 'aria-label': `The steps of ${name} as a graph`});
  fill(app,
    h('div', {class: 'layout'},
      h('div', {},
        section('Run with parameters', may('operator') ? paramsForm(name, pipeline.params) : needsRole('operator', 'Starting a run')),
        section('Schedules and triggers', automationBox),
        section('Recent runs', ...health(runs.runs), runs.runs.length ? table(['Run', 'Status', 'Started', 'Duration'],
          runs.runs.slice(0, 10).map(r => [h('a', {href: path`/runs/${r.run_id}`, class: 'mono'}, r.run_id), badge(r.status),
            when(r.started), FINAL.has(r.status) ? duration(r.duration_ms) : ''])) : null)),
      h('div', {},
        section('Steps', graph, h('p', {class: 'muted'}, `${pipeline.steps} steps; version ${shortId(pipeline.version)} from `,
          h('span', {class: 'mono'}, pipeline.source))),
        section('Versions', ...versions(list)))));
  // a matrix step is one node (gbdt ×3), as on a run's page before it is expanded, so the graph stays readable
  const base = new Map(dag.nodes.map(n => [n.name, n.base_step]));
  const count = new Map();
  for (const n of dag.nodes) count.set(n.base_step, (count.get(n.base_step) || 0) + 1);
  const edges = new Map();
  for (const e of dag.edges) {
    const [from, to] = [base.get(e.from) ?? e.from, base.get(e.to) ?? e.to];
    if (from !== to) edges.set(from + '\n' + to, {...e, from, to});
  }
  drawGraph(graph, [...count].map(([b, n]) => ({id: b, label: n > 1 ? `${b} ×${n}` : b, state: 'pending'})), [...edges.values()], null);
  await drawAutomation();
}

start(main);
