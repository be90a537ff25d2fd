// Testing the model on a photo, dropped or chosen, or on a webcam frame.
import { $, el, guarded } from './dom.js';
import { api, projectUrl, state } from './api.js';
import { dropTarget } from './uploads.js';

export async function predict(file, name) {
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
    return el('li', {}, el('span', { class: 'name', text: p.label, title: p.label }), el('span', { class: 'bar' }, fill), el('span', { text: p.probability.toFixed(2) }));
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
