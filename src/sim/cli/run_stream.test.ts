// `sim run --debugfs /proc/interrupts` on a big Xen dom0 streams the view: the text equals the
// backend's whole text, leaves in batches that wait for the reader, and a 1024-CPU dom0 (an
// 82 MB view) prints through a pipe in a 64 MB heap.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBackend } from '../engine/backends';
import { Timeline } from '../engine/timeline';
import { parseScenario } from '../scenario/validate';
import { projectRoot } from '../testing/shared_dir';
import { runCommand, writeInBatches } from './run';

const dir = mkdtempSync(join(tmpdir(), 'irqscope-stream-'));
function dom0(cpus: number): string {
  const p = join(dir, `xen-${cpus}.json`);
  const doc = { scenario: 2, machine: { arch: 'x86_64', cpus, xen: { role: 'dom0' } }, steps: [{ do: 'device.add', id: 'nvme0', type: 'nvme', queues: 8 }, { do: 'vm.launch', id: 'domu1', type: 'xen', vcpus: 4 }] };
  writeFileSync(p, JSON.stringify(doc));
  return p;
}
afterEach(() => vi.restoreAllMocks());

describe('sim run --debugfs streams big views', () => {
  it('the streamed /proc/interrupts equals the whole text, in batches of about 1M characters', async () => {
    const file = dom0(256);
    const parsed = parseScenario(readFileSync(file, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.message);
    const whole = new Timeline(parsed.scenario, createBackend, { checkpoints: 'none' }).engine.backend.text('/proc/interrupts')!;
    expect(whole.length).toBeGreaterThan(3_000_000);
    const writes: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (writes.push(String(s)), true));
    const code = await runCommand([file, '--debugfs', '/proc/interrupts']);
    vi.restoreAllMocks();
    expect(code).toBe(0);
    expect(writes.join('')).toBe(whole);
    expect(writes.length).toBeGreaterThan(2);
    const longestLine = Math.max(...whole.split('\n').map((l) => l.length + 1));
    for (const w of writes) expect(w.length).toBeLessThan((1 << 20) + longestLine);
  });

  it('waits for a slow reader: never more than one batch queued', async () => {
    let queuedMax = 0;
    let received = 0;
    const slow = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _enc, done) {
        received += chunk.length;
        setTimeout(done, 1);
      },
    });
    const origWrite = slow.write.bind(slow);
    slow.write = ((chunk: string) => {
      const r = origWrite(chunk);
      queuedMax = Math.max(queuedMax, slow.writableLength);
      return r;
    }) as typeof slow.write;
    const line = 'x'.repeat(9999) + '\n';
    await writeInBatches((function* () {
      for (let i = 0; i < 1000; i++) yield line;
    })(), slow);
    await new Promise<void>((resolve) => slow.end(resolve));
    expect(received).toBe(10_000_000);
    expect(queuedMax).toBeLessThan(2 * (1 << 20) + line.length);
  });

  it('a reader that goes away ends the writing quietly', async () => {
    let pulled = 0;
    const gone = new Writable({
      write(_chunk, _enc, done) {
        done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    await writeInBatches((function* () {
      for (let i = 0; i < 10_000; i++) {
        pulled++;
        yield 'y'.repeat(999) + '\n';
      }
    })(), gone);
    expect(pulled).toBeLessThan(10_000);
  });

  it('a 1024-CPU dom0 prints its 82 MB /proc/interrupts through a pipe with a 64 MB heap', () => {
    const r = spawnSync(
      'bash',
      ['-c', `node --max-old-space-size=64 --import tsx src/sim/cli.ts run ${dom0(1024)} --debugfs /proc/interrupts | wc -c; exit \${PIPESTATUS[0]}`],
      { cwd: projectRoot(), encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(Number(r.stdout.trim())).toBeGreaterThan(80_000_000);
  });
});
