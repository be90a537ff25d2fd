// The loss curve: training loss per batch, validation loss per epoch (SVG).
import { $ } from './dom.js';

/** Draws the curve: { train: [[step, loss]…], valid: [[step, loss]…], stageStart: step or null }. */
export function drawCurve(curve, emptyText = 'waiting for the first batch…') {
  const svg = $('loss-curve');
  const ns = 'http://www.w3.org/2000/svg';
  const W = 420, H = 220, L = 44, R = 10, T = 10, B = 28;
  const { train, valid, stageStart } = curve;
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
  if (points.length === 0) { add('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', fill: '#5b6575', 'font-size': 12 }, emptyText); return; }
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
