// Replays irq_matrix traces (kernel/irq/matrix.c) against src/sim/core/matrix.ts.
import { Matrix } from '../core/matrix';
import { cpuSet, matrixDebugShow } from '../core/matrix_debugfs';
import { formatPbl } from '../lib/bitmap';
import { diffStep, diffValues } from './compare';
import type { Mismatch, Replayer, Trace } from './types';

interface Setup {
  nr_cpus: number;
  matrix_bits: number;
  alloc_start: number;
  alloc_end: number;
}

type Step = Record<string, unknown> & { call: string };

/** Runs one call; returns its results (ret, cpu) and whether it warned. */
function runCall(m: Matrix, s: Step): Record<string, unknown> {
  const cpus = () => cpuSet(s.cpus as number[]);
  const before = m.warnings;
  const res: Record<string, unknown> = {};
  const withCpu = (ret: number) => {
    res.ret = ret;
    if (ret >= 0) res.cpu = m.lastCpu;
  };
  switch (s.call) {
    case 'assign_system':
      m.assignSystem(s.cpu as number, s.bit as number, s.replace as boolean);
      break;
    case 'online':
      m.onlineCpu(s.cpu as number);
      break;
    case 'offline':
      m.offlineCpu(s.cpu as number);
      break;
    case 'reserve_managed':
      res.ret = m.reserveManaged(cpus());
      break;
    case 'remove_managed':
      m.removeManaged(cpus());
      break;
    case 'alloc_managed':
      withCpu(m.allocManaged(cpus()));
      break;
    case 'assign':
      m.assign(s.cpu as number, s.bit as number);
      break;
    case 'reserve':
      m.reserve();
      break;
    case 'remove_reserved':
      m.removeReserved();
      break;
    case 'alloc':
      withCpu(m.alloc(cpus(), s.reserved as boolean));
      break;
    case 'free':
      m.free(s.cpu as number, s.bit as number, s.managed as boolean);
      break;
    case 'available':
      res.ret = m.availableFor(s.cpu as number, s.cpudown as boolean);
      break;
    case 'reserved':
      res.ret = m.reservedCount();
      break;
    case 'allocated':
      res.ret = m.allocatedOn(s.cpu as number);
      break;
    default:
      throw new Error(`unknown irq_matrix call "${s.call}"`);
  }
  if (m.warnings !== before) res.warn = true;
  return res;
}

const RESULT_KEYS: Record<string, readonly string[]> = {
  reserve_managed: ['ret'],
  alloc_managed: ['ret', 'cpu'],
  alloc: ['ret', 'cpu'],
  available: ['ret'],
  reserved: ['ret'],
  allocated: ['ret'],
};

/** The `final` object of an irq_matrix trace, from the matrix state. */
export function matrixFinal(m: Matrix): Record<string, unknown> {
  const cpus = [];
  for (let cpu = 0; cpu < m.nrCpus; cpu++) {
    cpus.push({
      cpu,
      online: m.online[cpu] === 1,
      initialized: m.initialized[cpu] === 1,
      available: m.available[cpu],
      allocated: m.allocated[cpu],
      managed: m.managed[cpu],
      managed_allocated: m.managedAllocated[cpu],
      alloc_map: formatPbl(m.allocMapOf(cpu), m.matrixBits),
      managed_map: formatPbl(m.managedMapOf(cpu), m.matrixBits),
    });
  }
  return {
    online_maps: m.onlineMaps,
    global_available: m.globalAvailable,
    global_reserved: m.globalReserved,
    total_allocated: m.totalAllocated,
    systembits_inalloc: m.systembitsInalloc,
    system_map: formatPbl(m.systemMap, m.matrixBits),
    cpus,
    debugfs: matrixDebugShow(m, 0),
  };
}

export const replayIrqMatrix: Replayer = (trace: Trace): Mismatch[] => {
  const setup = trace.setup as unknown as Setup;
  const m = new Matrix(setup.nr_cpus, setup.matrix_bits, setup.alloc_start, setup.alloc_end);
  const out: Mismatch[] = [];
  trace.steps.forEach((raw, i) => {
    const s = raw as Step;
    diffStep(i, s, RESULT_KEYS[s.call] ?? [], runCall(m, s), out);
  });
  diffValues('final', 'final', trace.final, matrixFinal(m), out);
  return out;
};
