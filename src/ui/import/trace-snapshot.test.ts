import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CELL } from '../../sim/snapshot';
import { importTrace } from '../../sim/trace/replay';
import { traceVectorSnapshot } from '../../sim/trace/snapshot';
import { traceMatrixText } from '../../sim/trace/state';
import type { TraceAt } from './protocol';
import { knownShare, traceSnapshot } from './trace-snapshot';

const FIXTURES = resolve(__dirname, '../../../../shared/fixtures/real');

function at(name: string, k: number): { at: TraceAt; length: number } {
  const r = importTrace(readFileSync(resolve(FIXTURES, name), 'utf8'));
  if (!r.ok) throw new Error(r.message);
  const s = r.replay.stateAt(k);
  // What the import worker sends.
  return {
    at: { index: k, record: k >= 0 ? r.replay.records[k] : null, state: traceVectorSnapshot(s), online: Uint8Array.from(s.online, (v) => (v === 0 ? 0 : 1)), matrixText: traceMatrixText(s) },
    length: r.replay.length,
  };
}

describe('a trace state as a snapshot the vector grid draws', () => {
  it('carries the rebuilt cells and counters, every CPU drawn online unless the trace showed it offline', () => {
    const { at: a, length } = at('trace-irq-matrix-vector-104cpu-excerpt.txt', 0);
    const snap = traceSnapshot(a, length);
    expect(snap.at).toBe(1);
    expect(snap.total).toBe(length);
    // Sized by online_maps=104, not by the 48 CPUs the excerpt's events name (replay.ts).
    expect(snap.vectors!.nrCpus).toBe(104);
    expect(snap.cpus.online.every((v) => v === 1)).toBe(true);
    // The first event: bit 33 allocated on CPU 26, with the global counters it reports.
    expect(snap.vectors!.cells[26 * 256 + 33]).toBe(CELL.allocated);
    expect(snap.vectors!.onlineMaps).toBe(104);
    expect(snap.vectors!.globalAvailable).toBe(20687);
    expect(snap.cpus.node.length).toBe(104);
  });

  it('counts the cells the trace has shown, and none after a hole', () => {
    const before = at('trace-irq-matrix-vector-104cpu-excerpt.txt', 0).at;
    expect(knownShare(before)).toEqual({ known: expect.any(Number), cells: 104 * 224 });
    expect(knownShare(before).known).toBeGreaterThan(0);
    const r = importTrace(readFileSync(resolve(FIXTURES, 'trace-irq-matrix-vector-104cpu-excerpt.txt'), 'utf8'));
    if (!r.ok) throw new Error(r.message);
    const gap = r.replay.records.findIndex((x) => x.status === 'gap');
    expect(gap).toBeGreaterThan(0);
    expect(knownShare(at('trace-irq-matrix-vector-104cpu-excerpt.txt', gap).at).known).toBe(0);
  });
});
