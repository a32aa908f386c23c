// DOM and fetch helpers shared by the dashboard's modules. Text always goes in as text nodes:
// quarantined records and task logs are arbitrary input and must never become markup.

export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of [].concat(children)) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export function setText(id, value) {
  document.getElementById(id).textContent = value;
}

export function replaceRows(id, rows) {
  document.getElementById(id).replaceChildren(...rows);
}

export function formatCount(n) {
  return n === undefined || n === null ? '-' : Number(n).toLocaleString('en');
}

// An API error as one line: the JSON {status, title, detail, field} the API answers, or the
// HTTP status when the body is something else.
export class ApiError extends Error {
  constructor(status, body) {
    const detail = body && typeof body === 'object'
      ? `${body.title || status}: ${body.detail || ''}${body.field ? ` (field ${body.field})` : ''}`
      : `HTTP ${status}`;
    super(detail);
    this.status = status;
  }
}

// The API's bearer token (docs/operations.md, "Security"), as Jupyter hands its token over:
// `sluice run` prints the dashboard's address with ?token=...; the page keeps the token in
// sessionStorage (this tab only, gone when it closes) and takes it out of the address bar, so
// that it ends up in no history entry, bookmark or screenshot.
const TOKEN_KEY = 'sluice.api_token';

function takeTokenFromAddress() {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return;
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
}
takeTokenFromAddress();

// A 401: says on the page what to do, once, instead of a failing poll after another.
function showAuthError() {
  const banner = document.getElementById('auth-error');
  if (!banner || !banner.hidden) return;
  banner.textContent = sessionStorage.getItem(TOKEN_KEY)
    ? 'The API refused this page\'s token (the server has another one now?): open the dashboard '
      + 'again with the address `sluice run` printed, http://HOST:PORT/?token=...'
    : 'The API needs a token: open the dashboard with the address `sluice run` printed, '
      + 'http://HOST:PORT/?token=... (the token is SLUICE_API_TOKEN or the file '
      + 'serve.api_token_file, by default data/api_token).';
  banner.hidden = false;
}

// fetch + JSON with the API token; throws ApiError for a status other than 2xx.
export async function api(path, options = {}) {
  const init = { ...options, headers: { Accept: 'application/json' } };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
    init.headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (res.status === 401) showAuthError();
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}
