// Training: start, cancel, and the live progress (one bar over the whole run), epoch table and loss curve, which stay
// on the page after the training, from the saved results.
import { $, el, guarded, number, seconds, showError } from './dom.js';
import { api, projectUrl, state } from './api.js';
import { openProject } from './projects.js';
import { drawCurve } from './curve.js';
/** @typedef {import('./contract.js').TrainingEvent} TrainingEvent */
/** @typedef {import('./contract.js').TrainingResults} TrainingResults */
/** @typedef {import('./contract.js').EpochView} EpochView */
/** @typedef {import('./contract.js').ProgressView} ProgressView */

const emptyCurve = () => ({ train: [], valid: [], stageStart: null });

export function setTraining(running) {
  $('train-button', HTMLButtonElement).disabled = running;
  $('cancel-button').hidden = !running;
}

export async function startTraining(event) {
  event.preventDefault();
  const form = new FormData($('train-form', HTMLFormElement));
  const mode = form.get('mode'), backbone = form.get('backbone');
  // People mode has no image size or epochs (its fields are disabled, so the form leaves them out).
  const settings = mode === 'people' ? { mode, backbone }
    : { mode, backbone, size: +form.get('size'), epochs: +form.get('epochs'), unfreezeEpochs: +form.get('unfreezeEpochs') };
  await api(projectUrl('/train'), { json: settings });
  listen();
}

export function listen() {
  state.events?.close();
  resetLive();
  setTraining(true);
  const source = new EventSource(projectUrl('/train/events'));
  state.events = source;
  source.onmessage = (message) => onTrainingEvent(JSON.parse(message.data), source);
  source.onerror = () => { if (state.events === source && source.readyState === EventSource.CLOSED) showError('Lost the connection to the training progress.'); };
}

function resetLive() {
  $('live').hidden = false;
  $('epoch-table', HTMLTableElement).tBodies[0].replaceChildren();
  state.curve = emptyCurve();
  drawCurve(state.curve);
  showProgress({ fraction: 0, secondsLeft: null });
}

/** The last training's table and curve, from its saved results (or nothing, before the first training). */
/** @param {TrainingResults | null} results */
export function showHistory(results) {
  $('live').hidden = !results;
  if (!results) return;
  const people = results.kind === 'people';
  const rows = results.epochs.map((r) => epochRow(r, people));
  if (results.featureSeconds != null) rows.unshift(featuresRow(results.featureSeconds, people));
  $('epoch-table', HTMLTableElement).tBodies[0].replaceChildren(...rows);
  showCurve(!people);
  const curve = results.curve;
  state.curve = curve ? { train: curve.train, valid: curve.valid, stageStart: curve.unfrozenAt } : emptyCurve();
  drawCurve(state.curve, 'no loss curve was kept for this training');
  $('train-progress', HTMLProgressElement).value = 1;
  $('train-eta').textContent = '';
  $('train-status').textContent = `Last training: ${new Date(results.trainedAt).toLocaleString()}, ${seconds(results.seconds)}.`;
}

/** People mode fits its head once: there is no curve to draw. */
const showCurve = (shown) => { $('loss-curve').closest('figure').hidden = !shown; };

/** @param {ProgressView | null} progress */
function showProgress(progress) {
  if (!progress) return;
  $('train-progress', HTMLProgressElement).value = progress.fraction;
  const left = progress.secondsLeft;
  $('train-eta').textContent = left == null ? 'estimating the time left…'
    : left < 60 ? `about ${Math.max(1, Math.round(left))} s left` : `about ${Math.round(left / 60)} min left`;
}

const cells = (...texts) => texts.map((text) => el('td', { text }));

/** @param {EpochView} r @param {boolean} people */
function epochRow(r, people) {
  return el('tr', { class: 'epoch' },
    ...cells(people ? 'head' : r.stage === 1 ? 'frozen' : 'unfrozen', `${r.epoch}/${r.epochs}`, number(r.trainLoss), number(r.validLoss), r.accuracy.text),
    el('td', { class: 'time', text: seconds(r.seconds) }));
}

/** The features computed once before the first epoch (people mode: the faces), which is where most of the time goes. */
function featuresRow(time, people) {
  return el('tr', { class: 'features' }, ...cells(people ? 'faces' : 'features', 'once', '–', '–', '–'),
    el('td', { class: 'time', text: seconds(time) }));
}

/** @param {TrainingEvent} e @param {EventSource} source */
function onTrainingEvent(e, source) {
  showProgress('progress' in e ? e.progress : null);
  const people = state.settings?.mode === 'people';
  switch (e.type) {
    case 'started':
      state.settings = e.settings;
      showCurve(e.settings.mode !== 'people');
      $('train-status').textContent = `Training on ${e.train} photos, checking on ${e.valid} (${e.classes.join(', ')})…`;
      break;
    case 'status': $('train-status').textContent = e.message; break;
    case 'warning': showError(e.message); break;
    case 'features':
      $('train-status').textContent = e.message;
      if (e.done === e.total) $('epoch-table', HTMLTableElement).tBodies[0].replaceChildren(featuresRow(e.seconds, people));
      break;
    case 'batch':
      if (e.stage === 2 && state.curve.stageStart == null) state.curve.stageStart = e.step;
      if (e.loss != null) state.curve.train.push([e.step, e.loss]);
      $('train-status').textContent = `Stage ${e.stage} · epoch ${e.epoch} · batch ${e.batch}/${e.batches} · loss ${number(e.loss)}`;
      drawCurve(state.curve);
      break;
    case 'epoch':
      if (e.row.validLoss != null) state.curve.valid.push([e.step, e.row.validLoss]);
      $('epoch-table', HTMLTableElement).tBodies[0].append(epochRow(e.row, people));
      drawCurve(state.curve);
      break;
    case 'done': case 'failed': case 'cancelled':
      source.close();
      if (state.events === source) state.events = null;
      setTraining(false);
      $('train-status').textContent = e.message;
      $('train-eta').textContent = '';
      if (e.type === 'done') $('train-progress', HTMLProgressElement).value = 1;
      if (e.type === 'failed') showError(e.message);
      if (e.type === 'done') guarded(() => openProject(state.project.id));
      break;
  }
}

$('cancel-button').addEventListener('click', () => guarded(async () => {
  await api('/api/training/cancel', { method: 'POST' });
  $('train-status').textContent = 'Cancelling after the current batch…';
}));

/** People mode has no image size or epochs: their fields are disabled while it is chosen. */
function showModeFields() {
  const mode = /** @type {RadioNodeList} */ ($('train-form', HTMLFormElement).elements.namedItem('mode'));
  const people = mode.value === 'people';
  $('size', HTMLSelectElement).disabled = people;
  for (const id of ['epochs', 'unfreeze-epochs']) $(id, HTMLInputElement).disabled = people;
}
$('train-form').addEventListener('change', (e) => { if (e.target instanceof HTMLInputElement && e.target.name === 'mode') showModeFields(); });
showModeFields();
