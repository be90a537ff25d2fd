// Recording training photos with the webcam: hold the button (mouse, touch, or Space/Enter) to record frames into a class;
// each hold is one burst, uploaded with its id so training keeps it whole in training or in validation.
import { el, guarded } from './dom.js';
import { state } from './api.js';
import { renderClasses } from './classes.js';
import { upload } from './uploads.js';
import { closeWebcam, frame, openWebcam, webcamAvailable } from './webcam.js';

const FRAMES_PER_SECOND = 5;
const MAX_FRAMES = 100;

/** The class card's button that opens the recorder, if the browser has a camera API. */
export function recorderButton(className) {
  if (!webcamAvailable()) return null;
  return el('button', { type: 'button', class: 'webcam-open', onclick: () => guarded(() => openRecorder(className)) }, 'Record with the webcam');
}

async function openRecorder(className) {
  await openWebcam('record');
  state.recorder = { className, message: 'Hold the button to record; each frame becomes a photo.' };
  renderClasses(state.project);
}

function closeRecorder() {
  state.recorder = null;
  closeWebcam('record');
  renderClasses(state.project);
}

/** The recorder panel, when it is open on this class (it is drawn again with the class card, keeping its message). */
export function recorderPanel(className) {
  const recorder = state.recorder;
  if (recorder?.className !== className || !state.webcam) return null;
  const video = el('video', { autoplay: '', playsinline: '', muted: '' });
  video.srcObject = state.webcam;
  const count = el('span', { class: 'record-count', role: 'status', text: recorder.message });
  const button = el('button', { type: 'button', class: 'record primary' }, 'Hold to record');
  /** @type {(File[] & { stop?: () => Promise<void> }) | null} */
  let frames = null;
  const start = () => {
    if (frames) return;
    /** @type {File[] & { stop?: () => Promise<void> }} */
    const hold = [];
    frames = hold;
    const burst = crypto.randomUUID();
    const timer = setInterval(async () => {
      if (frames !== hold) return;
      if (hold.length >= MAX_FRAMES) return stop();
      const blob = await frame(video);
      // The hold ended while the frame was taken (and another may have begun): the frame belongs to neither.
      if (frames !== hold) return;
      hold.push(new File([blob], `webcam-${burst.slice(0, 8)}-${String(hold.length + 1).padStart(3, '0')}.jpg`, { type: 'image/jpeg' }));
      count.textContent = `${hold.length} frames recorded…`;
    }, 1000 / FRAMES_PER_SECOND);
    hold.stop = async () => {
      clearInterval(timer);
      const files = hold;
      frames = null;
      if (files.length === 0) return;
      recorder.message = `Adding ${files.length} frames to ${className}…`;
      count.textContent = recorder.message;
      await guarded(async () => {
        const added = await upload(className, files, burst);
        const same = files.length - added;
        recorder.message = `${added} frames added to ${className} as one burst${same > 0 ? ` (${same} repeated a frame already there)` : ''}.`;
      });
      renderClasses(state.project);
    };
    button.classList.add('recording');
  };
  const stop = () => frames?.stop();
  button.addEventListener('pointerdown', (e) => { e.preventDefault(); start(); });
  button.addEventListener('pointerup', stop);
  button.addEventListener('pointerleave', stop);
  button.addEventListener('keydown', (e) => { if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) { e.preventDefault(); start(); } });
  button.addEventListener('keyup', (e) => { if (e.key === ' ' || e.key === 'Enter') stop(); });
  return el('div', { class: 'recorder' }, video,
    el('div', { class: 'recorder-controls' }, button, count, el('button', { type: 'button', onclick: closeRecorder }, 'Close the webcam')));
}
