// Pipelines: the registered pipelines with their parameters and triggers, their schedules (next and last tick,
// pause and resume for an operator), their triggers (pause and resume for an operator), and the files that could not
// be registered.
import {h, fill, path, table, section} from './dom.js';
import {api} from './api.js';
import {app, badge, may, needsRole, shortId, start, status, when} from './common.js';

function params(p) {
  if (!p.params.length) return h('span', {class: 'muted'}, 'none');
  return h('ul', {class: 'inline-list'}, p.params.map(x => h('li', {class: 'mono'}, `${x.name}: ${x.type}`)));
}

function triggers(p) {
  if (!p.triggers?.length) return h('span', {class: 'muted'}, 'none');
  return h('ul', {class: 'inline-list'}, p.triggers.map(t => h('li', {class: 'mono'}, `${t.kind}: ${t.name}`)));
}

const scheduleBox = h('div', {id: 'schedules-box'});
const triggerBox = h('div', {id: 'triggers-box'});

// What a paused trigger of each kind does, said where the operator pauses it.
const PAUSED = {
  webhook: 'deliveries are refused (409) and not recorded; senders may deliver again after the resume',
  data: 'files are held: those still in the folder are taken after the resume',
  upstream: 'upstream runs that end meanwhile are skipped, not replayed',
};

function drawTriggers(pipelines) {
  const operator = may('operator');
  const message = h('div', {'aria-live': 'polite', id: 'trigger-message'});
  const all = pipelines.flatMap(p => (p.triggers || []).map(t => ({...t, pipeline: p.name})));
  const toggle = t => h('button', {type: 'button', class: t.paused ? 'resume' : 'secondary pause', disabled: !operator,
    'aria-label': `${t.paused ? 'Resume' : 'Pause'} trigger ${t.name} of ${t.pipeline}`,
    onclick: async () => {
      try {
        await api.post(path`/api/v1/pipelines/${t.pipeline}/triggers/${t.name}/` + (t.paused ? 'resume' : 'pause'));
        await loadTriggers();
        status(document.getElementById('trigger-message'), `Trigger ${t.name} of ${t.pipeline} ${t.paused ? 'resumed' : 'paused'}.`);
      } catch (e) {
        status(document.getElementById('trigger-message'), e.message, 'error');
      }
    }}, t.paused ? 'Resume' : 'Pause');
  fill(triggerBox, all.length ? table(['Pipeline', 'Trigger', 'Kind', 'State', 'While paused', 'Action'],
    all.map(t => h('tr', {class: 'trigger-row', dataset: {pipeline: t.pipeline, trigger: t.name}},
      h('td', {}, h('a', {href: path`/pipelines/${t.pipeline}`}, t.pipeline)), h('td', {class: 'mono'}, t.name),
      h('td', {}, t.kind),
      h('td', {class: 'paused'}, t.paused ? ['paused', t.changed_by ? ` by ${t.changed_by}` : '', t.changed_at ? ` at ${when(t.changed_at)}` : ''] : 'active'),
      h('td', {class: 'muted'}, PAUSED[t.kind] || ''),
      h('td', {}, toggle(t)))),
    {caption: 'Triggers of the registered pipelines', captionClass: 'visually-hidden'})
    : h('p', {}, 'No pipeline has a trigger (a webhook, data or upstream entry under triggers: in its file).'),
  operator ? null : needsRole('operator', 'Pausing and resuming triggers'), message);
}

async function loadTriggers() {
  drawTriggers((await api.get('/api/v1/pipelines')).pipelines);
}

function lastTick(t) {
  if (!t) return h('span', {class: 'muted'}, 'none yet');
  return [t.time, ' ', t.run_id ? h('a', {href: path`/runs/${t.run_id}`, class: 'mono'}, t.run_id) : t.outcome,
    t.status ? [' ', badge(t.status)] : null, t.error ? h('span', {class: 'muted'}, ' ', t.error) : null];
}

async function loadSchedules() {
  const list = await api.get('/api/v1/schedules');
  const operator = may('operator');
  const message = h('div', {'aria-live': 'polite', id: 'schedule-message'});
  const toggle = s => h('button', {type: 'button', class: s.paused ? 'resume' : 'secondary pause', disabled: !operator,
    'aria-label': `${s.paused ? 'Resume' : 'Pause'} schedule ${s.name} of ${s.pipeline}`,
    onclick: async () => {
      try {
        await api.post(path`/api/v1/schedules/${s.pipeline}/${s.name}/` + (s.paused ? 'resume' : 'pause'));
        await loadSchedules();
        status(document.getElementById('schedule-message'), `Schedule ${s.name} of ${s.pipeline} ${s.paused ? 'resumed' : 'paused'}.`);
      } catch (e) {
        status(message, e.message, 'error');
      }
    }}, s.paused ? 'Resume' : 'Pause');
  fill(scheduleBox, list.schedules.length ? table(['Pipeline', 'Schedule', 'Cron', 'Zone', 'Next tick', 'Last tick and its run', 'State', 'Action'],
    list.schedules.map(s => h('tr', {class: 'schedule-row', dataset: {pipeline: s.pipeline, schedule: s.name}},
      h('td', {}, h('a', {href: path`/pipelines/${s.pipeline}`}, s.pipeline)), h('td', {}, s.name),
      h('td', {class: 'mono'}, s.cron), h('td', {}, s.timezone), h('td', {class: 'next-tick'}, s.next_tick || '—'),
      h('td', {}, lastTick(s.last_tick)),
      h('td', {class: 'paused'}, s.paused ? ['paused', s.changed_by ? ` by ${s.changed_by}` : ''] : 'active'),
      h('td', {}, toggle(s)))),
    {caption: 'Schedules of the registered pipelines', captionClass: 'visually-hidden'}) : h('p', {}, 'No pipeline has a schedule.'),
  operator ? null : needsRole('operator', 'Pausing and resuming schedules'), message);
}

async function main() {
  const list = await api.get('/api/v1/pipelines');
  const rows = list.pipelines.map(p => [
    h('a', {href: path`/pipelines/${p.name}`}, p.name), String(p.steps), params(p), triggers(p),
    h('span', {class: 'mono'}, shortId(p.version)), when(p.registered), h('span', {class: 'mono'}, p.source)]);
  fill(app,
    list.pipelines.length ? table(['Pipeline', 'Steps', 'Parameters', 'Triggers', 'Latest version', 'Registered', 'From'], rows,
      {caption: 'Registered pipelines', captionClass: 'visually-hidden'})
      : h('p', {}, 'No pipeline is registered. Start the server with --pipelines FOLDER.'),
    section('Schedules', scheduleBox),
    section('Triggers', triggerBox),
    list.invalid.length ? section('Files that are not registered',
      list.invalid.map(f => h('div', {},
        h('h3', {class: 'mono'}, f.file),
        h('ul', {}, f.problems.map(p => h('li', {class: 'mono'}, p.text)))))) : null);
  drawTriggers(list.pipelines);
  await loadSchedules();
}

start(main);
