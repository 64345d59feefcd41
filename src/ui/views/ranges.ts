// Small helpers over integer ranges: %*pbl text to runs, runs to screen segments.

/** "0-3,8,10-11" -> [[0,4],[8,9],[10,12]] (end exclusive); junk parts are skipped. */
export function pblRuns(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b >= a) out.push([a, b + 1]);
  }
  return out;
}

/** [start, endExclusive] pairs of an Int32Array. */
export function pairs(a: Int32Array): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < a.length; i += 2) out.push([a[i], a[i + 1]]);
  return out;
}

/** [base, span] pairs -> [start, endExclusive]. */
export function spans(a: Int32Array): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < a.length; i += 2) out.push([a[i], a[i] + a[i + 1]]);
  return out;
}

/** Total length of runs. */
export function runsLength(runs: Array<[number, number]>): number {
  let n = 0;
  for (const [a, b] of runs) n += b - a;
  return n;
}

/** Compact list text of runs: "0-31,64". */
export function runsText(runs: Array<[number, number]>): string {
  return runs.map(([a, b]) => (b - a === 1 ? `${a}` : `${a}-${b - 1}`)).join(',');
}

/** The complement of sorted, disjoint `runs` within [lo, hi). */
export function complement(runs: Array<[number, number]>, lo: number, hi: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let at = lo;
  for (const [a, b] of [...runs].sort((x, y) => x[0] - y[0])) {
    if (a > at) out.push([at, Math.min(a, hi)]);
    at = Math.max(at, b);
  }
  if (at < hi) out.push([at, hi]);
  return out;
}
