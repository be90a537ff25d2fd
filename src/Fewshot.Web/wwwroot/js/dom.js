// Small helpers for building the page and showing what went wrong.

/**
 * The page's element with this id, as the kind of element it is: `$('size', HTMLSelectElement)`; refused when it is
 * another kind.
 * @template {HTMLElement} [T=HTMLElement]
 * @param {string} id
 * @param {{ new (): T, prototype: T }} [kind]
 * @returns {T}
 */
export function $(id, kind) {
  const node = document.getElementById(id);
  if (node && kind && !(node instanceof kind)) throw new Error(`#${id} is not a ${kind.name}.`);
  return /** @type {T} */ (node);
}

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

export function showError(message) {
  $('error-text').textContent = message;
  $('error').hidden = false;
}
export function clearError() { $('error').hidden = true; }

export async function guarded(action) {
  try { clearError(); return await action(); }
  catch (e) { showError(e.message); }
}

export const percent = (x) => `${(100 * x).toFixed(1)}%`;
export const number = (x, digits = 4) => (x == null ? '–' : x.toFixed(digits));
/** A duration for people: milliseconds when under a tenth of a second (epochs on cached features), else seconds. */
export const seconds = (s) => (s < 0.1 ? `${Math.max(1, Math.round(s * 1000))} ms` : s < 10 ? `${s.toFixed(1)} s` : `${Math.round(s)} s`);

/** "1 class", "2 classes". */
export const count = (n, singular, plural = `${singular}s`) => `${n} ${n === 1 ? singular : plural}`;
