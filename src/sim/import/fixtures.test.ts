// Every real capture of ../shared/fixtures/real through importCapture, file by file: what is
// recognised, the machine and devices found (counted against the capture's own lines), and a
// replay that refuses nothing the real machine had running and grants every device its vectors.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend } from '../engine/backends';
import { Timeline } from '../engine/timeline';
import { parseScenario } from '../scenario/validate';
import { importCapture, type ImportResult } from './capture';
import { procIrqTreeText } from './proc_irq_tree';
import { sharedDir } from '../testing/shared_dir';

const FIXTURES = sharedDir('fixtures', 'real');

type Ok = Extract<ImportResult, { ok: true }>;

interface Expect {
  format: string;
  machine: Record<string, unknown>;
  /** How many devices in all. */
  count: number;
  /** "id:type:vectors[/managed]" of devices checked one by one. */
  has?: string[];
  note?: RegExp;
}

/** A refusal (the message must contain it) or what the import finds. */
const EXPECT: Record<string, string | Expect> = {
  'proc-interrupts-arm32-gicv2-2cpu-zynq7000.txt': 'architecture not supported: arm32 (32-bit ARM with a GICv1/v2): recognised /proc/interrupts with interrupt chips GIC, rescheduling on IPI2',
  'proc-interrupts-arm64-apple-aic2-8cpu-asahi.txt': 'architecture not supported: arm64 with the Apple AIC interrupt controller (only the GIC is modelled): recognised /proc/interrupts with interrupt chips AIC-FIQ, AIC2',
  'proc-interrupts-powerpc-pseries-kvm-guest-xive-1cpu.txt': 'architecture not supported: powerpc (XIVE/XICS interrupt controllers): recognised /proc/interrupts with interrupt chips XIVE-IPI, XIVE-IRQ',
  'proc-interrupts-riscv-jh7110-4cpu-plic.txt': 'architecture not supported: riscv (PLIC/INTC interrupt controllers): recognised /proc/interrupts with interrupt chips SiFive PLIC, RISC-V INTC',
  'kvm-vgic-state-arm64-gicv3-4vcpu-guest-vcpu0-excerpt.txt': "this is KVM's vgic-state of one guest",
  'trace-irq-matrix-vector-104cpu-excerpt.txt': 'this is an ftrace capture: a recording of events, not a machine',
  'trace-irq-vectors-x86-msi-serial-5.17-excerpt.txt': 'this is an ftrace capture: a recording of events, not a machine',

  'proc-interrupts-arm64-gicv2-4cpu-zynqmp-pynq.txt': { format: '/proc/interrupts (arm64, GICv2)', machine: { arch: 'arm64', cpus: 4 }, count: 0, note: /modelled as a GICv3/ },
  'proc-interrupts-arm64-gicv3-6cpu-rk3399-rockpi.txt': { format: '/proc/interrupts (arm64, GICv3)', machine: { arch: 'arm64', cpus: 6 }, count: 0, note: /rockchip_gpio_irq \(3\)/ },
  // nvme0q0..nvme0q12: 1 admin + 12 managed queues; the port's PME/AER vector.
  'proc-interrupts-arm64-gicv3-its-12cpu-nvme-grep-excerpt.txt': { format: 'arm64, GICv3, global MSI', machine: { arch: 'arm64', cpus: 12 }, count: 2, has: ['nvme0:nvme:13/12', 'pcieport:msi:1'] },
  'proc-interrupts-arm64-gicv3-its-8cpu-graviton-nvme-ena.txt': { format: 'arm64, GICv3', machine: { arch: 'arm64', cpus: 8 }, count: 3, has: ['nvme0:nvme:3/2', 'nvme1:nvme:3/2', 'ena:nic:9'] },
  // virtio3 is virtio-blk (config + req.0), virtio1 virtio-scsi (config, control, event, request), virtio0 net, virtio2 one shared vq vector.
  'proc-interrupts-arm64-kvm-guest-gicv3-its-4cpu-virtio.txt': { format: 'arm64, GICv3', machine: { arch: 'arm64', cpus: 4 }, count: 11, has: ['virtio3:nvme:2/1', 'virtio1:nvme:4/3', 'virtio0:nic:3', 'virtio2:nic:2', 'xhci_hcd:nic:5', 'pcieport_5:msi:1'] },
  // Pins up to 32 on the PCH IO-APIC; DMAR-MSI at 120: gsi_top 120, 5 IO-APICs of 24.
  'proc-interrupts-x86-16cpu-ir-pcimsi-nvme-legacy-hwirq.txt': { format: 'x86, global MSI', machine: { cpus: 16, remapping: true, ioapics: 5 }, count: 20, has: ['nvme0:nvme:9/8', 'enp2s0:msi:1', 'i801_smbus:intx:1', 'idma64.4:intx:1'] },
  // virtio4/virtio5 blk with one queue, virtio3 blk with 3; uhci/virtio6 INTx on ISA IRQ 11.
  'proc-interrupts-x86-1cpu-kvm-guest-pcimsix-dbdf-el9.txt': { format: 'x86, per-device MSI naming', machine: { cpus: 1, ioapics: 1, remapping: false }, count: 8, has: ['virtio4:nvme:2/1', 'virtio3:nvme:4/3', 'virtio0:nic:3', 'virtio6:intx:1', 'uhci_hcd_usb1:intx:1'], note: /routed to ISA IRQ 11/ },
  'proc-interrupts-x86-1cpu-xen-hvm-aws-guest-redpanda.txt': { format: 'x86, Xen guest', machine: { cpus: 1, xen: { role: 'hvm' } }, count: 0, note: /9 Xen event-channel lines/ },
  'proc-interrupts-x86-20cpu-desktop-nvme-msi-frc971.txt': { format: 'x86, global MSI', machine: { cpus: 20, remapping: true, ioapics: 5 }, count: 24, has: ['nvme0:nvme:21/20', 'enp8s0:nic:5', 'vmd0:nic:19', 'iwlwifi:nic:16', 'peak_pciefd:intx:1'] },
  'proc-interrupts-x86-2cpu-baremetal-pcimsi-amdgpu.txt': { format: 'x86, global MSI', machine: { cpus: 2, remapping: false, ioapics: 5 }, count: 20, has: ['amdgpu:msi:1', 'amdgpu_5:msi:1', 'xhci_hcd_1:nic:3', 'pcieport_9:msi:1'] },
  'proc-interrupts-x86-2cpu-hyperv-guest-rhel8-sosreport.txt': { format: '/proc/interrupts (x86)', machine: { cpus: 2, ioapics: 1, remapping: false }, count: 0, note: /HYP HRE HVS/ },
  'proc-interrupts-x86-2cpu-kvm-guest-ioapic-pcimsi.txt': { format: 'x86, global MSI', machine: { cpus: 2, ioapics: 1 }, count: 15, has: ['ahci:msi:1', 'virtio0:nic:2', 'qxl:intx:1', 'snd_intel8x0:intx:1'] },
  'proc-interrupts-x86-2cpu-xen-hvm-guest-pirq-msi-qemu-xen-emu-excerpt.txt': { format: 'x86, Xen guest', machine: { cpus: 2, xen: { role: 'hvm' } }, count: 2, has: ['ahci:msi:1', 'ens4:nic:5'] },
  'proc-interrupts-x86-32cpu-ir-pcimsix-dbdf-nvme-vfio.txt': { format: 'x86, per-device MSI naming', machine: { cpus: 32, remapping: true, ioapics: 5 }, count: 18, has: ['nvme1:nvme:33/32', 'nvme2:nvme:17/16', 'vfio:nic:9', 'enp5s0:nic:5', 'nvidia:msi:1'] },
  // The capture of the issue: nvme0/1/2, enp5s0 and the GPU must all be granted.
  'proc-interrupts-x86-32cpu-ir-pcimsix-dbdf-nvme.txt': { format: 'x86, per-device MSI naming', machine: { cpus: 32, remapping: true, ioapics: 5 }, count: 18, has: ['nvme0:nvme:33/32', 'nvme1:nvme:9/8', 'nvme2:nvme:17/16', 'enp5s0:nic:5', 'nvidia:msi:1', 'iwlwifi:nic:16'] },
  // virtio0 is virtio-scsi: config, control, event + 32 request queues (35 vectors).
  'proc-interrupts-x86-32cpu-kvm-guest-pcimsix-dbdf-virtio.txt': { format: 'x86, per-device MSI naming', machine: { cpus: 32, ioapics: 1, remapping: false }, count: 9, has: ['virtio0:nvme:35/34', 'virtio5:nvme:2/1', 'virtio1:nic:3', 'virtio6:nic:2'] },
  'proc-interrupts-x86-40cpu-server-legacy-chipname-format.txt': { format: 'chip-handler naming', machine: { cpus: 40, remapping: true, kernel: { vectors: 'legacy', descriptors: 'bitmap' } }, count: 46, has: ['nvme0:nvme:41/40', 'nvme1:nvme:41/40', 'mlx5:nic:41', 'megasas0:nic:41', 'pci_00_11.5:msi:1', 'pcieport_34:msi:1'] },
  'proc-interrupts-x86-48cpu-amd-epyc-megasas-msix.txt': { format: 'x86, global MSI', machine: { cpus: 48, remapping: true, ioapics: 1 }, count: 27, has: ['megasas0:nic:49', 'ahci0:nic:8', 'eno8303:nic:5', 'pci_02_00.2:msi:1'] },
  'proc-interrupts-x86-4cpu-kvm-virtio-procfs.txt': { format: 'x86, global MSI', machine: { cpus: 4, ioapics: 1, remapping: false }, count: 8, has: ['virtio5:nvme:5/4', 'virtio1:intx:1', 'virtio0:nic:3', 'xhci_hcd:nic:5'] },
  'proc-interrupts-x86-4cpu-laptop-legacy-format-node-exporter.txt': { format: 'chip-handler naming', machine: { cpus: 4, remapping: true, kernel: { vectors: 'legacy' } }, count: 9, has: ['ehci_hcd_usb1:intx:1', 'mmc0:intx:1', 'iwlwifi:msi:1'] },
  'proc-interrupts-x86-4cpu-n100-ir-pcimsi-dbdf-and-msix.txt': { format: 'per-device MSI naming', machine: { cpus: 4, remapping: true, ioapics: 5 }, count: 13, has: ['nvme0:nvme:5/4', 'enp1s0:nic:5', 'enp3s0:nic:5', 'i915:msi:1', 'intel_ish_ipc:intx:1'] },
  // nvme0q0..q7: 8 vectors, 7 managed queues.
  'proc-interrupts-x86-8cpu-laptop-ir-pcimsi-nvme-legacy-hwirq.txt': { format: 'x86, global MSI', machine: { cpus: 8, remapping: true }, count: 15, has: ['nvme0:nvme:8/7', 'nvkm:msi:1', 'iwlwifi:msi:1'] },

  'proc-irq-tree-x86-1cpu-kvm-guest-el9': { format: '/proc/irq tree', machine: { cpus: 1 }, count: 0, note: /33 interrupts \(16 ISA, 17 above 15\)/ },
  'proc-irq-tree-x86-2cpu-hyperv-guest-rhel8-sosreport': { format: '/proc/irq tree', machine: { cpus: 2 }, count: 0, note: /default_smp_affinity \(3\)/ },

  'debugfs-domain-vector-x86-12cpu-kvm-guest-vector-leak.txt': { format: '1 domain files', machine: { cpus: 12 }, count: 0, note: /shows 122 allocated vectors/ },
  'debugfs-domain-vector-x86-7of8cpu-online-exhausted-cpu2.txt': { format: '1 domain files', machine: { cpus: 8, online: [0, 1, 2, 4, 5, 6, 7] }, count: 0, note: /CPU 2 had no vector available/ },
  'debugfs-domain-vector-x86-8cpu.txt': { format: '1 domain files', machine: { cpus: 8 }, count: 0, note: /48 of them managed/ },
  'debugfs-vector-matrix-x86-32cpu-excerpt.txt': { format: 'a VECTOR matrix', machine: { cpus: 32 }, count: 0 },
  // Per-device domains: mapped = vectors (IR-PCI-MSIX-0000:02:00.0-12 mapped 33, ...).
  'debugfs-domains-grep-x86-32cpu-vector-intel-ir-msix.txt': { format: '23 domain files', machine: { cpus: 32, remapping: true, ioapics: 5 }, count: 16, has: ['pci_02_00.0:nic:33', 'pci_03_00.0:nic:9', 'pci_05_00.0:nic:5', 'pci_06_00.0:nic:17', 'pci_00_14.3:nic:16', 'pci_01_00.0:msi:1'] },
  'debugfs-domains-grep-x86-32cpu-vector-intel-ir-msix-b.txt': { format: '22 domain files', machine: { cpus: 32, remapping: true, ioapics: 5 }, count: 15, has: ['pci_02_00.0:nic:33', 'pci_06_00.0:nic:17', 'pci_05_00.0:nic:5'] },
  // irqs/N tells managed: 0000:02:00.0 is 1 + 32 managed (nvme), 0000:03:00.0 9 non-managed.
  'debugfs-irqs-grep-x86-32cpu-all-irqs.txt': { format: '115 irq files', machine: { cpus: 32, remapping: true, ioapics: 5 }, count: 16, has: ['pci_02_00.0:nvme:33/32', 'pci_06_00.0:nvme:17/16', 'pci_03_00.0:nic:9', 'pci_05_00.0:nic:5', 'pci_00_14.3:nic:16'] },
  'debugfs-irq-arm64-its-msi-gicv3-nvme-msix-patched.txt': { format: '1 irq files', machine: { arch: 'arm64', cpus: 1 }, count: 1, has: ['pci_91_00.0:nvme:2/1'] },
  'debugfs-irq-x86-hygon-pci-msi-move-in-progress.txt': { format: '1 irq files', machine: { cpus: 47, remapping: false }, count: 1, has: ['pci_32_00.0:nic:4'] },
  'debugfs-irq-x86-intel-ir-msi-3level-mlx5-skylake.txt': { format: '1 irq files', machine: { cpus: 8, remapping: true }, count: 1, has: ['pci_d8_00.0:msi:1'] },
  // hwirq 0x65 of PCI-MSIX-0000:01:00.0: MSI-X index 101, so at least 102 vectors; Target 50.
  'debugfs-irq-x86-pci-msix-vector-target50-tglx.txt': { format: '1 irq files', machine: { cpus: 51, remapping: false }, count: 1, has: ['pci_01_00.0:nic:102'] },

  'xen-debugkey-e-evtchn-pvh-guest-xen4.11-excerpt.txt': { format: "Xen 'e' debug key", machine: { xen: { role: 'dom0' } }, count: 0, note: /domain 28 \(line 1\): 4 ports \(3 interdomain, 1 virq\), 3 interdomain to dom0/ },
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
}

function captureText(name: string): string {
  const p = join(FIXTURES, name);
  if (!statSync(p).isDirectory()) return readFileSync(p, 'utf8');
  return procIrqTreeText(walk(p).map((f) => ({ path: relative(p, f), content: readFileSync(f, 'utf8') })));
}

/** MSI/MSI-X lines of a /proc/interrupts that have a handler, counted straight from the text. */
function msiLinesWithHandler(text: string): number {
  return text
    .split('\n')
    .filter((l) => /^\s*\d+:/.test(l))
    .filter((l) => /(?:^|\s)(?:IR-|ITS-)?PCI-MSIX?(?:-[0-9a-f:.]+)?\s+\d+-edge\s+\S|IR-PCI-MSI-edge\s+\S|ITS-MSI\s+\d+\s+Edge\s+\S|xen-pirq\s+-msi(?:-x)?\s+\S/.test(l)).length;
}

function summary(r: Ok): string[] {
  return r.devices.map((d) => `${d.id}:${d.type}:${d.vectors}${d.managed ? `/${d.managed}` : ''}`);
}

describe('importCapture on every real capture', () => {
  const files = readdirSync(FIXTURES).filter((f) => f !== 'SOURCES.md');

  it('has an expectation for every fixture', () => {
    expect(files.length).toBeGreaterThanOrEqual(43);
    expect(files.filter((f) => !(f in EXPECT))).toEqual([]);
  });

  it.each(files)('%s', (file) => {
    const text = captureText(file);
    const r = importCapture(text);
    const want = EXPECT[file];
    if (typeof want === 'string') {
      if (r.ok) throw new Error(`imported, but expected a refusal: ${want}`);
      expect(r.message).toContain(want);
      return;
    }
    if (!r.ok) throw new Error(r.message);
    expect(r.format).toContain(want.format);
    expect(r.scenario.machine).toMatchObject(want.machine);
    expect(parseScenario(r.scenario)).toEqual({ ok: true, scenario: r.scenario });
    expect(r.devices).toHaveLength(want.count);
    const found = summary(r);
    for (const d of want.has ?? []) expect(found).toContain(d);
    if (want.note) expect(r.notes.some((n) => want.note!.test(n)), r.notes.join('\n')).toBe(true);
    // No two devices share a PCI address, and every captured address is kept.
    expect(new Set(r.devices.map((d) => d.bdf)).size).toBe(r.devices.length);
    if (file.startsWith('proc-interrupts-')) {
      const msi = r.devices.filter((d) => d.type !== 'intx').reduce((s, d) => s + d.vectors, 0);
      expect(msi).toBe(msiLinesWithHandler(text));
    }

    // The replay refuses nothing and grants each device exactly what the capture shows.
    const t = new Timeline(r.scenario, createBackend);
    expect(t.outcomes.filter((o) => !o.ok).map((o) => `${o.do} ${o.error} ${o.message ?? ''}`)).toEqual([]);
    const snap = t.snapshot();
    for (const d of r.devices) {
      const got = snap.devices.find((x) => x.id === d.id);
      expect(got, d.id).toBeDefined();
      expect(got!.bound, d.id).toBe(true);
      expect(got!.irqs.length, `${d.id} vectors`).toBe(d.vectors);
      if (d.type !== 'intx' && !r.scenario.machine.kernel && !r.scenario.machine.xen) {
        const managed = snap.irqs.filter((row) => row.device === d.id && row.managed).length;
        expect(managed, `${d.id} managed`).toBe(d.managed);
      }
    }
  });
});
