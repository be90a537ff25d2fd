// Classes and their photos: uploads (chosen or dropped) and folder imports.
import { $, el, guarded, showError } from './dom.js';
import { api, imageUrl, projectUrl } from './api.js';
import { loadProjects, render } from './projects.js';

const UPLOAD_CHUNK = 20;

export function renderClasses(project) {
  $('classes').replaceChildren(...project.classes.map((c) => {
    const input = el('input', { type: 'file', multiple: '', accept: 'image/*', class: 'visually-hidden' });
    input.addEventListener('change', () => guarded(() => upload(c.name, [...input.files])).finally(() => { input.value = ''; }));
    const drop = el('div', { class: 'dropzone', 'data-class': c.name },
      el('p', {}, 'Drop photos here, or ', el('label', { class: 'link' }, 'choose files', input), '.'));
    dropTarget(drop, (files) => upload(c.name, files));
    const folder = el('input', { type: 'text', placeholder: '/full/path/on/the/server', 'aria-label': `Server folder for ${c.name}` });
    const importForm = el('form', { class: 'inline' }, folder, el('button', { type: 'submit' }, 'Import'));
    importForm.addEventListener('submit', (e) => {
      e.preventDefault();
      guarded(async () => { report(await api(projectUrl(`/classes/${encodeURIComponent(c.name)}/import`), { json: { folder: folder.value } })); folder.value = ''; });
    });
    const thumbs = c.images.map((image) => el('figure', { class: 'thumb' },
      el('img', { src: imageUrl(image.hash), alt: image.name, loading: 'lazy' }),
      el('button', { type: 'button', class: 'remove', 'aria-label': `Remove ${image.name} from ${c.name}`,
        onclick: () => guarded(async () => render(await api(projectUrl(`/classes/${encodeURIComponent(c.name)}/images/${image.hash}`), { method: 'DELETE' }))) }, '×'),
      el('figcaption', { text: image.name })));
    return el('article', { class: 'class-card', 'data-class': c.name },
      el('header', {}, el('h4', { text: c.name }), el('span', { class: 'count', text: `${c.images.length} photo${c.images.length === 1 ? '' : 's'}` }),
        el('button', { type: 'button', 'aria-label': `Delete class ${c.name}`,
          onclick: () => confirm(`Delete class “${c.name}” and its photos from this project?`) &&
            guarded(async () => render(await api(projectUrl(`/classes/${encodeURIComponent(c.name)}`), { method: 'DELETE' }))) }, 'Delete class')),
      drop,
      el('details', {}, el('summary', { text: 'Import a folder on the server' }), importForm),
      el('div', { class: 'thumbs' }, ...thumbs));
  }));
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
