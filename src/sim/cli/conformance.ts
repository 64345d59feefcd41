// `sim conformance FILE...`: replays kernel traces and ends with "N passed, N failed".
import { outcomeLines, replayFile } from '../conformance/run';

export function conformanceCommand(args: string[]): number {
  const files = args.filter((a) => !a.startsWith('--'));
  if (files.length === 0) {
    process.stderr.write('usage: sim conformance FILE.json [FILE.json ...]\n');
    return 2;
  }
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const outcome = replayFile(file);
    if (outcome.passed) passed++;
    else failed++;
    for (const line of outcomeLines(outcome)) process.stdout.write(line + '\n');
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}
