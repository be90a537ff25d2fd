// What the model answered for a tested photo: the verdict, every class's probability, and for people models each face,
// boxed on the photo, or what was decided when no face was found.
import { $, el } from './dom.js';
/** @typedef {import('./contract.js').PhotoPrediction} PhotoPrediction */
/** @typedef {import('./contract.js').ClassProbability} ClassProbability */

const two = (x) => x.toFixed(2);

/** A face's or photo's answer in words; "unknown" names the nearest class as such, never as the unknown's probability. */
export const answerText = (a) => (a.unknown ? `unknown — nearest: ${a.nearest.label} ${two(a.nearest.probability)}` : `${a.label} ${two(a.probability)}`);

/** @param {PhotoPrediction} result @param {string} photoUrl */
export function showPrediction(result, photoUrl) {
  const image = $('prediction-image', HTMLImageElement);
  if (image.src.startsWith('blob:') && image.src !== photoUrl) URL.revokeObjectURL(image.src);
  image.onload = () => placeTags($('prediction-frame'));
  image.src = photoUrl;
  $('prediction-label').textContent = result.label;
  $('prediction-probability').textContent = result.unknown
    ? `— nearest: ${result.nearest.label} ${two(result.nearest.probability)}` : `(probability ${two(result.probability)})`;
  showLine('prediction-reason', result.unknownReason);
  showLine('prediction-source', faceSourceText(result));
  const faces = (result.faces ?? []).filter((f) => f.faceIndex != null);
  $('prediction-faces').hidden = faces.length === 0;
  $('prediction-faces').replaceChildren(...faces.map((f) => el('li', { text: faceText(f, result) })));
  $('prediction-frame').replaceChildren(image, ...faces.map((f) => faceBox(f)));
  $('prediction-frame').classList.toggle('people', result.faces != null);
  if (image.complete) placeTags($('prediction-frame'));
  $('prediction-bars').replaceChildren(...result.probabilities.map((p) => bar(p, result.threshold)));
  $('prediction').hidden = false;
}

function showLine(id, text) {
  $(id).hidden = !text;
  $(id).textContent = text ?? '';
}

/** What people mode did about the photo's face when it found none, or found it only on the padded photo. */
function faceSourceText(result) {
  const distance = result.distance != null ? `, ${result.distance.toFixed(3)} from the nearest training face` : '';
  switch (result.faceSource) {
    case 'whole-photo': return `No face found: the whole photo was used in its place${distance}.`;
    case 'none': return 'No face found, so no one is named: this model answers “unknown” for a photo without a face.';
    case 'padded': return 'The face was found once the photo was padded with a grey border (a tight crop).';
    default: return null;
  }
}

const sameBox = (a, b) => a && b && ['x', 'y', 'width', 'height'].every((k) => Math.abs(a[k] - b[k]) < 1e-4);

/** @param {PhotoPrediction} face @param {PhotoPrediction} photo */
function faceText(face, photo) {
  const notes = [`distance ${face.distance.toFixed(3)}`];
  if (face.faceSource === 'padded') notes.push('found on the padded photo');
  if (face.farFromNamedPeople) notes.push('far from every named person');
  if (sameBox(face.face, photo.face)) notes.push('the photo’s answer');
  return `Face ${face.faceIndex + 1}: ${answerText(face)} · ${notes.join(' · ')}`;
}

/** @param {PhotoPrediction} face */
function faceBox(face) {
  const f = face.face;
  const box = el('span', { class: `face-box${face.unknown ? ' unknown' : ''}` },
    el('span', { class: 'face-tag', text: `${face.faceIndex + 1} ${answerText(face)}\ndistance ${face.distance.toFixed(3)}` }));
  Object.assign(box.style, { left: `${100 * f.x}%`, top: `${100 * f.y}%`, width: `${100 * f.width}%`, height: `${100 * f.height}%` });
  return box;
}

/**
 * Puts each face's tag above its box, else below, else just inside its top, choosing the first place that stays on the
 * photo and clear of the tags already placed (largest faces first); a tag is moved sideways to stay on the photo.
 */
function placeTags(frame) {
  const photo = frame.getBoundingClientRect();
  const placed = [];
  const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  for (const tag of frame.querySelectorAll('.face-tag')) {
    const fits = (where) => {
      tag.dataset.place = where;
      tag.style.transform = '';
      const r = tag.getBoundingClientRect();
      const dx = Math.max(photo.left - r.left, Math.min(0, photo.right - r.right));
      tag.style.transform = `translateX(${dx}px)`;
      const moved = tag.getBoundingClientRect();
      return { onPhoto: moved.top >= photo.top && moved.bottom <= photo.bottom, clear: !placed.some((p) => overlaps(p, moved)) };
    };
    const places = ['above', 'below', 'inside'];
    const best = places.find((w) => { const f = fits(w); return f.onPhoto && f.clear; })
      ?? places.find((w) => fits(w).onPhoto) ?? 'inside';
    fits(best);
    placed.push(tag.getBoundingClientRect());
  }
}

/** @param {ClassProbability} p @param {number} threshold */
function bar(p, threshold) {
  const fill = el('span');
  fill.style.width = `${(100 * p.probability).toFixed(1)}%`;
  const track = el('span', { class: 'bar' }, fill);
  if (threshold > 0) {
    const mark = el('span', { class: 'threshold', title: `“unknown” below ${threshold}` });
    mark.style.left = `${100 * threshold}%`;
    track.append(mark);
  }
  return el('li', {}, el('span', { class: 'name', text: p.label, title: p.label }), track, el('span', { text: two(p.probability) }));
}
