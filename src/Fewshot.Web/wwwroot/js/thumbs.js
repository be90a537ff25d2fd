// A class's photos as one stop for the Tab key: Tab reaches one remove button, the arrow keys (and Home, End) move
// between them, so a class of 45 photos costs one Tab press, not 45.

import { el } from './dom.js';

export function thumbGrid(label, figures) {
  const grid = el('div', { class: 'thumbs', role: 'group', 'aria-label': label }, ...figures);
  const buttons = () => [...grid.querySelectorAll('.remove')];
  buttons().forEach((button, i) => { button.tabIndex = i === 0 ? 0 : -1; });
  grid.addEventListener('keydown', (e) => {
    const all = buttons();
    const i = all.indexOf(document.activeElement);
    const next = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: all.length - 1 }[e.key];
    if (i < 0 || next === undefined) return;
    e.preventDefault();
    focusAt(all, next);
  });
  return grid;
}

/** Moves the grid's one Tab stop to the index-th remove button (clamped) and focuses it. */
export function focusAt(buttons, index) {
  if (buttons.length === 0) return;
  const at = Math.max(0, Math.min(buttons.length - 1, index));
  buttons.forEach((button, i) => { button.tabIndex = i === at ? 0 : -1; });
  buttons[at].focus();
}
