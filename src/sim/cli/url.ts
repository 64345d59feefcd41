// `sim url FILE.json`: prints the scenario's link fragment (#s1.…); a bad document exits 2 with its message.
import { readFileSync } from 'node:fs';
import { encodeFragment } from '../scenario/url';
import { parseScenario } from '../scenario/validate';

export function urlCommand(args: string[]): number {
  const file = args[0];
  if (!file || args.length > 1) {
    process.stderr.write('usage: sim url FILE.json\n');
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    process.stderr.write(`sim url: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const res = parseScenario(text);
  if (!res.ok) {
    process.stderr.write(`${res.message}\n`);
    return 2;
  }
  process.stdout.write(`${encodeFragment(res.scenario)}\n`);
  return 0;
}
