// Participants: the list with create, edit and delete, and one participant with its sets, assignment by hand and the
// model its watch gets.
import { apiUrl, callApi, getJson } from './api.js';
import {
  NewestAnswer, act, actOnSubmit, badge, byId, cell, el, fillFacts, fillTable, formatBytes, formatNumber, formatTime, notify, tagBadges, viewLink,
} from './dom.js';
import { modelForm } from './modelform.js';
import { pager } from './pager.js';

const detailAnswers = new NewestAnswer();
let editing = null;
let current = null;
let modelUpload = null;
let pages = null;

export const list = {
  init() {
    actOnSubmit(byId('participant-form'), save);
    byId('participant-cancel').addEventListener('click', () => edit(null));
    byId('participants-rerun').addEventListener('click', event => act(event.currentTarget, rerun));
    pages = pager({ prefix: 'participants', url: apiUrl`participants`, what: 'participants', render });
  },
  show() {
    edit(null);
    return reloadList();
  },
  hide() {
    edit(null);
    pages.stop();
  },
};

export const detail = {
  init() {
    actOnSubmit(byId('participant-assign'), () => assignByHand(true));
    byId('participant-unassign').addEventListener('click', event => act(event.currentTarget, () => assignByHand(false)));
    actOnSubmit(byId('participant-model-choose'), giveModel);
    byId('participant-model-default').addEventListener('click', event => act(event.currentTarget, backToDefault));
    modelUpload = modelForm(byId('participant-model-fields'), 'participant-model', {
      fileLabel: 'Model file (.tflite or .ort; the name has only letters, digits, - and _, and is not in the library yet)',
      endings: ['.tflite', '.ort'],
    });
    actOnSubmit(byId('participant-model-upload'), uploadModel);
    byId('participant-export').addEventListener('click', event => act(event.currentTarget, exportAll));
  },
  show(id) {
    if (current?.id !== id) {
      current = { id };
      byId('participant-title').textContent = '';
      byId('participant-facts').replaceChildren();
      byId('participant-model-status').textContent = '';
      byId('participant-model-select').replaceChildren();
      byId('participant-export-link').replaceChildren();
      fillTable(byId('participant-sets'), byId('participant-sets-empty'), []);
    }
    return reloadDetail();
  },
  hide() {
    current = null;
    detailAnswers.dropAll();
  },
};

function reloadList() {
  return pages.reload();
}

/** A page of participants, each with its last upload (flagged when silent for the study's number of days). */
function render({ participants, silentDays }) {
  fillTable(byId('participants'), byId('participants-empty'), participants.map(participant => el('tr', {},
    cell('Alias', viewLink('participant', participant.id, participant.alias)),
    cell('Android id', el('span', { className: 'mono' }, participant.androidId)),
    cell('Active', participant.active ? badge('active', 'ok') : badge('inactive')),
    cell('Model', participant.model ? el('span', { className: 'mono' }, participant.model) : 'the default'),
    cell('Last upload', lastUpload(participant, silentDays)),
    cell('Notes', participant.notes ? participant.notes.split('\n', 1)[0] : '–'),
    cell('Changed', formatTime(participant.changedAt)),
    cell('', el('span', { className: 'actions' },
      el('button', { type: 'button', onClick: () => edit(participant) }, 'Edit'),
      el('button', { type: 'button', className: 'danger', onClick: event => act(event.currentTarget, () => remove(participant)) }, 'Delete'))),
  )));
}

/** The last upload, flagged when an active participant sent nothing for the study's number of days. */
function lastUpload(row, silentDays) {
  const text = row.lastUpload ? formatTime(row.lastUpload) : 'none yet';
  return row.silent ? badge(text, 'warn', `no upload for ${silentDays} days`) : text;
}

/** Fills the form with a participant to change, or empties it for a new one (null). */
function edit(participant) {
  editing = participant;
  byId('participant-form-title').textContent = participant ? `Edit ${participant.alias}` : 'New participant';
  byId('participant-save').textContent = participant ? 'Save participant' : 'Create participant';
  byId('participant-cancel').hidden = !participant;
  byId('participant-alias').value = participant?.alias ?? '';
  byId('participant-android-id').value = participant?.androidId ?? '';
  byId('participant-active').checked = participant?.active ?? true;
  byId('participant-notes').value = participant?.notes ?? '';
}

async function save() {
  const body = {
    alias: byId('participant-alias').value,
    androidId: byId('participant-android-id').value,
    active: byId('participant-active').checked,
    notes: byId('participant-notes').value,
  };
  if (editing) {
    const changed = await callApi('PUT', apiUrl`participants/${editing.id}`, body);
    notify(`Saved: ${changed.alias}`);
  } else {
    const created = await callApi('POST', apiUrl`participants`, body);
    notify(`Created: ${created.alias}`);
  }
  edit(null);
  await reloadList();
}

async function remove(participant) {
  if (!confirm(`Delete participant ${participant.alias}? Its recordings stay; its sets become unassigned.`)) {
    return;
  }
  await callApi('DELETE', apiUrl`participants/${participant.id}`);
  notify(`Deleted: ${participant.alias}`);
  if (editing?.id === participant.id) {
    edit(null);
  }
  await reloadList();
}

async function rerun() {
  const answer = await callApi('POST', apiUrl`participants/reassign`);
  notify(`Assignment run again over ${answer.count} sets not assigned by hand.`);
}

async function reloadDetail() {
  const id = current.id;
  const isNewest = detailAnswers.request();
  try {
    const [participant, models] = await Promise.all([getJson(apiUrl`participants/${id}`), getJson(apiUrl`models`)]);
    if (isNewest()) {
      current = participant;
      renderDetail(participant);
      renderModel(participant, models);
    }
  } catch (error) {
    notify(`Could not load participant ${id}: ${error.message}`, 'error');
  }
}

function renderDetail(participant) {
  byId('participant-title').textContent = participant.alias;
  const periods = participant.periods.map(p => `${formatTime(p.from)} – ${p.to ? formatTime(p.to) : 'now'} on ${p.androidId}`);
  const facts = [
    ['Android id', participant.androidId],
    ['Active', participant.active ? 'yes' : 'no'],
    ['Active periods', periods.length ? periods.join('; ') : 'never active'],
    ['Created', formatTime(participant.createdAt)],
    ['Changed', formatTime(participant.changedAt)],
    ['Sets', String(participant.sets.length)],
    ['Last upload', participant.statistics.lastUpload ? formatTime(participant.statistics.lastUpload) : 'none yet'],
    ['Hours recorded', formatNumber(participant.statistics.totals.hoursRecorded, 1)],
    ['Hand washes', `${participant.statistics.totals.handWashesMarked} marked, ${participant.statistics.totals.handWashesDetected} detected`],
    ['Days covered', `${participant.statistics.daysCovered}, ${participant.statistics.daysWithoutData.length} without data`],
    ['Excluded sets', String(participant.statistics.excludedSets)],
  ];
  fillFacts(byId('participant-facts'), facts);
  const notes = byId('participant-notes-text');
  notes.textContent = participant.notes || 'No notes.';
  notes.classList.toggle('missing', !participant.notes);
  byId('participant-sets-csv').href = apiUrl`participants/${participant.id}/sets.csv`;
  fillTable(byId('participant-sets'), byId('participant-sets-empty'), participant.sets.map(set => el('tr', {},
    cell('Set', viewLink('set', set.id, set.id, 'mono')),
    cell('Recorded', formatTime(set.recordedAt)),
    cell('Device', set.device ?? '–'),
    cell('Files', String(set.fileCount)),
    cell('Hours', set.statistics ? formatNumber(set.statistics.totals.hoursRecorded, 2) : '–'),
    cell('Tags', tagBadges(set.tags)),
    cell('Assigned', set.assignedByHand ? 'by hand' : 'automatically'),
    cell('', el('button', {
      type: 'button',
      onClick: event => act(event.currentTarget, () => unassignOne(set.id)),
    }, 'Unassign')),
  )));
  renderDays(participant.statistics.days);
}

function renderDays(days) {
  fillTable(byId('participant-days'), byId('participant-days-empty'), days.map(day => el('tr', { className: day.hasData ? '' : 'no-data' },
    cell('Day', day.hasData ? day.date : `${day.date} (no data)`),
    cell('Hours', formatNumber(day.figures.hoursRecorded, 1)),
    cell('Marked', String(day.figures.handWashesMarked)),
    cell('Detected', String(day.figures.handWashesDetected)),
    cell('Yes', String(day.figures.answeredYes)),
    cell('No', String(day.figures.answeredNo)),
    cell('Tense', formatNumber(day.figures.meanTense, 1)),
    cell('Urge', formatNumber(day.figures.meanUrge, 1)),
  )));
  plotDays(byId('participant-days-chart'), days);
}

/** The day table as a uPlot chart, the library the sensor preview draws with. */
function plotDays(target, days) {
  target.replaceChildren();
  if (days.length === 0 || typeof uPlot === 'undefined') {
    return;
  }
  const x = days.map(day => Date.parse(`${day.date}T12:00:00Z`) / 1000);
  const data = [
    x,
    days.map(day => day.figures.hoursRecorded),
    days.map(day => day.figures.handWashesMarked),
    days.map(day => day.figures.handWashesDetected),
  ];
  const options = {
    width: Math.max(320, target.clientWidth || 640),
    height: 220,
    series: [
      { label: 'day' },
      { label: 'hours recorded', stroke: '#1f6feb', width: 2, scale: 'hours' },
      { label: 'marked', stroke: '#2da44e', width: 2, scale: 'count' },
      { label: 'detected', stroke: '#bf8700', width: 2, scale: 'count' },
    ],
    scales: { x: { time: true }, hours: { range: [0, 24] }, count: {} },
    axes: [{}, { scale: 'hours', label: 'hours' }, { scale: 'count', side: 1, label: 'hand washes' }],
  };
  new uPlot(options, data, target);
}

/** What the participant's watch gets, and the library's models that can be given to it. */
function renderModel(participant, models) {
  const own = participant.model ? models.find(model => model.name === participant.model) : null;
  const fallback = models.find(model => model.active);
  const defaultText = fallback ? `the study's active model, ${fallback.fileName}` : 'no model yet (the study has no active model)';
  let status;
  if (!participant.model) {
    status = `Its watch gets the default: ${defaultText}.`;
  } else if (participant.active) {
    status = `Its own model, ${own?.fileName ?? participant.model}: its watch (${participant.androidId}) gets it.`;
  } else {
    status = `Its own model, ${own?.fileName ?? participant.model}, reaches its watch only while the participant is active; until then the watch gets ${defaultText}.`;
  }
  byId('participant-model-status').textContent = status;
  byId('participant-model-select').replaceChildren(...models.filter(model => model.loadableByWatches).map(model => el('option', {
    value: model.name,
    selected: model.name === participant.model,
  }, model.active ? `${model.fileName} (the active model)` : model.fileName)));
  byId('participant-model-default').hidden = !participant.model;
}

async function giveModel() {
  const name = byId('participant-model-select').value;
  if (!name) {
    throw new Error('The library has no model watches can load: upload one.');
  }
  const participant = await callApi('PUT', apiUrl`participants/${current.id}/model`, { model: name });
  notify(`${participant.alias} now has the model ${participant.model}.`);
  await reloadDetail();
}

async function backToDefault() {
  const participant = await callApi('DELETE', apiUrl`participants/${current.id}/model`);
  notify(`${participant.alias} gets the default model again.`);
  await reloadDetail();
}

async function uploadModel() {
  const participant = await modelUpload.upload(apiUrl`participants/${current.id}/model`);
  notify(`Uploaded ${participant.model} into the library and gave it to ${participant.alias}.`);
  modelUpload.reset();
  byId('participant-model-upload-details').open = false;
  await reloadDetail();
}

/** Has the server put the participant's data into one zip, then offers the link to it while it works. */
async function exportAll() {
  const id = current.id;
  const target = byId('participant-export-link');
  target.replaceChildren('Putting the zip together; this takes longer the more files there are…');
  let answer;
  try {
    answer = await callApi('POST', apiUrl`participants/${id}/export`);
  } catch (error) {
    target.replaceChildren();
    throw error;
  }
  if (current?.id !== id) {
    return;
  }
  target.replaceChildren(
    el('a', { href: answer.url, id: 'participant-export-download' }, `Download ${answer.fileName}`),
    ` (${formatBytes(answer.bytes)}: ${answer.sets} sets, ${answer.files} files). The link works until ${formatTime(answer.expiresAt)}.`);
}

async function unassignOne(setId) {
  await callApi('POST', apiUrl`participants/unassign`, { sets: [setId] });
  notify(`Unassigned ${setId}.`);
  await reloadDetail();
}

/** Assigns (or unassigns) the sets named in the form, or those of the participant's watch in the range given. */
async function assignByHand(assign) {
  const named = byId('participant-assign-sets').value.split(/[\s,]+/).filter(Boolean);
  const from = byId('participant-assign-from').value;
  const to = byId('participant-assign-to').value;
  let selection;
  if (named.length > 0) {
    selection = { sets: named };
  } else if (from && to) {
    selection = { androidId: current.androidId, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  } else {
    throw new Error('Name sets, or give a time range with both ends.');
  }
  const answer = assign
    ? await callApi('POST', apiUrl`participants/${current.id}/assign`, selection)
    : await callApi('POST', apiUrl`participants/unassign`, selection);
  notify(`${assign ? 'Assigned' : 'Unassigned'} ${answer.sets.length} sets.`);
  byId('participant-assign-sets').value = '';
  await reloadDetail();
}
