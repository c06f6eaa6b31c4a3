// A list the API answers a page at a time ({..., continuation}), with a search box and Previous/Next buttons: the
// one place of the paging, the search's debounce and the guard that drops an answer older than the latest request.
import { getJson } from './api.js';
import { byId, notify } from './dom.js';

/**
 * @param prefix the ids of the view's elements: `${prefix}-search` (form), `-search-text`, `-previous`, `-next`, `-page`
 * @param url the API's address of the list
 * @param what the name of the list in messages ("recordings")
 * @param render called with each answer of the shown page
 */
export function pager({ prefix, url, what, render, pageSize = 50 }) {
  // tokens[i] is the continuation that fetches page i; page 0 needs none.
  let tokens = [null];
  let page = 0;
  let search = '';
  let searchTimer = null;
  let loading = 0;

  function startSearch(text) {
    clearTimeout(searchTimer);
    search = text.trim();
    tokens = [null];
    return load(0);
  }

  async function load(index) {
    const call = ++loading;
    const query = new URLSearchParams({ pageSize: String(pageSize) });
    if (search) {
      query.set('search', search);
    }
    if (tokens[index]) {
      query.set('continuation', tokens[index]);
    }
    try {
      const answer = await getJson(`${url}?${query}`);
      if (call !== loading) {
        return;
      }
      page = index;
      tokens[index + 1] = answer.continuation ?? null;
      render(answer);
      byId(`${prefix}-previous`).disabled = page === 0;
      byId(`${prefix}-next`).disabled = !tokens[page + 1];
      byId(`${prefix}-page`).textContent = `Page ${page + 1}`;
    } catch (error) {
      notify(`Could not load the ${what}: ${error.message}`, 'error');
    }
  }

  const input = byId(`${prefix}-search-text`);
  byId(`${prefix}-search`).addEventListener('submit', event => {
    event.preventDefault();
    startSearch(input.value);
  });
  input.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => startSearch(input.value), 300);
  });
  byId(`${prefix}-previous`).addEventListener('click', () => load(page - 1));
  byId(`${prefix}-next`).addEventListener('click', () => load(page + 1));

  return {
    /** Loads the page shown (again). */
    reload: () => load(page),
    stop: () => clearTimeout(searchTimer),
  };
}
