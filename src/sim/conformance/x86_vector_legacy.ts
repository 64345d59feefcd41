// Replays x86_vector_legacy traces (arch/x86/kernel/apic/vector.c of v4.14) against
// src/sim/x86/legacy/machine.ts (the VECTOR domain of legacy/vector.ts under the shared genirq core).
import { parsePbl } from '../lib/bitmap';
import { cpumaskToList } from '../x86/legacy/cpumask';
import { vectorTable } from '../x86/legacy/state';
import type { LegacyApic, LegacyIrqType } from '../x86/legacy/types';
import { X86LegacyMachine } from '../x86/legacy/machine';
import { diffStep, diffValues } from './compare';
import type { Mismatch, Replayer, Trace } from './types';

interface Setup {
  nr_cpus: number;
  apic: LegacyApic;
  first_system_vector: number;
  legacy_pic: boolean;
  io_apic: boolean;
  remapping: boolean;
  nodes: number[][];
  online: number[];
  system_vectors: string;
}

type Step = Record<string, unknown> & { call: string };

const RESULT_KEYS = ['ret', 'current_vector', 'irqs', 'vector_irq', 'cleanup_ipis'] as const;

export function legacyDomainFromSetup(setup: Setup): X86LegacyMachine {
  return new X86LegacyMachine({
    nrCpus: setup.nr_cpus,
    apic: setup.apic,
    firstSystemVector: setup.first_system_vector,
    legacyPic: setup.legacy_pic,
    ioApic: setup.io_apic,
    remapping: setup.remapping,
    nodes: setup.nodes,
    online: setup.online,
    systemVectors: parsePbl(setup.system_vectors),
  });
}

/** Runs one call; returns its return value. */
function runCall(dom: X86LegacyMachine, s: Step): number {
  const n = (k: string) => s[k] as number;
  switch (s.call) {
    case 'alloc':
      return dom.alloc(n('irq'), n('count'), s.type as LegacyIrqType, n('node'), s.affinity as number[][] | undefined);
    case 'request':
      return dom.request(n('irq'));
    case 'free_irq':
      return dom.free_irq(n('irq'));
    case 'free':
      return dom.free(n('irq'), n('count'));
    case 'set_affinity':
      return dom.set_affinity(n('irq'), s.cpus as number[]);
    case 'fire':
      return dom.fire(n('irq'), n('cpu'), n('vector'));
    case 'cleanup':
      return dom.cleanup(n('cpu'));
    case 'cpu_offline':
      return dom.cpu_offline(n('cpu'));
    case 'cpu_online':
      return dom.cpu_online(n('cpu'));
    default:
      throw new Error(`unknown x86_vector_legacy call "${s.call}"`);
  }
}

/** The irqs a call names (their state is always reported). */
function namedIrqs(s: Step): number[] {
  if (typeof s.irq !== 'number') return [];
  const count = s.call === 'alloc' || s.call === 'free' ? (s.count as number) : 1;
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(s.irq + i);
  return out;
}

function snapshotIrqs(dom: X86LegacyMachine): Map<number, string> {
  const snap = new Map<number, string>();
  for (const irq of dom.activeIrqs()) snap.set(irq, JSON.stringify(dom.state(irq)));
  return snap;
}

function cleanupIpis(dom: X86LegacyMachine): number[] {
  const out: number[] = [];
  for (let c = 0; c < dom.nrCpus; c++) if (dom.cleanupIpi[c]) out.push(c);
  return out;
}

/** The step's results: ret, warn, current_vector, changed irqs and tables, pending IPIs. */
function stepResults(dom: X86LegacyMachine, s: Step): Record<string, unknown> {
  const beforeIrqs = snapshotIrqs(dom);
  const beforeTable = dom.vectorIrq.slice();
  const beforeWarnings = dom.warnings;
  const ret = runCall(dom, s);

  const listed = new Set<number>();
  for (const irq of dom.activeIrqs()) {
    if (beforeIrqs.get(irq) !== JSON.stringify(dom.state(irq))) listed.add(irq);
  }
  for (const irq of beforeIrqs.keys()) if (!dom.has(irq)) listed.add(irq);
  for (const irq of namedIrqs(s)) if (dom.has(irq) || beforeIrqs.has(irq)) listed.add(irq);
  const irqs = [...listed]
    .sort((a, b) => a - b)
    .map((irq) => dom.state(irq) ?? { irq, freed: true });

  const vectorIrq = [];
  for (let cpu = 0; cpu < dom.nrCpus; cpu++) {
    const base = cpu * 256;
    for (let v = 0; v < 256; v++) {
      if (beforeTable[base + v] !== dom.vectorIrq[base + v]) {
        vectorIrq.push({ cpu, vectors: vectorTable(dom, cpu) });
        break;
      }
    }
  }
  const res: Record<string, unknown> = {
    ret,
    current_vector: dom.currentVector,
    irqs,
    vector_irq: vectorIrq,
    cleanup_ipis: cleanupIpis(dom),
  };
  if (dom.warnings !== beforeWarnings) res.warn = true;
  return res;
}

/** The `final` object of an x86_vector_legacy trace. */
export function legacyFinal(dom: X86LegacyMachine): Record<string, unknown> {
  const vectorIrq = [];
  for (let cpu = 0; cpu < dom.nrCpus; cpu++) vectorIrq.push({ cpu, vectors: vectorTable(dom, cpu) });
  return {
    irqs: dom.activeIrqs().map((irq) => dom.state(irq)),
    vector_irq: vectorIrq,
    cleanup_ipis: cleanupIpis(dom),
    current_vector: dom.currentVector,
    online: cpumaskToList(dom.online, dom.nrCpus),
  };
}

export const replayX86VectorLegacy: Replayer = (trace: Trace): Mismatch[] => {
  const dom = legacyDomainFromSetup(trace.setup as unknown as Setup);
  const out: Mismatch[] = [];
  trace.steps.forEach((raw, i) => {
    const s = raw as Step;
    diffStep(i, s, RESULT_KEYS, stepResults(dom, s), out);
  });
  diffValues('final', 'final', trace.final, legacyFinal(dom), out);
  return out;
};
