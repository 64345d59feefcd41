// `sim compare FILE.json RELEASE_A RELEASE_B`: the scenario replayed under two kernel releases;
// prints { a, b, diverges_at } (each side's summary with its release named, and the first step
// index whose outcome differs, or null). A bad document or release exits 2 with the message.
import { createBackend } from '../engine/backends';
import { readInputText } from './input';
import { Timeline } from '../engine/timeline';
import { divergesAt, withRelease } from '../compare/compare';
import { parseScenario } from '../scenario/validate';

export function compareCommand(args: string[]): number {
  if (args.length !== 3) {
    process.stderr.write('usage: sim compare FILE.json RELEASE_A RELEASE_B\n');
    return 2;
  }
  const [file, ra, rb] = args;
  const text = readInputText('compare', file);
  if (text === null) return 2;
  const doc = parseScenario(text);
  if (!doc.ok) {
    process.stderr.write(`${file}: ${doc.message}\n`);
    return 2;
  }
  const timelines: Timeline[] = [];
  for (const release of [ra, rb]) {
    const side = parseScenario(withRelease(doc.scenario, release));
    if (!side.ok) {
      process.stderr.write(`release ${release}: ${side.message}\n`);
      return 2;
    }
    timelines.push(new Timeline(side.scenario, createBackend, { checkpoints: 'none' }));
  }
  const [a, b] = timelines;
  const out = {
    a: { release: a.cfg.release.release, ...a.summary() },
    b: { release: b.cfg.release.release, ...b.summary() },
    diverges_at: divergesAt(a.outcomes, b.outcomes),
  };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  return 0;
}
