import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRESETS } from './presets';
import { decodeFragment, encodeFragment } from './url';
import { encodeView, parseView, splitView, type LinkView } from './view_link';

describe('link view fields', () => {
  it('round-trip every field', () => {
    const v: LinkView = { at: 7, compare: ['6.4', '6.5'], story: { id: 'x86-vectors-offline', variant: 1 }, irq: 45, text: '/sys/kernel/debug/irq/irqs/45' };
    const text = encodeView(v);
    expect(text).toBe('~at=7&cmp=6.4,6.5&story=x86-vectors-offline.1&irq=45&text=%2Fsys%2Fkernel%2Fdebug%2Firq%2Firqs%2F45');
    expect(parseView(text.slice(1), 10)).toEqual({ view: v, problems: [] });
  });

  it('a scenario link with view fields still decodes to its scenario; one without has none', () => {
    const sc = PRESETS[1].scenario;
    const frag = encodeFragment(sc) + encodeView({ at: 3, compare: ['4.14'] });
    const r = decodeFragment(frag);
    expect(r.ok && r.scenario.steps.length).toBe(sc.steps.length);
    expect(splitView(frag.slice(1)).view).toBe('at=3&cmp=4.14');
    expect(splitView(encodeFragment(sc).slice(1)).view).toBe('');
  });

  it('names each field that does not read, and keeps the others', () => {
    const { view, problems } = parseView('at=99&cmp=latest&story=Bad Story&irq=-1&text=/etc/passwd&zoom=2&irq=12', 10);
    expect(view).toEqual({ irq: 12 });
    expect(problems).toEqual([
      'at: "99" is not a step position 0..10',
      'cmp: "latest" is not a kernel release or two ("6.4" or "6.4,6.5"), or a story variant ("variant.1")',
      'story: "Bad Story" is not a story and variant ("x86-vectors-offline.1")',
      'irq: "-1" is not an irq number',
      'text: "/etc/passwd" is not a kernel text file path (/proc/... or /sys/kernel/debug/...)',
      '"zoom" is not a view field this irqscope reads (at, cmp, story, irq, text)',
    ]);
  });

  it('hostile view text never throws and never yields a field outside its range (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), fc.nat(50), (text, steps) => {
        const { view } = parseView(text, steps);
        if (view.at !== undefined) expect(view.at).toBeLessThanOrEqual(steps);
        if (view.text !== undefined) expect(view.text).toMatch(/^\/(proc|sys)/);
      }),
      { seed: 7777, numRuns: 2000 },
    );
  });
});

describe('a story variant as the compared kernel', () => {
  it('reads cmp=variant.N as it is (not as a "v" release), and refuses two variants', () => {
    expect(parseView('cmp=variant.2', 5).view.compare).toEqual(['variant.2']);
    expect(parseView('cmp=v6.4', 5).view.compare).toEqual(['6.4']);
    expect(parseView('cmp=variant.1,variant.2', 5).problems).toHaveLength(1);
  });
});
