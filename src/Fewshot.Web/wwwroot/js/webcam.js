// The webcam, shared by the test panel and recording into a class: opened once, closed when nothing uses it.
import { el } from './dom.js';
import { state } from './api.js';

export const webcamAvailable = () => Boolean(navigator.mediaDevices?.getUserMedia);

const users = new Set();

/** The camera's stream for a user ('test', 'record'), opening the camera if it is not open yet. */
export async function openWebcam(user) {
  if (!state.webcam) {
    try { state.webcam = await navigator.mediaDevices.getUserMedia({ video: true }); }
    catch (e) { throw new Error(`The webcam could not be opened (${e.name}). Check the browser's camera permission.`); }
  }
  users.add(user);
  return state.webcam;
}

/** Stops the camera once its last user is done with it. */
export function closeWebcam(user) {
  users.delete(user);
  if (users.size > 0 || !state.webcam) return;
  state.webcam.getTracks().forEach((t) => t.stop());
  state.webcam = null;
}

/** The video's current frame as a JPEG, once the video shows one. */
export async function frame(video) {
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) await new Promise((resolve) => video.addEventListener('loadeddata', resolve, { once: true }));
  const canvas = el('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d').drawImage(video, 0, 0);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.9));
}
