// The command line's streamed text view at scale: `sim run DOM0.json --debugfs /proc/interrupts`
// of a Xen dom0 (a row per CPU per per-CPU event channel, each as wide as the CPUs), run as a
// user runs it (a child Node process), its output counted, its wall time and peak RSS (VmHWM of
// /proc/PID/status, polled) measured, next to the same machine's plain summary.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StreamedRun {
  cpus: number;
  view: boolean;
  bytes: number;
  ms: number;
  /** Peak resident set of the child in MB (0 where /proc is not readable). */
  peakMb: number;
}

function hwmKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function runCli(file: string, view: boolean): Promise<{ bytes: number; ms: number; peakKb: number }> {
  const args = ['--import', 'tsx', 'src/sim/cli.ts', 'run', file, ...(view ? ['--debugfs', '/proc/interrupts'] : [])];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let bytes = 0;
  let peakKb = 0;
  child.stdout.on('data', (b: Buffer) => (bytes += b.length));
  const poll = setInterval(() => (peakKb = Math.max(peakKb, hwmKb(child.pid!))), 20);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      if (code !== 0) reject(new Error(`sim run exited ${code}`));
      else resolve({ bytes, ms: performance.now() - t0, peakKb });
    });
  });
}

/** A dom0 of `cpus` CPUs with one NVMe (the e2e scale test's machine), with and without the view. */
export async function benchStreamedView(cpus: number): Promise<StreamedRun[]> {
  const dir = mkdtempSync(join(tmpdir(), 'irqscope-bench-'));
  const file = join(dir, 'dom0.json');
  const scenario = {
    scenario: 2,
    title: `dom0, ${cpus} CPUs`,
    machine: { arch: 'x86_64', cpus, xen: { role: 'dom0' } },
    steps: [{ do: 'device.add', id: 'nvme0', type: 'nvme', queues: 8 }],
  };
  writeFileSync(file, JSON.stringify(scenario));
  try {
    const out: StreamedRun[] = [];
    for (const view of [false, true]) {
      const r = await runCli(file, view);
      out.push({ cpus, view, bytes: r.bytes, ms: r.ms, peakMb: r.peakKb / 1024 });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatStreamedView(runs: StreamedRun[]): string {
  return runs
    .map(
      (r) =>
        `sim run, Xen dom0 ${r.cpus} CPUs ${r.view ? '--debugfs /proc/interrupts (streamed)' : 'summary'}: ` +
        `${r.bytes >= 1e6 ? `${(r.bytes / 1e6).toFixed(1)} MB` : `${(r.bytes / 1e3).toFixed(0)} KB`} out in ${(r.ms / 1000).toFixed(2)} s, peak RSS ${r.peakMb.toFixed(0)} MB (whole process)`,
    )
    .join('\n');
}
