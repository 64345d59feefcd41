// `sim run FILE.json [--at K] [--debugfs PATH]`: replay a scenario and print its JSON
// summary (scenario-format.md), or one of the kernel's text views at that point.
import { readFileSync } from 'node:fs';
import { createBackend } from '../engine/backends';
import { Timeline } from '../engine/timeline';
import { parseScenario } from '../scenario/validate';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
}

export function runCommand(argv: string[]): number {
  const args = [...argv];
  const atText = option(args, '--at');
  const debugfs = option(args, '--debugfs');
  const file = args[0];
  if (!file || args.length > 1) {
    process.stderr.write('usage: sim run FILE.json [--at K] [--debugfs PATH]\n');
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    process.stderr.write(`${file}: ${(err as Error).message}\n`);
    return 2;
  }
  const parsed = parseScenario(text);
  if (!parsed.ok) {
    process.stderr.write(`${file}: ${parsed.message}\n`);
    return 2;
  }
  for (const note of parsed.notes ?? []) process.stderr.write(`${file}: ${note}\n`);
  let at: number | undefined;
  if (atText !== undefined) {
    at = Number(atText);
    if (!Number.isInteger(at) || at < 0 || at > parsed.scenario.steps.length) {
      process.stderr.write(`--at ${atText}: not a step number 0..${parsed.scenario.steps.length}\n`);
      return 2;
    }
  }
  // The command line never seeks back: no checkpoints, and only the steps asked for are replayed.
  const scenario = at === undefined ? parsed.scenario : { ...parsed.scenario, steps: parsed.scenario.steps.slice(0, at) };
  const timeline = new Timeline(scenario, createBackend, { checkpoints: 'none' });
  const engine = timeline.engine;
  if (debugfs !== undefined) {
    const path = resolveViewPath(debugfs);
    const view = engine.backend.text(path);
    if (view === null) {
      process.stderr.write(`no text view "${debugfs}"; this machine has:\n  ${engine.backend.textViews().join('\n  ')}\n`);
      return 2;
    }
    process.stdout.write(view);
    return 0;
  }
  process.stdout.write(JSON.stringify(engine.summary(), null, 2) + '\n');
  return 0;
}

/** "domains/VECTOR" means /sys/kernel/debug/irq/domains/VECTOR; "/proc/..." stays as it is. */
export function resolveViewPath(p: string): string {
  if (p.startsWith('/')) return p;
  return `/sys/kernel/debug/irq/${p}`;
}
