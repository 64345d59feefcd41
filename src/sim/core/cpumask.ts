// The cpumask operations of include/linux/cpumask.h that genirq and the x86 vector domain use,
// on Uint32Array bitmaps of nr_cpu_ids bits (every operation covers CPUs 0 .. nr_cpu_ids-1).
import { type Bits, findNextSet, formatPbl, newBits, setBit, testBit, weight } from '../lib/bitmap';

export type Cpumask = Bits;

export function newCpumask(nrCpus: number): Cpumask {
  return newBits(nrCpus);
}

/** A mask with the given CPUs (CPUs outside 0 .. nrCpus-1 are dropped). */
export function cpumaskOf(nrCpus: number, cpus: Iterable<number>): Cpumask {
  const m = newBits(nrCpus);
  for (const c of cpus) if (Number.isInteger(c) && c >= 0 && c < nrCpus) setBit(m, c);
  return m;
}

/** cpu_all_mask of nrCpus CPUs. */
export function cpumaskAll(nrCpus: number): Cpumask {
  const m = newBits(nrCpus);
  for (let c = 0; c < nrCpus; c++) setBit(m, c);
  return m;
}

export function cpumaskCopy(dst: Cpumask, src: Cpumask): void {
  dst.set(src);
}

export function cpumaskClone(src: Cpumask): Cpumask {
  return src.slice();
}

export function cpumaskClear(dst: Cpumask): void {
  dst.fill(0);
}

/** cpumask_and: dst = a & b; returns whether the result is non-empty. */
export function cpumaskAnd(dst: Cpumask, a: Cpumask, b: Cpumask): boolean {
  let any = 0;
  for (let i = 0; i < dst.length; i++) {
    dst[i] = a[i] & b[i];
    any |= dst[i];
  }
  return any !== 0;
}

export function cpumaskEmpty(m: Cpumask): boolean {
  for (let i = 0; i < m.length; i++) if (m[i] !== 0) return false;
  return true;
}

export function cpumaskIntersects(a: Cpumask, b: Cpumask): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i] & b[i]) !== 0) return true;
  return false;
}

/** cpumask_subset: every CPU of a is in b. */
export function cpumaskSubset(a: Cpumask, b: Cpumask): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i] & ~b[i]) !== 0) return false;
  return true;
}

export function cpumaskEqual(a: Cpumask, b: Cpumask): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function cpumaskTest(m: Cpumask, cpu: number): boolean {
  return cpu >= 0 && cpu < m.length * 32 && testBit(m, cpu);
}

/** cpumask_first: lowest CPU, or nrCpus when empty. */
export function cpumaskFirst(m: Cpumask, nrCpus: number): number {
  return findNextSet(m, 0, nrCpus);
}

/** cpumask_first_and: lowest CPU in both, or nrCpus. */
export function cpumaskFirstAnd(a: Cpumask, b: Cpumask, nrCpus: number): number {
  for (let w = 0; w < a.length; w++) {
    const x = a[w] & b[w];
    if (x !== 0) {
      const c = (w << 5) + (31 - Math.clz32(x & -x));
      return c < nrCpus ? c : nrCpus;
    }
  }
  return nrCpus;
}

/** cpumask_any_but: some CPU of m other than cpu (the lowest), or nrCpus. */
export function cpumaskAnyBut(m: Cpumask, cpu: number, nrCpus: number): number {
  let c = findNextSet(m, 0, nrCpus);
  if (c === cpu) c = findNextSet(m, cpu + 1, nrCpus);
  return c;
}

export function cpumaskWeight(m: Cpumask, nrCpus: number): number {
  return weight(m, nrCpus);
}

/** Ascending CPU list (what the matrix allocator takes). */
export function cpumaskToList(m: Cpumask, nrCpus: number): number[] {
  const out: number[] = [];
  for (let c = findNextSet(m, 0, nrCpus); c < nrCpus; c = findNextSet(m, c + 1, nrCpus)) out.push(c);
  return out;
}

/** %*pbl of a cpumask. */
export function cpumaskPbl(m: Cpumask, nrCpus: number): string {
  return formatPbl(m, nrCpus);
}
