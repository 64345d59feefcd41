// A kernel text view shown a window of lines at a time: the worker holds the text, this asks
// for the lines around what is visible (a /proc/interrupts of 2048 CPUs and 100K interrupts
// is megabytes; the page never holds or lays it out whole). Fixed line height, native
// horizontal scroll, the width learnt from the longest line seen. Search occurrences come
// with the window (found by the worker) and are drawn as marks; one line can be marked as
// selected; `reveal` scrolls a line (and the current match on it) into view.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useFixedRows } from '../fixed-rows';
import type { LineSource, TextWindow } from './text-source';

export type { LineSource, TextWindow } from './text-source';

export const LINE = 16;
const MARGIN = 80;

export interface Reveal {
  line: number;
  /** Also scroll sideways to the current match once it is drawn. */
  hit?: boolean;
  /** Changes for every request, so the same line can be revealed again. */
  seq: number;
}

let seqs = 0;
/** A fresh Reveal.seq: later requests have larger ones. */
export function nextRevealSeq(): number {
  return ++seqs;
}

interface Props {
  source: LineSource;
  version: unknown;
  label: string;
  /** Occurrence index drawn as the current match. */
  current?: number;
  /** A line drawn as selected (the selected irq's row). */
  selectedLine?: number | null;
  reveal?: Reveal | null;
  onWindow?(w: TextWindow | null): void;
}

export function TextLines({ source, version, label, current = -1, selectedLine = null, reveal = null, onWindow }: Props) {
  const [win, setWin] = useState<TextWindow | null>(null);
  const widest = useRef(0);
  const box = useRef<HTMLDivElement | null>(null);
  const rows = useFixedRows(win?.lines ?? 0, LINE, 20);
  const range = { start: rows.start, end: Math.max(rows.end, rows.start + 40) };
  const { ref: rowsRef, scrollToIndex } = rows;
  const setRef = useCallback(
    (n: HTMLDivElement | null) => {
      box.current = n;
      rowsRef(n);
    },
    [rowsRef],
  );
  const sideways = useRef(false);
  const report = useRef(onWindow);
  report.current = onWindow;

  // A new file or a new state: forget the width learnt from the old one.
  useEffect(() => {
    widest.current = 0;
    if (box.current) box.current.scrollLeft = 0;
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
      report.current?.(t);
    });
    return () => {
      live = false;
    };
  }, [source, version, from, count]);

  useEffect(() => {
    if (!reveal) return;
    const node = box.current;
    if (!node) return;
    const visible = Math.max(1, Math.floor(node.clientHeight / LINE));
    const top = node.scrollTop / LINE;
    if (reveal.line < top || reveal.line >= top + visible - 1) scrollToIndex(Math.max(0, reveal.line - Math.floor(visible / 3)), 'start');
    sideways.current = reveal.hit === true;
    if (!reveal.hit && node.scrollLeft > 0) node.scrollLeft = 0;
    // Only a new request scrolls; the window moving under it does not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reveal?.seq]);

  // The current match may be drawn only after its lines arrive: scroll to it sideways then.
  useEffect(() => {
    const node = box.current;
    if (!sideways.current || !node) return;
    const hit = node.querySelector<HTMLElement>('mark.is-current');
    if (!hit) return;
    sideways.current = false;
    const b = node.getBoundingClientRect();
    const h = hit.getBoundingClientRect();
    if (h.left < b.left || h.right > b.right) node.scrollLeft = Math.max(0, node.scrollLeft + (h.left - b.left) - node.clientWidth / 3);
  });

  const lines = win?.lines ?? 0;
  const marks = win?.search?.marks ?? [];
  return (
    <div ref={setRef} onScroll={rows.onScroll} className="dbg-text irq-mono" tabIndex={0} role="document" aria-label={label} data-lines={lines}>
      <div style={{ height: rows.height, width: `calc(${widest.current}ch + 16px)`, position: 'relative' }}>
        {win &&
          win.text.map((text, k) => {
            const index = win.from + k;
            if (index < rows.start || index >= rows.end) return null;
            const selected = index === selectedLine;
            return (
              <div
                key={index}
                className={'dbg-line' + (selected ? ' is-selected' : '')}
                data-line={index}
                aria-current={selected ? 'true' : undefined}
                style={{ transform: `translateY(${rows.top(index)}px)`, height: LINE }}
              >
                {withMarks(text, index, marks, current)}
              </div>
            );
          })}
      </div>
    </div>
  );
}

/** `text` with the occurrences on line `index` wrapped in <mark> (marks: [line, start, end, k] flat, by line). */
function withMarks(text: string, index: number, marks: readonly number[], current: number): ReactNode {
  let i = lowerLine(marks, index);
  if (i >= marks.length || marks[i] !== index) return text;
  const out: ReactNode[] = [];
  let at = 0;
  for (; i < marks.length && marks[i] === index; i += 4) {
    const [start, end, k] = [marks[i + 1], marks[i + 2], marks[i + 3]];
    if (start > at) out.push(text.slice(at, start));
    out.push(
      <mark key={k} className={k === current ? 'dbg-hit is-current' : 'dbg-hit'} data-hit={k}>
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

function lowerLine(marks: readonly number[], line: number): number {
  let lo = 0;
  let hi = marks.length / 4;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (marks[4 * mid] < line) lo = mid + 1;
    else hi = mid;
  }
  return 4 * lo;
}
