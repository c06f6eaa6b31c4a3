// The management API, called relative to the page (manage) so that a host route prefix keeps working.
const base = 'manage/api/';

// Sent with every change: a foreign page cannot add it without a CORS preflight, which the app never grants.
const requestedWith = { 'X-Requested-With': 'RecordingFunctions' };

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** The URL of an API path whose variable parts are given separately and encoded. */
export function apiUrl(strings, ...parts) {
  return base + strings.reduce((url, text, i) => url + text + (i < parts.length ? encodeURIComponent(parts[i]) : ''), '');
}

/** Calls the API and answers the parsed JSON; a non-2xx answer throws an ApiError carrying the server's msg. */
export async function callApi(method, url, body) {
  const init = { method, credentials: 'same-origin', headers: {} };
  if (method !== 'GET') {
    Object.assign(init.headers, requestedWith);
  }
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  const text = await response.text();
  const json = parseJson(text);
  if (!response.ok) {
    throw new ApiError(response.status, json?.msg ?? `${response.status} ${response.statusText}`);
  }
  return json;
}

export const getJson = url => callApi('GET', url);

/** Posts a multipart form with XMLHttpRequest, the only browser API that reports upload progress. */
export function postForm(url, form, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.withCredentials = true;
    for (const [name, value] of Object.entries(requestedWith)) {
      request.setRequestHeader(name, value);
    }
    request.upload.addEventListener('progress', event => {
      if (event.lengthComputable) {
        onProgress(event.loaded / event.total);
      }
    });
    request.addEventListener('load', () => {
      const json = parseJson(request.responseText);
      if (request.status >= 200 && request.status < 300) {
        resolve(json);
      } else {
        reject(new ApiError(request.status, json?.msg ?? `${request.status} ${request.statusText}`));
      }
    });
    request.addEventListener('error', () => reject(new ApiError(0, 'the upload failed: the connection broke')));
    request.send(form);
  });
}

function parseJson(text) {
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
