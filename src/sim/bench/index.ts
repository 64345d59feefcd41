// `npm run bench`: the engine's speed and memory figures (see README "Benchmarks").
import { KERNEL_CHECKSUM, NATIVE_NS_PER_OP, benchMatrix } from './matrix';

function matrixBench(): boolean {
  const { nsPerOp, runs, result } = benchMatrix();
  const ok = result.checksum === KERNEL_CHECKSUM;
  console.log(`irq_matrix bench: ${nsPerOp.toFixed(1)} ns/op, checksum ${result.checksum}`);
  console.log(
    `  runs ${runs.map((r) => r.toFixed(1)).join(', ')} ns/op (median of 5 after 1 untimed warm-up); ` +
      `native kernel code ${NATIVE_NS_PER_OP} ns/op, ratio ${(nsPerOp / NATIVE_NS_PER_OP).toFixed(2)}x; ` +
      `total_allocated ${result.totalAllocated}, global_available ${result.globalAvailable}, live ${result.live}, ` +
      `failed ${result.failedAllocs}, frees ${result.frees}` +
      (ok ? '' : ` -- CHECKSUM MISMATCH, kernel gives ${KERNEL_CHECKSUM}`),
  );
  return ok;
}

const ok = matrixBench();
process.exitCode = ok ? 0 : 1;
