// lib/sort.c: sort(), the kernel's in-place bottom-up heapsort, as in mainline since v6.15.
//
// Not stable: elements that compare equal come out in an order fixed by the exact sequence
// of compares and swaps, and callers such as lib/group_cpus.c (alloc_groups_to_nodes)
// depend on that order. So this follows the kernel step for step, working in element
// indexes where the C code works in byte offsets:
//  - build the heap by sifting down every inner node, last one first;
//  - then pop two maxima per round ("double pop"): the root goes to the end, the larger
//    of the root's two children (the right one on a tie) goes just before it, and both
//    holes are sifted down again (the child first, then the root);
//  - sift-down is bottom-up: walk to a leaf along the larger child (the right child on a
//    tie, since v6.15), climb back while the sifted element compares >= 0 with the node,
//    then rotate it into place;
//  - the last two or three elements are finished by hand.

/** A comparator as the kernel's cmp_func_t: negative, zero or positive, as a C int. */
export type Comparator<T> = (a: T, b: T) => number;

function swap<T>(arr: T[], i: number, j: number): void {
  const t = arr[i];
  arr[i] = arr[j];
  arr[j] = t;
}

/** Parent index of heap element i (i > 0). */
function parent(i: number): number {
  return (i - 1) >>> 1;
}

/** Sorts `arr` in place, ascending by `cmp`, exactly as the kernel's sort() would. */
export function sort<T>(arr: T[], cmp: Comparator<T>): void {
  const num = arr.length;
  let n = num; // elements [0, n) are still the heap; [n, num) are sorted
  let a = num >>> 1; // next inner node to sift while building
  let shift = 0; // after a double pop: 1 when the second maximum was the right child

  if (a === 0) return; // fewer than two elements

  for (;;) {
    if (a !== 0) {
      // Building the heap (shift is 0), or the root after a double pop's child.
      a -= 1 << shift;
    } else if (n > 3) {
      // Extract the two largest elements.
      n -= 1;
      swap(arr, 0, n);
      shift = cmp(arr[1], arr[2]) <= 0 ? 1 : 0;
      a = 1 << shift;
      n -= 1;
      swap(arr, a, n);
    } else {
      break;
    }

    // Bottom-up sift-down of the element at a: find the leaf at the end of the path of
    // larger children, one compare per level.
    let b = a;
    let c: number;
    let d: number;
    for (;;) {
      c = 2 * b + 1;
      d = c + 1;
      if (d >= n) break;
      b = cmp(arr[c], arr[d]) > 0 ? c : d;
    }
    if (d === n) b = c; // last leaf without a sibling

    // Climb back to where the element at a belongs.
    while (b !== a && cmp(arr[a], arr[b]) >= 0) b = parent(b);

    // Rotate it into place: every element on the path from a to c moves up one level.
    c = b;
    while (b !== a) {
      b = parent(b);
      swap(arr, b, c);
    }
  }

  // Two or three elements remain in the heap, the largest at the root.
  n -= 1;
  swap(arr, 0, n);
  if (n === 2 && cmp(arr[0], arr[1]) > 0) swap(arr, 0, 1);
}

/**
 * The comparator of lib/group_cpus.c (ncpus_cmp_func): `l - r` computed on C unsigned ints
 * and returned as int, so UINT_MAX compares below every small count.
 */
export function unsignedDiffCmp(l: number, r: number): number {
  return (l - r) | 0;
}
