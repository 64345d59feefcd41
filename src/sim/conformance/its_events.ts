// Replays its_events traces (an ITS device's event map: bitmap_find_free_region /
// bitmap_release_region as its_alloc_device_irq / its_irq_domain_free use them).
import { EventLpiMap } from '../arm64/its_events';
import { diffStep, diffValues } from './compare';
import type { Mismatch, Replayer, Trace } from './types';

export const replayItsEvents: Replayer = (trace: Trace): Mismatch[] => {
  const out: Mismatch[] = [];
  const nrLpis = trace.setup.nr_lpis;
  if (typeof nrLpis !== 'number') {
    out.push({ step: 'setup', path: 'nr_lpis', expected: 'a number', got: nrLpis });
    return out;
  }
  const map = new EventLpiMap(0, nrLpis);
  trace.steps.forEach((s, i) => {
    switch (s.call) {
      case 'alloc_events':
        diffStep(i, s, ['ret'], { ret: map.allocRegion(s.nvecs as number) }, out);
        break;
      case 'free_events':
        map.releaseRegion(s.event as number, s.nvecs as number);
        diffStep(i, s, [], {}, out);
        break;
      default:
        out.push({ step: i, path: 'call', expected: 'alloc_events | free_events', got: s.call });
    }
  });
  diffValues('final', 'final.event_map', trace.final.event_map, map.format(), out);
  return out;
};
