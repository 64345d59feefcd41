import { describe, expect, it } from 'vitest';
import { createBackend } from '../engine/backends';
import { Simulation } from '../engine/simulation';
import { Timeline } from '../engine/timeline';
import { presetById, presetScenario } from '../scenario/presets';
import { resolveMachine, type Machine, type Step } from '../scenario/schema';
import type { Arm64Backend } from './backend';

function sim(extra: Partial<Machine> = {}, kernel: Machine['kernel'] = {}): Simulation {
  return new Simulation(resolveMachine({ arch: 'arm64', cpus: 8, ...extra, kernel }), createBackend);
}
const be = (s: Simulation) => s.backend as Arm64Backend;


/** A snapshot with the run's summary and step outcomes beside it. */
function view(t: Timeline) {
  return { ...t.snapshot(), summary: t.summary(), steps: t.outcomes };
}

describe('story D: Multi-MSI driver reinsertion, through the whole engine', () => {
  const preset = presetById('its-multimsi-reinsertion')!;
  const run = (label: string) => {
    const i = preset.variants.findIndex((_, k) => resolveMachine(presetScenario(preset, k).machine).kernel.itsFree === label);
    const t = new Timeline(presetScenario(preset, i), createBackend);
    return { t, s: view(t) };
  };

  it('bulk (before v5.11): the block is freed at once, the ITS device goes, rebind works', () => {
    const { t, s } = run('bulk');
    expect(s.summary.steps.map((x) => x.ok)).toEqual([true, true, true]);
    expect(s.devices[0].irqs).toHaveLength(27);
    t.seek(2);
    expect(view(t).lpis!.devices).toEqual([]);
    expect(view(t).summary.lpis).toEqual({ allocated: 0, free: 57344 });
  });

  it('per-irq (v5.11-v6.15): 5 padding bits stay, the device is reused and rebind fails with -ENOSPC', () => {
    const { t, s } = run('per-irq');
    expect(s.summary.steps.map((x) => x.error ?? 'ok')).toEqual(['ok', 'ok', '-ENOSPC']);
    expect(s.steps[2].reason).toContain('no free aligned block of 32 event(s)');
    expect(s.summary.warnings).toEqual([]);
    t.seek(2);
    const dev = view(t).lpis!.devices;
    expect(dev).toEqual([{ id: '0x100', deviceId: 0x100, lpiBase: 8192, nrLpis: 32, eventMap: '27-31', shared: false }]);
    const reuse = t.recorder.events.find((e) => e.type === 'its_device_reuse');
    expect(reuse).toMatchObject({ step: 2, message: 'Reusing ITT for devID 100' });
    // The failed probe freed every descriptor it took.
    expect(s.descriptors.allocated).toBe(14);
    // The pre-6.15 layout: the global ITS PCI MSI domain, chip ITS-MSI, hwirq = rid << 11 | index.
    t.seek(1);
    const row = view(t).irqs.find((r) => r.device === 'dma0')!;
    expect(row.levels.map((l) => l.domain)).toEqual([':intc@8000000:its@8080000-3', ':intc@8000000:its@8080000-5', ':intc@8000000-1']);
    expect(row.levels[0]).toMatchObject({ chip: 'ITS-MSI', hwirq: 0x100 << 11 });
  });

  it('per-device (v6.16+): same failure, plus the teardown WARN at unbind', () => {
    const { t, s } = run('per-device');
    expect(s.summary.steps.map((x) => x.error ?? 'ok')).toEqual(['ok', 'ok', '-ENOSPC']);
    expect(s.summary.warnings).toHaveLength(1);
    expect(s.summary.warnings[0].step).toBe(1);
    expect(s.summary.warnings[0].message).toContain('WARN_ON_ONCE(!bitmap_empty(lpi_map, nr_lpis))');
    expect(s.domains.map((d) => d.name)).not.toContain('ITS-PCI-MSI-0000:01:00.0-11');
    t.seek(1);
    const s1 = view(t);
    expect(s1.domains.find((d) => d.name === 'ITS-PCI-MSI-0000:01:00.0-11')).toMatchObject({ mapcount: 27 });
    const rows = s1.irqs.filter((r) => r.device === 'dma0');
    // Multi-MSI: contiguous Linux irqs, index hwirqs, LPIs from an aligned block of 32.
    expect(rows.map((r) => r.irq)).toEqual(rows.map((_, i) => rows[0].irq + i));
    expect(rows.map((r) => r.levels[0].hwirq)).toEqual([...Array(27).keys()]);
    expect(rows.map((r) => r.levels[1].hwirq)).toEqual(rows.map((_, i) => 8192 + i));
  });

  it('region (proposed): teardown releases the whole region, rebind works', () => {
    const { t, s } = run('region');
    expect(s.summary.steps.map((x) => x.ok)).toEqual([true, true, true]);
    expect(s.summary.warnings).toEqual([]);
    t.seek(2);
    expect(view(t).lpis!.devices).toEqual([]);
  });

  for (const itsFree of ['per-irq', 'per-device'] as const) {
    it(`${itsFree}: power-of-two Multi-MSI and MSI-X devices are reinserted fine`, () => {
      const s = sim({}, { itsFree });
      const steps: Step[] = [
        { do: 'device.add', id: 'm32', type: 'msi', vectors: 32 },
        { do: 'device.add', id: 'nic', type: 'nic', queues: 27 },
        { do: 'driver.unbind', device: 'm32' },
        { do: 'driver.unbind', device: 'nic' },
        { do: 'driver.bind', device: 'm32' },
        { do: 'driver.bind', device: 'nic' },
      ];
      expect(steps.map((st) => s.apply(st).ok)).toEqual([true, true, true, true, true, true]);
    });
  }
});

describe('story C: shared INTx and irq_dispose_mapping on arm64 (GICv3 SPIs)', () => {
  const preset = presetById('intx-mapping-refcount')!;

  it('mainline: the three devices share one SPI mapping; the first removal tears it down for all', () => {
    const t = new Timeline(presetScenario(preset, 0), createBackend);
    const s = view(t);
    expect(s.summary.steps.map((x) => x.error ?? 'ok')).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'Unexpected interrupt (irqnr 36)',
      'Unexpected interrupt (irqnr 36)',
    ]);
    expect(s.steps[4].reason).toContain('irq_dispose_mapping');
    // WARN_ONCE: one warning for two unexpected interrupts.
    expect(s.summary.warnings).toEqual([{ step: 4, message: 'Unexpected interrupt (irqnr 36)' }]);
    t.seek(3);
    const before = view(t);
    const line = before.devices.map((d) => d.irqs[0]);
    expect(new Set(line).size).toBe(1);
    const row = before.irqs.find((r) => r.irq === line[0])!;
    expect(row.levels).toEqual([{ domain: ':intc@8000000-1', hwirq: 36, chip: 'GICv3' }]);
    expect(row.name).toBe('ata0, snd0, usb0');
    t.seek(4);
    expect(view(t).irqs.find((r) => r.irq === line[0])).toBeUndefined();
    expect(view(t).domains[0].mapcount).toBe(before.domains[0].mapcount - 1);
  });

  it('with the 2020 refcount proposal the mapping lives until the last device goes', () => {
    const sc = presetScenario(preset, 1);
    const t = new Timeline(
      { ...sc, steps: [...sc.steps, { do: 'device.remove', id: 'snd0' }, { do: 'irq.fire', device: 'usb0', vector: 0 }, { do: 'device.remove', id: 'usb0' }] },
      createBackend,
    );
    const s = view(t);
    expect(s.summary.steps.every((x) => x.ok)).toBe(true);
    expect(s.summary.warnings).toEqual([]);
    t.seek(8);
    const usb = view(t).devices.find((d) => d.id === 'usb0')!;
    const row = view(t).irqs.find((r) => r.irq === usb.irqs[0])!;
    // The shared descriptor counted every fire: snd0's and usb0's of the preset, then usb0 again.
    expect(row.count).toBe(3);
    expect(row.name).toBe('usb0');
    expect(s.descriptors.allocated).toBe(14);
  });
});

describe('story A through the timeline', () => {
  it('bitmap: guests 1-15 launch, 16-18 fail; maple: all launch', () => {
    const p = presetById('gicv41-descriptor-cap')!;
    const bitmap = view(new Timeline(presetScenario(p, 0), createBackend));
    expect(bitmap.summary.steps.slice(2).map((x) => x.ok)).toEqual([...Array(15).fill(true), false, false, false]);
    expect(bitmap.vms.filter((v) => v.state === 'failed').every((v) => v.error === 'VPE IRQ allocation failure')).toBe(true);
    // Guest 16 fails at vPE 2's vSGIs: its 32 doorbells and 2 x 16 vSGIs stay (its_alloc_vcpu_irqs' error path).
    expect(bitmap.descriptors.allocated).toBe(31 + 15 * 544 + 32 + 2 * 16);
    expect(bitmap.vms.map((v) => v.cost).slice(15)).toEqual([64, 0, 0]);
    const maple = view(new Timeline(presetScenario(p, 1), createBackend));
    expect(maple.summary.steps.every((x) => x.ok)).toBe(true);
    expect(maple.descriptors.allocated).toBe(31 + 18 * 544);
  });
});

describe('PCI MSI-X, aliases, affinity and hotplug', () => {
  it('an aliased device shares its alias ITS device (proxy, shared, reused)', () => {
    const s = sim({}, { itsFree: 'per-device' });
    // a: MSI-X 3 -> ITS device of 4 events (DevID 0x200), events 0-2; b (alias of a) reuses it.
    expect(s.apply({ do: 'device.add', id: 'a', type: 'nic', queues: 3, bdf: '0000:02:00.0' }).ok).toBe(true);
    expect(s.apply({ do: 'device.add', id: 'b', type: 'msi', vectors: 1, bdf: '0000:02:00.1', aliasOf: 'a' }).ok).toBe(true);
    expect(s.snapshot().lpis!.devices).toEqual([{ id: '0x200', deviceId: 0x200, lpiBase: 8192, nrLpis: 4, eventMap: '0-3', shared: true }]);
    expect(s.recorder.events.some((e) => e.type === 'its_device_reuse' && e.device_id === 0x200)).toBe(true);
    // Shared devices are never torn down: removing both leaves the ITS device in place.
    s.apply({ do: 'device.remove', id: 'b' });
    s.apply({ do: 'device.remove', id: 'a' });
    expect(s.snapshot().lpis!.devices).toMatchObject([{ deviceId: 0x200, eventMap: '', shared: true }]);
  });

  it('an aliased device finds no room when its alias filled the ITS device (-ENOSPC)', () => {
    const s = sim({}, { itsFree: 'per-device' });
    s.apply({ do: 'device.add', id: 'a', type: 'nic', queues: 2, bdf: '0000:02:00.0' });
    expect(s.apply({ do: 'device.add', id: 'b', type: 'msi', vectors: 2, bdf: '0000:02:00.1', aliasOf: 'a' })).toMatchObject({ ok: false, error: '-ENOSPC' });
    expect(s.snapshot().lpis!.devices).toMatchObject([{ deviceId: 0x200, nrLpis: 2, eventMap: '0-1', shared: true }]);
  });

  it('an aliased device that probes first sizes the shared ITS device for the alias group', () => {
    const s = sim({}, { itsFree: 'per-device' });
    s.apply({ do: 'device.add', id: 'a', type: 'nic', queues: 4, bdf: '0000:02:00.0', bind: false });
    s.apply({ do: 'driver.bind', device: 'a' });
    s.apply({ do: 'driver.unbind', device: 'a' });
    expect(s.apply({ do: 'device.add', id: 'b', type: 'msi', vectors: 2, bdf: '0000:02:00.1', aliasOf: 'a' }).ok).toBe(true);
    // its_pci_msi_prepare: max(nvec, alias_count = 4 + 2) rounded up: 8 events.
    expect(s.apply({ do: 'driver.bind', device: 'a' }).ok).toBe(true);
    expect(s.snapshot().lpis!.devices).toMatchObject([{ deviceId: 0x200, nrLpis: 8, shared: true }]);
  });

  it('managed NVMe queues shut down with their last CPU and restart with it; LPI counts follow', () => {
    const s = sim({ cpus: 4 });
    s.apply({ do: 'device.add', id: 'nvme0', type: 'nvme', queues: 4 });
    s.apply({ do: 'device.add', id: 'eth0', type: 'nic', queues: 8 });
    const counts = () => {
      const c = be(s).cpuCounts;
      return [Array.from(c.managed), Array.from(c.unmanaged)];
    };
    expect(counts()[0]).toEqual([1, 1, 1, 1]);
    const totalUnmanaged = counts()[1].reduce((a, b) => a + b, 0);
    expect(totalUnmanaged).toBe(9);
    expect(s.apply({ do: 'cpu.offline', cpu: 2 }).ok).toBe(true);
    const snap = s.snapshot();
    const q = snap.irqs.filter((r) => r.device === 'nvme0');
    const q3 = q[3];
    expect(q3.managed).toBe(true);
    expect(q3.state).toContain('IRQD_MANAGED_SHUTDOWN');
    expect(q3.state).not.toContain('IRQD_ACTIVATED');
    expect(counts()[0]).toEqual([1, 1, 0, 1]);
    expect(counts()[1][2]).toBe(0);
    expect(counts()[1].reduce((a, b) => a + b, 0)).toBe(totalUnmanaged);
    expect(snap.irqs.filter((r) => r.device === 'eth0').every((r) => r.cpu !== 2)).toBe(true);
    const movi = s.recorder.events.filter((e) => e.step === 2 && e.type === 'its_movi');
    const discard = s.recorder.events.filter((e) => e.step === 2 && e.type === 'its_discard');
    expect(discard).toHaveLength(1);
    expect(movi.length).toBeGreaterThan(0);
    expect(s.apply({ do: 'cpu.online', cpu: 2 }).ok).toBe(true);
    const back = s.snapshot().irqs.filter((r) => r.device === 'nvme0')[3];
    expect(back.state).toContain('IRQD_IRQ_STARTED');
    expect(back.cpu).toBe(2);
    expect(counts()[0]).toEqual([1, 1, 1, 1]);
  });

  it('refuses to offline the last CPU and CPUs that do not exist', () => {
    const s = sim({ cpus: 2 });
    expect(s.apply({ do: 'cpu.offline', cpu: 1 }).ok).toBe(true);
    expect(s.apply({ do: 'cpu.offline', cpu: 0 })).toMatchObject({ ok: false, error: '-EBUSY' });
    expect(be(s).cpuOffline(5)).toMatchObject({ ok: false, errno: -19 });
  });

  it('smp_affinity: managed interrupts refuse (-EIO), others MOVI to the least loaded CPU of the mask', () => {
    const s = sim({ cpus: 4 });
    s.apply({ do: 'device.add', id: 'nvme0', type: 'nvme', queues: 4 });
    s.apply({ do: 'device.add', id: 'eth0', type: 'nic', queues: 2 });
    expect(s.apply({ do: 'irq.affinity', device: 'nvme0', vector: 1, cpus: [3] })).toMatchObject({ ok: false, error: '-EIO' });
    expect(s.apply({ do: 'irq.affinity', device: 'eth0', vector: 0, cpus: [3] }).ok).toBe(true);
    const row = s.snapshot().irqs.find((r) => r.device === 'eth0' && r.index === 0)!;
    expect(row).toMatchObject({ affinity: '3', effective: '3', cpu: 3 });
    expect(s.apply({ do: 'irq.fire', device: 'eth0', vector: 0 }).ok).toBe(true);
    expect(s.snapshot().irqs.find((r) => r.irq === row.irq)!.count).toBe(1);
  });
});

describe('text views', () => {
  it('debugfs irqs/N of an ITS MSI-X interrupt has the kernel chain and layout', () => {
    const s = sim({ cpus: 4 });
    s.apply({ do: 'device.add', id: 'nvme0', type: 'nvme', queues: 4 });
    const irq = s.snapshot().devices[0].irqs[1];
    const text = be(s).text(`/sys/kernel/debug/irq/irqs/${irq}`)!;
    const lines = text.split('\n');
    expect(lines.slice(0, 5)).toEqual(['handler:  handle_fasteoi_irq', 'device:   0000:01:00.0', 'status:   0x00000000', 'istate:   0x00004000', 'ddepth:   0']);
    expect(lines).toContain('            IRQD_AFFINITY_MANAGED');
    const row = s.snapshot().irqs.find((r) => r.irq === irq)!;
    expect(row.affinity).toMatch(/^\d+$/);
    expect(lines).toContain(`affinity: ${row.affinity}`);
    expect(lines).toContain(`effectiv: ${row.affinity}`);
    // As on the real arm64 machine (fixture debugfs-irq-arm64-its-msi-gicv3-nvme-msix-patched.txt).
    const tail = lines.slice(lines.indexOf(' msix:'));
    expect(tail).toEqual([
      ' msix:',
      '  address_hi: 0x00000000',
      '  address_lo: 0x08090040',
      '  msg_data:   0x00000001',
      ' parent:',
      '    domain:  :intc@8000000:its@8080000-5',
      '     hwirq:   0x2001',
      '     chip:    ITS',
      '      flags:   0x0',
      '     parent:',
      '        domain:  :intc@8000000-1',
      '         hwirq:   0x2001',
      '         chip:    GICv3',
      '          flags:   0x15',
      '                     IRQCHIP_SET_TYPE_MASKED',
      '                     IRQCHIP_MASK_ON_SUSPEND',
      '                     IRQCHIP_SKIP_SET_WAKE',
      '',
    ]);
    const dom = be(s).text('/sys/kernel/debug/irq/domains/ITS-PCI-MSIX-0000:01:00.0-12')!;
    expect(dom.split('\n').slice(0, 3)).toEqual(['name:   ITS-PCI-MSIX-0000:01:00.0-12', ' size:   0', ' mapped: 5']);
    expect(dom).toContain(' parent: :intc@8000000:its@8080000-5\n    name:   :intc@8000000:its@8080000-5\n');
  });

  it('/proc/interrupts shows GICv3 PPIs, per-device ITS MSI-X chips and the arm64 IPI lines', () => {
    const s = sim({ cpus: 2 });
    s.apply({ do: 'device.add', id: 'nvme0', type: 'nvme', queues: 2 });
    s.apply({ do: 'irq.fire', device: 'nvme0', vector: 1 });
    const text = be(s).text('/proc/interrupts')!;
    const lines = text.split('\n');
    expect(lines[0]).toBe('           CPU0       CPU1       ');
    expect(lines).toContain(' 13:          0          0     GICv3  26 Level     arch_timer');
    const cpu = s.snapshot().irqs.find((r) => r.irq === 16)!.cpu;
    const counts = [0, 1].map((c) => String(c === cpu ? 1 : 0).padStart(10)).join(' ');
    expect(lines).toContain(` 16: ${counts}  ITS-PCI-MSIX-0000:01:00.0   1 Edge      nvme0q1`);
    expect(lines).toContain('IPI0:         0          0       Rescheduling interrupts');
    expect(lines).toContain('Err:          0');
    expect(lines.some((l) => l.includes('IPI') && l.includes('GICv3'))).toBe(false);
    expect(be(s).textViews()).toContain('/sys/kernel/debug/irq/domains/ITS-PCI-MSIX-0000:01:00.0-12');
  });
});
