import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbMachine } from './arbitrary';
import { MIGRATIONS, migrate } from './migrate';
import { resolveMachine, SCENARIO_VERSION } from './schema';
import { parseScenario } from './validate';

describe('resolveMachine', () => {
  it('fills every default of the doc for an empty x86 machine', () => {
    expect(resolveMachine({})).toEqual({
      arch: 'x86_64',
      cpus: 8,
      online: [0, 1, 2, 3, 4, 5, 6, 7],
      nodes: 1,
      smt: 1,
      ioapics: 1,
      remapping: true,
      gic: { version: 'v3', lpiBits: 16, its: 1 },
      xen: null,
      kernel: {
        descriptors: 'maple',
        nrIrqs: null,
        vectors: 'matrix',
        itsFree: 'per-device',
        mappingRefcount: false,
        xenIrqs: 'current',
      },
    });
  });

  it('arm64: NR_IRQS 64, no IO-APIC, no remapping, partial gic completed', () => {
    const c = resolveMachine({ arch: 'arm64', cpus: 4, gic: { version: 'v4.1' } });
    expect(c.kernel.nrIrqs).toBe(64);
    expect(c.ioapics).toBe(0);
    expect(c.remapping).toBe(false);
    expect(c.gic).toEqual({ version: 'v4.1', lpiBits: 16, its: 1 });
  });

  it('keeps what the document says and sorts online', () => {
    const c = resolveMachine({ cpus: 4, online: [0, 3, 1], xen: { role: 'dom0' }, kernel: { nrIrqs: 4096, descriptors: 'bitmap' } });
    expect(c.online).toEqual([0, 1, 3]);
    expect(c.xen).toEqual({ role: 'dom0', evtchnAbi: 'fifo' });
    expect(c.kernel.nrIrqs).toBe(4096);
    expect(c.kernel.descriptors).toBe('bitmap');
  });

  it('property: every generated machine resolves with no undefined field and consistent shape', () => {
    fc.assert(
      fc.property(arbMachine({ maxCpus: 256 }), (m) => {
        const c = resolveMachine(m);
        const walk = (v: unknown): void => {
          expect(v).not.toBeUndefined();
          if (v && typeof v === 'object') Object.values(v).forEach(walk);
        };
        walk(c);
        expect(c.online[0]).toBe(0);
        expect(c.online.every((x) => x < c.cpus)).toBe(true);
        expect(c.cpus % (c.nodes * c.smt)).toBe(0);
        expect(parseScenario({ scenario: 1, machine: m, steps: [] }).ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('migrate', () => {
  it('passes version-1 documents through unchanged', () => {
    const doc = { scenario: 1, machine: {}, steps: [] };
    expect(migrate(doc)).toEqual({ ok: true, doc });
  });

  it('refuses future versions with a clear message', () => {
    expect(migrate({ scenario: SCENARIO_VERSION + 1 })).toEqual({
      ok: false,
      path: 'scenario',
      message: `scenario: version ${SCENARIO_VERSION + 1} was written by a newer irqscope; this one reads versions up to ${SCENARIO_VERSION}`,
    });
  });

  it('refuses version 0 and non-integers', () => {
    expect(migrate({ scenario: 0 })).toMatchObject({ ok: false, path: 'scenario' });
    expect(migrate({ scenario: 1.5 })).toMatchObject({ ok: false, path: 'scenario' });
  });

  it('the table is empty while version 1 is the only one', () => {
    expect(Object.keys(MIGRATIONS)).toEqual([]);
  });
});
