// The results of the latest training: accuracy, confusion matrix, top losses, downloads.
import { $, el, percent } from './dom.js';
import { imageUrl, projectUrl } from './api.js';
/** @typedef {import('./contract.js').TrainingResults} TrainingResults */

const caption = (text) => el('figcaption', { text, title: text });

/** @param {TrainingResults | null} results */
export function renderResults(results) {
  $('results').hidden = !results;
  $('test').hidden = !results;
  if (!results) return;
  $('results-stale').hidden = !results.stale;
  $('results-stale').textContent = results.stale ?? '';
  const a = results.accuracy;
  $('accuracy-value').textContent = percent(a.value);
  $('accuracy').textContent = a.text;
  const people = results.kind === 'people';
  $('results-note').textContent = `Trained on ${results.trainImages} photos and checked on ${results.validImages} held-out ones ` +
    (people ? `(people mode: a logistic head on the features cross-validation chose, below, scene features from body ${results.settings.backbone}; ` +
        `${results.seconds.toFixed(0)} s). `
      : `(body ${results.settings.backbone}, size ${results.settings.size} px, ${results.settings.epochs}+${results.settings.unfreezeEpochs} epochs, ` +
        `${results.seconds.toFixed(0)} s). `) +
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
        const [background, text] = cellColours(count / max);
        Object.assign(cell.style, { background, color: text });
        return cell;
      })))));
  $('top-losses').replaceChildren(...results.topLosses.map((t) => el('figure', { class: 'thumb' },
    el('img', { src: imageUrl(t.hash), alt: t.name, loading: 'lazy' }),
    caption(`predicted ${t.predicted} (${t.probability.toFixed(2)}), actually ${t.actual} · loss ${t.loss.toFixed(2)}`))));
  $('download-model', HTMLAnchorElement).href = projectUrl('/model');
  $('download-onnx', HTMLAnchorElement).href = projectUrl('/model.onnx');
  $('download-onnx').hidden = people;
  $('onnx-note').textContent = people ? 'People models are not exportable to ONNX: use the .fewshot file with fewshot predict.'
    : 'ONNX: exported on first download (a few seconds); input N×S×S×3 RGB pixels, class names in its metadata.';
}

/** A cell's background, from pale to dark blue with its count, and whichever of black or white text contrasts more (never under 4.5:1). */
function cellColours(share) {
  const [pale, dark] = [[238, 243, 255], [24, 52, 138]];
  const rgb = pale.map((p, k) => Math.round(p + (dark[k] - p) * share));
  const luminance = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, k) => sum + v * [0.2126, 0.7152, 0.0722][k], 0);
  const white = 1.05 / (luminance + 0.05), black = (luminance + 0.05) / 0.05;
  return [`rgb(${rgb.join(', ')})`, white > black ? '#fff' : '#000'];
}
