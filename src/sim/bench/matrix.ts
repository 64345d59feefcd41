// The irq_matrix workload of ../shared/conformance/BENCH.md: 256 CPUs, 1,000,000 random
// alloc/free operations with a xorshift32 generator; checksum must equal the kernel's.
import { Matrix } from '../core/matrix';

export const KERNEL_CHECKSUM = 79941707;
export const NATIVE_NS_PER_OP = 59.3;

export function setupBenchMatrix(): Matrix {
  const m = new Matrix(256, 256, 32, 236);
  const system = [];
  for (let b = 0; b <= 19; b++) system.push(b);
  system.push(21, 128, 236, 240, 241, 242, 244);
  for (let b = 246; b <= 255; b++) system.push(b);
  for (const b of system) m.assignSystem(0, b, false);
  m.assignSystem(0, 50, false);
  m.onlineCpu(0);
  for (let i = 0; i < 16; i++) if (i !== 2) m.assign(0, 48 + i);
  for (let cpu = 1; cpu < 256; cpu++) m.onlineCpu(cpu);
  return m;
}

export interface MatrixBenchResult {
  checksum: number;
  totalAllocated: number;
  globalAvailable: number;
  live: number;
  failedAllocs: number;
  frees: number;
  elapsedNs: number;
}

export function runMatrixWorkload(m: Matrix, iterations = 1_000_000): MatrixBenchResult {
  let x = 12345;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  const liveCpu = new Int32Array(20002);
  const liveBit = new Int32Array(20002);
  let live = 0;
  let checksum = 0;
  let failed = 0;
  let frees = 0;
  const mask = [0, 0, 0, 0, 0, 0, 0, 0];

  const free = () => {
    const i = next() % live;
    m.free(liveCpu[i], liveBit[i], false);
    live--;
    liveCpu[i] = liveCpu[live];
    liveBit[i] = liveBit[live];
    frees++;
  };

  const t0 = process.hrtime.bigint();
  for (let it = 0; it < iterations; it++) {
    const r0 = next();
    if (live > 20000 || (r0 % 2 === 0 && live > 0)) {
      free();
      continue;
    }
    const start = next() % 256;
    // The window of 8 CPUs as an ascending set (it may wrap past 255).
    const wrap = start + 8 - 256;
    let k = 0;
    if (wrap > 0) for (let c = 0; c < wrap; c++) mask[k++] = c;
    for (let c = start; c < start + 8 && c < 256; c++) mask[k++] = c;
    const ret = m.alloc(mask, false);
    if (ret >= 0) {
      liveCpu[live] = m.lastCpu;
      liveBit[live] = ret;
      live++;
      checksum = (checksum + ret + m.lastCpu) >>> 0;
    } else {
      failed++;
      if (live > 0) free();
    }
  }
  const elapsedNs = Number(process.hrtime.bigint() - t0);
  return {
    checksum,
    totalAllocated: m.totalAllocated,
    globalAvailable: m.globalAvailable,
    live,
    failedAllocs: failed,
    frees,
    elapsedNs,
  };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** One untimed warm-up, then the median of 5 timed runs, each on a fresh matrix. */
export function benchMatrix(): { nsPerOp: number; runs: number[]; result: MatrixBenchResult } {
  runMatrixWorkload(setupBenchMatrix());
  const runs: number[] = [];
  let result: MatrixBenchResult | undefined;
  for (let r = 0; r < 5; r++) {
    result = runMatrixWorkload(setupBenchMatrix());
    runs.push(result.elapsedNs / 1_000_000);
  }
  return { nsPerOp: median(runs), runs, result: result! };
}
