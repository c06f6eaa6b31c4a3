// The server name to enter on a watch, shown at the top of the Devices view, with a copy button.
import { apiUrl, getJson } from './api.js';
import { byId, el, notify } from './dom.js';

const setting = 'Recordings__PublicBaseUrl';

const sources = {
  setting: () => ['From the app setting ', el('code', {}, setting), '.'],
  WEBSITE_HOSTNAME: () => ['The app\'s Azure host name (', el('code', {}, 'WEBSITE_HOSTNAME'), '). For a custom domain, set the app setting ',
    el('code', {}, setting), '.'],
  request: () => ['The address this page was reached at. If watches reach the app under another name, set the app setting ',
    el('code', {}, setting), '.'],
};

export function init() {
  byId('server-name-copy').addEventListener('click', event => copy(event.currentTarget));
}

export async function show() {
  try {
    render(await getJson(apiUrl`connection`));
  } catch (error) {
    notify(`Could not load the server name: ${error.message}`, 'error');
  }
}

function render(connection) {
  byId('server-name').textContent = connection.serverName;
  byId('server-name-source').replaceChildren(...(sources[connection.source]?.() ?? []));
  byId('server-name-problem').hidden = !connection.settingProblem;
  byId('server-name-problem').textContent = connection.settingProblem ?? '';
  byId('server-name-insecure').hidden = connection.https;
  if (!connection.https) {
    const port = new URL(connection.serverName).port || '80';
    byId('server-name-tunnel').textContent = `devtunnel host -p ${port} --allow-anonymous`;
  }
}

async function copy(button) {
  const text = byId('server-name').textContent;
  try {
    // The clipboard API exists only in secure contexts (HTTPS, localhost); elsewhere the older copy command works.
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(text);
    } else {
      selectServerName();
      if (!document.execCommand('copy')) {
        throw new Error('the browser refused');
      }
    }
    button.textContent = 'Copied';
    setTimeout(() => { button.textContent = 'Copy'; }, 2000);
  } catch {
    selectServerName();
    notify('Could not copy here: the server name is selected, copy it with Ctrl+C (or ⌘C).', 'error');
  }
}

function selectServerName() {
  const range = document.createRange();
  range.selectNodeContents(byId('server-name'));
  getSelection().removeAllRanges();
  getSelection().addRange(range);
}
