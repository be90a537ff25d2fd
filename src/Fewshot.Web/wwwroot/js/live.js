// The live preview: the webcam classified continuously at the model's own speed. A frame is sent only once the previous
// answer has come back, so the frames in between are dropped and a slow model (people mode finds faces first) never
// falls behind.
import { $, guarded } from './dom.js';
import { state } from './api.js';
import { frame } from './webcam.js';
import { predict } from './testing.js';

export function startLive() {
  const live = { answers: 0, since: performance.now() };
  state.live = live;
  $('live-button').textContent = 'Stop live preview';
  $('live-rate').textContent = 'starting…';
  (async () => {
    while (state.live === live) {
      const ok = await guarded(async () => {
        const jpeg = await frame($('webcam-video'));
        // Stopped while the frame was taken: nothing more is sent after "Stop".
        if (state.live === live) await predict(jpeg, 'webcam.jpg');
        return true;
      });
      if (!ok) break;
      live.answers++;
      const rate = live.answers / ((performance.now() - live.since) / 1000);
      if (state.live === live) $('live-rate').textContent = `${rate.toFixed(1)} answers per second`;
    }
    if (state.live === live) stopLive();
  })();
}

export function stopLive() {
  state.live = null;
  $('live-button').textContent = 'Start live preview';
  $('live-rate').textContent = '';
}
