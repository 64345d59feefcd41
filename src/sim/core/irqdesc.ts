// The Linux IRQ number space of kernel/irq/irqdesc.c: __irq_alloc_descs, irq_free_descs,
// irq_expand_nr_irqs, irq_find_free_area, irq_get_next_irq, early_irq_init (sparse IRQs),
// with both eras: bitmap + radix tree (up to v6.4) and maple tree (v6.5+).
//
// Only the numbers are modelled here (which IRQ numbers have a descriptor, nr_irqs); what
// a descriptor holds belongs to its users. Allocated numbers are kept as a sorted list of
// disjoint, non-adjacent runs [start, end) in typed arrays: first-fit is a binary search
// plus a walk over the gaps, so 139K descriptors allocated in blocks cost a handful of runs.
import type { CommonEvent } from '../events/common';
import { EEXIST, EINVAL, ENOMEM, ENOSPC } from '../lib/errno';
import { x86DynirqLowerBoundFrom } from './nr_irqs';

export {
  x86NrIrqs,
  x86NrIrqsCompile,
  x86DynirqLowerBound,
  x86DynirqLowerBoundFrom,
  arm64NrIrqs,
  NR_IRQS_LEGACY,
  NR_IRQS_GENERIC,
} from './nr_irqs';
export type { X86NrIrqs, X86NrIrqsInput, X86NrIrqsEra, Arm64NrIrqs } from './nr_irqs';

/** Where the number space reports (it only emits warnings and log lines); any EventSink fits. */
export interface CommonEventSink {
  emit(event: CommonEvent): void;
}

/** `bitmap`: allocated_irqs[IRQ_BITMAP_BITS] (before v6.5); `maple`: sparse_irqs maple tree (v6.5+). */
export type DescPolicy = 'bitmap' | 'maple';

/** kernel/irq/internals.h: IRQ_BITMAP_BITS = NR_IRQS + 8196 with CONFIG_SPARSE_IRQ (8196, not 8192). */
export const IRQ_BITMAP_EXTRA = 8196;
/** MAX_SPARSE_IRQS since v6.5 with CONFIG_SPARSE_IRQ. */
export const INT_MAX = 0x7fffffff;
const U32 = 0x1_0000_0000;

export interface IrqNumberSpaceOptions {
  policy: DescPolicy;
  /** Compile-time NR_IRQS. */
  nrIrqsCompile: number;
  /** nr_irqs after arch_probe_nr_irqs (before early_irq_init's clamps). */
  nrIrqs: number;
  /** arch_probe_nr_irqs' return: descriptors 0..preallocated-1 exist from boot. */
  preallocated: number;
  /**
   * nr_irqs grows on demand (irq_expand_nr_irqs, "genirq: Make nr_irqs runtime expandable",
   * tglx 2011, merged for v3.0 [from memory, not confirmed in the index]). false models v2.6.39
   * and older, where `start + cnt > nr_irqs` was a hard -ENOMEM: the Xen 2011 story. Default true.
   */
  expandable?: boolean;
  /**
   * x86's arch_dynirq_lower_bound (applied to @from when irq < 0) with this base
   * (X86NrIrqs.dynirqBase). Default null: the kernel/irq weak default (identity). A plain
   * number, so the space stays deep-cloneable for timeline checkpoints.
   */
  dynirqBase?: number | null;
  /**
   * Any other arch_dynirq_lower_bound, as a function. Kept for callers that pass one; a space
   * holding a function cannot be checkpointed (deepClone refuses it), so engines use dynirqBase.
   */
  dynirqLowerBound?: ((from: number) => number) | null;
  /** Where WARN_ONs and the boot message go. */
  sink?: CommonEventSink | null;
}

export class IrqNumberSpace {
  readonly policy: DescPolicy;
  readonly nrIrqsCompile: number;
  /** IRQ_BITMAP_BITS (bitmap) or MAX_SPARSE_IRQS = INT_MAX (maple). */
  readonly limit: number;
  readonly expandable: boolean;
  readonly preallocated: number;
  /** Current nr_irqs: grows on demand (if expandable), never shrinks. */
  nrIrqs: number;
  /** Base of x86's arch_dynirq_lower_bound, or null (no such hook). */
  dynirqBase: number | null;
  sink: CommonEventSink | null;
  /** A function-valued arch_dynirq_lower_bound (only when one was passed: not cloneable). */
  private dynirqHook?: (from: number) => number;

  private starts: Uint32Array;
  private ends: Uint32Array;
  private n = 0;
  private count = 0;

  constructor(opts: IrqNumberSpaceOptions) {
    this.policy = opts.policy;
    this.nrIrqsCompile = opts.nrIrqsCompile;
    this.limit = opts.policy === 'bitmap' ? opts.nrIrqsCompile + IRQ_BITMAP_EXTRA : INT_MAX;
    this.expandable = opts.expandable !== false;
    this.dynirqBase = opts.dynirqBase ?? null;
    if (opts.dynirqLowerBound) this.dynirqHook = opts.dynirqLowerBound;
    this.sink = opts.sink ?? null;
    this.starts = new Uint32Array(16);
    this.ends = new Uint32Array(16);

    // early_irq_init (sparse): print, warn-and-clamp both values to the cap, raise nr_irqs to
    // the preallocated count, preallocate 0..initcnt-1.
    let nrIrqs = opts.nrIrqs;
    let initcnt = opts.preallocated;
    this.sink?.emit({
      type: 'log',
      level: 'info',
      site: 'early_irq_init',
      message: `NR_IRQS: ${opts.nrIrqsCompile}, nr_irqs: ${nrIrqs}, preallocated irqs: ${initcnt}`,
    });
    if (nrIrqs > this.limit) {
      this.warn('early_irq_init', `nr_irqs ${nrIrqs} > ${this.capName()} ${this.limit}`);
      nrIrqs = this.limit;
    }
    if (initcnt > this.limit) {
      this.warn('early_irq_init', `initcnt ${initcnt} > ${this.capName()} ${this.limit}`);
      initcnt = this.limit;
    }
    if (initcnt > nrIrqs) nrIrqs = initcnt;
    this.nrIrqs = nrIrqs;
    this.preallocated = Math.max(0, initcnt);
    if (this.preallocated > 0) this.insertRun(0, this.preallocated);
  }

  /** Number of IRQ numbers with a descriptor. */
  get allocatedCount(): number {
    return this.count;
  }

  /**
   * The number part of __irq_alloc_descs(irq, from, cnt, ...): returns the first IRQ number
   * or a negative errno.
   * - cnt == 0: -EINVAL; irq >= 0 and from > irq: -EINVAL.
   * - irq >= 0: only that start is acceptable, else -EEXIST (also when no area fits at all).
   * - bitmap era: no area in IRQ_BITMAP_BITS -> the search returns past the end and
   *   irq_expand_nr_irqs fails: -ENOMEM.
   * - maple era: irq_find_free_area returns -ENOSPC; the caller then computes `start + cnt`
   *   in unsigned arithmetic: below cnt 28 it wraps past nr_irqs and the expansion fails
   *   (-ENOMEM), otherwise -ENOSPC comes back out of alloc_descs. (The kernel would also
   *   insert descriptors at the wrapped numbers in that case; not modelled.)
   * - not expandable (v2.6.39-): start + cnt > nr_irqs is -ENOMEM.
   */
  alloc(irq: number, from: number, cnt: number): number {
    if (cnt <= 0) return -EINVAL;
    from = from >>> 0;
    if (irq >= 0) {
      if (from > irq) return -EINVAL;
      from = irq;
    } else {
      from = this.dynirqLowerBound(from) >>> 0;
    }
    // Exclusive end bound of an area: the bitmap has `limit` bits; the maple tree's
    // mas_empty_area(from, MAX_SPARSE_IRQS, cnt) takes an inclusive max.
    const endBound = this.policy === 'bitmap' ? this.limit : this.limit + 1;
    const start = this.findFreeArea(from, cnt, endBound);
    if (start < 0) {
      if (irq >= 0) return -EEXIST;
      if (this.policy === 'bitmap') return -ENOMEM;
      const wrapped = (U32 - ENOSPC + cnt) % U32;
      return wrapped > this.nrIrqs ? -ENOMEM : -ENOSPC;
    }
    if (irq >= 0 && start !== irq) return -EEXIST;
    if (start + cnt > this.nrIrqs) {
      if (!this.expandable || start + cnt > this.limit) return -ENOMEM;
      this.nrIrqs = start + cnt;
    }
    this.insertRun(start, start + cnt);
    return start;
  }

  /** arch_dynirq_lower_bound(from): x86's with dynirqBase, the passed hook, else identity. */
  dynirqLowerBound(from: number): number {
    if (this.dynirqBase !== null) return x86DynirqLowerBoundFrom(this.dynirqBase, from);
    return this.dynirqHook ? this.dynirqHook(from) : from;
  }

  /** irq_alloc_desc_at(at, node): exactly that number. */
  allocAt(irq: number): number {
    return this.alloc(irq, irq, 1);
  }

  /** irq_alloc_descs_from(from, cnt, node) / irq_alloc_desc_from(from, node). */
  allocFrom(from: number, cnt = 1): number {
    return this.alloc(-1, from, cnt);
  }

  /**
   * irq_domain_alloc_descs(virq, cnt, hwirq): a fixed virq if virq >= 0; otherwise first fit
   * from the hint (hwirq % nr_irqs, 0 becomes 1), and if that fails and the hint was > 1,
   * again from 1. Domain allocations therefore never get virq 0.
   */
  domainAllocDescs(virq: number, cnt: number, hwirq: number): number {
    if (virq >= 0) return this.alloc(virq, virq, cnt);
    const hint = domainAllocHint(hwirq, this.nrIrqs);
    let ret = this.alloc(-1, hint, cnt);
    if (ret <= 0 && hint > 1) ret = this.alloc(-1, 1, cnt);
    return ret;
  }

  /**
   * irq_free_descs(from, cnt): silently ignored unless [from, from+cnt) lies below nr_irqs.
   * Numbers in range without a descriptor would make the kernel's free_desc dereference a
   * NULL irq_desc; here they are a warning and are skipped.
   */
  free(from: number, cnt: number): void {
    if (cnt < 0 || from < 0) return;
    if (from >= this.nrIrqs || from + cnt > this.nrIrqs) return;
    if (cnt === 0) return;
    const hole = this.firstFreeIn(from, from + cnt);
    const removed = this.removeRange(from, from + cnt);
    if (removed < cnt) {
      const missing = hole;
      this.warn('free_desc', `irq_free_descs(${from}, ${cnt}): ${cnt - removed} number(s) had no descriptor (first: ${missing})`);
    }
  }

  isAllocated(irq: number): boolean {
    if (irq < 0) return false;
    const i = this.runAtOrBefore(irq);
    return i >= 0 && irq < this.ends[i];
  }

  /** irq_get_next_irq(offset): lowest allocated number >= from, or -1 (the kernel returns nr_irqs). */
  nextAllocated(from: number): number {
    if (from < 0) from = 0;
    const i = this.runAtOrBefore(from);
    if (i >= 0 && from < this.ends[i]) return from;
    const j = i + 1;
    return j < this.n ? this.starts[j] : -1;
  }

  /** Allocated runs, ascending, adjacent runs merged. */
  ranges(): Array<[start: number, endExclusive: number]> {
    const out: Array<[number, number]> = [];
    for (let i = 0; i < this.n; i++) out.push([this.starts[i], this.ends[i]]);
    return out;
  }

  /** Number of runs (cheap; for the UI and benchmarks). */
  get runCount(): number {
    return this.n;
  }

  /** An independent copy (for replay snapshots). */
  clone(): IrqNumberSpace {
    const c = Object.create(IrqNumberSpace.prototype) as IrqNumberSpace;
    Object.assign(c, this);
    c.starts = this.starts.slice();
    c.ends = this.ends.slice();
    return c;
  }

  // ---- internals ----

  private capName(): string {
    return this.policy === 'bitmap' ? 'IRQ_BITMAP_BITS' : 'MAX_SPARSE_IRQS';
  }

  private warn(site: string, message: string): void {
    this.sink?.emit({ type: 'warning', site, message });
  }

  /** Index of the last run with start <= x, or -1. */
  private runAtOrBefore(x: number): number {
    let lo = 0;
    let hi = this.n - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid] <= x) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }

  /** Lowest s >= from with [s, s+cnt) free and s+cnt <= endBound, or -1. */
  private findFreeArea(from: number, cnt: number, endBound: number): number {
    let pos = from;
    let j = this.runAtOrBefore(pos);
    if (j >= 0 && this.ends[j] > pos) pos = this.ends[j];
    j++;
    for (;;) {
      if (pos + cnt > endBound) return -1;
      const next = j < this.n ? this.starts[j] : Infinity;
      if (next - pos >= cnt) return pos;
      pos = this.ends[j];
      j++;
    }
  }

  private grow(): void {
    const cap = this.starts.length * 2;
    const s = new Uint32Array(cap);
    const e = new Uint32Array(cap);
    s.set(this.starts);
    e.set(this.ends);
    this.starts = s;
    this.ends = e;
  }

  /** Mark [s, e) allocated; the caller guarantees it is entirely free. */
  private insertRun(s: number, e: number): void {
    this.count += e - s;
    const i = this.runAtOrBefore(s);
    const joinLeft = i >= 0 && this.ends[i] === s;
    const joinRight = i + 1 < this.n && this.starts[i + 1] === e;
    if (joinLeft && joinRight) {
      this.ends[i] = this.ends[i + 1];
      this.deleteRuns(i + 1, 1);
    } else if (joinLeft) {
      this.ends[i] = e;
    } else if (joinRight) {
      this.starts[i + 1] = s;
    } else {
      this.insertRunAt(i + 1, s, e);
    }
  }

  private insertRunAt(k: number, s: number, e: number): void {
    if (this.n === this.starts.length) this.grow();
    this.starts.copyWithin(k + 1, k, this.n);
    this.ends.copyWithin(k + 1, k, this.n);
    this.starts[k] = s;
    this.ends[k] = e;
    this.n++;
  }

  private deleteRuns(k: number, m: number): void {
    if (m <= 0) return;
    this.starts.copyWithin(k, k + m, this.n);
    this.ends.copyWithin(k, k + m, this.n);
    this.n -= m;
  }

  /** Clear [s, e); returns how many numbers in it were allocated. */
  private removeRange(s: number, e: number): number {
    let a = this.runAtOrBefore(s);
    if (a < 0 || this.ends[a] <= s) a++;
    let removed = 0;
    let b = a;
    while (b < this.n && this.starts[b] < e) {
      removed += Math.min(this.ends[b], e) - Math.max(this.starts[b], s);
      b++;
    }
    if (b === a) return 0; // nothing overlapping
    const last = b - 1;
    const leftStart = this.starts[a];
    const rightEnd = this.ends[last];
    const hasLeft = leftStart < s;
    const hasRight = rightEnd > e;
    // Runs a..last are replaced by up to two pieces.
    const pieces = (hasLeft ? 1 : 0) + (hasRight ? 1 : 0);
    const span = last - a + 1;
    if (pieces > span) this.insertRunAt(a + 1, 0, 0); // only when one run splits in two
    else this.deleteRuns(a + pieces, span - pieces);
    let k = a;
    if (hasLeft) {
      this.starts[k] = leftStart;
      this.ends[k] = s;
      k++;
    }
    if (hasRight) {
      this.starts[k] = e;
      this.ends[k] = rightEnd;
    }
    this.count -= removed;
    return removed;
  }

  /** Lowest free number in [s, e), or -1 (runs are merged, so a run's end is always free). */
  private firstFreeIn(s: number, e: number): number {
    const i = this.runAtOrBefore(s);
    if (i < 0 || this.ends[i] <= s) return s;
    return this.ends[i] < e ? this.ends[i] : -1;
  }
}

/** irq_domain_alloc_descs' hint for hwirq: hwirq % nr_irqs, with 0 turned into 1. */
export function domainAllocHint(hwirq: number, nrIrqs: number): number {
  const hint = nrIrqs > 0 ? hwirq % nrIrqs : 0;
  return hint === 0 ? 1 : hint;
}
