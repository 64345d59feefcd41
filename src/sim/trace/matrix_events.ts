// The irq_matrix tracepoints (include/trace/events/irq_matrix.h) applied to a rebuilt state:
// each operation of kernel/irq/matrix.c changes the counters by known amounts (the printed
// counters follow the same rules from v4.15 to today; managed_allocated, never printed, exists
// since v4.20), and every event prints the counters after the change.
import { Check, u32 } from './check';
import type { TraceState } from './state';

/** Hints from the neighbouring irq_vectors events: -1 unknown, 0 or 1. */
export interface MatrixHints {
  /** irq_matrix_alloc: the reserved flag of the vector_alloc that follows it. */
  reserved: number;
  /** irq_matrix_free: whether the freed vector is managed (vector_free_moved, or the irq of vector_clear). */
  managed: number;
}

export const MATRIX_CPU_EVENTS = new Set([
  'irq_matrix_alloc',
  'irq_matrix_alloc_reserved',
  'irq_matrix_alloc_managed',
  'irq_matrix_reserve_managed',
  'irq_matrix_remove_managed',
  'irq_matrix_assign',
  'irq_matrix_free',
]);
export const MATRIX_GLOBAL_EVENTS = new Set(['irq_matrix_online', 'irq_matrix_offline', 'irq_matrix_reserve', 'irq_matrix_remove_reserved']);
export const MATRIX_EVENTS = new Set([...MATRIX_CPU_EVENTS, ...MATRIX_GLOBAL_EVENTS, 'irq_matrix_assign_system']);

/** TP_printk names of the global counters, and the struct irq_matrix field each stands for. */
const GLOBAL_PRINTED = [
  ['online_maps', 'online_maps'],
  ['global_avl', 'global_available'],
  ['global_rsvd', 'global_reserved'],
  ['total_alloc', 'total_allocated'],
] as const;

interface Delta {
  avl: number;
  alloc: number;
  man: number;
  mac: number;
  gavl: number;
  grsvd: number;
  talloc: number;
}

function delta(name: string, online: boolean, reserved: boolean, managed: boolean): Delta {
  const d: Delta = { avl: 0, alloc: 0, man: 0, mac: 0, gavl: 0, grsvd: 0, talloc: 0 };
  const on = online ? 1 : 0;
  switch (name) {
    case 'irq_matrix_alloc':
    case 'irq_matrix_alloc_reserved':
      d.alloc = 1;
      d.avl = -1;
      d.talloc = 1;
      d.gavl = -1;
      d.grsvd = reserved ? -1 : 0;
      break;
    case 'irq_matrix_alloc_managed':
      d.alloc = 1;
      d.mac = 1;
      d.talloc = 1;
      break;
    case 'irq_matrix_reserve_managed':
      d.man = 1;
      d.avl = -on;
      d.gavl = -on;
      break;
    case 'irq_matrix_remove_managed':
      d.man = -1;
      d.avl = on;
      d.gavl = on;
      break;
    case 'irq_matrix_assign':
      d.alloc = 1;
      d.talloc = 1;
      d.avl = -1;
      d.gavl = -1;
      break;
    case 'irq_matrix_free':
      d.alloc = -1;
      d.mac = managed ? -1 : 0;
      d.talloc = -on;
      d.avl = managed ? 0 : 1;
      d.gavl = managed ? 0 : on;
      break;
  }
  return d;
}

function need(f: Map<string, number>, names: readonly string[]): string | null {
  for (const n of names) if (!f.has(n)) return n;
  return null;
}

/** The globals every irq_matrix event prints, checked and stored. */
function checkGlobals(s: TraceState, f: Map<string, number>, expect: readonly number[], chk: Check): void {
  for (let i = 0; i < 4; i++) {
    const [printed, field] = GLOBAL_PRINTED[i];
    s.g[i] = chk.value(field, f.get(printed)!, u32(expect[i]));
  }
}

function mismatchesOf(s: TraceState, f: Map<string, number>, cpu: number, d: Delta): number {
  const pairs: [number, number][] = [
    [f.get('avl')!, s.available[cpu] + d.avl],
    [f.get('alloc')!, s.allocated[cpu] + d.alloc],
    [f.get('managed')!, s.managed[cpu] + d.man],
    [f.get('global_avl')!, s.g[1] + d.gavl],
    [f.get('global_rsvd')!, s.g[2] + d.grsvd],
    [f.get('total_alloc')!, s.g[3] + d.talloc],
  ];
  let n = 0;
  for (const [t, e] of pairs) if (!Number.isNaN(e) && u32(e) !== t) n++;
  return n;
}

const CPU_FIELDS = ['bit', 'cpu', 'online', 'avl', 'alloc', 'managed', 'online_maps', 'global_avl', 'global_rsvd', 'total_alloc'];

/** irq_matrix_cpu class: returns a message when the event cannot be applied. */
function cpuEvent(s: TraceState, name: string, f: Map<string, number>, hints: MatrixHints, chk: Check): string | null {
  const missing = need(f, CPU_FIELDS);
  if (missing) return `${name} without its ${missing}= field`;
  const cpu = f.get('cpu')!;
  const bit = f.get('bit')!;
  if (bit < 0 || bit >= 256) return `${name}: bit=${bit} is not an x86 vector (0-255)`;
  const online = f.get('online') === 1;
  // Flags the event does not print: the neighbours tell, else the hypothesis the numbers fit.
  const options: { reserved: boolean; managed: boolean }[] = [];
  if (name === 'irq_matrix_alloc') {
    if (hints.reserved >= 0) options.push({ reserved: hints.reserved === 1, managed: false });
    else options.push({ reserved: false, managed: false }, { reserved: true, managed: false });
  } else if (name === 'irq_matrix_free') {
    const first = hints.managed >= 0 ? hints.managed === 1 : s.bit(s.managedBits, cpu, bit);
    options.push({ reserved: false, managed: first });
    if (hints.managed < 0) options.push({ reserved: false, managed: !first });
  } else options.push({ reserved: name === 'irq_matrix_alloc_reserved', managed: false });
  let best = delta(name, online, options[0].reserved, options[0].managed);
  let bestScore = mismatchesOf(s, f, cpu, best);
  for (let i = 1; i < options.length && bestScore > 0; i++) {
    const d = delta(name, online, options[i].reserved, options[i].managed);
    const score = mismatchesOf(s, f, cpu, d);
    if (score < bestScore) {
      best = d;
      bestScore = score;
    }
  }
  s.online[cpu] = chk.value('online', online ? 1 : 0, s.online[cpu], cpu);
  s.available[cpu] = chk.value('available', f.get('avl')!, u32(s.available[cpu] + best.avl), cpu);
  s.allocated[cpu] = chk.value('allocated', f.get('alloc')!, u32(s.allocated[cpu] + best.alloc), cpu);
  s.managed[cpu] = chk.value('managed', f.get('managed')!, u32(s.managed[cpu] + best.man), cpu);
  s.managedAllocated[cpu] = u32(s.managedAllocated[cpu] + best.mac);
  checkGlobals(s, f, [s.g[0], s.g[1] + best.gavl, s.g[2] + best.grsvd, s.g[3] + best.talloc], chk);
  applyBit(s, name, cpu, bit, chk);
  return null;
}

/** The alloc/managed maps: a bit allocated twice or freed while free is a disagreement. */
function applyBit(s: TraceState, name: string, cpu: number, bit: number, chk: Check): void {
  const known = s.bit(s.knownBits, cpu, bit);
  const allocated = s.bit(s.allocBits, cpu, bit);
  switch (name) {
    case 'irq_matrix_alloc':
    case 'irq_matrix_alloc_reserved':
    case 'irq_matrix_alloc_managed':
    case 'irq_matrix_assign':
      if (known && allocated) chk.contradict('alloc_map', `vector ${bit} allocated`, `vector ${bit} already allocated`, cpu);
      else if (known) chk.agree();
      s.setBit(s.allocBits, cpu, bit, true);
      s.setBit(s.knownBits, cpu, bit, true);
      return;
    case 'irq_matrix_free':
      if (known && !allocated) chk.contradict('alloc_map', `vector ${bit} freed`, `vector ${bit} not allocated`, cpu);
      else if (known) chk.agree();
      s.setBit(s.allocBits, cpu, bit, false);
      s.setBit(s.knownBits, cpu, bit, true);
      s.owner[cpu * 256 + bit] = -1;
      return;
    case 'irq_matrix_reserve_managed':
      s.setBit(s.managedBits, cpu, bit, true);
      return;
    case 'irq_matrix_remove_managed':
      s.setBit(s.managedBits, cpu, bit, false);
      return;
  }
}

/**
 * irq_matrix_online / offline run on the CPU concerned (lapic_online, lapic_offline), so the
 * trace's CPU column names it; reserve / remove_reserved touch the global count only.
 */
function globalEvent(s: TraceState, name: string, f: Map<string, number>, traceCpu: number, chk: Check): string | null {
  const missing = need(f, ['online_maps', 'global_avl', 'global_rsvd', 'total_alloc']);
  if (missing) return `${name} without its ${missing}= field`;
  const c = traceCpu;
  const gavl = f.get('global_avl')!;
  switch (name) {
    case 'irq_matrix_online': {
      if (s.online[c] === 1) chk.contradict('online', `CPU ${c} comes online`, `CPU ${c} is already online`, c);
      // The first online initialises `available` from sizes the trace never prints: learnt from the global delta.
      if (!s.initialized[c] || Number.isNaN(s.available[c])) {
        if (!Number.isNaN(s.g[1])) {
          s.available[c] = u32(gavl - s.g[1]);
          chk.learn();
        }
        s.initialized[c] = 1;
        checkGlobals(s, f, [s.g[0] + 1, NaN, s.g[2], s.g[3]], chk);
      } else {
        checkGlobals(s, f, [s.g[0] + 1, s.g[1] + s.available[c], s.g[2], s.g[3]], chk);
      }
      s.online[c] = 1;
      return null;
    }
    case 'irq_matrix_offline':
      if (s.online[c] === 0) chk.contradict('online', `CPU ${c} goes offline`, `CPU ${c} is not online`, c);
      checkGlobals(s, f, [s.g[0] - 1, s.g[1] - s.available[c], s.g[2], s.g[3]], chk);
      s.online[c] = 0;
      return null;
    case 'irq_matrix_reserve':
      checkGlobals(s, f, [s.g[0], s.g[1], s.g[2] + 1, s.g[3]], chk);
      return null;
    case 'irq_matrix_remove_reserved':
      checkGlobals(s, f, [s.g[0], s.g[1], s.g[2] - 1, s.g[3]], chk);
      return null;
  }
  return null;
}

/** irq_matrix_assign_system on the boot CPU: a system vector, maybe replacing an assigned ISA vector. */
function assignSystem(s: TraceState, f: Map<string, number>, traceCpu: number, chk: Check): string | null {
  const missing = need(f, ['bit', 'online_maps', 'global_avl', 'global_rsvd', 'total_alloc']);
  if (missing) return `irq_matrix_assign_system without its ${missing}= field`;
  const bit = f.get('bit')!;
  if (bit < 0 || bit >= 256) return `irq_matrix_assign_system: bit=${bit} is not an x86 vector (0-255)`;
  const c = traceCpu;
  const replaced = f.get('total_alloc')! === u32(s.g[3] - 1) && s.bit(s.allocBits, c, bit);
  checkGlobals(s, f, [s.g[0], s.g[1], s.g[2], replaced ? s.g[3] - 1 : s.g[3]], chk);
  if (replaced) {
    s.allocated[c] = u32(s.allocated[c] - 1);
    s.setBit(s.allocBits, c, bit, false);
  }
  s.systemBits[bit >>> 5] |= 1 << (bit & 31);
  return null;
}

/** Applies one irq_matrix event; a message when it cannot be applied (a field missing). */
export function applyMatrixEvent(
  s: TraceState,
  name: string,
  f: Map<string, number>,
  traceCpu: number,
  hints: MatrixHints,
  chk: Check,
): string | null {
  if (MATRIX_CPU_EVENTS.has(name)) return cpuEvent(s, name, f, hints, chk);
  if (MATRIX_GLOBAL_EVENTS.has(name)) return globalEvent(s, name, f, traceCpu, chk);
  if (name === 'irq_matrix_assign_system') return assignSystem(s, f, traceCpu, chk);
  return `${name} is not an irq_matrix event`;
}
