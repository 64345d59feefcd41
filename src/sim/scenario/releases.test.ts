import { describe, expect, it } from 'vitest';
import { RELEASE_TABLE, SUPPORT, VPE_ALLOC_ERROR_PATH } from './releases';
import { NEWEST_RELEASE, OLDEST_RELEASE, compareReleases, parseRelease, previousRelease, releaseKey } from './release_number';
import { releasePolicies, releaseRowValue, resolveKernel } from './releases_resolve';
import { resolveMachine, type Machine } from './schema';

describe('release numbers', () => {
  it('reads mainline releases, with or without "v"', () => {
    for (const [text, name] of [
      ['2.6.39', '2.6.39'],
      ['v4.14', '4.14'],
      ['4.15', '4.15'],
      ['v6.5', '6.5'],
      [' 7.0 ', '7.0'],
      ['3.0', '3.0'],
    ]) {
      const p = parseRelease(text);
      expect(p.ok && p.release.name).toBe(name);
    }
  });

  it('orders them across series and knows the release before each', () => {
    const order = ['2.6.39', '3.0', '3.19', '4.0', '4.20', '5.0', '5.19', '6.0', '6.19', '7.0'];
    for (let i = 1; i < order.length; i++) expect(compareReleases(order[i - 1], order[i])).toBeLessThan(0);
    expect(previousRelease('4.15')).toBe('4.14');
    expect(previousRelease('3.0')).toBe('2.6.39');
    expect(previousRelease('5.0')).toBe('4.20');
    expect(previousRelease('7.0')).toBe('6.19');
    expect(previousRelease('2.6.39')).toBe('2.6.38');
  });

  it('refuses what never existed, stable and -rc releases, and the unmodelled range', () => {
    const msg = (t: string) => {
      const p = parseRelease(t);
      return p.ok ? '' : p.message;
    };
    expect(msg('4.25')).toBe('there was no Linux 4.25 (the 4.x series ended with 4.20)');
    expect(msg('2.6.40')).toBe('there was no Linux 2.6.40 (the 2.6 series ended with 2.6.39)');
    expect(msg('2.4')).toBe('Linux 2.x releases are named 2.6.N, such as "2.6.39" (got "2.4")');
    expect(msg('6.6.30')).toMatch(/stable point release/);
    expect(msg('7.1')).toBe(`Linux 7.1 is newer than the newest modelled release; irqscope models Linux ${OLDEST_RELEASE} to ${NEWEST_RELEASE}`);
    expect(msg('8.0')).toMatch(/newer than the newest/);
    expect(msg('2.6.38')).toMatch(/older than the oldest/);
    expect(msg('latest')).toMatch(/^expected a kernel release/);
  });
});

describe('the release table', () => {
  it('every row has eras in release order inside the modelled range, each citing a title and what was read', () => {
    for (const row of RELEASE_TABLE) {
      expect(row.eras.length).toBeGreaterThan(0);
      for (let i = 0; i < row.eras.length; i++) {
        const e = row.eras[i];
        expect(parseRelease(e.since).ok, `${row.key} ${e.since}`).toBe(true);
        if (i > 0) expect(releaseKey(e.since)).toBeGreaterThan(releaseKey(row.eras[i - 1].since));
        expect(e.cite.title.length).toBeGreaterThan(10);
        expect(e.cite.source.length).toBeGreaterThan(5);
        if (e.cite.commit) expect(e.cite.commit).toMatch(/^[0-9a-f]{12}(, [0-9a-f]{12})*$/);
      }
      for (const p of row.proposals ?? []) expect(p.what).toContain('never merged');
    }
    for (const s of Object.values(SUPPORT)) expect(parseRelease(s.since).ok).toBe(true);
  });

  it('says when each behaviour the engine reads changed', () => {
    const at = (r: string) => releasePolicies(r, 'x86_64');
    expect(at('6.4').descriptors).toBe('bitmap');
    expect(at('6.5').descriptors).toBe('maple');
    expect(at('4.14').vectors).toBe('legacy');
    expect(at('4.15').vectors).toBe('matrix');
    expect([at('5.10').itsFree, at('5.11').itsFree, at('6.15').itsFree, at('6.16').itsFree]).toEqual(['bulk', 'per-irq', 'per-irq', 'per-device']);
    expect([at('2.6.39').xenIrqs, at('3.15').xenIrqs]).toEqual(['2011', 'current']);
    expect(['4.14', '5.3', '5.4', '6.2', '6.3', '6.8', '6.9', '6.16', '6.17', '6.19', '7.0'].map((r) => at(r).affinity)).toEqual([
      'v4.17', 'v4.17', 'v5.4', 'v5.4', 'v6.3', 'v6.3', 'v6.9', 'v6.9', 'v6.17', 'v6.17', 'v7.0',
    ]);
    // its_alloc_vcpu_irqs: vSGIs (and the leaking error path) from v5.7 to the newest release.
    expect(['5.6', '5.7', '6.4', '6.17', '7.0'].map((r) => releaseRowValue(VPE_ALLOC_ERROR_PATH, r))).toEqual([
      'doorbells-only', 'doorbells-and-vsgis', 'doorbells-and-vsgis', 'doorbells-and-vsgis', 'doorbells-and-vsgis',
    ]);
    expect(VPE_ALLOC_ERROR_PATH.eras[1]).toMatchObject({ since: SUPPORT.gicV41.since, cite: { commit: '6d31b6ff985d' } });
    expect(releasePolicies('6.4', 'arm64').nrIrqs).toBe(64);
    expect(at('6.4').nrIrqs).toBeNull();
    expect(resolveMachine({ xen: { role: 'dom0' }, kernel: { version: '2.6.39' } }).xen!.evtchnAbi).toBe('2l');
    expect(resolveMachine({ xen: { role: 'dom0' }, kernel: { version: '3.15' } }).xen!.evtchnAbi).toBe('fifo');
  });
});

describe('resolveKernel: overrides and counterfactual kernels', () => {
  const r = (m: Machine) => resolveKernel(m);

  it('a release on its own is real, whatever knobs repeat its values', () => {
    expect(r({ kernel: { version: '4.14', vectors: 'legacy', descriptors: 'bitmap' } })).toMatchObject({ release: '4.14', overrides: [], counterfactual: false });
    expect(r({}).release).toBe('7.0');
  });

  it('legacy vectors on 7.0: no release had them with the maple tree', () => {
    const k = r({ kernel: { version: '7.0', vectors: 'legacy' } });
    expect(k.overrides).toEqual([{ knob: 'vectors', value: 'legacy', release: 'matrix' }]);
    expect(k.counterfactual).toBe(true);
    expect(k.why).toBe('vectors: "legacy" with descriptors: "maple": no release had both (legacy until v4.14, maple from v6.5)');
    expect(k.policies.vectors).toBe('legacy');
  });

  it('an override that some other release had: real, and names that release', () => {
    const k = r({ kernel: { version: '6.4', descriptors: 'maple' } });
    expect(k).toMatchObject({ counterfactual: false, sameAs: '6.5', overrides: [{ knob: 'descriptors', value: 'maple', release: 'bitmap' }] });
    expect(r({ kernel: { version: '4.14', vectors: 'matrix' } })).toMatchObject({ counterfactual: false, sameAs: '4.15' });
    expect(r({ arch: 'arm64', kernel: { version: '6.4', itsFree: 'bulk' } })).toMatchObject({ counterfactual: true });
  });

  it('the bitmap on 7.0 (every v1 document that asked for it) clashes with the v7.0 spreading', () => {
    expect(r({ kernel: { descriptors: 'bitmap' } }).why).toBe(
      'descriptors: "bitmap" with the managed spreading of group_cpus_evenly, cluster-aware (v7.0): no release had both (bitmap until v6.4, that spreading only in v7.0)',
    );
  });

  it('the unmerged proposals are always counterfactual and say so', () => {
    const a = r({ arch: 'arm64', kernel: { version: '6.16', itsFree: 'region' } });
    expect(a.counterfactual).toBe(true);
    expect(a.why).toMatch(/^itsFree: "region" is the per-device region model .* never merged$/);
    const b = r({ kernel: { mappingRefcount: true } });
    expect(b.why).toMatch(/^mappingRefcount: true is the 2020 reference-count proposal of Alexey Kardashevskiy .* never merged$/);
  });

  it('a Xen domain: xenIrqs and descriptors decide, not the vector allocator or the spreading', () => {
    expect(r({ xen: { role: 'dom0' }, kernel: { version: '7.0', xenIrqs: '2011' } }).why).toBe(
      'xenIrqs: "2011" with descriptors: "maple": no release had both (2011 only in v2.6.39, maple from v6.5)',
    );
    expect(r({ xen: { role: 'dom0' }, kernel: { version: '2.6.39', xenIrqs: 'current', descriptors: 'maple' } })).toMatchObject({ counterfactual: false, sameAs: '6.5' });
  });

  it('knobs that do not apply are not applied (validation refuses them in documents)', () => {
    const k = r({ arch: 'arm64', kernel: { vectors: 'legacy' } });
    expect(k.overrides).toEqual([]);
    expect(k.policies.vectors).toBe('matrix');
  });

  it('lists where a release is approximated', () => {
    expect(r({ kernel: { version: '4.14' } }).notes.join('\n')).toMatch(/4.14 is run with the v4.17 irq_create_affinity_masks[\s\S]*the one of v4.14/);
    expect(r({ kernel: { version: '6.4' } }).notes[0]).toMatch(/vector domain is the one of v6.18/);
    expect(r({ arch: 'arm64', kernel: { version: '6.12' } }).notes[0]).toMatch(/v6.11-v6.15 already had per-device/);
    expect(r({}).notes).toEqual([]);
  });
});
