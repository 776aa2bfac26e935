// Monitoring: the models this server serves (GET /api/v1/serving: version, endpoint, their drift check and last
// alarm with its report and retraining run), then for each model with drift reports (stored by `sluice monitor` or a
// served model's check), each feature's PSI and KS over time as charts, and the alarms (reports with drift or
// warnings) with links to the report and the retraining runs they started. ?report=ID shows one report whole.
/* global Chart */
import {h, fill, path, table, section} from './dom.js';
import {api} from './api.js';
import {app, badge, number, setTitle, shortId, start, when} from './common.js';

const PER_MODEL = 30;
const COLORS = ['#0550ae', '#bc4c00', '#1a7f37', '#6639ba', '#cf222e', '#0e7490', '#9a6700', '#57606a'];

function lineChart(id, label, reports, features, value) {
  const canvas = h('canvas', {id, role: 'img', 'aria-label': `${label} of each feature at each check, oldest first; the alarms below list the checks.`});
  queueMicrotask(() => new Chart(canvas, {type: 'line', options: {maintainAspectRatio: false, animation: false,
    scales: {y: {beginAtZero: true, title: {display: true, text: label}}}},
  data: {labels: reports.map(r => when(r.report.checked_at)),
    datasets: features.map((f, i) => ({label: f, borderColor: COLORS[i % COLORS.length], pointRadius: 3, spanGaps: true,
      data: reports.map(r => r.report.features.find(x => x.name === f)?.[value] ?? null)}))}}));
  return h('div', {class: 'chart'}, canvas);
}

function retraining(runs) {
  return runs.length ? h('span', {}, runs.map(id => [h('a', {href: path`/runs/${id}`, class: 'mono'}, id), ' ']))
    : h('span', {class: 'muted'}, 'none');
}

async function modelSection(model, summaries) {
  const recent = summaries.slice(0, PER_MODEL);
  const reports = (await Promise.all(recent.map(s => api.get(path`/api/v1/drift-reports/${s.artifact}`)))).reverse();
  const features = [...new Set(reports.flatMap(r => r.report.features.map(f => f.name)))];
  const alarms = summaries.filter(s => s.status === 'drift' || s.status === 'warning');
  const latest = summaries[0];
  return section(`Model ${model}`,
    h('p', {}, 'Latest check ', when(latest.checked_at), ': ', badge(latest.status), ' ',
      `${latest.summary?.drift ?? 0} drifted, ${latest.summary?.warning ?? 0} warnings, ${latest.summary?.ok ?? 0} ok of ${latest.summary?.features ?? 0} features.`),
    h('h3', {}, 'PSI per feature'), lineChart(`psi-${model}`, 'PSI', reports, features, 'psi'),
    h('h3', {}, 'Kolmogorov-Smirnov statistic per feature'), lineChart(`ks-${model}`, 'KS', reports, features, 'ks'),
    h('h3', {}, 'Alarms'),
    alarms.length ? table(['Checked', 'Status', 'Features', 'Report', 'Retraining runs'], alarms.map(a => [when(a.checked_at), badge(a.status),
      `${a.summary?.drift ?? 0} drifted, ${a.summary?.warning ?? 0} warnings`,
      h('a', {href: path`/monitoring?report=${a.artifact}`, class: 'mono'}, shortId(a.artifact)), retraining(a.retraining_runs)]))
      : h('p', {class: 'muted'}, 'No alarm: no check found drift or a warning.'));
}

async function oneReport(id) {
  const r = await api.get(path`/api/v1/drift-reports/${id}`);
  const rep = r.report;
  setTitle(`Drift report ${shortId(r.artifact)}`);
  const order = {drift: 0, warning: 1, ok: 2};
  const features = [...rep.features].sort((a, b) => (order[a.status] ?? 3) - (order[b.status] ?? 3) || a.name.localeCompare(b.name));
  fill(app, h('p', {}, h('a', {href: '/monitoring'}, '← All models')),
    section('Check', h('dl', {class: 'facts'},
      h('dt', {}, 'Model'), h('dd', {}, `${rep.model}${rep.version === null ? '' : '@' + rep.version}`),
      h('dt', {}, 'Status'), h('dd', {}, badge(rep.status)),
      h('dt', {}, 'Checked'), h('dd', {}, when(rep.checked_at)),
      h('dt', {}, 'Window'), h('dd', {}, `${rep.window.rows} rows from ${rep.window.source}`),
      h('dt', {}, 'Thresholds'), h('dd', {}, `PSI drift above ${rep.thresholds.psi}, warning above ${rep.thresholds.psi_warning}; KS p below ${rep.thresholds.ks_p}`),
      h('dt', {}, 'Retraining runs'), h('dd', {}, retraining(r.retraining_runs)),
      h('dt', {}, 'Download'), h('dd', {}, h('a', {href: path`/api/v1/artifacts/${r.artifact}/content`}, 'the report as JSON')))),
    section('Features, drifted first', table(['Feature', 'Kind', 'Status', 'PSI', 'KS', 'KS p', 'Rows', 'Missing', 'Note'], features.map(f => [
      f.name, f.kind, badge(f.status), number(f.psi), number(f.ks), number(f.ks_p), String(f.rows), String(f.missing), f.note || '']))));
}

/** The id section() gives the section of a model's charts. */
function modelAnchor(model) {
  return '#sec-' + `model ${model}`.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

function runLink(id) {
  return id ? h('a', {href: path`/runs/${id}`, class: 'mono'}, id) : h('span', {class: 'muted'}, 'none');
}

function lastAlarm(a) {
  if (!a) return h('span', {class: 'muted'}, 'none');
  return h('div', {class: 'alarm'}, when(a.at), ' ', a.action, a.drifted?.length ? ` (drifted: ${a.drifted.join(', ')})` : '', ' ',
    a.report ? h('a', {href: path`/monitoring?report=${a.report}`, class: 'mono'}, 'report ', shortId(a.report)) : null,
    a.run_id ? [', retraining run ', runLink(a.run_id)] : null);
}

function servedSection(serving, withReports) {
  const rows = serving.served.map(m => h('tr', {class: 'served-row', dataset: {model: m.name}},
    h('td', {}, h('a', {href: path`/models/${m.name}`}, m.model),
      withReports.has(m.name) ? h('div', {}, h('a', {href: modelAnchor(m.name)}, 'drift charts')) : null),
    h('td', {}, m.version === null ? '—' : `version ${m.version}`, m.alias ? ` (${m.alias})` : ''),
    h('td', {class: 'mono endpoint'}, m.url),
    h('td', {class: 'check'}, m.last_check?.status ? badge(m.last_check.status) : h('span', {class: 'muted'}, 'not checked yet'),
      ' ', m.last_check?.at ? when(m.last_check.at) : '', ` · every ${m.check}, ${m.checks} check${m.checks === 1 ? '' : 's'}`,
      m.last_check?.report ? [' · ', h('a', {href: path`/monitoring?report=${m.last_check.report}`}, 'latest report')] : null,
      m.last_check?.detail ? h('div', {class: 'muted'}, m.last_check.detail) : null),
    h('td', {class: 'last-alarm'}, lastAlarm(m.last_alarm)),
    h('td', {class: 'retraining'}, m.retrain ? [h('a', {href: path`/pipelines/${m.retrain}`}, m.retrain),
      m.retraining_run ? [h('div', {}, 'running now: ', runLink(m.retraining_run))] : null,
      m.last_retraining ? h('div', {class: 'last-retraining'}, 'last started ', when(m.last_retraining.at), ' by ',
        h('a', {href: path`/monitoring?report=${m.last_retraining.report}`, class: 'mono'}, 'report ', shortId(m.last_retraining.report)),
        m.last_retraining.run_id ? [': run ', runLink(m.last_retraining.run_id)] : null)
        : h('div', {class: 'muted'}, 'no retraining yet')]
      : h('span', {class: 'muted'}, 'none: drift is reported, nothing is retrained'))));
  return section('Served models',
    serving.served.length ? table(['Model', 'Version', 'Endpoint (POST JSON rows)', 'Drift check', 'Last alarm', 'Retraining pipeline'], rows,
      {caption: 'Models this server serves', captionClass: 'visually-hidden'})
      : h('p', {id: 'no-served'}, 'This server serves no model. An admin serves one with ',
        h('code', {}, 'sluice server --serve NAME@ALIAS'), ' or ', h('code', {}, 'POST /api/v1/serving {"model": "NAME@ALIAS", "retrain": "PIPELINE"}'),
        '; its predictions are then checked for drift and its alarms listed here.'),
    serving.not_served?.length ? h('div', {class: 'error', role: 'alert'}, h('strong', {}, 'Not served: '),
      serving.not_served.map(f => h('div', {}, h('span', {class: 'mono'}, f.model), ': ', f.error))) : null);
}

async function main() {
  const report = new URLSearchParams(location.search).get('report');
  if (report) return oneReport(report);
  const [list, serving] = await Promise.all([api.get('/api/v1/drift-reports?limit=500'), api.get('/api/v1/serving')]);
  const byModel = new Map();
  for (const r of list.reports) {
    if (!byModel.has(r.model)) byModel.set(r.model, []);
    byModel.get(r.model).push(r);
  }
  const served = servedSection(serving, byModel);
  if (!list.reports.length) {
    fill(app, served, section('Drift over time', h('p', {}, 'No drift report yet. A served model\'s check, or ',
      h('code', {}, 'sluice monitor MODEL'), ', compares the logged inputs with the training profile and stores a report each time.')));
    return;
  }
  fill(app, served, ...(await Promise.all([...byModel].map(([m, rs]) => modelSection(m, rs)))));
}

start(main);
