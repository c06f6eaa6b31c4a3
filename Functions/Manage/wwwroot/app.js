// The admin console: one page, its views chosen by the URL's hash (#devices, #recordings, #set/<uuid>, ...).
import * as audit from './audit.js';
import * as devices from './devices.js';
import * as models from './models.js';
import * as participants from './participants.js';
import * as recordings from './recordings.js';
import * as settings from './settings.js';
import * as set from './set.js';

const views = { devices, recordings, set, participants: participants.list, participant: participants.detail, models, audit, settings };
// The section the navigation marks for each view.
const navFor = { set: 'recordings', participant: 'participants' };
let active = null;

function route() {
  const [name, ...rest] = location.hash.replace(/^#/, '').split('/');
  const view = Object.hasOwn(views, name) ? name : 'devices';
  const argument = rest.length > 0 ? decodeURIComponent(rest.join('/')) : undefined;
  if ((view === 'set' || view === 'participant') && !argument) {
    location.hash = view === 'set' ? '#recordings' : '#participants';
    return;
  }
  if (active && active !== view) {
    views[active].hide();
  }
  active = view;
  for (const section of document.querySelectorAll('section.view')) {
    section.hidden = section.id !== `view-${view}`;
  }
  for (const link of document.querySelectorAll('nav a')) {
    link.classList.toggle('current', link.dataset.nav === (navFor[view] ?? view));
    if (link.dataset.nav === (navFor[view] ?? view)) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  views[view].show(argument);
}

for (const view of Object.values(views)) {
  view.init?.();
}
window.addEventListener('hashchange', route);
route();
