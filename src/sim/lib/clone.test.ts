import { describe, expect, it } from 'vitest';
import { CloneError, SHARED, deepClone } from './clone';
import { Matrix } from '../core/matrix';
import { matrixDebugShow } from '../core/matrix_debugfs';

class Node {
  next: Node | null = null;
  constructor(public value: number, public data = new Uint32Array(4)) {}
  bump() {
    this.value++;
    this.data[0]++;
  }
}

describe('deepClone', () => {
  it('copies class instances with their prototype, typed arrays, maps and cycles', () => {
    const a = new Node(1);
    const b = new Node(2);
    a.next = b;
    b.next = a;
    const root = { nodes: new Map([[1, a]]), set: new Set([b]), list: [a, b] };
    const c = deepClone(root);
    const ca = c.nodes.get(1)!;
    expect(ca).toBeInstanceOf(Node);
    expect(ca).not.toBe(a);
    expect(ca.next!.next).toBe(ca);
    expect(c.list[1]).toBe(ca.next);
    expect([...c.set][0]).toBe(ca.next);
    ca.bump();
    expect(a.value).toBe(1);
    expect(a.data[0]).toBe(0);
    expect(ca.data[0]).toBe(1);
  });

  it('shares objects marked shared instead of copying them', () => {
    const recorder = { [SHARED]: true as const, events: [] as number[] };
    const state = { a: { sink: recorder }, b: [recorder] };
    const c = deepClone(state);
    expect(c.a.sink).toBe(recorder);
    expect(c.b[0]).toBe(recorder);
  });

  it('shares frozen constants such as chip descriptors', () => {
    const chip = Object.freeze({ name: 'PCI-MSI', ack: (x: number) => x + 1 });
    const state = { levels: [{ chip }, { chip }] };
    const c = deepClone(state);
    expect(c.levels[0].chip).toBe(chip);
    expect(c.levels[0]).not.toBe(state.levels[0]);
  });

  it('refuses own-property functions, which could capture the old state', () => {
    const state = { n: 0, inc: () => state.n++ };
    expect(() => deepClone(state)).toThrow(CloneError);
  });

  it('a cloned matrix evolves independently and identically', () => {
    const m = new Matrix(4, 256, 32, 236);
    for (let c = 0; c < 4; c++) m.onlineCpu(c);
    m.alloc([0, 1, 2, 3], false);
    const copy = deepClone(m);
    expect(matrixDebugShow(copy, 0)).toBe(matrixDebugShow(m, 0));
    copy.alloc([1], false);
    expect(matrixDebugShow(copy, 0)).not.toBe(matrixDebugShow(m, 0));
    m.alloc([1], false);
    expect(matrixDebugShow(copy, 0)).toBe(matrixDebugShow(m, 0));
  });
});
