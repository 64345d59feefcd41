// The per-device event map of an ITS device (struct event_lpi_map in
// drivers/irqchip/irq-gic-v3-its.c) and the lib/bitmap.c region helpers it uses:
// bitmap_find_free_region, bitmap_release_region, get_count_order (include/linux/bitops.h).
import { type Bits, findNextSet, findNextZero, formatPbl, newBits, testBit } from '../lib/bitmap';
import { ENOMEM } from '../lib/errno';

/** get_count_order: ceil(log2(n)); -1 for 0. */
export function getCountOrder(n: number): number {
  if (n <= 0) return -1;
  const order = 31 - Math.clz32(n);
  return (n & (n - 1)) === 0 ? order : order + 1;
}

/** roundup_pow_of_two for 1 .. 2^31. */
export function roundupPowOfTwo(n: number): number {
  if (n <= 1) return 1;
  return 2 ** (32 - Math.clz32(n - 1));
}

export function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/** True when no bit of [pos, pos + len) is set (len a power of two, pos aligned to it). */
function regionIsFree(b: Bits, pos: number, len: number): boolean {
  if (len < 32) {
    return (b[pos >>> 5] & (((1 << len) - 1) << (pos & 31))) === 0;
  }
  for (let w = pos >>> 5, e = (pos + len) >>> 5; w < e; w++) if (b[w] !== 0) return false;
  return true;
}

function setRegion(b: Bits, pos: number, len: number, value: boolean): void {
  if (len < 32 && (pos & 31) + len <= 32) {
    const mask = ((1 << len) - 1) << (pos & 31);
    if (value) b[pos >>> 5] |= mask;
    else b[pos >>> 5] &= ~mask;
    return;
  }
  for (let i = pos, e = pos + len; i < e; i++) {
    if ((i & 31) === 0 && i + 32 <= e) {
      b[i >>> 5] = value ? 0xffffffff : 0;
      i += 31;
      continue;
    }
    if (value) b[i >>> 5] |= 1 << (i & 31);
    else b[i >>> 5] &= ~(1 << (i & 31));
  }
}

/**
 * bitmap_find_free_region: the first naturally aligned block of 2^order bits that ends
 * within nbits and is entirely clear gets set; its first bit, or -ENOMEM.
 */
export function bitmapFindFreeRegion(b: Bits, nbits: number, order: number): number {
  if (order < 0 || order > 30) return -ENOMEM;
  const len = 1 << order;
  for (let pos = 0; pos + len <= nbits; pos += len) {
    if (regionIsFree(b, pos, len)) {
      setRegion(b, pos, len, true);
      return pos;
    }
  }
  return -ENOMEM;
}

/** bitmap_release_region: clears the 2^order bits at pos (no check that they were set). */
export function bitmapReleaseRegion(b: Bits, pos: number, order: number): void {
  if (order < 0 || order > 30) return;
  setRegion(b, pos, 1 << order, false);
}

/** Sets or clears [pos, pos + len) (bitmap_set / bitmap_clear). */
export function bitmapSetRange(b: Bits, pos: number, len: number, value: boolean): void {
  if (len > 0) setRegion(b, pos, len, value);
}

/**
 * bitmap_find_next_zero_area with an alignment mask: first pos, aligned to mask + 1,
 * where len clear bits fit below nbits; nbits if none. Used by the region model.
 */
export function bitmapFindZeroArea(b: Bits, nbits: number, len: number, alignMask: number): number {
  let start = 0;
  for (;;) {
    start = findNextZero(b, start, nbits);
    start = (start + alignMask) & ~alignMask;
    const end = start + len;
    if (end > nbits) return nbits;
    const hit = findNextSet(b, start, end);
    if (hit >= end) return start;
    start = hit + 1;
  }
}

/**
 * struct event_lpi_map: the device's LPIs [lpi_base, lpi_base + nr_lpis) and which of
 * its events are in use (lpi_map, nr_lpis bits), plus the target CPU of each event
 * (col_map, set at activation).
 */
export class EventLpiMap {
  readonly lpi_map: Bits;
  readonly col_map: Uint16Array;

  constructor(
    readonly lpi_base: number,
    readonly nr_lpis: number,
  ) {
    this.lpi_map = newBits(nr_lpis);
    this.col_map = new Uint16Array(nr_lpis);
  }

  /** bitmap_find_free_region(lpi_map, nr_lpis, get_count_order(nvecs)): event or -ENOMEM. */
  allocRegion(nvecs: number): number {
    return bitmapFindFreeRegion(this.lpi_map, this.nr_lpis, getCountOrder(nvecs));
  }

  /** bitmap_release_region(lpi_map, event, get_count_order(nvecs)). */
  releaseRegion(event: number, nvecs: number): void {
    bitmapReleaseRegion(this.lpi_map, event, getCountOrder(nvecs));
  }

  /** bitmap_empty(lpi_map, nr_lpis). */
  isEmpty(): boolean {
    return findNextSet(this.lpi_map, 0, this.nr_lpis) >= this.nr_lpis;
  }

  isUsed(event: number): boolean {
    return event >= 0 && event < this.nr_lpis && testBit(this.lpi_map, event);
  }

  /** %*pbl of the used events. */
  format(): string {
    return formatPbl(this.lpi_map, this.nr_lpis);
  }
}
