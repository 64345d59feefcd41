import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBackend } from './engine/backends';
import { Timeline } from './engine/timeline';
import { StringTable, packRows, unpackRows } from './lib/packed_rows';
import { PRESETS, presetScenario } from './scenario/presets';
import { packSnapshot, unpackSnapshot } from './wire';

describe('packed rows', () => {
  it('rebuild every row exactly: numbers, booleans, strings, nulls, missing keys, string lists, nested rows (property)', () => {
    const level = fc.record({ domain: fc.string(), hwirq: fc.integer(), chip: fc.string() });
    const row = fc.record(
      {
        irq: fc.integer({ min: -1, max: 1 << 30 }),
        name: fc.string(),
        device: fc.option(fc.string(), { nil: null }),
        managed: fc.boolean(),
        count: fc.double({ noNaN: true }),
        state: fc.array(fc.string(), { maxLength: 3 }),
        levels: fc.array(level, { maxLength: 3 }),
        placedBy: fc.string(),
        odd: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
      },
      { requiredKeys: ['irq', 'name', 'state', 'levels'] },
    );
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
        const t = new StringTable();
        const p = packRows(rows, t);
        expect(unpackRows(p, t.strings)).toEqual(rows);
      }),
      { seed: 4242, numRuns: 300 },
    );
  });
});

describe('wire snapshots', () => {
  for (const p of PRESETS) {
    it(`${p.id}: a packed snapshot unpacks to the same snapshot`, () => {
      const t = new Timeline(presetScenario(p, 0), createBackend);
      const s = t.snapshot();
      const copy = structuredClone(s);
      const { wire } = packSnapshot(s);
      expect(unpackSnapshot(structuredClone(wire))).toEqual(copy);
    });
  }
});
