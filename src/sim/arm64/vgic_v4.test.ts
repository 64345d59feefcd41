import { describe, expect, it } from 'vitest';
import { createBackend } from '../engine/backends';
import { Simulation } from '../engine/simulation';
import { ENOMEM } from '../lib/errno';
import { resolveMachine, type Machine, type Step } from '../scenario/schema';
import type { Arm64Backend } from './backend';
import { GIC_NR_IPI_SGIS, BOOT_PPIS } from './gic';
import { GicV4, VpeIda } from './vgic_v4';

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
    expect(footprint(sim).descriptors).toBe(held + fits * PER_VM_32);
    const o = sim.apply(launch(`vm${fits}`));
    expect(o).toMatchObject({ ok: false, error: 'VPE IRQ allocation failure' });
    // The doorbells and three vSGI blocks fit (85 numbers left); the fourth vSGI block does not.
    expect(o.reason).toContain('vSGIs of vPE 3');
    expect(o.reason).toContain('-ENOMEM');
    const kvmErr = sim.recorder.events.filter((e) => e.type === 'log' && e.message === 'VPE IRQ allocation failure');
    expect(kvmErr).toHaveLength(1);
    const fail = sim.recorder.events.find((e) => e.type === 'failure' && e.site === 'vm.launch');
    expect(fail).toMatchObject({ errno: -ENOMEM });
  });

  describe('a failed launch leaves what its_alloc_vcpu_irqs leaves (v5.7, 6d31b6ff985d, to 7.0)', () => {
    /** Host plus 15 guests on NR_IRQS 64 + 8196 bits: 85 numbers left, the 16th guest fails at vPE 3. */
    function nearlyFull(version: string) {
      const sim = machine({}, { version, descriptors: 'bitmap', nrIrqs: 64 });
      for (let i = 0; i < 15; i++) expect(sim.apply(launch(`vm${i}`)).ok).toBe(true);
      return sim;
    }

    for (const version of ['5.7', '6.4', '7.0']) {
      it(`${version}: the doorbells (descriptors, LPIs, vPE IDs) and 3 x 16 vSGIs stay, owned by the failed guest`, () => {
        const sim = nearlyFull(version);
        const before = footprint(sim);
        const o = sim.apply(launch('vm15'));
        expect(o).toMatchObject({ ok: false, error: 'VPE IRQ allocation failure' });
        expect(o.reason).toContain('counting against every later guest');
        const after = footprint(sim);
        // 32 doorbells + 48 vSGIs; vPE 3's own (empty) vSGI domain and the vPE domain are removed.
        expect(after.descriptors - before.descriptors).toBe(32 + 3 * 16);
        expect(after.descs - before.descs).toBe(80);
        expect(before.freeLpis - after.freeLpis).toBe(32);
        expect(after.vpeIds - before.vpeIds).toBe(32);
        expect(after.domains).toBe(`${before.domains},GICv4-sgi-vm15-0,GICv4-sgi-vm15-1,GICv4-sgi-vm15-2`);
        // The warning names the leak; the kernel's own line is only kvm_err's.
        const warns = sim.recorder.warningsOf(15).filter((e) => e.type === 'warning');
        expect(warns).toHaveLength(1);
        expect(warns[0]).toMatchObject({ type: 'warning', site: 'vgic_v4_init' });
        const msg = (warns[0] as { message: string }).message;
        expect(msg).toMatch(/^vgic-v4: guest vm15 launch failed: 80 descriptors left allocated — 32 doorbells \(irqs \d+-\d+, 32 LPIs from \d+, 32 vPE IDs\) and 48 vSGI descriptors in 3 GICv4-sgi domains stay allocated/);
        expect(msg).toContain('its_alloc_vcpu_irqs error path since v5.7, 6d31b6ff985d');
        expect(sim.summary().warnings).toEqual([{ step: 15, message: msg }]);
        // The snapshot: the failed guest costs 80; its doorbells sit in the descriptor space under
        // the removed GICv4-vpe-vm15 domain (not requested), its vSGIs under its vSGI domains.
        const s = sim.snapshot();
        expect(s.vms.find((v) => v.id === 'vm15')).toMatchObject({ state: 'failed', cost: 80, error: 'VPE IRQ allocation failure' });
        expect(s.domains.some((d) => d.name === 'GICv4-vpe-vm15')).toBe(false);
        const doorbells = s.irqs.filter((r) => r.levels[0].domain === 'GICv4-vpe-vm15');
        expect(doorbells).toHaveLength(32);
        expect(doorbells.every((r) => r.name === '' && !r.state.includes('IRQD_IRQ_STARTED'))).toBe(true);
        expect(doorbells.map((r) => r.levels[1].hwirq)).toEqual(doorbells.map((_, i) => doorbells[0].levels[1].hwirq + i));
        expect(s.irqs.filter((r) => r.levels[0].domain.startsWith('GICv4-sgi-vm15-'))).toHaveLength(48);
        // Nothing can free it: the guest is not running.
        expect(sim.apply({ do: 'vm.destroy', id: 'vm15' }).ok).toBe(false);
        expect(footprint(sim)).toEqual(after);
      });
    }

    it('later guests fail sooner: 5 numbers are left where 85 were, so a 4-vCPU guest fails and leaks its doorbells too', () => {
      const sim = nearlyFull('6.4');
      sim.apply(launch('vm15'));
      expect(sim.snapshot().descriptors.allocated).toBe(8259 - 5);
      // A doorbell failure is unwound by the core: nothing of 'late' stays.
      const before = footprint(sim);
      const late = sim.apply(launch('late'));
      expect(late.reason).toContain('for the doorbells');
      expect(late.reason).toContain('everything allocated for this guest was given back');
      expect(footprint(sim)).toEqual(before);
      expect(sim.recorder.warningsOf(16).filter((e) => e.type === 'warning')).toEqual([]);
      // 4 doorbells fit in the 5 numbers, vPE 0's 16 vSGIs do not: 4 descriptors, LPIs and IDs leak.
      // (Without vm15's leak this guest, 4 + 64 descriptors, would have launched.)
      const small = sim.apply(launch('small', 4));
      expect(small.ok).toBe(false);
      expect(small.reason).toContain('vSGIs of vPE 0');
      const after = footprint(sim);
      expect(after.descriptors - before.descriptors).toBe(4);
      expect(after.vpeIds - before.vpeIds).toBe(4);
      expect(before.freeLpis - after.freeLpis).toBe(4);
      expect(after.domains).toBe(before.domains);
      expect(sim.snapshot().vms.find((v) => v.id === 'small')!.cost).toBe(4);
      // One number left: a 1-vCPU guest leaks its one doorbell; after that nothing fits at all.
      expect(sim.apply(launch('one', 1)).ok).toBe(false);
      expect(sim.snapshot().descriptors.allocated).toBe(8259);
      expect(sim.apply(launch('none', 1)).reason).toContain('for the doorbells');
      const b = sim.backend as Arm64Backend;
      expect(b.v4!.leaks.map((l) => [l.vm.id, l.failedAt])).toEqual([['vm15', 3], ['small', 0], ['one', 0]]);
    });

    it('a failed guest may be launched again: each failure leaks anew and its cost adds up', () => {
      const sim = nearlyFull('6.4');
      sim.apply(launch('vm15'));
      expect(sim.apply(launch('vm15', 1)).ok).toBe(false); // 1 doorbell fits in 5, the vSGIs do not
      expect(sim.snapshot().vms.find((v) => v.id === 'vm15')!.cost).toBe(81);
    });

    it('without vSGIs (its_alloc_vcpu_irqs before v5.7) a failure leaves nothing', () => {
      const sim = machine({}, { descriptors: 'bitmap', nrIrqs: 64 });
      const b = sim.backend as Arm64Backend;
      const v4 = new GicV4(b.core, b.gic, b.lpis, false);
      let launched = 0;
      while (v4.launch(`g${launched}`, 1000) > 0) launched++;
      expect(launched).toBe(8);
      const before = footprint(sim);
      expect(v4.launch('over', 1000)).toBe(-ENOMEM);
      expect(v4.lastFailure).toContain('for the doorbells');
      expect(v4.leaks).toEqual([]);
      expect(v4.leakWarning()).toBe('');
      expect({ ...footprint(sim), vpeIds: 0 }).toEqual({ ...before, vpeIds: 0 });
      expect(v4.ida.count).toBe(8000);
    });
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
