import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { traceCommand } from '../cli/trace';
import { sharedDir } from '../testing/shared_dir';

const FIXTURES = sharedDir('fixtures', 'real');

function capture(run: () => number): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  const code = run();
  vi.restoreAllMocks();
  return { code, out, err };
}

afterEach(() => vi.restoreAllMocks());

describe('sim trace', () => {
  it('the 104-CPU capture: matrix text, the tally, exit 1 for its disagreement', () => {
    const r = capture(() => traceCommand([join(FIXTURES, 'trace-irq-matrix-vector-104cpu-excerpt.txt')]));
    expect(r.code).toBe(1);
    expect(r.out.split('\n').slice(0, 4)).toEqual(['Online bitmaps:      104', 'Global available:  20689', 'Global reserved:     342', 'Total allocated:     215']);
    expect(r.out.endsWith('14 events, 4 consistent, 1 inconsistent, 1 gaps\n')).toBe(true);
    expect(r.err).toContain('inconsistent: event 5 line 6 irq_matrix_free: global_available: trace 20687, rebuilt 20688\n');
    expect(r.err).toContain('gap: line 7: lines elided here');
  });

  it('the 5.17 capture: exit 0', () => {
    const r = capture(() => traceCommand([join(FIXTURES, 'trace-irq-vectors-x86-msi-serial-5.17-excerpt.txt')]));
    expect(r.code).toBe(0);
    expect(r.out.endsWith('4 events, 1 consistent, 0 inconsistent, 0 gaps\n')).toBe(true);
  });

  it('text that is not a trace: exit 2 with the reason, nothing on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'irqscope-trace-'));
    const p = join(dir, 'x.txt');
    writeFileSync(p, 'CPU0 CPU1\n 0: 1 2 IO-APIC 2-edge timer\n');
    const r = capture(() => traceCommand([p]));
    expect(r).toMatchObject({ code: 2, out: '' });
    expect(r.err).toMatch(/: this is not an ftrace capture: expected lines like/);
    expect(capture(() => traceCommand([])).code).toBe(2);
  });
});
