// Pipelines: the registered pipelines with their parameters, and the files that could not be registered.
import {h, fill, path, table, section} from './dom.js';
import {api} from './api.js';
import {app, shortId, start, when} from './common.js';

function params(p) {
  if (!p.params.length) return h('span', {class: 'muted'}, 'none');
  return h('ul', {class: 'inline-list'}, p.params.map(x => h('li', {class: 'mono'}, `${x.name}: ${x.type}`)));
}

async function main() {
  const list = await api.get('/api/v1/pipelines');
  const rows = list.pipelines.map(p => [
    h('a', {href: path`/pipelines/${p.name}`}, p.name), String(p.steps), params(p),
    h('span', {class: 'mono'}, shortId(p.version)), when(p.registered), h('span', {class: 'mono'}, p.source)]);
  fill(app,
    list.pipelines.length ? table(['Pipeline', 'Steps', 'Parameters', 'Latest version', 'Registered', 'From'], rows,
      {caption: 'Registered pipelines', captionClass: 'visually-hidden'})
      : h('p', {}, 'No pipeline is registered. Start the server with --pipelines FOLDER.'),
    list.invalid.length ? section('Files that are not registered',
      list.invalid.map(f => h('div', {},
        h('h3', {class: 'mono'}, f.file),
        h('ul', {}, f.problems.map(p => h('li', {class: 'mono'}, p.text)))))) : null);
}

start(main);
