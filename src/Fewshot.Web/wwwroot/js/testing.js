// Testing the model on a photo, dropped or chosen, or on a webcam frame, with an optional "unknown" threshold.
import { $, el, guarded } from './dom.js';
import { api, projectUrl, state } from './api.js';
import { dropTarget } from './uploads.js';
import { showPrediction } from './prediction.js';

/** Tests a photo (a file or a webcam frame) with the threshold chosen on the page, and shows the answer. */
export async function predict(file, name) {
  const form = new FormData();
  form.append('file', file, name || file.name || 'photo.jpg');
  form.append('threshold', threshold());
  const result = await api(projectUrl('/predict'), { method: 'POST', body: form });
  state.tested = { file, name };
  showPrediction(result, URL.createObjectURL(file));
}

/** The "unknown" threshold typed on the page, as the API takes it (0, off, when empty). */
function threshold() {
  const value = $('threshold').valueAsNumber;
  return Number.isFinite(value) ? String(value) : '0';
}

$('test-choose').addEventListener('click', () => $('test-file').click());
$('threshold').addEventListener('change', () => { if (state.tested) guarded(() => predict(state.tested.file, state.tested.name)); });
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
