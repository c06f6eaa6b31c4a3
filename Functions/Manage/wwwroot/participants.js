// Participants: the list with create, edit and delete, and one participant with its sets and assignment by hand.
import { apiUrl, callApi, getJson } from './api.js';
import { act, byId, cell, el, fillTable, formatTime, notify } from './dom.js';

let editing = null;
let current = null;

export const list = {
  init() {
    byId('participant-form').addEventListener('submit', event => {
      event.preventDefault();
      act(event.submitter ?? byId('participant-save'), save);
    });
    byId('participant-cancel').addEventListener('click', () => edit(null));
    byId('participants-rerun').addEventListener('click', event => act(event.currentTarget, rerun));
  },
  show() {
    edit(null);
    return reloadList();
  },
  hide() {
    edit(null);
  },
};

export const detail = {
  init() {
    byId('participant-assign').addEventListener('submit', event => {
      event.preventDefault();
      act(event.submitter ?? event.currentTarget, () => assignByHand(true));
    });
    byId('participant-unassign').addEventListener('click', event => act(event.currentTarget, () => assignByHand(false)));
  },
  show(id) {
    if (current?.id !== id) {
      current = { id };
      byId('participant-title').textContent = '';
      byId('participant-facts').replaceChildren();
      fillTable(byId('participant-sets'), byId('participant-sets-empty'), []);
    }
    return reloadDetail();
  },
  hide() {
    current = null;
  },
};

async function reloadList() {
  try {
    render(await getJson(apiUrl`participants`));
  } catch (error) {
    notify(`Could not load the participants: ${error.message}`, 'error');
  }
}

function render(participants) {
  fillTable(byId('participants'), byId('participants-empty'), participants.map(participant => el('tr', {},
    cell('Alias', el('a', { href: `#participant/${encodeURIComponent(participant.id)}` }, participant.alias)),
    cell('Android id', el('span', { className: 'mono' }, participant.androidId)),
    cell('Active', participant.active ? el('span', { className: 'badge ok' }, 'active') : el('span', { className: 'badge' }, 'inactive')),
    cell('Notes', participant.notes ? participant.notes.split('\n', 1)[0] : '–'),
    cell('Changed', formatTime(participant.changedAt)),
    cell('', el('span', { className: 'actions' },
      el('button', { type: 'button', onClick: () => edit(participant) }, 'Edit'),
      el('button', { type: 'button', className: 'danger', onClick: event => act(event.currentTarget, () => remove(participant)) }, 'Delete'))),
  )));
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
  try {
    const participant = await getJson(apiUrl`participants/${id}`);
    if (current?.id === id) {
      current = participant;
      renderDetail(participant);
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
  ];
  byId('participant-facts').replaceChildren(...facts.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
  const notes = byId('participant-notes-text');
  notes.textContent = participant.notes || 'No notes.';
  notes.classList.toggle('missing', !participant.notes);
  fillTable(byId('participant-sets'), byId('participant-sets-empty'), participant.sets.map(set => el('tr', {},
    cell('Set', el('a', { href: `#set/${encodeURIComponent(set.id)}`, className: 'mono' }, set.id)),
    cell('Recorded', formatTime(set.recordedAt)),
    cell('Device', set.device ?? '–'),
    cell('Files', String(set.fileCount ?? 0)),
    cell('Assigned', set.assignedByHand ? 'by hand' : 'automatically'),
    cell('', el('button', {
      type: 'button',
      onClick: event => act(event.currentTarget, () => unassignOne(set.id)),
    }, 'Unassign')),
  )));
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
