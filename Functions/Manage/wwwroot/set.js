// One recording set: its facts, description, files, data quality and a sensor preview.
import { apiUrl, callApi, getJson } from './api.js';
import {
  NewestAnswer, act, actOnSubmit, badge, byId, cell, deviceMarkBadges, el, fillFacts, fillTable, flagBadges, formatBytes, formatDuration,
  formatNumber, formatTime, notify, participantLink,
} from './dom.js';
import { Preview } from './preview.js';

const answers = new NewestAnswer();
let current = null;
let preview = null;

export function init() {
  preview = new Preview(byId('preview'), byId('preview-status'), byId('preview-reset'));
  byId('set-description-edit').addEventListener('click', () => editDescription(true));
  byId('set-description-cancel').addEventListener('click', () => editDescription(false));
  actOnSubmit(byId('set-description-form'), saveDescription);
  byId('set-delete').addEventListener('click', event => act(event.currentTarget, deleteSet));
}

export async function show(uuid) {
  const opening = current?.id !== uuid;
  if (opening) {
    current = { id: uuid };
    byId('set-id').textContent = uuid;
    for (const id of ['set-flags', 'set-facts', 'set-description']) {
      byId(id).replaceChildren();
    }
    fillTable(byId('set-files'), byId('set-files-empty'), []);
    fillTable(byId('set-quality'), byId('set-quality-empty'), []);
    editDescription(false);
  }
  if (await reload() && opening) {
    preview.load(uuid);
  }
}

export function hide() {
  preview.clear();
  current = null;
  answers.dropAll();
}

/** Fetches the set again and redraws it; answers whether the set exists. */
async function reload() {
  const uuid = current.id;
  const isNewest = answers.request();
  try {
    const set = await getJson(apiUrl`recordings/${uuid}`);
    if (isNewest()) {
      current = set;
      render(set);
    }
    return true;
  } catch (error) {
    notify(`Could not load set ${uuid}: ${error.message}`, 'error');
    return false;
  }
}

/** The set's statistics as the trigger computed them (none before its first file was followed). */
function statisticsFacts(statistics) {
  if (!statistics) {
    return [['Statistics', 'not computed yet']];
  }
  const totals = statistics.totals;
  return [
    ['Hours recorded', formatNumber(totals.hoursRecorded, 2)],
    ['Hand washes', `${totals.handWashesMarked} marked, ${totals.handWashesDetected} detected`],
    ['Answers', `${totals.answeredYes} yes, ${totals.answeredNo} no; tense ${formatNumber(totals.meanTense, 1)}, urge ${formatNumber(totals.meanUrge, 1)}`],
    ['App version', statistics.appVersion ?? '–'],
    ['Model', statistics.model ?? '–'],
  ];
}

let studyTags = null;

/** The study's tags as toggles: a pressed one is on the set. */
function tagButtons(set) {
  const holder = el('span', { className: 'badges', id: 'set-tags' });
  const on = set.tags;
  const fill = tags => holder.replaceChildren(...tags.map(tag => el('button', {
    type: 'button',
    className: on.includes(tag) ? 'tag on' : 'tag',
    attributes: { 'aria-pressed': String(on.includes(tag)) },
    onClick: event => act(event.currentTarget, () => toggleTag(set, tag)),
  }, tag)));
  if (studyTags) {
    fill(studyTags);
  } else {
    getJson(apiUrl`settings`).then(settings => {
      studyTags = settings.setTags;
      fill(studyTags);
    }, error => notify(`Could not load the study's tags: ${error.message}`, 'error'));
  }
  return holder;
}

async function toggleTag(set, tag) {
  const on = set.tags.includes(tag);
  await callApi(on ? 'DELETE' : 'PUT', apiUrl`recordings/${set.id}/tags/${tag}`);
  notify(`${on ? 'Removed' : 'Added'} tag ${tag}.`);
  await reload();
}

function render(set) {
  byId('set-flags').replaceChildren(flagBadges(set.flags));
  const facts = [
    ['Device', [set.device ?? '–', ' ', deviceMarkBadges(set.deviceMarks)]],
    ['Participant', set.participant ? participantLink(set.participant) : (set.assignedByHand ? 'none (unassigned by hand)' : '–')],
    ['Watch (android id)', set.androidId ?? '–'],
    ['Recorded', formatTime(set.recordedAt)],
    ['Issued', formatTime(set.issuedAt)],
    ['First upload', formatTime(set.firstUpload)],
    ['Last upload', formatTime(set.lastUpload)],
    ['Files', String(set.fileCount)],
    ['Total size', formatBytes(set.totalBytes)],
    ...statisticsFacts(set.statistics),
    ['Tags', tagButtons(set)],
  ];
  fillFacts(byId('set-facts'), facts);

  byId('set-zip').href = apiUrl`recordings/${set.id}/zip`;
  byId('set-archive').textContent = set.archive
    ? `The zip holds the files as of ${formatTime(set.archive.lastModified)} (${formatBytes(set.archive.size)}); it follows new uploads and deletions within moments.`
    : 'No zip yet: it is built moments after the first file arrives.';

  const description = byId('set-description');
  description.textContent = set.descriptionText || 'No description yet.';
  description.classList.toggle('missing', !set.descriptionText);

  fillTable(byId('set-files'), byId('set-files-empty'), set.files.map(file => el('tr', {},
    cell('File', el('a', { href: apiUrl`recordings/${set.id}/files/${file.name}`, className: 'mono', attributes: { download: '' } }, file.name),
      file.microphone ? badge('microphone') : null),
    cell('Size', formatBytes(file.size)),
    cell('Uploaded', formatTime(file.uploadedAt)),
    cell('', el('button', {
      type: 'button',
      className: 'danger',
      onClick: event => act(event.currentTarget, () => deleteFile(set.id, file.name)),
    }, 'Delete')),
  )));

  fillTable(byId('set-quality'), byId('set-quality-empty'), set.quality.map(q => el('tr', {},
    cell('File', el('span', { className: 'mono' }, q.fileName)),
    cell('Sensor', q.sensor ?? '–'),
    cell('Samples', formatNumber(q.samples)),
    cell('Duration', formatDuration(q.durationSeconds)),
    cell('Mean rate', q.meanRateHz === null || q.meanRateHz === undefined ? '–' : `${formatNumber(q.meanRateHz, 1)} Hz`),
    cell('Longest gap', formatDuration(q.longestGapSeconds)),
  )));
}

function editDescription(editing) {
  byId('set-description-form').hidden = !editing;
  byId('set-description-edit').hidden = editing;
  if (editing) {
    const text = byId('set-description-text');
    text.value = current?.descriptionText ?? '';
    text.focus();
  }
}

async function saveDescription() {
  const uuid = current.id;
  await callApi('PUT', apiUrl`recordings/${uuid}/description`, { description: byId('set-description-text').value });
  notify('Description saved.');
  editDescription(false);
  await reload();
}

async function deleteFile(uuid, name) {
  if (!confirm(`Delete ${name} from set ${uuid}? This cannot be undone.`)) {
    return;
  }
  await callApi('DELETE', apiUrl`recordings/${uuid}/files/${name}`);
  notify(`Deleted ${name}.`);
  await reload();
}

async function deleteSet() {
  const uuid = current.id;
  if (!confirm(`Delete the whole set ${uuid} with all its files and its zip? This cannot be undone.`)) {
    return;
  }
  await callApi('DELETE', apiUrl`recordings/${uuid}`);
  notify(`Deleted set ${uuid}.`);
  location.hash = '#recordings';
}
