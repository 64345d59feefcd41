// A kernel text view shown a window of lines at a time: the worker holds the text, this asks
// for the lines around what is visible (a /proc/interrupts of 2048 CPUs and 100K interrupts
// is megabytes; the page never holds or lays it out whole). Fixed line height, native
// horizontal scroll, the width learnt from the longest line seen.
import { useEffect, useRef, useState } from 'react';
import { useFixedRows } from '../fixed-rows';

export const LINE = 16;
const MARGIN = 80;

export interface TextWindow {
  /** Lines in the whole file. */
  lines: number;
  from: number;
  text: string[];
}

export type LineSource = (from: number, count: number) => Promise<TextWindow | null>;

export function TextLines({ source, version, label }: { source: LineSource; version: unknown; label: string }) {
  const [win, setWin] = useState<TextWindow | null>(null);
  const widest = useRef(0);
  const rows = useFixedRows(win?.lines ?? 0, LINE, 20);
  const range = { start: rows.start, end: Math.max(rows.end, rows.start + 40) };

  // A new file or a new state: forget the width learnt from the old one.
  useEffect(() => {
    widest.current = 0;
  }, [label]);

  const from = Math.max(0, range.start - MARGIN);
  const count = range.end - range.start + 2 * MARGIN;
  useEffect(() => {
    // An answer that arrives after the window or the state moved on is dropped.
    let live = true;
    void source(from, count).then((t) => {
      if (!live) return;
      if (t) for (const l of t.text) widest.current = Math.max(widest.current, l.length);
      setWin(t);
    });
    return () => {
      live = false;
    };
  }, [source, version, from, count]);

  const lines = win?.lines ?? 0;
  return (
    <div ref={rows.ref} onScroll={rows.onScroll} className="dbg-text irq-mono" tabIndex={0} role="document" aria-label={label} data-lines={lines}>
      <div style={{ height: rows.height, width: `calc(${widest.current}ch + 16px)`, position: 'relative' }}>
        {win &&
          win.text.map((text, k) => {
            const index = win.from + k;
            if (index < rows.start || index >= rows.end) return null;
            return (
              <div key={index} className="dbg-line" style={{ transform: `translateY(${rows.top(index)}px)`, height: LINE }}>
                {text}
              </div>
            );
          })}
      </div>
    </div>
  );
}
