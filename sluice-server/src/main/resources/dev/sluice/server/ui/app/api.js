// The page's only way to the server's data: the JSON API under /api/v1, with the sign-in session's cookie (sent by
// the browser) and, for calls that change something, the session's CSRF token in X-CSRF-Token.
const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') || '';

/** An API answer that is not 2xx: status, the API's error code and its detail sentence. */
export class ApiFailure extends Error {
  constructor(status, code, detail, body) {
    super(detail);
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

function toSignIn() {
  location.assign('/signin?next=' + encodeURIComponent(location.pathname + location.search));
}

async function call(method, url, body) {
  const init = {method, headers: {Accept: 'application/json'}, credentials: 'same-origin'};
  if (method !== 'GET') {
    init.headers['Content-Type'] = 'application/json';
    init.headers['X-CSRF-Token'] = csrf;
    init.body = JSON.stringify(body ?? {});
  }
  const res = await fetch(url, init);
  const type = res.headers.get('Content-Type') || '';
  const json = type.startsWith('application/json') ? await res.json() : null;
  if (res.status === 401) {
    toSignIn();
    throw new ApiFailure(401, 'unauthorized', 'You are signed out.', json);
  }
  if (!res.ok) throw new ApiFailure(res.status, json?.error || 'error', json?.detail || res.statusText, json);
  return json;
}

export const api = {
  get: url => call('GET', url),
  post: (url, body) => call('POST', url, body),
};

/** Reads a growing text answer (a followed log) chunk by chunk; returns when it ends or signal aborts. */
export async function follow(url, onText, signal) {
  const res = await fetch(url, {credentials: 'same-origin', signal});
  if (res.status === 401) return toSignIn();
  if (!res.ok) {
    const json = (res.headers.get('Content-Type') || '').startsWith('application/json') ? await res.json() : null;
    throw new ApiFailure(res.status, json?.error || 'error', json?.detail || res.statusText, json);
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const {done, value} = await reader.read();
    if (done) break;
    onText(decoder.decode(value, {stream: true}));
  }
  onText(decoder.decode());
}
