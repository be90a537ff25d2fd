// The body selector: the pretrained bodies whose weights are installed on the server, and the image size each was
// trained at (offered, and chosen, with the faster small sizes).
import { $, el } from './dom.js';
import { api } from './api.js';
/** @typedef {import('./contract.js').BodyList} BodyList */
/** @typedef {import('./contract.js').BodyView} BodyView */

/** @type {BodyView[]} */
let bodies = [];

export async function loadBodies() {
  /** @type {BodyList} */
  const list = await api('/api/bodies');
  bodies = list.bodies;
  $('backbone').replaceChildren(...bodies.map((b) => el('option', { value: b.id, text: label(b, list.defaultId), title: b.description })));
  $('backbone', HTMLSelectElement).value = list.defaultId;
  showBodySize();
}

/** @param {BodyView} body @param {string} defaultId */
function label(body, defaultId) {
  const top1 = body.imagenetTop1 == null ? '' : `, ImageNet top-1 ${body.imagenetTop1.toFixed(1)}%`;
  return `${body.id}: ${body.architecture}${top1}, ${body.defaultSize} px${body.id === defaultId ? ' (default)' : ''}`;
}

/** The size field offers the chosen body's own size, among the others in order, and selects it. */
function showBodySize() {
  const body = bodies.find((b) => b.id === $('backbone', HTMLSelectElement).value);
  if (!body) return;
  const size = $('size', HTMLSelectElement);
  size.querySelector('option.body-size')?.remove();
  const own = String(body.defaultSize);
  if (![...size.options].some((o) => o.value === own)) {
    const after = [...size.options].find((o) => +o.value > body.defaultSize) ?? null;
    size.insertBefore(el('option', { class: 'body-size', value: own, text: `${own} px (the body's own)` }), after);
  }
  size.value = own;
}

$('backbone').addEventListener('change', showBodySize);
