import { describe, expect, it } from 'vitest';
import { parseCpuList } from './event-format';

describe('parseCpuList', () => {
  it('reads kernel CPU lists', () => {
    expect(parseCpuList('')).toBeNull();
    expect([...parseCpuList('0-3,8')!]).toEqual([0, 1, 2, 3, 8]);
    expect(parseCpuList('3-1')).toBeUndefined();
    expect(parseCpuList('x')).toBeUndefined();
  });
});
