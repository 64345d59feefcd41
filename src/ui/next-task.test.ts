import { describe, expect, it } from 'vitest';
import { nextTask } from './next-task';

describe('nextTask', () => {
  it('resolves after the current task, in call order, many at once', async () => {
    const order: number[] = [];
    const all = Array.from({ length: 100 }, (_, i) => nextTask().then(() => order.push(i)));
    void Promise.resolve().then(() => order.push(-1));
    await Promise.all(all);
    // The microtask ran first: the waits are tasks, not microtasks.
    expect(order[0]).toBe(-1);
    expect(order.slice(1)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
