// Recordings: every set, newest first, a page at a time, with a search over uuid, device and description.
import { apiUrl } from './api.js';
import { byId, cell, el, fillTable, formatBytes, formatTime } from './dom.js';
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
