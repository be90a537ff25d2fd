// The project list; opening, renaming and deleting a project.
import { $, count, el, guarded } from './dom.js';
import { api, projectUrl, state } from './api.js';
import { renderClasses } from './classes.js';
import { renderResults } from './results.js';
import { listen, setTraining, showHistory } from './training.js';
/** @typedef {import('./contract.js').ProjectView} ProjectView */
/** @typedef {import('./contract.js').ProjectSummary} ProjectSummary */

export async function loadProjects() {
  /** @type {ProjectSummary[]} */
  const projects = await api('/api/projects');
  const list = $('project-list');
  list.replaceChildren(...projects.map((p) => el('li', {},
    el('button', { type: 'button', 'data-project': p.id, 'aria-current': String(state.project?.id === p.id), onclick: () => guarded(() => openProject(p.id)) },
      p.name, el('small', { text: `${count(p.classes, 'class', 'classes')} · ${count(p.images, 'photo')}${p.trained ? ' · trained' : ''}` })))));
}

export async function openProject(id) {
  render(await api(`/api/projects/${id}`));
  history.replaceState(null, '', `#${id}`);
  await loadProjects();
  if (state.project.training?.state === 'running') listen();
}

/** @param {ProjectView} project */
export function render(project) {
  const changed = state.project?.id !== project.id;
  state.project = project;
  $('empty').hidden = true;
  $('project').hidden = false;
  $('project-title').textContent = project.name;
  renderClasses(project);
  const warnings = project.warnings || [];
  $('warnings-box').hidden = warnings.length === 0;
  $('warnings').replaceChildren(...warnings.map((w) => el('li', { text: w })));
  renderResults(project.results);
  if (changed) {
    $('prediction').hidden = true;
    showHistory(project.results);
  }
  setTraining(project.training?.state === 'running');
}

function closeProject() {
  state.events?.close();
  state.events = null;
  state.project = null;
  $('project').hidden = true;
  $('empty').hidden = false;
  history.replaceState(null, '', location.pathname);
}

function showRename(shown) {
  $('rename-form').hidden = !shown;
  $('project-title').hidden = shown;
  $('rename-project').hidden = shown;
  if (shown) {
    $('rename-name', HTMLInputElement).value = state.project.name;
    $('rename-name', HTMLInputElement).select();
  }
}

$('rename-project').addEventListener('click', () => showRename(true));
$('rename-cancel').addEventListener('click', () => showRename(false));
$('rename-name').addEventListener('keydown', (e) => { if (e.key === 'Escape') showRename(false); });
$('rename-form').addEventListener('submit', (e) => {
  e.preventDefault();
  guarded(async () => {
    render(await api(projectUrl(), { method: 'PATCH', json: { name: $('rename-name', HTMLInputElement).value } }));
    showRename(false);
    await loadProjects();
  });
});
$('delete-project').addEventListener('click', () => {
  const project = state.project;
  const photos = project.classes.reduce((n, c) => n + c.images.length, 0);
  if (!confirm(`Delete project “${project.name}” with its ${count(photos, 'photo')}${project.hasModel ? ' and its model' : ''}? This cannot be undone.`)) return;
  guarded(async () => {
    await api(projectUrl(), { method: 'DELETE' });
    closeProject();
    await loadProjects();
  });
});
