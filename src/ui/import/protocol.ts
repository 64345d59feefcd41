// Messages between the page and the import worker (import.worker.ts): a capture goes in (text
// or the bytes of a file), a machine or a recorded trace comes out; while a trace is open the
// worker keeps its replay and answers the state after any event.
import type { ImportResult } from '../../sim/import/capture';
import type { TraceCounts, TraceRecord } from '../../sim/trace/replay';
import type { TraceVectorSnapshot } from '../../sim/trace/snapshot';

export type ImportRequest =
  | { id: number; kind: 'capture'; text: string }
  | { id: number; kind: 'capture-bytes'; bytes: ArrayBuffer }
  /** Keeps trace `trace` (the one opened) and forgets any other. */
  | { id: number; kind: 'trace-keep'; trace: number }
  | { id: number; kind: 'trace-at'; trace: number; index: number };

export interface TraceSummary {
  /** Which replay the worker holds it as. */
  trace: number;
  format: string;
  nrCpus: number;
  length: number;
  counts: TraceCounts;
  summaryLine: string;
  notes: string[];
  /** Per record: 0 consistent, 1 inconsistent, 2 gap, 3 baseline (for the scrubber's marks). */
  statuses: Uint8Array;
}

export interface TraceAt {
  index: number;
  record: TraceRecord | null;
  state: TraceVectorSnapshot;
  /** Per CPU: 0 when the trace shows it offline, else 1 (online, or not known: not drawn as offline). */
  online: Uint8Array;
  matrixText: string;
}

export type ImportAnswer =
  | { id: number; kind: 'scenario'; result: ImportResult; ms: number }
  | { id: number; kind: 'trace'; summary: TraceSummary; ms: number }
  | { id: number; kind: 'trace-state'; at: TraceAt }
  | { id: number; kind: 'kept' }
  | { id: number; kind: 'error'; message: string };

export const STATUS_CODE = { consistent: 0, inconsistent: 1, gap: 2, baseline: 3 } as const;
