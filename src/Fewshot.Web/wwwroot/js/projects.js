// The project list and opening a project.
import { $, el, guarded } from './dom.js';
import { api, state } from './api.js';
import { renderClasses } from './classes.js';
import { renderResults } from './results.js';
import { listen, setTraining, showHistory } from './training.js';

export async function loadProjects() {
  const projects = await api('/api/projects');
  const list = $('project-list');
  list.replaceChildren(...projects.map((p) => el('li', {},
    el('button', { type: 'button', 'aria-current': String(state.project?.id === p.id), onclick: () => guarded(() => openProject(p.id)) },
      p.name, el('small', { text: `${p.classes} classes · ${p.images} photos${p.trained ? ' · trained' : ''}` })))));
}

export async function openProject(id) {
  render(await api(`/api/projects/${id}`));
  history.replaceState(null, '', `#${id}`);
  await loadProjects();
  if (state.project.training?.state === 'running') listen();
}

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
