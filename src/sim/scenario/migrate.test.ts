// Version-1 documents (old links, stored scenarios) keep replaying exactly as they did before
// the format named kernel releases.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBackend } from '../engine/backends';
import { Timeline } from '../engine/timeline';
import { arbMachine } from './arbitrary';
import { resolveMachine, type Machine } from './schema';
import { encodeFragment, decodeFragment } from './url';
import { parseScenario } from './validate';

const V1_DOCS: unknown[] = JSON.parse(readFileSync(fileURLToPath(new URL('./testdata/v1-documents.json', import.meta.url)), 'utf8'));

/**
 * SHA-256 of {summary without kernel/log, irq rows, domain names} of each document of
 * testdata/v1-documents.json, as the engine of commit 089bf6b (scenario format 1) replayed
 * them. Story A/B shapes on v1 knobs, knobs v1 ignored (itsFree on x86, vectors on Xen and
 * arm64), Xen 2011, the region proposal. Story B legacy (#2) differs from 089bf6b only in its
 * domain names: the pre-4.15 machine now shows its VECTOR / INTEL-IR / IO-APIC / MSI hierarchy
 * (its summary and every irq row were as before), and then changed again on purpose when the
 * v4.14 boot took the ISA irqs over on the IO-APIC with only CPU 0 online, as setup_IO_APIC does
 * (issue 13 item 2): CPUs 1-3 no longer hold 0x30-0x3f, so later vectors and free counts moved;
 * and once more when the pre-4.15 machine got io_apic.c's arch_dynirq_lower_bound (4.4.60 and
 * 4.14.5 trees): its MSI irqs start at 24 (gsi_top) instead of 16, every irq row 8 higher, names,
 * affinities, vectors and the summary unchanged (digest e90d4195...); then its remapped IO-APIC
 * domain took 4.14's name IO-APIC-IR-0 (mp_irqdomain_create of 4.14.5): mapping it back to
 * IO-APIC-0 gives e90d4195... exactly. The third changed on purpose with the kernel's
 * domain names (INTEL-IR-0-13 and the bus-token suffix -12 of per-device MSI-X domains, no
 * longer the fwnode counter): mapping those names back gives 089bf6b's digest 821ca2cb... exactly.
 */
const BEFORE = [
  '6a182cb7f5bb81158c835531f95c4bd9bd71c226000def8d6fbb71cded2fefcb',
  'fbd173e1b4253b181f9d05b6241d3b5c5b3a0256caf758b73214da7fc6c84927',
  'fd57202aa3c6a3a392e62f18fcc3ea65e1e773076c8fe248effd5fe1f16ec62e',
  '510c23b8e2f4d7adfa01655fa4d9af1f15de17d46eb26f106e880a35a4d8b70d',
  '7e39cde12133f8ddac56327a4e072c30741ddcd325eb2ef22b91f92ad49c8e0f',
];

function digest(doc: unknown): string {
  const p = parseScenario(doc);
  if (!p.ok) throw new Error(p.message);
  const t = new Timeline(p.scenario, createBackend);
  const s = { ...t.snapshot(), summary: t.summary() };
  const { kernel: _k, log: _l, ...summary } = s.summary;
  const out = { summary, irqs: s.irqs.map((r) => [r.irq, r.name, r.affinity, r.effective, r.vector, r.cpu, r.managed]), domains: s.domains.map((d) => d.name) };
  return createHash('sha256').update(JSON.stringify(out)).digest('hex');
}

describe('version-1 documents after the migration', () => {
  V1_DOCS.forEach((doc, i) => {
    it(`${(doc as { title: string }).title}: the same replay as format 1 gave`, () => {
      expect(digest(doc)).toBe(BEFORE[i]);
    });
  });

  it('an old link opens as the migrated document, with the notes of what was dropped', () => {
    const v1 = V1_DOCS[3] as { machine: Machine };
    const back = decodeFragment(encodeFragment(v1 as never));
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.scenario.scenario).toBe(2);
    expect(back.scenario.machine.kernel).toEqual({ version: '7.0', xenIrqs: '2011', descriptors: 'bitmap' });
    expect(back.notes).toEqual([
      'machine.kernel.vectors: "legacy" dropped (version 1 accepted and ignored it: a Xen domain allocates no CPU vectors of its own (Xen owns them; interrupts arrive as event channels))',
    ]);
  });

  it('property: a v1 machine resolves to the v1 defaults (mainline) with its applicable knobs on top', () => {
    const V1_DEFAULTS = { descriptors: 'maple', vectors: 'matrix', itsFree: 'per-device', mappingRefcount: false, xenIrqs: 'current' } as const;
    fc.assert(
      fc.property(arbMachine({ maxCpus: 64 }), (m0) => {
        const { version: _v, ...knobs } = m0.kernel ?? {};
        const m: Machine = { ...m0, kernel: knobs };
        const p = parseScenario({ scenario: 1, machine: m, steps: [] });
        expect(p.ok).toBe(true);
        if (!p.ok) return;
        const cfg = resolveMachine(p.scenario.machine);
        expect(cfg.release.release).toBe('7.0');
        const arch = m.arch ?? 'x86_64';
        const want = {
          ...V1_DEFAULTS,
          nrIrqs: arch === 'arm64' ? 64 : null,
          ...knobs,
          affinity: 'v7.0',
        };
        for (const key of ['descriptors', 'nrIrqs', 'mappingRefcount'] as const) expect(cfg.kernel[key]).toBe(want[key]);
        if (arch === 'arm64') expect(cfg.kernel.itsFree).toBe(want.itsFree);
        else if (m.xen) expect(cfg.kernel.xenIrqs).toBe(want.xenIrqs);
        else expect(cfg.kernel.vectors).toBe(want.vectors);
        expect(cfg.kernel.affinity).toBe('v7.0');
      }),
      { seed: 20260419, numRuns: 300 },
    );
  });
});
