// Models: each registered model's newest version, its aliases and its selection metric.
import {h, fill, path, table} from './dom.js';
import {api} from './api.js';
import {app, number, start, when} from './common.js';

async function main() {
  const list = await api.get('/api/v1/models');
  if (!list.models.length) {
    fill(app, h('p', {}, 'No model is registered yet. A pipeline registers one with a register step (see the churn example).'));
    return;
  }
  fill(app, table(['Model', 'Newest version', 'Aliases', 'Type', 'Selection metric', 'Registered'], list.models.map(m => [
    h('a', {href: path`/models/${m.name}`}, m.name), String(m.version),
    h('ul', {class: 'inline-list'}, m.aliases.map(a => h('li', {}, h('span', {class: 'badge s-alias'}, a)))),
    m.model_type, m.selection_metric ? `${m.selection_metric} = ${number(m.metrics[m.selection_metric])}` : '', when(m.created)]),
  {caption: 'Registered models', captionClass: 'visually-hidden'}));
}

start(main);
