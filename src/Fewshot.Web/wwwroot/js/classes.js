// Classes and their photos, each class a card: photos chosen, dropped or imported from a folder on the server.
import { $, count, el, guarded } from './dom.js';
import { api, imageUrl, projectUrl, state } from './api.js';
import { render } from './projects.js';
import { dropTarget, report, upload } from './uploads.js';
import { focusAt, thumbGrid } from './thumbs.js';
import { recorderButton, recorderPanel } from './recorder.js';
/** @typedef {import('./contract.js').ProjectView} ProjectView */
/** @typedef {import('./contract.js').ClassView} ClassView */

/** @param {ProjectView} project */
export function renderClasses(project) {
  $('classes').replaceChildren(...project.classes.map(classCard));
}

const classUrl = (name, suffix = '') => projectUrl(`/classes/${encodeURIComponent(name)}${suffix}`);

/** @param {ClassView} c */
function classCard(c) {
  const input = el('input', { type: 'file', multiple: '', accept: 'image/*', hidden: '' });
  input.addEventListener('change', () => guarded(() => upload(c.name, [...input.files])).finally(() => { input.value = ''; }));
  const drop = el('div', { class: 'dropzone', 'data-class': c.name },
    el('p', {}, 'Drop photos here, or ', el('button', { type: 'button', class: 'choose-files', onclick: () => input.click() }, 'Choose files'), input,
      recorderButton(c.name)));
  dropTarget(drop, (files) => upload(c.name, files));
  const figures = c.images.map((image, index) => el('figure', { class: 'thumb' },
    el('img', { src: imageUrl(image.hash), alt: image.name, loading: 'lazy' }),
    el('button', { type: 'button', class: 'remove', 'aria-label': `Remove ${image.name} from ${c.name}`,
      onclick: () => guarded(() => removePhoto(c.name, image.hash, index)) }, '×'),
    el('figcaption', { text: image.name, title: image.name })));
  return el('article', { class: 'class-card', 'data-class': c.name },
    el('header', {}, el('h4', { text: c.name }), el('span', { class: 'count', text: count(c.images.length, 'photo') }),
      el('button', { type: 'button', 'aria-label': `Delete class ${c.name}`,
        onclick: () => confirm(`Delete class “${c.name}” and its photos from this project?`) &&
          guarded(async () => render(await api(classUrl(c.name), { method: 'DELETE' }))) }, 'Delete class')),
    drop,
    recorderPanel(c.name),
    importFolder(c.name),
    thumbGrid(`Photos of ${c.name}`, figures));
}

/** Removes a photo and keeps the keyboard where it was: on the photo that takes its place. */
async function removePhoto(className, hash, index) {
  render(await api(classUrl(className, `/images/${hash}`), { method: 'DELETE' }));
  const card = [...document.querySelectorAll('.class-card')].filter((a) => a instanceof HTMLElement).find((a) => a.dataset.class === className);
  focusAt([...(card?.querySelectorAll('.thumb .remove') ?? [])], index);
}

/** The folder import, when the server allows one (`fewshot serve --import-root`), saying from where. */
function importFolder(className) {
  const roots = state.server?.importRoots ?? [];
  if (roots.length === 0) return null;
  const root = roots[0].endsWith('/') ? roots[0] : `${roots[0]}/`;
  const folder = el('input', { type: 'text', placeholder: `${root}…`, 'aria-label': `Server folder for ${className}` });
  const form = el('form', { class: 'inline' }, folder, el('button', { type: 'submit' }, 'Import'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    guarded(async () => { report(await api(classUrl(className, '/import'), { json: { folder: folder.value } })); folder.value = ''; });
  });
  return el('details', {}, el('summary', { text: 'Import a folder on the server' }),
    el('p', { class: 'hint import-hint', text: `The photos of a folder under ${roots.join(' or ')} (the folders fewshot serve was allowed to read with --import-root).` }),
    form);
}
