import { describe, expect, it } from 'vitest';
import type { CommonEvent } from '../events/common';
import type { ItsEvent } from '../events/its';
import { Its } from './its';
import { CpuLpiCount, itsSelectCpu } from './its_cpu';
import type { ItsDevice } from './its_device';
import { LpiRanges } from './lpi';

const ONLINE = [0, 1, 2, 3];

describe('its_select_cpu / cpumask_pick_least_loaded', () => {
  it('picks the least loaded CPU, ties to the lowest, counting managed and unmanaged apart', () => {
    const c = new CpuLpiCount(4);
    expect(c.pickLeastLoaded([3, 1, 2], false)).toBe(1);
    c.inc(1, false);
    expect(c.pickLeastLoaded([3, 1, 2], false)).toBe(2);
    expect(c.pickLeastLoaded([3, 1, 2], true)).toBe(1);
    expect(c.pickLeastLoaded([], false)).toBe(4);
  });

  it('unmanaged: NUMA node first, then mask ∩ online, then any online CPU', () => {
    const c = new CpuLpiCount(4);
    c.inc(0, false);
    const base = { managed: false, affinity: [], online: ONLINE };
    expect(itsSelectCpu(c, { ...base, mask: ONLINE, nodeCpus: [0, 1] })).toBe(1);
    expect(itsSelectCpu(c, { ...base, mask: [0], nodeCpus: [2, 3] })).toBe(0); // node ∩ mask empty -> mask
    expect(itsSelectCpu(c, { ...base, mask: [0], nodeCpus: [2, 3], cavium23144: true })).toBe(4); // may not cross
    expect(itsSelectCpu(c, { ...base, mask: [7], online: [0, 2] })).toBe(2); // mask offline -> online
  });

  it('managed: the interrupt affinity ∩ online, whatever mask is passed', () => {
    const c = new CpuLpiCount(4);
    c.inc(2, true);
    expect(itsSelectCpu(c, { managed: true, mask: ONLINE, affinity: [2, 3], online: ONLINE })).toBe(3);
    expect(itsSelectCpu(c, { managed: true, mask: ONLINE, affinity: [2, 3], online: [0, 1] })).toBe(4);
  });
});

describe('ITS activation, affinity and deactivation', () => {
  function setup() {
    const events: Array<ItsEvent | CommonEvent> = [];
    const its = new Its({ itsFree: 'per-device', lpis: new LpiRanges(16), nrCpuIds: 4, sink: { emit: (e) => void events.push(e) } });
    const dev = its.msiPrepare(0x20, 8) as ItsDevice;
    expect(its.allocEvents(dev, 1)).toBe(0);
    expect(its.allocEvents(dev, 1)).toBe(1);
    expect(its.allocEvents(dev, 1)).toBe(2);
    return { its, dev, events };
  }
  const unmanaged = { managed: false, affinity: ONLINE };

  it('spreads activations over the least loaded CPUs and sends MAPTI', () => {
    const { its, dev, events } = setup();
    expect([0, 1, 2].map((e) => its.activate(dev, e, unmanaged, ONLINE))).toEqual([0, 1, 2]);
    expect(Array.from(dev.event_map.col_map.slice(0, 3))).toEqual([0, 1, 2]);
    expect(Array.from(its.cpuCounts.unmanaged)).toEqual([1, 1, 1, 0]);
    expect(events.filter((e) => e.type === 'its_mapti')).toHaveLength(3);
    expect(events.find((e) => e.type === 'its_mapti')).toEqual({ type: 'its_mapti', device_id: 0x20, event: 0, hwirq: 8192, cpu: 0 });
  });

  it('moves on an affinity change (MOVI only when the CPU changes) and uncounts on deactivation', () => {
    const { its, dev, events } = setup();
    its.activate(dev, 0, unmanaged, ONLINE);
    expect(its.setAffinity(dev, 0, unmanaged, [3], ONLINE)).toBe(3);
    expect(its.setAffinity(dev, 0, unmanaged, [3], ONLINE)).toBe(3);
    expect(events.filter((e) => e.type === 'its_movi')).toHaveLength(1);
    expect(Array.from(its.cpuCounts.unmanaged)).toEqual([0, 0, 0, 1]);
    // an empty mask under force: -EINVAL and the count is restored
    expect(its.setAffinity(dev, 0, unmanaged, [], ONLINE, true)).toBe(-22);
    expect(Array.from(its.cpuCounts.unmanaged)).toEqual([0, 0, 0, 1]);
    its.deactivate(dev, 0, unmanaged);
    expect(Array.from(its.cpuCounts.unmanaged)).toEqual([0, 0, 0, 0]);
    expect(events.at(-1)).toMatchObject({ type: 'its_discard', event: 0, cpu: 3 });
  });

  it('warns on an event outside the device instead of throwing', () => {
    const { its, dev, events } = setup();
    expect(its.activate(dev, 99, unmanaged, ONLINE)).toBe(-22);
    expect(events.filter((e) => e.type === 'warning')).toHaveLength(1);
  });
});
