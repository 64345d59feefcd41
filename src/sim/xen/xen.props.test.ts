import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { XenDomain } from './domain';
import type { XenEvents } from './events_base';
import { NR_VIRQS, XEN_NR_IPIS, type XenIrqsPolicy, type XenRole } from './percpu';

type Op =
  | { k: 'virq'; cpu: number; virq: number }
  | { k: 'ipi'; cpu: number; ipi: number }
  | { k: 'inter'; n: number }
  | { k: 'unbind'; pick: number }
  | { k: 'up'; cpu: number }
  | { k: 'down'; cpu: number }
  | { k: 'gsi'; gsi: number }
  | { k: 'pirqStop'; pick: number }
  | { k: 'guest'; domid: number; vcpus: number }
  | { k: 'destroy'; domid: number };

const CPUS = 3;
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('virq' as const), cpu: fc.integer({ min: 0, max: CPUS }), virq: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ k: fc.constant('ipi' as const), cpu: fc.integer({ min: 0, max: CPUS - 1 }), ipi: fc.integer({ min: 0, max: XEN_NR_IPIS - 1 }) }),
  fc.record({ k: fc.constant('inter' as const), n: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ k: fc.constant('unbind' as const), pick: fc.nat() }),
  fc.record({ k: fc.constant('up' as const), cpu: fc.integer({ min: 0, max: CPUS - 1 }) }),
  fc.record({ k: fc.constant('down' as const), cpu: fc.integer({ min: 1, max: CPUS - 1 }) }),
  fc.record({ k: fc.constant('gsi' as const), gsi: fc.integer({ min: 0, max: 23 }) }),
  fc.record({ k: fc.constant('pirqStop' as const), pick: fc.nat() }),
  fc.record({ k: fc.constant('guest' as const), domid: fc.integer({ min: 1, max: 12 }), vcpus: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ k: fc.constant('destroy' as const), domid: fc.integer({ min: 1, max: 12 }) }),
);

/** evtchn_to_irq, irq_info, the per-CPU tables, the ports and the descriptors all agree. */
function checkConsistent(x: XenEvents): void {
  let withPort = 0;
  const seenPorts = new Set<number>();
  for (const [irq, info] of x.irqInfo) {
    expect(info.irq).toBe(irq);
    if (info.type !== 'PIRQ' || irq >= x.nrLegacyIrqs) expect(x.descs.isAllocated(irq)).toBe(true);
    if (info.evtchn !== 0) {
      withPort++;
      expect(seenPorts.has(info.evtchn)).toBe(false);
      seenPorts.add(info.evtchn);
      expect(x.evtchnToIrq.get(info.evtchn)).toBe(irq);
      expect(x.ports.isBound(info.evtchn)).toBe(true);
    }
    if (info.type === 'VIRQ') expect(x.virqToIrq[info.cpu * NR_VIRQS + info.virq!]).toBe(irq);
    if (info.type === 'IPI') expect(x.ipiToIrq[info.cpu * XEN_NR_IPIS + info.ipi!]).toBe(irq);
  }
  let entries = 0;
  for (const [port, irq] of x.evtchnToIrq.entries()) {
    entries++;
    expect(x.irqInfo.get(irq)?.evtchn).toBe(port);
  }
  expect(entries).toBe(withPort);
  expect(x.ports.bound).toBe(withPort);
  for (let i = 0; i < x.virqToIrq.length; i++) {
    const irq = x.virqToIrq[i];
    if (irq >= 0) expect(x.irqInfo.get(irq)).toMatchObject({ type: 'VIRQ', cpu: Math.floor(i / NR_VIRQS), virq: i % NR_VIRQS });
  }
  for (let i = 0; i < x.ipiToIrq.length; i++) {
    const irq = x.ipiToIrq[i];
    if (irq >= 0) expect(x.irqInfo.get(irq)).toMatchObject({ type: 'IPI', cpu: Math.floor(i / XEN_NR_IPIS), ipi: i % XEN_NR_IPIS });
  }
}

function run(policy: XenIrqsPolicy, role: XenRole, ops: Op[]): void {
  const d = new XenDomain({ role, abi: '2l', xenIrqs: policy, cpus: CPUS, online: [0], ioapics: 1, sink: null });
  const x = d.events;
  const prealloc = d.descs.ranges();
  expect(d.boot()).toBe(0);
  const own: number[] = []; // IRQs bound directly by the ops below (not by guests or CPU hotplug)
  for (const op of ops) {
    switch (op.k) {
      case 'virq': {
        const irq = x.bindVirqToIrq(op.virq, op.cpu, `v${op.virq}`);
        if (irq >= 0 && !own.includes(irq)) own.push(irq);
        break;
      }
      case 'ipi': {
        const irq = x.bindIpiToIrq(op.ipi, op.cpu, `i${op.ipi}`);
        if (irq >= 0 && !own.includes(irq)) own.push(irq);
        break;
      }
      case 'inter':
        for (let i = 0; i < op.n; i++) {
          const irq = x.bindInterdomainEvtchnToIrq(99, i + 1, 'prop');
          if (irq >= 0) own.push(irq);
        }
        break;
      case 'unbind': {
        if (own.length === 0) break;
        const irq = own.splice(op.pick % own.length, 1)[0];
        if (x.irqInfo.has(irq)) x.unbindFromIrq(irq);
        break;
      }
      case 'up':
        d.cpuOnline(op.cpu);
        break;
      case 'down':
        d.cpuOffline(op.cpu);
        break;
      case 'gsi': {
        const irq = d.registerGsi(op.gsi, `dev${op.gsi}`);
        if (irq >= 0 && !own.includes(irq)) own.push(irq);
        break;
      }
      case 'pirqStop': {
        const pirqs = [...x.irqInfo.values()].filter((i) => i.type === 'PIRQ');
        if (pirqs.length) x.shutdownPirq(pirqs[op.pick % pirqs.length].irq);
        break;
      }
      case 'guest':
        d.launchGuest(op.domid, op.vcpus);
        break;
      case 'destroy':
        d.destroyGuest(op.domid);
        break;
    }
    // per-CPU tables and own lists may point at IRQs unbound by cpu offline: keep own exact
    for (let i = own.length - 1; i >= 0; i--) if (!x.irqInfo.has(own[i])) own.splice(i, 1);
    checkConsistent(x);
  }
  // unbind everything: no trace left
  for (const g of [...d.guests.keys()]) d.destroyGuest(g);
  for (const irq of [...x.irqInfo.keys()]) x.unbindFromIrq(irq);
  expect(x.irqInfo.size).toBe(0);
  expect([...x.evtchnToIrq.entries()]).toEqual([]);
  expect(x.ports.bound).toBe(0);
  expect(x.virqToIrq.every((v) => v === -1)).toBe(true);
  expect(x.ipiToIrq.every((v) => v === -1)).toBe(true);
  expect(d.descs.ranges()).toEqual(prealloc);
}

describe('xen event channels: properties', () => {
  for (const policy of ['2011', 'current'] as const) {
    for (const role of ['dom0', 'hvm', 'pv'] as const) {
      it(`${policy} ${role}: evtchn_to_irq and irq_info agree both ways, nothing bound twice, unbinding all leaves no trace`, () => {
        fc.assert(fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => run(policy, role, ops)), { numRuns: 60 });
      });
    }
  }

  it('current: a GSI registration never clashes, whatever was bound before', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), fc.integer({ min: 16, max: 23 }), (ops, gsi) => {
        const d = new XenDomain({ role: 'dom0', abi: '2l', xenIrqs: 'current', cpus: CPUS, online: [0], ioapics: 1, sink: null });
        d.boot();
        for (const op of ops) {
          if (op.k === 'guest') d.launchGuest(op.domid, op.vcpus);
          else if (op.k === 'inter') for (let i = 0; i < op.n * 10; i++) d.events.bindInterdomainEvtchnToIrq(99, 1, 'fill');
          else if (op.k === 'up') d.cpuOnline(op.cpu);
        }
        expect(d.registerGsi(gsi, 'late')).toBe(gsi);
      }),
      { numRuns: 60 },
    );
  });
});
