import { describe, expect, it } from 'vitest';
import { BdfAllocator, formatBdf, hostBridgeLine, parseBdf, requesterId, swizzlePin } from './pci';

describe('pci addressing', () => {
  it('parses and prints bus:device.function', () => {
    const b = parseBdf('0000:3b:1f.7');
    expect(b).toEqual({ domain: 0, bus: 0x3b, dev: 0x1f, fn: 7 });
    expect(formatBdf(b)).toBe('0000:3b:1f.7');
    expect(requesterId(b)).toBe((0x3b << 8) | (0x1f << 3) | 7);
  });

  it('swizzles pins as pci_swizzle_interrupt_pin does', () => {
    expect(swizzlePin(1, 0)).toBe(1);
    expect(swizzlePin(1, 1)).toBe(2);
    expect(swizzlePin(4, 1)).toBe(1);
    expect(swizzlePin(2, 7)).toBe(1);
    // INTA of slot 1, INTB of slot 0 and INTD of slot 2 all land on host-bridge INTB.
    expect(hostBridgeLine('A', 1)).toBe(1);
    expect(hostBridgeLine('B', 0)).toBe(1);
    expect(hostBridgeLine('D', 2)).toBe(1);
  });

  it('hands out free addresses', () => {
    const a = new BdfAllocator();
    a.take('0000:01:00.0');
    expect(a.next()).toBe('0000:02:00.0');
    a.release('0000:01:00.0');
    expect(a.has('0000:01:00.0')).toBe(false);
  });
});
