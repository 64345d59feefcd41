import { describe, expect, it } from 'vitest';
import { parseScenario } from './validate';

const base = () => ({ scenario: 2, machine: {} as Record<string, unknown>, steps: [] as unknown[] });
const nvme = (id = 'nvme0', queues = 8) => ({ do: 'device.add', id, type: 'nvme', queues });
const KINDS = '"cpu.offline", "cpu.online", "device.add", "device.remove", "driver.unbind", "driver.bind", "irq.affinity", "irq.fire", "vm.launch", "vm.destroy"';

function withMachine(machine: Record<string, unknown>) {
  return { ...base(), machine };
}
function withSteps(...steps: unknown[]) {
  return { ...base(), steps };
}

/** [name, document, exact message]; the path is checked to be the message's prefix. */
const WRONG: [string, unknown, string][] = [
  ['bad JSON', '{"scenario":2,\n  "machine": {,\n "steps": []}', 'bad JSON at line 2, column 15: unexpected "," (expected a "quoted" key)'],
  ['truncated JSON', '{"scenario":2,"machine":{},"steps":[', 'bad JSON at line 1, column 37: unexpected end of text (expected a value)'],
  ['not an object', '[1,2]', 'expected a scenario object { "scenario": 2, "machine": {...}, "steps": [...] }, got an array'],
  ['missing version', { machine: {}, steps: [] }, 'scenario: missing (expected the format version 2)'],
  ['future version', { ...base(), scenario: 3 }, 'scenario: version 3 was written by a newer irqscope; this one reads versions up to 2'],
  ['version not a number', { ...base(), scenario: 'one' }, 'scenario: expected the format version 2, got "one"'],
  ['unknown key that is not an identifier', withMachine({ 'cpu count': 4 }), 'machine["cpu count"]: unknown key (known keys here: arch, cpus, online, nodes, smt, ioapics, remapping, gic, xen, kernel)'],
  ['unknown top-level key', { ...base(), author: 'me' }, 'author: unknown key (known keys here: scenario, title, machine, steps)'],
  ['missing machine', { scenario: 2, steps: [] }, 'machine: missing (expected an object describing the machine)'],
  ['missing steps', { scenario: 2, machine: {} }, 'steps: missing (expected an array of steps)'],
  ['steps not an array', { ...base(), steps: {} }, 'steps: expected an array of steps, got an object'],
  ['title too long', { ...base(), title: 'x'.repeat(201) }, 'title: 201 characters, at most 200'],
  ['unknown machine key', withMachine({ cpu: 4 }), 'machine.cpu: unknown key (known keys here: arch, cpus, online, nodes, smt, ioapics, remapping, gic, xen, kernel)'],
  ['wrong type', withMachine({ cpus: '8' }), 'machine.cpus: expected an integer 1..8192, got "8"'],
  ['cpus out of range', withMachine({ cpus: 8193 }), 'machine.cpus: 8193 is out of range (expected an integer 1..8192)'],
  ['cpus not integer', withMachine({ cpus: 2.5 }), 'machine.cpus: 2.5 is not an integer (expected an integer 1..8192)'],
  ['nodes out of range', withMachine({ nodes: 65 }), 'machine.nodes: 65 is out of range (expected an integer 1..64)'],
  ['smt 3', withMachine({ smt: 3 }), 'machine.smt: expected 1 or 2, got 3'],
  ['ioapics 9', withMachine({ ioapics: 9 }), 'machine.ioapics: 9 is out of range (expected an integer 0..8)'],
  ['unknown arch', withMachine({ arch: 'riscv' }), 'machine.arch: expected one of "x86_64", "arm64", got "riscv"'],
  ['lpiBits', withMachine({ arch: 'arm64', gic: { lpiBits: 13 } }), 'machine.gic.lpiBits: 13 is out of range (expected an integer 14..24)'],
  ['its', withMachine({ arch: 'arm64', gic: { its: 5 } }), 'machine.gic.its: 5 is out of range (expected an integer 1..4)'],
  ['gic version', withMachine({ arch: 'arm64', gic: { version: 'v4' } }), 'machine.gic.version: expected one of "v3", "v4.1", got "v4"'],
  ['kernel policy', withMachine({ arch: 'arm64', kernel: { itsFree: 'lazy' } }), 'machine.kernel.itsFree: expected one of "bulk", "per-irq", "per-device", "region", got "lazy"'],
  ['release not a string', withMachine({ kernel: { version: 6.5 } }), 'machine.kernel.version: expected a kernel release such as "6.5" or "v4.14", got 6.5'],
  ['release misspelt', withMachine({ kernel: { version: 'six' } }), 'machine.kernel.version: expected a kernel release such as "6.5" or "v4.14", got "six"'],
  ['release that never was', withMachine({ kernel: { version: '4.25' } }), 'machine.kernel.version: there was no Linux 4.25 (the 4.x series ended with 4.20)'],
  ['future release', withMachine({ kernel: { version: '7.1' } }), 'machine.kernel.version: Linux 7.1 is newer than the newest modelled release; irqscope models Linux 2.6.39 to 7.0'],
  ['ancient release', withMachine({ kernel: { version: '2.6.32' } }), 'machine.kernel.version: Linux 2.6.32 is older than the oldest modelled release; irqscope models Linux 2.6.39 to 7.0'],
  ['stable release', withMachine({ kernel: { version: 'v6.6.30' } }), 'machine.kernel.version: "v6.6.30" is a stable point release: name the mainline release it is based on ("6.6"); stable backports are not modelled'],
  ['release candidate', withMachine({ kernel: { version: '6.5-rc1' } }), 'machine.kernel.version: release candidates are not modelled: name the release itself ("6.5")'],
  ['itsFree on x86', withMachine({ kernel: { itsFree: 'bulk' } }), 'machine.kernel.itsFree: does not apply to this machine: it is how the arm64 GICv3 ITS frees LPIs (arch is x86_64)'],
  ['vectors on arm64', withMachine({ arch: 'arm64', kernel: { vectors: 'legacy' } }), 'machine.kernel.vectors: does not apply to this machine: the x86 vector allocator does not exist on arm64'],
  ['vectors on Xen', withMachine({ xen: { role: 'dom0' }, kernel: { vectors: 'matrix' } }), 'machine.kernel.vectors: does not apply to this machine: a Xen domain allocates no CPU vectors of its own (Xen owns them; interrupts arrive as event channels)'],
  ['xenIrqs without Xen', withMachine({ kernel: { xenIrqs: '2011' } }), 'machine.kernel.xenIrqs: does not apply to this machine: it is the IRQ numbering of a Xen domain (machine.xen is absent)'],
  ['arm64 too old', withMachine({ arch: 'arm64', kernel: { version: '4.14' } }), 'machine.kernel.version: an arm64 machine is modelled from v4.19 ("irqchip/gic-v3-its: Refactor LPI allocator (the lpi_range_list allocator)"); machine.kernel.version is "4.14"'],
  ['x86 too old', withMachine({ kernel: { version: '3.10' } }), 'machine.kernel.version: an x86_64 machine (bare metal) is modelled from v4.4 ("the pre-4.15 vector.c of v4.4-v4.14 and the IRQ domain hierarchy"); machine.kernel.version is "3.10"'],
  ['Xen gap', withMachine({ xen: { role: 'dom0' }, kernel: { version: '3.2' } }), 'machine.kernel.version: a Xen domain is not modelled in v3.0 to v3.14: between 2.6.39 and v3.15 Xen dropped the fall-back below nr_irqs_gsi and nr_irqs became expandable, in releases irqscope does not model (machine.kernel.version is "3.2")'],
  ['FIFO before 3.14', withMachine({ xen: { role: 'dom0', evtchnAbi: 'fifo' }, kernel: { version: '2.6.39' } }), 'machine.xen.evtchnAbi: the FIFO event-channel ABI came with Linux 3.14 ("xen/events: Add the hypervisor interface for the FIFO-based event channels", bf2bbe07f138); machine.kernel.version is "2.6.39"'],
  ['GICv4.1 before 5.7', withMachine({ arch: 'arm64', gic: { version: 'v4.1' }, kernel: { version: '5.4' } }), 'machine.gic.version: a GICv4.1 host (vPE doorbells with vSGIs) is modelled from v5.7 ("GICv4.1 vSGI support (irq-gic-v4.c its_alloc_vcpu_sgis)", 6d31b6ff985d); machine.kernel.version is "5.4"'],
  ['NVMe before managed interrupts', { ...withSteps(nvme()), machine: { kernel: { version: '4.7' } } }, 'steps[0].type: "nvme": NVMe queues as managed interrupts are modelled from v4.8 ("genirq: Add a helper to spread an affinity mask for MSI/MSI-X vectors (irq_create_affinity_masks)"); machine.kernel.version is "4.7"'],
  ['xen role missing', withMachine({ xen: {} }), 'machine.xen.role: missing (expected one of "dom0", "hvm", "pv")'],
  ['online CPU beyond cpus', withMachine({ cpus: 4, online: [0, 1, 7] }), 'machine.online[2]: CPU 7 does not exist (machine has 4)'],
  ['online without CPU 0', withMachine({ online: [1, 2] }), 'machine.online: CPU 0 must be online (the boot CPU is always online)'],
  ['online twice', withMachine({ online: [0, 1, 1] }), 'machine.online[2]: CPU 1 is listed twice'],
  ['nodes do not divide', withMachine({ cpus: 8, nodes: 3 }), 'machine.nodes: 3 nodes do not divide 8 CPUs (CPUs are split into equal contiguous blocks, one per node)'],
  ['smt does not divide', withMachine({ cpus: 6, nodes: 2, smt: 2 }), 'machine.smt: 2 threads per core do not divide the 3 CPUs of each node (siblings are adjacent CPU numbers within a node)'],
  ['gic on x86', withMachine({ gic: { its: 2 } }), 'machine.gic: the GIC is an arm64 interrupt controller (arch is x86_64)'],
  ['xen on arm64', withMachine({ arch: 'arm64', xen: { role: 'hvm' } }), 'machine.xen: Xen domains are modelled on x86_64 only (arch is arm64)'],
  ['ioapics on arm64', withMachine({ arch: 'arm64', ioapics: 1 }), 'machine.ioapics: IO-APICs exist on x86_64 only (arch is arm64)'],
  ['unknown step', withSteps({ do: 'cpu.offlin', cpu: 1 }), `steps[0].do: expected a step kind (one of ${KINDS}), got "cpu.offlin"`],
  ['step without do', withSteps({ cpu: 1 }), `steps[0].do: missing (expected a step kind (one of ${KINDS}))`],
  ['step "do" an object', withSteps({ do: { a: 1 } }), `steps[0].do: expected a step kind (one of ${KINDS}), got an object`],
  ['step a string', withSteps(nvme(), 'cpu.offline'), `steps[1]: expected a step object with "do" (one of ${KINDS}), got "cpu.offline"`],
  ['step null', withSteps(null), `steps[0]: expected a step object with "do" (one of ${KINDS}), got null`],
  ['misspelt step key', withSteps({ do: 'cpu.offline', cpuu: 1 }), 'steps[0].cpuu: unknown key (a "cpu.offline" step takes: do, cpu)'],
  ['missing step key', withSteps({ do: 'irq.fire', device: 'x' }), 'steps[0].vector: missing (expected a vector index within its device)'],
  ['unknown device type', withSteps({ do: 'device.add', id: 'd', type: 'gpu' }), 'steps[0].type: expected a device type ("nvme", "nic", "msi", "intx"), got "gpu"'],
  ['device type false', withSteps({ do: 'device.add', id: 'd', type: false }), 'steps[0].type: expected a device type ("nvme", "nic", "msi", "intx"), got false'],
  ['device type missing', withSteps({ do: 'device.add', id: 'd' }), 'steps[0].type: missing (expected a device type ("nvme", "nic", "msi", "intx"))'],
  ['queues over cap', withSteps(nvme('n', 4096)), 'steps[0].queues: 4096 is out of range (expected an integer 1..2048 (irqscope caps queues at 2048))'],
  ['msi vectors', withSteps({ do: 'device.add', id: 'm', type: 'msi', vectors: 33 }), 'steps[0].vectors: 33 is out of range (expected an integer 1..32)'],
  ['pin E', withSteps({ do: 'device.add', id: 'i', type: 'intx', pin: 'E' }), 'steps[0].pin: expected one of "A", "B", "C", "D", got "E"'],
  ['slot 32', withSteps({ do: 'device.add', id: 'i', type: 'intx', pin: 'A', slot: 32 }), 'steps[0].slot: 32 is out of range (expected an integer 0..31)'],
  ['bad bdf', withSteps({ ...nvme(), bdf: '01:00.0' }), 'steps[0].bdf: expected a PCI address like "0000:01:00.0" (lower-case hex), got "01:00.0"'],
  ['bad id', withSteps(nvme('0nvme')), `steps[0].id: expected a device id: a letter, then up to 31 letters, digits, '_', '.' or '-', got "0nvme"`],
  ['CPU beyond machine in a step', withSteps({ do: 'cpu.offline', cpu: 8 }), 'steps[0].cpu: CPU 8 does not exist (machine has 8)'],
  ['affinity CPU beyond machine', withSteps(nvme(), nvme('nvme1'), nvme('nvme2'), { do: 'irq.affinity', device: 'nvme0', vector: 1, cpus: [0, 9] }), 'steps[3].cpus[1]: CPU 9 does not exist (machine has 8)'],
  ['empty affinity', withSteps(nvme(), { do: 'irq.affinity', device: 'nvme0', vector: 1, cpus: [] }), 'steps[1].cpus: an empty CPU list (an affinity needs at least one CPU)'],
  ['device never added', withSteps({ do: 'irq.fire', device: 'nvme0', vector: 0 }), 'steps[0].device: no device "nvme0" (never added)'],
  ['device used after removal', withSteps(nvme(), { do: 'device.remove', id: 'nvme0' }, { do: 'driver.bind', device: 'nvme0' }), 'steps[2].device: no device "nvme0" (removed at steps[1])'],
  ['device removed twice', withSteps(nvme(), { do: 'device.remove', id: 'nvme0' }, { do: 'device.remove', id: 'nvme0' }), 'steps[2].id: no device "nvme0" (removed at steps[1])'],
  ['device added twice', withSteps(nvme(), { do: 'cpu.offline', cpu: 1 }, nvme()), 'steps[2].id: device "nvme0" already exists (added at steps[0])'],
  ['nvme vector beyond 1+queues', withSteps(nvme('n', 8), { do: 'irq.fire', device: 'n', vector: 9 }), 'steps[1].vector: device "n" has no vector 9 (nvme with 8 queues has vectors 0..8)'],
  ['nic vector beyond queues', withSteps({ do: 'device.add', id: 'e', type: 'nic', queues: 4 }, { do: 'irq.fire', device: 'e', vector: 4 }), 'steps[1].vector: device "e" has no vector 4 (nic with 4 queues has vectors 0..3)'],
  ['msi vector beyond vectors', withSteps({ do: 'device.add', id: 'm', type: 'msi', vectors: 2 }, { do: 'irq.affinity', device: 'm', vector: 2, cpus: [0] }), 'steps[1].vector: device "m" has no vector 2 (msi with 2 vectors has vectors 0..1)'],
  ['intx vector 1', withSteps({ do: 'device.add', id: 'i', type: 'intx', pin: 'A' }, { do: 'irq.fire', device: 'i', vector: 1 }), 'steps[1].vector: device "i" has no vector 1 (intx has only vector 0)'],
  ['aliasOf on x86', withSteps(nvme(), { ...nvme('nvme1'), aliasOf: 'nvme0' }), 'steps[1].aliasOf: DMA aliases share an ITS device: arm64 only (arch is x86_64)'],
  ['aliasOf unknown device', { ...base(), machine: { arch: 'arm64' }, steps: [{ ...nvme('nvme1'), aliasOf: 'nvme0' }] }, 'steps[0].aliasOf: no device "nvme0" (never added)'],
  ['vm launched twice', withSteps({ do: 'vm.launch', id: 'vm1', vcpus: 2, type: 'kvm' }, { do: 'vm.launch', id: 'vm1', vcpus: 2, type: 'kvm' }), 'steps[1].id: VM "vm1" already exists (launched at steps[0])'],
  ['vm destroyed never launched', withSteps({ do: 'vm.destroy', id: 'vm1' }), 'steps[0].id: no VM "vm1" (never launched)'],
  ['xen guest without dom0', withSteps({ do: 'vm.launch', id: 'g', vcpus: 1, type: 'xen' }), 'steps[0].type: a Xen guest needs the machine to be a Xen dom0 (machine.xen is absent)'],
  ['vcpus 0', withSteps({ do: 'vm.launch', id: 'g', vcpus: 0, type: 'kvm' }), 'steps[0].vcpus: 0 is out of range (expected an integer 1..4096)'],
];

describe('parseScenario: one clear message per kind of wrong document', () => {
  it.each(WRONG)('%s', (_name, doc, message) => {
    const r = parseScenario(doc);
    expect(r).toMatchObject({ ok: false, message });
    if (!r.ok && r.path !== '') expect(message.startsWith(`${r.path}: `)).toBe(true);
  });

  it('takes JSON text and values alike', () => {
    const doc = withSteps(nvme(), { do: 'irq.affinity', device: 'nvme0', vector: 3, cpus: [1, 2] });
    expect(parseScenario(JSON.stringify(doc))).toEqual({ ok: true, scenario: doc });
    expect(parseScenario(doc)).toEqual({ ok: true, scenario: doc });
  });

  it('accepts ids again after removal and keeps the document as written (no defaults added)', () => {
    const doc = {
      scenario: 2,
      machine: { arch: 'arm64', cpus: 4, gic: { version: 'v4.1' } },
      steps: [
        nvme('a'),
        { ...nvme('b'), aliasOf: 'a', bind: false },
        { do: 'device.remove', id: 'a' },
        nvme('a', 2),
        { do: 'vm.launch', id: 'vm', vcpus: 4, type: 'kvm' },
        { do: 'vm.destroy', id: 'vm' },
        { do: 'vm.launch', id: 'vm', vcpus: 2, type: 'kvm' },
      ],
    };
    const r = parseScenario(doc);
    expect(r).toEqual({ ok: true, scenario: doc });
  });

  it('accepts a UTF-8 byte-order mark before the JSON, as a link does', () => {
    const doc = withSteps(nvme());
    expect(parseScenario('\ufeff' + JSON.stringify(doc))).toEqual({ ok: true, scenario: doc });
    // Anywhere else it is still a character the JSON does not allow.
    expect(parseScenario(JSON.stringify(doc) + '\ufeff').ok).toBe(false);
  });

  it('accepts "v6.5" as well as "6.5", and every release the table names', () => {
    for (const version of ['v6.5', '6.5', '2.6.39', '4.14', '4.15', '5.10', '6.4', '6.16', '7.0']) {
      const machine = version === '2.6.39' ? { xen: { role: 'dom0' as const, evtchnAbi: '2l' as const }, kernel: { version } } : { kernel: { version } };
      const r = parseScenario({ ...base(), machine });
      expect(r.ok ? '' : r.message).toBe('');
    }
  });

  it('xen guests are accepted on a dom0', () => {
    const doc = { scenario: 2, machine: { xen: { role: 'dom0' } }, steps: [{ do: 'vm.launch', id: 'g', vcpus: 1, type: 'xen' }] };
    expect(parseScenario(doc).ok).toBe(true);
  });

  it('never throws on hostile values', () => {
    const getterBomb = Object.defineProperty({}, 'scenario', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const r = parseScenario(getterBomb);
    expect(r.ok).toBe(false);
    for (const v of [undefined, null, 0, NaN, true, () => 1, Symbol('s'), 10n, new Date(), { scenario: 1, machine: { cpus: NaN }, steps: [] }]) {
      const res = parseScenario(v);
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.message.length).toBeGreaterThan(5);
    }
  });
});
