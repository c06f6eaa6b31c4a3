// A list the API answers a page at a time ({..., continuation}), with a search box and Previous/Next buttons: the
// one place of the paging; its search and its guard against stale answers are the page's own (dom.js).
import { getJson } from './api.js';
import { NewestAnswer, byId, notify, searchBox } from './dom.js';

/**
 * @param prefix the ids of the view's elements: `${prefix}-search` (form), `-search-text`, `-previous`, `-next`, `-page`
 * @param url the API's address of the list
 * @param what the name of the list in messages ("recordings")
 * @param render called with each answer of the shown page
 */
export function pager({ prefix, url, what, render, pageSize = 50 }) {
  const answers = new NewestAnswer();
  // tokens[i] is the continuation that fetches page i; page 0 needs none.
  let tokens = [null];
  let page = 0;
  let search = '';

  async function load(index) {
    const isNewest = answers.request();
    const query = new URLSearchParams({ pageSize: String(pageSize) });
    if (search) {
      query.set('search', search);
    }
    if (tokens[index]) {
      query.set('continuation', tokens[index]);
    }
    try {
      const answer = await getJson(`${url}?${query}`);
      if (!isNewest()) {
        return;
      }
      page = index;
      tokens[index + 1] = answer.continuation;
      render(answer);
      byId(`${prefix}-previous`).disabled = page === 0;
      byId(`${prefix}-next`).disabled = !tokens[page + 1];
      byId(`${prefix}-page`).textContent = `Page ${page + 1}`;
    } catch (error) {
      notify(`Could not load the ${what}: ${error.message}`, 'error');
    }
  }

  const pendingSearch = searchBox(byId(`${prefix}-search`), byId(`${prefix}-search-text`), text => {
    search = text;
    tokens = [null];
    return load(0);
  });
  byId(`${prefix}-previous`).addEventListener('click', () => load(page - 1));
  byId(`${prefix}-next`).addEventListener('click', () => load(page + 1));

  return {
    /** Loads the page shown (again). */
    reload: () => load(page),
    /** Drops a pending search and answers still on their way, as when the view is left. */
    stop: () => {
      pendingSearch.cancel();
      answers.dropAll();
    },
  };
}
