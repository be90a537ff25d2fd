// The JSON API of `fewshot serve` (same origin, cookie-authenticated), and the page's state.
/** @typedef {import('./contract.js').ProjectView} ProjectView */
/** @typedef {import('./contract.js').ServerResponse} ServerResponse */
/** @typedef {import('./contract.js').TrainingSettings} TrainingSettings */

/**
 * @type {{ project: ProjectView | null, events: EventSource | null, curve: { train: number[][], valid: number[][], stageStart: number | null },
 *   webcam: MediaStream | null, server?: ServerResponse, settings?: TrainingSettings, tested?: { file: Blob, name?: string },
 *   live?: object | null, recorder?: { className: string, message: string } | null }}
 */
export const state = { project: null, events: null, curve: { train: [], valid: [], stageStart: null }, webcam: null };

/**
 * @typedef {RequestInit & { json?: unknown }} ApiOptions
 * @typedef {Error & { body?: unknown }} ApiError
 */

/**
 * Calls the API; a JSON body is posted unless another method is given. Its answer is one of the types of contract.js
 * (the caller names which); a refusal throws an Error with the server's message and its body.
 * @param {string} path
 * @param {ApiOptions} [options]
 * @returns {Promise<any>}
 */
export async function api(path, options = {}) {
  /** @type {RequestInit} */
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
    /** @type {ApiError} */
    const error = new Error(body?.error || `The server answered ${response.status}.`);
    error.body = body;
    throw error;
  }
  return body;
}

export const projectUrl = (suffix = '') => `/api/projects/${state.project.id}${suffix}`;
export const imageUrl = (hash) => projectUrl(`/images/${hash}`);
