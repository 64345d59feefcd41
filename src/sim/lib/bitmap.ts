// Fixed-size bitmaps on Uint32Array, as lib/bitmap.c and lib/find_bit.c provide them, and
// the %*pbl list format of lib/vsprintf.c (bitmap_list_string).

export type Bits = Uint32Array;

export function newBits(nbits: number): Bits {
  return new Uint32Array((nbits + 31) >>> 5);
}

export function testBit(b: Bits, i: number): boolean {
  return (b[i >>> 5] & (1 << (i & 31))) !== 0;
}

export function setBit(b: Bits, i: number): void {
  b[i >>> 5] |= 1 << (i & 31);
}

export function clearBit(b: Bits, i: number): void {
  b[i >>> 5] &= ~(1 << (i & 31));
}

export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Number of set bits in [0, nbits). */
export function weight(b: Bits, nbits: number): number {
  let n = 0;
  const full = nbits >>> 5;
  for (let w = 0; w < full; w++) if (b[w] !== 0) n += popcount32(b[w]);
  const rest = nbits & 31;
  if (rest) n += popcount32(b[full] & ((1 << rest) - 1) >>> 0);
  return n;
}

/** Lowest set bit in [from, end), or end if none (find_next_bit). */
export function findNextSet(b: Bits, from: number, end: number): number {
  for (let i = from; i < end; ) {
    const w = b[i >>> 5] >>> (i & 31);
    if (w === 0) {
      i = (i | 31) + 1;
      continue;
    }
    const j = i + (31 - Math.clz32(w & -w));
    return j < end ? j : end;
  }
  return end;
}

/** Lowest clear bit in [from, end), or end if none (find_next_zero_bit). */
export function findNextZero(b: Bits, from: number, end: number): number {
  for (let i = from; i < end; ) {
    const w = ~b[i >>> 5] >>> (i & 31);
    if (w === 0) {
      i = (i | 31) + 1;
      continue;
    }
    const j = i + (31 - Math.clz32(w & -w));
    return j < end ? j : end;
  }
  return end;
}

/** The kernel's %*pbl: "0-3,5,8-9"; "" for the empty set. */
export function formatPbl(b: Bits, nbits: number): string {
  let out = '';
  let i = findNextSet(b, 0, nbits);
  while (i < nbits) {
    const runEnd = findNextZero(b, i, nbits) - 1;
    if (out) out += ',';
    out += runEnd > i ? `${i}-${runEnd}` : `${i}`;
    i = findNextSet(b, runEnd + 1, nbits);
  }
  return out;
}

/** %*pbl of a sorted or unsorted list of numbers. */
export function formatList(nums: Iterable<number>): string {
  const sorted = [...new Set(nums)].sort((a, b) => a - b);
  let out = '';
  for (let k = 0; k < sorted.length; ) {
    let e = k;
    while (e + 1 < sorted.length && sorted[e + 1] === sorted[e] + 1) e++;
    if (out) out += ',';
    out += e > k ? `${sorted[k]}-${sorted[e]}` : `${sorted[k]}`;
    k = e + 1;
  }
  return out;
}

/** Parse a %*pbl list ("0-3,5") into ascending numbers. Throws on malformed text. */
export function parsePbl(text: string): number[] {
  const out: number[] = [];
  if (text.trim() === '') return out;
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (!m) throw new Error(`bad bitmap list element "${part}"`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new Error(`bad bitmap range "${part}"`);
    for (let i = a; i <= b; i++) out.push(i);
  }
  return out;
}
