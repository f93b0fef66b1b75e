// Building the page from data without HTML strings: text is always text, never markup.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (value === true) element.setAttribute(key, '');
    else element.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

// A table: columns [{title, cell(row) -> Node|string, numeric}], rows.
export function table(columns, rows, options = {}) {
  return h('table', { class: 'grid', 'aria-label': options.label },
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : null }, c.title)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, columns.map((c) => h('td', { class: c.numeric ? 'num' : null }, c.cell(row)))))),
    options.foot ? h('tfoot', {}, options.foot) : null);
}

let fields = 0;

// A labelled input; the error of the field it concerns is shown under it. Ids are unique on the
// page (two forms may both have an amount); the error is found by its data-error-for.
export function field(label, name, attributes = {}) {
  const id = `f-${name}-${++fields}`;
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('input', { id, name, ...attributes }),
    errorSlot(name, id));
}

export function errorSlot(name, inputId) {
  return h('p', { class: 'field-error', id: `${inputId}-error`, role: 'alert', hidden: true, dataset: { errorFor: name } });
}

export function showErrors(form, error, fieldOf) {
  for (const p of form.querySelectorAll('.field-error')) { p.hidden = true; p.textContent = ''; }
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  const summary = form.querySelector('.form-error');
  if (!error) { if (summary) { summary.hidden = true; summary.textContent = ''; } return; }
  const name = fieldOf ? fieldOf(error.message) : null;
  const input = name ? form.querySelector(`[name="${name}"]`) : null;
  const p = name ? form.querySelector(`[data-error-for="${name}"]`) : null;
  if (input && p) {
    p.textContent = error.message;
    p.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', p.id);
    input.focus();
  } else if (summary) {
    summary.textContent = error.message;
    summary.hidden = false;
  }
}
