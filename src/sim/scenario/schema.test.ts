import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbMachine } from './arbitrary';
import { MIGRATIONS, migrate } from './migrate';
import { resolveMachine, SCENARIO_VERSION } from './schema';
import { parseScenario } from './validate';

describe('resolveMachine', () => {
  it('fills every default of the doc for an empty x86 machine', () => {
    const { release, ...rest } = resolveMachine({});
    expect(release).toEqual({ release: '7.0', policies: rest.kernel, overrides: [], counterfactual: false, notes: [] });
    expect(rest).toEqual({
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
        affinity: 'v7.0',
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
        const r = parseScenario({ scenario: SCENARIO_VERSION, machine: m, steps: [] });
        expect(r.ok ? '' : r.message).toBe('');
      }),
      { numRuns: 300 },
    );
  });
});

describe('migrate', () => {
  it('leaves current documents as they are', () => {
    const doc = { scenario: 2, machine: {}, steps: [] };
    expect(migrate(doc)).toEqual({ ok: true, doc, notes: [] });
  });

  it('version 1: the knobs become overrides of the release v1 meant (mainline 7.0)', () => {
    expect(migrate({ scenario: 1, machine: {}, steps: [] })).toEqual({
      ok: true,
      doc: { scenario: 2, machine: { kernel: { version: '7.0' } }, steps: [] },
      notes: [],
    });
    const doc = { scenario: 1, title: 't', machine: { arch: 'arm64', kernel: { descriptors: 'bitmap', itsFree: 'bulk' } }, steps: [{ do: 'cpu.offline', cpu: 1 }] };
    expect(migrate(doc)).toEqual({
      ok: true,
      doc: { ...doc, scenario: 2, machine: { arch: 'arm64', kernel: { version: '7.0', descriptors: 'bitmap', itsFree: 'bulk' } } },
      notes: [],
    });
  });

  it('version 1: knobs the machine ignored are dropped, with a note each', () => {
    const r = migrate({ scenario: 1, machine: { xen: { role: 'dom0' }, kernel: { vectors: 'legacy', itsFree: 'region', xenIrqs: '2011' } }, steps: [] });
    expect(r).toEqual({
      ok: true,
      doc: { scenario: 2, machine: { xen: { role: 'dom0' }, kernel: { version: '7.0', xenIrqs: '2011' } }, steps: [] },
      notes: [
        'machine.kernel.vectors: "legacy" dropped (version 1 accepted and ignored it: a Xen domain allocates no CPU vectors of its own (Xen owns them; interrupts arrive as event channels))',
        'machine.kernel.itsFree: "region" dropped (version 1 accepted and ignored it: it is how the arm64 GICv3 ITS frees LPIs (arch is x86_64))',
      ],
    });
    const arm = migrate({ scenario: 1, machine: { arch: 'arm64', kernel: { vectors: 'matrix', xenIrqs: 'current' } }, steps: [] });
    expect(arm.ok && arm.doc.machine).toEqual({ arch: 'arm64', kernel: { version: '7.0' } });
  });

  it('version 1: a broken machine is left for validation to name', () => {
    expect(migrate({ scenario: 1, machine: 'x', steps: [] })).toEqual({ ok: true, doc: { scenario: 2, machine: 'x', steps: [] }, notes: [] });
    expect(parseScenario({ scenario: 1, machine: { kernel: 3 }, steps: [] })).toMatchObject({ ok: false, path: 'machine.kernel' });
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

  it('has one migration per older version', () => {
    expect(Object.keys(MIGRATIONS)).toEqual(['1']);
    expect(SCENARIO_VERSION).toBe(2);
  });
});
