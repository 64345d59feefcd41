import { describe, expect, it } from 'vitest';
import { EventLog, describeEvent } from '../events';
import { parsePbl } from '../lib/bitmap';
import { X86Machine } from './machine';
import { noIrqHandlerLine } from './no_irq_handler';

describe('"No irq handler" as each release prints it', () => {
  it('do_IRQ, common_interrupt (5.8), call_irq_handler (6.10), reevaluate_vector (6.17)', () => {
    expect(noIrqHandlerLine('5.7', 3, 34)).toEqual(['do_IRQ', '3.34 No irq handler for vector']);
    expect(noIrqHandlerLine('5.8', 3, 34)).toEqual(['common_interrupt', '3.34 No irq handler for vector']);
    expect(noIrqHandlerLine('6.9', 3, 34)).toEqual(['common_interrupt', '3.34 No irq handler for vector']);
    expect(noIrqHandlerLine('6.10', 3, 34)).toEqual(['call_irq_handler', '3.34 No irq handler for vector']);
    expect(noIrqHandlerLine('7.0', 3, 34)).toEqual(['reevaluate_vector', 'No irq handler for 3.34']);
  });

  it('an interrupt on an unused vector logs the line of the machine\'s release, at err level', () => {
    for (const [release, text] of [
      ['6.1', 'common_interrupt: 2.40 No irq handler for vector'],
      ['7.0', 'reevaluate_vector: No irq handler for 2.40'],
    ] as const) {
      const log = new EventLog();
      const m = new X86Machine({ nrCpus: 4, systemVectors: parsePbl('0-19,21,128,236,240-242,244,246-255'), release, sink: log });
      expect(m.commonInterrupt(2, 40)).toBe(0);
      const lines = log.events.filter((e) => e.type === 'log' && e.level !== 'info');
      expect(lines.map((e) => [e.type === 'log' && e.level, describeEvent(e)])).toEqual([['err', text]]);
    }
  });
});
