// Study settings, the admin password and the shared client secret. Passwords and hashes are never shown.
import { apiUrl, callApi, getJson } from './api.js';
import { act, byId, el, notify } from './dom.js';

const mebibyte = 1024 * 1024;
let loaded = null;

export function init() {
  byId('settings-form').addEventListener('submit', event => {
    event.preventDefault();
    act(event.submitter ?? event.currentTarget, save);
  });
  byId('password-form').addEventListener('submit', event => {
    event.preventDefault();
    act(event.submitter ?? event.currentTarget, changePassword);
  });
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
  byId('settings-user').value = settings.user;
  byId('password-user').value = settings.user;
  byId('settings-hide-mic').checked = settings.hideMicFiles;
  byId('settings-rename-mic').checked = settings.renameMicFiles;
  byId('settings-pack-mic').checked = settings.packMicFiles;
  byId('settings-endings').value = settings.allowedEndings.join(', ');
  byId('settings-max-upload').value = String(Math.round(settings.maxUploadBytes / mebibyte * 100) / 100);
  byId('settings-pairing-lifetime').value = String(settings.pairingRequestLifetimeMinutes);
  byId('settings-pairing-max').value = String(settings.maxPendingPairingRequests);
  byId('settings-pairing-max-source').value = String(settings.maxPendingPairingRequestsPerSource);
  byId('settings-accept-secret').checked = settings.acceptClientSecret;
  byId('settings-client-secret').textContent = settings.clientSecret;
}

async function save() {
  const user = byId('settings-user').value.trim();
  const changes = {
    user,
    hideMicFiles: byId('settings-hide-mic').checked,
    renameMicFiles: byId('settings-rename-mic').checked,
    packMicFiles: byId('settings-pack-mic').checked,
    allowedEndings: byId('settings-endings').value.split(/[\s,;]+/).map(e => e.trim().replace(/^\./, '').toLowerCase()).filter(e => e),
    maxUploadBytes: Math.round(Number(byId('settings-max-upload').value) * mebibyte),
    pairingRequestLifetimeMinutes: Number.parseInt(byId('settings-pairing-lifetime').value, 10),
    maxPendingPairingRequests: Number.parseInt(byId('settings-pairing-max').value, 10),
    maxPendingPairingRequestsPerSource: Number.parseInt(byId('settings-pairing-max-source').value, 10),
    acceptClientSecret: byId('settings-accept-secret').checked,
  };
  const userChanged = loaded && user !== loaded.user;
  render(await callApi('PUT', apiUrl`settings`, changes));
  if (userChanged) {
    signInAgain(`The admin user is now ${user}.`);
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
