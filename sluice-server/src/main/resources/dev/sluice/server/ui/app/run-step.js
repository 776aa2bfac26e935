// One step of a run in detail: state, parameters, metrics, checks (failed first, observed against expected), inputs
// and outputs with links to the artifacts, and its log, followed live while the step runs.
import {h, fill, path, table} from './dom.js';
import {follow} from './api.js';
import {badge, duration, number, plain, shortId, when} from './common.js';

let following = null;

function artifactLinks(id) {
  return h('span', {},
    h('a', {href: path`/lineage?artifact=${id}`, class: 'mono', title: 'Lineage of ' + id}, shortId(id)), ' ',
    h('a', {href: path`/api/v1/artifacts/${id}/content`, 'aria-label': 'Download artifact ' + shortId(id)}, 'download'));
}

function facts(pairs) {
  return h('dl', {class: 'facts'}, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function checks(step) {
  const rows = [...step.checks].sort((a, b) => Number(a.passed) - Number(b.passed) || a.name.localeCompare(b.name));
  if (!rows.length) return h('p', {class: 'muted'}, 'No checks.');
  return table(['Check', 'Observed', 'Expected', 'Result'], rows.map(c => {
    const tr = h('tr', {class: c.passed ? '' : 'failed-check'},
      h('td', {}, c.name), h('td', {class: 'num'}, number(c.observed)), h('td', {}, c.expected),
      h('td', {}, badge(c.passed ? 'ok' : 'failed')));
    return tr;
  }), {caption: 'Checks, failed first', captionClass: 'visually-hidden'});
}

function inputs(step) {
  const parts = step.cache_key_parts?.inputs || {};
  const ports = Object.keys(parts).sort();
  if (!ports.length) return h('p', {class: 'muted'}, 'No inputs.');
  return table(['Input', 'Artifacts'], ports.map(port => [port,
    h('span', {}, [].concat(parts[port]).map(id => [artifactLinks(String(id)), ' '])) ]));
}

function outputs(step) {
  if (!step.outputs.length) return h('p', {class: 'muted'}, 'No outputs.');
  return table(['Output', 'Artifact'], step.outputs.map(o => [o.port + (o.position ? `[${o.position}]` : ''), artifactLinks(o.artifact)]));
}

function keyValues(obj, empty) {
  const keys = Object.keys(obj || {}).sort();
  if (!keys.length) return h('p', {class: 'muted'}, empty);
  return table(['Name', 'Value'], keys.map(k => [k, h('span', {class: 'mono'}, typeof obj[k] === 'number' ? number(obj[k]) : plain(obj[k]))]));
}

/** Fills box with the step's details; run is the run summary, step its latest attempt, attempts all of them. */
export function showStep(box, run, step, attempts) {
  if (following) following.abort();
  following = null;
  const took = step.ended ? new Date(step.ended) - new Date(step.started) : null;
  const log = h('pre', {class: 'log', id: 'step-log', tabindex: '0', hidden: true, 'aria-label': `Log of step ${step.name}`});
  const logButton = h('button', {type: 'button', class: 'secondary', id: 'show-log'}, step.status === 'running' ? 'Follow the log' : 'Show the log');
  logButton.addEventListener('click', () => showLog(run, step, log, logButton));
  fill(box,
    h('h2', {id: 'step-title'}, step.name, ' ', badge(step.status)),
    facts([
      ['Attempt', attempts.length > 1 ? `${step.attempt} of ${attempts.length}` : String(step.attempt)],
      ['Started', when(step.started)], ['Ended', when(step.ended)], ['Duration', took === null ? 'running' : duration(took)],
      ['Exit code', step.exit_code === null ? '' : String(step.exit_code)],
      ['Cached from', step.cache_source ? h('span', {class: 'mono'}, step.cache_source) : ''],
      ['Error', step.error ? h('span', {class: 'error-text'}, step.error) : ''],
    ]),
    h('h3', {}, 'Parameters'), keyValues(step.params, 'No parameters.'),
    h('h3', {}, 'Metrics'), keyValues(step.metrics, 'No metrics.'),
    h('h3', {}, 'Checks'), checks(step),
    h('h3', {}, 'Inputs'), inputs(step),
    h('h3', {}, 'Outputs'), outputs(step),
    h('h3', {}, 'Log'), h('div', {class: 'actions'}, logButton), log);
  if (step.status === 'running') showLog(run, step, log, logButton);
}

async function showLog(run, step, log, button) {
  if (following) following.abort();
  following = new AbortController();
  button.disabled = true;
  log.hidden = false;
  log.textContent = '';
  const url = path`/api/v1/runs/${run.run_id}/steps/${step.name}/log` + '?follow=true';
  try {
    await follow(url, text => {
      log.append(document.createTextNode(text));
      log.scrollTop = log.scrollHeight;
    }, following.signal);
    if (!log.textContent) log.textContent = '(the log is empty)';
    log.dataset.complete = 'true';
  } catch (err) {
    if (err.name !== 'AbortError') log.textContent = err.message;
  } finally {
    button.disabled = false;
  }
}

/** The timeline: one bar per step from its start to its end (now, while running), on the run's time axis. */
export function timeline(latest) {
  const steps = [...latest.values()].sort((a, b) => new Date(a.started) - new Date(b.started));
  if (!steps.length) return h('p', {class: 'muted'}, 'No step has started yet.');
  const now = Date.now();
  const t0 = Math.min(...steps.map(s => new Date(s.started).getTime()));
  const t1 = Math.max(...steps.map(s => (s.ended ? new Date(s.ended).getTime() : now)), t0 + 1);
  const span = t1 - t0;
  return h('div', {class: 'timeline', role: 'list', 'aria-label': 'Timeline of the steps'},
    steps.map(s => {
      const a = new Date(s.started).getTime() - t0;
      const b = (s.ended ? new Date(s.ended).getTime() : now) - t0;
      const text = `${s.name}: ${s.status}, from +${duration(a)} for ${duration(b - a)}`;
      return [h('span', {class: 'mono', role: 'listitem', 'aria-label': text}, s.name),
        h('div', {class: 'track', 'aria-hidden': 'true', title: text},
          h('div', {class: 'bar s-' + s.status, style: {left: (100 * a / span) + '%', width: Math.max(0.3, 100 * (b - a) / span) + '%'}}))];
    }));
}

