import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, SimulatedClock } from 'xstate';
import type { Step } from '../sim/scenario/schema';
import type { StepOutcome } from '../sim/snapshot';
import type { ApplyResult } from './apply';
import { cpuHotplugMachine } from './cpu_hotplug';
import { driverMachine } from './driver';
import { vmMachine } from './vm';

/** An applyStep whose verdict the test chooses per step kind; records the steps asked. */
function engine(verdict: (s: Step) => ApplyResult | 'throw') {
  const asked: Step[] = [];
  const applyStep = fromPromise<ApplyResult, Step>(async ({ input }) => {
    asked.push(input);
    const v = verdict(input);
    if (v === 'throw') throw new Error('engine down');
    return v;
  });
  return { asked, applyStep };
}

const ok = (s: Step): StepOutcome => ({ index: 0, do: s.do, ok: true, warnings: 0 });
const refused = (s: Step, error: string, reason?: string): StepOutcome => ({ index: 0, do: s.do, ok: false, error, reason, warnings: 0 });
const settle = () => new Promise((r) => setTimeout(r, 0));
const value = (a: { getSnapshot(): { value: unknown } }) => a.getSnapshot().value;

describe('CPU hotplug machine', () => {
  it('goes offline and back online through the going* states', async () => {
    const e = engine(ok);
    const a = createActor(cpuHotplugMachine.provide({ actors: { applyStep: e.applyStep } }), { input: { cpu: 3, online: true } }).start();
    expect(value(a)).toBe('online');
    a.send({ type: 'TOGGLE' });
    expect(value(a)).toBe('goingOffline');
    await settle();
    expect(value(a)).toBe('offline');
    a.send({ type: 'TOGGLE' });
    expect(value(a)).toBe('goingOnline');
    await settle();
    expect(value(a)).toBe('online');
    expect(e.asked).toEqual([{ do: 'cpu.offline', cpu: 3 }, { do: 'cpu.online', cpu: 3 }]);
  });

  it('a refused offline keeps the CPU online and shows the kernel reason until dismissed or forgotten', async () => {
    const e = engine((s) => refused(s, '-ENOSPC', 'CPU 3 has 175 vectors, 69 available. Cannot disable CPU (irq_matrix_reserve)'));
    const clock = new SimulatedClock();
    const a = createActor(cpuHotplugMachine.provide({ actors: { applyStep: e.applyStep } }), { input: { cpu: 3, online: true }, clock }).start();
    a.send({ type: 'TOGGLE' });
    await settle();
    expect(value(a)).toBe('refused');
    expect(a.getSnapshot().context).toMatchObject({ online: true, reason: expect.stringMatching(/^-ENOSPC: CPU 3 has 175 vectors/) });
    a.send({ type: 'DISMISS' });
    expect(value(a)).toBe('online');
    expect(a.getSnapshot().context.reason).toBe('');
    a.send({ type: 'TOGGLE' });
    await settle();
    expect(value(a)).toBe('refused');
    clock.increment(12_000);
    expect(value(a)).toBe('online');
  });

  it('an engine failure returns to where it was; SYNC follows replays', async () => {
    const e = engine(() => 'throw');
    const a = createActor(cpuHotplugMachine.provide({ actors: { applyStep: e.applyStep } }), { input: { cpu: 1, online: false } }).start();
    expect(value(a)).toBe('offline');
    a.send({ type: 'TOGGLE' });
    await settle();
    expect(value(a)).toBe('offline');
    a.send({ type: 'SYNC', online: true });
    expect(value(a)).toBe('online');
    a.send({ type: 'SYNC', online: true });
    expect(value(a)).toBe('online');
    a.send({ type: 'SYNC', online: false });
    expect(value(a)).toBe('offline');
  });
});

describe('VM machine', () => {
  it('launches, runs, is destroyed (final)', async () => {
    const e = engine(ok);
    const a = createActor(vmMachine.provide({ actors: { applyStep: e.applyStep } }), { input: { id: 'vm1', vcpus: 4, type: 'kvm' } }).start();
    expect(value(a)).toBe('launching');
    await settle();
    expect(value(a)).toBe('running');
    a.send({ type: 'DESTROY' });
    expect(value(a)).toBe('destroying');
    await settle();
    expect(value(a)).toBe('destroyed');
    expect(a.getSnapshot().status).toBe('done');
    expect(e.asked).toEqual([{ do: 'vm.launch', id: 'vm1', vcpus: 4, type: 'kvm' }, { do: 'vm.destroy', id: 'vm1' }]);
  });

  it('a refused launch fails with the kernel error; a failed VM can still be destroyed', async () => {
    const e = engine((s) => (s.do === 'vm.launch' ? refused(s, 'VPE IRQ allocation failure') : ok(s)));
    const a = createActor(vmMachine.provide({ actors: { applyStep: e.applyStep } }), { input: { id: 'g', vcpus: 512, type: 'kvm' } }).start();
    await settle();
    expect(value(a)).toBe('failed');
    expect(a.getSnapshot().context.error).toBe('VPE IRQ allocation failure');
    a.send({ type: 'DESTROY' });
    await settle();
    expect(value(a)).toBe('destroyed');
  });

  it('starts from the snapshot state without launching again, and follows SYNC', () => {
    const e = engine(ok);
    const m = vmMachine.provide({ actors: { applyStep: e.applyStep } });
    const a = createActor(m, { input: { id: 'g', vcpus: 2, type: 'xen', state: 'running' } }).start();
    expect(value(a)).toBe('running');
    a.send({ type: 'SYNC', state: 'absent' });
    expect(value(a)).toBe('destroyed');
    const b = createActor(m, { input: { id: 'h', vcpus: 2, type: 'xen', state: 'failed', error: '-ENOSPC' } }).start();
    expect(value(b)).toBe('failed');
    expect(b.getSnapshot().context.error).toBe('-ENOSPC');
    expect(e.asked).toEqual([]);
  });
});

describe('driver machine', () => {
  it('unbinds and binds again (the reinsertion story)', async () => {
    const e = engine(ok);
    const a = createActor(driverMachine.provide({ actors: { applyStep: e.applyStep } }), { input: { device: 'nvme0', bound: true } }).start();
    expect(value(a)).toBe('bound');
    a.send({ type: 'UNBIND' });
    expect(value(a)).toBe('unbinding');
    await settle();
    expect(value(a)).toBe('unbound');
    a.send({ type: 'BIND' });
    expect(value(a)).toBe('probing');
    await settle();
    expect(value(a)).toBe('bound');
    expect(e.asked.map((s) => s.do)).toEqual(['driver.unbind', 'driver.bind']);
  });

  it('a failed probe shows the error; binding again may succeed; SYNC follows replays', async () => {
    let fail = true;
    const e = engine((s) => (fail ? refused(s, '-ENOSPC', 'no vectors left (irq_matrix_alloc)') : ok(s)));
    const a = createActor(driverMachine.provide({ actors: { applyStep: e.applyStep } }), { input: { device: 'nic0', bound: false } }).start();
    expect(value(a)).toBe('unbound');
    a.send({ type: 'BIND' });
    await settle();
    expect(value(a)).toBe('failed');
    expect(a.getSnapshot().context.error).toBe('-ENOSPC: no vectors left (irq_matrix_alloc)');
    fail = false;
    a.send({ type: 'BIND' });
    await settle();
    expect(value(a)).toBe('bound');
    a.send({ type: 'SYNC', bound: false });
    expect(value(a)).toBe('unbound');
  });
});

describe("an edit the user declined ('kept': scrubbed back, they kept the later steps)", () => {
  it('leaves each machine where it was, with no refusal shown', async () => {
    const e = engine(() => 'kept');
    const cpu = createActor(cpuHotplugMachine.provide({ actors: { applyStep: e.applyStep } }), { input: { cpu: 1, online: true } }).start();
    cpu.send({ type: 'TOGGLE' });
    await settle();
    expect(value(cpu)).toBe('online');
    expect(cpu.getSnapshot().context.reason).toBe('');
    const drv = createActor(driverMachine.provide({ actors: { applyStep: e.applyStep } }), { input: { device: 'nvme0', bound: true } }).start();
    drv.send({ type: 'UNBIND' });
    await settle();
    expect(value(drv)).toBe('bound');
    const vm = createActor(vmMachine.provide({ actors: { applyStep: e.applyStep } }), { input: { id: 'vm1', vcpus: 2, type: 'kvm', state: 'running' } }).start();
    vm.send({ type: 'DESTROY' });
    await settle();
    expect(value(vm)).toBe('running');
    expect(vm.getSnapshot().context.error).toBe('');
  });
});
