// Training: start, cancel, and the live progress, epoch table and loss curve.
import { $, el, guarded, number, showError } from './dom.js';
import { api, projectUrl, state } from './api.js';
import { openProject } from './projects.js';

export function setTraining(running) {
  $('train-button').disabled = running;
  $('cancel-button').hidden = !running;
}

export async function startTraining(event) {
  event.preventDefault();
  const form = new FormData($('train-form'));
  const settings = { mode: form.get('mode'), size: +form.get('size'), epochs: +form.get('epochs'), unfreezeEpochs: +form.get('unfreezeEpochs') };
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

export function resetLive() {
  $('live').hidden = false;
  $('epoch-table').tBodies[0].replaceChildren();
  state.curve = { train: [], valid: [], stageStart: null };
  drawCurve();
  $('train-progress').value = 0;
}

export function onTrainingEvent(e, source) {
  switch (e.type) {
    case 'started':
      state.settings = e.settings;
      $('train-status').textContent = `Training on ${e.train} photos, checking on ${e.valid} (${e.classes.join(', ')})…`;
      break;
    case 'status': $('train-status').textContent = e.message; break;
    case 'warning': showError(e.message); break;
    case 'features':
      $('train-status').textContent = `Computing features of the training photos: ${e.done}/${e.total}`;
      break;
    case 'batch': {
      if (e.stage === 2 && state.curve.stageStart == null) state.curve.stageStart = e.step;
      if (e.loss != null) state.curve.train.push([e.step, e.loss]);
      const epochs = e.stage === 1 ? state.settings?.epochs : state.settings?.unfreezeEpochs;
      $('train-progress').value = epochs ? ((e.epoch - 1) + e.batch / e.batches) / epochs : 0;
      $('train-status').textContent = `Stage ${e.stage} · epoch ${e.epoch} · batch ${e.batch}/${e.batches} · loss ${number(e.loss)}`;
      drawCurve();
      break;
    }
    case 'epoch': {
      const r = e.row;
      if (r.validLoss != null) state.curve.valid.push([e.step, r.validLoss]);
      $('epoch-table').tBodies[0].append(el('tr', {},
        el('td', { text: state.settings?.mode === 'people' ? 'head' : r.stage === 1 ? 'frozen' : 'unfrozen' }), el('td', { text: `${r.epoch}/${r.epochs}` }),
        el('td', { text: number(r.trainLoss) }), el('td', { text: number(r.validLoss) }),
        el('td', { text: r.accuracy.text }), el('td', { text: `${r.seconds.toFixed(1)} s` })));
      drawCurve();
      break;
    }
    case 'done': case 'failed': case 'cancelled':
      source.close();
      if (state.events === source) state.events = null;
      setTraining(false);
      $('train-status').textContent = e.message;
      $('train-progress').value = e.type === 'done' ? 1 : $('train-progress').value;
      if (e.type === 'failed') showError(e.message);
      if (e.type === 'done') guarded(() => openProject(state.project.id));
      break;
  }
}

export function drawCurve() {
  const svg = $('loss-curve');
  const ns = 'http://www.w3.org/2000/svg';
  const W = 420, H = 220, L = 44, R = 10, T = 10, B = 28;
  const { train, valid, stageStart } = state.curve;
  const points = train.concat(valid);
  svg.replaceChildren();
  const add = (tag, attrs, text) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text != null) node.textContent = text;
    svg.append(node);
    return node;
  };
  add('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: '#9aa3b2' });
  add('line', { x1: L, y1: T, x2: L, y2: H - B, stroke: '#9aa3b2' });
  if (points.length === 0) { add('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', fill: '#5b6575', 'font-size': 12 }, 'waiting for the first batch…'); return; }
  const maxX = Math.max(...points.map((p) => p[0]), 2);
  const maxY = Math.max(...points.map((p) => p[1])) * 1.05 || 1;
  const x = (v) => L + (v - 1) / (maxX - 1) * (W - L - R);
  const y = (v) => H - B - v / maxY * (H - T - B);
  for (const tick of [0, maxY / 2, maxY]) add('text', { x: L - 6, y: y(tick) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#5b6575' }, tick.toFixed(2));
  add('text', { x: (L + W - R) / 2, y: H - 6, 'text-anchor': 'middle', 'font-size': 11, fill: '#5b6575' }, `batch (1–${maxX})`);
  if (stageStart != null) {
    add('line', { x1: x(stageStart), y1: T, x2: x(stageStart), y2: H - B, stroke: '#9aa3b2', 'stroke-dasharray': '4 3' });
    add('text', { x: x(stageStart) + 4, y: T + 10, 'font-size': 10, fill: '#5b6575' }, 'unfrozen');
  }
  if (train.length) add('polyline', { points: train.map(([a, b]) => `${x(a)},${y(b)}`).join(' '), fill: 'none', stroke: '#2857c5', 'stroke-width': 1.6 });
  if (valid.length > 1) add('polyline', { points: valid.map(([a, b]) => `${x(a)},${y(b)}`).join(' '), fill: 'none', stroke: '#e07b00', 'stroke-width': 1.4 });
  for (const [a, b] of valid) add('circle', { cx: x(a), cy: y(b), r: 3.5, fill: '#e07b00' });
}

$('cancel-button').addEventListener('click', () => guarded(async () => {
  await api('/api/training/cancel', { method: 'POST' });
  $('train-status').textContent = 'Cancelling after the current batch…';
}));
