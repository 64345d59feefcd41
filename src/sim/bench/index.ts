// `npm run bench`: the engine's speed and memory figures (see README "Benchmarks").
import { KERNEL_CHECKSUM, NATIVE_NS_PER_OP, benchMatrix } from './matrix';
import { formatScale, gicv4ScaleWorkload, runScale, x86ScaleWorkload } from './scale';
import { benchGicv4, formatGicv4 } from './gicv4';
import { benchAppPath, formatAppPath, warmUp } from './app_path';
import { benchStreamedView, formatStreamedView } from './streamed_view';
import type { Scenario } from '../scenario/schema';

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

/** The app's and the command line's own paths at the stories' scale, and how they grow. */
function appPathBenches(): void {
  const gic = gicv4ScaleWorkload();
  const guests = (k: number): Scenario => ({
    scenario: 1,
    machine: gic.machine,
    steps: gic.steps.filter((s) => (s.do === 'vm.launch' || s.do === 'vm.destroy') && Number(s.id.slice(2)) < k),
  });
  warmUp(guests(64));
  const g64 = benchAppPath('GICv4.1, 64 guests x 32 vCPUs launched and destroyed (128 CPUs, maple)', guests(64));
  const g256 = benchAppPath('GICv4.1, 256 guests x 32 vCPUs launched and destroyed (128 CPUs, maple)', guests(256));
  const x86 = x86ScaleWorkload();
  const big = benchAppPath('x86, 1024 CPUs, 64 nvme x 64 queues, every CPU offline and online', { scenario: 1, machine: x86.machine, steps: x86.steps });
  for (const f of [g64, g256, big]) console.log(formatAppPath(f));
  console.log(
    `growth 64 -> 256 guests (4x the work): raw ${(g256.rawMs / g64.rawMs).toFixed(1)}x, sim run ${(g256.cliMs / g64.cliMs).toFixed(1)}x, app load ${(g256.appLoadMs / g64.appLoadMs).toFixed(1)}x`,
  );
}

/** The streamed /proc/interrupts of a Xen dom0: 2048 CPUs; 8192 with --dom0-8192 (about 90 s). */
async function streamedViewBenches(): Promise<void> {
  console.log(formatStreamedView(await benchStreamedView(2048)));
  if (process.argv.includes('--dom0-8192')) console.log(formatStreamedView(await benchStreamedView(8192)));
}

const only = process.argv.includes('--app-only');
const ok = only || matrixBench();
if (!process.argv.includes('--matrix-only')) {
  if (!only) scaleBenches();
  appPathBenches();
  if (!only) await streamedViewBenches();
}
process.exitCode = ok ? 0 : 1;
