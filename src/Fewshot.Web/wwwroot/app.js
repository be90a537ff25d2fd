// Fewshot's page: plain DOM code talking to the JSON API of `fewshot serve`.
import { $, guarded, clearError } from './js/dom.js';
import { api, projectUrl, state } from './js/api.js';
import { loadProjects, openProject, render } from './js/projects.js';
import { startTraining } from './js/training.js';
import { loadBodies } from './js/bodies.js';
import './js/testing.js';

$('new-project').addEventListener('submit', (e) => {
  e.preventDefault();
  guarded(async () => {
    const project = await api('/api/projects', { json: { name: $('new-project-name', HTMLInputElement).value } });
    $('new-project-name', HTMLInputElement).value = '';
    await openProject(project.id);
  });
});
$('new-class').addEventListener('submit', (e) => {
  e.preventDefault();
  guarded(async () => {
    render(await api(projectUrl('/classes'), { json: { name: $('new-class-name', HTMLInputElement).value } }));
    $('new-class-name', HTMLInputElement).value = '';
    await loadProjects();
  });
});
$('train-form').addEventListener('submit', (e) => guarded(() => startTraining(e)));
$('error-close').addEventListener('click', clearError);

guarded(async () => {
  state.server = await api('/api/server');
  await loadBodies();
  await loadProjects();
  const id = location.hash.slice(1);
  if (/^[0-9a-f]{12}$/.test(id)) await openProject(id);
});
