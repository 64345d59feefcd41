import { describe, expect, it } from 'vitest';
import { PRESETS, presetScenario } from '../scenario/presets';
import { Session } from './session';
import { MAX_HITS, Occurrences, compile } from './text_search';

const LINES = ['           CPU0       CPU1', '  0:         44          0   IO-APIC    2-edge      timer', ' 24:          0          0   PCI-MSI 524288-edge      nvme0q0', 'NMI:          0          0   Non-maskable interrupts', ''];

describe('text search (grep over a kernel view, in the worker)', () => {
  it('finds every occurrence case-insensitively by default, with line and columns', () => {
    const o = new Occurrences(LINES, 4, { text: 'cpu' });
    const a = o.answer({ text: 'cpu' }, 0, 4);
    expect(a.total).toBe(2);
    expect(a.lines).toBe(1);
    expect(a.hits).toEqual([0, 0]);
    expect(a.marks).toEqual([0, 11, 14, 0, 0, 22, 25, 1]);
    expect(new Occurrences(LINES, 4, { text: 'cpu', caseSensitive: true }).n).toBe(0);
  });

  it('treats the text literally unless it is a regular expression', () => {
    expect(new Occurrences(LINES, 4, { text: '0.' }).n).toBe(0);
    const irq24 = new Occurrences(LINES, 4, { text: '^\\s*24:', regexp: true });
    expect(irq24.answer({ text: '' }, 0, 4).hits).toEqual([2]);
    // An empty match marks nothing and does not loop.
    expect(new Occurrences(LINES, 4, { text: 'x*', regexp: true }).n).toBe(0);
  });

  it('says why a pattern cannot be used instead of throwing', () => {
    expect(compile({ text: '(', regexp: true })).toMatch(/^not a regular expression: /);
    expect(compile({ text: '' })).toBe('the search is empty');
    const a = new Occurrences(LINES, 4, { text: '[', regexp: true }).answer({ text: '[' }, 0, 4);
    expect(a.error).toMatch(/not a regular expression/);
    expect(a.total).toBe(0);
  });

  it('lists marks only for the lines asked for, and hits from a given occurrence', () => {
    const o = new Occurrences(LINES, 4, { text: '0' });
    const win = o.answer({ text: '0', hitsFrom: 3, hitsCount: 2 }, 2, 3);
    expect(win.marks.length).toBeGreaterThan(0);
    for (let i = 0; i < win.marks.length; i += 4) expect(win.marks[i]).toBe(2);
    expect(win.hitsFrom).toBe(3);
    expect(win.hits).toHaveLength(2);
    expect(o.answer({ text: '0', hitsCount: 10 ** 9 }, 0, 0).hits.length).toBeLessThanOrEqual(MAX_HITS);
  });

  it('runs through the session over the whole /proc/interrupts of a loaded scenario', () => {
    const s = new Session();
    const r = s.run({ kind: 'load', scenario: presetScenario(PRESETS[2], 0) });
    if (!r.ok) throw new Error(r.message);
    const whole = s.text('/proc/interrupts').text!.split('\n');
    const expected = whole.filter((l) => l.toLowerCase().includes('ipi')).length;
    expect(expected).toBeGreaterThan(0);
    // Ask for no lines at all: the count still covers the whole view.
    const a = s.text('/proc/interrupts', 0, 0, { text: 'iPi' });
    expect(a.text).toBe('');
    expect(a.search!.lines).toBe(expected);
    expect(a.search!.marks).toEqual([]);
    const firstLine = a.search!.hits[0];
    expect(whole[firstLine].toLowerCase()).toContain('ipi');
    const at = s.text('/proc/interrupts', firstLine, 1, { text: 'iPi' });
    expect(at.search!.marks[0]).toBe(firstLine);
    expect(whole[firstLine].slice(at.search!.marks[1], at.search!.marks[2]).toLowerCase()).toBe('ipi');
  });
});
