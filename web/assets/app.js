// Reskontra's console: one page, a screen per hash route (#/sok, #/kund/K123, #/faktura/N,
// #/saldolista, #/revision). Every figure comes from the ledger's own answer.
import * as api from './api.js';
import { h, table, field, errorSlot, showErrors } from './dom.js';
import { amount, dunningStep, instant, invoiceStatus, parseKronor, today } from './format.js';

const main = document.getElementById('main');
let caller = null;

// Dates are typed as the ledger writes them (2026-12-07), whatever the browser's language: a
// clerk types them faster than a date picker takes them.
const dateInput = { inputmode: 'numeric', placeholder: 'ÅÅÅÅ-MM-DD', pattern: '\\d{4}-\\d{2}-\\d{2}', maxlength: 10, autocomplete: 'off' };

function company() {
  return Number(document.getElementById('company').value || 1);
}

function render(...nodes) {
  main.replaceChildren(...nodes);
}

// A session that ended (30 minutes unused, a restarted server) sends the user to the login.
window.addEventListener('reskontra:unauthenticated', () => {
  if (!caller) return;
  caller = null;
  clearWork();
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
  loginScreen('Sessionen har upphört: logga in igen.');
});

// ---- Pågående arbete: long work (a large file in, a long list out) runs on while the clerk
// goes to other screens; its progress and its end stay in the panel at the foot of the page.

function size(bytes) {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
}

// The panel is the signed-in clerk's: emptied when the session ends.
function clearWork() {
  const panel = document.getElementById('work');
  panel.querySelector('ul').replaceChildren();
  panel.hidden = true;
}

// Runs work(progress) as an item of the panel; returns its result or throws its error.
// `summary(result)` is what the item says when it is done.
async function track(label, work, summary) {
  const panel = document.getElementById('work');
  const status = h('span', { class: 'work-status' }, 'startar …');
  const item = h('li', {}, h('span', { class: 'work-label' }, label), ' ', status);
  panel.querySelector('ul').append(item);
  panel.hidden = false;
  const progress = (p) => {
    if (p.working) status.textContent = 'servern arbetar …';
    else if (p.sent !== undefined) status.textContent = p.total ? `skickar ${Math.floor((100 * p.sent) / p.total)} %` : `skickat ${size(p.sent)}`;
    else if (p.received !== undefined) status.textContent = `tar emot ${size(p.received)}`;
  };
  const dismiss = () => {
    item.remove();
    if (!panel.querySelector('li')) panel.hidden = true;
  };
  try {
    const result = await work(progress);
    status.textContent = summary(result);
    item.classList.add('done');
    return result;
  } catch (error) {
    status.textContent = `avbrutet: ${error.message}`;
    item.classList.add('failed');
    throw error;
  } finally {
    item.append(' ', h('button', { type: 'button', class: 'quiet small', 'aria-label': `Ta bort: ${label}`, onclick: dismiss }, '×'));
  }
}

function errorBox(error) {
  return h('p', { class: 'error', role: 'alert' }, error.message);
}

function base64ToHex(b64) {
  if (!b64) return '';
  return Array.from(atob(b64), (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
}

// Which input a server error concerns, from the words the ledger uses for it.
function fieldFrom(map) {
  return (message) => {
    const m = message.toLowerCase();
    for (const [word, name] of map) if (m.includes(word)) return name;
    return null;
  };
}

function form(attributes, ...children) {
  return h('form', { novalidate: true, ...attributes }, ...children,
    h('p', { class: 'form-error', role: 'alert', hidden: true }));
}

// ---- Inloggning ----

function loginScreen(message) {
  const f = form({ class: 'card narrow', id: 'login-form', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'Logga in'),
    h('p', {}, 'Ange din API-nyckel (token). På en öppen server (utveckling) lämnas fältet tomt.'),
    field('Token', 'token', { type: 'password', autocomplete: 'current-password', autofocus: true }),
    h('button', { type: 'submit' }, 'Logga in'));
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      caller = await api.login(f.elements.token.value);
      started();
      location.hash = '#/sok';
      route();
    } catch (error) {
      showErrors(f, error, () => 'token');
    }
  });
  render(message ? h('p', { class: 'notice' }, message) : '', f);
  f.elements.token.focus();
}

// ---- Sök ----

function searchScreen(params) {
  const f = form({ class: 'card', role: 'search', 'aria-labelledby': 'search-title' },
    h('h1', { id: 'search-title' }, 'Sök faktura eller kund'),
    h('div', { class: 'fields' },
      field('Fakturanummer', 'invoice', { inputmode: 'numeric', value: params.get('invoice') ?? '', autofocus: true }),
      field('OCR', 'ocr', { inputmode: 'numeric', value: params.get('ocr') ?? '' }),
      field('Kundnummer', 'customer', { value: params.get('customer') ?? '' }),
      field('Person-/organisationsnummer', 'nationalId', { value: params.get('nationalId') ?? '' }),
      field('Namn', 'name', { value: params.get('name') ?? '' }),
      field('Adress', 'address', { value: params.get('address') ?? '' })),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'onlyOpen', checked: params.get('onlyOpen') === '1' }), 'Endast obetalda'),
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Sök')));
  const results = h('section', { 'aria-live': 'polite', id: 'results' });
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = f.elements;
    if (v.invoice.value.trim()) {
      location.hash = `#/faktura/${encodeURIComponent(v.invoice.value.trim())}`;
      return;
    }
    const q = new URLSearchParams();
    for (const k of ['ocr', 'customer', 'nationalId', 'name', 'address']) if (v[k].value.trim()) q.set(k, v[k].value.trim());
    if (v.onlyOpen.checked) q.set('onlyOpen', '1');
    location.hash = `#/sok?${q}`;
  });
  render(f, results);
  const hasQuery = ['ocr', 'customer', 'nationalId', 'name', 'address'].some((k) => params.get(k));
  if (hasQuery) runSearch(params, results, f);
}

// Hits a page: the ledger pages a search (a name can match thousands), the page shows one.
const SEARCH_PAGE = 100;

async function runSearch(params, results, f) {
  const page = Math.max(1, Number(params.get('sida') ?? 1) || 1);
  const offset = (page - 1) * SEARCH_PAGE;
  try {
    const answer = await api.call('SearchInvoices', {
      limit: SEARCH_PAGE,
      offset,
      company: company(),
      ocr: params.get('ocr') ?? '',
      customerNumber: params.get('customer') ?? '',
      nationalId: params.get('nationalId') ?? '',
      name: params.get('name') ?? '',
      address: params.get('address') ?? '',
      onlyOpen: params.get('onlyOpen') === '1',
    });
    const hits = answer.hits ?? [];
    const pageLink = (n, text) => {
      const q = new URLSearchParams(params);
      q.set('sida', String(n));
      return h('a', { href: `#/sok?${q}`, class: 'page-link' }, text);
    };
    results.replaceChildren(
      h('h2', {}, hits.length === 0 ? 'Inga träffar'
        : `Träffar ${offset + 1}–${offset + hits.length}${answer.truncated ? ' (fler finns)' : ''}`),
      h('nav', { class: 'pages', 'aria-label': 'Sidor' },
        page > 1 ? pageLink(page - 1, '← Föregående') : '',
        answer.truncated ? pageLink(page + 1, 'Nästa →') : ''),
      table([
        { title: 'Faktura', cell: (x) => h('a', { href: `#/faktura/${x.invoice.invoiceNumber}` }, x.invoice.invoiceNumber) },
        { title: 'Kund', cell: (x) => h('a', { href: `#/kund/${encodeURIComponent(x.invoice.customerNumber)}` }, x.invoice.customerNumber) },
        { title: 'Namn', cell: (x) => x.customerName },
        { title: 'Person-/org.nr', cell: (x) => x.nationalId },
        { title: 'Fakturadatum', cell: (x) => x.invoice.invoiceDate },
        { title: 'Förfallodatum', cell: (x) => x.invoice.dueDate },
        { title: 'Fakturerat', numeric: true, cell: (x) => amount(x.invoice.invoiced) },
        { title: 'Saldo', numeric: true, cell: (x) => amount(x.invoice.balance) },
        { title: 'Status', cell: (x) => invoiceStatus(x.invoice.status) },
      ], hits, { label: 'Sökträffar' }));
  } catch (error) {
    showErrors(f, error, fieldFrom([['national', 'nationalId'], ['ocr', 'ocr'], ['customer', 'customer'], ['name', 'name']]));
  }
}

// ---- Kundkort ----

const PLAN_STATES = { KEPT: 'Följs', MISSED: 'Missad betalning', COMPLETED: 'Fullgjord', CANCELLED: 'Avbruten' };

// A saldolista row's amounts and dunning step (the customer card and the saldolista).
const saldoColumns = [
  { title: 'Fakturerat', numeric: true, cell: (r) => amount(r.amounts.invoiced) },
  { title: 'Avgifter/ränta', numeric: true, cell: (r) => amount(r.amounts.charged) },
  { title: 'Betalt', numeric: true, cell: (r) => amount(r.amounts.paid) },
  { title: 'Saldo', numeric: true, cell: (r) => amount(r.amounts.balance) },
  { title: 'Kravsteg', cell: (r) => dunningStep(r.step, r.stepDate) },
];

async function customerScreen(number) {
  try {
    const [customer, list, plans] = await Promise.all([
      api.call('GetCustomer', { company: company(), customerNumber: number }),
      api.call('Saldolista', { companyFrom: company(), companyTo: company(), customerNumber: number, includePaid: true }),
      api.call('ListPlans', { company: company(), customerNumber: number }),
    ]);
    const d = customer.details ?? {};
    render(h('section', { class: 'card', 'aria-labelledby': 'customer-title' },
      h('h1', { id: 'customer-title' }, `Kund ${customer.customerNumber}: ${d.name}`),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Person-/organisationsnummer'), h('dd', {}, d.nationalId),
        h('dt', {}, 'Adress'), h('dd', {}, [d.street, `${d.postalCode} ${d.city}`].filter((x) => x.trim()).join(', ')),
        h('dt', {}, 'E-post'), h('dd', {}, d.email || '–'),
        h('dt', {}, 'E-fakturaadress'), h('dd', {}, d.peppolId || '–'),
        h('dt', {}, 'Total skuld'), h('dd', { class: 'num', id: 'customer-debt' }, amount(customer.debt)),
        h('dt', {}, 'Tillgodohavande'), h('dd', { class: 'num' }, amount(customer.creditBalance)),
        h('dt', {}, 'Fakturor'), h('dd', {}, `${customer.invoiceCount} (${customer.openInvoiceCount} obetalda)`))),
    h('section', { class: 'card' },
      h('h2', {}, 'Fakturor och kravstatus'),
      table([
        { title: 'Faktura', cell: (r) => h('a', { href: `#/faktura/${r.invoiceNumber}` }, r.invoiceNumber) },
        { title: 'Fakturadatum', cell: (r) => r.invoiceDate },
        { title: 'Förfallodatum', cell: (r) => r.dueDate },
        ...saldoColumns,
        { title: 'Kravkod', cell: (r) => (r.code ? String(r.code) : '') },
        { title: 'Status', cell: (r) => invoiceStatus(r.status) },
      ], list.rows ?? [], { label: 'Kundens fakturor' })),
    h('section', { class: 'card', id: 'plans' },
      h('h2', {}, 'Avbetalningsplaner'),
      (plans.plans ?? []).length === 0 ? h('p', {}, 'Kunden har ingen avbetalningsplan.') : table([
        { title: 'Plan', cell: (p) => p.planId },
        { title: 'Upprättad', cell: (p) => p.established },
        { title: 'Fakturor', cell: (p) => (p.invoices ?? []).join(', ') },
        { title: 'Totalt', numeric: true, cell: (p) => amount(p.total) },
        { title: 'Betalt', numeric: true, cell: (p) => amount(p.paid) },
        { title: 'Delbetalningar', numeric: true, cell: (p) => (p.instalments ?? []).length },
        { title: 'Läge', cell: (p) => PLAN_STATES[p.state] ?? p.state },
      ], plans.plans, { label: 'Avbetalningsplaner' })));
  } catch (error) {
    render(errorBox(error));
  }
}

// ---- Faktura ----

async function invoiceScreen(number) {
  try {
    const [invoice, trail, accrued] = await Promise.all([
      api.call('GetInvoice', { company: company(), invoiceNumber: number }),
      api.call('AuditTrail', { company: company(), invoiceNumber: number }),
      api.call('AccruedInterest', { company: company(), invoiceNumber: number }).catch((error) => ({ error })),
    ]);
    const events = trail.events ?? [];
    const issued = events.find((e) => e.invoiceIssued)?.invoiceIssued;
    const row = (label, a) => [h('dt', {}, label), h('dd', { class: 'num' }, amount(a))];
    render(
      h('section', { class: 'card', 'aria-labelledby': 'invoice-title' },
        h('h1', { id: 'invoice-title' }, `Faktura ${invoice.invoiceNumber}`),
        h('p', {}, 'Kund ', h('a', { href: `#/kund/${encodeURIComponent(invoice.customerNumber)}` }, invoice.customerNumber),
          ` · fakturadatum ${invoice.invoiceDate} · förfaller ${invoice.dueDate} · OCR ${invoice.ocrReference} · `,
          h('strong', {}, invoiceStatus(invoice.status))),
        h('div', { class: 'columns' },
          h('dl', { class: 'facts', 'aria-label': 'Saldo' },
            row('Fakturerat (kapital)', invoice.invoiced), row('Avgifter', invoice.fees), row('Ränta', invoice.interest),
            row('Betalt', invoice.paid), row('Krediterat', invoice.credited), row('Makulerat', invoice.annulled),
            row('Avskrivet', invoice.writtenOff),
            h('dt', { class: 'total' }, 'Saldo'), h('dd', { class: 'num total', id: 'invoice-balance' }, amount(invoice.balance))),
          issued ? table([
            { title: 'Rad', cell: (l) => l.description },
            { title: 'Netto', numeric: true, cell: (l) => amount({ ore: l.netOre }) },
            { title: 'Moms', numeric: true, cell: (l) => `${amount({ ore: l.vatOre })} (${Number(l.vatRateBp) / 100} %)` },
          ], issued.lines ?? [], { label: 'Fakturarader' }) : '')),
      accruedView(accrued),
      invoice.pendingApproval !== '0' && invoice.pendingApproval
        ? h('p', { class: 'notice' }, `Väntar på attest (begäran ${invoice.pendingApproval}): `, h('a', { href: '#/attest' }, 'Attestera'))
        : '',
      paymentForm(invoice),
      actionForm(invoice),
      documentsView(invoice, events),
      h('section', { class: 'card' },
        h('h2', {}, 'Händelser i journalen'),
        table([
          { title: 'Position', numeric: true, cell: (e) => e.position },
          { title: 'Händelse', cell: (e) => e.type },
          { title: 'Transaktionsdatum', cell: (e) => e.effectiveDate },
          { title: 'Registrerad', cell: (e) => instant(e.recordedAt) },
          { title: 'Av', cell: (e) => e.actor },
          { title: 'Hash (SHA-256)', cell: (e) => h('code', { class: 'hash' }, base64ToHex(e.hash)) },
        ], events, { label: 'Fakturans händelser' })));
  } catch (error) {
    render(errorBox(error));
  }
}

const DOCUMENT_KINDS = {
  DUNNING_LETTERS: 'Påminnelse/krav (körning)',
  INVOICE_COPY: 'Fakturakopia',
  REPLACEMENT_INVOICE: 'Ersättningsfaktura',
  INVOICES: 'Faktura',
  CREDIT_NOTE: 'Kreditfaktura',
  ANNULMENT_NOTICE: 'Annulleringsbesked',
  AMORTISATION_PLAN: 'Avbetalningsplan',
  DUNNING_LETTER_FILES: 'Brev, en fil per brev',
  E_INVOICE: 'E-faktura',
  E_INVOICE_CREDIT_NOTE: 'E-kreditnota',
};

// A record of several files (one a letter, or e-invoices of several invoices) is the CLI's to
// reproduce: a download is one file.
function severalFiles(d) {
  return d.kind === 'DUNNING_LETTER_FILES' || (d.kind.startsWith('E_INVOICE') && (d.invoices ?? []).length > 1);
}

// The documents the journal records for the invoice (what was sent, with its SHA-256), each
// reproduced on demand byte for byte; and a copy printed now.
function documentsView(invoice, events) {
  const docs = events.filter((e) => e.documentProduced);
  const out = h('p', { class: 'done', role: 'status', hidden: true });
  const get = async (method, request, name) => {
    try {
      const { blob } = await api.download(method, request);
      saveBlob(blob, name);
      return true;
    } catch (error) {
      out.className = 'error';
      out.textContent = error.message;
      out.hidden = false;
      return false;
    }
  };
  const copy = h('button', { type: 'button', id: 'print-copy' }, 'Skriv ut fakturakopia');
  copy.addEventListener('click', async () => {
    if (await get('PrintInvoiceDocument', { company: company(), invoiceNumber: invoice.invoiceNumber, kind: 'COPY' },
      `fakturakopia-${invoice.invoiceNumber}.pdf`)) await invoiceScreen(invoice.invoiceNumber);
  });
  return h('section', { class: 'card', id: 'documents', 'aria-labelledby': 'documents-title' },
    h('h2', { id: 'documents-title' }, 'Dokument'),
    docs.length === 0 ? h('p', {}, 'Inga dokument är registrerade för fakturan.') : table([
      { title: 'Position', numeric: true, cell: (e) => e.position },
      { title: 'Dokument', cell: (e) => DOCUMENT_KINDS[e.documentProduced.kind] ?? e.documentProduced.kind },
      { title: 'Datum', cell: (e) => e.documentProduced.date },
      { title: 'Sidor', numeric: true, cell: (e) => e.documentProduced.pages },
      { title: 'SHA-256', cell: (e) => h('code', { class: 'hash' }, e.documentProduced.sha256) },
      { title: '', cell: (e) => (severalFiles(e.documentProduced) ? '' : h('button', {
        type: 'button', class: 'quiet', dataset: { reprint: e.position },
        onclick: () => get('ReprintDocument', { company: company(), position: e.position },
          `dokument-${e.position}.${e.documentProduced.kind.startsWith('E_INVOICE') ? 'xml' : 'pdf'}`),
      }, 'Hämta igen')) },
    ], docs, { label: 'Fakturans dokument' }),
    h('div', { class: 'buttons' }, copy), out);
}

// Upplupen dröjsmålsränta today, with how it is counted (period, days, rate per line).
function accruedView(a) {
  if (a.error) return h('section', { class: 'card' }, h('h2', {}, 'Upplupen ränta'), errorBox(a.error));
  return h('section', { class: 'card', id: 'accrued' },
    h('h2', {}, `Upplupen ränta: ${amount(a.total)} kr`),
    a.exemption ? h('p', {}, `Ingen ränta: ${a.exemption}`)
      : Number(a.days) === 0 && !a.definitive ? h('p', {}, `Ingen upplupen ränta ännu: räntan löper från ${a.start}.`)
      : h('p', {},
      `${a.days} dagar från ${a.start} till ${a.end}${a.definitive ? ' (slutbetald)' : ''}; ${a.convention}. `,
      `Uppdebiterad ${amount(a.charged)}, inbetald ${amount(a.paidRecorded)}, fakturerad ${amount(a.invoiced)}.`),
    (a.lines ?? []).length ? table([
      { title: 'Från', cell: (l) => l.from },
      { title: 'Till', cell: (l) => l.to },
      { title: 'Dagar', numeric: true, cell: (l) => l.days },
      { title: 'Kapital', numeric: true, cell: (l) => amount(l.capital) },
      { title: 'Referensränta', numeric: true, cell: (l) => `${(l.referenceBp / 100).toFixed(2).replace('.', ',')} %` },
      { title: 'Räntesats', numeric: true, cell: (l) => `${(l.rateBp / 100).toFixed(2).replace('.', ',')} %` },
      { title: 'Ränta', numeric: true, cell: (l) => amount(l.interest) },
    ], a.lines, { label: 'Räntans beräkning' }) : '');
}

// Credit, annulment, write-off, fee and interest charges: one form, the fields of the chosen action.
const ACTIONS = {
  credit: { label: 'Kreditera', method: 'CreditInvoice', fields: ['amount', 'creditNote', 'remark', 'date'] },
  annul: { label: 'Makulera', method: 'AnnulInvoice', fields: ['remark', 'date'] },
  writeOff: { label: 'Skriv av', method: 'WriteOff', fields: ['amount', 'remark', 'date'] },
  fee: { label: 'Debitera avgift', method: 'ChargeFee', fields: ['kind', 'amount', 'text', 'date'] },
  interest: { label: 'Debitera ränta', method: 'ChargeInterest', fields: ['amount', 'text', 'date'] },
};

function actionForm(invoice) {
  let commandId = api.newCommandId();
  const f = form({ class: 'card', id: 'action-form', 'aria-labelledby': 'action-title' },
    h('h2', { id: 'action-title' }, 'Kreditera, makulera, skriv av, debitera'),
    h('div', { class: 'fields' },
      h('div', { class: 'field' }, h('label', { for: 'f-action' }, 'Åtgärd'),
        h('select', { id: 'f-action', name: 'action' },
          Object.entries(ACTIONS).map(([key, a]) => h('option', { value: key }, a.label)))),
      h('div', { class: 'field', dataset: { for: 'kind' } }, h('label', { for: 'f-kind' }, 'Avgift'),
        h('select', { id: 'f-kind', name: 'kind' },
          h('option', { value: 'CHARGE_KIND_REMINDER_FEE' }, 'Påminnelseavgift'),
          h('option', { value: 'CHARGE_KIND_COLLECTION_FEE' }, 'Inkassoavgift'),
          h('option', { value: 'CHARGE_KIND_INVOICE_FEE' }, 'Fakturaavgift'),
          h('option', { value: 'CHARGE_KIND_PLAN_FEE' }, 'Avgift för avbetalningsplan'),
          h('option', { value: 'CHARGE_KIND_LATE_COMPENSATION' }, 'Förseningsersättning'))),
      field('Belopp (kr; tomt = hela saldot)', 'amount', { inputmode: 'decimal', autocomplete: 'off' }),
      field('Kreditnota', 'creditNote', {}),
      field('Anmärkning', 'remark', {}),
      field('Text', 'text', {}),
      field('Transaktionsdatum', 'date', { ...dateInput, value: today() })),
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Utför')),
    h('p', { class: 'done', role: 'status', hidden: true }));
  const show = () => {
    const wanted = ACTIONS[f.elements.action.value].fields;
    for (const name of ['kind', 'amount', 'creditNote', 'remark', 'text', 'date']) {
      const box = f.querySelector(`[name="${name}"]`).closest('.field');
      box.hidden = !wanted.includes(name);
    }
  };
  f.elements.action.addEventListener('change', show);
  f.addEventListener('input', () => { commandId = api.newCommandId(); });
  show();
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = f.elements;
    const action = ACTIONS[v.action.value];
    const request = { ctx: { commandId, company: company() }, invoiceNumber: invoice.invoiceNumber };
    if (action.fields.includes('amount') && v.amount.value.trim()) {
      const ore = parseKronor(v.amount.value);
      if (ore === null) {
        showErrors(f, new Error('Ange beloppet i kronor, t.ex. 1 234,50'), () => 'amount');
        return;
      }
      request.amountOre = ore;
    }
    if (action.fields.includes('creditNote')) request.creditNoteNumber = v.creditNote.value;
    if (action.fields.includes('remark')) request.remark = v.remark.value;
    if (action.fields.includes('text')) request.text = v.text.value;
    if (action.fields.includes('kind')) request.kind = v.kind.value;
    request.transactionDate = v.date.value;
    try {
      const answer = await api.call(action.method, request);
      showErrors(f, null);
      await invoiceScreen(invoice.invoiceNumber);
      const done = document.querySelector('#action-form .done');
      done.textContent = answer.approval?.request
        ? `${action.label}: väntar på attest av en annan handläggare (begäran ${answer.approval.request.requestId}).`
        : `${action.label}: klart (journalposition ${answer.result.lastPosition}).`;
      done.hidden = false;
    } catch (error) {
      showErrors(f, error, fieldFrom([['amount', 'amount'], ['credit note', 'creditNote'], ['remark', 'remark'], ['text', 'text'], ['date', 'date']]));
    }
  });
  return f;
}

function paymentForm(invoice) {
  let commandId = api.newCommandId();
  const f = form({ class: 'card', 'aria-labelledby': 'payment-title', id: 'payment-form' },
    h('h2', { id: 'payment-title' }, 'Registrera manuell betalning'),
    h('div', { class: 'fields' },
      field('Belopp (kr)', 'amount', { inputmode: 'decimal', required: true, autocomplete: 'off' }),
      field('Transaktionsdatum', 'date', { ...dateInput, value: today() }),
      field('Inbetalare', 'payer', {}),
      field('Anmärkning', 'reference', {})),
    h('button', { type: 'submit' }, 'Bokför betalning'),
    h('p', { class: 'done', role: 'status', hidden: true }));
  f.addEventListener('input', () => { commandId = api.newCommandId(); });
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = f.elements;
    const ore = parseKronor(v.amount.value);
    if (ore === null) {
      showErrors(f, new Error('Ange beloppet i kronor, t.ex. 1 234,50'), () => 'amount');
      return;
    }
    try {
      const answer = await api.call('RecordPayment', {
        ctx: { commandId, company: company() },
        invoiceNumber: invoice.invoiceNumber,
        amountOre: ore,
        transactionDate: v.date.value,
        channel: 'PAYMENT_CHANNEL_MANUAL',
        reference: v.reference.value,
        payerName: v.payer.value,
      });
      showErrors(f, null);
      await invoiceScreen(invoice.invoiceNumber);
      const done = document.querySelector('#payment-form .done');
      done.textContent = `Betalningen är bokförd (journalposition ${answer.result.lastPosition}${answer.result.replayed ? ', redan bokförd tidigare' : ''}).`;
      done.hidden = false;
    } catch (error) {
      showErrors(f, error, fieldFrom([['amount', 'amount'], ['date', 'date'], ['payer', 'payer'], ['reference', 'reference'], ['remark', 'reference']]));
    }
  });
  return f;
}

// ---- Betalningar: bankfil och omatchade ----

function fileToBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('Filen kunde inte läsas'));
    reader.readAsDataURL(file);
  });
}

function receiptView(r) {
  const line = (label, value) => [h('dt', {}, label), h('dd', { class: 'num' }, value)];
  return h('section', { class: 'card', id: 'import-receipt', 'aria-labelledby': 'receipt-title' },
    h('h2', { id: 'receipt-title' }, `Kvitto: ${r.format} ${r.messageId ? `(${r.messageId})` : ''}`),
    r.result?.replayed ? h('p', { class: 'notice' }, 'Filen var redan inläst: ingenting bokfördes nu.') : '',
    h('dl', { class: 'facts' },
      line('Betalningar', r.payments), line('Inbetalt', amount(r.received)),
      line('Matchade', r.matched), line('Fördelat på fakturor', amount(r.allocated)),
      line('Omatchade', `${r.unmatchedCount} st, ${amount(r.unmatched)}`),
      line('Avskrivet inom gränsen', amount(r.writtenOff)), line('Överbetalt till tillgodo', amount(r.overpaid)),
      line('Återvunnet på avskrivna', amount(r.recovered)),
      line('Filens SHA-256', h('code', { class: 'hash' }, r.fingerprint)),
      line('Journalposition', `${r.result?.firstPosition}–${r.result?.lastPosition}`)));
}

async function paymentsScreen() {
  let commandId = api.newCommandId();
  const upload = form({ class: 'card', 'aria-labelledby': 'upload-title', id: 'upload-form' },
    h('h1', { id: 'upload-title' }, 'Läs in bankfil'),
    h('p', {}, 'BgMax, camt.054, camt.053, OCR giro (Nets) eller CREMUL; formatet känns igen. Hela filen bokförs, eller ingenting.'),
    h('div', { class: 'field' },
      h('label', { for: 'f-file' }, 'Fil'),
      h('input', { id: 'f-file', name: 'file', type: 'file', required: true }),
      errorSlot('file', 'f-file')),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'resend' }),
      'Filen är skickad igen: bokför bara de betalningar som inte redan är bokförda'),
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Läs in')));
  const receipt = h('div', { 'aria-live': 'polite' });
  upload.addEventListener('change', () => { commandId = api.newCommandId(); });
  upload.addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = upload.elements.file.files[0];
    if (!file) {
      showErrors(upload, new Error('Välj en fil'), () => 'file');
      return;
    }
    const button = upload.querySelector('button[type=submit]');
    button.disabled = true;
    button.textContent = 'Läser in …';
    try {
      const request = {
        ctx: { commandId, company: company() },
        format: 'PAYMENT_FILE_FORMAT_AUTO',
        file: await fileToBase64(file),
        confirmResend: upload.elements.resend.checked,
      };
      const r = await track(`Bankfil ${file.name}`, (progress) => api.callWithProgress('ImportPaymentFile', request, progress),
        (x) => `klar: ${x.payments ?? 0} betalningar, ${amount(x.received)} kr`);
      showErrors(upload, null);
      receipt.replaceChildren(receiptView(r));
      await unmatchedList(queue);
    } catch (error) {
      showErrors(upload, error, () => 'file');
    } finally {
      button.disabled = false;
      button.textContent = 'Läs in';
    }
  });
  const queue = h('section', { class: 'card', id: 'unmatched', 'aria-labelledby': 'unmatched-title' });
  render(upload, receipt, queue, paymentListForm());
  await unmatchedList(queue);
}

// ---- Fakturor in: a billing system's file, or the old ledger's open items ----

// The refusals of a file, one per line of it ("3 refusals, nothing imported: line 2: …; line 5: …").
function refusalList(error) {
  const at = error.message.search(/: (?=line \d)/);
  if (at < 0) return errorBox(error);
  const head = error.message.slice(0, at);
  const rest = error.message.slice(at + 2);
  return h('div', { class: 'error', role: 'alert' }, h('p', {}, head),
    h('ul', {}, rest.split(/; (?=line \d)/).map((r) => h('li', {}, r))));
}

function invoiceImportScreen() {
  let commandId = api.newCommandId();
  const f = form({ class: 'card', id: 'invoice-import-form', 'aria-labelledby': 'invoice-import-title' },
    h('h1', { id: 'invoice-import-title' }, 'Läs in fakturor'),
    h('p', {}, 'En fakturafil från ett debiteringssystem (CSV enligt README:s layout, eller Peppol BIS 3 UBL), ',
      'eller den tidigare reskontrans öppna poster. Hela filen läses in, eller ingenting.'),
    h('fieldset', {},
      h('legend', {}, 'Vad filen är'),
      h('label', { class: 'check' }, h('input', { type: 'radio', name: 'kind', value: 'invoices', checked: true }),
        'Fakturor från ett debiteringssystem'),
      h('label', { class: 'check' }, h('input', { type: 'radio', name: 'kind', value: 'migration' }),
        'Öppna poster från tidigare reskontra (migrering)')),
    h('div', { class: 'field' },
      h('label', { for: 'f-invoice-file' }, 'Fil'),
      h('input', { id: 'f-invoice-file', name: 'file', type: 'file', required: true, accept: '.csv,.txt,.xml' }),
      errorSlot('file', 'f-invoice-file')),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'latin1' }), 'Filen är ISO-8859-1 (Latin-1), inte UTF-8'),
    h('div', { class: 'fields', dataset: { for: 'invoices' } },
      field('UBL: rutin att numrera i (tomt = dokumentets ID)', 'routine', { inputmode: 'numeric' }),
      field('UBL: intäktskonto', 'account', { inputmode: 'numeric', maxlength: 4 })),
    h('div', { class: 'fields', dataset: { for: 'migration' }, hidden: true },
      field('Saldodag i tidigare reskontra', 'balanceDate', { ...dateInput }),
      field('Motkonto för ingående balans', 'openingAccount', { inputmode: 'numeric', maxlength: 4, value: '1519' })),
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Läs in')));
  const out = h('div', { 'aria-live': 'polite' });
  const kind = () => f.elements.kind.value;
  f.addEventListener('change', (e) => {
    commandId = api.newCommandId();
    if (e.target.name !== 'kind') return;
    for (const d of f.querySelectorAll('[data-for]')) d.hidden = d.dataset.for !== kind();
  });
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = f.elements.file.files[0];
    if (!file) {
      showErrors(f, new Error('Välj en fil'), () => 'file');
      return;
    }
    const button = f.querySelector('button[type=submit]');
    button.disabled = true;
    button.textContent = 'Läser in …';
    out.replaceChildren();
    try {
      const bytes = await fileToBase64(file);
      const xml = atob(bytes.slice(0, 64)).replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().startsWith('<');
      const request = { ctx: { commandId, company: company() }, file: bytes, latin1: f.elements.latin1.checked };
      if (kind() === 'migration') {
        Object.assign(request, {
          format: 'INVOICE_FILE_FORMAT_CSV', balanceDate: f.elements.balanceDate.value.trim(),
          openingAccount: Number(f.elements.openingAccount.value || 0),
        });
      } else {
        Object.assign(request, {
          format: xml ? 'INVOICE_FILE_FORMAT_UBL' : 'INVOICE_FILE_FORMAT_CSV',
          routine: Number(f.elements.routine.value || 0), revenueAccount: Number(f.elements.account.value || 0),
        });
      }
      const r = await track(`Fakturafil ${file.name}`, (progress) => api.callWithProgress('ImportInvoiceFile', request, progress),
        (x) => `klar: ${x.invoices ?? 0} fakturor${x.openingAccount ? `, saldo ${amount(x.openingBalance)} kr` : ''}`);
      showErrors(f, null);
      out.replaceChildren(invoiceReceiptView(r));
    } catch (error) {
      showErrors(f, null);
      out.replaceChildren(refusalList(error));
    } finally {
      button.disabled = false;
      button.textContent = 'Läs in';
    }
  });
  render(f, out);
}

function invoiceReceiptView(r) {
  const migration = Boolean(r.openingAccount);
  const line = (label, value) => [h('dt', {}, label), h('dd', { class: 'num' }, value)];
  return h('section', { class: 'card', id: 'invoice-receipt', 'aria-labelledby': 'invoice-receipt-title' },
    h('h2', { id: 'invoice-receipt-title' }, migration ? `Kvitto: öppna poster per ${r.balanceDate}` : 'Kvitto: fakturafil'),
    r.result?.replayed ? h('p', { class: 'notice' }, 'Filen var redan inläst: ingenting bokfördes nu.') : '',
    h('dl', { class: 'facts' },
      line('Fakturor', r.invoices ?? 0), line('Fakturerat', amount(r.total)),
      migration ? line('Saldo på saldodagen', amount(r.openingBalance)) : [],
      migration ? line('Betalt före saldodagen', amount(r.paidBefore)) : [],
      migration ? line('Bokfört mot konto', r.openingAccount) : [],
      line('Nya kunder', r.customersRegistered ?? 0), line('Ändrade kunder', r.customersChanged ?? 0),
      line('Journalposition', `${r.result?.firstPosition}–${r.result?.lastPosition}`)),
    table([
      { title: 'Källans id', cell: (x) => x.sourceId ?? '' },
      { title: 'Faktura', cell: (x) => h('a', { href: `#/faktura/${x.invoiceNumber}` }, x.invoiceNumber) },
      { title: 'Kund', cell: (x) => h('a', { href: `#/kund/${encodeURIComponent(x.customerNumber)}` }, x.customerNumber) },
      { title: 'OCR', cell: (x) => x.ocr },
      { title: 'Förfaller', cell: (x) => x.dueDate },
      { title: 'Belopp', numeric: true, cell: (x) => amount(x.total) },
      ...(migration ? [{ title: 'Saldo', numeric: true, cell: (x) => amount(x.openBalance) }] : []),
    ], r.imported ?? [], { label: 'Inlästa fakturor' }));
}

// Inbetalningslista: what was booked on the receivables, by transaction date and method.
function paymentListForm() {
  const f = form({ class: 'card', id: 'payment-list', 'aria-labelledby': 'paylist-title' },
    h('h2', { id: 'paylist-title' }, 'Inbetalningslista'),
    h('div', { class: 'fields' },
      field('Transaktionsdatum från', 'from', { ...dateInput, value: today() }),
      field('till', 'to', { ...dateInput, value: today() })),
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Visa')));
  const out = h('div', { 'aria-live': 'polite' });
  f.append(out);
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const r = await api.call('PaymentList', {
        companyFrom: company(), companyTo: company(),
        transactionFrom: f.elements.from.value, transactionTo: f.elements.to.value,
      });
      showErrors(f, null);
      out.replaceChildren(
        h('p', {}, `${r.count} rader, summa ${amount(r.total)} kr${r.truncated ? ' (visar de första)' : ''}.`),
        table([
          { title: 'Transaktionsdatum', cell: (x) => x.transactionDate },
          { title: 'Faktura', cell: (x) => (x.invoiceNumber !== '0' ? h('a', { href: `#/faktura/${x.invoiceNumber}` }, x.invoiceNumber) : '') },
          { title: 'Kund', cell: (x) => `${x.customerNumber} ${x.customerName}` },
          { title: 'Händelse', cell: (x) => x.action },
          { title: 'Sätt', cell: (x) => x.method },
          { title: 'Belopp', numeric: true, cell: (x) => amount(x.amount) },
          { title: 'Inbetalare', cell: (x) => x.payerName },
          { title: 'Bokförd', cell: (x) => x.postingDate || 'ej bokförd' },
        ], r.rows ?? [], { label: 'Inbetalningslista' }));
    } catch (error) {
      showErrors(f, error, fieldFrom([['transaction_from', 'from'], ['transaction_to', 'to'], ['date', 'from']]));
    }
  });
  return f;
}

async function unmatchedList(queue) {
  try {
    const list = await api.call('ListUnmatched', { company: company() });
    const payments = list.payments ?? [];
    queue.replaceChildren(
      h('h2', { id: 'unmatched-title' }, `Omatchade inbetalningar: ${payments.length} st, ${amount(list.total)}`),
      payments.length === 0 ? h('p', {}, 'Kön är tom.') : table([
        { title: 'Datum', cell: (p) => p.date },
        { title: 'Belopp', numeric: true, cell: (p) => amount(p.amount) },
        { title: 'Referens', cell: (p) => p.reference },
        { title: 'Inbetalare', cell: (p) => p.payerName },
        { title: 'Orsak', cell: (p) => p.reason },
        { title: '', cell: (p) => h('button', { type: 'button', class: 'quiet', dataset: { payment: p.paymentId },
          onclick: () => resolveForm(queue, p) }, 'Hantera') },
      ], payments, { label: 'Omatchade inbetalningar' }));
  } catch (error) {
    queue.replaceChildren(errorBox(error));
  }
}

// Fördela på fakturor, bokföra på konto, eller betala tillbaka: one of the three.
function resolveForm(queue, payment) {
  queue.querySelector('#resolve-form')?.remove();
  let commandId = api.newCommandId();
  const parts = h('div', { class: 'parts' });
  const addPart = (invoice = '', kr = '') => {
    const n = parts.children.length;
    parts.append(h('div', { class: 'fields part' },
      field('Faktura', `invoice${n}`, { inputmode: 'numeric', value: invoice }),
      field('Belopp (kr)', `amount${n}`, { inputmode: 'decimal', value: kr })));
  };
  addPart('', amount(payment.amount));
  const f = form({ class: 'card', id: 'resolve-form', 'aria-labelledby': 'resolve-title' },
    h('h2', { id: 'resolve-title' }, `Hantera ${amount(payment.amount)} från ${payment.payerName || 'okänd inbetalare'}`),
    h('fieldset', {}, h('legend', {}, 'Sätt'),
      h('label', { class: 'check' }, h('input', { type: 'radio', name: 'how', value: 'allocate', checked: true }), 'Fördela på fakturor'),
      h('label', { class: 'check' }, h('input', { type: 'radio', name: 'how', value: 'book' }), 'Bokför på konto'),
      h('label', { class: 'check' }, h('input', { type: 'radio', name: 'how', value: 'refund' }), 'Betala tillbaka')),
    parts,
    h('button', { type: 'button', class: 'quiet', onclick: () => addPart() }, 'Lägg till faktura'),
    h('div', { class: 'fields' },
      field('Konto (vid bokföring)', 'account', { inputmode: 'numeric' }),
      field('Text (varför, till vem)', 'text', {})),
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Spara')));
  f.addEventListener('input', () => { commandId = api.newCommandId(); });
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    const how = f.elements.how.value;
    const request = { ctx: { commandId, company: company() }, paymentId: payment.paymentId, text: f.elements.text.value };
    if (how === 'allocate') {
      request.allocations = [];
      for (let i = 0; i < parts.children.length; i++) {
        const invoice = f.elements[`invoice${i}`].value.trim();
        if (!invoice) continue;
        const ore = parseKronor(f.elements[`amount${i}`].value);
        if (ore === null) {
          showErrors(f, new Error('Ange beloppet i kronor, t.ex. 1 234,50'), () => `amount${i}`);
          return;
        }
        request.allocations.push({ invoiceNumber: invoice, amountOre: ore });
      }
    } else if (how === 'book') {
      request.bookAccount = Number(f.elements.account.value || 0);
    } else {
      request.refund = true;
    }
    try {
      const answer = await api.call('ResolveUnmatched', request);
      showErrors(f, null);
      await unmatchedList(queue);
      queue.append(h('p', { class: 'done', role: 'status', id: 'resolve-done' },
        `Inbetalningen är hanterad (journalposition ${answer.result.lastPosition}).`));
    } catch (error) {
      showErrors(f, error, fieldFrom([['account', 'account'], ['text', 'text'], ['invoice', 'invoice0'], ['add up', 'amount0'], ['amount', 'amount0']]));
    }
  });
  queue.append(f);
  f.querySelector('input[name=invoice0]').focus();
}

// ---- Krav: kontrollista, sedan körning ----

// A run over many invoices: the form's submit shows its kontrollista (a dry run: nothing is
// written); the run button then runs what the clerk saw, once (one command id until the form
// changes, which also takes the run back until a new kontrollista).
function controlListThenRun(f, out, { method, run, request, count, list, done, errorField }) {
  let commandId = api.newCommandId();
  f.addEventListener('input', () => {
    commandId = api.newCommandId();
    run.disabled = true;
  });
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const r = await api.call(method, request(commandId, true));
      showErrors(f, null);
      out.replaceChildren(list(r));
      run.disabled = count(r) === 0;
    } catch (error) {
      showErrors(f, error, errorField);
    }
  });
  run.addEventListener('click', async () => {
    run.disabled = true;
    try {
      const r = await api.call(method, request(commandId, false));
      showErrors(f, null);
      commandId = api.newCommandId();  // a later kontrollista is a new run
      out.replaceChildren(...done(r, `journalposition ${r.result.lastPosition}${r.result.replayed ? ', redan körd' : ''}`));
    } catch (error) {
      showErrors(f, error, errorField);
      run.disabled = false;
    }
  });
}

function dunningScreen() {
  const f = form({ class: 'card', 'aria-labelledby': 'dunning-title' },
    h('h1', { id: 'dunning-title' }, 'Påminnelser och krav'),
    h('p', {}, 'Ta fram kontrollistan först: den visar vilka brev körningen skulle skicka, och ingenting skrivs. Kör sedan.'),
    h('div', { class: 'fields' },
      field('Körningsdatum', 'runDate', { ...dateInput, value: today() }),
      field('Rutin (0 = alla)', 'routine', { inputmode: 'numeric', value: '0' }),
      field('Kundnummer', 'customer', {})),
    h('div', { class: 'buttons' },
      h('button', { type: 'submit', id: 'dry-run' }, 'Visa kontrollista'),
      h('button', { type: 'button', id: 'run', disabled: true }, 'Kör påminnelser')));
  const out = h('section', { 'aria-live': 'polite', id: 'dunning-result' });
  const letters = (r, title) => h('div', {},
    h('h2', {}, title),
    table([
      { title: 'Faktura', cell: (l) => h('a', { href: `#/faktura/${l.invoiceNumber}` }, l.invoiceNumber) },
      { title: 'Kund', cell: (l) => `${l.customerNumber} ${l.customerName}` },
      { title: 'Steg', cell: (l) => dunningStep(l.stepName) },
      { title: 'Krav', numeric: true, cell: (l) => amount(l.claim) },
      { title: 'Avgift', numeric: true, cell: (l) => `${amount(l.fee)}${l.feeCharged ? '' : ' (noteras)'}` },
      { title: 'Upplupen ränta', numeric: true, cell: (l) => amount(l.accruedInterest) },
      { title: 'Förfallodatum', cell: (l) => l.dueDate },
    ], r.letters ?? [], { label: title }),
    (r.coveredByCredit ?? []).length ? h('p', {}, `Täcks av tillgodohavande (inget brev): ${r.coveredByCredit.join(', ')}`) : '');
  controlListThenRun(f, out, {
    method: 'RunDunning',
    run: f.querySelector('#run'),
    request: (commandId, dryRun) => ({
      ctx: { commandId, company: company() },
      runDate: f.elements.runDate.value,
      selection: { routine: Number(f.elements.routine.value || 0), customerNumber: f.elements.customer.value.trim() },
      dryRun,
    }),
    count: (r) => (r.letters ?? []).length,
    list: (r) => letters(r, `Kontrollista ${r.runDate}: ${(r.letters ?? []).length} brev, avgifter ${amount(r.feesCharged)}`),
    done: (r, position) => [
      h('p', { class: 'done', role: 'status', id: 'dunning-done' },
        `Körningen är gjord: ${(r.letters ?? []).length} brev (${position}). Skriv ut breven med reskontra dunning print.`),
      letters(r, 'Skickade brev')],
    errorField: fieldFrom([['date', 'runDate'], ['routine', 'routine'], ['customer', 'customer']]),
  });
  render(f, out);
}

// ---- Attest (fyra ögon) ----

async function approvalsScreen() {
  const out = h('section', { class: 'card', id: 'approvals', 'aria-labelledby': 'approvals-title' });
  render(out);
  const load = async (message) => {
    try {
      const list = await api.call('ListApprovals', { company: company(), pendingOnly: true });
      const p = list.policy ?? {};
      const rules = [p.annulment ? 'makuleringar' : '', p.writeOff ? `avskrivningar från ${amount(p.writeOffFrom)} kr` : '']
        .filter(Boolean).join(' och ');
      const approvals = list.approvals ?? [];
      out.replaceChildren(
        h('h1', { id: 'approvals-title' }, 'Attest'),
        h('p', {}, rules ? `Företaget kräver en andra handläggares attest för ${rules}.` : 'Företaget kräver ingen attest.'),
        message ?? '',
        approvals.length === 0 ? h('p', {}, 'Inget väntar på attest.') : table([
          { title: 'Begäran', cell: (a) => a.request.requestId },
          { title: 'Faktura', cell: (a) => h('a', { href: `#/faktura/${a.request.invoiceNumber}` }, a.request.invoiceNumber) },
          { title: 'Slag', cell: (a) => (a.request.kind === 'APPROVAL_KIND_ANNULMENT' ? 'Makulering' : 'Avskrivning') },
          { title: 'Belopp', numeric: true, cell: (a) => amount(a.request.amount) },
          { title: 'Anmärkning', cell: (a) => a.request.remark },
          { title: 'Begärd av', cell: (a) => `${a.requestedBy} ${instant(a.requestedAt)}` },
          { title: '', cell: (a) => decideButtons(a, load) },
        ], approvals, { label: 'Väntar på attest' }));
    } catch (error) {
      out.replaceChildren(h('h1', {}, 'Attest'), errorBox(error));
    }
  };
  await load();
}

// One command id a request: a double click or a retry after a lost answer decides once.
const decisionIds = new Map();

function decideButtons(a, reload) {
  const reason = h('input', { name: `reason-${a.request.requestId}`, 'aria-label': 'Skäl', placeholder: 'Skäl' });
  const decide = async (approve) => {
    const key = `${company()}-${a.request.requestId}-${approve}-${reason.value}`;
    if (!decisionIds.has(key)) decisionIds.set(key, api.newCommandId());
    try {
      const answer = await api.call('DecideApproval', {
        ctx: { commandId: decisionIds.get(key), company: company() },
        requestId: a.request.requestId,
        approve,
        reason: reason.value,
      });
      await reload(h('p', { class: 'done', role: 'status', id: 'approval-done' },
        `Begäran ${a.request.requestId} ${approve ? 'godkänd' : 'avslagen'} (journalposition ${answer.result.lastPosition}).`));
    } catch (error) {
      await reload(h('p', { class: 'error', role: 'alert', id: 'approval-error' }, error.message));
    }
  };
  return h('span', { class: 'buttons' }, reason,
    h('button', { type: 'button', dataset: { approve: a.request.requestId }, onclick: () => decide(true) }, 'Godkänn'),
    h('button', { type: 'button', class: 'quiet', dataset: { reject: a.request.requestId }, onclick: () => decide(false) }, 'Avslå'));
}

// ---- Räntefakturering: kontrollista, sedan körning ----

// The first day of the month `n` months before this one.
function monthsBack(n) {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-01`;
}

function interestScreen() {
  const f = form({ class: 'card', 'aria-labelledby': 'interest-title' },
    h('h1', { id: 'interest-title' }, 'Räntefakturering'),
    h('p', {}, 'Dröjsmålsränta på för sent betalda fakturor faktureras som räntefakturor. Kontrollistan skriver ingenting.'),
    h('div', { class: 'fields' },
      field('Betalda från', 'paidFrom', { ...dateInput, value: monthsBack(1) }),
      field('Betalda till', 'paidTo', { ...dateInput, value: today() }),
      field('Förfallodag (tomt = enligt policy)', 'dueDate', { ...dateInput })),
    h('div', { class: 'buttons' },
      h('button', { type: 'submit', id: 'interest-dry-run' }, 'Visa kontrollista'),
      h('button', { type: 'button', id: 'interest-run', disabled: true }, 'Fakturera ränta')));
  const out = h('section', { 'aria-live': 'polite', id: 'interest-result' });
  const claims = (r, title) => h('div', {}, h('h2', {}, title), table([
    { title: 'Faktura', cell: (c) => h('a', { href: `#/faktura/${c.invoiceNumber}` }, c.invoiceNumber) },
    { title: 'Kund', cell: (c) => `${c.customerNumber} ${c.customerName}` },
    { title: 'Förföll', cell: (c) => c.dueDate },
    { title: 'Betald', cell: (c) => c.paidOn },
    { title: 'Dagar', numeric: true, cell: (c) => c.days },
    { title: 'Ränta', numeric: true, cell: (c) => amount(c.interest) },
    { title: 'Att fakturera', numeric: true, cell: (c) => amount(c.amount) },
    { title: 'Räntefaktura', cell: (c) => c.skipped || (c.interestInvoice !== '0' ? c.interestInvoice : '') },
  ], r.claims ?? [], { label: title }));
  controlListThenRun(f, out, {
    method: 'RunInterestInvoicing',
    run: f.querySelector('#interest-run'),
    request: (commandId, dryRun) => ({
      ctx: { commandId, company: company() },
      selection: { paidFrom: f.elements.paidFrom.value, paidTo: f.elements.paidTo.value },
      dueDate: f.elements.dueDate.value,
      dryRun,
    }),
    count: (r) => (r.claims ?? []).length,
    list: (r) => claims(r, `Kontrollista: ${(r.claims ?? []).length} fakturor, ${amount(r.total)} kr`),
    done: (r, position) => [h('p', { class: 'done', role: 'status' }, `Räntefakturorna är utställda (${position}).`),
      claims(r, 'Fakturerat')],
    errorField: fieldFrom([['paid_from', 'paidFrom'], ['paid_to', 'paidTo'], ['due', 'dueDate']]),
  });
  render(f, out);
}

// ---- Saldolista ----

function saldolistaScreen(params) {
  const f = form({ class: 'card', 'aria-labelledby': 'saldo-title' },
    h('h1', { id: 'saldo-title' }, 'Saldolista och kundfordringar per datum'),
    h('div', { class: 'fields' },
      field('Per dag (transaktionsdatum)', 'effectiveOn', { ...dateInput, value: params.get('effectiveOn') ?? '' }),
      field('Som känd vid (tidpunkt, UTC)', 'knownAt', { placeholder: '2026-12-01T12:00:00Z', value: params.get('knownAt') ?? '' }),
      field('Kundnummer', 'customer', { value: params.get('customer') ?? '' }),
      field('Förvaltning', 'department', { value: params.get('department') ?? '' }),
      field('Handläggare', 'handler', { value: params.get('handler') ?? '' })),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'includePaid', checked: params.get('includePaid') === '1' }), 'Visa även slutbetalda'),
    h('div', { class: 'buttons' },
      h('button', { type: 'submit' }, 'Visa'),
      h('button', { type: 'button', class: 'quiet', id: 'download-csv' }, 'Ladda ner CSV'),
      h('button', { type: 'button', class: 'quiet', id: 'download-xlsx' }, 'Ladda ner XLSX')));
  const out = h('section', { 'aria-live': 'polite', id: 'saldo-result' });
  const selection = () => {
    const v = f.elements;
    return {
      asOf: { effectiveOn: v.effectiveOn.value, knownAt: v.knownAt.value.trim() },
      companyFrom: company(),
      companyTo: company(),
      customerNumber: v.customer.value.trim(),
      department: v.department.value.trim(),
      handler: v.handler.value.trim(),
      includePaid: v.includePaid.checked,
    };
  };
  const errorField = fieldFrom([['known', 'knownAt'], ['effective', 'effectiveOn'], ['date', 'effectiveOn'], ['customer', 'customer']]);
  // The server pages the list: one page of rows at a time, the totals over all of them.
  const pageRows = 100;
  const showPage = async (offset) => {
    try {
      const list = await api.call('Saldolista', { ...selection(), rowOffset: offset, rowLimit: pageRows });
      showErrors(f, null);
      const t = list.total?.amounts ?? {};
      const first = Number(list.rowOffset ?? 0);
      const shown = (list.rows ?? []).length;
      const selected = Number(list.rowsSelected ?? 0);
      const pager = h('nav', { class: 'buttons pager', 'aria-label': 'Sidor' },
        h('button', { type: 'button', class: 'quiet', id: 'saldo-previous', disabled: first === 0,
          onclick: () => showPage(Math.max(0, first - pageRows)) }, 'Föregående sida'),
        h('span', { id: 'saldo-rows' }, selected ? `Rad ${first + 1}–${first + shown} av ${selected}` : 'Inga rader'),
        h('button', { type: 'button', class: 'quiet', id: 'saldo-next', disabled: first + shown >= selected,
          onclick: () => showPage(first + pageRows) }, 'Nästa sida'));
      out.replaceChildren(
        h('h2', {}, list.effectiveOn ? `Per ${list.effectiveOn}` : 'Idag', list.knownAt ? `, som känd vid ${list.knownAt}` : '',
          ` · ${list.total?.invoices ?? 0} fakturor · journalposition ${list.position}`),
        table([
          { title: 'Faktura', cell: (r) => h('a', { href: `#/faktura/${r.invoiceNumber}` }, r.invoiceNumber) },
          { title: 'Kund', cell: (r) => r.customerNumber },
          { title: 'Namn', cell: (r) => r.name },
          { title: 'Förfallodatum', cell: (r) => r.dueDate },
          ...saldoColumns,
        ], list.rows ?? [], {
          label: 'Saldolista',
          foot: h('tr', {}, h('th', { scope: 'row', colspan: 4 }, 'Summa'),
            h('td', { class: 'num' }, amount(t.invoiced)), h('td', { class: 'num' }, amount(t.charged)),
            h('td', { class: 'num' }, amount(t.paid)), h('td', { class: 'num', id: 'saldo-total' }, amount(t.balance)), h('td', {})),
        }),
        pager);
    } catch (error) {
      showErrors(f, error, errorField);
    }
  };
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    showPage(0);
  });
  const exportAs = async (format, extension) => {
    try {
      const name = `saldolista-${f.elements.effectiveOn.value || today()}.${extension}`;
      const request = { report: 'EXPORT_REPORT_SALDOLISTA', format, selection: selection() };
      const { blob } = await track(name, (progress) => api.download('Export', request, progress),
        (d) => `klar: ${size(d.blob.size)}`);
      showErrors(f, null);
      saveBlob(blob, name);
    } catch (error) {
      showErrors(f, error, errorField);
    }
  };
  f.querySelector('#download-csv').addEventListener('click', () => exportAs('EXPORT_FORMAT_CSV', 'csv'));
  f.querySelector('#download-xlsx').addEventListener('click', () => exportAs('EXPORT_FORMAT_XLSX', 'xlsx'));
  render(f, out);
}

// ---- Revision ----

async function auditScreen() {
  const verifyOut = h('div', { 'aria-live': 'polite', id: 'verify-result' });
  const verify = h('button', { type: 'button', id: 'verify' }, 'Verifiera hela kedjan');
  verify.addEventListener('click', async () => {
    verify.disabled = true;
    verifyOut.replaceChildren(h('p', {}, 'Verifierar …'));
    try {
      const v = await api.call('Verify', {});
      verifyOut.replaceChildren(h('p', { class: 'ok' },
        `Kedjan håller: ${v.records} poster, senaste hash ${v.headHash}. Projektionerna ${v.projectionsMatchRebuild ? 'stämmer med en ombyggnad' : 'STÄMMER INTE med en ombyggnad'}.`));
    } catch (error) {
      verifyOut.replaceChildren(errorBox(error));
    } finally {
      verify.disabled = false;
    }
  });
  try {
    const head = await api.call('GetHead', {});
    render(h('section', { class: 'card', 'aria-labelledby': 'audit-title' },
      h('h1', { id: 'audit-title' }, 'Revision'),
      h('p', {}, 'Skriv ned position och hash: de bevisar senare att journalen inte har ändrats.'),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Journalens position'), h('dd', { id: 'head-position' }, head.position),
        h('dt', {}, 'Hash'), h('dd', {}, h('code', { class: 'hash', id: 'head-hash' }, head.hash)),
        h('dt', {}, 'Registrerad'), h('dd', {}, instant(head.recordedAt))),
      h('div', { class: 'buttons' }, verify), verifyOut),
    reconcileForm(), sieForm(), liveEvents(head));
  } catch (error) {
    render(errorBox(error));
  }
}

// The journal as it grows: the last records, then every new one as it is recorded, while the
// page is open (GET /api/events, the ledger's Subscribe as server-sent events; the browser
// reconnects by itself after a dropped connection and goes on after the last position it had).
const LIVE_BACKLOG = 30;
const LIVE_ROWS_MAX = 200;

function invoiceOf(e) {
  for (const value of Object.values(e)) {
    if (value && typeof value === 'object' && value.invoiceNumber && value.invoiceNumber !== '0') return value.invoiceNumber;
  }
  return '';
}

function liveEvents(head) {
  const body = h('tbody', {});
  const status = h('p', { class: 'muted', id: 'live-status', 'aria-live': 'polite' }, 'Ansluter…');
  const section = h('section', { class: 'card', id: 'live', 'aria-labelledby': 'live-title' },
    h('h2', { id: 'live-title' }, 'Nya händelser'), status,
    h('table', { class: 'grid', 'aria-label': 'Nya händelser' },
      h('thead', {}, h('tr', {}, ['Position', 'Registrerad', 'Transaktionsdatum', 'Händelse', 'Företag', 'Faktura', 'Av']
        .map((t) => h('th', { scope: 'col' }, t)))),
      body));
  const from = Math.max(1, Number(head.position) - LIVE_BACKLOG + 1);
  const source = new EventSource(`/api/events?from=${from}&company=${encodeURIComponent(company())}`);
  let readTo = from - 1;
  const say = () => {
    status.textContent = `Direktuppkopplad: nya händelser visas när de registreras; läst till position ${readTo}.`;
  };
  source.addEventListener('open', say);
  source.addEventListener('journal', (m) => {
    const e = JSON.parse(m.data);
    readTo = Math.max(readTo, Number(e.position));
    if (!body.querySelector(`tr[data-position="${e.position}"]`)) {
      const invoice = invoiceOf(e);
      body.prepend(h('tr', { dataset: { position: e.position } },
        h('td', { class: 'num' }, e.position), h('td', {}, instant(e.recordedAt)), h('td', {}, e.effectiveDate),
        h('td', {}, e.type), h('td', {}, e.company), h('td', {}, invoice ? h('a', { href: `#/faktura/${invoice}` }, invoice) : ''),
        h('td', {}, e.actor)));
      while (body.children.length > LIVE_ROWS_MAX) body.lastChild.remove();
    }
    say();
  });
  source.addEventListener('heartbeat', (m) => {
    readTo = Math.max(readTo, Number(JSON.parse(m.data).scannedTo));
    say();
  });
  source.addEventListener('end', (m) => {
    source.close();
    const why = JSON.parse(m.data);
    status.textContent = `Uppkopplingen avslutades: ${why.message}`;
    if (why.code === 'UNAUTHENTICATED') window.dispatchEvent(new Event('reskontra:unauthenticated'));
  });
  source.addEventListener('error', () => {
    status.textContent = source.readyState === EventSource.CLOSED
      ? 'Uppkopplingen nekades eller bröts: öppna sidan igen.'
      : 'Uppkopplingen bröts: återansluter…';
  });
  // The screen was left (or the user logged out): the stream closes with it.
  const watch = setInterval(() => {
    if (!section.isConnected) {
      source.close();
      clearInterval(watch);
    }
  }, 1000);
  return section;
}

function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// Avstämning: the sub-ledger against the accounts, on a day or as known at an instant.
function reconcileForm() {
  const f = form({ class: 'card', id: 'reconcile-form', 'aria-labelledby': 'reconcile-title' },
    h('h2', { id: 'reconcile-title' }, 'Avstämning'),
    h('div', { class: 'fields' },
      field('Per dag', 'effectiveOn', { ...dateInput, value: today() }),
      field('Som känd vid (tidpunkt, UTC)', 'knownAt', { placeholder: '2026-12-01T12:00:00Z' })),
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Stäm av')));
  const out = h('div', { 'aria-live': 'polite', id: 'reconcile-result' });
  f.append(out);
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const r = await api.call('Reconcile', {
        asOf: { effectiveOn: f.elements.effectiveOn.value, knownAt: f.elements.knownAt.value.trim() },
        companyFrom: company(), companyTo: company(),
      });
      showErrors(f, null);
      out.replaceChildren(
        h('p', { class: r.ok ? 'ok' : 'error' }, r.ok
          ? `Stämmer: reskontran är lika med kontona (journalposition ${r.position}).`
          : `Stämmer inte: ${(r.differences ?? []).length} differenser.`),
        table([
          { title: 'Kontroll', cell: (l) => l.check },
          { title: 'Konto', cell: (l) => l.account },
          { title: 'Reskontran', numeric: true, cell: (l) => amount(l.ledger) },
          { title: 'Bokfört', numeric: true, cell: (l) => amount(l.posted) },
          { title: 'Ej bokfört', numeric: true, cell: (l) => amount(l.unposted) },
          { title: 'Differens', numeric: true, cell: (l) => amount(l.difference) },
        ], [...(r.lines ?? []), ...(r.differences ?? [])], { label: 'Avstämning' }));
    } catch (error) {
      showErrors(f, error, fieldFrom([['known', 'knownAt'], ['effective', 'effectiveOn'], ['date', 'effectiveOn']]));
    }
  });
  return f;
}

// SIE 4: the company's verifikationer of a period, for the general ledger or the auditor.
function sieForm() {
  const year = today().slice(0, 4);
  const f = form({ class: 'card', id: 'sie-form', 'aria-labelledby': 'sie-title' },
    h('h2', { id: 'sie-title' }, 'SIE-fil'),
    h('div', { class: 'fields' },
      field('Från', 'from', { ...dateInput, value: `${year}-01-01` }),
      field('Till', 'to', { ...dateInput, value: today() })),
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Ladda ner SIE')));
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const name = `reskontra-${company()}-${f.elements.to.value}.se`;
      const request = {
        report: 'EXPORT_REPORT_SIE',
        selection: { companyFrom: company(), companyTo: company() },
        periodFrom: f.elements.from.value,
        periodTo: f.elements.to.value,
      };
      const { blob } = await track(name, (progress) => api.download('Export', request, progress), (d) => `klar: ${size(d.blob.size)}`);
      showErrors(f, null);
      saveBlob(blob, name);
    } catch (error) {
      showErrors(f, error, fieldFrom([['period_from', 'from'], ['from', 'from'], ['to', 'to']]));
    }
  });
  return f;
}

// ---- Ramen ----

function route() {
  if (!caller) return;
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query ?? '');
  let parts;
  try {
    parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    parts = [];
  }
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.screen === (parts[0] ?? 'sok')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  // Keyboard and screen-reader users land on the new screen, unless it focused a field itself.
  requestAnimationFrame(() => { if (!main.contains(document.activeElement)) main.focus({ preventScroll: true }); });
  switch (parts[0]) {
    case 'kund': return customerScreen(parts[1]);
    case 'faktura': return invoiceScreen(parts[1]);
    case 'saldolista': return saldolistaScreen(params);
    case 'betalningar': return paymentsScreen();
    case 'fakturor': return invoiceImportScreen();
    case 'krav': return dunningScreen();
    case 'attest': return approvalsScreen();
    case 'ranta': return interestScreen();
    case 'revision': return auditScreen();
    default: return searchScreen(params);
  }
}

function started() {
  document.getElementById('nav').hidden = false;
  document.getElementById('who').hidden = false;
  const roles = { auditor: 'revisor', clerk: 'handläggare', admin: 'administratör' };
  document.getElementById('caller').textContent = caller.open
    ? 'Öppen server (utveckling)'
    : `${caller.name} (${roles[caller.role] ?? caller.role})`;
  const select = document.getElementById('company');
  const saved = sessionStorage.getItem('company');
  select.replaceChildren(...(caller.companies ?? []).map((c) =>
    h('option', { value: c.company, selected: String(c.company) === saved }, `${c.company} ${c.name}`)));
  select.onchange = () => { sessionStorage.setItem('company', select.value); route(); };
}

document.getElementById('logout').addEventListener('click', async () => {
  try {
    await api.logout();
  } catch {
    // The session is gone either way: the cookie was expired by the answer or had already ended.
  }
  caller = null;
  clearWork();
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
  loginScreen('Du är utloggad.');
});

window.addEventListener('hashchange', route);

(async () => {
  try {
    caller = await api.session();
  } catch {
    caller = null;
  }
  if (!caller) return loginScreen();
  started();
  route();
})();
