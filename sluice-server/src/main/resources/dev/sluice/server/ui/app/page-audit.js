// The audit log: every state-changing call (allowed or refused), newest first, filtered by who and what.
import {h, fill, table} from './dom.js';
import {api} from './api.js';
import {app, badge, start, when} from './common.js';

const query = new URLSearchParams(location.search);

async function main() {
  const q = new URLSearchParams({limit: 100});
  for (const k of ['actor', 'action', 'cursor']) if (query.get(k)) q.set(k, query.get(k));
  const page = await api.get('/api/v1/audit?' + q);
  const field = (name, label, hint) => h('div', {}, h('label', {for: 'f-' + name}, label),
    h('input', {id: 'f-' + name, name, value: query.get(name) || '', placeholder: hint}));
  const next = page.next_cursor ? new URLSearchParams({...Object.fromEntries(query), cursor: page.next_cursor}) : null;
  fill(app,
    h('form', {class: 'filters', method: 'get', action: '/audit', role: 'search', 'aria-label': 'Filter the audit log'},
      field('actor', 'Who (token name)', 'e.g. admin'), field('action', 'Action', 'e.g. model.promote'),
      h('button', {type: 'submit'}, 'Filter'), h('a', {href: '/audit', class: 'button secondary'}, 'Clear')),
    page.entries.length ? table(['When', 'Who', 'Action', 'Target', 'Outcome', 'Status', 'Detail'], page.entries.map(e => h('tr', {dataset: {action: e.action}},
      h('td', {}, when(e.at)), h('td', {}, e.actor), h('td', {class: 'mono'}, e.action), h('td', {class: 'mono'}, e.target),
      h('td', {}, badge(e.outcome)), h('td', {class: 'num'}, String(e.status)), h('td', {}, e.detail))),
    {caption: 'Audit log, newest first', captionClass: 'visually-hidden'}) : h('p', {}, 'No entries match.'),
    h('nav', {class: 'pager', 'aria-label': 'Pages'}, query.get('cursor') ? h('a', {href: '/audit'}, 'Newest entries') : null,
      next ? h('a', {href: '/audit?' + next}, 'Older entries') : null));
}

start(main);
