// The rebuilt state of a trace in the engine's VectorSnapshot shape (src/sim/snapshot.ts), so
// the vector grid draws a recorded machine like a simulated one; what the trace never showed
// is flagged unknown instead of drawn as free.
import { CELL, type VectorSnapshot } from '../snapshot';
import { NR_VECTORS, type TraceState } from './state';

export interface TraceVectorSnapshot {
  vectors: VectorSnapshot;
  /** Per cell: 1 when the trace showed whether it is allocated (or it is an exception/system vector). */
  knownCells: Uint8Array;
  /** Per CPU: bit 0 available, bit 1 allocated, bit 2 managed, bit 3 managed_allocated known. */
  knownCounters: Uint8Array;
  /** online_maps, global_available, global_reserved, total_allocated known (in that order). */
  knownGlobals: [boolean, boolean, boolean, boolean];
}

const FIRST_EXTERNAL_VECTOR = 0x20;

export function traceVectorSnapshot(s: TraceState): TraceVectorSnapshot {
  const n = s.nrCpus;
  const cells = new Uint8Array(n * NR_VECTORS);
  const owner = new Int32Array(s.owner);
  const knownCells = new Uint8Array(n * NR_VECTORS);
  const knownCounters = new Uint8Array(n);
  const num = (a: Float64Array) => Uint32Array.from(a, (v) => (Number.isNaN(v) ? 0 : v));
  for (let cpu = 0; cpu < n; cpu++) {
    for (let v = 0; v < NR_VECTORS; v++) {
      const i = cpu * NR_VECTORS + v;
      if (v < FIRST_EXTERNAL_VECTOR) {
        cells[i] = CELL.exception;
        knownCells[i] = 1;
      } else if (s.systemBits[v >>> 5] & (1 << (v & 31))) {
        cells[i] = CELL.system;
        knownCells[i] = 1;
      } else {
        const managed = s.bit(s.managedBits, cpu, v);
        if (s.bit(s.allocBits, cpu, v)) cells[i] = managed ? CELL.allocatedManaged : CELL.allocated;
        else if (managed) cells[i] = CELL.reservedManaged;
        knownCells[i] = s.bit(s.knownBits, cpu, v) ? 1 : 0;
      }
    }
    const k = (a: Float64Array, bit: number) => (Number.isNaN(a[cpu]) ? 0 : 1 << bit);
    knownCounters[cpu] = k(s.available, 0) | k(s.allocated, 1) | k(s.managed, 2) | k(s.managedAllocated, 3);
  }
  const g = (i: number) => (Number.isNaN(s.g[i]) ? 0 : s.g[i]);
  return {
    vectors: {
      nrCpus: n,
      nrVectors: NR_VECTORS,
      cells,
      owner,
      available: num(s.available),
      managed: num(s.managed),
      managedAllocated: num(s.managedAllocated),
      allocated: num(s.allocated),
      onlineMaps: g(0),
      globalAvailable: g(1),
      globalReserved: g(2),
      totalAllocated: g(3),
      allocator: 'matrix',
    },
    knownCells,
    knownCounters,
    knownGlobals: [0, 1, 2, 3].map((i) => !Number.isNaN(s.g[i])) as [boolean, boolean, boolean, boolean],
  };
}
