// Recordings: every set, newest first, a page at a time, with a search over uuid, device and description.
import { apiUrl } from './api.js';
import { byId, cell, deviceMarkBadges, el, fillTable, flagBadges, formatBytes, formatTime, participantLink, tagBadges, viewLink } from './dom.js';
import { pager } from './pager.js';

let pages = null;

export function init() {
  pages = pager({ prefix: 'recordings', url: apiUrl`recordings`, what: 'recordings', render: answer => render(answer.sets) });
}

export function show() {
  pages.reload();
}

export function hide() {
  pages.stop();
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
}
