// The import worker: recognises a capture and builds its machine off the main thread (a
// /proc/interrupts of hundreds of CPUs is megabytes), or rebuilds a trace and keeps the replay
// so the page can ask for the state after any event. Never throws at the page: every failure
// is an answer with a message.
import { importCapture, importCaptureBytes, recogniseCapture } from '../../sim/import/capture';
import { checkCaptureBytes } from '../../sim/import/guard';
import { importTrace, type TraceReplay } from '../../sim/trace/replay';
import { traceVectorSnapshot } from '../../sim/trace/snapshot';
import { traceMatrixText } from '../../sim/trace/state';
import { STATUS_CODE, type ImportAnswer, type ImportRequest, type TraceAt } from './protocol';

interface Scope {
  postMessage(m: ImportAnswer, transfer?: Transferable[]): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<ImportRequest>) => void): void;
}
const scope = self as unknown as Scope;
/** Replays by the id of the request that read them: the one the page opened, and the last one read. */
const traces = new Map<number, TraceReplay>();
let kept = -1;

function textOf(req: Extract<ImportRequest, { kind: 'capture' | 'capture-bytes' }>): { text: string } | { message: string } {
  if (req.kind === 'capture') return { text: req.text };
  const bytes = new Uint8Array(req.bytes);
  const bad = checkCaptureBytes(bytes);
  if (bad) return { message: bad };
  return { text: new TextDecoder('utf-8', { fatal: false }).decode(bytes) };
}

function capture(req: Extract<ImportRequest, { kind: 'capture' | 'capture-bytes' }>): ImportAnswer {
  const t0 = performance.now();
  const got = textOf(req);
  if ('message' in got) return { id: req.id, kind: 'scenario', result: { ok: false, message: got.message }, ms: performance.now() - t0 };
  if (recogniseCapture(got.text) === 'ftrace') {
    const r = importTrace(got.text);
    if (!r.ok) return { id: req.id, kind: 'scenario', result: { ok: false, message: r.message }, ms: performance.now() - t0 };
    for (const id of traces.keys()) if (id !== kept) traces.delete(id);
    traces.set(req.id, r.replay);
    const trace = r.replay;
    const statuses = Uint8Array.from(trace.records, (rec) => STATUS_CODE[rec.status]);
    return {
      id: req.id,
      kind: 'trace',
      ms: performance.now() - t0,
      summary: {
        trace: req.id,
        format: 'ftrace text with irq_matrix / irq_vectors events',
        nrCpus: trace.nrCpus,
        length: trace.length,
        counts: { ...trace.counts },
        summaryLine: trace.summaryLine(),
        notes: [...trace.notes],
        statuses,
      },
    };
  }
  const result = req.kind === 'capture' ? importCapture(got.text) : importCaptureBytes(new Uint8Array(req.bytes));
  return { id: req.id, kind: 'scenario', result, ms: performance.now() - t0 };
}

function traceAt(id: number, which: number, index: number): { answer: ImportAnswer; transfer: Transferable[] } {
  const trace = traces.get(which);
  if (!trace) return { answer: { id, kind: 'error', message: 'no trace is open' }, transfer: [] };
  const k = Math.max(-1, Math.min(Math.floor(index), trace.length - 1));
  const s = trace.stateAt(k);
  const state = traceVectorSnapshot(s);
  const online = Uint8Array.from(s.online, (v) => (v === 0 ? 0 : 1));
  const at: TraceAt = { index: k, record: k >= 0 ? trace.records[k] : null, state, online, matrixText: traceMatrixText(s) };
  const v = state.vectors;
  const transfer = [v.cells.buffer, v.owner.buffer, v.available.buffer, v.managed.buffer, v.managedAllocated.buffer, v.allocated.buffer, state.knownCells.buffer, online.buffer] as ArrayBuffer[];
  return { answer: { id, kind: 'trace-state', at }, transfer };
}

scope.addEventListener('message', (e) => {
  const req = e.data;
  try {
    if (req.kind === 'trace-keep') {
      kept = req.trace;
      for (const id of traces.keys()) if (id !== kept) traces.delete(id);
      scope.postMessage({ id: req.id, kind: 'kept' });
      return;
    }
    if (req.kind === 'trace-at') {
      const { answer, transfer } = traceAt(req.id, req.trace, req.index);
      scope.postMessage(answer, transfer);
      return;
    }
    const a = capture(req);
    if (a.kind === 'trace') scope.postMessage(a, [a.summary.statuses.buffer as ArrayBuffer]);
    else scope.postMessage(a);
  } catch (err) {
    scope.postMessage({ id: req?.id ?? -1, kind: 'error', message: `the import failed (an irqscope defect): ${err instanceof Error ? err.message : String(err)}` });
  }
});
