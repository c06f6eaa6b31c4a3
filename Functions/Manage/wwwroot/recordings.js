// Recordings: every set, newest first, a page at a time, with a search over uuid, device and description.
import { apiUrl, getJson } from './api.js';
import { byId, cell, el, fillTable, formatBytes, formatTime, notify } from './dom.js';

const pageSize = 50;
// tokens[i] is the continuation that fetches page i; page 0 needs none.
let tokens = [null];
let page = 0;
let search = '';
let searchTimer = null;
let loading = 0;

export function init() {
  const input = byId('recordings-search-text');
  byId('recordings-search').addEventListener('submit', event => {
    event.preventDefault();
    startSearch(input.value);
  });
  input.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => startSearch(input.value), 300);
  });
  byId('recordings-previous').addEventListener('click', () => load(page - 1));
  byId('recordings-next').addEventListener('click', () => load(page + 1));
}

export function show() {
  load(page);
}

export function hide() {
  clearTimeout(searchTimer);
}

function startSearch(text) {
  clearTimeout(searchTimer);
  search = text.trim();
  tokens = [null];
  load(0);
}

async function load(index) {
  const call = ++loading;
  const query = new URLSearchParams({ pageSize: String(pageSize) });
  if (search) {
    query.set('search', search);
  }
  if (tokens[index]) {
    query.set('continuation', tokens[index]);
  }
  try {
    const answer = await getJson(`${apiUrl`recordings`}?${query}`);
    if (call !== loading) {
      return;
    }
    page = index;
    tokens[index + 1] = answer.continuation ?? null;
    render(answer.sets);
  } catch (error) {
    notify(`Could not load the recordings: ${error.message}`, 'error');
  }
}

function render(sets) {
  fillTable(byId('recordings'), byId('recordings-empty'), sets.map(set => el('tr', {},
    cell('Set', el('a', { href: `#set/${encodeURIComponent(set.id)}`, className: 'mono' }, set.id)),
    cell('Device', set.device ?? '–', deviceMarkBadges(set.deviceMarks)),
    cell('Participant', participantLink(set.participant)),
    cell('First upload', formatTime(set.firstUpload)),
    cell('Last upload', formatTime(set.lastUpload)),
    cell('Files', String(set.fileCount ?? 0)),
    cell('Size', formatBytes(set.totalBytes)),
    cell('Description', set.description || '–'),
    cell('Quality', flagBadges(set.flags)),
    cell('Tags', el('span', { className: 'badges' }, ...(set.tags ?? []).map(tag => el('span', { className: 'badge' }, tag)))),
  )));
  byId('recordings-previous').disabled = page === 0;
  byId('recordings-next').disabled = !tokens[page + 1];
  byId('recordings-page').textContent = `Page ${page + 1}`;
}

/** What is unexpected about who sent a set's files, as warning badges; nothing when all is as issued. */
export function deviceMarkBadges(marks) {
  if (!marks || marks.length === 0) {
    return null;
  }
  return el('span', { className: 'badges device-marks' }, marks.map(mark => el('span', { className: 'badge warn' }, mark)));
}

/** A set's participant as a link to the participant's view, marked when chosen by hand. */
export function participantLink(participant) {
  if (!participant) {
    return '–';
  }
  return el('span', {},
    el('a', { href: `#participant/${encodeURIComponent(participant.id)}` }, participant.alias ?? participant.id),
    participant.byHand ? el('span', { className: 'badge' }, 'by hand') : null);
}

/** The quality flags of a set as warning badges (or a quiet "ok"). */
export function flagBadges(flags) {
  if (!flags || flags.length === 0) {
    return el('span', { className: 'badge ok' }, 'ok');
  }
  return el('span', { className: 'badges' }, flags.map(flag => el('span', { className: 'badge warn' }, flag)));
}
