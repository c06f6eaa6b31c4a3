// What every view of the page is built with: elements from data, tables, formats, badges and links, notices and
// actions, search boxes, and the guard that drops an answer older than the latest request. Text from users and
// watches only ever enters as text nodes or textContent.

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

/** Fills a definition list with [term, value] pairs. */
export function fillFacts(list, facts) {
  list.replaceChildren(...facts.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
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

/** Runs an action when the form is submitted, as {@link act} runs it for the button that submitted it. */
export function actOnSubmit(form, action) {
  form.addEventListener('submit', event => {
    event.preventDefault();
    act(event.submitter ?? event.currentTarget, action);
  });
}

/** A badge; kind 'ok' or 'warn' colours it; title, when given, says more on hover. */
export function badge(text, kind, title) {
  return el('span', { className: kind ? `badge ${kind}` : 'badge', title }, text);
}

/** The tags of a set as badges. */
export function tagBadges(tags) {
  return el('span', { className: 'badges' }, tags.map(tag => badge(tag)));
}

/** The quality flags of a set as warning badges (or a quiet "ok"). */
export function flagBadges(flags) {
  return flags.length === 0 ? badge('ok', 'ok') : el('span', { className: 'badges' }, flags.map(flag => badge(flag, 'warn')));
}

/** What is unexpected about who sent a set's files, as warning badges; nothing when all is as issued. */
export function deviceMarkBadges(marks) {
  return marks.length === 0 ? null : el('span', { className: 'badges device-marks' }, marks.map(mark => badge(mark, 'warn')));
}

/** A link to a view of one item: #set/<uuid>, #participant/<id>. */
export function viewLink(view, id, text, className) {
  return el('a', { href: `#${view}/${encodeURIComponent(id)}`, className }, text);
}

/** A set's participant as a link to the participant's view, marked when chosen by hand. */
export function participantLink(participant) {
  if (!participant) {
    return '–';
  }
  return el('span', {}, viewLink('participant', participant.id, participant.alias ?? participant.id), participant.byHand ? badge('by hand') : null);
}

/** The action, run once no call came for the given time; cancel() drops a pending run. */
function debounce(action, milliseconds) {
  let timer = null;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => action(...args), milliseconds);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

/**
 * Searches with the input's text when the form is submitted, and a moment after the last keystroke. Answers the
 * pending search, to cancel() when the view is left.
 */
export function searchBox(form, input, onSearch) {
  const soon = debounce(() => onSearch(input.value.trim()), 300);
  form.addEventListener('submit', event => {
    event.preventDefault();
    soon.cancel();
    onSearch(input.value.trim());
  });
  input.addEventListener('input', soon);
  return soon;
}

/**
 * Drops answers that arrive after a later request was made (a slow search answered after a quicker, newer one), so
 * that a view never draws an older state over a newer one.
 */
export class NewestAnswer {
  #latest = 0;

  /** Marks a new request; answers a check that holds while no later request was made and nothing was dropped. */
  request() {
    const call = ++this.#latest;
    return () => call === this.#latest;
  }

  /** Drops every answer still on its way, as when the view is left. */
  dropAll() {
    this.#latest++;
  }
}
