// Deep comparison of expected (kernel) and actual (simulator) values with field paths.
import type { Mismatch } from './types';

export function pathJoin(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

/** Appends to `out` every leaf where `got` differs from `expected`. */
export function diffValues(
  step: Mismatch['step'],
  path: string,
  expected: unknown,
  got: unknown,
  out: Mismatch[],
): void {
  if (Array.isArray(expected)) {
    if (!Array.isArray(got)) {
      out.push({ step, path, expected, got });
      return;
    }
    if (expected.length !== got.length) {
      out.push({ step, path: `${path}.length`, expected: expected.length, got: got.length });
    }
    const n = Math.min(expected.length, got.length);
    for (let i = 0; i < n; i++) diffValues(step, pathJoin(path, i), expected[i], got[i], out);
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    if (got === null || typeof got !== 'object' || Array.isArray(got)) {
      out.push({ step, path, expected, got });
      return;
    }
    const e = expected as Record<string, unknown>;
    const g = got as Record<string, unknown>;
    for (const k of Object.keys(e)) diffValues(step, pathJoin(path, k), e[k], g[k], out);
    for (const k of Object.keys(g)) {
      if (!(k in e) && g[k] !== undefined) out.push({ step, path: pathJoin(path, k), expected: undefined, got: g[k] });
    }
    return;
  }
  if (expected !== got) out.push({ step, path, expected, got });
}

/**
 * Compares the expected results of one step. `resultKeys` are the keys that are results
 * for this call (the rest of the step object are arguments); `warn` is always checked.
 */
export function diffStep(
  index: number,
  step: Record<string, unknown>,
  resultKeys: readonly string[],
  got: Record<string, unknown>,
  out: Mismatch[],
): void {
  for (const k of resultKeys) {
    if (k in step) diffValues(index, k, step[k], got[k], out);
    else if (got[k] !== undefined) out.push({ step: index, path: k, expected: undefined, got: got[k] });
  }
  const expWarn = step.warn === true;
  const gotWarn = got.warn === true;
  if (expWarn !== gotWarn) out.push({ step: index, path: 'warn', expected: expWarn, got: gotWarn });
}

export function formatMismatch(m: Mismatch): string {
  const where = typeof m.step === 'number' ? `step ${m.step}` : m.step;
  const path = m.step === 'final' && !m.path.startsWith('final') ? `final.${m.path}` : m.path;
  return `${where}: ${path}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.got)}`;
}
