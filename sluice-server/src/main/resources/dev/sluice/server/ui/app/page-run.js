// A run: its cause, parameters and actions; the DAG coloured by state and updated live from the run's event
// stream (matrix instances grouped, expandable); the steps as a table (the keyboard's way to each step); a
// timeline; and the selected step in detail with its log.
import {h, fill, path, section} from './dom.js';
import {api} from './api.js';
import {app, badge, duration, may, needsRole, plain, setTitle, shortId, start, status, when, FINAL} from './common.js';
import {drawGraph} from './graph.js';
import {paramsForm} from './params-form.js';
import {showStep, timeline} from './run-step.js';
import {decisionForm} from './approval-form.js';

const runId = decodeURIComponent(location.pathname.split('/')[2]);
const STEP_EVENTS = {step_started: 'running', step_retrying: 'running', step_succeeded: 'succeeded', step_cached: 'cached',
  step_failed: 'failed', step_skipped: 'skipped', step_blocked: 'blocked', step_cancelled: 'cancelled',
  step_waiting: 'waiting'};

const state = {run: null, attempts: [], latest: new Map(), live: new Map(), dag: null, expanded: new Set(),
  selected: new URLSearchParams(location.search).get('step'), graph: null};
const boxes = {};

function stepState(name) {
  const row = state.latest.get(name);
  if (row && (FINAL.has(row.status) || row.status === 'cached' || row.status === 'skipped')) return row.status;
  return state.live.get(name) || row?.status || 'pending';
}

/** The DAG's nodes (instances, or a group per collapsed matrix step) and edges. */
function groups() {
  const byBase = new Map();
  for (const n of state.dag.nodes) {
    if (!byBase.has(n.base_step)) byBase.set(n.base_step, []);
    byBase.get(n.base_step).push(n.name);
  }
  return new Map([...byBase].filter(([base, names]) => names.length > 1 || names[0] !== base));
}

function aggregate(states) {
  for (const s of ['failed', 'waiting', 'running', 'queued', 'blocked', 'cancelled', 'interrupted']) if (states.includes(s)) return s;
  if (states.every(s => s === 'pending')) return 'pending';
  if (states.every(s => s === 'cached')) return 'cached';
  if (states.every(s => s === 'succeeded' || s === 'cached')) return 'succeeded';
  return states.find(s => s !== 'succeeded' && s !== 'cached') || 'pending';
}

function shown(name, matrix) {
  const node = state.dag.nodes.find(n => n.name === name);
  return node && matrix.has(node.base_step) && !state.expanded.has(node.base_step) ? 'group:' + node.base_step : name;
}

function drawDag() {
  const matrix = groups();
  const nodes = [];
  const seen = new Set();
  for (const n of state.dag.nodes) {
    const id = shown(n.name, matrix);
    if (seen.has(id)) continue;
    seen.add(id);
    if (id.startsWith('group:')) {
      const names = matrix.get(n.base_step);
      nodes.push({id, label: `${n.base_step} ×${names.length}`, state: aggregate(names.map(stepState))});
    } else {
      nodes.push({id, label: n.name, state: stepState(n.name)});
    }
  }
  const edges = [];
  const keys = new Set();
  for (const e of state.dag.edges) {
    const from = shown(e.from, matrix);
    const to = shown(e.to, matrix);
    if (from === to || keys.has(from + '>' + to)) continue;
    keys.add(from + '>' + to);
    edges.push({from, to});
  }
  if (state.graph) state.graph.destroy();
  state.graph = drawGraph(boxes.dag, nodes, edges, id => {
    if (id.startsWith('group:')) toggle(id.slice(6));
    else select(id);
  });
  if (state.selected) state.graph.select(state.selected);
  publishStates();
}

/** Colours the drawn DAG from the current states without drawing it again. */
function recolour() {
  if (!state.graph) return;
  const matrix = groups();
  for (const n of state.dag.nodes) {
    const id = shown(n.name, matrix);
    state.graph.setState(id, id.startsWith('group:') ? aggregate(matrix.get(n.base_step).map(stepState)) : stepState(n.name));
  }
  publishStates();
}

function publishStates() {
  // what the drawing shows, as data on its container (read by the browser tests)
  boxes.dag.dataset.states = JSON.stringify(Object.fromEntries(state.dag.nodes.map(n => [n.name, stepState(n.name)])));
}

function toggle(base) {
  if (state.expanded.has(base)) state.expanded.delete(base);
  else state.expanded.add(base);
  drawDag();
  renderSteps();
}

function shownKey(name) {
  const row = state.latest.get(name);
  return row ? `${name}/${row.attempt}/${row.status}` : name;
}

function select(name) {
  state.selected = name;
  state.shown = shownKey(name);
  const row = state.latest.get(name);
  if (state.graph) state.graph.select(name);
  for (const tr of boxes.steps.querySelectorAll('tr.step-row')) tr.classList.toggle('selected', tr.dataset.step === name);
  if (!row) {
    fill(boxes.detail, h('h2', {id: 'step-title'}, name, ' ', badge(stepState(name))), h('p', {class: 'muted'}, 'This step has not started.'));
    return;
  }
  showStep(boxes.detail, state.run, row, state.attempts.filter(a => a.name === name));
  const url = new URL(location.href);
  url.searchParams.set('step', name);
  history.replaceState(null, '', url);
}

function stepRow(name, indent) {
  const row = state.latest.get(name);
  const took = row && row.ended ? new Date(row.ended) - new Date(row.started) : null;
  return h('tr', {class: 'step-row' + (state.selected === name ? ' selected' : ''), dataset: {step: name, state: stepState(name)}},
    h('td', {}, h('button', {type: 'button', class: 'secondary', style: indent ? {'margin-left': '18px'} : {},
      onclick: () => select(name), 'aria-label': `Show step ${name}`}, name)),
    h('td', {}, badge(stepState(name))), h('td', {class: 'num'}, took === null ? '' : duration(took)),
    h('td', {class: 'num'}, row ? String(row.attempt) : ''));
}

function renderSteps() {
  const matrix = groups();
  const rows = [];
  const done = new Set();
  for (const n of state.dag.nodes) {
    if (!matrix.has(n.base_step)) {
      rows.push(stepRow(n.name, false));
      continue;
    }
    if (done.has(n.base_step)) continue;
    done.add(n.base_step);
    const names = matrix.get(n.base_step);
    const open = state.expanded.has(n.base_step);
    rows.push(h('tr', {class: 'group-row', dataset: {group: n.base_step}},
      h('td', {}, h('button', {type: 'button', class: 'secondary', 'aria-expanded': String(open), onclick: () => toggle(n.base_step)},
        `${open ? '▾' : '▸'} ${n.base_step} (${names.length} instances)`)),
      h('td', {}, badge(aggregate(names.map(stepState)))), h('td', {}), h('td', {})));
    if (open) names.forEach(name => rows.push(stepRow(name, true)));
  }
  // the table is drawn again as the run goes: keep the keyboard's place in it
  const focused = boxes.steps.contains(document.activeElement) ? document.activeElement.textContent : null;
  fill(boxes.steps, h('table', {class: 'grid', id: 'steps'},
    h('caption', {class: 'visually-hidden'}, 'Steps of the run'),
    h('thead', {}, h('tr', {}, ['Step', 'Status', 'Duration', 'Attempt'].map(t => h('th', {scope: 'col'}, t)))),
    h('tbody', {}, rows)));
  if (focused !== null) [...boxes.steps.querySelectorAll('button')].find(b => b.textContent === focused)?.focus();
}

function cause(run) {
  if (run.trigger) {
    const t = run.trigger;
    return h('span', {}, `${t.kind}: ${t.detail} `,
      t.artifact ? h('a', {href: path`/monitoring?report=${t.artifact}`}, `report ${shortId(t.artifact)}`) : null);
  }
  if (run.queue) return `submitted by ${run.queue.submitted_by} through the API at ${when(run.queue.queued_at)}`;
  return `started from the command line on ${run.host}`;
}

function header(run) {
  const params = Object.entries(run.parameters || {});
  return h('div', {class: 'panel', id: 'run-header'},
    h('dl', {class: 'facts'},
      h('dt', {}, 'Status'), h('dd', {id: 'run-status'}, badge(run.status)),
      h('dt', {}, 'Pipeline'), h('dd', {}, h('a', {href: path`/pipelines/${run.pipeline}`}, run.pipeline),
        run.version ? h('span', {class: 'muted mono'}, ' version ', shortId(run.version)) : null),
      h('dt', {}, 'Cause'), h('dd', {id: 'run-cause'}, cause(run)),
      run.resumed_from ? [h('dt', {}, 'Resumes'), h('dd', {}, h('a', {href: path`/runs/${run.resumed_from}`, class: 'mono'}, run.resumed_from))] : null,
      h('dt', {}, 'Started'), h('dd', {}, when(run.started)),
      h('dt', {}, 'Duration'), h('dd', {id: 'run-duration'}, FINAL.has(run.status) ? duration(run.duration_ms) : 'running'),
      h('dt', {}, 'Parameters'), h('dd', {id: 'run-params'}, params.length
        ? h('ul', {class: 'inline-list'}, params.map(([k, v]) => h('li', {class: 'mono'}, `${k}=${plain(v)}`))) : 'none')),
    boxes.actions = h('div', {id: 'run-actions'}), boxes.approvals = h('div', {id: 'run-approvals'}));
}

function renderActions() {
  const run = state.run;
  const message = h('div', {'aria-live': 'polite', id: 'action-message'});
  const operator = may('operator');
  const cancel = h('button', {type: 'button', class: 'danger', id: 'cancel', disabled: !operator || FINAL.has(run.status)}, 'Cancel run');
  const resume = h('button', {type: 'button', id: 'resume', disabled: !operator || !['failed', 'cancelled', 'interrupted', 'blocked'].includes(run.status)}, 'Resume');
  const rerun = h('button', {type: 'button', class: 'secondary', id: 'rerun', disabled: !operator, 'aria-expanded': 'false'}, 'Re-run with changed parameters…');
  const formBox = h('div', {id: 'rerun-form'});
  cancel.addEventListener('click', async () => {
    try {
      const r = await api.post(path`/api/v1/runs/${run.run_id}/cancel`);
      status(message, r.status === 'cancelled' ? 'The run was cancelled.' : 'The run was asked to stop.');
    } catch (e) {
      status(message, e.message, 'error');
    }
  });
  resume.addEventListener('click', async () => {
    try {
      const r = await api.post(path`/api/v1/runs/${run.run_id}/resume`);
      location.assign(path`/runs/${r.run_id}`);
    } catch (e) {
      status(message, e.message, 'error');
    }
  });
  rerun.addEventListener('click', async () => {
    if (formBox.childElementCount) {
      fill(formBox);
      rerun.setAttribute('aria-expanded', 'false');
      return;
    }
    try {
      const pipeline = await api.get(path`/api/v1/pipelines/${run.pipeline}`);
      fill(formBox, h('h3', {}, 'Re-run with parameters'), paramsForm(run.pipeline, pipeline.params, run.parameters || {}, null, 'Start the new run'));
      rerun.setAttribute('aria-expanded', 'true');
      formBox.querySelector('input, select')?.focus();
    } catch (e) {
      status(message, e.message, 'error');
    }
  });
  fill(boxes.actions, h('div', {class: 'actions'}, cancel, resume, rerun),
    operator ? null : needsRole('operator', 'Cancelling, resuming and starting runs'), message, formBox);
}

/** Approve / Reject for each step that waits for a decision (re-drawn only when that set changes, keeping a comment). */
function renderApprovals() {
  const waiting = [...state.latest.values()].filter(s => s.status === 'waiting' && !FINAL.has(state.run.status)).map(s => s.name);
  const key = waiting.join('\n');
  if (key === boxes.approvals.dataset.steps) return;
  boxes.approvals.dataset.steps = key;
  fill(boxes.approvals, waiting.map(step => h('section', {class: 'panel waiting-step', 'aria-label': `Step ${step} waits for a decision`},
    h('h2', {}, badge('waiting'), ' ', step, ' waits for a decision'), decisionForm(state.run.run_id, step, () => refreshSoon()))));
}

async function refresh() {
  const [run, steps] = await Promise.all([api.get(path`/api/v1/runs/${runId}`), api.get(path`/api/v1/runs/${runId}/steps`)]);
  state.run = run;
  state.attempts = steps.steps;
  state.latest = new Map();
  for (const s of steps.steps) {
    const had = state.latest.get(s.name);
    if (!had || s.attempt >= had.attempt) state.latest.set(s.name, s);
  }
}

async function loadDag(run) {
  try {
    const version = run.version ? '?version=' + encodeURIComponent(run.version) : '';
    return await api.get(path`/api/v1/pipelines/${run.pipeline}/dag` + version);
  } catch (e) {
    // a run of a pipeline this server has not registered: its steps, without edges
    const names = [...new Set(state.attempts.map(s => s.name))];
    return {nodes: names.map(n => ({name: n, base_step: state.latest.get(n).base_step})), edges: []};
  }
}

function update() {
  fill(document.getElementById('run-status'), badge(state.run.status));
  document.getElementById('run-duration').textContent = FINAL.has(state.run.status) ? duration(state.run.duration_ms) : 'running';
  recolour();
  renderSteps();
  fill(boxes.timeline, timeline(state.latest));
  if (state.selected && shownKey(state.selected) !== state.shown) select(state.selected);
  renderActions();
  renderApprovals();
}

let pending = null;
function refreshSoon() {
  if (pending) return;
  pending = setTimeout(async () => {
    pending = null;
    try {
      await refresh();
      update();
    } catch (e) {
      console.warn('refresh failed', e);
    }
  }, 600);
}

function watch() {
  if (FINAL.has(state.run.status)) return;
  if (!state.run.queue) {
    // started outside the server: no event stream; read it again while it runs
    if (!FINAL.has(state.run.status)) setTimeout(() => refresh().then(update).then(watch), 2000);
    return;
  }
  const events = new EventSource(path`/api/v1/runs/${runId}/events`);
  for (const type of Object.keys(STEP_EVENTS)) {
    events.addEventListener(type, e => {
      const data = JSON.parse(e.data);
      state.live.set(data.step, STEP_EVENTS[type]);
      recolour();
      refreshSoon();
    });
  }
  events.addEventListener('run_started', () => refreshSoon());
  events.addEventListener('run_finished', () => {
    events.close();
    refreshSoon();
  });
}

async function main() {
  await refresh();
  setTitle(`Run ${state.run.run_id}`);
  state.dag = await loadDag(state.run);
  boxes.dag = h('div', {class: 'graph', id: 'dag', role: 'img',
    'aria-label': `The steps of run ${state.run.run_id} as a graph, coloured by state; the table of steps lists the same.`});
  boxes.steps = h('div', {id: 'steps-box'});
  boxes.timeline = h('div', {id: 'timeline-box'});
  boxes.detail = h('aside', {class: 'panel', id: 'step-detail', 'aria-live': 'off'},
    h('p', {class: 'muted'}, 'Select a step in the graph or the table to see its parameters, metrics, checks, inputs, outputs and log.'));
  fill(app, header(state.run),
    h('div', {class: 'layout'},
      h('div', {}, section('Graph', h('p', {class: 'muted'}, 'Click a step to see it; click a grouped matrix step (×N) to expand it.'), boxes.dag),
        section('Steps', boxes.steps), section('Timeline', boxes.timeline)),
      boxes.detail));
  drawDag();
  update();
  if (state.selected && state.latest.has(state.selected)) select(state.selected);
  watch();
}

start(main);
