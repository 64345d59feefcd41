// The command line's argument mistakes: each gets one message naming the problem, the usage
// line, and exit 2 (never a silently ignored option, never a number read as something else).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { projectRoot } from '../testing/shared_dir';
import { MAX_LINK_CHARS } from '../scenario/url';
import { UsageError, parseArgs, showArg, stepNumber } from './args';
import { runCommand } from './run';
import { urlCommand } from './url';

async function capture(run: () => number | Promise<number>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const code = await run();
    return { code, out, err };
  } finally {
    vi.restoreAllMocks();
  }
}
afterEach(() => vi.restoreAllMocks());

const dir = mkdtempSync(join(tmpdir(), 'irqscope-cli-args-'));
const SMALL = join(dir, 'small.json');
writeFileSync(SMALL, JSON.stringify({ scenario: 2, machine: { cpus: 4 }, steps: [{ do: 'cpu.offline', cpu: 3 }, { do: 'cpu.online', cpu: 3 }] }));
const USAGE = 'usage: sim run FILE.json [--at K] [--debugfs PATH]\n';

describe('sim run arguments', () => {
  it.each([
    [['--at'], 'sim run: --at needs a value (--at K)'],
    [['--debugfs'], 'sim run: --debugfs needs a value (--debugfs PATH)'],
    [['--at', '--debugfs', 'domains/VECTOR'], 'sim run: --at needs a value (--at K)'],
    [['--debugfs', '--at', '1'], 'sim run: --debugfs needs a value (--debugfs PATH)'],
    [['--at='], 'sim run: --at needs a value (--at K)'],
    [['--at', '0x1'], 'sim run: --at 0x1: not a step number 0..2 (a decimal integer; the scenario has 2 steps)'],
    [['--at', '1e0'], 'sim run: --at 1e0: not a step number 0..2 (a decimal integer; the scenario has 2 steps)'],
    [['--at', ' 1'], 'sim run: --at " 1": not a step number 0..2 (a decimal integer; the scenario has 2 steps)'],
    [['--at', '3'], 'sim run: --at 3: not a step number 0..2 (a decimal integer; the scenario has 2 steps)'],
    [['--at', '-1'], 'sim run: --at -1: not a step number 0..2 (a decimal integer; the scenario has 2 steps)'],
    [['--at', '1', '--at', '2'], 'sim run: --at given twice'],
    [['--verbose'], 'sim run: unknown option --verbose (options: --at, --debugfs)'],
    [['extra.json'], 'sim run: unexpected argument extra.json'],
  ])('run FILE %j: message and exit 2', async (extra, message) => {
    const r = await capture(() => runCommand([SMALL, ...extra]));
    expect(r).toEqual({ code: 2, out: '', err: `${message}\n${USAGE}` });
  });

  it('no file: names what is missing', async () => {
    expect(await capture(() => runCommand(['--at', '1']))).toEqual({ code: 2, out: '', err: `sim run: missing FILE.json\n${USAGE}` });
  });

  it('good options still work, in either form', async () => {
    const at1 = await capture(() => runCommand([SMALL, '--at', '1']));
    expect(at1.code).toBe(0);
    expect(JSON.parse(at1.out).cpus.online).toEqual([0, 1, 2]);
    expect((await capture(() => runCommand([SMALL, '--at=1']))).out).toBe(at1.out);
    const view = await capture(() => runCommand(['--debugfs', 'domains/VECTOR', SMALL, '--at', '0']));
    expect(view.code).toBe(0);
    expect(view.out).toContain('Online bitmaps:        4');
  });

  it('the real command line exits 2 with the message (no stack trace)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/sim/cli.ts', 'run', SMALL, '--at'], { cwd: projectRoot(), encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`sim run: --at needs a value (--at K)\n${USAGE}`);
    expect(r.stdout).toBe('');
  });
});

describe('sim url over the link size cap', () => {
  it('refuses a link browsers would not open, exit 2, nothing on stdout', async () => {
    // Affinity steps listing every CPU in a random order deflate poorly: ~24,000 link characters each.
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const cpus = Array.from({ length: 8192 }, (_, i) => i);
    const steps: unknown[] = [{ do: 'device.add', id: 'nvme0', type: 'nvme', queues: 1 }];
    for (let k = 0; k < 100; k++) {
      for (let i = cpus.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [cpus[i], cpus[j]] = [cpus[j], cpus[i]];
      }
      steps.push({ do: 'irq.affinity', device: 'nvme0', vector: 0, cpus: [...cpus] });
    }
    const big = join(dir, 'big.json');
    writeFileSync(big, JSON.stringify({ scenario: 2, machine: { cpus: 8192 }, steps }));
    const r = await capture(() => urlCommand([big]));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const m = /^sim url: the link would be (\d+) characters long, more than the 2000000 a browser opens \(and sim decode accepts\); share the JSON file instead, or fewer steps\n$/.exec(r.err);
    expect(m, r.err).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(MAX_LINK_CHARS);
  });

  it('a small scenario still gets its link', async () => {
    const r = await capture(() => urlCommand([SMALL]));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^#s1\.[A-Za-z0-9_-]+\n$/);
  });
});

describe('parseArgs', () => {
  const spec = { options: { '--at': 'K' }, positionals: ['FILE'] };
  it('throws only UsageError', () => {
    expect(() => parseArgs([], spec)).toThrow(UsageError);
    expect(parseArgs(['--', '--at'], spec)).toEqual({ positionals: ['--at'], options: {} });
  });
  it('shows invisible characters escaped and long arguments cut', () => {
    expect(showArg('\uFEFFfile.json')).toBe('"\\ufefffile.json"');
    expect(showArg('a\nb')).toBe('"a\\nb"');
    expect(showArg('x'.repeat(100))).toBe(`"${'x'.repeat(57)}..."`);
    expect(showArg('')).toBe('""');
    expect(showArg('grüße.json')).toBe('grüße.json');
    expect(() => stepNumber('--at', '\u200b1', 5)).toThrow('--at "\\u200b1": not a step number 0..5');
  });
});
