// Runs: newest first, filtered by pipeline, status, trigger and date, a page at a time (the API's cursor); status
// changes arrive through /api/v1/events and update the rows in place, and new runs appear on the first page.
import {h, fill, path, table} from './dom.js';
import {api} from './api.js';
import {app, badge, duration, start, when, FINAL} from './common.js';

const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'blocked', 'cancelled', 'interrupted'];
const TRIGGERS = ['manual', 'schedule', 'backfill', 'webhook', 'data', 'upstream', 'drift'];
const PAGE = 50;
const query = new URLSearchParams(location.search);
const filters = {
  pipeline: query.get('pipeline') || '', status: query.get('status') || '', trigger: query.get('trigger') || '',
  from: query.get('from') || '', to: query.get('to') || '',
};

function apiUrl(cursor) {
  const q = new URLSearchParams({limit: PAGE});
  if (filters.pipeline) q.set('pipeline', filters.pipeline);
  if (filters.status) q.set('status', filters.status);
  if (filters.trigger) q.set('trigger', filters.trigger);
  if (filters.from) q.set('since', new Date(filters.from + 'T00:00:00').toISOString());
  if (filters.to) {
    const end = new Date(filters.to + 'T00:00:00');
    end.setDate(end.getDate() + 1);
    q.set('until', end.toISOString());
  }
  if (cursor) q.set('cursor', cursor);
  return '/api/v1/runs?' + q;
}

function select(name, label, options, value) {
  return h('div', {}, h('label', {for: 'f-' + name}, label),
    h('select', {id: 'f-' + name, name},
      h('option', {value: ''}, 'any'),
      options.map(o => h('option', {value: o, selected: o === value}, o))));
}

function filterForm(pipelines) {
  return h('form', {class: 'filters', method: 'get', action: '/runs', role: 'search', 'aria-label': 'Filter runs'},
    select('pipeline', 'Pipeline', pipelines, filters.pipeline),
    select('status', 'Status', STATUSES, filters.status),
    select('trigger', 'Trigger', TRIGGERS, filters.trigger),
    h('div', {}, h('label', {for: 'f-from'}, 'Started from'), h('input', {id: 'f-from', name: 'from', type: 'date', value: filters.from})),
    h('div', {}, h('label', {for: 'f-to'}, 'Started until'), h('input', {id: 'f-to', name: 'to', type: 'date', value: filters.to})),
    h('button', {type: 'submit'}, 'Filter'),
    h('a', {href: '/runs', class: 'button secondary'}, 'Clear'));
}

function trigger(run) {
  if (run.trigger) return `${run.trigger.kind}: ${run.trigger.detail}`;
  return run.submitted_by ? `manual (${run.submitted_by})` : 'manual';
}

function steps(run) {
  return Object.entries(run.steps || {}).map(([state, n]) => `${n} ${state}`).join(', ');
}

function row(run, onPick) {
  const box = h('input', {type: 'checkbox', class: 'pick', value: run.run_id, id: 'pick-' + run.run_id, onchange: onPick});
  return h('tr', {dataset: {runId: run.run_id}},
    h('td', {}, box, h('label', {for: 'pick-' + run.run_id, class: 'visually-hidden'}, `Compare run ${run.run_id}`)),
    h('td', {}, h('a', {href: path`/runs/${run.run_id}`, class: 'mono'}, run.run_id)),
    h('td', {}, h('a', {href: path`/pipelines/${run.pipeline}`}, run.pipeline)),
    h('td', {class: 'status'}, badge(run.status)),
    h('td', {}, trigger(run)),
    h('td', {}, when(run.started)),
    h('td', {class: 'num duration'}, FINAL.has(run.status) ? duration(run.duration_ms) : ''),
    h('td', {class: 'steps'}, steps(run)));
}

function matches(run) {
  if (filters.pipeline && run.pipeline !== filters.pipeline) return false;
  if (filters.status && run.status !== filters.status) return false;
  if (filters.trigger && (run.trigger ? run.trigger.kind : 'manual') !== filters.trigger) return false;
  if (filters.from && new Date(run.started) < new Date(filters.from + 'T00:00:00')) return false;
  return !filters.to;
}

async function main() {
  const cursor = query.get('cursor');
  const [list, pipelines] = await Promise.all([api.get(apiUrl(cursor)), api.get('/api/v1/pipelines')]);
  const compare = h('button', {type: 'button', disabled: true, id: 'compare'}, 'Compare selected runs');
  const onPick = () => {
    const picked = [...document.querySelectorAll('input.pick:checked')].map(b => b.value);
    compare.disabled = picked.length < 2;
    compare.textContent = picked.length < 2 ? 'Compare selected runs' : `Compare ${picked.length} runs`;
  };
  compare.addEventListener('click', () => {
    const picked = [...document.querySelectorAll('input.pick:checked')].map(b => encodeURIComponent(b.value));
    location.assign('/compare?runs=' + picked.join(','));
  });
  const tbody = h('tbody', {id: 'runs-body'}, list.runs.map(r => row(r, onPick)));
  const grid = h('table', {class: 'grid', id: 'runs'},
    h('caption', {class: 'visually-hidden'}, 'Runs, newest first'),
    h('thead', {}, h('tr', {}, ['', 'Run', 'Pipeline', 'Status', 'Trigger', 'Started', 'Duration', 'Steps']
      .map(t => h('th', {scope: 'col'}, t === '' ? h('span', {class: 'visually-hidden'}, 'Compare') : t)))),
    tbody);
  const at = c => {
    const q = new URLSearchParams(query);
    if (c) q.set('cursor', c);
    else q.delete('cursor');
    return '/runs?' + q;
  };
  const pager = h('nav', {class: 'pager', 'aria-label': 'Pages'},
    cursor ? h('a', {href: at(null)}, 'Newest runs') : null,
    list.next_cursor ? h('a', {href: at(list.next_cursor), id: 'older'}, 'Older runs') : null);
  const live = h('p', {class: 'muted', id: 'live'}, 'Live: status changes appear here as they happen.');
  fill(app, filterForm(pipelines.pipelines.map(p => p.name)),
    h('div', {class: 'actions'}, compare, h('a', {href: '/pipelines', class: 'button secondary'}, 'Start a run…'), live),
    grid,
    list.runs.length ? null : h('p', {id: 'no-runs'},
      filters.pipeline || filters.status || filters.trigger || filters.from || filters.to ? 'No runs match these filters. ' : 'No runs yet. ',
      'Start one from ', h('a', {href: filters.pipeline ? path`/pipelines/${filters.pipeline}` : '/pipelines'},
        filters.pipeline ? `the page of ${filters.pipeline}` : 'a pipeline\'s page'), ' (its Run with parameters form).'),
    pager);
  if (!cursor) watch(tbody, onPick);
}

function watch(tbody, onPick) {
  const events = new EventSource('/api/v1/events');
  events.addEventListener('run', async e => {
    const change = JSON.parse(e.data);
    const existing = tbody.querySelector(`tr[data-run-id="${CSS.escape(change.run_id)}"]`);
    if (!existing && (filters.pipeline && change.pipeline !== filters.pipeline)) return;
    if (existing) fill(existing.querySelector('td.status'), badge(change.status));
    try {
      const run = await api.get(path`/api/v1/runs/${change.run_id}`);
      const now = tbody.querySelector(`tr[data-run-id="${CSS.escape(run.run_id)}"]`);
      if (now) {
        const wasPicked = now.querySelector('input.pick').checked;
        const fresh = row(run, onPick);
        fresh.querySelector('input.pick').checked = wasPicked;
        now.replaceWith(fresh);
      } else if (matches(run)) {
        document.getElementById('no-runs')?.remove();
        tbody.prepend(row(run, onPick));
      }
    } catch (err) {
      console.warn('run update failed', err);
    }
  });
  events.onerror = () => {
    document.getElementById('live').textContent = 'Live updates paused: reconnecting…';
  };
  events.onopen = () => {
    document.getElementById('live').textContent = 'Live: status changes appear here as they happen.';
  };
}

start(main);
