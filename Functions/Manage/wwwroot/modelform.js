// The fields of a model upload (the file and the settings the watch reads beside it), for the library's form and for
// a participant's: the same settings, checks and multipart parts ("settings" and "model") in both.
import { postForm } from './api.js';
import { el } from './dom.js';

// Android sensor type ids, as the watch's settings name them.
export const sensors = [
  { id: 1, name: 'accelerometer' },
  { id: 4, name: 'gyroscope' },
  { id: 2, name: 'magnetic field' },
  { id: 11, name: 'rotation vector' },
];

export function sensorName(id) {
  return sensors.find(s => s.id === id)?.name ?? String(id);
}

/**
 * Puts the fields into `container`, their ids starting with `prefix` (`${prefix}-file`, `${prefix}-frame-size`, ...),
 * and the progress bar after them. `endings` are the model files the form takes, as in the input's accept.
 * Answers { upload(url) } (posts the form, answers the server's JSON) and { reset() }.
 */
export function modelForm(container, prefix, { fileLabel, endings }) {
  const id = name => `${prefix}-${name}`;
  // The required sensors in the order they were ticked: the model reads its inputs in this order.
  let sensorOrder = [];
  const order = el('span', { id: id('sensor-order') });
  const showSensorOrder = () => {
    order.textContent = sensorOrder.length === 0
      ? 'tick the sensors in the order the model expects them'
      : sensorOrder.map(sensor => `${sensorName(sensor)} (${sensor})`).join(' → ');
  };
  const tickSensor = (sensor, checked) => {
    sensorOrder = sensorOrder.filter(s => s !== sensor);
    if (checked) {
      sensorOrder.push(sensor);
    }
    showSensorOrder();
  };
  const number = (name, label, attributes) => el('label', {}, label, el('input', { id: id(name), type: 'number', attributes }));
  const file = el('input', { id: id('file'), name: 'model', type: 'file', accept: endings.join(','), required: true });
  const progress = el('progress', { id: id('progress'), max: 100, value: 0, hidden: true });
  container.replaceChildren(
    el('label', { htmlFor: id('file') }, fileLabel),
    file,
    el('div', { className: 'grid' },
      number('frame-size', 'Window size (frame_size)', { min: '1', step: '1', required: '' }),
      number('prediction-time', 'Positive prediction time (optional)', { min: '0', step: '1' }),
      number('prediction-counter', 'Positive prediction counter (optional)', { min: '0', step: '1' }),
      number('cool-down', 'Notification cool-down', { min: '0', step: '1', required: '' }),
      number('mean-threshold', 'Mean threshold (optional)', { step: 'any' }),
      number('mean-kernel', 'Mean kernel size (optional)', { min: '0', step: '1' })),
    el('fieldset', {},
      el('legend', {}, 'Required sensors, in the order the model reads them'),
      el('div', { id: id('sensors'), className: 'choices' }, sensors.map(sensor => el('label', { className: 'check' },
        el('input', { type: 'checkbox', value: String(sensor.id), onChange: event => tickSensor(sensor.id, event.currentTarget.checked) }),
        ` ${sensor.name} (${sensor.id})`))),
      el('p', { className: 'hint' }, 'Order: ', order)),
    progress);
  showSensorOrder();

  const value = name => container.querySelector(`#${id(name)}`).value;
  const integer = name => Number.parseInt(value(name), 10);

  function settings() {
    const result = {
      frame_size: integer('frame-size'),
      notification_cool_down: integer('cool-down'),
      required_sensors: sensorOrder,
    };
    // Optional keys are left out when empty: the server names what watches of April 2021 would then miss.
    const optional = [
      ['positive_prediction_time', 'prediction-time', integer],
      ['positive_prediction_counter', 'prediction-counter', integer],
      ['mean_threshold', 'mean-threshold', name => Number(value(name))],
      ['mean_kernel_size', 'mean-kernel', integer],
    ];
    for (const [key, name, read] of optional) {
      if (value(name) !== '') {
        result[key] = read(name);
      }
    }
    return result;
  }

  return {
    async upload(url) {
      const chosen = file.files[0];
      if (!chosen) {
        throw new Error(`Choose a ${endings.join(', ')} file.`);
      }
      if (sensorOrder.length === 0) {
        throw new Error('Tick at least one required sensor.');
      }
      const form = new FormData();
      form.append('settings', JSON.stringify(settings()));
      form.append('model', chosen, chosen.name);
      progress.value = 0;
      progress.hidden = false;
      try {
        return await postForm(url, form, fraction => { progress.value = Math.round(fraction * 100); });
      } finally {
        progress.hidden = true;
      }
    },
    reset() {
      container.closest('form').reset();
      sensorOrder = [];
      showSensorOrder();
    },
  };
}
