// lib/sort.c: sort() as it was from v5.1 to v6.8 (the bottom-up heapsort of "lib/sort: use more
// efficient bottom-up heapsort variant", George Spelvin, 22a241ccb2c1, before Kuan-Wei Chiu's
// v6.9 changes db946a422260 and 0e02ca29a563; see sort.ts for the current one).
//
// It differs from the current sort only where equal elements meet: one maximum is popped per
// round (not two), and the sift-down path takes the LEFT child when the two children compare
// equal. Callers that sort equal keys (lib/group_cpus.c: nodes with as many CPUs) get their
// equal elements in another order, so older releases place queues differently.
import type { Comparator } from './sort';

function swap<T>(arr: T[], i: number, j: number): void {
  const t = arr[i];
  arr[i] = arr[j];
  arr[j] = t;
}

function parent(i: number): number {
  return (i - 1) >>> 1;
}

/** Sorts `arr` in place, ascending by `cmp`, as the v5.1-v6.8 kernel sort() would. */
export function sortV51<T>(arr: T[], cmp: Comparator<T>): void {
  let n = arr.length;
  let a = n >>> 1;
  if (a === 0) return;
  for (;;) {
    if (a !== 0) {
      a -= 1; // building the heap: sift down the next inner node
    } else {
      n -= 1; // sorting: the root goes to the end
      if (n === 0) break;
      swap(arr, 0, n);
    }
    // Follow the larger child (the left one on a tie) down to a leaf, one compare per level.
    let b = a;
    let c: number;
    let d: number;
    for (;;) {
      c = 2 * b + 1;
      d = c + 1;
      if (d >= n) break;
      b = cmp(arr[c], arr[d]) >= 0 ? c : d;
    }
    if (d === n) b = c; // last leaf without a sibling
    while (b !== a && cmp(arr[a], arr[b]) >= 0) b = parent(b);
    c = b;
    while (b !== a) {
      b = parent(b);
      swap(arr, b, c);
    }
  }
}
