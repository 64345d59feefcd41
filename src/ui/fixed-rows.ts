// Windowing for lists of fixed-height rows (the event log, kernel text, the timeline): which
// rows to render for the scroll position, with nothing per row kept (a list of three million
// events costs what its visible rows cost). The scroll box is measured by a ResizeObserver
// and its position read in its scroll event, never during a React commit. Past MAX_PX the
// scrolled height is compressed (browsers cap element heights near 33M px): the scroll bar
// then maps proportionally onto the rows.
import { useCallback, useEffect, useRef, useState } from 'react';
import { frames } from './views/raf';

export const MAX_PX = 8_000_000;

export interface FixedRows {
  ref: (el: HTMLDivElement | null) => void;
  onScroll(): void;
  /** Rows [start, end) to render. */
  start: number;
  end: number;
  /** Height of the scrolled content. */
  height: number;
  /** Offset of row i inside the content. */
  top(i: number): number;
  /** Scrolls so that row i is visible (at the end of the box with 'end'). */
  scrollToIndex(i: number, align?: 'start' | 'end' | 'auto'): void;
  /** True when the box shows the last row. */
  atEnd: boolean;
}

export function useFixedRows(count: number, row: number, overscan = 10): FixedRows {
  const el = useRef<HTMLDivElement | null>(null);
  const [box, setBox] = useState({ scrollTop: 0, height: 0 });
  const [frameKey] = useState(() => ({}));
  const observer = useRef<ResizeObserver | null>(null);

  const ref = useCallback((node: HTMLDivElement | null) => {
    observer.current?.disconnect();
    el.current = node;
    if (!node || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const h = Math.round(entries[entries.length - 1]?.contentRect.height ?? 0);
      setBox((b) => (b.height === h ? b : { ...b, height: h }));
    });
    ro.observe(node);
    observer.current = ro;
  }, []);
  useEffect(
    () => () => {
      observer.current?.disconnect();
      frames.cancel(frameKey);
    },
    [frameKey],
  );

  const full = count * row;
  const height = Math.min(full, MAX_PX);
  const view = box.height || 200;
  // Content offset of the first visible pixel, in uncompressed px.
  const ratio = full > height && height > view ? (full - view) / (height - view) : 1;
  // The list may just have shrunk under a scroll position the browser has not clamped yet.
  const scrollTop = Math.min(box.scrollTop, Math.max(0, height - view));
  const offset = scrollTop * ratio;
  const first = Math.floor(offset / row);
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, Math.ceil((offset + view) / row) + overscan);

  const onScroll = useCallback(() => {
    const node = el.current;
    if (!node) return;
    const scrollTop = node.scrollTop;
    setBox((b) => (b.scrollTop === scrollTop ? b : { ...b, scrollTop }));
  }, []);

  const scrollToIndex = useCallback(
    (i: number, align: 'start' | 'end' | 'auto' = 'auto') => {
      frames.once(frameKey, () => {
        const node = el.current;
        if (!node) return;
        const h = box.height || node.clientHeight;
        const want = align === 'end' ? (i + 1) * row - h : i * row;
        let target = want;
        if (align === 'auto') {
          const cur = node.scrollTop * ratio;
          if (i * row >= cur && (i + 1) * row <= cur + h) return;
          target = i * row < cur ? i * row : (i + 1) * row - h;
        }
        node.scrollTop = Math.max(0, target / ratio);
      });
    },
    [frameKey, row, ratio, box.height],
  );

  return {
    ref,
    onScroll,
    start,
    end,
    height,
    top: (i) => scrollTop + (i * row - offset),
    scrollToIndex,
    atEnd: offset + view >= full - row * 2,
  };
}
