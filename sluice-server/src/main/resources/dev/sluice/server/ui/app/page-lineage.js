// Lineage: from an artifact or a model version, the graph of step runs and artifacts upstream (what made it) and
// downstream (what used it). Click a node for its details; expand an artifact to add its own lineage; a step
// links to its run. The table below the graph lists the same nodes for the keyboard.
import {h, fill, path, table, section} from './dom.js';
import {api} from './api.js';
import {app, badge, number, plain, setTitle, shortId, start, when} from './common.js';
import {drawGraph} from './graph.js';

const query = new URLSearchParams(location.search);
const nodes = new Map();
const edges = new Map();
const boxes = {};
let root = null;
let graph = null;

function addEdge(from, to) {
  edges.set(from + '>' + to, {from, to});
}

function addArtifact(id) {
  if (!nodes.has(id)) nodes.set(id, {id, kind: 'artifact', label: shortId(id), meta: null});
}

function merge(lineage) {
  for (const n of [...lineage.upstream, ...lineage.downstream]) {
    if (!nodes.has(n.step_run_id)) nodes.set(n.step_run_id, {id: n.step_run_id, kind: 'step', label: n.step, state: n.status, step: n});
    for (const i of n.inputs) {
      addArtifact(i.artifact);
      addEdge(i.artifact, n.step_run_id);
    }
    for (const o of n.outputs) {
      addArtifact(o.artifact);
      addEdge(n.step_run_id, o.artifact);
    }
  }
}

async function describeArtifacts() {
  const missing = [...nodes.values()].filter(n => n.kind === 'artifact' && !n.meta).slice(0, 100);
  await Promise.all(missing.map(async n => {
    try {
      n.meta = await api.get(path`/api/v1/artifacts/${n.id}`);
      n.label = `${n.meta.kind} ${shortId(n.id)}`;
    } catch (e) {
      n.meta = {};
    }
  }));
  if (root && nodes.get(root.artifact) && root.model) nodes.get(root.artifact).label = `model ${root.model}`;
}

function labels() {
  const count = new Map();
  for (const n of nodes.values()) if (n.kind === 'step') count.set(n.label, (count.get(n.label) || 0) + 1);
  return n => (n.kind === 'step' && count.get(n.label) > 1 ? `${n.label} · ${n.step.run_id.slice(-4)}` : n.label);
}

function draw() {
  const name = labels();
  if (graph) graph.destroy();
  graph = drawGraph(boxes.graph, [...nodes.values()].map(n => ({id: n.id, label: name(n), kind: n.kind === 'step' ? 'step' : (n.id === root.artifact && root.model ? 'model' : 'artifact'), state: n.state})),
    [...edges.values()], select);
  graph.mark(root.artifact, 'root');
  const rows = [...nodes.values()].sort((a, b) => a.kind.localeCompare(b.kind) || name(a).localeCompare(name(b))).map(n => h('tr', {dataset: {node: n.id}},
    h('td', {}, n.kind), h('td', {}, h('button', {type: 'button', class: 'secondary', onclick: () => select(n.id), 'aria-label': `Show ${n.kind} ${name(n)}`}, name(n))),
    h('td', {}, n.kind === 'step' ? h('a', {href: path`/runs/${n.step.run_id}` + '?step=' + encodeURIComponent(n.step.step), class: 'mono'}, n.step.run_id) : h('span', {class: 'mono'}, shortId(n.id))),
    h('td', {}, n.kind === 'step' ? badge(n.state) : (n.meta?.media_type || ''))));
  fill(boxes.list, table(['Kind', 'Node', 'Run or artifact', 'Status or type'], rows, {caption: 'Nodes of the lineage graph', captionClass: 'visually-hidden'}));
}

function select(id) {
  const n = nodes.get(id);
  if (!n) return;
  graph.select(id);
  if (n.kind === 'step') {
    const s = n.step;
    const params = Object.keys(s.params).sort();
    fill(boxes.detail, h('h2', {id: 'node-title'}, `Step ${s.step} `, badge(s.status)),
      h('p', {}, 'In run ', h('a', {href: path`/runs/${s.run_id}` + '?step=' + encodeURIComponent(s.step), class: 'mono', id: 'node-run'}, s.run_id)),
      h('h3', {}, 'Parameters'),
      params.length ? table(['Name', 'Value'], params.map(k => [k, h('span', {class: 'mono'}, typeof s.params[k] === 'number' ? number(s.params[k]) : plain(s.params[k]))]))
        : h('p', {class: 'muted'}, 'No parameters.'));
    return;
  }
  const m = n.meta || {};
  const expand = h('button', {type: 'button', id: 'expand'}, 'Add this artifact\'s lineage to the graph');
  expand.addEventListener('click', async () => {
    expand.disabled = true;
    merge(await api.get(path`/api/v1/artifacts/${id}/lineage`));
    await describeArtifacts();
    draw();
    select(id);
  });
  fill(boxes.detail, h('h2', {id: 'node-title'}, `Artifact ${shortId(id)}`),
    h('dl', {class: 'facts'}, h('dt', {}, 'Id'), h('dd', {class: 'mono'}, id), h('dt', {}, 'Kind'), h('dd', {}, m.kind || ''),
      h('dt', {}, 'Media type'), h('dd', {}, m.media_type || ''), h('dt', {}, 'Size'), h('dd', {}, m.size === undefined ? '' : `${m.size} bytes`),
      h('dt', {}, 'Created'), h('dd', {}, when(m.created))),
    h('div', {class: 'actions'}, id === root.artifact ? null : expand,
      h('a', {href: path`/api/v1/artifacts/${id}/content`, class: 'button secondary'}, 'Download'),
      h('a', {href: path`/lineage?artifact=${id}`, class: 'button secondary'}, 'Start the graph here')));
}

function picker() {
  const input = h('input', {id: 'lineage-of', name: 'of', value: query.get('of') || '', size: 50, placeholder: 'sha256:… or churn@1'});
  const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Choose an artifact or model version'},
    h('div', {}, h('label', {for: 'lineage-of'}, 'Artifact id or model version (NAME@VERSION)'), input), h('button', {type: 'submit'}, 'Show lineage'));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const v = input.value.trim();
    const at = v.indexOf('@');
    location.assign(at > 0 ? '/lineage?' + new URLSearchParams({model: v.slice(0, at), version: v.slice(at + 1)}) : '/lineage?' + new URLSearchParams({artifact: v}));
  });
  return form;
}

async function main() {
  const model = query.get('model');
  if (model) {
    const m = await api.get(path`/api/v1/models/${model}`);
    const wanted = query.get('version');
    const v = m.versions.find(x => String(x.version) === wanted || x.aliases.includes(wanted)) || m.versions.reduce((a, b) => (b.version > a.version ? b : a));
    root = {artifact: v.artifact, model: `${model}@${v.version}`};
  } else if (query.get('artifact')) {
    root = {artifact: (await api.get(path`/api/v1/artifacts/${query.get('artifact')}`)).id};
  } else {
    fill(app, picker(), h('p', {}, 'Choose an artifact or a model version, or open lineage from a run\'s outputs or a model\'s versions.'));
    return;
  }
  setTitle(`Lineage of ${root.model ? 'model ' + root.model : 'artifact ' + shortId(root.artifact)}`);
  addArtifact(root.artifact);
  merge(await api.get(path`/api/v1/artifacts/${root.artifact}/lineage`));
  await describeArtifacts();
  boxes.graph = h('div', {class: 'graph tall', id: 'lineage-graph', role: 'img', 'aria-label': 'Lineage graph; the table of nodes lists the same'});
  boxes.list = h('div', {id: 'lineage-nodes'});
  boxes.detail = h('aside', {class: 'panel', id: 'node-detail'}, h('p', {class: 'muted'}, 'Select a node to see it.'));
  fill(app, picker(), h('div', {class: 'layout'},
    h('div', {}, section('Graph', h('p', {class: 'muted'}, 'Upstream on the left (what made it), downstream on the right (what used it). Ellipses are artifacts, boxes are steps.'), boxes.graph),
      section('Nodes', boxes.list)),
    boxes.detail));
  draw();
  select(root.artifact);
}

start(main);
