import { describe, expect, it } from 'vitest';
import type { CommonEvent } from '../events/common';
import type { XenEvent } from '../events/xen';
import { EEXIST, ENOMEM, ENOSPC } from '../lib/errno';
import { EVTCHN_2L_NR_CHANNELS_64, EVTCHN_FIFO_NR_CHANNELS, evtchnMaxChannels } from './abi';
import { xenGuestBackendChannels } from './backends';
import { XenDomain, type XenDomainConfig } from './domain';
import { formatEvtchnList } from './dump';
import { EVTCHN_PER_ROW, EvtchnToIrq } from './evtchn_to_irq';
import { EATING_INTO_GSI_MSG, NO_IRQ_PANIC_MSG } from './irq_alloc';
import { perCpuBindings } from './percpu';

class Log {
  events: Array<XenEvent | CommonEvent> = [];
  emit(e: XenEvent | CommonEvent): void {
    this.events.push(e);
  }
  of<T extends string>(type: T) {
    return this.events.filter((e) => e.type === type) as Array<Extract<XenEvent | CommonEvent, { type: T }>>;
  }
}

function dom0(xenIrqs: '2011' | 'current', extra: Partial<XenDomainConfig> = {}) {
  const log = new Log();
  const d = new XenDomain({ role: 'dom0', abi: '2l', xenIrqs, cpus: 1, ioapics: 1, sink: log, ...extra });
  expect(d.boot()).toBe(0);
  return { d, log };
}

describe('recipe E: 2011 dom0, 1 vCPU, one 24-pin IO-APIC, ABI 2l', () => {
  it('boots with nr_irqs_gsi 40, nr_irqs 256 and dynamic IRQs from 40', () => {
    const { d } = dom0('2011');
    expect(d.nr.nrIrqsGsi).toBe(40);
    expect(d.nr.nrIrqs).toBe(256);
    expect(d.descs.nrIrqs).toBe(256);
    // timer, resched, callfunc, debug, callfuncsingle, spinlock; then hvc_console
    expect(perCpuBindings(0, 'dom0', '2011')).toHaveLength(6);
    expect([...d.events.irqInfo.values()].filter((i) => i.type !== 'PIRQ').map((i) => i.irq)).toEqual([40, 41, 42, 43, 44, 45, 46]);
    // legacy GSIs are PIRQs on their own preallocated numbers, without ports yet
    expect(d.events.irqInfo.get(9)).toMatchObject({ type: 'PIRQ', evtchn: 0, pirq: { gsi: 9 } });
    expect(d.events.ports.bound).toBe(7);
    expect(d.descs.ranges()).toEqual([[0, 16], [40, 47]]);
  });

  it('eats into the GSI space (24..39, then 16..23), the GSI 22 registration clashes, then panics', () => {
    const { d, log } = dom0('2011');
    // 2011 backends: xenstored + xenconsoled + 1 vif + 1 vbd = 4 channels per guest
    expect(d.guestChannels(1, 2)).toHaveLength(4);
    let domid = 1;
    while (d.descs.nextAllocated(47) === -1 || d.descs.isAllocated(255) === false) {
      expect(d.launchGuest(domid++, 2).ok).toBe(true);
      if (domid > 100) throw new Error('never filled');
    }
    expect(log.of('log').filter((e) => e.message === EATING_INTO_GSI_MSG)).toHaveLength(3); // guest 53: 255, then 24, 25, 26
    expect(d.descs.isAllocated(24)).toBe(true);
    // keep launching until the padding 24..39 and the unregistered GSIs 16..23 are gone
    while (!d.descs.isAllocated(22)) expect(d.launchGuest(domid++, 1).ok).toBe(true);
    const holder = d.events.irqInfo.get(22)!;
    expect(holder.type).toBe('EVTCHN');
    const failures = log.of('failure');
    expect(d.registerGsi(22, 'nic0')).toBe(-EEXIST);
    const clash = log.of('failure').slice(failures.length);
    expect(clash).toHaveLength(1);
    expect(clash[0]).toMatchObject({ site: 'xen_allocate_irq_gsi', errno: -EEXIST });
    expect(clash[0].message).toContain('nic0');
    expect(clash[0].message).toContain(holder.owner);
    expect(clash[0].message).toContain('ate into the GSI space');
    // fill what is left: the next bind has nowhere to go -> panic
    let r: { ok: boolean } = { ok: true };
    while (r.ok) r = d.launchGuest(domid++, 1);
    expect(r).toEqual({ ok: false, errno: -ENOMEM });
    expect(d.events.panicked).toBe(true);
    const panic = log.of('failure').at(-1)!;
    expect(panic.site).toBe('xen_allocate_irq_dynamic');
    expect(panic.message).toContain(NO_IRQ_PANIC_MSG);
    // 16..255 taken except 23, which the failed guest had and gave back; 0..15 legacy
    expect(d.descs.ranges()).toEqual([[0, 23], [24, 256]]);
    expect(d.descs.nrIrqs).toBe(256);
  });

  it('a GSI registered before the dynamic IRQs ran out keeps its number', () => {
    const { d } = dom0('2011');
    expect(d.registerGsi(20, 'nvme0')).toBe(20);
    let domid = 1;
    while (!d.descs.isAllocated(23)) expect(d.launchGuest(domid++, 1).ok).toBe(true);
    expect(d.events.irqInfo.get(20)).toMatchObject({ type: 'PIRQ', owner: 'nvme0' });
    expect(d.registerGsi(20, 'nvme0')).toBe(20); // "returning irq 20 for gsi 20"
  });
});

describe('current policy', () => {
  it('dynamic IRQs start at gsi_top, nr_irqs grows, no GSI clash is possible', () => {
    const { d, log } = dom0('current');
    expect(d.nr.nrIrqs).toBe(256);
    const first = [...d.events.irqInfo.values()].filter((i) => i.type !== 'PIRQ').map((i) => i.irq);
    expect(first[0]).toBe(24);
    for (let domid = 1; domid <= 120; domid++) expect(d.launchGuest(domid, 4).ok).toBe(true);
    expect(d.descs.nrIrqs).toBeGreaterThan(256);
    for (let gsi = 16; gsi < 24; gsi++) expect(d.registerGsi(gsi, `dev${gsi}`)).toBe(gsi);
    expect(log.of('failure')).toHaveLength(0);
    expect(log.of('log').filter((e) => e.message === EATING_INTO_GSI_MSG)).toHaveLength(0);
    // every dynamic IRQ is at or above gsi_top
    for (const i of d.events.irqInfo.values()) if (i.type !== 'PIRQ') expect(i.irq).toBeGreaterThanOrEqual(24);
  });

  it('2l: ports 1..4095 bind, the 4096th channel fails with -ENOSPC', () => {
    const { d, log } = dom0('current');
    const x = d.events;
    expect(x.maxChannels).toBe(EVTCHN_2L_NR_CHANNELS_64);
    let last = 0;
    for (;;) {
      const irq = x.bindInterdomainEvtchnToIrq(1, 1, 'fill');
      if (irq < 0) {
        expect(irq).toBe(-ENOSPC);
        break;
      }
      last = x.irqInfo.get(irq)!.evtchn;
    }
    expect(last).toBe(4095);
    expect(x.ports.bound).toBe(4095);
    expect(x.evtchnToIrq.allocatedRows).toBe(4);
    expect(log.of('failure').at(-1)).toMatchObject({ site: 'bind_interdomain_evtchn_to_irq', errno: -ENOSPC });
    // the IRQ for the failed bind was never taken
    expect(d.descs.allocatedCount).toBe(16 + 4095);
  });

  it('fifo: 131071 ports, rows of 1024 allocated on first use', () => {
    const log = new Log();
    const d = new XenDomain({ role: 'pv', abi: 'fifo', xenIrqs: 'current', cpus: 1, ioapics: 0, sink: null });
    void log;
    const x = d.events;
    expect(x.maxChannels).toBe(EVTCHN_FIFO_NR_CHANNELS);
    let n = 0;
    while (x.bindInterdomainEvtchnToIrq(0, 1, 'fill') >= 0) n++;
    expect(n).toBe(131071);
    expect(x.evtchnToIrq.allocatedRows).toBe(128);
    // PV domU: no PIC, no IO-APIC: dynamic IRQs from 0
    expect(x.irqFromEvtchn(1)).toBe(0);
  });
});

describe('pieces', () => {
  it('evtchn_to_irq: -1 default, rows on first non -1 store, out of range', () => {
    const t = new EvtchnToIrq(4096);
    expect(t.get(5)).toBe(-1);
    expect(t.set(5, -1)).toBe(0);
    expect(t.allocatedRows).toBe(0);
    expect(t.set(EVTCHN_PER_ROW + 3, 77)).toBe(0);
    expect(t.allocatedRows).toBe(1);
    expect(t.get(EVTCHN_PER_ROW + 3)).toBe(77);
    expect(t.get(EVTCHN_PER_ROW + 4)).toBe(-1);
    expect(t.set(4096, 1)).toBe(-22);
    expect([...t.entries()]).toEqual([[1027, 77]]);
    expect(evtchnMaxChannels('2l', 32)).toBe(1024);
  });

  it('backend channels per guest: split netback queues, blkback rings', () => {
    const cur = xenGuestBackendChannels(3, 4, { era: 'current', dom0Cpus: 8 });
    expect(cur.filter((c) => c.backend === 'netback').map((c) => c.name)).toEqual([
      'vif3.0-q0-tx', 'vif3.0-q0-rx', 'vif3.0-q1-tx', 'vif3.0-q1-rx', 'vif3.0-q2-tx', 'vif3.0-q2-rx', 'vif3.0-q3-tx', 'vif3.0-q3-rx',
    ]);
    expect(cur.filter((c) => c.backend === 'blkback')).toHaveLength(4);
    expect(cur).toHaveLength(2 + 8 + 4);
    expect(xenGuestBackendChannels(3, 32, { era: 'current', dom0Cpus: 2 })).toHaveLength(2 + 4 + 4);
    expect(xenGuestBackendChannels(3, 32, { era: '2011', dom0Cpus: 2 })).toHaveLength(4);
  });

  it('cpu offline unbinds that CPU\'s VIRQs and IPIs; online binds them again; bad CPU is a warning', () => {
    const log = new Log();
    const d = new XenDomain({ role: 'hvm', abi: '2l', xenIrqs: 'current', cpus: 2, ioapics: 1, sink: log });
    expect(d.boot()).toBe(0);
    const before = d.events.ports.bound;
    const perCpu = perCpuBindings(1, 'hvm', 'current').length;
    // Both CPUs' VIRQs and IPIs, and xenbus.
    expect(before).toBe(2 * perCpu + 1);
    d.cpuOffline(1);
    expect(d.events.ports.bound).toBe(before - perCpu);
    expect(log.of('xen_evtchn_unbind')).toHaveLength(perCpu);
    expect(d.cpuOnline(1)).toBe(0);
    expect(d.events.ports.bound).toBe(before);
    expect(d.cpuOnline(5)).toBeLessThan(0);
    expect(log.of('warning').at(-1)).toMatchObject({ site: 'xen_cpu_up_prepare' });
  });

  it('lists event channels with Xen state and the kernel binding', () => {
    const { d } = dom0('2011');
    d.launchGuest(1, 1);
    d.registerGsi(20, 'nvme0');
    const text = formatEvtchnList(d.events);
    expect(text).toContain('Event channel information for domain 0 (ABI 2l, 12 of 4095 ports bound):');
    expect(text).toMatch(/\n\s+1 {2}s=5 \(virq\)\s+40 {4}0 {2}v=0 VIRQ VIRQ_TIMER cpu 0 "timer0"/);
    expect(text).toMatch(/s=3 \(interdomain\)\s+49 .*d=1 p=3 EVTCHN dom1 port 3 "vif1.0"/);
    expect(text).toMatch(/s=4 \(pirq\)\s+20 .*p=20 PIRQ pirq 20 gsi 20 "nvme0"/);
    expect(text).toContain('IRQs without a port (PIRQs not started):');
  });
});
