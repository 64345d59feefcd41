// The five kernel stories as scenarios, each runnable before and after the kernel change.
// `variants` are the same steps on another kernel release (or, for the proposals that were
// never merged, on mainline with the proposal's knob): the UI offers them one click away, and
// tests replay each and assert the story's outcome (presets.test.ts, stories.test.ts).
import type { Machine, Scenario, Step } from './schema';

export interface PresetVariant {
  /** The release, e.g. "6.5" (releases.ts). */
  release: string;
  /** Short label: the release and what it does here, e.g. "v6.5: maple tree". */
  label: string;
  /** Overrides on top of the release: only for a proposal that was never merged. */
  kernel?: Omit<NonNullable<Machine['kernel']>, 'version'>;
  /** The variant runs a proposal that was never merged (a counterfactual kernel). */
  proposal?: boolean;
}

export interface Preset {
  id: string;
  title: string;
  /** The kernel change: what, who, when. */
  change: string;
  /** Where it was discussed. */
  thread: string;
  /** What to watch and why it happens, in a few sentences. */
  explanation: string;
  /** One caption per step, shown while the story plays. */
  captions: string[];
  scenario: Scenario;
  variants: PresetVariant[];
}

/** The preset's scenario on one variant's release (and a proposal's knob). */
export function presetScenario(p: Preset, variant: number): Scenario {
  const v = p.variants[variant];
  return {
    ...p.scenario,
    title: `${p.title} — ${v.label}`,
    machine: { ...p.scenario.machine, kernel: { version: v.release, ...v.kernel } },
  };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

// --- A. GICv4.1 guests against the descriptor cap -----------------------------------------
const gicVms = range(18).map((i): Step => ({ do: 'vm.launch', id: `vm${i + 1}`, type: 'kvm', vcpus: 32 }));

const storyA: Preset = {
  id: 'gicv41-descriptor-cap',
  title: 'GICv4.1 guests against the ~8K descriptor cap',
  change: 'genirq: Use a maple tree for interrupt descriptor management (Shanker Donthineni, v6.5)',
  thread: 'LKML, "Increase the number of IRQ descriptors for SPARSEIRQ", v1 Jan 2023 .. v5 May 2023',
  explanation:
    'Each 32-vCPU guest on a GICv4.1 host costs 32 vPE doorbells plus 16 vSGIs per vCPU: 544 host ' +
    'IRQ descriptors, in contiguous blocks. Before v6.5 the allocated-IRQ bitmap had NR_IRQS + 8196 ' +
    'bits (8260 on arm64), so after about 15 guests vgic_v4_init fails with "VPE IRQ allocation ' +
    'failure" (-ENOMEM from irq_expand_nr_irqs). The failed guest keeps what it got: its_alloc_vcpu_irqs\' ' +
    'error path (v5.7 on) leaves its doorbells and the vSGIs already allocated, so later guests fail ' +
    'sooner. With the maple tree the limit is INT_MAX and every guest launches.',
  captions: [
    'A host NVMe controller: 1 admin + 8 managed queues through ITS-PCI-MSIX.',
    'A host NIC with 8 queues.',
    ...gicVms.map((_, i) => `Guest ${i + 1}: +32 doorbells (GICv4-vpe) and 32 × 16 vSGIs (GICv4-sgi) = 544 descriptors.`),
  ],
  scenario: {
    scenario: 2,
    title: 'GICv4.1 guests against the ~8K descriptor cap',
    machine: { arch: 'arm64', cpus: 64, nodes: 2, gic: { version: 'v4.1', lpiBits: 16, its: 1 }, kernel: { version: '6.4' } },
    steps: [
      { do: 'device.add', id: 'nvme0', type: 'nvme', queues: 8 },
      { do: 'device.add', id: 'eth0', type: 'nic', queues: 8 },
      ...gicVms,
    ],
  },
  variants: [
    { release: '6.4', label: 'v6.4: bitmap, NR_IRQS + 8196' },
    { release: '6.5', label: 'v6.5: maple tree' },
  ],
};

// --- B. x86 vector exhaustion and CPU offline ----------------------------------------------
const nics = range(4).map((i): Step => ({ do: 'device.add', id: `eth${i}`, type: 'nic', queues: 80 }));

const storyB: Preset = {
  id: 'x86-vectors-offline',
  title: 'x86 vectors: exhaustion and CPU offline, managed vs regular',
  change: 'x86: Rework the vector management (Thomas Gleixner, v4.15: matrix allocator, reservation mode, managed interrupts)',
  thread: 'LKML, "[patch V2 00/38] x86/apic: Rework the vector management", Sep 2017',
  explanation:
    'Four NICs with 80 queues each request 320 regular vectors on a 4-CPU box (about 201 allocatable ' +
    'per CPU); the NVMe queues are managed and spread one per CPU. Offlining CPUs moves the regular ' +
    'vectors to the remaining CPUs until lapic_can_unplug_cpu finds too few free vectors and refuses ' +
    '("CPU N has X vectors, Y available. Cannot disable CPU", -ENOSPC); managed queue interrupts are ' +
    'not counted: they shut down with their CPU and restart when it returns. The pre-4.15 allocator ' +
    'put every vector on the first CPU of the mask at allocation time and refused with -ERANGE.',
  captions: [
    'NVMe with 4 managed queues: one managed vector reserved per CPU of each queue mask.',
    ...nics.map((_, i) => `NIC ${i}: 80 regular vectors, each placed on the CPU with the most free vectors.`),
    'CPU 3 goes offline: its regular vectors move, its NVMe queue shuts down.',
    'CPU 2 goes offline: the remaining CPUs are nearly full.',
    'CPU 1 cannot go offline: not enough vectors left on CPU 0.',
    'CPU 3 comes back: its managed queue interrupt starts again.',
  ],
  scenario: {
    scenario: 2,
    title: 'x86 vectors: exhaustion and CPU offline',
    machine: { arch: 'x86_64', cpus: 4, ioapics: 1, remapping: true, kernel: { version: '4.14' } },
    steps: [
      { do: 'device.add', id: 'nvme0', type: 'nvme', queues: 4 },
      ...nics,
      { do: 'cpu.offline', cpu: 3 },
      { do: 'cpu.offline', cpu: 2 },
      { do: 'cpu.offline', cpu: 1 },
      { do: 'cpu.online', cpu: 3 },
    ],
  },
  variants: [
    { release: '4.14', label: 'v4.14: the vector search before the rework' },
    { release: '4.15', label: 'v4.15: the vector matrix' },
  ],
};

// --- C. Shared INTx lines and hot unplug -----------------------------------------------------
const storyC: Preset = {
  id: 'intx-mapping-refcount',
  title: 'Shared INTx lines and hot unplug: who owns the mapping?',
  change: 'genirq/irqdomain: reference-counted mappings (Alexey Kardashevskiy, Nov 2020; not merged)',
  thread: 'LKML, "[PATCH kernel v4 0/8] genirq/irqdomain: Add reference counting to IRQs", Nov 2020',
  explanation:
    'Three devices whose INTx pins swizzle onto the same host-bridge line share one Linux IRQ: ' +
    'irq_create_mapping returns the existing mapping without counting users. In mainline, removing ' +
    'one device calls irq_dispose_mapping, which tears the mapping down for everyone: the other two ' +
    'devices lose their interrupt. With the proposed reference count, the last user tears it down.',
  captions: [
    'Slot 1, INTA → host-bridge INTB.',
    'Slot 0, INTB → host-bridge INTB: the same line, the same IRQ.',
    'Slot 2, INTD → host-bridge INTB: a third user.',
    'The first device is hot-unplugged: its dispose of the shared mapping.',
    'The second device interrupts: is its line still mapped?',
    'The third device interrupts.',
  ],
  scenario: {
    scenario: 2,
    title: 'Shared INTx lines and hot unplug',
    machine: { arch: 'arm64', cpus: 4, kernel: { version: '7.0' } },
    steps: [
      { do: 'device.add', id: 'ata0', type: 'intx', pin: 'A', slot: 1 },
      { do: 'device.add', id: 'snd0', type: 'intx', pin: 'B', slot: 0 },
      { do: 'device.add', id: 'usb0', type: 'intx', pin: 'D', slot: 2 },
      { do: 'device.remove', id: 'ata0' },
      { do: 'irq.fire', device: 'snd0', vector: 0 },
      { do: 'irq.fire', device: 'usb0', vector: 0 },
    ],
  },
  variants: [
    { release: '7.0', label: 'v7.0 (mainline): no reference count' },
    { release: '7.0', label: 'the 2020 proposal (not merged): reference-counted mappings', kernel: { mappingRefcount: true }, proposal: true },
  ],
};

// --- D. ITS Multi-MSI driver reinsertion ----------------------------------------------------
const storyD: Preset = {
  id: 'its-multimsi-reinsertion',
  title: 'ITS Multi-MSI: the driver cannot be loaded twice',
  change: 'genirq/irqdomain: free the hierarchy one interrupt at a time (Marc Zyngier, v5.11, 4615fbc3788d)',
  thread: 'LKML, John Garry, "PCI MSI issue with reinserting a driver", Feb 2021',
  explanation:
    'A Multi-MSI device asking for 27 vectors gets a naturally aligned block of 32 ITS events. ' +
    'Since v5.11 the core frees interrupts one by one, so unbinding clears 27 bits and leaves 5 ' +
    'padding bits set: the ITS device is never freed, and the next probe reuses it and cannot ' +
    'find an aligned block of 32 (-ENOSPC). Before v5.11 the block was freed at once; v6.16 adds ' +
    'a teardown that WARNs about the leftover bits; the per-device region model proposed on the ' +
    'list releases the whole region at teardown.',
  captions: [
    'Probe: 27 vectors from a 32-event aligned region (events 0-31).',
    'Unbind: the interrupts are freed.',
    'Bind again: the driver asks for 27 vectors once more.',
  ],
  scenario: {
    scenario: 2,
    title: 'ITS Multi-MSI driver reinsertion',
    machine: { arch: 'arm64', cpus: 8, gic: { version: 'v3', lpiBits: 16, its: 1 }, kernel: { version: '5.10' } },
    steps: [
      { do: 'device.add', id: 'dma0', type: 'msi', vectors: 27 },
      { do: 'driver.unbind', device: 'dma0' },
      { do: 'driver.bind', device: 'dma0' },
    ],
  },
  variants: [
    { release: '5.10', label: 'v5.10: the block freed at once' },
    { release: '6.4', label: 'v6.4: freed one interrupt at a time' },
    { release: '6.16', label: 'v6.16: per-device domains with teardown' },
    { release: '7.0', label: 'the per-device region proposal (not merged)', kernel: { itsFree: 'region' }, proposal: true },
  ],
};

// --- E. Xen event channels crowding the IRQ space -------------------------------------------
const xenGuests = range(58).map((i): Step => ({ do: 'vm.launch', id: `domu${i + 1}`, type: 'xen', vcpus: 2 }));

const storyE: Preset = {
  id: 'xen-evtchn-nr-irqs',
  title: 'Xen event channels eating into the GSI space',
  change: 'xen: events: allocate GSIs and dynamic IRQs from separate IRQ ranges (Ian Campbell, Linux 2.6.39, 89911501f3aa) and its successors',
  thread: 'xen-devel / LKML, "Xen and incorporating event channels in to nr_irqs", 2011',
  explanation:
    'A 1-vCPU dom0 with one 24-pin IO-APIC has nr_irqs_gsi = 40 and nr_irqs = 256: 216 dynamic IRQ ' +
    'numbers for VIRQs, IPIs and the backends of every guest (netback, blkback, console). In 2.6.39, ' +
    'when they ran out, the kernel printed "Out of dynamic IRQ space and eating into GSI space" and ' +
    'took numbers below nr_irqs_gsi: first the padding 24-39, then 16-23, GSIs not registered yet. ' +
    'A PCI device whose GSI registers later finds its IRQ taken (-EEXIST). Today dynamic IRQs stay ' +
    'above the GSIs and nr_irqs grows on demand.',
  captions: [...xenGuests.map((_, i) => `Guest ${i + 1}: its backends bind interdomain event channels in dom0.`), 'A PCI device appears: INTC of slot 0 is wired to GSI 18, which must be IRQ 18.'],
  scenario: {
    scenario: 2,
    title: 'Xen event channels crowding the IRQ space',
    machine: { arch: 'x86_64', cpus: 1, ioapics: 1, xen: { role: 'dom0', evtchnAbi: '2l' }, kernel: { version: '2.6.39' } },
    steps: [...xenGuests, { do: 'device.add', id: 'sata0', type: 'intx', pin: 'C', slot: 0 }],
  },
  variants: [
    { release: '2.6.39', label: 'v2.6.39: dynamic IRQs fall back below nr_irqs_gsi' },
    { release: '7.0', label: 'v7.0: dynamic IRQs above the GSIs' },
  ],
};

export const PRESETS: readonly Preset[] = [storyA, storyB, storyC, storyD, storyE];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
