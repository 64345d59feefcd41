import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clearBit, findNextSet, findNextZero, formatList, formatPbl, newBits, parsePbl, setBit, testBit, weight } from './bitmap';

describe('bitmap', () => {
  it('prints %*pbl as the kernel does', () => {
    const b = newBits(256);
    for (const i of [32, 33, 34, 35, 40, 236, 237, 255]) setBit(b, i);
    expect(formatPbl(b, 256)).toBe('32-35,40,236-237,255');
    expect(formatPbl(newBits(8), 8)).toBe('');
  });

  it('finds set and clear bits across word boundaries', () => {
    const b = newBits(100);
    setBit(b, 31);
    setBit(b, 64);
    expect(findNextSet(b, 0, 100)).toBe(31);
    expect(findNextSet(b, 32, 100)).toBe(64);
    expect(findNextSet(b, 65, 100)).toBe(100);
    expect(findNextSet(b, 0, 31)).toBe(31);
    expect(findNextZero(b, 31, 100)).toBe(32);
    clearBit(b, 31);
    expect(testBit(b, 31)).toBe(false);
    expect(weight(b, 100)).toBe(1);
  });

  it('round-trips any set through %*pbl', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 299 }), { maxLength: 120 }), (bits) => {
        const b = newBits(300);
        for (const i of bits) setBit(b, i);
        const text = formatPbl(b, 300);
        expect(text).toBe(formatList(bits));
        expect(parsePbl(text)).toEqual([...bits].sort((x, y) => x - y));
        expect(weight(b, 300)).toBe(bits.length);
      }),
    );
  });
});
