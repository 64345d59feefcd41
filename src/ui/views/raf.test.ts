import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createScheduler } from './raf';

function fakeRaf() {
  const queue: Array<(now: number) => void> = [];
  return {
    raf: (cb: (now: number) => void) => queue.push(cb),
    tick(now: number) {
      const q = queue.splice(0);
      for (const cb of q) cb(now);
    },
    get waiting() {
      return queue.length;
    },
  };
}

describe('frame scheduler', () => {
  it('runs every pending job in one frame, once per key', () => {
    const f = fakeRaf();
    const s = createScheduler(f.raf);
    const ran: string[] = [];
    const a = {};
    s.schedule(a, () => void ran.push('a1'));
    s.schedule(a, () => void ran.push('a2'));
    s.schedule({}, () => void ran.push('b'));
    expect(f.waiting).toBe(1);
    f.tick(16);
    expect(ran).toEqual(['a2', 'b']);
    expect(f.waiting).toBe(0);
  });

  it('repeats animating jobs until they finish, and cancel stops them', () => {
    const f = fakeRaf();
    const s = createScheduler(f.raf);
    let n = 0;
    const key = {};
    s.schedule(key, () => ++n < 3);
    f.tick(0);
    f.tick(16);
    f.tick(32);
    expect(n).toBe(3);
    expect(f.waiting).toBe(0);
    s.schedule(key, () => true);
    s.cancel(key);
    f.tick(48);
    expect(s.pending()).toBe(0);
  });

  it('keeps running other jobs when one throws', () => {
    const f = fakeRaf();
    const errors: unknown[] = [];
    const s = createScheduler(f.raf, (e) => errors.push(e));
    let ok = false;
    s.schedule({}, () => {
      throw new Error('boom');
    });
    s.schedule({}, () => {
      ok = true;
    });
    f.tick(0);
    expect(ok).toBe(true);
    expect(errors.length).toBe(1);
  });

  it('once: coalesces calls for one key into one run in the next frame, never repeats, and cancels', () => {
    const f = fakeRaf();
    const s = createScheduler(f.raf);
    const ran: string[] = [];
    const field = {};
    s.once(field, () => ran.push('first'));
    s.once(field, () => ran.push('second'));
    expect(ran).toEqual([]);
    expect(f.waiting).toBe(1);
    f.tick(0);
    expect(ran).toEqual(['second']);
    // push returned a truthy length: a one-shot job still does not run again.
    f.tick(16);
    expect(ran).toEqual(['second']);
    expect(f.waiting).toBe(0);
    s.once(field, () => ran.push('cancelled'));
    s.cancel(field);
    f.tick(32);
    expect(ran).toEqual(['second']);
  });

  it('shares one frame between redraws and one-shot jobs', () => {
    const f = fakeRaf();
    const s = createScheduler(f.raf);
    const ran: string[] = [];
    s.schedule({}, () => void ran.push('draw'));
    s.once({}, () => ran.push('scroll'));
    expect(f.waiting).toBe(1);
    f.tick(0);
    expect(ran).toEqual(['draw', 'scroll']);
  });
});

describe('one scheduler for all drawing', () => {
  it('no file of src/ui but raf.ts calls requestAnimationFrame', () => {
    const ui = resolve(__dirname, '..');
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
    const direct = walk(ui)
      .filter((f) => !f.endsWith('.test.ts') && !f.endsWith('.test.tsx') && relative(ui, f) !== join('views', 'raf.ts'))
      .filter((f) => /\b(requestAnimationFrame|cancelAnimationFrame)\s*\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ui, f));
    expect(direct).toEqual([]);
  });
});
