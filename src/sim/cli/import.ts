// `sim import FILE`: a scenario from a saved capture (/proc/interrupts, a /proc/irq tree, a
// debugfs irq dump, the Xen 'e' listing, a scenario JSON): JSON on stdout, notes on stderr.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { showArg } from './args';
import { readProblem } from './input';
import { join, relative } from 'node:path';
import { importCaptureBytes } from '../import/capture';
import { MAX_CAPTURE_CHARS, tooBig } from '../import/guard';
import { procIrqTreeText } from '../import/proc_irq_tree';

function filesUnder(dir: string, out: string[] = [], budget = { n: 20_000 }): string[] {
  for (const name of readdirSync(dir).sort()) {
    if (--budget.n < 0) break;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) filesUnder(p, out, budget);
    else if (st.isFile() && st.size < 65536) out.push(p);
  }
  return out;
}

/** The bytes of FILE, of standard input ("-"), or a directory's files joined as a /proc/irq capture; a string when refused. */
function readCapture(file: string): Uint8Array | string {
  if (file !== '-' && statSync(file).isDirectory()) {
    const files = filesUnder(file).map((p) => ({ path: relative(file, p), content: readFileSync(p, 'utf8') }));
    return new TextEncoder().encode(procIrqTreeText(files));
  }
  // Refused by size before anything is read.
  if (file !== '-' && statSync(file).size > MAX_CAPTURE_CHARS) return tooBig(statSync(file).size, 'bytes');
  return readFileSync(file === '-' ? 0 : file);
}

export function importCommand(args: string[]): number {
  const file = args[0];
  if (!file || args.length > 1) {
    process.stderr.write('usage: sim import FILE   (a saved /proc/interrupts, /proc/irq directory or grep of it, debugfs irq dump, Xen \'e\' listing; - for standard input)\n');
    return 2;
  }
  let bytes: Uint8Array | string;
  try {
    bytes = readCapture(file);
  } catch (e) {
    process.stderr.write(`sim import: cannot read ${showArg(file)}: ${readProblem(e)}\n`);
    return 2;
  }
  if (typeof bytes === 'string') {
    process.stderr.write(`${file}: ${bytes}\n`);
    return 2;
  }
  const res = importCaptureBytes(bytes);
  if (!res.ok) {
    process.stderr.write(`${file}: ${res.message}\n`);
    return 2;
  }
  process.stdout.write(`${JSON.stringify(res.scenario, null, 2)}\n`);
  process.stderr.write(`recognised: ${res.format}\n`);
  for (const note of res.notes) process.stderr.write(`note: ${note}\n`);
  return 0;
}
