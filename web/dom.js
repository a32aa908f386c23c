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

// fetch + JSON; throws ApiError for a status other than 2xx.
export async function api(path, options = {}) {
  const init = { ...options, headers: { Accept: 'application/json' } };
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
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}
