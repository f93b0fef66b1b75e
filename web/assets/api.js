// The console's calls: protobuf's JSON mapping of reskontra.v1.Ledger requests, posted to the
// server that served the page. The session cookie goes along by itself; the CSRF token that the
// login answer gave goes in a header a page of another site cannot set.
let csrfToken = '';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
    body: JSON.stringify(body ?? {}),
  });
  return response;
}

async function jsonOrThrow(response) {
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(response.status, 'UNKNOWN', `Oväntat svar från servern (${response.status})`);
  }
  if (!response.ok) {
    if (response.status === 401 && csrfToken) window.dispatchEvent(new Event('reskontra:unauthenticated'));
    throw new ApiError(response.status, data?.code ?? 'UNKNOWN', data?.message ?? `HTTP ${response.status}`);
  }
  return data;
}

// A call of the ledger: call('GetInvoice', {company: 1, invoiceNumber: '100001'}).
export async function call(method, request) {
  return jsonOrThrow(await post(`/api/v1/${method}`, request));
}

// A call with a large request (a bank or invoice file), telling `progress` how much of it has
// been sent ({sent, total}) and then that the ledger is working on it ({working: true}).
export function callWithProgress(method, request, progress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/${method}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (e) => progress?.({ sent: e.loaded, total: e.lengthComputable ? e.total : 0 });
    xhr.upload.onload = () => progress?.({ working: true });
    xhr.onerror = () => reject(new ApiError(0, 'UNAVAILABLE', 'Servern kunde inte nås'));
    xhr.onabort = () => reject(new ApiError(0, 'CANCELLED', 'Avbrutet'));
    xhr.ontimeout = () => reject(new ApiError(0, 'DEADLINE_EXCEEDED', 'Servern svarade inte i tid'));
    xhr.onload = () => {
      const response = new Response(xhr.responseText, { status: xhr.status });
      jsonOrThrow(response).then(resolve, reject);
    };
    xhr.send(JSON.stringify(request ?? {}));
  });
}

// A call that answers with a file (Export, printed letters): returns {blob, document}, telling
// `progress` how many bytes have come ({received}) as the server streams it.
export async function download(method, request, progress) {
  const response = await post(`/api/v1/${method}`, request);
  if (!response.ok) await jsonOrThrow(response);
  const document = response.headers.get('X-Reskontra-Document');
  if (!response.body || !progress) return { blob: await response.blob(), document };
  const reader = response.body.getReader();
  const parts = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    received += value.length;
    progress({ received });
  }
  return { blob: new Blob(parts, { type: response.headers.get('Content-Type') ?? '' }), document };
}

export async function session() {
  const response = await fetch('/api/session', { credentials: 'same-origin' });
  if (response.status === 401) return null;
  const data = await jsonOrThrow(response);
  csrfToken = data.csrfToken;
  return data.caller;
}

export async function login(token) {
  const data = await jsonOrThrow(await post('/api/session', { token }));
  csrfToken = data.csrfToken;
  return data.caller;
}

export async function logout() {
  const token = csrfToken;
  csrfToken = '';
  const response = await fetch('/api/session/logout', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
    body: '{}',
  });
  await jsonOrThrow(response);
}

// A command id for one submission of a form: kept while the same form is retried, so a
// command sent twice (a double click, a lost answer) is booked once.
export function newCommandId() {
  return `web-${crypto.randomUUID()}`;
}
