// A recorded machine's state (the trace rebuilt up to one event) in the engine's Snapshot
// shape, so the vector grid draws it like a simulated machine. Only the vector space is
// filled: a trace says nothing of devices, domains or descriptors.
import type { Snapshot } from '../../sim/snapshot';
import type { TraceAt } from './protocol';

export function traceSnapshot(at: TraceAt, length: number): Snapshot {
  const v = at.state.vectors;
  const n = v.nrCpus;
  return {
    at: at.index + 1,
    total: length,
    arch: 'x86_64',
    xen: false,
    cpus: { possible: n, online: at.online, node: new Uint16Array(n), core: Uint32Array.from({ length: n }, (_, i) => i), load: new Uint32Array(n) },
    vectors: v,
    descriptors: { policy: 'maple', limit: 0, nrIrqs: 0, allocated: 0, ranges: new Int32Array(0) },
    irqs: [],
    domains: [],
    devices: [],
    vms: [],
    textViews: [],
  };
}

/** How many of the external vector cells the trace has shown (allocated or free), over every CPU. */
export function knownShare(at: TraceAt): { known: number; cells: number } {
  const v = at.state.vectors;
  let known = 0;
  let cells = 0;
  for (let cpu = 0; cpu < v.nrCpus; cpu++) {
    for (let vec = 0x20; vec < v.nrVectors; vec++) {
      cells++;
      if (at.state.knownCells[cpu * v.nrVectors + vec]) known++;
    }
  }
  return { known, cells };
}
