// Detection models: the list with the active one and the participants given each marked, activation, downloads,
// deletion, and the upload form.
import { apiUrl, callApi, getJson } from './api.js';
import { act, actOnSubmit, badge, byId, cell, el, fillTable, formatBytes, formatTime, notify, viewLink } from './dom.js';
import { modelForm, sensorName } from './modelform.js';

let form = null;

export function init() {
  form = modelForm(byId('model-fields'), 'model', {
    fileLabel: 'Model file (.tflite or .ort for the watches, .pt kept for the study; the name has only letters, digits, - and _)',
    endings: ['.tflite', '.ort', '.pt'],
  });
  actOnSubmit(byId('model-upload'), upload);
}

export function show() {
  return load();
}

export function hide() {}

async function load() {
  try {
    render(await getJson(apiUrl`models`));
  } catch (error) {
    notify(`Could not load the models: ${error.message}`, 'error');
  }
}

function render(models) {
  fillTable(byId('models'), byId('models-empty'), models.map(model => el('tr', { className: model.active ? 'active' : '' },
    cell('Model',
      el('span', { className: 'mono' }, model.fileName), ' ',
      model.active ? badge('active', 'ok') : null,
      model.loadableByWatches ? null : badge('not for watches'),
      // The server says which keys watches of April 2021 need and this model lacks.
      model.notice ? el('p', { className: 'hint model-notice' }, model.notice) : null),
    cell('Participants', givenTo(model.participants)),
    cell('Size', formatBytes(model.size)),
    cell('Uploaded', formatTime(model.uploadedAt)),
    cell('Settings', el('span', { className: 'mono small' }, settingsSummary(model.settings))),
    cell('', el('span', { className: 'actions' },
      model.active || !model.loadableByWatches ? null : el('button', {
        type: 'button',
        className: 'primary',
        onClick: event => act(event.currentTarget, () => activate(model)),
      }, 'Activate'),
      el('a', { className: 'button', href: apiUrl`models/${model.name}/file`, attributes: { download: '' } }, 'Model'),
      el('a', { className: 'button', href: apiUrl`models/${model.name}/settings`, attributes: { download: '' } }, 'Settings'),
      // The active model can go only when it is the only one, a participant's only when none is given it (the
      // server refuses otherwise).
      (model.active && models.length > 1) || model.participants.length > 0 ? null : el('button', {
        type: 'button',
        className: 'danger',
        onClick: event => act(event.currentTarget, () => remove(model)),
      }, 'Delete'))),
  )));
}

/** The participants given the model as their own, each linked to its view. */
function givenTo(participants) {
  if (participants.length === 0) {
    return '–';
  }
  return el('span', { className: 'model-participants' }, participants.map((participant, i) => [
    i > 0 ? ', ' : null,
    viewLink('participant', participant.id, participant.alias),
    participant.active ? null : ' (inactive)',
  ]));
}

// Every key is optional (a watch uses its default for a missing one), so only the keys present are shown.
const summarized = [
  ['frame_size', 'frame'],
  ['positive_prediction_time', 'time'],
  ['positive_prediction_counter', 'counter'],
  ['notification_cool_down', 'cool-down'],
  ['mean_threshold', 'mean threshold'],
  ['mean_kernel_size', 'mean kernel'],
];

function settingsSummary(settings) {
  const parts = summarized.filter(([key]) => settings?.[key] !== undefined).map(([key, label]) => `${label} ${settings[key]}`);
  if (settings?.required_sensors !== undefined) {
    parts.push(`sensors: ${settings.required_sensors.map(sensorName).join(' → ')}`);
  }
  return parts.join(', ') || 'no settings (the watches use their defaults)';
}

async function activate(model) {
  await callApi('POST', apiUrl`models/${model.name}/activate`);
  notify(`${model.fileName} is now served to the watches.`);
  await load();
}

async function remove(model) {
  const question = model.active
    ? `Delete the model ${model.fileName}? It is the only one: the watches then get no model until another is added.`
    : `Delete the model ${model.fileName}?`;
  if (!confirm(question)) {
    return;
  }
  await callApi('DELETE', apiUrl`models/${model.name}`);
  notify(`Deleted ${model.fileName}.`);
  await load();
}

async function upload() {
  const model = await form.upload(apiUrl`models`);
  notify(model.active
    ? `Uploaded ${model.fileName}; as the first model it is served to the watches.`
    : model.loadableByWatches
      ? `Uploaded ${model.fileName}. Activate it to serve it to the watches.`
      : `Uploaded ${model.fileName}. It is kept for the study; watches load only .tflite and .ort models.`);
  form.reset();
  await load();
}
