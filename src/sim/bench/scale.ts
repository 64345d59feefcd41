// Scale runs of the whole engine (issue 3 item 5, issue 4 item 8): time per step and peak
// heap, with event recording off (the engine still computes everything it would emit).
import { createBackend } from '../engine/backends';
import { EventRecorder } from '../engine/recorder';
import { Simulation } from '../engine/simulation';
import { resolveMachine, type Machine, type Step } from '../scenario/schema';

export interface StepTiming {
  kind: string;
  count: number;
  totalMs: number;
  maxMs: number;
  failed: number;
}

export interface ScaleResult {
  steps: number;
  totalMs: number;
  byKind: StepTiming[];
  peakHeapMB: number;
  baseHeapMB: number;
  failures: string[];
}

const heapMB = () => process.memoryUsage().heapUsed / (1024 * 1024);

export function runScale(machine: Machine, steps: Step[], sampleEvery = 16): ScaleResult {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const baseHeapMB = heapMB();
  let peak = baseHeapMB;
  const recorder = new EventRecorder();
  recorder.keep = false;
  const sim = new Simulation(resolveMachine(machine), createBackend, recorder);
  const kinds = new Map<string, StepTiming>();
  const failures: string[] = [];
  const t0 = performance.now();
  steps.forEach((step, i) => {
    const s = performance.now();
    const o = sim.apply(step);
    const ms = performance.now() - s;
    const k = kinds.get(step.do) ?? { kind: step.do, count: 0, totalMs: 0, maxMs: 0, failed: 0 };
    k.count++;
    k.totalMs += ms;
    k.maxMs = Math.max(k.maxMs, ms);
    if (!o.ok) {
      k.failed++;
      if (failures.length < 5) failures.push(`step ${i} ${step.do}: ${o.error}`);
    }
    kinds.set(step.do, k);
    if (i % sampleEvery === 0) peak = Math.max(peak, heapMB());
  });
  const totalMs = performance.now() - t0;
  peak = Math.max(peak, heapMB());
  return { steps: steps.length, totalMs, byKind: [...kinds.values()], peakHeapMB: peak, baseHeapMB, failures };
}

/** 1024 CPUs, 64 NVMe controllers of 64 queues, then every CPU offline and online once. */
export function x86ScaleWorkload(): { machine: Machine; steps: Step[] } {
  const steps: Step[] = [];
  for (let i = 0; i < 64; i++) steps.push({ do: 'device.add', id: `nvme${i}`, type: 'nvme', queues: 64 });
  for (let cpu = 1; cpu < 1024; cpu++) steps.push({ do: 'cpu.offline', cpu });
  for (let cpu = 1; cpu < 1024; cpu++) steps.push({ do: 'cpu.online', cpu });
  return { machine: { arch: 'x86_64', cpus: 1024, nodes: 8, smt: 2 }, steps };
}

/** 256 GICv4.1 guests of 32 vCPUs on a 128-CPU arm64 host under maple, then destroyed. */
export function gicv4ScaleWorkload(): { machine: Machine; steps: Step[] } {
  const steps: Step[] = [];
  for (let i = 0; i < 256; i++) steps.push({ do: 'vm.launch', id: `vm${i}`, type: 'kvm', vcpus: 32 });
  for (let i = 0; i < 256; i++) steps.push({ do: 'vm.destroy', id: `vm${i}` });
  return { machine: { arch: 'arm64', cpus: 128, nodes: 2, gic: { version: 'v4.1', lpiBits: 16, its: 1 }, kernel: { descriptors: 'maple' } }, steps };
}

export function formatScale(name: string, r: ScaleResult): string {
  const lines = [
    `${name}: ${r.steps} steps in ${r.totalMs.toFixed(0)} ms; peak heap ${r.peakHeapMB.toFixed(1)} MB (${r.baseHeapMB.toFixed(1)} MB before)`,
  ];
  for (const k of r.byKind) {
    lines.push(
      `  ${k.kind.padEnd(14)} ${String(k.count).padStart(5)} × ${(k.totalMs / k.count).toFixed(3)} ms/step (max ${k.maxMs.toFixed(2)} ms)` +
        (k.failed ? `, ${k.failed} refused` : ''),
    );
  }
  for (const f of r.failures) lines.push(`  refused: ${f}`);
  return lines.join('\n');
}
