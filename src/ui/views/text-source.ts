// Windows of a kernel text view from the worker, optionally with a search's occurrences
// (the search runs in the worker over the whole view: sim/engine/text_search.ts).
import type { TextSearch, TextSearchAnswer } from '../../sim/engine/text_search';
import { getEngine } from '../engine/client';

export interface TextWindow {
  /** Lines in the whole file. */
  lines: number;
  from: number;
  text: string[];
  search?: TextSearchAnswer;
}

export type LineSource = (from: number, count: number) => Promise<TextWindow | null>;

/** Lines [from, from + count) of `path` at the position shown, null when it does not exist or the engine failed. */
export async function requestTextWindow(path: string, from: number, count: number, search?: TextSearch): Promise<TextWindow | null> {
  try {
    const r = await getEngine().link.request(search ? { kind: 'text', path, from, count, search } : { kind: 'text', path, from, count });
    if (r.text === null) return null;
    const text = r.text === '' ? [] : r.text.replace(/\n$/, '').split('\n');
    return r.search ? { lines: r.lines, from: r.from, text, search: r.search } : { lines: r.lines, from: r.from, text };
  } catch (e) {
    console.warn(`irqscope: reading ${path} failed`, e);
    return null;
  }
}

/** The line of /proc/interrupts that is irq `irq`'s row (" 24:   ..."), or null. */
export async function procInterruptsLine(irq: number): Promise<number | null> {
  const w = await requestTextWindow('/proc/interrupts', 0, 0, { text: `^\\s*${irq}:`, regexp: true, caseSensitive: true, hitsCount: 1 });
  return w?.search?.hits[0] ?? null;
}
