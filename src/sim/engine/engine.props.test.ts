// Whole-engine properties over generated scenarios: no step ever ends in an engine defect,
// and undoing everything (devices removed, guests destroyed, CPUs back online) leaves exactly
// the booted machine's descriptors, vectors and LPIs — nothing leaks, on every architecture.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbScenario } from '../scenario/arbitrary';
import type { Scenario, Step } from '../scenario/schema';
import { createBackend } from './backends';
import { Timeline } from './timeline';

/** Remove every device, destroy every guest, and bring the CPUs back to their boot state. */
function teardownSteps(t: Timeline): Step[] {
  const e = t.engine;
  const steps: Step[] = [];
  for (const id of e.devices.keys()) steps.push({ do: 'device.remove', id });
  for (const vm of e.vms.values()) if (vm.state === 'running') steps.push({ do: 'vm.destroy', id: vm.id });
  const atBoot = new Set(t.cfg.online);
  e.snapshot().cpus.online.forEach((on, cpu) => {
    if (!on && atBoot.has(cpu)) steps.push({ do: 'cpu.online', cpu });
    if (on && !atBoot.has(cpu)) steps.push({ do: 'cpu.offline', cpu });
  });
  return steps;
}

function resources(t: Timeline) {
  const s = t.engine.snapshot();
  return {
    descriptors: s.summary.descriptors.allocated,
    vectors: s.summary.vectors?.total_allocated,
    reserved: s.summary.vectors?.global_reserved,
    lpis: s.summary.lpis?.allocated,
    evtchns: s.summary.evtchns?.bound,
    irqs: s.irqs.map((r) => r.irq),
  };
}

describe('engine properties over random scenarios', () => {
  it('no step fails with an engine defect, and tearing everything down leaks nothing', () => {
    fc.assert(
      fc.property(arbScenario({ maxSteps: 25 }), (sc: Scenario) => {
        const t = new Timeline(sc, createBackend);
        for (const o of t.outcomes) expect(o.error ?? '').not.toMatch(/internal error/);
        for (const step of teardownSteps(t)) t.append(step);
        for (const o of t.outcomes) expect(o.error ?? '').not.toMatch(/internal error/);
        const booted = new Timeline({ ...sc, steps: [] }, createBackend);
        expect(resources(t)).toEqual(resources(booted));
      }),
      { numRuns: 60 },
    );
  });
});
