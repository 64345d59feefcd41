// The irq_vectors tracepoints of the vector domain (arch/x86/include/asm/trace/irq_vectors.h,
// emitted by arch/x86/kernel/apic/vector.c) applied to the rebuilt apic_chip_data: what each
// event prints about the interrupt's current and previous vector is checked against it.
import { Check } from './check';
import { freshApicd, type ApicdState, type TraceState } from './state';

export const MANAGED_IRQ_SHUTDOWN_VECTOR = 0xef;
const ISA_IRQ_VECTOR = (irq: number) => 0x30 + irq;

export const VECTOR_EVENTS = new Set([
  'vector_config',
  'vector_update',
  'vector_clear',
  'vector_reserve_managed',
  'vector_reserve',
  'vector_alloc',
  'vector_alloc_managed',
  'vector_activate',
  'vector_deactivate',
  'vector_teardown',
  'vector_setup',
  'vector_free_moved',
]);

const FIELDS: Record<string, string[]> = {
  vector_config: ['irq', 'vector', 'cpu'],
  vector_update: ['irq', 'vector', 'cpu', 'prev_vector', 'prev_cpu'],
  vector_clear: ['irq', 'vector', 'cpu', 'prev_vector', 'prev_cpu'],
  vector_reserve_managed: ['irq', 'ret'],
  vector_reserve: ['irq', 'ret'],
  vector_alloc: ['irq', 'vector', 'reserved', 'ret'],
  vector_alloc_managed: ['irq', 'vector', 'ret'],
  vector_activate: ['irq', 'is_managed', 'can_reserve'],
  vector_deactivate: ['irq', 'is_managed', 'can_reserve'],
  vector_teardown: ['irq', 'is_managed', 'has_reserved'],
  vector_setup: ['irq', 'is_legacy', 'ret'],
  vector_free_moved: ['irq', 'cpu', 'vector', 'is_managed'],
};

/** What the neighbouring irq_matrix events say: the bit of the irq_matrix_alloc just before (-1 none). */
export interface VectorHints {
  allocBit: number;
  /**
   * vector_update: 1 when the irq_matrix_free of the old vector follows at once (its CPU is not
   * in cpu_online_mask, which no event shows), 0 when it does not, -1 when the trace has no
   * irq_matrix events to tell.
   */
  freedAtOnce: number;
}

function setOwner(s: TraceState, cpu: number, vector: number, irq: number): void {
  if (cpu >= 0 && cpu < s.nrCpus && vector >= 0 && vector < 256) s.owner[cpu * 256 + vector] = irq;
}

function clearOwner(s: TraceState, cpu: number, vector: number): void {
  if (Number.isNaN(cpu) || Number.isNaN(vector) || vector === 0) return;
  setOwner(s, cpu, vector, -1);
}

function flag(chk: Check, a: ApicdState, key: 'isManaged' | 'canReserve' | 'hasReserved', field: string, v: number): void {
  a[key] = chk.value(field, v ? 1 : 0, a[key]);
}

/** Applies one irq_vectors event; a message when it cannot be applied (a field missing). */
export function applyVectorEvent(s: TraceState, name: string, f: Map<string, number>, hints: VectorHints, chk: Check): string | null {
  for (const n of FIELDS[name] ?? []) if (!f.has(n)) return `${name} without its ${n}= field`;
  const irq = f.get('irq')!;
  if (!Number.isInteger(irq) || irq < 0) return `${name}: irq=${irq} is not an interrupt number`;
  const a = s.apicd(irq);
  switch (name) {
    case 'vector_update': {
      // apic_update_vector prints the new vector and the current one (apicd->vector, ->cpu).
      const oldVector = chk.value('prev_vector', f.get('prev_vector')!, a.vector);
      const oldCpu = chk.value('prev_cpu', f.get('prev_cpu')!, a.cpu);
      const vector = f.get('vector')!;
      const cpu = f.get('cpu')!;
      if (cpu >= s.nrCpus) return `vector_update: cpu=${cpu} is beyond the CPUs of the trace`;
      // prev_cpu is left as it was unless a move starts (apic_update_vector).
      a.prevVector = 0;
      if (oldVector && oldVector !== MANAGED_IRQ_SHUTDOWN_VECTOR) {
        if (hints.freedAtOnce === 0) {
          a.prevVector = oldVector;
          a.prevCpu = oldCpu;
        } else if (hints.freedAtOnce === 1) {
          clearOwner(s, oldCpu, oldVector);
        } else {
          a.prevVector = NaN;
          a.prevCpu = NaN;
        }
      }
      const holder = s.owner[cpu * 256 + vector];
      if (holder >= 0 && holder !== irq) chk.contradict('vector_irq', `vector ${vector} of CPU ${cpu} goes to irq ${irq}`, `vector ${vector} of CPU ${cpu} belongs to irq ${holder}`, cpu);
      a.vector = vector;
      a.cpu = cpu;
      setOwner(s, cpu, vector, irq);
      return null;
    }
    case 'vector_config': {
      const vector = f.get('vector')!;
      // The shutdown vector is programmed while apicd keeps no vector; any other is the current one.
      if (vector !== MANAGED_IRQ_SHUTDOWN_VECTOR && a.vector !== 0) {
        a.vector = chk.value('vector', vector, a.vector);
        a.cpu = chk.value('cpu', f.get('cpu')!, a.cpu);
      }
      return null;
    }
    case 'vector_clear': {
      const vector = chk.value('vector', f.get('vector')!, a.vector);
      const cpu = chk.value('cpu', f.get('cpu')!, a.cpu);
      const prevVector = chk.value('prev_vector', f.get('prev_vector')!, a.prevVector);
      const prevCpu = chk.value('prev_cpu', f.get('prev_cpu')!, a.prevCpu);
      clearOwner(s, cpu, vector);
      if (prevVector) clearOwner(s, prevCpu, prevVector);
      a.vector = 0;
      a.prevVector = 0;
      return null;
    }
    case 'vector_reserve_managed':
      if (f.get('ret') === 0) a.isManaged = 1;
      return null;
    case 'vector_reserve':
      if (f.get('ret') === 0) {
        a.canReserve = 1;
        a.hasReserved = 1;
      }
      return null;
    case 'vector_alloc':
    case 'vector_alloc_managed': {
      if (name === 'vector_alloc') flag(chk, a, 'hasReserved', 'reserved', f.get('reserved')!);
      if (f.get('ret')! < 0) return null;
      if (hints.allocBit >= 0) chk.value('vector', f.get('vector')!, hints.allocBit);
      // A reservation is used up by the real vector (activate_reserved clears has_reserved).
      if (name === 'vector_alloc' && f.get('reserved') === 1) a.hasReserved = 0;
      return null;
    }
    case 'vector_activate':
    case 'vector_deactivate':
      flag(chk, a, 'isManaged', 'is_managed', f.get('is_managed')!);
      flag(chk, a, 'canReserve', 'can_reserve', f.get('can_reserve')!);
      return null;
    case 'vector_teardown':
      flag(chk, a, 'isManaged', 'is_managed', f.get('is_managed')!);
      flag(chk, a, 'hasReserved', 'has_reserved', f.get('has_reserved')!);
      // The descriptor goes: a later interrupt of this number starts from a fresh apic_chip_data.
      if (irq < 16) s.irqs.delete(irq);
      else s.irqs.set(irq, freshApicd());
      return null;
    case 'vector_setup':
      if (f.get('is_legacy') === 1 && irq < 16) {
        // vector_configure_legacy: an activated ISA interrupt keeps 0x30 + irq on CPU 0.
        a.vector = ISA_IRQ_VECTOR(irq);
        a.cpu = 0;
        setOwner(s, 0, a.vector, irq);
      }
      return null;
    case 'vector_free_moved': {
      const cpu = chk.value('cpu', f.get('cpu')!, a.prevCpu);
      const vector = chk.value('vector', f.get('vector')!, a.prevVector);
      flag(chk, a, 'isManaged', 'is_managed', f.get('is_managed')!);
      clearOwner(s, cpu, vector);
      a.prevVector = 0;
      return null;
    }
  }
  return `${name} is not an irq_vectors event of the vector domain`;
}
