// Study settings, the admin password and the shared client secret. Passwords and hashes are never shown.
// The settings form is built from the fields the API describes (name, label, kind, limits) and filled with the values
// it gives, so the page holds no setting's name, default or limit of its own.
import { apiUrl, callApi, getJson } from './api.js';
import { act, actOnSubmit, byId, el, notify } from './dom.js';

const mebibyte = 1024 * 1024;
let loaded = null;
let controls = [];

export function init() {
  actOnSubmit(byId('settings-form'), save);
  actOnSubmit(byId('password-form'), changePassword);
  byId('settings-regenerate-secret').addEventListener('click', event => act(event.currentTarget, regenerateSecret));
}

export async function show() {
  try {
    render(await getJson(apiUrl`settings`));
  } catch (error) {
    notify(`Could not load the settings: ${error.message}`, 'error');
  }
}

export function hide() {}

function render(settings) {
  loaded = settings;
  byId('settings-broken').hidden = !settings.documentIsBroken;
  controls = settings.fields.map(field => control(field, settings[field.name]));
  byId('settings-fields').replaceChildren(...layout(controls));
  byId('password-user').value = settings.user;
  byId('settings-client-secret').textContent = settings.clientSecret;
}

/** A field's label with its input, and how to read the input back as the API takes the value. */
function control(field, value) {
  switch (field.type) {
    case 'flag': {
      const input = el('input', { type: 'checkbox', checked: value });
      return { field, label: el('label', { className: 'check' }, input, ' ', field.label), read: () => input.checked };
    }
    case 'number': {
      const input = el('input', { type: 'number', min: field.min, max: field.max, step: 1, required: true, value: String(value) });
      return { field, label: el('label', {}, field.unit ? `${field.label} (${field.unit})` : field.label, input), read: () => Number.parseInt(input.value, 10) };
    }
    case 'bytes': {
      const input = el('input', {
        type: 'number', min: field.min / mebibyte, max: field.max / mebibyte, step: 'any', required: true,
        value: String(Math.round(value / mebibyte * 100) / 100),
      });
      return { field, label: el('label', {}, `${field.label} (MiB)`, input), read: () => Math.round(Number(input.value) * mebibyte) };
    }
    case 'list': {
      const input = el('input', { type: 'text', autocomplete: 'off', value: value.join(', ') });
      return {
        field, label: el('label', {}, `${field.label} (comma separated)`, input),
        read: () => input.value.split(',').map(item => item.trim()).filter(item => item),
      };
    }
    default: {
      const input = el('input', { type: 'text', autocomplete: 'off', maxLength: field.maxLength, required: true, value });
      return { field, label: el('label', {}, field.label, input), read: () => input.value.trim() };
    }
  }
}

/** The controls in the API's order: a group's in one fieldset under its legend and hint, runs of numbers side by side. */
function layout(controls) {
  const nodes = [];
  let fieldset = null;
  let grid = null;
  for (const { field, label } of controls) {
    if (field.group?.legend !== fieldset?.legend) {
      fieldset = field.group && {
        legend: field.group.legend,
        element: el('fieldset', {}, el('legend', {}, field.group.legend), el('p', { className: 'hint' }, field.group.hint)),
      };
      if (fieldset) {
        nodes.push(fieldset.element);
      }
      grid = null;
    }
    const parent = fieldset?.element;
    const add = node => (parent ? parent.append(node) : nodes.push(node));
    if (field.type === 'number' || field.type === 'bytes') {
      if (!grid) {
        grid = el('div', { className: 'grid' });
        add(grid);
      }
      grid.append(label);
    } else {
      grid = null;
      add(label);
    }
  }
  return nodes;
}

async function save() {
  const changes = Object.fromEntries(controls.map(({ field, read }) => [field.name, read()]));
  const userChanged = loaded && changes.user !== loaded.user;
  render(await callApi('PUT', apiUrl`settings`, changes));
  if (userChanged) {
    signInAgain(`The admin user is now ${changes.user}.`);
  } else {
    notify('Settings saved.');
  }
}

async function changePassword() {
  const current = byId('password-current');
  const next = byId('password-new');
  const repeat = byId('password-repeat');
  if (next.value !== repeat.value) {
    throw new Error('The two new passwords differ.');
  }
  await callApi('POST', apiUrl`settings/password`, { currentPassword: current.value, newPassword: next.value });
  byId('password-form').reset();
  signInAgain('The password is changed.');
}

/** The browser keeps sending the old Basic credentials, so every further call would fail until it asks again. */
function signInAgain(what) {
  const notice = notify(`${what} Your browser still holds the old sign-in: reload the page and sign in again.`, 'error');
  notice.querySelector('span').append(' ',
    el('button', { type: 'button', onClick: () => location.reload() }, 'Reload'));
}

async function regenerateSecret() {
  if (!confirm('Regenerate the client secret? Watches paired with the shared secret stop uploading and must pair again.')) {
    return;
  }
  const answer = await callApi('POST', apiUrl`settings/client-secret`);
  byId('settings-client-secret').textContent = answer.clientSecret;
  notify('A new client secret is in place.');
}
