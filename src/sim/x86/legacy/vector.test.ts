import { describe, expect, it } from 'vitest';
import { EventLog } from '../../events';
import type { LegacyMachine } from './types';
import { X86LegacyMachine } from './machine';
import { vectorTable } from './state';

const SYSTEM = [...Array(20).keys(), 0x20, 0x80, ...Array.from({ length: 17 }, (_, i) => 239 + i)];

function machine(over: Partial<LegacyMachine> = {}): LegacyMachine {
  const nrCpus = over.nrCpus ?? 4;
  return {
    nrCpus,
    apic: 'physflat',
    firstSystemVector: 239,
    legacyPic: true,
    ioApic: true,
    remapping: false,
    nodes: [[...Array(nrCpus).keys()]],
    online: [...Array(nrCpus).keys()],
    systemVectors: SYSTEM,
    ...over,
  };
}

describe('X86LegacyMachine boot', () => {
  it('puts the ISA irqs on 0x30+irq on every online CPU', () => {
    const dom = new X86LegacyMachine(machine({ online: [0, 2] }));
    for (const cpu of [0, 2]) {
      expect(vectorTable(dom, cpu)).toEqual(Array.from({ length: 16 }, (_, i) => [0x30 + i, i]));
    }
    expect(vectorTable(dom, 1)).toEqual([]);
    expect(dom.state(3)).toMatchObject({ chip: 'XT-PIC', vector: 0x33, domain: '0-3', effective_affinity: '' });
    expect(dom.currentVector).toBe(0x21);
  });
});

describe('__assign_irq_vector', () => {
  it('spreads by 16 from 0x41 with one global search position, skipping ISA and system vectors', () => {
    const dom = new X86LegacyMachine(machine());
    expect(dom.alloc(24, 12, 'msi', -1)).toBe(0);
    const vectors = Array.from({ length: 12 }, (_, i) => dom.state(24 + i)!.vector);
    // 0x41..0xe1, then offset 2: 0x22, then 0x42 (0x32 is ISA irq 2).
    expect(vectors).toEqual([0x41, 0x51, 0x61, 0x71, 0x81, 0x91, 0xa1, 0xb1, 0xc1, 0xd1, 0xe1, 0x22]);
    expect(dom.alloc(36, 1, 'msi', -1)).toBe(0);
    expect(dom.state(36)!.vector).toBe(0x42);
    // Everything lands on the first online CPU of the mask.
    expect(dom.state(30)).toMatchObject({ domain: '0', dest_apicid: 0, effective_affinity: '0', affinity: '0-3' });
  });

  it('shares one vector across CPUs 0-7 in logical flat mode', () => {
    const dom = new X86LegacyMachine(machine({ apic: 'flat' }));
    expect(dom.alloc(24, 1, 'msi', -1)).toBe(0);
    expect(dom.state(24)).toMatchObject({ vector: 0x41, domain: '0-3', dest_apicid: 0xf, effective_affinity: '0-3' });
    for (let cpu = 0; cpu < 4; cpu++) expect(dom.slot(cpu, 0x41)).toBe(24);
  });

  it('moves to the next CPU when the first is full and fails with -ENOSPC when all are', () => {
    // Vectors 0x21..0x2f and 0x40..0x4f below first_system_vector 0x50: 31 per CPU.
    const dom = new X86LegacyMachine(machine({ nrCpus: 2, firstSystemVector: 0x50 }));
    expect(dom.alloc(100, 31, 'msi', -1)).toBe(0);
    expect(dom.state(130)!.domain).toBe('0');
    expect(dom.alloc(131, 1, 'msi', -1)).toBe(0);
    expect(dom.state(131)!.domain).toBe('1');
    expect(dom.alloc(132, 30, 'msi', -1)).toBe(0);
    const before = dom.currentVector;
    expect(dom.alloc(200, 1, 'msi', -1)).toBe(-28);
    expect(dom.state(200)).toBeNull();
    expect(dom.currentVector).toBe(before);
  });

  it('rolls back every irq of a failed call', () => {
    const dom = new X86LegacyMachine(machine({ nrCpus: 1, firstSystemVector: 0x50, online: [0] }));
    const tables = dom.vectorIrq.slice();
    expect(dom.alloc(100, 40, 'msi', -1)).toBe(-28);
    for (let i = 100; i < 140; i++) expect(dom.state(i)).toBeNull();
    expect(dom.vectorIrq).toEqual(tables);
  });
});

describe('affinity and cleanup', () => {
  it('without remapping moves on the next interrupt and cleans up after the first one on the new vector', () => {
    const dom = new X86LegacyMachine(machine());
    dom.alloc(24, 1, 'msi', -1);
    expect(dom.request(24)).toBe(0);
    expect(dom.set_affinity(24, [2])).toBe(0);
    expect(dom.state(24)).toMatchObject({ vector: 0x41, move_pending: true, pending_mask: '2' });
    expect(dom.fire(24, 0, 0x41)).toBe(0);
    const s = dom.state(24)!;
    expect(s).toMatchObject({ old_vector: 0x41, domain: '2', old_domain: '0', move_in_progress: true, affinity: '2' });
    // Another change while the move is in progress is refused (-EBUSY, ignored by the write).
    expect(dom.set_affinity(24, [3])).toBe(0);
    expect(dom.fire(24, 2, s.vector)).toBe(0);
    expect(dom.state(24)).toMatchObject({ move_in_progress: false, domain: '2', move_pending: false });
    expect([...dom.cleanupIpi]).toEqual([1, 0, 0, 0]);
    expect(dom.slot(0, 0x41)).toBe(24);
    expect(dom.cleanup(0)).toBe(1);
    expect(dom.slot(0, 0x41)).toBeLessThan(0);
    expect(dom.state(24)!.old_domain).toBe('');
    expect(dom.cleanup(0)).toBe(0);
  });

  it('with remapping moves at once and sends the cleanup IPI in the same call', () => {
    const dom = new X86LegacyMachine(machine({ remapping: true }));
    dom.alloc(24, 1, 'msi', -1);
    dom.request(24);
    expect(dom.set_affinity(24, [1])).toBe(0);
    expect(dom.state(24)).toMatchObject({ chip: 'IR-PCI-MSI', domain: '1', old_domain: '0', move_in_progress: false });
    expect([...dom.cleanupIpi]).toEqual([1, 0, 0, 0]);
  });

  it('refuses the XT-PIC and managed irqs with -EIO', () => {
    const dom = new X86LegacyMachine(machine());
    dom.alloc(24, 1, 'managed', -1, [[1]]);
    expect(dom.set_affinity(24, [0])).toBe(-5);
    expect(dom.set_affinity(6, [1])).toBe(-5);
  });
});

describe('CPU hotplug', () => {
  it('refuses to offline a CPU whose vectors do not fit elsewhere (-ERANGE)', () => {
    const dom = new X86LegacyMachine(machine({ nrCpus: 2, firstSystemVector: 0x50 }));
    dom.alloc(100, 31, 'msi', -1); // CPU 0 full
    dom.alloc(131, 1, 'msi', -1); // on CPU 1
    expect(dom.request(131)).toBe(0);
    expect(dom.set_affinity(131, [1])).toBe(0);
    expect(dom.fire(131, 1, dom.state(131)!.vector)).toBe(0);
    expect(dom.state(131)).toMatchObject({ domain: '1', affinity: '1', move_pending: false });
    expect(dom.cpu_offline(1)).toBe(-34);
    expect(dom.isOnline(1)).toBe(true);
    dom.free(100, 2); // 0x41 and 0x22 on CPU 0
    expect(dom.cpu_offline(1)).toBe(0);
    // The search never tries current_vector (0x41, last taken on CPU 1) itself.
    expect(dom.state(131)).toMatchObject({ vector: 0x22, domain: '0', affinity: '0' });
    expect(vectorTable(dom, 1)).toEqual([]);
  });

  it('counts current_vector as free in the check but never finds it in the search', () => {
    const log = new EventLog();
    const dom = new X86LegacyMachine(machine({ nrCpus: 2, firstSystemVector: 0x50 }), log);
    dom.alloc(100, 32, 'msi', -1); // CPU 0 full, irq 131 on CPU 1 at 0x41
    dom.request(131);
    dom.free(100, 1); // frees 0x41 on CPU 0, which is current_vector
    expect(dom.currentVector).toBe(0x41);
    expect(dom.cpu_offline(1)).toBe(0);
    expect(dom.state(131)).toMatchObject({ vector: 0x41, domain: '1', started: true });
    expect(log.events).toContainEqual({ type: 'log', level: 'warn', site: 'migrate_one_irq', message: 'IRQ131: set affinity failed(-28).' });
  });

  it('shuts a managed irq down with its last CPU and starts it when the CPU returns', () => {
    const dom = new X86LegacyMachine(machine());
    dom.alloc(24, 1, 'managed', -1, [[3]]);
    dom.request(24);
    expect(dom.state(24)).toMatchObject({ domain: '3', started: true });
    expect(dom.cpu_offline(3)).toBe(0);
    expect(dom.state(24)).toMatchObject({ managed_shutdown: true, started: false, vector: dom.state(24)!.vector });
    expect(dom.cpu_online(3)).toBe(0);
    expect(dom.state(24)).toMatchObject({ managed_shutdown: false, started: true, domain: '3' });
    expect(dom.slot(3, dom.state(24)!.vector)).toBe(24);
  });
});

describe('bad input', () => {
  it('returns an error and never throws', () => {
    const log = new EventLog();
    const dom = new X86LegacyMachine(machine(), log);
    expect(dom.request(999)).toBe(-22);
    expect(dom.fire(999, 0, 0x41)).toBe(-22);
    expect(dom.cleanup(17)).toBe(-22);
    expect(dom.cpu_offline(9)).toBe(-22);
    expect(dom.cpu_online(0)).toBe(-22);
    expect(dom.set_affinity(3, [42])).toBe(-22);
    expect(dom.alloc(3, 1, 'msi', -1)).toBe(-17);
    expect(dom.warnings).toBe(0);
    expect(dom.free(3, 1)).toBe(-22);
    expect(dom.free_irq(40)).toBe(-22);
    expect(dom.warnings).toBe(2);
    expect(log.events.some((e) => e.type === 'warning' && e.site === '__free_irq')).toBe(true);
  });
});
