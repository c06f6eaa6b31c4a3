// Builds the DOM from data. Text from users and watches only ever enters as text nodes or textContent.

/**
 * Creates an element. props: className, attributes (set with setAttribute), event handlers as on<Event>,
 * and any other DOM property; children: nodes, strings (as text), null/false (skipped) or arrays of them.
 */
export function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) {
      continue;
    }
    if (key === 'attributes') {
      for (const [name, attribute] of Object.entries(value)) {
        element.setAttribute(name, attribute);
      }
    } else if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2).toLowerCase(), value);
    } else {
      element[key] = value;
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(element, child);
    } else {
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
}

export const byId = id => document.getElementById(id);

/** A table cell with the column's name, which narrow screens show beside the value. */
export function cell(label, ...children) {
  return el('td', { attributes: { 'data-label': label } }, ...children);
}

/** Fills a table body with rows, or shows the "empty" note instead. */
export function fillTable(table, emptyNote, rows) {
  table.tBodies[0].replaceChildren(...rows);
  table.hidden = rows.length === 0;
  emptyNote.hidden = rows.length !== 0;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function formatTime(value) {
  if (!value) {
    return '–';
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : dateTime.format(date);
}

export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined) {
    return '–';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/** Seconds as h:mm:ss (or m:ss), for durations and chart axes. */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) {
    return '–';
  }
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(seconds);
  if (rest < 60) {
    return `${sign}${rest.toFixed(rest < 10 ? 2 : 1)} s`;
  }
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const secs = Math.floor(rest - minutes * 60);
  const mm = hours > 0 ? String(minutes).padStart(2, '0') : String(minutes);
  return `${sign}${hours > 0 ? `${hours}:` : ''}${mm}:${String(secs).padStart(2, '0')}`;
}

export function formatNumber(value, digits = 0) {
  return value === null || value === undefined ? '–' : Number(value).toLocaleString(undefined, { maximumFractionDigits: digits });
}

/** Shows a short message at the top of the page; errors stay until dismissed. */
export function notify(message, kind = 'info') {
  const close = el('button', { type: 'button', className: 'close', title: 'Dismiss', attributes: { 'aria-label': 'Dismiss' } }, '×');
  const notice = el('div', { className: `notice ${kind}`, attributes: { role: kind === 'error' ? 'alert' : 'status' } },
    el('span', {}, message), close);
  close.addEventListener('click', () => notice.remove());
  byId('notices').append(notice);
  if (kind !== 'error') {
    setTimeout(() => notice.remove(), 6000);
  }
  return notice;
}

/** Runs an action from a button (which it is given), disabling the button meanwhile and reporting a failure. */
export async function act(button, action) {
  button.disabled = true;
  try {
    await action(button);
  } catch (error) {
    notify(error.message, 'error');
  } finally {
    button.disabled = false;
  }
}
