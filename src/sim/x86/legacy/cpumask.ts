// The cpumask operations of include/linux/cpumask.h that the v4.14 vector code uses, on
// Uint32Array bitmaps of nr_cpus bits (CONFIG_CPUMASK_OFFSTACK=y: every operation covers
// CPUs 0 .. nr_cpus-1 only, so the bits above nr_cpus are never looked at).
import { type Bits, findNextSet, newBits, setBit } from '../../lib/bitmap';

export type Cpumask = Bits;

export function newCpumask(nrCpus: number): Cpumask {
  return newBits(nrCpus);
}

/** Mask with the given CPUs set (those >= nrCpus are dropped, as cpumask_set_cpu would not allow them). */
export function cpumaskOf(nrCpus: number, cpus: Iterable<number>): Cpumask {
  const m = newBits(nrCpus);
  for (const c of cpus) if (c >= 0 && c < nrCpus) setBit(m, c);
  return m;
}

/** Mask of the low bits [0, nbits) of a word array of `words` words. */
function lastWordMask(nbits: number): number {
  const rest = nbits & 31;
  return rest === 0 ? 0xffffffff : ((1 << rest) - 1) >>> 0;
}

export function cpumaskClear(dst: Cpumask): void {
  dst.fill(0);
}

export function cpumaskCopy(dst: Cpumask, src: Cpumask): void {
  dst.set(src);
}

/** cpumask_setall: CPUs 0 .. nr-1. */
export function cpumaskSetall(dst: Cpumask, nr: number): void {
  dst.fill(0xffffffff);
  if (dst.length > 0) dst[dst.length - 1] &= lastWordMask(nr);
}

/** dst = a & b */
export function cpumaskAnd(dst: Cpumask, a: Cpumask, b: Cpumask): void {
  for (let i = 0; i < dst.length; i++) dst[i] = a[i] & b[i];
}

/** dst = a | b */
export function cpumaskOr(dst: Cpumask, a: Cpumask, b: Cpumask): void {
  for (let i = 0; i < dst.length; i++) dst[i] = a[i] | b[i];
}

/** dst = a & ~b */
export function cpumaskAndnot(dst: Cpumask, a: Cpumask, b: Cpumask): void {
  for (let i = 0; i < dst.length; i++) dst[i] = a[i] & ~b[i];
}

export function cpumaskEmpty(a: Cpumask, nr: number): boolean {
  return findNextSet(a, 0, nr) >= nr;
}

export function cpumaskIntersects(a: Cpumask, b: Cpumask, nr: number): boolean {
  const last = a.length - 1;
  for (let i = 0; i < last; i++) if ((a[i] & b[i]) !== 0) return true;
  return last >= 0 && (a[last] & b[last] & lastWordMask(nr)) !== 0;
}

/** a is a subset of b */
export function cpumaskSubset(a: Cpumask, b: Cpumask, nr: number): boolean {
  const last = a.length - 1;
  for (let i = 0; i < last; i++) if ((a[i] & ~b[i]) !== 0) return false;
  return last < 0 || (a[last] & ~b[last] & lastWordMask(nr)) === 0;
}

export function cpumaskEqual(a: Cpumask, b: Cpumask, nr: number): boolean {
  const last = a.length - 1;
  for (let i = 0; i < last; i++) if (a[i] !== b[i]) return false;
  return last < 0 || ((a[last] ^ b[last]) & lastWordMask(nr)) === 0;
}

/** cpumask_first: lowest CPU, or nr if none. */
export function cpumaskFirst(a: Cpumask, nr: number): number {
  return findNextSet(a, 0, nr);
}

/** cpumask_next: lowest CPU > cpu, or nr if none. */
export function cpumaskNext(cpu: number, a: Cpumask, nr: number): number {
  return findNextSet(a, cpu + 1, nr);
}

/** cpumask_first_and: lowest CPU in both, or nr if none. */
export function cpumaskFirstAnd(a: Cpumask, b: Cpumask, nr: number): number {
  for (let i = 0; i < a.length; i++) {
    const w = a[i] & b[i];
    if (w !== 0) {
      const cpu = (i << 5) + (31 - Math.clz32(w & -w));
      return cpu < nr ? cpu : nr;
    }
  }
  return nr;
}

/** CPU numbers of a mask, ascending. */
export function cpumaskToList(a: Cpumask, nr: number): number[] {
  const out: number[] = [];
  for (let c = findNextSet(a, 0, nr); c < nr; c = findNextSet(a, c + 1, nr)) out.push(c);
  return out;
}
