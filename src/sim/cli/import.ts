// `sim import FILE`: a scenario guessed from a saved /proc/interrupts (JSON on stdout, notes on stderr).
import { readFileSync } from 'node:fs';
import { importProcInterrupts } from '../scenario/import_proc_interrupts';

export function importCommand(args: string[]): number {
  const file = args[0];
  if (!file || args.length > 1) {
    process.stderr.write('usage: sim import FILE   (a saved /proc/interrupts; - for standard input)\n');
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    process.stderr.write(`sim import: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const res = importProcInterrupts(text);
  if (!res.ok) {
    process.stderr.write(`${res.message}\n`);
    return 2;
  }
  process.stdout.write(`${JSON.stringify(res.scenario, null, 2)}\n`);
  for (const note of res.notes) process.stderr.write(`note: ${note}\n`);
  return 0;
}
