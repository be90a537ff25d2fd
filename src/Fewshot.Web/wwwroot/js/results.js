// The results of the latest training: accuracy, confusion matrix, top losses, downloads.
import { $, el, percent } from './dom.js';
import { imageUrl, projectUrl } from './api.js';

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
