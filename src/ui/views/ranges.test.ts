import { describe, expect, it } from 'vitest';
import { fallbackPath, orderViews, shortPath } from './debugfs-paths';
import { complement, pairs, pblRuns, runsLength, runsText, spans } from './ranges';

describe('ranges', () => {
  it('reads %*pbl lists into runs and back', () => {
    const r = pblRuns('0-3,8,10-11');
    expect(r).toEqual([
      [0, 4],
      [8, 9],
      [10, 12],
    ]);
    expect(runsLength(r)).toBe(7);
    expect(runsText(r)).toBe('0-3,8,10-11');
    expect(pblRuns('')).toEqual([]);
  });

  it('converts typed pairs', () => {
    expect(pairs(new Int32Array([0, 4, 8, 9]))).toEqual([
      [0, 4],
      [8, 9],
    ]);
    expect(spans(new Int32Array([8192, 32]))).toEqual([[8192, 8224]]);
  });
});

describe('debugfs paths', () => {
  it('orders /proc first, then domains, then irqs numerically', () => {
    expect(
      orderViews([
        '/sys/kernel/debug/irq/irqs/100',
        '/sys/kernel/debug/irq/irqs/9',
        '/sys/kernel/debug/irq/domains/VECTOR',
        '/proc/interrupts',
        '/sys/kernel/debug/irq/domains/IO-APIC-0',
      ]),
    ).toEqual([
      '/proc/interrupts',
      '/sys/kernel/debug/irq/domains/IO-APIC-0',
      '/sys/kernel/debug/irq/domains/VECTOR',
      '/sys/kernel/debug/irq/irqs/9',
      '/sys/kernel/debug/irq/irqs/100',
    ]);
    expect(shortPath('/sys/kernel/debug/irq/domains/VECTOR')).toBe('domains/VECTOR');
    expect(shortPath('/proc/interrupts')).toBe('/proc/interrupts');
  });
});

describe('fallbackPath', () => {
  it('keeps a listed path, else prefers /proc/interrupts', () => {
    const v = ['/sys/kernel/debug/irq/irqs/9', '/proc/interrupts'];
    expect(fallbackPath('/sys/kernel/debug/irq/irqs/9', v)).toBe('/sys/kernel/debug/irq/irqs/9');
    expect(fallbackPath('/sys/kernel/debug/irq/domains/VECTOR', v)).toBe('/proc/interrupts');
    expect(fallbackPath('/x', ['/sys/kernel/debug/irq/irqs/9'])).toBe('/sys/kernel/debug/irq/irqs/9');
    expect(fallbackPath('/x', [])).toBe('/x');
  });
});

describe('complement', () => {
  it('gives the allocated runs from the free ones', () => {
    expect(complement([[8224, 65536]], 8192, 65536)).toEqual([[8192, 8224]]);
    expect(complement([[8200, 8300], [8192, 8196]], 8192, 9000)).toEqual([[8196, 8200], [8300, 9000]]);
    expect(complement([], 0, 4)).toEqual([[0, 4]]);
  });
});
