// The global LPI range allocator of drivers/irqchip/irq-gic-v3-its.c (lpi_range_list:
// alloc_lpi_range, free_lpi_range, merge_lpi_ranges, its_lpi_init, its_lpi_alloc, its_lpi_free).
import type { ItsSink } from '../events/its';
import { ENOSPC } from '../lib/errno';

/** First LPI INTID: everything below is SGI/PPI/SPI space. */
export const LPI_BASE = 8192;
/** ITS_MAX_LPI_NRBITS: the driver never uses more than 16 ID bits for LPIs. */
export const ITS_MAX_LPI_NRBITS = 16;

/** Result of its_lpi_alloc: ret 0 with the range actually obtained, or -ENOSPC with 0, 0. */
export interface LpiAllocResult {
  ret: number;
  base: number;
  nr_lpis: number;
}

export interface LpiInitOptions {
  /** 1 << GICD_TYPER.num_LPIs as a hypervisor reports it (0 or 2: no restriction). */
  numLpis?: number;
  sink?: ItsSink | null;
}

/**
 * The free list: ranges { base, span } kept in list order (sorted by base as long as no
 * range is freed twice), stored as two parallel typed arrays. Like the kernel's list it
 * checks neither overlaps nor double frees.
 */
export class LpiRanges {
  private bases: Uint32Array;
  private spans: Uint32Array;
  private n = 0;
  /** 2^lpi_bits: one past the highest LPI INTID. */
  readonly end: number;
  /** Number of LPIs the allocator was seeded with (its_lpi_init's lpis). */
  readonly total: number;
  sink: ItsSink | null;

  /** its_lpi_init(lpi_bits): the free list starts as [8192, 8192 + lpis). */
  constructor(lpiBits: number, opts: LpiInitOptions = {}) {
    this.sink = opts.sink ?? null;
    this.end = 2 ** lpiBits;
    let lpis = this.end - LPI_BASE;
    const numlpis = opts.numLpis ?? 0;
    if (numlpis > 2) {
      if (numlpis > lpis) {
        this.sink?.emit({ type: 'warning', site: 'its_lpi_init', message: `numlpis ${numlpis} > ${lpis}` });
      } else {
        lpis = numlpis;
        this.sink?.emit({
          type: 'log',
          level: 'info',
          site: 'its_lpi_init',
          message: `ITS: Using hypervisor restricted LPI range [${lpis}]`,
        });
      }
    }
    this.total = lpis;
    this.bases = new Uint32Array(16);
    this.spans = new Uint32Array(16);
    this.freeRange(LPI_BASE, lpis);
  }

  /** Number of ranges in the free list. */
  get length(): number {
    return this.n;
  }

  baseAt(i: number): number {
    return this.bases[i];
  }

  spanAt(i: number): number {
    return this.spans[i];
  }

  /** Sum of the spans of the free list. */
  freeCount(): number {
    let s = 0;
    for (let i = 0; i < this.n; i++) s += this.spans[i];
    return s;
  }

  /** The free list as [[base, span], ...] in list order (the traces' `free_ranges`). */
  toArray(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let i = 0; i < this.n; i++) out.push([this.bases[i], this.spans[i]]);
    return out;
  }

  /** alloc_lpi_range: first fit, carved from the front of the range. Returns base or -ENOSPC. */
  allocRange(nr: number): number {
    const want = nr >>> 0; // the kernel compares as u32
    for (let i = 0; i < this.n; i++) {
      if (this.spans[i] >= want) {
        const base = this.bases[i];
        this.bases[i] = (base + want) >>> 0;
        this.spans[i] -= want;
        if (this.spans[i] === 0) this.removeAt(i);
        return base;
      }
    }
    return -ENOSPC;
  }

  /**
   * free_lpi_range: insert after the last range whose base is lower, then merge with
   * the previous range (the new one absorbs it) and with the next (which absorbs the new
   * one) when exactly adjacent. Always 0 (the kernel's -ENOMEM needs a failed kmalloc).
   */
  freeRange(base: number, nr: number): number {
    // Walk backwards to the last element with base_id < base (list_for_each_entry_reverse).
    let prev = this.n - 1;
    while (prev >= 0 && !(this.bases[prev] < base)) prev--;
    let at = prev + 1;
    this.insertAt(at, base, nr);
    if (prev >= 0 && ((this.bases[prev] + this.spans[prev]) >>> 0) === base) {
      this.bases[at] = this.bases[prev];
      this.spans[at] = (this.spans[at] + this.spans[prev]) >>> 0;
      this.removeAt(prev);
      at = prev;
    }
    const next = at + 1;
    if (next < this.n && ((this.bases[at] + this.spans[at]) >>> 0) === this.bases[next]) {
      this.bases[next] = this.bases[at];
      this.spans[next] = (this.spans[next] + this.spans[at]) >>> 0;
      this.removeAt(at);
    }
    return 0;
  }

  /**
   * its_lpi_alloc: asks for nr, halving on failure; nr reaching 0 is -ENOSPC with
   * base = nr_lpis = 0. The range obtained may be smaller than asked.
   */
  alloc(nr: number): LpiAllocResult {
    let n = nr | 0;
    let base = -ENOSPC;
    do {
      base = this.allocRange(n);
      if (base >= 0) break;
      n = Math.trunc(n / 2);
    } while (n > 0);
    if (n <= 0 || base < 0) return { ret: -ENOSPC, base: 0, nr_lpis: 0 };
    this.sink?.emit({ type: 'its_lpi_alloc', requested: nr, base, nr_lpis: n });
    return { ret: 0, base, nr_lpis: n };
  }

  /** its_lpi_free: give a range back (WARN_ON if free_lpi_range fails, which it cannot here). */
  free(base: number, nr: number): number {
    const ret = this.freeRange(base, nr);
    this.sink?.emit({ type: 'its_lpi_free', base, nr_lpis: nr });
    return ret;
  }

  private insertAt(i: number, base: number, span: number): void {
    if (this.n === this.bases.length) {
      const nb = new Uint32Array(this.n * 2);
      const ns = new Uint32Array(this.n * 2);
      nb.set(this.bases);
      ns.set(this.spans);
      this.bases = nb;
      this.spans = ns;
    }
    this.bases.copyWithin(i + 1, i, this.n);
    this.spans.copyWithin(i + 1, i, this.n);
    this.bases[i] = base;
    this.spans[i] = span;
    this.n++;
  }

  private removeAt(i: number): void {
    this.bases.copyWithin(i, i + 1, this.n);
    this.spans.copyWithin(i, i + 1, this.n);
    this.n--;
  }
}
