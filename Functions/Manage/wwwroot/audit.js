// The audit log, newest first, filtered on the server.
import { apiUrl, getJson } from './api.js';
import { NewestAnswer, byId, cell, el, fillTable, formatTime, notify, searchBox } from './dom.js';

const answers = new NewestAnswer();
let pendingSearch = null;

export function init() {
  pendingSearch = searchBox(byId('audit-search'), byId('audit-search-text'), () => load());
}

export function show() {
  return load();
}

export function hide() {
  pendingSearch.cancel();
  answers.dropAll();
}

async function load() {
  const isNewest = answers.request();
  const query = new URLSearchParams({ limit: '200' });
  const search = byId('audit-search-text').value.trim();
  if (search) {
    query.set('search', search);
  }
  try {
    const entries = await getJson(`${apiUrl`audit`}?${query}`);
    if (isNewest()) {
      render(entries);
    }
  } catch (error) {
    notify(`Could not load the audit log: ${error.message}`, 'error');
  }
}

function render(entries) {
  fillTable(byId('audit'), byId('audit-empty'), entries.map(entry => el('tr', {},
    cell('When', formatTime(entry.at)),
    cell('Action', entry.action),
    cell('User', entry.user ?? '–'),
    cell('From', entry.source ?? '–'),
    cell('Detail', el('span', { className: 'detail' }, entry.detail ?? '')),
  )));
}
