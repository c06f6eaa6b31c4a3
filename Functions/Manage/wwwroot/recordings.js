// Recordings: every set, newest first, a page at a time, with a search over uuid, device and description.
import { apiUrl, getJson } from './api.js';
import {
  NewestAnswer, byId, cell, deviceMarkBadges, el, fillTable, flagBadges, formatBytes, formatTime, notify, participantLink, searchBox,
  tagBadges, viewLink,
} from './dom.js';

const pageSize = 50;
const answers = new NewestAnswer();
// tokens[i] is the continuation that fetches page i; page 0 needs none.
let tokens = [null];
let page = 0;
let search = '';
let pendingSearch = null;

export function init() {
  pendingSearch = searchBox(byId('recordings-search'), byId('recordings-search-text'), text => {
    search = text;
    tokens = [null];
    load(0);
  });
  byId('recordings-previous').addEventListener('click', () => load(page - 1));
  byId('recordings-next').addEventListener('click', () => load(page + 1));
}

export function show() {
  load(page);
}

export function hide() {
  pendingSearch.cancel();
  answers.dropAll();
}

async function load(index) {
  const isNewest = answers.request();
  const query = new URLSearchParams({ pageSize: String(pageSize) });
  if (search) {
    query.set('search', search);
  }
  if (tokens[index]) {
    query.set('continuation', tokens[index]);
  }
  try {
    const answer = await getJson(`${apiUrl`recordings`}?${query}`);
    if (!isNewest()) {
      return;
    }
    page = index;
    tokens[index + 1] = answer.continuation;
    render(answer.sets);
  } catch (error) {
    notify(`Could not load the recordings: ${error.message}`, 'error');
  }
}

function render(sets) {
  fillTable(byId('recordings'), byId('recordings-empty'), sets.map(set => el('tr', {},
    cell('Set', viewLink('set', set.id, set.id, 'mono')),
    cell('Device', set.device ?? '–', deviceMarkBadges(set.deviceMarks)),
    cell('Participant', participantLink(set.participant)),
    cell('First upload', formatTime(set.firstUpload)),
    cell('Last upload', formatTime(set.lastUpload)),
    cell('Files', String(set.fileCount)),
    cell('Size', formatBytes(set.totalBytes)),
    cell('Description', set.description || '–'),
    cell('Quality', flagBadges(set.flags)),
    cell('Tags', tagBadges(set.tags)),
  )));
  byId('recordings-previous').disabled = page === 0;
  byId('recordings-next').disabled = !tokens[page + 1];
  byId('recordings-page').textContent = `Page ${page + 1}`;
}
