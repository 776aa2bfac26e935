// The approvals inbox: the approve steps that wait for a decision across all runs (oldest first, with their timeout),
// each with Approve / Reject and a comment, and the latest decisions. It reads GET /api/v1/approvals again when a
// step starts waiting or is decided, or a run's status changes (GET /api/v1/events: approval and run events), and
// every 30 s in case the stream is cut, without disturbing a comment being typed.
import {h, fill, path, section, table} from './dom.js';
import {api} from './api.js';
import {app, badge, start, when} from './common.js';
import {decisionForm} from './approval-form.js';

const boxes = {waiting: h('div', {id: 'waiting-box'}), decided: h('div', {id: 'decided-box'})};
let shown = {waiting: null, decided: null};

/** A step's timeout as written in pipeline files: 24h, 30m, 45s. */
function span(seconds) {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

function runLink(id) {
  return h('a', {href: path`/runs/${id}`, class: 'mono'}, id);
}

function renderWaiting(list) {
  if (!list.length) {
    return fill(boxes.waiting, h('p', {id: 'no-waiting'}, 'No step waits for a decision. A step ',
      h('code', {}, '{uses: approve}'), ' in a pipeline file stops its run here until an operator approves or rejects it.'));
  }
  fill(boxes.waiting, table(['Run', 'Pipeline', 'Step', 'Waiting since', 'Timeout', 'Decision'], list.map(w =>
    h('tr', {class: 'waiting-row', dataset: {run: w.run_id, step: w.step}},
      h('td', {}, runLink(w.run_id)), h('td', {}, w.pipeline), h('td', {class: 'step-name'}, badge('waiting'), ' ', w.step),
      h('td', {}, when(w.since)),
      h('td', {}, w.timeout_seconds === null ? 'none' : `${span(w.timeout_seconds)} (rejected at ${when(w.deadline)})`),
      h('td', {}, decisionForm(w.run_id, w.step, () => setTimeout(() => load('decision'), 300))))),
  {caption: 'Steps waiting for a decision, oldest first', captionClass: 'visually-hidden'}));
}

function renderDecided(list) {
  if (!list.length) return fill(boxes.decided, h('p', {}, 'No decisions yet.'));
  fill(boxes.decided, table(['When', 'Decision', 'Who', 'Run', 'Pipeline', 'Step', 'Comment'], list.map(d =>
    h('tr', {class: 'decided-row', dataset: {run: d.run_id, step: d.step}},
      h('td', {}, when(d.at)), h('td', {class: 'decision-' + d.decision}, d.decision),
      h('td', {}, d.by), h('td', {}, runLink(d.run_id)), h('td', {}, d.pipeline || ''), h('td', {class: 'step-name'}, d.step),
      h('td', {class: 'comment'}, d.comment || ''))),
  {caption: 'Latest decisions, newest first', captionClass: 'visually-hidden'}));
}

// why: what made the page read the inbox again (the first draw, an event of the stream, the fallback poll), kept on
// the waiting list as data-drawn-on for whoever wonders how current it is.
async function load(why = 'start') {
  const a = await api.get('/api/v1/approvals?limit=50');
  const waiting = JSON.stringify(a.waiting);
  const decided = JSON.stringify(a.decided);
  if (waiting !== shown.waiting) {
    renderWaiting(a.waiting);
    boxes.waiting.dataset.drawnOn = why;
  }
  if (decided !== shown.decided) renderDecided(a.decided);
  shown = {waiting, decided};
}

async function main() {
  fill(app, h('p', {class: 'muted'}, 'Approve steps stop their run until an operator decides. The list updates as steps start waiting and are decided.'),
    section('Waiting for a decision', boxes.waiting), section('Latest decisions', boxes.decided));
  await load();
  const again = why => () => load(why).catch(e => console.warn('refresh failed', e));
  const feed = new EventSource('/api/v1/events');
  feed.addEventListener('approval', again('approval'));
  feed.addEventListener('run', again('run'));
  feed.addEventListener('open', again('open')); // after a reconnect: what changed while it was cut
  setInterval(again('poll'), 30000);
}

start(main);
