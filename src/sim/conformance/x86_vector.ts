// Replays x86_vector traces (arch/x86/kernel/apic/vector.c driven by the genirq core) through
// src/sim/x86/machine.ts: every call goes the way the README says the kernel goes.
import { parsePbl } from '../lib/bitmap';
import { X86Machine, type X86MsiType } from '../x86/machine';
import { diffStep, diffValues } from './compare';
import { matrixFinal } from './irq_matrix';
import type { Mismatch, Replayer, Trace } from './types';

interface Setup {
  nr_cpus: number;
  first_system_vector: number;
  legacy_pic: boolean;
  io_apic: boolean;
  remapping: boolean;
  nodes: number[][];
  online: number[];
  system_vectors: string;
}

type Step = Record<string, unknown> & { call: string };

const RESULT_KEYS = ['ret', 'irqs', 'matrix', 'cleanup_timers'] as const;

/** Build the machine a trace's setup describes. */
export function x86MachineFromSetup(setup: Setup): X86Machine {
  return new X86Machine({
    nrCpus: setup.nr_cpus,
    firstSystemVector: setup.first_system_vector,
    systemVectors: parsePbl(setup.system_vectors),
    legacyPic: setup.legacy_pic,
    ioApic: setup.io_apic,
    remapping: setup.remapping,
    nodes: setup.nodes,
    online: setup.online,
    // The traces' genirq glue leaves desc->depth 0 when a managed startup aborts (7.0's chip.c
    // sets 1): a managed irq requested with no CPU of its mask online is never started by a later
    // CPU online there (x86_vector-007 step 29).
    startupAbortDepth: false,
  });
}

function snapshot(m: X86Machine): Map<number, string> {
  const out = new Map<number, string>();
  for (const irq of m.vectorIrqs()) out.set(irq, JSON.stringify(m.state(irq)));
  return out;
}

/** Runs one call; returns its `ret` and the irqs the call names. */
function runCall(m: X86Machine, s: Step): { ret: number; named: number[] } {
  const irq = s.irq as number;
  const count = (s.count as number) ?? 1;
  const range = () => Array.from({ length: count }, (_, k) => irq + k);
  switch (s.call) {
    case 'alloc': {
      if (s.type === 'legacy') {
        let ret = 0;
        for (const i of range()) if ((ret = m.allocLegacy(i))) break;
        return { ret, named: ret ? [] : range() };
      }
      const r = m.allocMsi({
        type: s.type as X86MsiType,
        count,
        irq,
        node: s.node as number,
        affinity: s.affinity as number[][] | undefined,
      });
      return { ret: r.ret, named: r.irqs };
    }
    case 'request':
      return { ret: m.requestIrq(irq), named: [irq] };
    case 'free_irq':
      return { ret: m.freeIrq(irq), named: [irq] };
    case 'free':
      return { ret: m.free(irq, count), named: range() };
    case 'set_affinity':
      return { ret: m.setAffinity(irq, s.cpus as number[]), named: [irq] };
    case 'fire':
      return { ret: m.fire(irq, s.cpu as number), named: [irq] };
    case 'cleanup':
      return { ret: m.cleanup(s.cpu as number), named: [] };
    case 'cpu_offline':
      return { ret: m.cpuOffline(s.cpu as number).ret, named: [] };
    case 'cpu_online':
      return { ret: m.cpuOnline(s.cpu as number), named: [] };
    default:
      throw new Error(`unknown x86_vector call "${s.call}"`);
  }
}

function matrixGlobals(m: X86Machine) {
  const x = m.matrix;
  return {
    online_maps: x.onlineMaps,
    global_available: x.globalAvailable,
    global_reserved: x.globalReserved,
    total_allocated: x.totalAllocated,
  };
}

/** The `final` object of an x86_vector trace. */
export function x86VectorFinal(m: X86Machine): Record<string, unknown> {
  const irqs = m.vectorIrqs().map((irq) => ({ ...m.state(irq)!, debugfs: m.vectorDebugShow(irq, 0) }));
  const vectorIrq = Array.from({ length: m.nrCpus }, (_, cpu) => ({ cpu, vectors: m.vectorIrqList(cpu) }));
  return { irqs, vector_irq: vectorIrq, cleanup_timers: m.cleanupTimers(), ...matrixFinal(m.matrix) };
}

export const replayX86Vector: Replayer = (trace: Trace): Mismatch[] => {
  const m = x86MachineFromSetup(trace.setup as unknown as Setup);
  const out: Mismatch[] = [];
  let prev = snapshot(m);
  trace.steps.forEach((raw, i) => {
    const s = raw as Step;
    const warnings = m.core.warnings + m.matrix.warnings;
    const { ret, named } = runCall(m, s);
    const next = snapshot(m);
    const ids = new Set<number>(named);
    for (const [irq, json] of next) if (prev.get(irq) !== json) ids.add(irq);
    for (const irq of prev.keys()) if (!next.has(irq)) ids.add(irq);
    const irqs = [...ids]
      .sort((a, b) => a - b)
      .filter((irq) => next.has(irq) || prev.has(irq))
      .map((irq) => (next.has(irq) ? m.state(irq) : { irq, freed: true }));
    const res: Record<string, unknown> = { ret, irqs, matrix: matrixGlobals(m), cleanup_timers: m.cleanupTimers() };
    if (m.core.warnings + m.matrix.warnings !== warnings) res.warn = true;
    diffStep(i, s, RESULT_KEYS, res, out);
    prev = next;
  });
  diffValues('final', 'final', trace.final, x86VectorFinal(m), out);
  return out;
};
