// The x86 vector state a trace rebuilds: kernel/irq/matrix.c's counters and maps and
// arch/x86/kernel/apic/vector.c's per-interrupt apic_chip_data, each value known or not
// (NaN): a capture starts mid-flight and its holes make everything unknown again.
import { formatPbl, weight } from '../lib/bitmap';

export const NR_VECTORS = 256;
const WORDS = NR_VECTORS / 32;

/** Global counters of struct irq_matrix, in this order (the fields every irq_matrix event prints). */
export const GLOBAL_FIELDS = ['online_maps', 'global_available', 'global_reserved', 'total_allocated'] as const;
export type GlobalField = (typeof GLOBAL_FIELDS)[number];

/** struct apic_chip_data as far as the trace shows it (NaN: not known). */
export interface ApicdState {
  vector: number;
  cpu: number;
  prevVector: number;
  prevCpu: number;
  /** 1, 0, or NaN */
  isManaged: number;
  canReserve: number;
  hasReserved: number;
}

export function unknownApicd(): ApicdState {
  return { vector: NaN, cpu: NaN, prevVector: NaN, prevCpu: NaN, isManaged: NaN, canReserve: NaN, hasReserved: NaN };
}

export function freshApicd(): ApicdState {
  return { vector: 0, cpu: 0, prevVector: 0, prevCpu: 0, isManaged: 0, canReserve: 0, hasReserved: 0 };
}

export class TraceState {
  readonly nrCpus: number;
  /** online_maps, global_available, global_reserved, total_allocated */
  readonly g = new Float64Array(4).fill(NaN);
  /** Per CPU: 1 online, 0 offline, NaN unknown. */
  readonly online: Float64Array;
  readonly available: Float64Array;
  readonly allocated: Float64Array;
  readonly managed: Float64Array;
  /** managed_allocated: never printed by a tracepoint, known only by counting from a known start. */
  readonly managedAllocated: Float64Array;
  /** Whether the CPU's map was ever onlined (irq_matrix_online initialises `available` the first time). */
  readonly initialized: Uint8Array;
  /** Bits known allocated, and bits whose state (allocated or free) is known, 8 words per CPU. */
  readonly allocBits: Uint32Array;
  readonly knownBits: Uint32Array;
  /** Bits known to be reserved managed. */
  readonly managedBits: Uint32Array;
  /** vector_irq as the trace shows it: the irq of (cpu, vector), or -1. */
  readonly owner: Int32Array;
  /** System vectors seen (irq_matrix_assign_system); complete when `systemKnown`. */
  readonly systemBits = new Uint32Array(WORDS);
  systemKnown = false;
  /** The trace started with the matrix itself (boot): nothing was unknown at the start. */
  fresh = false;
  readonly irqs = new Map<number, ApicdState>();

  constructor(nrCpus: number) {
    this.nrCpus = nrCpus;
    this.online = new Float64Array(nrCpus).fill(NaN);
    this.available = new Float64Array(nrCpus).fill(NaN);
    this.allocated = new Float64Array(nrCpus).fill(NaN);
    this.managed = new Float64Array(nrCpus).fill(NaN);
    this.managedAllocated = new Float64Array(nrCpus).fill(NaN);
    this.initialized = new Uint8Array(nrCpus).fill(1);
    this.allocBits = new Uint32Array(nrCpus * WORDS);
    this.knownBits = new Uint32Array(nrCpus * WORDS);
    this.managedBits = new Uint32Array(nrCpus * WORDS);
    this.owner = new Int32Array(nrCpus * NR_VECTORS).fill(-1);
  }

  clone(): TraceState {
    const c = new TraceState(this.nrCpus);
    c.g.set(this.g);
    c.online.set(this.online);
    c.available.set(this.available);
    c.allocated.set(this.allocated);
    c.managed.set(this.managed);
    c.managedAllocated.set(this.managedAllocated);
    c.initialized.set(this.initialized);
    c.allocBits.set(this.allocBits);
    c.knownBits.set(this.knownBits);
    c.managedBits.set(this.managedBits);
    c.owner.set(this.owner);
    c.systemBits.set(this.systemBits);
    c.systemKnown = this.systemKnown;
    c.fresh = this.fresh;
    for (const [irq, a] of this.irqs) c.irqs.set(irq, { ...a });
    return c;
  }

  /** After a hole: every counter, map and interrupt is unknown again (system vectors never change). */
  forget(): void {
    this.g.fill(NaN);
    this.online.fill(NaN);
    this.available.fill(NaN);
    this.allocated.fill(NaN);
    this.managed.fill(NaN);
    this.managedAllocated.fill(NaN);
    this.initialized.fill(1);
    this.allocBits.fill(0);
    this.knownBits.fill(0);
    this.managedBits.fill(0);
    this.owner.fill(-1);
    this.irqs.clear();
    this.fresh = false;
  }

  /** The matrix as irq_alloc_matrix leaves it: every CPU offline, empty, never initialised. */
  startFresh(): void {
    this.g.fill(0);
    this.online.fill(0);
    this.available.fill(0);
    this.allocated.fill(0);
    this.managed.fill(0);
    this.managedAllocated.fill(0);
    this.initialized.fill(0);
    this.allocBits.fill(0);
    this.knownBits.fill(0xffffffff);
    this.managedBits.fill(0);
    this.systemBits.fill(0);
    this.systemKnown = true;
    this.fresh = true;
  }

  bit(map: Uint32Array, cpu: number, bit: number): boolean {
    return (map[cpu * WORDS + (bit >>> 5)] & (1 << (bit & 31))) !== 0;
  }

  setBit(map: Uint32Array, cpu: number, bit: number, on: boolean): void {
    const w = cpu * WORDS + (bit >>> 5);
    if (on) map[w] |= 1 << (bit & 31);
    else map[w] &= ~(1 << (bit & 31));
  }

  /** How many bits of this CPU are known allocated. */
  knownAllocatedCount(cpu: number): number {
    return weight(this.allocBits.subarray(cpu * WORDS, (cpu + 1) * WORDS), NR_VECTORS);
  }

  /** The interrupt's apic_chip_data; one first seen in a trace from boot starts zeroed (alloc_apic_chip_data), except ISA ones (vector_configure_legacy gives them a vector without an event). */
  apicd(irq: number): ApicdState {
    let a = this.irqs.get(irq);
    if (!a) {
      a = this.fresh && irq >= 16 ? freshApicd() : unknownApicd();
      this.irqs.set(irq, a);
    }
    return a;
  }
}

function u(v: number, width: number): string {
  return (Number.isNaN(v) ? '?' : String(v)).padStart(width);
}

/**
 * The state as irq_matrix_debug_show() prints it (the matrix part of domains/VECTOR), byte
 * for byte when everything is known. A value the trace never showed prints as "?"; only CPUs
 * known online are listed; "vectors" lists the bits the trace showed allocated.
 */
export function traceMatrixText(s: TraceState, ind = 1): string {
  const pad = ' '.repeat(Math.max(ind, 1));
  let out = '';
  out += `Online bitmaps:   ${u(s.g[0], 6)}\n`;
  out += `Global available: ${u(s.g[1], 6)}\n`;
  out += `Global reserved:  ${u(s.g[2], 6)}\n`;
  out += `Total allocated:  ${u(s.g[3], 6)}\n`;
  const seen = formatPbl(s.systemBits, NR_VECTORS);
  if (s.systemKnown) out += `System: ${weight(s.systemBits, NR_VECTORS)}: ${seen}\n`;
  else out += `System: ?: ${seen ? `${seen} (seen; the rest not in the trace)` : '(not in the trace)'}\n`;
  out += `${pad}| CPU | avl | man | mac | act | vectors\n`;
  for (let cpu = 0; cpu < s.nrCpus; cpu++) {
    if (s.online[cpu] !== 1) continue;
    const bits = formatPbl(s.allocBits.subarray(cpu * WORDS, (cpu + 1) * WORDS), NR_VECTORS);
    out += `${pad} ${u(cpu, 4)}  ${u(s.available[cpu], 4)}  ${u(s.managed[cpu], 4)}  ${u(s.managedAllocated[cpu], 4)} ${u(s.allocated[cpu], 4)}  ${bits}\n`;
  }
  return out;
}
