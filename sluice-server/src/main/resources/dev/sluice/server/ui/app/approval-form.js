// Approve / Reject for one waiting approve step, with an optional comment: the inbox and the run page share it.
// A viewer sees the form disabled with a note saying which role it needs.
import {h, path} from './dom.js';
import {api} from './api.js';
import {may, needsRole, status} from './common.js';

let forms = 0;

/** The form for step of run; done(decision) is called after the server took the decision. */
export function decisionForm(runId, step, done) {
  const n = ++forms;
  const operator = may('operator');
  const message = h('div', {'aria-live': 'polite', class: 'decision-message'});
  const comment = h('input', {id: 'comment-' + n, class: 'decision-comment', name: 'comment', maxlength: 2000,
    disabled: !operator, placeholder: 'why (optional, kept with the decision)'});
  const decide = approve => async () => {
    approve ? approveButton.disabled = true : rejectButton.disabled = true;
    try {
      const d = await api.post(path`/api/v1/runs/${runId}/steps/${step}/` + (approve ? 'approve' : 'reject'),
        comment.value.trim() ? {comment: comment.value.trim()} : {});
      status(message, `Step ${step} ${d.decision} by ${d.by}.`);
      done?.(d);
    } catch (e) {
      status(message, e.message, 'error');
      approveButton.disabled = rejectButton.disabled = !operator;
    }
  };
  const approveButton = h('button', {type: 'button', class: 'approve', disabled: !operator, onclick: decide(true)}, 'Approve');
  const rejectButton = h('button', {type: 'button', class: 'danger reject', disabled: !operator, onclick: decide(false)}, 'Reject');
  return h('div', {class: 'decision', dataset: {run: runId, step}},
    h('div', {class: 'field'}, h('label', {for: 'comment-' + n}, `Comment on ${step}`), comment),
    h('div', {class: 'actions'}, approveButton, rejectButton),
    operator ? null : needsRole('operator', 'Approving or rejecting a step'), message);
}
