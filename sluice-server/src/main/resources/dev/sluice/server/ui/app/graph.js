// Directed graphs (a run's DAG, lineage): dagre computes the layout, cytoscape draws it and handles clicks, zoom
// and pan. Labels are drawn on a canvas as text. The graph is for the eye; every page that draws one also lists
// its nodes as a table of buttons, which is the keyboard's and screen reader's way through it.
/* global cytoscape, dagre */

const COLORS = {
  succeeded: '#1a7f37', failed: '#cf222e', running: '#0550ae', queued: '#0550ae', cached: '#0e7490',
  skipped: '#8c959f', blocked: '#9a6700', cancelled: '#6e7781', interrupted: '#9a6700', pending: '#ffffff',
  waiting: '#8250df',
  artifact: '#f6f8fa', model: '#fbefff',
};

function width(label) {
  return Math.max(70, Math.min(260, 16 + 7.2 * String(label).length));
}

/**
 * Draws nodes [{id, label, state, kind: 'step'|'artifact'|'model'}] and edges [{from, to}] into container;
 * onSelect(id) when a node is clicked. Returns {setState(id, state), select(id), destroy()}.
 */
export function drawGraph(container, nodes, edges, onSelect, direction = 'LR') {
  const g = new dagre.graphlib.Graph();
  g.setGraph({rankdir: direction, nodesep: 18, ranksep: 46, marginx: 10, marginy: 10});
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, {width: width(n.label), height: 34});
  const ids = new Set(nodes.map(n => n.id));
  const kept = edges.filter(e => ids.has(e.from) && ids.has(e.to));
  for (const e of kept) g.setEdge(e.from, e.to);
  dagre.layout(g);
  const elements = [
    ...nodes.map(n => ({
      data: {id: n.id, label: n.label, state: n.state || 'pending', kind: n.kind || 'step', w: width(n.label)},
      position: {x: g.node(n.id).x, y: g.node(n.id).y},
    })),
    ...kept.map((e, i) => ({data: {id: 'edge' + i, source: e.from, target: e.to}})),
  ];
  const cy = cytoscape({
    container, elements, layout: {name: 'preset'}, autoungrabify: true, boxSelectionEnabled: false,
    minZoom: 0.2, maxZoom: 2.5,
    style: [
      {selector: 'node', style: {
        shape: 'round-rectangle', width: 'data(w)', height: 34, label: 'data(label)', 'font-size': 12,
        'text-valign': 'center', 'text-halign': 'center', color: '#ffffff', 'text-max-width': 250,
        'background-color': ele => COLORS[ele.data('state')] || '#57606a', 'border-width': 1, 'border-color': '#57606a'}},
      {selector: 'node[state = "pending"]', style: {color: '#1f2328', 'border-style': 'dashed'}},
      {selector: 'node[kind = "artifact"], node[kind = "model"]', style: {
        shape: 'ellipse', color: '#1f2328', 'background-color': ele => COLORS[ele.data('kind')], 'border-color': '#8c959f'}},
      {selector: 'node.root', style: {'border-width': 3, 'border-color': '#6639ba'}},
      {selector: 'node:selected', style: {'border-width': 4, 'border-color': '#0969da'}},
      {selector: 'edge', style: {width: 1.5, 'line-color': '#8c959f', 'target-arrow-color': '#8c959f',
        'target-arrow-shape': 'triangle', 'curve-style': 'bezier'}},
    ],
  });
  cy.on('tap', 'node', evt => onSelect && onSelect(evt.target.id()));
  cy.fit(undefined, 16);
  if (cy.zoom() > 1.2) {
    cy.zoom(1.2);
    cy.center();
  }
  return {
    setState(id, state) {
      const node = cy.getElementById(id);
      if (node.nonempty()) node.data('state', state);
    },
    state(id) {
      const node = cy.getElementById(id);
      return node.nonempty() ? node.data('state') : undefined;
    },
    select(id) {
      cy.$(':selected').unselect();
      const node = cy.getElementById(id);
      if (node.nonempty()) node.select();
    },
    mark(id, cls) {
      cy.getElementById(id).addClass(cls);
    },
    destroy() {
      cy.destroy();
    },
  };
}
