// Devices: the server name for watches, pairing requests waiting for a decision, and the paired devices.
import { apiUrl, callApi, getJson } from './api.js';
import * as connection from './connection.js';
import { NewestAnswer, act, badge, byId, cell, el, fillTable, formatTime, notify, searchBox } from './dom.js';

const refreshSeconds = 5;
// A watch never drops its token by itself (device-protocol.md, section 1); the button names are the watch app's.
const afterRevoking = 'The watch gets 401 on every upload until its wearer presses "Delete token" and then "Apply" in the watch\'s settings, '
  + 'which asks to pair again: grant that request here. Its recordings stay on the watch meanwhile.';
const answers = new NewestAnswer();
let timer = null;
let refreshing = 0;
let shown = '';
let failing = false;
let search = '';
let pendingSearch = null;

export function init() {
  connection.init();
  pendingSearch = searchBox(byId('pairing-search'), byId('pairing-search-text'), text => {
    search = text;
    shown = '';
    refresh();
  });
}

export function show() {
  connection.show();
  shown = '';
  // A tick while a refresh is on its way is skipped: a newer request drops the older answer, so a server slower than
  // the interval would otherwise never get an answer drawn.
  timer = setInterval(() => refreshing === 0 && refresh(), refreshSeconds * 1000);
  refresh();
}

export function hide() {
  clearInterval(timer);
  pendingSearch.cancel();
  answers.dropAll();
}

async function refresh() {
  const isNewest = answers.request();
  refreshing++;
  try {
    const [requests, devices] = await Promise.all([
      getJson(`${apiUrl`pairing/requests`}?${new URLSearchParams({ search })}`),
      getJson(apiUrl`devices`),
    ]);
    if (!isNewest()) {
      return;
    }
    // Re-render only on a change, so that a refresh never swaps a button away under the pointer.
    const state = JSON.stringify([search, requests, devices]);
    failing = false;
    if (state !== shown) {
      shown = state;
      render(requests, devices);
    }
  } catch (error) {
    // Keeps trying (the next refresh may succeed) but says so once.
    if (!failing) {
      notify(`Could not load the devices: ${error.message}`, 'error');
    }
    failing = true;
  } finally {
    refreshing--;
  }
}

function render(requests, devices) {
  const newestFirst = (a, b) => String(b.requestedAt).localeCompare(String(a.requestedAt));
  byId('pairing-requests-empty').textContent = search ? `No pairing request matches “${search}”.` : 'No watch is asking to pair.';
  fillTable(byId('pairing-requests'), byId('pairing-requests-empty'), [...requests].sort(newestFirst).map(request => el('tr', {},
    cell('Identifier', el('span', { className: 'mono' }, request.identifier)),
    cell('Requested', formatTime(request.requestedAt)),
    cell('From', request.source ?? '–'),
    cell('Decision', request.granted
      ? badge(`granted ${formatTime(request.grantedAt)}, waiting for the watch to ask again`, 'ok')
      : el('span', {},
        request.suggestedParticipant ? participantChoice(request) : null,
        el('span', { className: 'actions' },
          decisionButton('Grant', 'primary', request, 'grant'),
          decisionButton('Deny', 'danger', request, 'deny')))),
  )));

  fillTable(byId('devices'), byId('devices-empty'), devices.map(device => el('tr', {},
    cell('Identifier', el('span', { className: 'mono' }, device.identifier)),
    cell('Paired', formatTime(device.pairedAt)),
    cell('Last seen', formatTime(device.lastSeen)),
    cell('Sets uploaded', String(device.setsUploaded)),
    device.revokedAt
      ? cell('Status',
        badge(`Revoked ${formatTime(device.revokedAt)}`, 'warn'),
        el('p', { className: 'hint' }, afterRevoking),
        deviceButton('Remove', device, `Remove ${device.identifier} from this list? Its token stays revoked.`, 'Removed'))
      : cell('', deviceButton('Revoke', device, `Revoke ${device.identifier}? Its token stops working at once. ${afterRevoking}`, 'Revoked')),
  )));
}

/** For an identifier <alias>[<android_id>]: create the participant with the grant, prefilled from the identifier. */
function participantChoice(request) {
  const suggested = request.suggestedParticipant;
  return el('span', { className: 'grant-participant', attributes: { 'data-request': request.id } },
    el('label', { className: 'check' },
      el('input', { type: 'checkbox', className: 'grant-create' }), ' Create the participant'),
    el('label', {}, 'Alias ', el('input', { type: 'text', className: 'grant-alias', value: suggested.alias ?? '', maxLength: 100 })),
    el('label', {}, 'Android id ', el('input', { type: 'text', className: 'grant-android-id', value: suggested.androidId, maxLength: 64 })));
}

/** The participant to create with a grant, when its box is ticked. */
function participantToCreate(button) {
  const choice = button.closest('td')?.querySelector('.grant-participant');
  if (!choice?.querySelector('.grant-create').checked) {
    return undefined;
  }
  return {
    participant: {
      alias: choice.querySelector('.grant-alias').value,
      androidId: choice.querySelector('.grant-android-id').value,
    },
  };
}

function decisionButton(label, className, request, decision) {
  return el('button', {
    type: 'button',
    className,
    onClick: event => act(event.currentTarget, async button => {
      const body = decision === 'grant' ? participantToCreate(button) : undefined;
      const answer = await callApi('POST', apiUrl`pairing/requests/${request.id}/${decision}`, body);
      notify(`${decision === 'grant' ? 'Granted' : 'Denied'}: ${request.identifier}${answer?.participant ? `, participant ${answer.participant.alias} created` : ''}`);
      shown = '';
      await refresh();
    }),
  }, label);
}

/** Revoke for a paired device; Remove for a revoked one (the same call: revoking a revoked device removes it). */
function deviceButton(label, device, question, done) {
  return el('button', {
    type: 'button',
    className: 'danger',
    onClick: event => act(event.currentTarget, async () => {
      if (!confirm(question)) {
        return;
      }
      await callApi('DELETE', apiUrl`devices/${device.id}`);
      notify(`${done}: ${device.identifier}`);
      shown = '';
      await refresh();
    }),
  }, label);
}
