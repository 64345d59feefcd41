// Replays lpi_ranges traces (drivers/irqchip/irq-gic-v3-its.c LPI allocator) against src/sim/arm64/lpi.ts.
import { LpiRanges } from '../arm64/lpi';
import { diffStep, diffValues } from './compare';
import type { Mismatch, Replayer, Trace } from './types';

export const replayLpiRanges: Replayer = (trace: Trace): Mismatch[] => {
  const out: Mismatch[] = [];
  const lpiBits = trace.setup.lpi_bits;
  if (typeof lpiBits !== 'number') {
    out.push({ step: 'setup', path: 'lpi_bits', expected: 'a number', got: lpiBits });
    return out;
  }
  let warned = false;
  const ranges = new LpiRanges(lpiBits, {
    sink: { emit: (e) => void (e.type === 'warning' && (warned = true)) },
  });
  trace.steps.forEach((s, i) => {
    warned = false;
    const got: Record<string, unknown> = {};
    switch (s.call) {
      case 'lpi_alloc': {
        const r = ranges.alloc(s.nr as number);
        got.ret = r.ret;
        got.base = r.base;
        got.nr_lpis = r.nr_lpis;
        diffStep(i, s, ['ret', 'base', 'nr_lpis'], { ...got, warn: warned }, out);
        break;
      }
      case 'lpi_free':
        got.ret = ranges.free(s.base as number, s.nr as number);
        diffStep(i, s, ['ret'], { ...got, warn: warned }, out);
        break;
      default:
        out.push({ step: i, path: 'call', expected: 'lpi_alloc | lpi_free', got: s.call });
    }
  });
  diffValues('final', 'final.free_ranges', trace.final.free_ranges, ranges.toArray(), out);
  return out;
};
