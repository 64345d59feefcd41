// The capture formats one by one, on made-up text of the shapes the kernel prints.
import { describe, expect, it } from 'vitest';
import { importCapture, recogniseCapture } from './capture';
import { parseDebugfs, splitGrepDump } from './debugfs_parse';
import { parseProcIrqTree, procIrqTreeText } from './proc_irq_tree';
import { parseXenEvtchnDump } from './xen_debugkey';

describe('/proc/irq tree', () => {
  const files = [
    { path: 'proc/irq/default_smp_affinity', content: 'ff,ffffffff\n' },
    { path: 'proc/irq/24/smp_affinity_list', content: '0-39\n' },
    { path: 'proc/irq/24/node', content: '1\n' },
    { path: 'proc/irq/24/spurious', content: 'count 3\nunhandled 0\nlast_unhandled 0 ms\n' },
  ];

  it('the files of a dropped directory, as grep prints them', () => {
    const text = procIrqTreeText(files);
    expect(text).toBe(
      'proc/irq/default_smp_affinity:ff,ffffffff\nproc/irq/24/smp_affinity_list:0-39\nproc/irq/24/node:1\nproc/irq/24/spurious:count 3\nproc/irq/24/spurious:unhandled 0\nproc/irq/24/spurious:last_unhandled 0 ms\n',
    );
    const t = parseProcIrqTree(text)!;
    expect(t.irqs.get(24)!.get('spurious')).toBe('count 3\nunhandled 0\nlast_unhandled 0 ms');
  });

  it('"head /proc/irq/*/*" output: 40 CPUs from default_smp_affinity, 2 nodes', () => {
    const text = '==> /proc/irq/default_smp_affinity <==\nff,ffffffff\n\n==> /proc/irq/24/node <==\n1\n\n==> /proc/irq/24/smp_affinity_list <==\n0-39\n';
    expect(recogniseCapture(text)).toBe('proc-irq-tree');
    const r = importCapture(text);
    if (!r.ok) throw new Error(r.message);
    expect(r.scenario.machine).toEqual({ cpus: 40, nodes: 2 });
    expect(r.notes).toContain('40 CPUs: every possible CPU is set in default_smp_affinity (ff,ffffffff)');
  });
});

describe('/sys/kernel/debug/irq', () => {
  it('a grep dump is split by file names that contain colons', () => {
    const text = [
      'IR-PCI-MSIX-0000:02:00.0-12:name:   IR-PCI-MSIX-0000:02:00.0-12',
      'IR-PCI-MSIX-0000:02:00.0-12: size:   0',
      'IR-PCI-MSIX-0000:02:00.0-12: mapped: 33',
      'IR-PCI-MSIX-0000:02:00.0-12: parent: INTEL-IR-0-13',
      'IR-PCI-MSI-0000:00:17.0-11:name:   IR-PCI-MSI-0000:00:17.0-11',
      'IR-PCI-MSI-0000:00:17.0-11: mapped: 1',
    ].join('\n');
    const files = splitGrepDump(text)!;
    expect(files.map((f) => [f.name, f.lines.length])).toEqual([
      ['IR-PCI-MSIX-0000:02:00.0-12', 4],
      ['IR-PCI-MSI-0000:00:17.0-11', 2],
    ]);
    const c = parseDebugfs(text)!;
    expect(c.domains.map((d) => [d.name, d.mapped, d.parents])).toEqual([
      ['IR-PCI-MSIX-0000:02:00.0-12', 33, ['INTEL-IR-0-13']],
      ['IR-PCI-MSI-0000:00:17.0-11', 1, []],
    ]);
    const r = importCapture(text);
    if (!r.ok) throw new Error(r.message);
    expect(r.devices.map((d) => `${d.id}:${d.type}:${d.vectors}`)).toEqual(['pci_02_00.0:nic:33', 'pci_00_17.0:msi:1']);
    expect(r.scenario.machine.remapping).toBe(true);
  });
});

describe("Xen 'e' listing", () => {
  it("dom0's own block gives its CPUs; another domain's becomes a guest", () => {
    const text = [
      '(XEN) Event channel information for domain 0:',
      '(XEN) Polling vCPUs: {}',
      '(XEN)     port [p/m/s]',
      '(XEN)        1 [0/0/1]: s=5 n=0 x=0 v=0',
      '(XEN)        2 [0/0/1]: s=5 n=3 x=0 v=0',
      '(XEN)        3 [0/0/1]: s=3 n=0 x=0 d=5 p=1',
      '(XEN) Event channel information for domain 5:',
      '(XEN)        1 [0/0/1]: s=3 n=1 x=0 d=0 p=3',
    ].join('\n');
    const blocks = parseXenEvtchnDump(text)!;
    expect(blocks.map((b) => [b.domain, b.ports.length])).toEqual([[0, 3], [5, 1]]);
    const r = importCapture(text);
    if (!r.ok) throw new Error(r.message);
    expect(r.scenario.machine).toEqual({ cpus: 4, xen: { role: 'dom0' } });
    expect(r.scenario.steps).toEqual([{ do: 'vm.launch', id: 'dom5', vcpus: 2, type: 'xen' }]);
  });
});

describe('recogniseCapture', () => {
  it('tells the kinds apart from their first lines', () => {
    expect(recogniseCapture('{"scenario":1}')).toBe('scenario');
    expect(recogniseCapture('# tracer: nop\n  a-1 [000] d..1. 1.000000: vector_reserve: irq=3 ret=0\n')).toBe('ftrace');
    expect(recogniseCapture('name:   VECTOR\n size:   0\n')).toBe('debugfs');
    expect(recogniseCapture('handler:  handle_edge_irq\ndstate:   0x0\n')).toBe('debugfs');
    expect(recogniseCapture('proc/irq/3/node:0\n')).toBe('proc-irq-tree');
    expect(recogniseCapture('   CPU0\n 0: 5 IO-APIC 2-edge timer\n')).toBe('proc-interrupts');
    expect(recogniseCapture('hello\n')).toBe('unknown');
  });
});
