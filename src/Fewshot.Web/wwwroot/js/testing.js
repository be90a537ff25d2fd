// Testing the model on a photo, dropped or chosen, or on the webcam (a frame, or live), with an optional "unknown" threshold.
import { $, guarded } from './dom.js';
import { api, projectUrl, state } from './api.js';
import { dropTarget } from './uploads.js';
import { showPrediction } from './prediction.js';
import { closeWebcam, frame, openWebcam, webcamAvailable } from './webcam.js';
import { startLive, stopLive } from './live.js';

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
  const value = $('threshold', HTMLInputElement).valueAsNumber;
  return Number.isFinite(value) ? String(value) : '0';
}

$('test-choose').addEventListener('click', () => $('test-file').click());
$('threshold').addEventListener('change', () => { if (state.tested) guarded(() => predict(state.tested.file, state.tested.name)); });
$('test-file', HTMLInputElement).addEventListener('change', () => {
  const input = $('test-file', HTMLInputElement);
  const file = input.files?.[0];
  if (file) guarded(() => predict(file)).finally(() => { input.value = ''; });
});
dropTarget($('test-drop'), (files) => files.length && predict(files[0]));

if (webcamAvailable()) $('webcam-button').hidden = false;
$('webcam-button').addEventListener('click', () => guarded(async () => {
  $('webcam-video', HTMLVideoElement).srcObject = await openWebcam('test');
  $('webcam').hidden = false;
}));
$('snap-button').addEventListener('click', () => guarded(async () => predict(await frame($('webcam-video')), 'webcam.jpg')));
$('live-button').addEventListener('click', () => (state.live ? stopLive() : startLive()));
$('webcam-stop').addEventListener('click', () => {
  stopLive();
  closeWebcam('test');
  $('webcam').hidden = true;
});
