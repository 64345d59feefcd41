import { describe, expect, it } from 'vitest';
import { Genirq } from './genirq';
import { IrqNumberSpace } from './irqdesc';
import { irqdIsActivated } from './irqdata';
import {
  type IrqDomain,
  type IrqDomainOps,
  irqCreateMapping,
  irqDisposeMapping,
  irqDomainActivateIrq,
  irqDomainAllocIrqs,
  irqDomainAllocIrqsParent,
  irqDomainCreate,
  irqDomainDeactivateIrq,
  irqDomainFreeIrqs,
  irqDomainFreeIrqsParent,
  irqDomainGetIrqData,
  irqFindMapping,
} from './irqdomain';
import { DEBUGFS_NO_DOMAIN_FLAG_NAMES, irqDomainDebugShowOne } from './debugfs';

function makeCore(mappingRefcount = false): Genirq {
  const space = new IrqNumberSpace({ policy: 'maple', nrIrqsCompile: 64, nrIrqs: 64, preallocated: 16 });
  return new Genirq({ nrCpus: 4, nodes: [[0, 1, 2, 3]], space, policy: { mappingRefcount } });
}

/** A domain level that records every op in `log` and can be told to fail. */
function level(core: Genirq, name: string, parent: IrqDomain | null, log: string[], fail: { alloc?: boolean; activate?: boolean } = {}) {
  const ops: IrqDomainOps = {
    alloc: (d, virq, nr, arg) => {
      log.push(`${name}.alloc(${virq},${nr})`);
      if (parent) {
        const ret = irqDomainAllocIrqsParent(d, virq, nr, arg);
        if (ret) return ret;
      }
      if (fail.alloc) {
        if (parent) irqDomainFreeIrqsParent(d, virq, nr);
        return -28;
      }
      for (let i = 0; i < nr; i++) {
        const irqd = irqDomainGetIrqData(d, virq + i)!;
        irqd.hwirq = 100 * (name.length) + virq + i;
        irqd.chip = { name, flags: 0 };
      }
      return 0;
    },
    free: (d, virq, nr) => {
      log.push(`${name}.free(${virq},${nr})`);
      if (parent) irqDomainFreeIrqsParent(d, virq, nr);
    },
    activate: (_d, irqd) => {
      log.push(`${name}.activate(${irqd.irq})`);
      return fail.activate ? -22 : 0;
    },
    deactivate: (_d, irqd) => {
      log.push(`${name}.deactivate(${irqd.irq})`);
    },
  };
  return irqDomainCreate(core, { name, parent, ops });
}

describe('hierarchical irq domains', () => {
  it('allocates top down, builds one irq_data per level and counts the mappings', () => {
    const core = makeCore();
    const log: string[] = [];
    const root = level(core, 'ROOT', null, log);
    const mid = level(core, 'MID', root, log);
    const top = level(core, 'TOP', mid, log);
    const virq = irqDomainAllocIrqs(top, -1, 3, -1, null);
    expect(virq).toBe(16);
    expect(log).toEqual(['TOP.alloc(16,3)', 'MID.alloc(16,3)', 'ROOT.alloc(16,3)']);
    for (const d of [root, mid, top]) expect(d.mapcount).toBe(3);
    const d = core.irqToDesc(17)!.irqData;
    expect(d.domain).toBe(top);
    expect(d.parentData!.domain).toBe(mid);
    expect(d.parentData!.parentData!.domain).toBe(root);
    expect(d.parentData!.parentData!.parentData).toBeNull();
    expect(irqFindMapping(root, d.parentData!.parentData!.hwirq)).toBe(17);
  });

  it('frees one interrupt at a time (v5.11+) and drops every mapcount', () => {
    const core = makeCore();
    const log: string[] = [];
    const root = level(core, 'ROOT', null, log);
    const top = level(core, 'TOP', root, log);
    const virq = irqDomainAllocIrqs(top, -1, 2, -1, null);
    log.length = 0;
    irqDomainFreeIrqs(core, virq, 2);
    expect(log).toEqual(['TOP.free(16,1)', 'ROOT.free(16,1)', 'TOP.free(17,1)', 'ROOT.free(17,1)']);
    expect(root.mapcount).toBe(0);
    expect(top.mapcount).toBe(0);
    expect(core.irqToDesc(16)).toBeUndefined();
    expect(core.space.isAllocated(16)).toBe(false);
  });

  it('a failing level rolls the whole allocation back', () => {
    const core = makeCore();
    const log: string[] = [];
    const root = level(core, 'ROOT', null, log, { alloc: true });
    const top = level(core, 'TOP', root, log);
    expect(irqDomainAllocIrqs(top, -1, 1, -1, null)).toBe(-28);
    expect(core.irqToDesc(16)).toBeUndefined();
    expect(root.mapcount + top.mapcount).toBe(0);
  });

  it('activates parents first, deactivates children first, and undoes parents on failure', () => {
    const core = makeCore();
    const log: string[] = [];
    const root = level(core, 'ROOT', null, log);
    const top = level(core, 'TOP', root, log);
    const virq = irqDomainAllocIrqs(top, -1, 1, -1, null);
    const d = core.irqToDesc(virq)!.irqData;
    log.length = 0;
    expect(irqDomainActivateIrq(d, false)).toBe(0);
    expect(irqdIsActivated(d)).toBe(true);
    expect(irqDomainActivateIrq(d, false)).toBe(0);
    irqDomainDeactivateIrq(d);
    expect(log).toEqual(['ROOT.activate(16)', 'TOP.activate(16)', 'TOP.deactivate(16)', 'ROOT.deactivate(16)']);

    const log2: string[] = [];
    const r2 = level(core, 'R2', null, log2);
    const t2 = level(core, 'T2', r2, log2, { activate: true });
    const v2 = irqDomainAllocIrqs(t2, -1, 1, -1, null);
    log2.length = 0;
    const d2 = core.irqToDesc(v2)!.irqData;
    expect(irqDomainActivateIrq(d2, false)).toBe(-22);
    expect(irqdIsActivated(d2)).toBe(false);
    expect(log2).toEqual(['R2.activate(17)', 'T2.activate(17)', 'R2.deactivate(17)']);
  });

  it('prints the domain file with the parent chain indented by 4', () => {
    const core = makeCore();
    const root = level(core, 'ROOT', null, []);
    const top = level(core, 'TOP', root, []);
    irqDomainAllocIrqs(top, -1, 2, -1, null);
    expect(irqDomainDebugShowOne(top, 0, DEBUGFS_NO_DOMAIN_FLAG_NAMES)).toBe(
      'name:   TOP\n size:   0\n mapped: 2\n flags:  0x00000001\n parent: ROOT\n    name:   ROOT\n     size:   0\n     mapped: 2\n     flags:  0x00000001\n',
    );
    expect(irqDomainDebugShowOne(root, 0)).toContain('            IRQ_DOMAIN_FLAG_HIERARCHY\n');
  });
});

describe('flat mappings (irq_create_mapping / irq_dispose_mapping)', () => {
  function flat(core: Genirq) {
    return irqDomainCreate(core, { name: 'PLAT', size: 64, ops: { map: () => 0 } });
  }

  it('mainline: a second user gets the same virq and the first dispose tears it down for both', () => {
    const core = makeCore(false);
    const d = flat(core);
    const a = irqCreateMapping(d, 37);
    const b = irqCreateMapping(d, 37);
    expect(a).toBe(37);
    expect(b).toBe(a);
    expect(d.mapcount).toBe(1);
    expect(irqDisposeMapping(core, a)).toBe(true);
    expect(d.mapcount).toBe(0);
    expect(irqFindMapping(d, 37)).toBe(0);
    expect(core.irqToDesc(a)).toBeUndefined();
  });

  it('mappingRefcount: the mapping survives until the last user disposes it', () => {
    const core = makeCore(true);
    const d = flat(core);
    const a = irqCreateMapping(d, 37);
    irqCreateMapping(d, 37);
    irqCreateMapping(d, 37);
    expect(irqDisposeMapping(core, a)).toBe(false);
    expect(irqDisposeMapping(core, a)).toBe(false);
    expect(d.mapcount).toBe(1);
    expect(irqDisposeMapping(core, a)).toBe(true);
    expect(d.mapcount).toBe(0);
  });

  it('hwirq beyond the domain size is refused with a warning', () => {
    const core = makeCore();
    const d = flat(core);
    expect(irqCreateMapping(d, 64)).toBe(0);
    expect(core.warnings).toBe(1);
    expect(core.space.isAllocated(16)).toBe(false);
  });
});
