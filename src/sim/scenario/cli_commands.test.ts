import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeCommand } from '../cli/decode';
import { importCommand } from '../cli/import';
import { compareCommand } from '../cli/compare';
import { urlCommand } from '../cli/url';
import { sharedDir } from '../testing/shared_dir';

function capture(run: () => number): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  const code = run();
  vi.restoreAllMocks();
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'irqscope-cli-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

afterEach(() => vi.restoreAllMocks());

describe('sim url / decode / import', () => {
  const doc = { scenario: 2, machine: { cpus: 4 }, steps: [{ do: 'device.add', id: 'nvme0', type: 'nvme', queues: 4 }] };

  it('url prints a fragment that decode turns back into the document', () => {
    const u = capture(() => urlCommand([file('ok.json', JSON.stringify(doc))]));
    expect(u.code).toBe(0);
    expect(u.out).toMatch(/^#s1\.[A-Za-z0-9_-]+\n$/);
    const d = capture(() => decodeCommand([`http://localhost:4173/${u.out.trim()}`]));
    expect(d.code).toBe(0);
    expect(JSON.parse(d.out)).toEqual(doc);
  });

  it('url on a bad document: the validation message on stderr, exit 2', () => {
    const bad = { ...doc, steps: [{ do: 'cpu.offline', cpu: 4 }] };
    const u = capture(() => urlCommand([file('bad.json', JSON.stringify(bad))]));
    expect(u).toEqual({ code: 2, out: '', err: 'steps[0].cpu: CPU 4 does not exist (machine has 4)\n' });
  });

  it('decode of a damaged link: message on stderr, exit 2', () => {
    const d = capture(() => decodeCommand(['#s1.AAAAAAA*']));
    expect(d.code).toBe(2);
    expect(d.out).toBe('');
    expect(d.err).toMatch(/^the link is damaged: "\*"/);
  });

  it('import prints the scenario on stdout and the notes on stderr', () => {
    const r = capture(() => importCommand([join(sharedDir('fixtures', 'real'), 'proc-interrupts-x86-4cpu-n100-ir-pcimsi-dbdf-and-msix.txt')]));
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.machine.cpus).toBe(4);
    expect(s.steps.find((x: { id: string }) => x.id === 'nvme0')).toMatchObject({ type: 'nvme', queues: 4 });
    expect(r.err).toMatch(/^recognised: \/proc\/interrupts \(x86, per-device MSI naming \(v6.2\+\)\)\nnote: /);
    expect(r.err).toContain('note: per-CPU interrupt counts ignored');
  });

  it('import of text that is no capture: message naming the file and its first line, exit 2', () => {
    const p = file('readme.txt', '# hello\nnothing here\n');
    const r = capture(() => importCommand([p]));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/this text is none of the captures irqscope reads: .*; it starts with: "# hello"\n$/);
    expect(r.err.startsWith(`${p}: `)).toBe(true);
  });

  it('import of a /proc/irq directory reads its files', () => {
    const r = capture(() => importCommand([join(sharedDir('fixtures', 'real'), 'proc-irq-tree-x86-2cpu-hyperv-guest-rhel8-sosreport')]));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).machine).toEqual({ cpus: 2 });
    expect(r.err).toMatch(/^recognised: \/proc\/irq tree\n/);
  });

  it('usage and unreadable files exit 2', () => {
    expect(capture(() => urlCommand([])).code).toBe(2);
    expect(capture(() => decodeCommand([])).code).toBe(2);
    expect(capture(() => importCommand([join(dir, 'missing.txt')])).err).toMatch(/^sim import: cannot read/);
  });
});

describe('sim compare and sim url --compare', () => {
  const story = { scenario: 2, machine: { arch: 'x86_64', cpus: 4 }, steps: [
    { do: 'device.add', id: 'nvme0', type: 'nvme', queues: 4 },
    ...[0, 1, 2, 3].map((i) => ({ do: 'device.add', id: `eth${i}`, type: 'nic', queues: 80 })),
    { do: 'cpu.offline', cpu: 3 }, { do: 'cpu.offline', cpu: 2 }, { do: 'cpu.offline', cpu: 1 },
  ] };

  let n = 0;
  const tmpJson = (doc: unknown) => file(`cmp${n++}.json`, JSON.stringify(doc));
  const runCli = (argv: string[]) => {
    const [cmd, ...rest] = argv;
    const r = capture(() => (cmd === 'compare' ? compareCommand(rest) : cmd === 'url' ? urlCommand(rest) : decodeCommand(rest)));
    return { code: r.code, stdout: r.out, stderr: r.err };
  };

  it('prints both summaries, each naming its release, and the first step whose outcome differs', () => {
    const r = runCli(['compare', tmpJson(story), '4.14', '4.15']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.a.release).toBe('4.14');
    expect(out.b.release).toBe('4.15');
    expect(out.a.kernel.version).toBe('4.14');
    expect(out.a.steps[7]).toMatchObject({ ok: false, error: '-ERANGE' });
    expect(out.b.steps[7]).toMatchObject({ ok: false, error: '-ENOSPC' });
    expect(out.diverges_at).toBe(7);
    expect(JSON.parse(runCli(['compare', tmpJson(story), '6.4', '6.5']).stdout).diverges_at).toBeNull();
  });

  it('bad input exits 2 with a message, as run does', () => {
    expect(runCli(['compare', tmpJson(story), '4.14']).code).toBe(2);
    const bad = runCli(['compare', tmpJson(story), '4.14', '99.1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^release 99\.1: machine\.kernel\.version: Linux 99\.1 is newer/);
    expect(runCli(['compare', tmpJson({ scenario: 2, machine: { cpus: 0 }, steps: [] }), '4.14', '4.15']).stderr).toMatch(/machine\.cpus/);
  });

  it('sim url --compare prints a link that opens the scenario beside the release', () => {
    const r = runCli(['url', tmpJson(story), '--compare', '4.14']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^#s1\.[A-Za-z0-9_-]+~cmp=4\.14$/);
    const back = runCli(['decode', r.stdout.trim()]);
    expect(JSON.parse(back.stdout).steps).toHaveLength(8);
    expect(runCli(['url', tmpJson(story), '--compare']).code).toBe(2);
  });
});
