// Trace mode: a recorded machine opened from an ftrace capture. The replay lives in the import
// worker; this holds its summary and the state at the event the user scrubbed to. The user's
// scenario stays loaded in the engine underneath and comes back when the trace is closed.
import { createStore, useStore } from 'zustand';
import { keepTrace, traceAt } from './import-client';
import type { TraceAt, TraceSummary } from './protocol';

export interface TraceMode {
  summary: TraceSummary | null;
  title: string;
  at: TraceAt | null;
  error: string | null;
}

export const traceStore = createStore<TraceMode>()(() => ({ summary: null, title: '', at: null, error: null }));

export function useTrace<T>(sel: (s: TraceMode) => T): T {
  return useStore(traceStore, sel);
}

let wanted = -1;

/** Shows the state after event `index` (-1: before the first). Answers that arrive late are dropped. */
export async function scrubTrace(index: number): Promise<void> {
  const s = traceStore.getState().summary;
  if (!s) return;
  const k = Math.max(-1, Math.min(Math.round(index), s.length - 1));
  wanted = k;
  const a = await traceAt(s.trace, k);
  if (wanted !== k || !traceStore.getState().summary) return;
  if (typeof a === 'string') traceStore.setState({ error: a });
  else traceStore.setState({ at: a, error: null });
}

export async function openTrace(summary: TraceSummary, title: string): Promise<void> {
  await keepTrace(summary.trace);
  traceStore.setState({ summary, title, at: null, error: null });
  return scrubTrace(summary.length - 1);
}

export function closeTrace(): void {
  traceStore.setState({ summary: null, title: '', at: null, error: null });
  wanted = -1;
  void keepTrace(-1);
}
