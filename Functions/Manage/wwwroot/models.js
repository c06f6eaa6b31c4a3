// Detection models: the list with the active one marked, activation, downloads, deletion, and the upload form.
import { apiUrl, callApi, getJson, postForm } from './api.js';
import { act, byId, cell, el, fillTable, formatBytes, formatTime, notify } from './dom.js';

// Android sensor type ids, as the watch's settings name them.
const sensors = [
  { id: 1, name: 'accelerometer' },
  { id: 4, name: 'gyroscope' },
  { id: 2, name: 'magnetic field' },
  { id: 11, name: 'rotation vector' },
];
// The required sensors in the order they were ticked: the model reads its inputs in this order.
let sensorOrder = [];

export function init() {
  byId('model-sensors').replaceChildren(...sensors.map(sensor => el('label', { className: 'check' },
    el('input', {
      type: 'checkbox',
      value: String(sensor.id),
      onChange: event => tickSensor(sensor.id, event.currentTarget.checked),
    }),
    ` ${sensor.name} (${sensor.id})`)));
  showSensorOrder();
  byId('model-upload').addEventListener('submit', event => {
    event.preventDefault();
    act(event.submitter ?? event.currentTarget, upload);
  });
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
      model.active ? el('span', { className: 'badge ok' }, 'active') : null,
      model.loadableByWatches ? null : el('span', { className: 'badge' }, 'not for watches'),
      // The server says which keys watches of April 2021 need and this model lacks.
      model.notice ? el('p', { className: 'hint model-notice' }, model.notice) : null),
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
      // The active model can go only when it is the only one (the server refuses otherwise).
      model.active && models.length > 1 ? null : el('button', {
        type: 'button',
        className: 'danger',
        onClick: event => act(event.currentTarget, () => remove(model)),
      }, 'Delete'))),
  )));
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
    parts.push(`sensors: ${settings.required_sensors.map(id => sensors.find(s => s.id === id)?.name ?? String(id)).join(' → ')}`);
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

function tickSensor(id, checked) {
  sensorOrder = sensorOrder.filter(s => s !== id);
  if (checked) {
    sensorOrder.push(id);
  }
  showSensorOrder();
}

function showSensorOrder() {
  byId('model-sensor-order').textContent = sensorOrder.length === 0
    ? 'tick the sensors in the order the model expects them'
    : sensorOrder.map(id => `${sensors.find(s => s.id === id).name} (${id})`).join(' → ');
}

function integer(id) {
  return Number.parseInt(byId(id).value, 10);
}

async function upload() {
  const file = byId('model-file').files[0];
  if (!file) {
    throw new Error('Choose a .tflite, .ort or .pt file.');
  }
  if (sensorOrder.length === 0) {
    throw new Error('Tick at least one required sensor.');
  }
  const settings = {
    frame_size: integer('model-frame-size'),
    notification_cool_down: integer('model-cool-down'),
    required_sensors: sensorOrder,
  };
  // Optional keys are left out when empty: the server names what watches of April 2021 would then miss.
  const optional = [
    ['positive_prediction_time', 'model-prediction-time', integer],
    ['positive_prediction_counter', 'model-prediction-counter', integer],
    ['mean_threshold', 'model-mean-threshold', id => Number(byId(id).value)],
    ['mean_kernel_size', 'model-mean-kernel', integer],
  ];
  for (const [key, id, read] of optional) {
    if (byId(id).value !== '') {
      settings[key] = read(id);
    }
  }
  const form = new FormData();
  form.append('settings', JSON.stringify(settings));
  form.append('model', file, file.name);

  const progress = byId('model-progress');
  progress.value = 0;
  progress.hidden = false;
  try {
    const model = await postForm(apiUrl`models`, form, fraction => { progress.value = Math.round(fraction * 100); });
    notify(model.active
      ? `Uploaded ${model.fileName}; as the first model it is served to the watches.`
      : model.loadableByWatches
        ? `Uploaded ${model.fileName}. Activate it to serve it to the watches.`
        : `Uploaded ${model.fileName}. It is kept for the study; watches load only .tflite and .ort models.`);
    byId('model-upload').reset();
    sensorOrder = [];
    showSensorOrder();
  } finally {
    progress.hidden = true;
  }
  await load();
}
