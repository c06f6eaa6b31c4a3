// The audit log, newest first, filtered on the server.
import { apiUrl, getJson } from './api.js';
import { byId, cell, el, fillTable, formatTime, notify } from './dom.js';

let searchTimer = null;
let loading = 0;

export function init() {
  const input = byId('audit-search-text');
  byId('audit-search').addEventListener('submit', event => {
    event.preventDefault();
    clearTimeout(searchTimer);
    load();
  });
  input.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(load, 300);
  });
}

export function show() {
  return load();
}

export function hide() {
  clearTimeout(searchTimer);
}

async function load() {
  const call = ++loading;
  const query = new URLSearchParams({ limit: '200' });
  const search = byId('audit-search-text').value.trim();
  if (search) {
    query.set('search', search);
  }
  try {
    const entries = await getJson(`${apiUrl`audit`}?${query}`);
    if (call === loading) {
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
