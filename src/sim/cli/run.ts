// `sim run FILE.json [--at K] [--debugfs PATH]`: replay a scenario and print its JSON
// summary (scenario-format.md), or one of the kernel's text views at that point.
import { createBackend } from '../engine/backends';
import { readInputText } from './input';
import { Timeline } from '../engine/timeline';
import { parseScenario } from '../scenario/validate';
import { tableLines } from '../core/proc_interrupts';
import { quoteText } from '../lib/quote';
import { UsageError, parseArgs, showArg, stepNumber, type Args } from './args';

const USAGE = 'usage: sim run FILE.json [--at K] [--debugfs PATH]';
const SPEC = { options: { '--at': 'K', '--debugfs': 'PATH' }, positionals: ['FILE.json'] };

function usage(e: UsageError): number {
  process.stderr.write(`sim run: ${e.message}\n${USAGE}\n`);
  return 2;
}

export async function runCommand(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv, SPEC);
  } catch (e) {
    if (e instanceof UsageError) return usage(e);
    throw e;
  }
  const [file] = args.positionals;
  const atText = args.options['--at'];
  const debugfs = args.options['--debugfs'];
  const text = readInputText('run', file);
  if (text === null) return 2;
  const parsed = parseScenario(text);
  if (!parsed.ok) {
    process.stderr.write(`${showArg(file)}: ${parsed.message}\n`);
    return 2;
  }
  for (const note of parsed.notes ?? []) process.stderr.write(`${showArg(file)}: ${note}\n`);
  let at: number | undefined;
  if (atText !== undefined) {
    try {
      at = stepNumber('--at', atText, parsed.scenario.steps.length);
    } catch (e) {
      if (e instanceof UsageError) return usage(e);
      throw e;
    }
  }
  // The command line never seeks back: no checkpoints, and only the steps asked for are replayed.
  const scenario = at === undefined ? parsed.scenario : { ...parsed.scenario, steps: parsed.scenario.steps.slice(0, at) };
  const timeline = new Timeline(scenario, createBackend, { checkpoints: 'none' });
  const engine = timeline.engine;
  if (debugfs !== undefined) {
    const path = resolveViewPath(debugfs);
    const backend = engine.backend;
    const table = backend.textTable?.(path);
    const view = table ? tableLines(table) : backend.text(path);
    if (view === null) {
      process.stderr.write(`no text view ${quoteText(debugfs, 60)}; this machine has:\n  ${backend.textViews().join('\n  ')}\n`);
      return 2;
    }
    if (typeof view === 'string') process.stdout.write(view);
    else await writeInBatches(view, process.stdout);
    return 0;
  }
  process.stdout.write(JSON.stringify(engine.summary(), null, 2) + '\n');
  return 0;
}

const BATCH_CHARS = 1 << 20;

/**
 * Writes a view piece by piece in batches of about 1M characters, waiting for the stream to
 * drain before the next (a pipe takes 64 KiB at a time: writing on regardless would queue the
 * whole view in memory). A reader that goes away (`| head`) ends the writing quietly.
 */
export async function writeInBatches(pieces: Iterable<string>, out: NodeJS.WritableStream): Promise<void> {
  let closed = false;
  let wake: (() => void) | null = null;
  const onError = () => {
    closed = true;
    wake?.();
  };
  out.on('error', onError);
  try {
    let batch: string[] = [];
    let size = 0;
    const flush = async () => {
      const full = !out.write(batch.join(''));
      batch = [];
      size = 0;
      if (full && !closed) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          out.once('drain', resolve);
        });
        out.removeListener('drain', wake!);
        wake = null;
      }
    };
    for (const piece of pieces) {
      if (closed) return;
      batch.push(piece);
      size += piece.length;
      if (size >= BATCH_CHARS) await flush();
    }
    if (batch.length && !closed) await flush();
  } finally {
    out.removeListener('error', onError);
  }
}

/** Why a file could not be read, without Node's message (which repeats the raw path). */
/** "domains/VECTOR" means /sys/kernel/debug/irq/domains/VECTOR; "/proc/..." stays as it is. */
export function resolveViewPath(p: string): string {
  if (p.startsWith('/')) return p;
  return `/sys/kernel/debug/irq/${p}`;
}
