// Story A at scale (issue 4 item 8): 256 GICv4.1 guests of 32 vCPUs launched one after another
// on a 128-CPU arm64 host under the maple-tree descriptor policy, then destroyed. Reports time
// per launch / destroy, the descriptor peak and the peak heap (process.memoryUsage().heapUsed,
// sampled every 16 steps; run node with --expose-gc, as `npm run bench` does, for a clean base).
import { createBackend } from '../engine/backends';
import { EventRecorder } from '../engine/recorder';
import { Simulation } from '../engine/simulation';
import { resolveMachine } from '../scenario/schema';
import type { Arm64Backend } from '../arm64/backend';
import { gicv4ScaleWorkload } from './scale';

export interface Gicv4BenchResult {
  guests: number;
  launchMs: { mean: number; max: number };
  destroyMs: { mean: number; max: number };
  totalMs: number;
  /** Descriptors held with every guest running, and after they are all gone. */
  peakDescriptors: number;
  finalDescriptors: number;
  failed: number;
  baseHeapMB: number;
  peakHeapMB: number;
}

const heapMB = () => process.memoryUsage().heapUsed / (1024 * 1024);

export function benchGicv4(): Gicv4BenchResult {
  const { machine, steps } = gicv4ScaleWorkload();
  (globalThis as { gc?: () => void }).gc?.();
  const baseHeapMB = heapMB();
  let peakHeapMB = baseHeapMB;
  const recorder = new EventRecorder();
  recorder.keep = false;
  const sim = new Simulation(resolveMachine(machine), createBackend, recorder);
  const held = () => (sim.backend as Arm64Backend).core.space.allocatedCount;
  const launch: number[] = [];
  const destroy: number[] = [];
  let failed = 0;
  let peakDescriptors = 0;
  const t0 = performance.now();
  steps.forEach((step, i) => {
    const s = performance.now();
    const o = sim.apply(step);
    (step.do === 'vm.launch' ? launch : destroy).push(performance.now() - s);
    if (!o.ok) failed++;
    if (i % 16 === 15) peakHeapMB = Math.max(peakHeapMB, heapMB());
    if (step.do === 'vm.launch') peakDescriptors = Math.max(peakDescriptors, held());
  });
  const totalMs = performance.now() - t0;
  const stat = (xs: number[]) => ({ mean: xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length), max: Math.max(0, ...xs) });
  return {
    guests: launch.length,
    launchMs: stat(launch),
    destroyMs: stat(destroy),
    totalMs,
    peakDescriptors,
    finalDescriptors: held(),
    failed,
    baseHeapMB,
    peakHeapMB: Math.max(peakHeapMB, heapMB()),
  };
}

export function formatGicv4(r: Gicv4BenchResult): string {
  return [
    `GICv4.1 story A scale: ${r.guests} guests x 32 vCPUs on 128 CPUs (maple): ${r.totalMs.toFixed(0)} ms in all` + (r.failed ? `, ${r.failed} refused` : ''),
    `  launch  ${r.launchMs.mean.toFixed(3)} ms/guest (max ${r.launchMs.max.toFixed(2)} ms); destroy ${r.destroyMs.mean.toFixed(3)} ms/guest (max ${r.destroyMs.max.toFixed(2)} ms)`,
    `  descriptors: ${r.peakDescriptors} at peak, ${r.finalDescriptors} after all guests are gone`,
    `  heap: ${r.baseHeapMB.toFixed(1)} MB before, ${r.peakHeapMB.toFixed(1)} MB at peak (${((r.peakHeapMB - r.baseHeapMB) * 1024 * 1024 / Math.max(1, r.peakDescriptors)).toFixed(0)} bytes per descriptor)`,
  ].join('\n');
}
