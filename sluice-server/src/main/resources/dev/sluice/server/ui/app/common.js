// What every page shares: who is signed in, formatting, status badges, error and empty states.
import {h, fill} from './dom.js';

const ROLES = ['viewer', 'operator', 'admin'];
export const user = document.body.dataset.user || '';
export const role = document.body.dataset.role || 'viewer';

/** True when the signed-in token has at least this role. */
export function may(needed) {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** The note shown instead of (or beside) controls a role may not use. */
export function needsRole(needed, what) {
  return h('p', {class: 'note', role: 'note'}, `${what} needs the ${needed} role; you are signed in as ${user}, a ${role}.`);
}

export const app = document.getElementById('app');

export function setTitle(text) {
  document.getElementById('page-title').textContent = text;
  document.title = text + ' · Sluice';
}

const KNOWN = new Set(['queued', 'running', 'succeeded', 'failed', 'cached', 'skipped', 'blocked', 'cancelled',
  'interrupted', 'pending', 'drift', 'warning', 'ok', 'denied', 'waiting']);

/** A status as a badge: the word itself (colour is never the only cue). */
export function badge(status) {
  const s = String(status ?? 'unknown');
  return h('span', {class: 'badge s-' + (KNOWN.has(s) ? s : 'other')}, s);
}

export const FINAL = new Set(['succeeded', 'failed', 'cancelled', 'blocked', 'interrupted']);

export function shortId(id) {
  const s = String(id ?? '');
  return s.startsWith('sha256:') ? s.slice(7, 19) : s;
}

export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(2)} s`;
  const m = Math.floor(ms / 60000);
  return `${m} min ${Math.round((ms % 60000) / 1000)} s`;
}

export function number(v) {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'number') return String(v);
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1000 || Math.abs(v) < 0.001 ? v.toPrecision(4) : v.toFixed(4);
}

/** A JSON value as people read it: strings without quotes. */
export function plain(v) {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Shows an error where the page's content goes (or in box). */
export function showError(error, box = app) {
  console.error(error);
  const detail = error?.message || String(error);
  fill(box, h('div', {class: 'error', role: 'alert'}, h('strong', {}, 'Could not load this page. '), detail),
    box === app ? h('p', {}, 'Check the address, or start again from ', h('a', {href: '/runs'}, 'the runs'), ' or ',
      h('a', {href: '/pipelines'}, 'the pipelines'), '.') : null);
}

/** A message in a polite live region (saved, promoted, started). */
export function status(box, text, kind = 'ok') {
  fill(box, h('p', {class: 'flash ' + kind, role: kind === 'error' ? 'alert' : 'status'}, text));
}

/** Runs a page's main function, showing its error instead of a blank page. */
export function start(main) {
  Promise.resolve().then(main).catch(e => showError(e));
}

// A policy violation would mean the page tried to run or load something it must not: make it visible to tests.
document.addEventListener('securitypolicyviolation', e => {
  document.body.dataset.cspViolations = (document.body.dataset.cspViolations || '') + e.violatedDirective + ' ';
});
