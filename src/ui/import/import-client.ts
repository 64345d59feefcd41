// The page's end of the import worker: one worker, started on the first import and kept while
// a trace is open (it holds the replay). A file's size is checked before a byte of it is read.
import { MAX_CAPTURE_CHARS, tooBig } from '../../sim/import/guard';
import type { ImportAnswer, ImportRequest, TraceAt } from './protocol';

type Body = ImportRequest extends infer R ? (R extends ImportRequest ? Omit<R, 'id'> : never) : never;

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, { resolve(a: ImportAnswer): void }>();

function failAll(message: string): void {
  const all = [...pending.entries()];
  pending.clear();
  for (const [id, p] of all) p.resolve({ id, kind: 'error', message });
}

function spawn(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'irqscope-import' });
  w.addEventListener('message', (e: MessageEvent<ImportAnswer>) => {
    const p = pending.get(e.data.id);
    if (!p) return;
    pending.delete(e.data.id);
    p.resolve(e.data);
  });
  w.addEventListener('error', (e) => {
    e.preventDefault();
    if (worker === w) worker = null;
    w.terminate();
    failAll(`the import worker stopped (${e.message || 'it could not start'}); nothing was changed`);
  });
  worker = w;
  return w;
}

function ask(body: Body, transfer: Transferable[] = []): Promise<ImportAnswer> {
  const id = nextId++;
  const w = spawn();
  return new Promise((resolve) => {
    pending.set(id, { resolve });
    try {
      w.postMessage({ ...body, id }, transfer);
    } catch (e) {
      pending.delete(id);
      resolve({ id, kind: 'error', message: `could not hand the capture to the import worker: ${e instanceof Error ? e.message : String(e)}` });
    }
  });
}

export function importText(text: string): Promise<ImportAnswer> {
  if (text.length > MAX_CAPTURE_CHARS) return Promise.resolve({ id: 0, kind: 'scenario', result: { ok: false, message: tooBig(text.length, 'characters') }, ms: 0 });
  return ask({ kind: 'capture', text });
}

/** A chosen or dropped file: refused by its size alone when too big, else read and imported. */
export async function importFile(file: Blob): Promise<ImportAnswer> {
  if (file.size > MAX_CAPTURE_CHARS) return { id: 0, kind: 'scenario', result: { ok: false, message: tooBig(file.size, 'bytes') }, ms: 0 };
  let bytes: ArrayBuffer;
  try {
    bytes = await file.arrayBuffer();
  } catch (e) {
    return { id: 0, kind: 'error', message: `the file could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
  return ask({ kind: 'capture-bytes', bytes }, [bytes]);
}

export async function keepTrace(trace: number): Promise<void> {
  await ask({ kind: 'trace-keep', trace });
}

export async function traceAt(trace: number, index: number): Promise<TraceAt | string> {
  const a = await ask({ kind: 'trace-at', trace, index });
  if (a.kind === 'trace-state') return a.at;
  return a.kind === 'error' ? a.message : 'unexpected answer';
}

/** Frees the worker (and the trace it holds). */
export function closeImportWorker(): void {
  worker?.terminate();
  worker = null;
  failAll('the import was closed');
}
