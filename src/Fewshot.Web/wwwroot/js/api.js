// The JSON API of `fewshot serve` (same origin, cookie-authenticated), and the page's state.

export const state = { project: null, events: null, curve: { train: [], valid: [], stageStart: null }, webcam: null };

export async function api(path, options = {}) {
  const init = { credentials: 'same-origin', ...options };
  if (options.json !== undefined) {
    init.method = init.method || 'POST';
    init.headers = { 'Content-Type': 'application/json' };
    init.body = JSON.stringify(options.json);
  }
  let response;
  try { response = await fetch(path, init); }
  catch { throw new Error('The Fewshot server does not answer. Is `fewshot serve` still running?'); }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(body?.error || `The server answered ${response.status}.`);
    error.body = body;
    throw error;
  }
  return body;
}

export const projectUrl = (suffix = '') => `/api/projects/${state.project.id}${suffix}`;
export const imageUrl = (hash) => projectUrl(`/images/${hash}`);
