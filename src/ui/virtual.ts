// Options shared by the virtualized lists (timeline steps, event log): their scroll box is
// measured by a ResizeObserver only, never by reading clientWidth/clientHeight during a
// React commit, which would force a synchronous layout inside that task.
import type { Virtualizer } from '@tanstack/react-virtual';

export interface Rect {
  width: number;
  height: number;
}

/** observeElementRect for @tanstack/react-virtual: asynchronous, from ResizeObserver entries. */
export function observeRectAsync<T extends Element>(instance: Virtualizer<T, Element>, cb: (rect: Rect) => void): (() => void) | undefined {
  const el = instance.scrollElement;
  if (!el || typeof ResizeObserver === 'undefined') return undefined;
  const ro = new ResizeObserver((entries) => {
    const box = entries[entries.length - 1]?.contentRect;
    if (box) cb({ width: Math.round(box.width), height: Math.round(box.height) });
  });
  ro.observe(el);
  return () => ro.disconnect();
}

/** A first guess of the scroll box until the observer reports (no layout read). */
export const INITIAL_RECT: Rect = { width: 600, height: 160 };

/** Runs `fn` at the next animation frame, once per frame however often it is asked. */
export function oncePerFrame(): (fn: () => void) => void {
  let pending: (() => void) | null = null;
  return (fn) => {
    const first = pending === null;
    pending = fn;
    if (first) {
      requestAnimationFrame(() => {
        const f = pending;
        pending = null;
        f?.();
      });
    }
  };
}
