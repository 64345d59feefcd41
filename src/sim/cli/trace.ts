// `sim trace FILE`: replay an ftrace capture of irq_matrix / irq_vectors events; print the
// rebuilt matrix as domains/VECTOR shows it and the tally. Exit 1 on any disagreement, 2 when
// the text is not such a trace. Disagreements, holes and notes go to standard error.
import { statSync } from 'node:fs';
import { readInputText } from './input';
import { MAX_CAPTURE_CHARS, tooBig } from '../import/guard';
import { importTrace } from '../trace/replay';

export function traceCommand(args: string[]): number {
  const file = args[0];
  if (!file || args.length > 1) {
    process.stderr.write('usage: sim trace FILE   (an ftrace / trace-cmd report text with irq_matrix:* and irq_vectors:* events; - for standard input)\n');
    return 2;
  }
  const size = file === '-' ? 0 : (statSync(file, { throwIfNoEntry: false })?.size ?? 0);
  if (size > MAX_CAPTURE_CHARS) {
    process.stderr.write(`${file}: ${tooBig(size, 'bytes')}\n`);
    return 2;
  }
  const text = readInputText('trace', file);
  if (text === null) return 2;
  const res = importTrace(text);
  if (!res.ok) {
    process.stderr.write(`${file}: ${res.message}\n`);
    return 2;
  }
  const r = res.replay;
  for (const rec of r.records) {
    if (rec.status === 'gap') process.stderr.write(`gap: line ${rec.line}: ${rec.note ?? rec.text.trim()}\n`);
    for (const m of rec.mismatches) {
      const cpu = m.cpu === undefined ? '' : ` (CPU ${m.cpu})`;
      process.stderr.write(`inconsistent: event ${rec.index} line ${rec.line} ${rec.event}: ${m.field}${cpu}: trace ${m.trace}, rebuilt ${m.rebuilt}\n`);
    }
  }
  for (const n of r.notes) process.stderr.write(`note: ${n}\n`);
  process.stderr.write(
    `note: ${r.counts.baseline} events taught the rebuild values it did not know yet (baseline); values never printed by a tracepoint show as "?"\n`,
  );
  process.stdout.write(r.matrixText());
  process.stdout.write(`${r.summaryLine()}\n`);
  return r.counts.inconsistent > 0 ? 1 : 0;
}
