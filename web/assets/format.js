// Swedish formats, exact: amounts are öre in strings (protobuf's JSON of int64) and are never
// turned into floating point.

// "1 234,50" (or "1234.5", "-12", "1 234 kr") -> "123450"; null when it is not an amount.
export function parseKronor(text) {
  const t = String(text).replace(/\s|\u00a0|kr$/gi, '').replace('.', ',');
  const m = /^(-?)(\d+)(?:,(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const ore = BigInt(m[2]) * 100n + BigInt((m[3] ?? '0').padEnd(2, '0'));
  return (m[1] === '-' ? -ore : ore).toString();
}

// "123450" -> "1 234,50"
export function kronor(ore) {
  if (ore === undefined || ore === null || ore === '') return '';
  let v = BigInt(ore);
  const negative = v < 0n;
  if (negative) v = -v;
  const whole = (v / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  const cents = (v % 100n).toString().padStart(2, '0');
  return `${negative ? '−' : ''}${whole},${cents}`;
}

// An Amount message ({ore, kronor}) as the server formatted it.
export function amount(a) {
  return a ? (a.kronor || kronor(a.ore)) : '';
}

export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// RFC 3339 UTC -> "2026-12-07 14:05:09" in Swedish local time.
export function instant(rfc3339) {
  if (!rfc3339) return '';
  const d = new Date(rfc3339);
  return d.toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm' });
}

const STATUS = {
  INVOICE_STATUS_OPEN: 'Obetald',
  INVOICE_STATUS_PAID: 'Slutbetald',
  INVOICE_STATUS_CREDITED: 'Krediterad',
  INVOICE_STATUS_ANNULLED: 'Makulerad',
  INVOICE_STATUS_WRITTEN_OFF: 'Avskriven',
};
// The saldolista's status names (OPEN, PAID, …) and the invoice message's enum alike.
export function invoiceStatus(s) {
  return STATUS[s] ?? STATUS[`INVOICE_STATUS_${s}`] ?? s;
}

const STEP = {
  'reminder 1': 'Påminnelse 1',
  'reminder 2': 'Påminnelse 2',
  inkassokrav: 'Inkassokrav',
  restkrav: 'Restkrav',
  'hot om betalningsföreläggande': 'Hot om betalningsföreläggande',
};
// The furthest dunning step reached, and its date.
export function dunningStep(step, date) {
  if (!step) return '–';
  return `${STEP[step] ?? step}${date ? ` ${date}` : ''}`;
}
