// Reskontra's console: one page, a screen per hash route (#/sok, #/kund/K123, #/faktura/N,
// #/saldolista, #/revision). Every figure comes from the ledger's own answer.
import * as api from './api.js';
import { h, table, field, showErrors } from './dom.js';
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
  const f = form({ class: 'card narrow', 'aria-labelledby': 'login-title' },
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

async function runSearch(params, results, f) {
  try {
    const answer = await api.call('SearchInvoices', {
      company: company(),
      ocr: params.get('ocr') ?? '',
      customerNumber: params.get('customer') ?? '',
      nationalId: params.get('nationalId') ?? '',
      name: params.get('name') ?? '',
      address: params.get('address') ?? '',
      onlyOpen: params.get('onlyOpen') === '1',
    });
    const hits = answer.hits ?? [];
    results.replaceChildren(
      h('h2', {}, `${hits.length} träffar${answer.truncated ? ' (fler finns: förfina sökningen)' : ''}`),
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
    const [customer, list] = await Promise.all([
      api.call('GetCustomer', { company: company(), customerNumber: number }),
      api.call('Saldolista', { companyFrom: company(), companyTo: company(), customerNumber: number, includePaid: true }),
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
      ], list.rows ?? [], { label: 'Kundens fakturor' })));
  } catch (error) {
    render(errorBox(error));
  }
}

// ---- Faktura ----

async function invoiceScreen(number) {
  try {
    const [invoice, trail] = await Promise.all([
      api.call('GetInvoice', { company: company(), invoiceNumber: number }),
      api.call('AuditTrail', { company: company(), invoiceNumber: number }),
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
      paymentForm(invoice),
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
      h('p', { class: 'field-error', id: 'f-file-error', role: 'alert', hidden: true })),
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
      const r = await api.call('ImportPaymentFile', {
        ctx: { commandId, company: company() },
        format: 'PAYMENT_FILE_FORMAT_AUTO',
        file: await fileToBase64(file),
        confirmResend: upload.elements.resend.checked,
      });
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
  render(upload, receipt, queue);
  await unmatchedList(queue);
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
  let commandId = api.newCommandId();
  f.addEventListener('input', () => {
    commandId = api.newCommandId();
    f.querySelector('#run').disabled = true;  // the run is the kontrollista the clerk saw
  });
  const request = (dryRun) => ({
    ctx: { commandId, company: company() },
    runDate: f.elements.runDate.value,
    selection: { routine: Number(f.elements.routine.value || 0), customerNumber: f.elements.customer.value.trim() },
    dryRun,
  });
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
  const errorField = fieldFrom([['date', 'runDate'], ['routine', 'routine'], ['customer', 'customer']]);
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const r = await api.call('RunDunning', request(true));
      showErrors(f, null);
      const n = (r.letters ?? []).length;
      out.replaceChildren(letters(r, `Kontrollista ${r.runDate}: ${n} brev, avgifter ${amount(r.feesCharged)}`));
      f.querySelector('#run').disabled = n === 0;
    } catch (error) {
      showErrors(f, error, errorField);
    }
  });
  f.querySelector('#run').addEventListener('click', async () => {
    const run = f.querySelector('#run');
    run.disabled = true;
    try {
      const r = await api.call('RunDunning', request(false));
      showErrors(f, null);
      out.replaceChildren(h('p', { class: 'done', role: 'status', id: 'dunning-done' },
        `Körningen är gjord: ${(r.letters ?? []).length} brev (journalposition ${r.result.lastPosition}${r.result.replayed ? ', redan körd' : ''}). Skriv ut breven med reskontra dunning print.`),
      letters(r, 'Skickade brev'));
    } catch (error) {
      showErrors(f, error, errorField);
      run.disabled = false;
    }
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
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const list = await api.call('Saldolista', selection());
      showErrors(f, null);
      const t = list.total?.amounts ?? {};
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
        list.truncated ? h('p', { class: 'notice' }, 'Listan är längre än vad som visas: summorna gäller alla rader. Ladda ner filen för alla rader.') : '');
    } catch (error) {
      showErrors(f, error, errorField);
    }
  });
  const exportAs = async (format, extension) => {
    try {
      const { blob } = await api.download('Export', { report: 'EXPORT_REPORT_SALDOLISTA', format, selection: selection() });
      showErrors(f, null);
      const a = h('a', { href: URL.createObjectURL(blob), download: `saldolista-${f.elements.effectiveOn.value || today()}.${extension}` });
      document.body.append(a);
      a.click();
      a.remove();
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
      verify, verifyOut));
  } catch (error) {
    render(errorBox(error));
  }
}

// ---- Ramen ----

function route() {
  if (!caller) return;
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query ?? '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.screen === (parts[0] ?? 'sok')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  switch (parts[0]) {
    case 'kund': return customerScreen(parts[1]);
    case 'faktura': return invoiceScreen(parts[1]);
    case 'saldolista': return saldolistaScreen(params);
    case 'betalningar': return paymentsScreen();
    case 'krav': return dunningScreen();
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
  await api.logout();
  caller = null;
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
