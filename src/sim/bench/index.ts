// `npm run bench`: the engine's speed and memory figures (see README "Benchmarks").
import { KERNEL_CHECKSUM, NATIVE_NS_PER_OP, benchMatrix } from './matrix';
import { formatScale, gicv4ScaleWorkload, runScale, x86ScaleWorkload } from './scale';
import { benchGicv4, formatGicv4 } from './gicv4';

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

function scaleBenches(): void {
  const x86 = x86ScaleWorkload();
  console.log(formatScale('x86 scale (1024 CPUs, 64 nvme x 64 queues, every CPU offline+online)', runScale(x86.machine, x86.steps)));
  const gic = gicv4ScaleWorkload();
  const r = runScale(gic.machine, gic.steps);
  console.log(formatScale('GICv4.1 story scale through the engine (128-CPU arm64, 256 guests x 32 vCPUs, maple, then destroyed)', r));
  console.log(formatGicv4(benchGicv4()));
}

const ok = matrixBench();
if (!process.argv.includes('--matrix-only')) scaleBenches();
process.exitCode = ok ? 0 : 1;
