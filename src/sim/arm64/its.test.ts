import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventLog, type SimEvent } from '../events';
import type { ItsEvent } from '../events/its';
import { Its, type ItsFreePolicy, type MsiBinding } from './its';
import { ItsDevice, itsPciMsiPrepareArgs, itsPmsiPrepareArgs, pciAliasCount } from './its_device';
import { deepClone } from '../lib/clone';
import { LPI_BASE, LpiRanges } from './lpi';

type AnyEvent = SimEvent | ItsEvent;

function setup(policy: ItsFreePolicy, lpiBits = 16) {
  const log = new EventLog();
  const sink = { emit: (e: AnyEvent) => log.events.push(e as SimEvent) };
  const lpis = new LpiRanges(lpiBits, { sink });
  const its = new Its({ itsFree: policy, lpis, sink });
  return { its, lpis, events: log.events as AnyEvent[] };
}

const DEVID = 0x10; // e.g. 00:02.0

function bound(r: MsiBinding | number): MsiBinding {
  if (typeof r === 'number') throw new Error(`bind failed ${r}`);
  return r;
}

describe('reinsertion story (Multi-MSI 27 vectors: bind, unbind, bind)', () => {
  it('bulk (pre-v5.11): one free of the whole block, device freed, rebind succeeds', () => {
    const { its, lpis, events } = setup('bulk');
    const b = bound(its.bindMsi({ devId: DEVID, kind: 'msi', nvec: 27 }));
    expect(b.dev.event_map.format()).toBe('0-31');
    expect(b.dev.nr_lpis).toBe(32);
    expect(b.dev.nr_ites).toBe(32);
    expect(its.unbindMsi(b)).toBe('none');
    const frees = events.filter((e) => e.type === 'its_events_free');
    expect(frees).toEqual([{ type: 'its_events_free', device_id: DEVID, event: 0, nvecs: 27, released: 32 }]);
    expect(b.dev.freed).toBe(true);
    expect(its.devices.size).toBe(0);
    expect(lpis.toArray()).toEqual([[LPI_BASE, 57344]]);
    const again = bound(its.bindMsi({ devId: DEVID, kind: 'msi', nvec: 27 }));
    expect(again.dev).not.toBe(b.dev);
    expect(again.dev.shared).toBe(false);
    expect(again.allocs).toEqual([{ event: 0, nvec: 27 }]);
    expect(events.some((e) => e.type === 'warning' || e.type === 'failure')).toBe(false);
  });

  it('per-irq (v5.11..v6.15): 5 padding bits stay, device kept and reused as shared, rebind -ENOSPC', () => {
    const { its, lpis, events } = setup('per-irq');
    const b = bound(its.bindMsi({ devId: DEVID, kind: 'msi', nvec: 27 }));
    its.unbindMsi(b);
    expect(events.filter((e) => e.type === 'its_events_free')).toHaveLength(27);
    expect(b.dev.freed).toBe(false);
    expect(b.dev.event_map.format()).toBe('27-31');
    expect(its.findDevice(DEVID)).toBe(b.dev);
    expect(lpis.toArray()).toEqual([[LPI_BASE + 32, 57344 - 32]]);

    const r = its.bindMsi({ devId: DEVID, kind: 'msi', nvec: 27 });
    expect(r).toBe(-28);
    expect(b.dev.shared).toBe(true);
    expect(events).toContainEqual({ type: 'its_device_reuse', device_id: DEVID, message: 'Reusing ITT for devID 10' });
    const failure = events.find((e) => e.type === 'failure');
    expect(failure).toMatchObject({ site: 'pci_alloc_irq_vectors', errno: -28 });
    expect((failure as { message: string }).message).toContain('Failed to allocate MSI vectors');
    expect(events.some((e) => e.type === 'warning')).toBe(false);
    // and it keeps failing: the shared device is never freed
    expect(its.bindMsi({ devId: DEVID, kind: 'msi', nvec: 27 })).toBe(-28);
    expect(its.devices.size).toBe(1);
  });

  it('per-device (v6.16+): same bits, plus the teardown WARN; device kept; rebind -ENOSPC', () => {
    const { its, events } = setup('per-device');
    const b = bound(its.bindMsi({ devId: DEVID, kind: 'msi', nvec: 27 }));
    expect(its.unbindMsi(b)).toBe('kept-busy');
    const warns = events.filter((e) => e.type === 'warning');
    expect(warns).toHaveLength(1);
    expect(warns[0]).toMatchObject({ site: 'its_msi_teardown' });
    expect((warns[0] as { message: string }).message).toContain('27-31');
    expect(b.dev.freed).toBe(false);
    expect(b.dev.event_map.format()).toBe('27-31');
    expect(its.bindMsi({ devId: DEVID, kind: 'msi', nvec: 27 })).toBe(-28);
    // the failed probe's teardown keeps the (now shared) device without a second WARN
    expect(events.filter((e) => e.type === 'warning')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'its_device_teardown').map((e) => (e as { outcome: string }).outcome)).toEqual([
      'kept-busy',
      'kept-shared',
    ]);
    expect(its.devices.size).toBe(1);
  });

  it('region (proposed model): exact events, teardown releases the whole region, rebind succeeds', () => {
    const { its, lpis, events } = setup('region');
    const b = bound(its.bindMsi({ devId: DEVID, kind: 'msi', nvec: 27 }));
    expect(b.dev.region).toBe(32);
    expect(b.dev.event_map.format()).toBe('0-26');
    expect(its.unbindMsi(b)).toBe('freed');
    expect(b.dev.freed).toBe(true);
    expect(lpis.toArray()).toEqual([[LPI_BASE, 57344]]);
    const again = bound(its.bindMsi({ devId: DEVID, kind: 'msi', nvec: 27 }));
    expect(again.allocs).toEqual([{ event: 0, nvec: 27 }]);
    expect(again.dev.lpi_base).toBe(LPI_BASE);
    expect(events.some((e) => e.type === 'warning' || e.type === 'failure')).toBe(false);
  });

  it('region model frees the padding even when events stay allocated at teardown', () => {
    const { its, lpis } = setup('region');
    const dev = its.msiPrepare(DEVID, 32) as ItsDevice;
    expect(its.allocEvents(dev, 3)).toBe(0);
    expect(its.allocEvents(dev, 2)).toBe(4); // aligned to 2, after 0-2
    expect(dev.event_map.format()).toBe('0-2,4-5');
    expect(its.teardown(dev)).toBe('freed');
    expect(lpis.toArray()).toEqual([[LPI_BASE, 57344]]);
  });

  for (const policy of ['bulk', 'per-irq', 'per-device', 'region'] as const) {
    it(`${policy}: MSI-X and power-of-two Multi-MSI rebind without failure`, () => {
      const { its, lpis, events } = setup(policy);
      for (const [kind, nvec] of [
        ['msix', 27],
        ['msi', 32],
        ['msi', 1],
        ['msix', 1],
        ['msi', 4],
      ] as const) {
        for (let round = 0; round < 3; round++) {
          const b = bound(its.bindMsi({ devId: DEVID, kind, nvec }));
          expect(b.allocs.reduce((s, a) => s + a.nvec, 0)).toBe(nvec);
          its.unbindMsi(b);
          expect(its.devices.size).toBe(0);
        }
      }
      expect(lpis.toArray()).toEqual([[LPI_BASE, 57344]]);
      expect(events.some((e) => e.type === 'warning' || e.type === 'failure')).toBe(false);
    });
  }
});

describe('its_device creation and the PCI front end', () => {
  it('WARNs and rounds a non-power-of-two nvecs; nr_ites is at least 2', () => {
    const { its, events } = setup('per-irq');
    const d = its.msiPrepare(1, 27) as ItsDevice;
    expect(d.nr_ites).toBe(32);
    expect(d.nr_lpis).toBe(32);
    expect(events.filter((e) => e.type === 'warning')).toHaveLength(1);
    const one = its.msiPrepare(2, 1) as ItsDevice;
    expect(one.nr_ites).toBe(2);
    expect(one.nr_lpis).toBe(1);
    expect(one.itt_size).toBe(256 + 255);
    expect(events.filter((e) => e.type === 'warning')).toHaveLength(1);
  });

  it('nvec rules of its_pci_msi_prepare and its_pmsi_prepare', () => {
    expect(itsPciMsiPrepareArgs({ devId: 8, nvec: 27 })).toEqual({ devId: 8, nvec: 32, proxy: false });
    expect(itsPciMsiPrepareArgs({ devId: 8, nvec: 3 })).toEqual({ devId: 8, nvec: 4, proxy: false });
    expect(itsPciMsiPrepareArgs({ devId: 0, nvec: 3 })).toEqual({ devId: 0, nvec: 32, proxy: false });
    expect(itsPciMsiPrepareArgs({ devId: 0, nvec: 40 })).toEqual({ devId: 0, nvec: 64, proxy: false });
    const alias = pciAliasCount([
      { msi: 8, msix: 0 },
      { msi: 1, msix: 65 },
      { msi: -22, msix: -22 },
    ]);
    expect(alias).toBe(73);
    expect(itsPciMsiPrepareArgs({ devId: 0x100, nvec: 4, aliasCount: alias })).toEqual({ devId: 0x100, nvec: 128, proxy: true });
    expect(itsPciMsiPrepareArgs({ devId: 0x100, nvec: 4, aliasCount: 0 })).toEqual({ devId: 0x100, nvec: 4, proxy: true });
    expect(itsPmsiPrepareArgs(5, 3)).toEqual({ devId: 5, nvec: 32, proxy: false });
    expect(itsPmsiPrepareArgs(5, 33)).toEqual({ devId: 5, nvec: 64, proxy: false });
  });

  it('aliasing devices share one its_device, which is then never freed', () => {
    const { its, lpis } = setup('per-irq');
    const a = bound(its.bindMsi({ devId: 0x100, kind: 'msix', nvec: 4, aliasCount: 8 }));
    expect(a.dev.shared).toBe(true);
    expect(a.dev.nr_lpis).toBe(8);
    const b = bound(its.bindMsi({ devId: 0x100, kind: 'msix', nvec: 4, aliasCount: 8 }));
    expect(b.dev).toBe(a.dev);
    expect(a.dev.event_map.format()).toBe('0-7');
    expect(b.allocs.map((x) => x.event)).toEqual([4, 5, 6, 7]);
    expect(a.allocs.map((x) => a.dev.hwirq(x.event))).toEqual([LPI_BASE, LPI_BASE + 1, LPI_BASE + 2, LPI_BASE + 3]);
    // a fifth vector does not fit: -ENOSPC, and what was taken is given back
    expect(its.bindMsi({ devId: 0x100, kind: 'msix', nvec: 1, aliasCount: 8 })).toBe(-28);
    its.unbindMsi(a);
    its.unbindMsi(b);
    expect(a.dev.event_map.isEmpty()).toBe(true);
    expect(its.devices.size).toBe(1);
    expect(lpis.freeCount()).toBe(57344 - 8);
  });

  it('takes what the LPI allocator can give (halving) and fails with -ENOMEM when it has none', () => {
    const { its, lpis } = setup('bulk', 14);
    expect(lpis.alloc(8192 - 16).ret).toBe(0);
    const d = its.msiPrepare(3, 64) as ItsDevice;
    expect(d.nr_ites).toBe(64);
    expect(d.nr_lpis).toBe(16);
    expect(its.allocEvents(d, 32)).toBe(-28);
    expect(its.allocEvents(d, 16)).toBe(0);
    expect(its.msiPrepare(4, 2)).toBe(-12);
    expect(its.devices.has(4)).toBe(false);
  });

  it('refuses DevIDs beyond the hardware (Devbits) with -ENOMEM', () => {
    const lpis = new LpiRanges(16);
    const its = new Its({ itsFree: 'per-device', lpis, deviceIdBits: 8 });
    expect(its.msiPrepare(255, 2)).toBeInstanceOf(ItsDevice);
    expect(its.msiPrepare(256, 2)).toBe(-12);
  });

  it('warns on use of a freed device instead of throwing', () => {
    const { its, events } = setup('bulk');
    const b = bound(its.bindMsi({ devId: 7, kind: 'msi', nvec: 2 }));
    its.unbindMsi(b);
    its.freeEvents(b.dev, 0, 1);
    expect(its.allocEvents(b.dev, 1)).toBe(-22);
    expect(events.filter((e) => e.type === 'warning')).toHaveLength(2);
  });
});

describe('ITS devices under random bind/unbind sequences (property)', () => {
  const policies: ItsFreePolicy[] = ['bulk', 'per-irq', 'per-device', 'region'];
  const request = fc.record({
    devId: fc.integer({ min: 0, max: 11 }),
    kind: fc.constantFrom('msi' as const, 'msix' as const),
    nvec: fc.integer({ min: 1, max: 32 }),
  });

  it('LPIs are never handed out twice and all come back unless a device leaked', () => {
    fc.assert(
      fc.property(fc.constantFrom(...policies), fc.array(fc.tuple(request, fc.boolean()), { maxLength: 60 }), (policy, ops) => {
        const { its, lpis } = setup(policy);
        const boundBy = new Map<number, MsiBinding>();
        const leaky = new Set<number>(); // DevIDs whose device may legitimately leak
        const pow2 = (n: number) => (n & (n - 1)) === 0;
        for (const [req, unbindFirst] of ops) {
          const current = boundBy.get(req.devId);
          if (current && unbindFirst) {
            its.unbindMsi(current);
            boundBy.delete(req.devId);
            continue;
          }
          if (current) continue;
          const fresh = !its.findDevice(req.devId);
          const r = its.bindMsi(req);
          if (typeof r === 'number') {
            expect(r).toBe(-28);
            // a device of its own, MSI-X or power of two: never fails
            expect(fresh && (req.kind === 'msix' || pow2(req.nvec))).toBe(false);
          } else {
            boundBy.set(req.devId, r);
            if (req.kind === 'msi' && !pow2(req.nvec) && (policy === 'per-irq' || policy === 'per-device'))
              leaky.add(req.devId);
          }
          // devices' LPI blocks are disjoint, disjoint from the free list, and add up
          const blocks = [...its.devices.values()].map((d) => [d.lpi_base, d.nr_lpis] as const);
          const all = [...blocks, ...lpis.toArray()].sort((a, b) => a[0] - b[0]);
          for (let i = 1; i < all.length; i++) expect(all[i - 1][0] + all[i - 1][1]).toBeLessThanOrEqual(all[i][0]);
          expect(all.reduce((s, [, n]) => s + n, 0)).toBe(lpis.total);
        }
        for (const b of boundBy.values()) its.unbindMsi(b);
        for (const id of its.devices.keys()) expect(leaky.has(id)).toBe(true);
        if (policy === 'bulk' || policy === 'region') expect(its.devices.size).toBe(0);
        if (its.devices.size === 0) expect(lpis.toArray()).toEqual([[LPI_BASE, 2 ** 16 - LPI_BASE]]);
      }),
      { numRuns: 200 },
    );
  });

  it('a non-power-of-two Multi-MSI rebind fails exactly under per-irq and per-device', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...policies),
        fc.integer({ min: 3, max: 31 }).filter((n) => (n & (n - 1)) !== 0),
        (policy, nvec) => {
          const { its } = setup(policy);
          its.unbindMsi(bound(its.bindMsi({ devId: DEVID, kind: 'msi', nvec })));
          const again = its.bindMsi({ devId: DEVID, kind: 'msi', nvec });
          expect(again === -28).toBe(policy === 'per-irq' || policy === 'per-device');
        },
      ),
    );
  });
});

describe('checkpointing', () => {
  it('an ITS and its LPI allocator deep-clone into an independent state', () => {
    const lpis = new LpiRanges(16);
    const its = new Its({ itsFree: 'per-irq', lpis });
    const b = bound(its.bindMsi({ devId: DEVID, kind: 'msi', nvec: 27 }));
    const snap = deepClone({ its, lpis, b });
    expect(snap.its.lpis).toBe(snap.lpis);
    expect(snap.b.dev).toBe(snap.its.findDevice(DEVID));
    its.unbindMsi(b);
    expect(its.bindMsi({ devId: DEVID, kind: 'msi', nvec: 27 })).toBe(-28);
    // the checkpoint still has the first binding, untouched
    expect(snap.b.dev.event_map.format()).toBe('0-31');
    expect(snap.b.dev.shared).toBe(false);
    snap.its.unbindMsi(snap.b);
    expect(snap.b.dev.event_map.format()).toBe('27-31');
    expect(snap.lpis.toArray()).toEqual(lpis.toArray());
  });
});
