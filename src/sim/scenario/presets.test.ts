import { describe, expect, it } from 'vitest';
import { PRESETS, presetScenario } from './presets';
import { parseScenario } from './validate';
import { decodeFragment, encodeFragment } from './url';

describe('presets', () => {
  it('has one preset per story, each with at least two kernel variants', () => {
    expect(PRESETS.map((p) => p.id)).toEqual([
      'gicv41-descriptor-cap',
      'x86-vectors-offline',
      'intx-mapping-refcount',
      'its-multimsi-reinsertion',
      'xen-evtchn-nr-irqs',
    ]);
    for (const p of PRESETS) {
      expect(p.variants.length).toBeGreaterThanOrEqual(2);
      expect(p.captions.length).toBe(p.scenario.steps.length);
    }
  });

  for (const p of PRESETS) {
    p.variants.forEach((v, i) => {
      it(`${p.id} [${v.label}] is a valid scenario whose link fits in an email (< 2000 chars)`, () => {
        const sc = presetScenario(p, i);
        const parsed = parseScenario(JSON.parse(JSON.stringify(sc)));
        expect(parsed.ok ? '' : parsed.message).toBe('');
        const fragment = encodeFragment(sc);
        const link = `https://irqscope.example/#${fragment.replace(/^#/, '')}`;
        expect(link.length).toBeLessThan(2000);
        const back = decodeFragment(link);
        expect(back.ok && back.scenario).toEqual(sc);
      });
    });
  }
});
