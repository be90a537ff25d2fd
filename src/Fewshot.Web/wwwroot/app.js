'use strict';
// Fewshot's page: plain DOM code talking to the JSON API of `fewshot serve` (same origin, cookie-authenticated).

const $ = (id) => document.getElementById(id);
const UPLOAD_CHUNK = 20;
const state = { project: null, events: null, curve: { train: [], valid: [], stageStart: null }, webcam: null };

function el(tag, props = {}, ...children) {
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

function showError(message) {
  $('error-text').textContent = message;
  $('error').hidden = false;
}
function clearError() { $('error').hidden = true; }

async function api(path, options = {}) {
  const init = { credentials: 'same-origin', ...options };
  if (options.json !== undefined) {
    init.method = init.method || 'POST';
    init.headers = { 'Content-Type': 'application/json' };
    init.body = JSON.stringify(options.json);
  }
  let response;
  try { response = await fetch(path, init); }
  catch { throw new Error('The Fewshot server does not answer. Is `fewshot serve` still running?'); }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(body?.error || `The server answered ${response.status}.`);
    error.body = body;
    throw error;
  }
  return body;
}

async function guarded(action) {
  try { clearError(); return await action(); }
  catch (e) { showError(e.message); }
}

const projectUrl = (suffix = '') => `/api/projects/${state.project.id}${suffix}`;
const imageUrl = (hash) => projectUrl(`/images/${hash}`);
const percent = (x) => `${(100 * x).toFixed(1)}%`;
const number = (x, digits = 4) => (x == null ? '–' : x.toFixed(digits));

// ---------- projects ----------
async function loadProjects() {
  const projects = await api('/api/projects');
  const list = $('project-list');
  list.replaceChildren(...projects.map((p) => el('li', {},
    el('button', { type: 'button', 'aria-current': String(state.project?.id === p.id), onclick: () => guarded(() => openProject(p.id)) },
      p.name, el('small', { text: `${p.classes} classes · ${p.images} photos${p.trained ? ' · trained' : ''}` })))));
}

async function openProject(id) {
  render(await api(`/api/projects/${id}`));
  history.replaceState(null, '', `#${id}`);
  await loadProjects();
  if (state.project.training?.state === 'running') listen();
}

function render(project) {
  const changed = state.project?.id !== project.id;
  state.project = project;
  $('empty').hidden = true;
  $('project').hidden = false;
  $('project-title').textContent = project.name;
  renderClasses(project);
  const warnings = project.warnings || [];
  $('warnings-box').hidden = warnings.length === 0;
  $('warnings').replaceChildren(...warnings.map((w) => el('li', { text: w })));
  if (changed) { $('live').hidden = true; $('prediction').hidden = true; }
  renderResults(project.results);
  setTraining(project.training?.state === 'running');
}

function renderClasses(project) {
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

function dropTarget(zone, onFiles) {
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    guarded(() => onFiles([...e.dataTransfer.files]));
  });
}

async function upload(className, files) {
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

function report(result) {
  render(result.project);
  if (result.rejected.length) showError(`${result.rejected.length} file(s) were not added:\n` + result.rejected.map((r) => `${r.name}: ${r.reason}`).join('\n'));
  loadProjects();
}

// ---------- training ----------
function setTraining(running) {
  $('train-button').disabled = running;
  $('cancel-button').hidden = !running;
}

async function startTraining(event) {
  event.preventDefault();
  const form = new FormData($('train-form'));
  const settings = { mode: form.get('mode'), size: +form.get('size'), epochs: +form.get('epochs'), unfreezeEpochs: +form.get('unfreezeEpochs') };
  await api(projectUrl('/train'), { json: settings });
  listen();
}

function listen() {
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
  $('epoch-table').tBodies[0].replaceChildren();
  state.curve = { train: [], valid: [], stageStart: null };
  drawCurve();
  $('train-progress').value = 0;
}

function onTrainingEvent(e, source) {
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

function drawCurve() {
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

// ---------- results ----------
function renderResults(results) {
  $('results').hidden = !results;
  $('test').hidden = !results;
  if (!results) return;
  const a = results.accuracy;
  $('accuracy-value').textContent = percent(a.value);
  $('accuracy').textContent = a.text;
  const people = results.kind === 'people';
  $('results-note').textContent = `Trained on ${results.trainImages} photos and checked on ${results.validImages} held-out ones ` +
    (people ? `(people mode: a logistic head on the features cross-validation chose, below; ${results.seconds.toFixed(0)} s). `
      : `(size ${results.settings.size} px, ${results.settings.epochs}+${results.settings.unfreezeEpochs} epochs, ${results.seconds.toFixed(0)} s). `) +
    `The 95% interval is the range the true accuracy plausibly lies in, given so few photos.`;
  $('results-notes').replaceChildren(...(results.notes ?? []).map((n) => el('li', { text: n })));
  const classes = results.classes;
  const max = Math.max(1, ...results.confusion.flat());
  const table = $('confusion');
  table.replaceChildren(
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'actual \\ predicted' }), ...classes.map((c) => el('th', { scope: 'col', text: c })))),
    el('tbody', {}, ...results.confusion.map((row, i) => el('tr', {}, el('th', { scope: 'row', text: classes[i] }),
      ...row.map((count, j) => {
        const cell = el('td', { class: i === j ? 'diagonal' : '', text: String(count) });
        const shade = count / max;
        cell.style.background = `rgba(40, 87, 197, ${0.08 + 0.6 * shade})`;
        if (shade > 0.55) cell.style.color = '#fff';
        return cell;
      })))));
  $('top-losses').replaceChildren(...results.topLosses.map((t) => el('figure', { class: 'thumb' },
    el('img', { src: imageUrl(t.hash), alt: t.name, loading: 'lazy' }),
    el('figcaption', { text: `predicted ${t.predicted} (${t.probability.toFixed(2)}), actually ${t.actual} · loss ${t.loss.toFixed(2)}` }))));
  $('download-model').href = projectUrl('/model');
  $('download-onnx').href = projectUrl('/model.onnx');
  $('download-onnx').hidden = people;
  $('onnx-note').textContent = people ? 'People models are not exportable to ONNX: use the .fewshot file with fewshot predict.'
    : 'ONNX: exported on first download (a few seconds); input N×S×S×3 RGB pixels, class names in its metadata.';
}

// ---------- testing ----------
async function predict(file, name) {
  const form = new FormData();
  form.append('file', file, name || file.name || 'photo.jpg');
  const result = await api(projectUrl('/predict'), { method: 'POST', body: form });
  const image = $('prediction-image');
  if (image.src.startsWith('blob:')) URL.revokeObjectURL(image.src);
  image.src = URL.createObjectURL(file);
  $('prediction-label').textContent = result.label;
  $('prediction-reason').hidden = !result.unknownReason;
  $('prediction-reason').textContent = result.unknownReason ?? '';
  const box = $('prediction-face');
  box.hidden = !result.face;
  if (result.face) {
    const f = result.face;
    Object.assign(box.style, { left: `${100 * f.x}%`, top: `${100 * f.y}%`, width: `${100 * f.width}%`, height: `${100 * f.height}%` });
  }
  $('prediction-probability').textContent = `(probability ${result.probability.toFixed(2)})`;
  $('prediction-bars').replaceChildren(...result.probabilities.map((p) => {
    const fill = el('span');
    fill.style.width = `${(100 * p.probability).toFixed(1)}%`;
    return el('li', {}, el('span', { text: p.label }), el('span', { class: 'bar' }, fill), el('span', { text: p.probability.toFixed(2) }));
  }));
  $('prediction').hidden = false;
}

$('test-file').addEventListener('change', (e) => {
  const file = e.target.files[0];
  if (file) guarded(() => predict(file)).finally(() => { e.target.value = ''; });
});
dropTarget($('test-drop'), (files) => files.length && predict(files[0]));

if (navigator.mediaDevices?.getUserMedia) $('webcam-button').hidden = false;
$('webcam-button').addEventListener('click', () => guarded(async () => {
  try { state.webcam = await navigator.mediaDevices.getUserMedia({ video: true }); }
  catch (e) { throw new Error(`The webcam could not be opened (${e.name}). Check the browser's camera permission.`); }
  $('webcam-video').srcObject = state.webcam;
  $('webcam').hidden = false;
}));
$('snap-button').addEventListener('click', () => guarded(async () => {
  const video = $('webcam-video');
  const canvas = el('canvas');
  canvas.width = video.videoWidth; canvas.height = video.videoHeight;
  canvas.getContext('2d').drawImage(video, 0, 0);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.92));
  await predict(blob, 'webcam.jpg');
}));
$('webcam-stop').addEventListener('click', () => {
  state.webcam?.getTracks().forEach((t) => t.stop());
  state.webcam = null;
  $('webcam').hidden = true;
});

// ---------- forms ----------
$('new-project').addEventListener('submit', (e) => {
  e.preventDefault();
  guarded(async () => {
    const project = await api('/api/projects', { json: { name: $('new-project-name').value } });
    $('new-project-name').value = '';
    await openProject(project.id);
  });
});
$('new-class').addEventListener('submit', (e) => {
  e.preventDefault();
  guarded(async () => {
    render(await api(projectUrl('/classes'), { json: { name: $('new-class-name').value } }));
    $('new-class-name').value = '';
    await loadProjects();
  });
});
$('train-form').addEventListener('submit', (e) => guarded(() => startTraining(e)));
$('error-close').addEventListener('click', clearError);

guarded(async () => {
  await loadProjects();
  const id = location.hash.slice(1);
  if (/^[0-9a-f]{12}$/.test(id)) await openProject(id);
});
