// The whole text of a kernel view (or an export) from the worker, asked for in pieces of
// PIECE lines through the text range protocol, so no single message is huge. The pieces are
// joined exactly (each but the last ends with its newline); if the view changes length while
// being read (the user scrubbed), the read starts again.
import { getEngine } from '../engine/client';

export const PIECE = 20_000;

export type ReadLines = (path: string, from: number, count: number) => Promise<{ text: string | null; lines: number }>;

const viaEngine: ReadLines = (path, from, count) => getEngine().link.request({ kind: 'text', path, from, count });

export async function wholeText(path: string, piece = PIECE, read: ReadLines = viaEngine): Promise<{ text: string; lines: number } | string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const first = await read(path, 0, piece);
      if (first.text === null) return `${path} does not exist at this state`;
      let out = first.text;
      const total = first.lines;
      let changed = false;
      for (let from = piece; from < total; from += piece) {
        const r = await read(path, from, piece);
        if (r.text === null || r.lines !== total) {
          changed = true;
          break;
        }
        out += r.text;
      }
      if (!changed) return { text: out, lines: total };
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }
  return `${path} kept changing while it was read`;
}
