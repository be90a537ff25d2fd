// Classes and their photos: uploads (chosen or dropped) and folder imports.
import { $, count, el, guarded, showError } from './dom.js';
import { api, imageUrl, projectUrl } from './api.js';
import { loadProjects, render } from './projects.js';
import { focusAt, thumbGrid } from './thumbs.js';

const UPLOAD_CHUNK = 20;

export function renderClasses(project) {
  $('classes').replaceChildren(...project.classes.map(classCard));
}

const classUrl = (name, suffix = '') => projectUrl(`/classes/${encodeURIComponent(name)}${suffix}`);

function classCard(c) {
  const input = el('input', { type: 'file', multiple: '', accept: 'image/*', hidden: '' });
  input.addEventListener('change', () => guarded(() => upload(c.name, [...input.files])).finally(() => { input.value = ''; }));
  const drop = el('div', { class: 'dropzone', 'data-class': c.name },
    el('p', {}, 'Drop photos here, or ', el('button', { type: 'button', class: 'choose-files', onclick: () => input.click() }, 'Choose files'), input));
  dropTarget(drop, (files) => upload(c.name, files));
  const folder = el('input', { type: 'text', placeholder: '/full/path/on/the/server', 'aria-label': `Server folder for ${c.name}` });
  const importForm = el('form', { class: 'inline' }, folder, el('button', { type: 'submit' }, 'Import'));
  importForm.addEventListener('submit', (e) => {
    e.preventDefault();
    guarded(async () => { report(await api(classUrl(c.name, '/import'), { json: { folder: folder.value } })); folder.value = ''; });
  });
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
    el('details', {}, el('summary', { text: 'Import a folder on the server' }), importForm),
    thumbGrid(`Photos of ${c.name}`, figures));
}

/** Removes a photo and keeps the keyboard where it was: on the photo that takes its place. */
async function removePhoto(className, hash, index) {
  render(await api(classUrl(className, `/images/${hash}`), { method: 'DELETE' }));
  const card = [...document.querySelectorAll('.class-card')].find((a) => a.dataset.class === className);
  focusAt([...(card?.querySelectorAll('.thumb .remove') ?? [])], index);
}

export function dropTarget(zone, onFiles) {
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    guarded(() => onFiles([...e.dataTransfer.files]));
  });
}

export async function upload(className, files) {
  const rejected = [];
  for (let start = 0; start < files.length; start += UPLOAD_CHUNK) {
    const form = new FormData();
    for (const file of files.slice(start, start + UPLOAD_CHUNK)) form.append('files', file, file.name);
    try {
      const result = await api(projectUrl(`/classes/${encodeURIComponent(className)}/images`), { method: 'POST', body: form });
      render(result.project);
      rejected.push(...result.rejected);
    } catch (e) {
      if (!e.body?.rejected) throw e;
      rejected.push(...e.body.rejected);
    }
  }
  if (rejected.length) showError(`${rejected.length} file(s) were not added:\n` + rejected.map((r) => `${r.name}: ${r.reason}`).join('\n'));
  await loadProjects();
}

export function report(result) {
  render(result.project);
  if (result.rejected.length) showError(`${result.rejected.length} file(s) were not added:\n` + result.rejected.map((r) => `${r.name}: ${r.reason}`).join('\n'));
  loadProjects();
}
