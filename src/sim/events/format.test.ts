import { describe, expect, it } from 'vitest';
import type { StampedEvent } from '../snapshot';
import { formatEvent, severity } from './format';

export function alloc(cpu: number, bit: number, step: number, seq: number): StampedEvent {
  return {
    type: 'irq_matrix_alloc',
    bit,
    cpu,
    online: true,
    available: 200,
    allocated: 3,
    managed: 0,
    online_maps: 4,
    global_available: 800,
    global_reserved: 0,
    total_allocated: 12,
    step,
    seq,
  };
}

const warn: StampedEvent = { type: 'warning', site: 'irq_matrix_free', message: 'bit not set', step: 2, seq: 9 };
const fail: StampedEvent = { type: 'failure', site: 'irq_matrix_alloc', errno: -28, message: 'no vector', step: 3, seq: 10 };

describe('formatEvent', () => {
  it('prints ftrace-like lines with the step first', () => {
    expect(formatEvent(alloc(2, 33, 0, 1))).toBe(
      '   step 1  irq_matrix_alloc: bit=33 cpu=2 online=1 available=200 allocated=3 managed=0 online_maps=4 global_available=800 global_reserved=0 total_allocated=12',
    );
    expect(formatEvent({ ...alloc(0, 40, -1, 0) })).toMatch(/^ {5}boot {2}irq_matrix_alloc: bit=40 /);
    expect(formatEvent(warn)).toBe('   step 3  warning: WARNING in irq_matrix_free: bit not set');
  });

  it('ranks warnings and failures', () => {
    expect(severity(warn)).toBe('warning');
    expect(severity(fail)).toBe('failure');
    expect(severity(alloc(0, 1, 0, 0))).toBe('normal');
    expect(severity({ type: 'log', level: 'err', site: 'x', message: 'y' })).toBe('warning');
    expect(severity({ type: 'log', level: 'info', site: 'x', message: 'y' })).toBe('normal');
  });
});
