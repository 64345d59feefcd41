import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbScenario } from './arbitrary';
import { importProcInterrupts } from './import_proc_interrupts';
import type { Scenario } from './schema';
import { decodeFragment, encodeFragment } from './url';
import { parseScenario, type ParseResult } from './validate';

/** A result is either a valid scenario or one non-empty message led by its path. */
function wellFormed(r: ParseResult): void {
  if (r.ok) {
    expect(parseScenario(r.scenario).ok).toBe(true);
    return;
  }
  expect(typeof r.message).toBe('string');
  expect(r.message.length).toBeGreaterThan(10);
  expect(r.message).not.toMatch(/undefined|\[object Object\]/);
  if (r.path !== '') expect(r.message.startsWith(`${r.path}: `)).toBe(true);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; ch: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; n: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), ch: fc.nat(63) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ minLength: 1, maxLength: 8, unit: 'binary' }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 6 }) }),
);

function mutate(data: string, m: Mutation): string {
  const at = m.at % (data.length + 1);
  switch (m.kind) {
    case 'truncate':
      return data.slice(0, at % data.length);
    case 'flip': {
      const i = at % data.length;
      const ch = B64[m.ch] === data[i] ? B64[(m.ch + 1) % 64] : B64[m.ch];
      return data.slice(0, i) + ch + data.slice(i + 1);
    }
    case 'insert':
      return data.slice(0, at) + m.text + data.slice(at);
    case 'delete':
      return data.slice(0, at) + data.slice(at + m.n);
  }
}

describe('fuzzing the border', () => {
  it('mutated fragments: a message (or the very same scenario), never a throw', () => {
    let rejected = 0;
    let runs = 0;
    fc.assert(
      fc.property(arbScenario({ maxSteps: 30 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (s, ms) => {
        const frag = encodeFragment(s);
        let data = frag.slice(4);
        for (const m of ms) data = mutate(data, m);
        const r = decodeFragment(`#s1.${data}`);
        wellFormed(r);
        runs++;
        if (r.ok) expect(r.scenario).toEqual(s);
        else rejected++;
      }),
      { numRuns: 3000 },
    );
    // Nearly every mutation must be caught (the rest are no-ops such as an inserted '=' pad).
    expect(rejected / runs).toBeGreaterThan(0.97);
  });

  it('every single-character substitution and every truncation is rejected', () => {
    const s: Scenario = {
      scenario: 1,
      machine: { cpus: 4 },
      steps: [{ do: 'device.add', id: 'nvme0', type: 'nvme', queues: 4 }, { do: 'cpu.offline', cpu: 3 }],
    };
    const data = encodeFragment(s).slice(4);
    for (let i = 0; i < data.length; i++) {
      expect(decodeFragment(`#s1.${data.slice(0, i)}`).ok).toBe(false);
      for (const ch of B64) {
        if (ch === data[i]) continue;
        const r = decodeFragment(`#s1.${data.slice(0, i)}${ch}${data.slice(i + 1)}`);
        expect(r.ok).toBe(false);
      }
    }
  });

  it('random strings as links or documents', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (text) => {
        wellFormed(decodeFragment(text));
        wellFormed(decodeFragment(`#s1.${text}`));
        wellFormed(parseScenario(text));
        const imp = importProcInterrupts(text);
        if (!imp.ok) expect(imp.message.length).toBeGreaterThan(10);
      }),
      { numRuns: 3000 },
    );
  });

  it('random JSON values as documents', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        wellFormed(parseScenario(v));
        wellFormed(parseScenario(JSON.stringify(v) ?? 'null'));
      }),
      { numRuns: 3000 },
    );
  });

  it('valid documents with one field replaced or dropped: ok or a message at a real path', () => {
    const arbPoke = fc.record({ pick: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }), drop: fc.boolean() });
    fc.assert(
      fc.property(arbScenario({ maxSteps: 20 }), arbPoke, (s, poke) => {
        const doc = JSON.parse(JSON.stringify(s)) as Record<string, unknown>;
        // Collect every container + key in the document, then change one.
        const slots: [Record<string, unknown> | unknown[], string | number][] = [];
        const walk = (v: unknown) => {
          if (Array.isArray(v)) v.forEach((x, i) => (slots.push([v, i]), walk(x)));
          else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (slots.push([v as Record<string, unknown>, k]), walk(x));
        };
        walk(doc);
        const [holder, key] = slots[poke.pick % slots.length];
        if (poke.drop && !Array.isArray(holder)) delete holder[key as string];
        else (holder as Record<string | number, unknown>)[key] = poke.value;
        const r = parseScenario(doc);
        wellFormed(r);
        // The path names a real place: its parent exists in the document.
        if (!r.ok && r.path !== '' && !r.path.includes('"')) {
          const segs = r.path.split(/\.|\[|\]/).filter((x) => x !== '').map((x) => (/^\d+$/.test(x) ? Number(x) : x));
          let cur: unknown = doc;
          for (const seg of segs.slice(0, -1)) cur = (cur as Record<string | number, unknown>)[seg];
          expect(typeof cur).toBe('object');
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('random /proc/interrupts-like text never throws the importer', () => {
    const row = fc.tuple(fc.nat(300), fc.array(fc.nat(), { maxLength: 6 }), fc.constantFrom('IR-PCI-MSI 524288-edge', 'IO-APIC  16-fasteoi', 'GICv3  27 Level', 'ITS-MSI 65536 Edge', 'xen-pirq    -msi-x', 'PCI-MSIX-0000:00:02.0 1-edge', 'junk'), fc.string({ maxLength: 20 }));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(row, { maxLength: 20 }), (ncpu, rows) => {
        const header = Array.from({ length: ncpu }, (_, i) => `CPU${i}`).join('  ');
        const text = [header, ...rows.map(([irq, counts, chip, name]) => ` ${irq}: ${counts.join(' ')} ${chip} ${name}`)].join('\n');
        const r = importProcInterrupts(text);
        if (r.ok) expect(parseScenario(r.scenario).ok).toBe(true);
        else expect(r.message).not.toMatch(/a bug|failed/);
      }),
      { numRuns: 1500 },
    );
  });
});
