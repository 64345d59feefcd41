import { describe, expect, it } from 'vitest';
import { createBackend } from '../engine/backends';
import { Simulation } from '../engine/simulation';
import { ENOMEM } from '../lib/errno';
import { resolveMachine, type Machine, type Step } from '../scenario/schema';
import type { Arm64Backend } from './backend';
import { GIC_NR_IPI_SGIS, BOOT_PPIS } from './gic';
import { VpeIda } from './vgic_v4';

const PER_VM_32 = 32 * 17;

function machine(extra: Partial<Machine> = {}, kernel: Machine['kernel'] = {}): Simulation {
  const m: Machine = { arch: 'arm64', cpus: 8, gic: { version: 'v4.1', lpiBits: 16, its: 1 }, ...extra, kernel };
  return new Simulation(resolveMachine(m), createBackend);
}

const launch = (id: string, vcpus = 32): Step => ({ do: 'vm.launch', id, type: 'kvm', vcpus });

/** What the host holds besides the guests: descriptors, domains, free LPIs, vPE IDs. */
function footprint(sim: Simulation) {
  const b = sim.backend as Arm64Backend;
  return {
    descriptors: b.core.space.allocatedCount,
    descs: b.core.descs.size,
    domains: b.core.domains.map((d) => d.name).join(','),
    freeLpis: b.lpis.freeCount(),
    vpeIds: b.v4!.ida.count,
  };
}

describe('GICv4.1 guests (vgic_v4_init / its_alloc_vcpu_irqs)', () => {
  it('boots with the 8 IPI SGIs and the PPIs, nothing else', () => {
    const sim = machine({}, { descriptors: 'bitmap', nrIrqs: 64 });
    const s = sim.snapshot();
    expect(s.descriptors.allocated).toBe(GIC_NR_IPI_SGIS + BOOT_PPIS.length);
    expect(Array.from(s.descriptors.ranges)).toEqual([1, 1 + GIC_NR_IPI_SGIS + BOOT_PPIS.length]);
    expect(s.descriptors.limit).toBe(64 + 8196);
  });

  it('a 32-vCPU guest costs 32 contiguous doorbells, 32 x 16 contiguous vSGIs and one 32-LPI block', () => {
    const sim = machine();
    const before = footprint(sim);
    expect(sim.apply(launch('vm1')).ok).toBe(true);
    const s = sim.snapshot();
    const b = sim.backend as Arm64Backend;
    expect(s.descriptors.allocated - before.descriptors).toBe(PER_VM_32);
    expect(s.vms[0].cost).toBe(PER_VM_32);
    const vpe = s.domains.find((d) => d.name === 'GICv4-vpe-vm1')!;
    expect(vpe).toMatchObject({ parent: ':intc@8000000-1', mapcount: 32, size: 32 });
    const sgis = s.domains.filter((d) => d.name.startsWith('GICv4-sgi-vm1-'));
    expect(sgis).toHaveLength(32);
    expect(sgis.every((d) => d.mapcount === 16 && d.parent === null && d.size === 16)).toBe(true);
    // Doorbells: one block of 32 numbers, LPIs base..base+31 at the GIC level, hwirq = vPE index.
    const doorbells = s.irqs.filter((r) => r.levels[0].domain === 'GICv4-vpe-vm1');
    expect(doorbells.map((r) => r.irq)).toEqual(doorbells.map((_, i) => doorbells[0].irq + i));
    expect(doorbells.map((r) => r.levels[0].hwirq)).toEqual([...Array(32).keys()]);
    const lpi0 = doorbells[0].levels[1].hwirq;
    expect(lpi0 % 32).toBe(0);
    expect(doorbells.map((r) => r.levels[1].hwirq)).toEqual(doorbells.map((_, i) => lpi0 + i));
    expect(doorbells.every((r) => r.name === 'vcpu' && r.state.includes('IRQD_IRQ_STARTED'))).toBe(true);
    expect(before.freeLpis - b.lpis.freeCount()).toBe(32);
    expect(b.v4!.ida.count).toBe(32);
    // Each vPE's vSGIs: 16 consecutive numbers, hwirq 0..15, not requested on the host.
    const sgi0 = s.irqs.filter((r) => r.levels[0].domain === 'GICv4-sgi-vm1-0');
    expect(sgi0.map((r) => r.levels[0].hwirq)).toEqual([...Array(16).keys()]);
    expect(sgi0[15].irq - sgi0[0].irq).toBe(15);
    expect(sgi0.every((r) => r.levels.length === 1 && r.name === '')).toBe(true);
  });

  it('under bitmap with NR_IRQS 64, the guest whose blocks pass 8260 fails, exactly where the arithmetic says', () => {
    const sim = machine({}, { descriptors: 'bitmap', nrIrqs: 64 });
    const held = sim.snapshot().descriptors.allocated;
    // Numbers 1..8259 (domain allocations never use 0); the host's own are 1..held, all contiguous.
    const fits = Math.floor((64 + 8196 - 1 - held) / PER_VM_32);
    expect(fits).toBe(15);
    for (let i = 0; i < fits; i++) expect(sim.apply(launch(`vm${i}`)).ok).toBe(true);
    const before = footprint(sim);
    expect(before.descriptors).toBe(held + fits * PER_VM_32);
    const o = sim.apply(launch(`vm${fits}`));
    expect(o).toMatchObject({ ok: false, error: 'VPE IRQ allocation failure' });
    // The doorbells and three vSGI blocks fit (85 numbers left); the fourth vSGI block does not.
    expect(o.reason).toContain('vSGIs of vPE 3');
    expect(o.reason).toContain('-ENOMEM');
    // Nothing half-allocated: descriptors, domains, LPIs and vPE IDs as before the attempt.
    expect(footprint(sim)).toEqual(before);
    const kvmErr = sim.recorder.events.filter((e) => e.type === 'log' && e.message === 'VPE IRQ allocation failure');
    expect(kvmErr).toHaveLength(1);
    const fail = sim.recorder.events.find((e) => e.type === 'failure' && e.site === 'vm.launch');
    expect(fail).toMatchObject({ errno: -ENOMEM });
    // Later guests fail the same way; a smaller one still fits in what is left.
    expect(sim.apply(launch('late')).ok).toBe(false);
    expect(sim.apply(launch('small', 4)).ok).toBe(true);
  });

  it('with the story A host devices (nvme 8 queues, NIC 8 queues) the 16th guest fails', () => {
    const sim = machine({ cpus: 64, nodes: 2 }, { descriptors: 'bitmap', nrIrqs: 64 });
    sim.apply({ do: 'device.add', id: 'nvme0', type: 'nvme', queues: 8 });
    sim.apply({ do: 'device.add', id: 'eth0', type: 'nic', queues: 8 });
    const held = sim.snapshot().descriptors.allocated;
    expect(held).toBe(14 + 9 + 8);
    const results = Array.from({ length: 18 }, (_, i) => sim.apply(launch(`vm${i + 1}`)).ok);
    expect(results.indexOf(false)).toBe(Math.floor((8259 - held) / PER_VM_32));
    expect(results.slice(15).every((r) => !r)).toBe(true);
  });

  it('under maple, 256 guests of 32 vCPUs launch (139,264 + host descriptors) and all of it goes on destroy', () => {
    const sim = machine({ cpus: 128, nodes: 2 }, { descriptors: 'maple' });
    sim.recorder.keep = false;
    const boot = footprint(sim);
    for (let i = 0; i < 256; i++) expect(sim.apply(launch(`vm${i}`)).ok).toBe(true);
    const s = sim.summary(sim.snapshot());
    expect(s.descriptors.allocated).toBe(boot.descriptors + 139_264);
    expect(s.descriptors.allocated).toBeGreaterThan(128 * 1024);
    expect(s.lpis!.allocated).toBe(256 * 32);
    expect((sim.backend as Arm64Backend).v4!.ida.count).toBe(256 * 32);
    for (let i = 0; i < 256; i++) expect(sim.apply({ do: 'vm.destroy', id: `vm${i}` }).ok).toBe(true);
    expect(footprint(sim)).toEqual(boot);
  });

  it('runs out of doorbell LPIs as its_vpe_irq_domain_alloc does (halving gives too few: -ENOMEM)', () => {
    // lpiBits 14: 8192 LPIs. Seven 1000-queue NICs take 7 x 1024; 1024 are left.
    const sim = machine({ gic: { version: 'v4.1', lpiBits: 14, its: 1 } });
    for (let i = 0; i < 7; i++) expect(sim.apply({ do: 'device.add', id: `eth${i}`, type: 'nic', queues: 1000 }).ok).toBe(true);
    expect(sim.apply(launch('big', 1000)).ok).toBe(true); // roundup_pow_of_two(1000) = 1024: exactly what is left
    const before = footprint(sim);
    expect(before.freeLpis).toBe(0);
    const o = sim.apply(launch('one', 1));
    expect(o).toMatchObject({ ok: false, error: 'VPE IRQ allocation failure' });
    expect(o.reason).toContain('its_lpi_alloc(1) found no free doorbell LPIs');
    expect(footprint(sim)).toEqual(before);
    sim.apply({ do: 'device.remove', id: 'eth0' });
    // 1024 LPIs free again, but a 2048-vCPU guest needs 2048: halving yields 1024 < 2048.
    const o2 = sim.apply(launch('huge', 2048));
    expect(o2.reason).toContain('only 1024 free doorbell LPIs');
  });

  it('on a GICv3 host (no v4) a KVM guest costs the host no descriptor', () => {
    const sim = machine({ gic: { version: 'v3', lpiBits: 16, its: 1 } });
    const before = sim.snapshot().descriptors.allocated;
    expect(sim.apply(launch('vm1')).ok).toBe(true);
    const s = sim.snapshot();
    expect(s.descriptors.allocated).toBe(before);
    expect(s.vms[0].cost).toBe(0);
  });

  it('doorbells follow CPU hotplug like any other interrupt', () => {
    const sim = machine({ cpus: 4 });
    sim.apply(launch('vm1', 2));
    const cpusOf = () => sim.snapshot().irqs.filter((r) => r.levels[0].domain === 'GICv4-vpe-vm1').map((r) => r.cpu);
    expect(cpusOf()).toEqual([0, 0]);
    sim.apply({ do: 'cpu.offline', cpu: 0 });
    expect(cpusOf()).toEqual([1, 1]);
  });

  it('hands out vPE IDs lowest first, up to ITS_MAX_VPEID', () => {
    const ida = new VpeIda();
    let inOrder = true;
    for (let i = 0; i < 65536; i++) if (ida.alloc() !== i) inOrder = false;
    expect(inOrder).toBe(true);
    expect(ida.alloc()).toBe(-28);
    ida.free(40);
    ida.free(7);
    expect(ida.alloc()).toBe(7);
    expect(ida.alloc()).toBe(40);
    expect(ida.count).toBe(65536);
  });
});
