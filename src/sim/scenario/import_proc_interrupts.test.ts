import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importProcInterrupts } from './import_proc_interrupts';
import { bdfFromMsiHwirq, stemOf } from './proc_interrupts_devices';
import { parseProcInterrupts, parseRowRest } from './proc_interrupts_parse';
import type { DeviceSpec, Scenario } from './schema';
import { parseScenario } from './validate';

const FIXTURES = '/work/shared/fixtures/real';

function devices(s: Scenario): DeviceSpec[] {
  return s.steps.map((st) => {
    if (st.do !== 'device.add') throw new Error(`unexpected step ${st.do}`);
    const { do: _do, ...spec } = st;
    return spec;
  });
}

function dev(s: Scenario, id: string): DeviceSpec | undefined {
  return devices(s).find((d) => d.id === id);
}

type Check = (s: Scenario, notes: string[]) => void;

/** Every /proc/interrupts fixture: an expected refusal (string: the message must contain it) or checks. */
const EXPECT: Record<string, string | Check> = {
  'proc-interrupts-arm32-gicv2-2cpu-zynq7000.txt': 'architecture not supported: arm32',
  'proc-interrupts-arm64-apple-aic2-8cpu-asahi.txt': 'architecture not supported: arm64 with the Apple AIC',
  'proc-interrupts-powerpc-pseries-kvm-guest-xive-1cpu.txt': 'architecture not supported: powerpc',
  'proc-interrupts-riscv-jh7110-4cpu-plic.txt': 'architecture not supported: riscv',
  'proc-interrupts-arm64-gicv2-4cpu-zynqmp-pynq.txt': (s, notes) => {
    expect(s.machine).toEqual({ arch: 'arm64', cpus: 4 });
    expect(s.steps).toEqual([]);
    expect(notes).toContain('the real GIC is a GICv2 (no LPIs, no ITS): modelled as a GICv3');
  },
  'proc-interrupts-arm64-gicv3-6cpu-rk3399-rockpi.txt': (s, notes) => {
    expect(s.machine).toEqual({ arch: 'arm64', cpus: 6 });
    expect(s.steps).toEqual([]);
    expect(notes.some((n) => n.includes('rockchip_gpio_irq (3)'))).toBe(true);
  },
  'proc-interrupts-arm64-gicv3-its-12cpu-nvme-grep-excerpt.txt': (s, notes) => {
    expect(s.machine.cpus).toBe(12);
    expect(dev(s, 'nvme0')).toEqual({ id: 'nvme0', type: 'nvme', queues: 12, bdf: '0000:91:00.0' });
    expect(notes[0]).toBe('no "CPU0 CPU1 ..." header: 12 CPUs counted from the count columns');
  },
  'proc-interrupts-arm64-gicv3-its-8cpu-graviton-nvme-ena.txt': (s) => {
    expect(s.machine).toEqual({ arch: 'arm64', cpus: 8 });
    expect(devices(s)).toEqual([
      { id: 'nvme0', type: 'nvme', queues: 2, bdf: '0000:00:04.0' },
      { id: 'nvme1', type: 'nvme', queues: 2, bdf: '0000:00:1f.0' },
      { id: 'ena', type: 'nic', queues: 9, bdf: '0000:00:05.0' },
    ]);
  },
  'proc-interrupts-arm64-kvm-guest-gicv3-its-4cpu-virtio.txt': (s) => {
    expect(s.machine.cpus).toBe(4);
    expect(dev(s, 'virtio1')).toEqual({ id: 'virtio1', type: 'nic', queues: 4, bdf: '0000:03:00.0' });
    expect(devices(s).filter((d) => d.id.startsWith('pcieport'))).toHaveLength(6);
  },
  'proc-interrupts-x86-16cpu-ir-pcimsi-nvme-legacy-hwirq.txt': (s) => {
    expect(s.machine).toMatchObject({ cpus: 16, remapping: true });
    expect(dev(s, 'nvme0')).toEqual({ id: 'nvme0', type: 'nvme', queues: 8, bdf: '0000:01:00.0' });
  },
  'proc-interrupts-x86-1cpu-kvm-guest-pcimsix-dbdf-el9.txt': (s, notes) => {
    expect(s.machine).toEqual({ cpus: 1, ioapics: 1, remapping: false });
    expect(devices(s)).toHaveLength(6);
    expect(dev(s, 'virtio3')).toEqual({ id: 'virtio3', type: 'nic', queues: 4, bdf: '0000:00:05.0' });
    // The per-device naming says MSI-X, so no "cannot be told" note.
    expect(notes.some((n) => n.includes('cannot be told'))).toBe(false);
  },
  'proc-interrupts-x86-1cpu-xen-hvm-aws-guest-redpanda.txt': (s, notes) => {
    expect(s.machine).toEqual({ cpus: 1, ioapics: 1, remapping: false, xen: { role: 'hvm' } });
    expect(s.steps).toEqual([]);
    expect(notes).toContain('9 Xen event-channel lines (xen-percpu, xen-dyn) are the kernel\'s own, not imported');
  },
  'proc-interrupts-x86-20cpu-desktop-nvme-msi-frc971.txt': (s) => {
    expect(s.machine).toMatchObject({ cpus: 20, remapping: true });
    expect(dev(s, 'nvme0')).toEqual({ id: 'nvme0', type: 'nvme', queues: 20, bdf: '0000:03:00.0' });
    expect(dev(s, 'enp8s0')).toEqual({ id: 'enp8s0', type: 'nic', queues: 5, bdf: '0000:08:00.0' });
  },
  'proc-interrupts-x86-2cpu-baremetal-pcimsi-amdgpu.txt': (s) => {
    expect(s.machine).toEqual({ cpus: 2, ioapics: 1, remapping: false });
    const gpus = devices(s).filter((d) => d.id.startsWith('amdgpu'));
    expect(gpus.map((g) => g.bdf)).toEqual(['0000:02:00.0', '0000:04:00.0', '0000:05:00.0', '0000:06:00.0', '0000:08:00.0', '0000:09:00.0']);
  },
  'proc-interrupts-x86-2cpu-hyperv-guest-rhel8-sosreport.txt': (s, notes) => {
    expect(s.machine).toEqual({ cpus: 2, ioapics: 1, remapping: false });
    expect(s.steps).toEqual([]);
    expect(notes.some((n) => n.includes('HYP HRE HVS'))).toBe(true);
  },
  'proc-interrupts-x86-2cpu-kvm-guest-ioapic-pcimsi.txt': (s) => {
    expect(s.machine.cpus).toBe(2);
    expect(devices(s).filter((d) => d.type === 'intx')).toHaveLength(13);
    expect(dev(s, 'virtio1')).toEqual({ id: 'virtio1', type: 'intx', pin: 'B' });
    expect(dev(s, 'ahci')).toEqual({ id: 'ahci', type: 'msi', vectors: 1, bdf: '0000:00:1f.2' });
  },
  'proc-interrupts-x86-2cpu-xen-hvm-guest-pirq-msi-qemu-xen-emu-excerpt.txt': (s) => {
    expect(s.machine.xen).toEqual({ role: 'hvm' });
    expect(devices(s)).toEqual([
      { id: 'ahci', type: 'msi', vectors: 1, bdf: '0000:00:03.0' },
      { id: 'ens4', type: 'nic', queues: 5 },
    ]);
  },
  'proc-interrupts-x86-32cpu-ir-pcimsix-dbdf-nvme-vfio.txt': (s) => {
    expect(s.machine.cpus).toBe(32);
    expect(dev(s, 'nvme1')).toEqual({ id: 'nvme1', type: 'nvme', queues: 32, bdf: '0000:02:00.0' });
    expect(dev(s, 'nvme2')).toEqual({ id: 'nvme2', type: 'nvme', queues: 16, bdf: '0000:06:00.0' });
    expect(dev(s, 'vfio')).toEqual({ id: 'vfio', type: 'nic', queues: 9, bdf: '0000:03:00.0' });
  },
  'proc-interrupts-x86-32cpu-ir-pcimsix-dbdf-nvme.txt': (s) => {
    const nv = devices(s).filter((d) => d.type === 'nvme');
    expect(nv.map((d) => [d.id, d.type === 'nvme' ? d.queues : 0, d.bdf])).toEqual([
      ['nvme0', 32, '0000:02:00.0'],
      ['nvme2', 16, '0000:06:00.0'],
      ['nvme1', 8, '0000:03:00.0'],
    ]);
  },
  'proc-interrupts-x86-32cpu-kvm-guest-pcimsix-dbdf-virtio.txt': (s) => {
    expect(s.machine).toEqual({ cpus: 32, ioapics: 1, remapping: false });
    expect(dev(s, 'virtio0')).toEqual({ id: 'virtio0', type: 'nic', queues: 35, bdf: '0000:00:02.0' });
  },
  'proc-interrupts-x86-40cpu-server-legacy-chipname-format.txt': (s, notes) => {
    expect(s.machine).toMatchObject({ cpus: 40, remapping: true, kernel: { vectors: 'legacy', descriptors: 'bitmap' } });
    expect(dev(s, 'nvme0')).toEqual({ id: 'nvme0', type: 'nvme', queues: 40 });
    expect(dev(s, 'nvme1')).toEqual({ id: 'nvme1', type: 'nvme', queues: 40 });
    expect(dev(s, 'mlx5')).toEqual({ id: 'mlx5', type: 'nic', queues: 41, bdf: '0000:3b:00.0' });
    expect(notes.some((n) => /^no PCI address \(bdf\) for: i801_smbus, pcieport, .* and \d+ more$/.test(n))).toBe(true);
  },
  'proc-interrupts-x86-48cpu-amd-epyc-megasas-msix.txt': (s) => {
    expect(s.machine).toMatchObject({ cpus: 48, remapping: true });
    expect(dev(s, 'megasas0')).toEqual({ id: 'megasas0', type: 'nic', queues: 49, bdf: '0000:01:00.0' });
    expect(dev(s, 'ahci0')).toEqual({ id: 'ahci0', type: 'nic', queues: 8, bdf: '0000:83:00.0' });
  },
  'proc-interrupts-x86-4cpu-kvm-virtio-procfs.txt': (s) => {
    expect(s.machine).toEqual({ cpus: 4, ioapics: 1, remapping: false });
    expect(dev(s, 'virtio5')).toEqual({ id: 'virtio5', type: 'nic', queues: 5, bdf: '0000:00:07.0' });
    expect(dev(s, 'virtio1')).toEqual({ id: 'virtio1', type: 'intx', pin: 'C' });
  },
  'proc-interrupts-x86-4cpu-laptop-legacy-format-node-exporter.txt': (s) => {
    expect(s.machine).toMatchObject({ cpus: 4, remapping: true, kernel: { vectors: 'legacy' } });
    expect(devices(s).map((d) => d.id)).toEqual(['ehci_hcd_usb1', 'mmc0', 'ehci_hcd_usb2', 'xhci_hcd', 'ahci', 'i915', 'mei_me', 'iwlwifi', 'snd_hda_intel']);
  },
  'proc-interrupts-x86-4cpu-n100-ir-pcimsi-dbdf-and-msix.txt': (s) => {
    expect(s.machine).toMatchObject({ cpus: 4, remapping: true });
    expect(dev(s, 'nvme0')).toEqual({ id: 'nvme0', type: 'nvme', queues: 4, bdf: '0000:02:00.0' });
    expect(dev(s, 'enp1s0')).toEqual({ id: 'enp1s0', type: 'nic', queues: 5, bdf: '0000:01:00.0' });
    expect(dev(s, 'i915')).toEqual({ id: 'i915', type: 'msi', vectors: 1, bdf: '0000:00:02.0' });
  },
  'proc-interrupts-x86-8cpu-laptop-ir-pcimsi-nvme-legacy-hwirq.txt': (s) => {
    expect(s.machine).toMatchObject({ cpus: 8, remapping: true });
    expect(dev(s, 'nvme0')).toEqual({ id: 'nvme0', type: 'nvme', queues: 7, bdf: '0000:03:00.0' });
  },
};

describe('importProcInterrupts on every real fixture', () => {
  const files = readdirSync(FIXTURES).filter((f) => /^proc-interrupts-.*\.txt$/.test(f));

  it('has an expectation for every fixture file', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(files.filter((f) => !(f in EXPECT))).toEqual([]);
  });

  it.each(files)('%s', (file) => {
    const r = importProcInterrupts(readFileSync(join(FIXTURES, file), 'utf8'));
    const want = EXPECT[file];
    if (typeof want === 'string') {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toContain(want);
      return;
    }
    if (!r.ok) throw new Error(r.message);
    expect(parseScenario(r.scenario)).toEqual({ ok: true, scenario: r.scenario });
    expect(r.notes.some((n) => n.startsWith('per-CPU interrupt counts ignored'))).toBe(true);
    want(r.scenario, r.notes);
  });
});

describe('importProcInterrupts on made-up text', () => {
  it('refuses text that is not /proc/interrupts', () => {
    for (const text of ['', 'hello world', '{"scenario":1}', '# a README\n\n1: a list item\n2: another']) {
      const r = importProcInterrupts(text);
      expect(r).toEqual({
        ok: false,
        message:
          'this is not /proc/interrupts text: expected a header of CPU columns ("CPU0 CPU1 ...") and lines like " 24:  0  0  PCI-MSI 524288-edge  nvme0q0"',
      });
    }
  });

  it('CPUs missing from the header are offline', () => {
    const text = '       CPU0   CPU2   CPU3\n 24:  1  2  3  PCI-MSIX-0000:01:00.0  0-edge  nvme0q0\n 25:  1  2  3  PCI-MSIX-0000:01:00.0  1-edge  nvme0q1\n';
    const r = importProcInterrupts(text);
    if (!r.ok) throw new Error(r.message);
    expect(r.scenario.machine).toMatchObject({ cpus: 4, online: [0, 2, 3] });
    expect(devices(r.scenario)).toEqual([{ id: 'nvme0', type: 'nvme', queues: 1, bdf: '0000:01:00.0' }]);
  });

  it('refuses more CPUs than the model has', () => {
    const r = importProcInterrupts(' CPU0 CPU9000\n 1: 0 0 IO-APIC 1-edge i8042\n');
    expect(r).toEqual({ ok: false, message: '9001 CPUs: irqscope models at most 8192' });
  });
});

describe('row parsing helpers', () => {
  it('reads each chip column format', () => {
    expect(parseRowRest('IR-PCI-MSIX-0000:02:00.0    1-edge      nvme0q1')).toEqual({ chip: 'IR-PCI-MSIX-0000:02:00.0', hwirq: 1, trigger: 'edge', format: 'x86', actions: ['nvme0q1'] });
    expect(parseRowRest('IR-IO-APIC-fasteoi   ehci_hcd:usb1, mmc0')).toEqual({ chip: 'IR-IO-APIC', hwirq: null, trigger: 'fasteoi', format: 'x86-old', actions: ['ehci_hcd:usb1', 'mmc0'] });
    expect(parseRowRest('SiFive PLIC  32 Edge      ttyS0')).toEqual({ chip: 'SiFive PLIC', hwirq: 32, trigger: 'Edge', format: 'generic', actions: ['ttyS0'] });
    expect(parseRowRest('xen-percpu    -virq      timer0')).toEqual({ chip: 'xen-percpu', hwirq: null, trigger: 'virq', format: 'x86', actions: ['timer0'] });
    expect(parseRowRest('INT344B:00   99  ETD2303:00')).toEqual({ chip: 'INT344B:00', hwirq: 99, trigger: '', format: 'bare', actions: ['ETD2303:00'] });
    expect(parseRowRest('IR-IO-APIC   16-fasteoi')).toMatchObject({ chip: 'IR-IO-APIC', hwirq: 16, actions: [] });
  });

  it('touching 10-digit counts still split into the right columns', () => {
    const p = parseProcInterrupts('     CPU0       CPU1\n 10: 3287008667 3310445093     GICv3  27 Level     arch_timer\nIPI0:2768808080 2844211768       Rescheduling interrupts\n');
    expect(p?.rows[0]).toMatchObject({ irq: 10, chip: 'GICv3', hwirq: 27, actions: ['arch_timer'] });
    expect(p?.archRows[0]).toMatchObject({ name: 'IPI0', description: 'Rescheduling interrupts' });
  });

  it('decodes the PCI address packed in a global PCI-MSI hwirq', () => {
    expect(bdfFromMsiHwirq(524288)).toBe('0000:01:00.0');
    expect(bdfFromMsiHwirq(1572865)).toBe('0000:03:00.0');
    expect(bdfFromMsiHwirq(76021760)).toBe('0000:91:00.0');
    expect(bdfFromMsiHwirq(98304)).toBe('0000:00:06.0');
    expect(bdfFromMsiHwirq(2 ** 27 + 2048 * 9)).toBe('0001:00:01.1');
  });

  it('finds the device part of vector names', () => {
    const cases: [string, string][] = [
      ['nvme12q33', 'nvme12'],
      ['enp1s0-TxRx-3', 'enp1s0'],
      ['eth0-Tx-Rx-7', 'eth0'],
      ['mlx5_comp17@pci:0000:3b:00.0', 'mlx5'],
      ['iwlwifi:queue_12', 'iwlwifi'],
      ['virtio3-req.0', 'virtio3'],
      ['megasas0-msix40', 'megasas0'],
      ['eno8403-rx-4', 'eno8403'],
      ['xhci_hcd', 'xhci_hcd'],
    ];
    for (const [name, stem] of cases) expect(stemOf(name)).toBe(stem);
  });
});
