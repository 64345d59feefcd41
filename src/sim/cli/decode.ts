// `sim decode 'LINK-OR-FRAGMENT'`: prints the scenario JSON a link carries; a bad link exits 2 with its message.
import { decodeFragment } from '../scenario/url';

export function decodeCommand(args: string[]): number {
  const link = args[0];
  if (link === undefined || args.length > 1) {
    process.stderr.write("usage: sim decode 'LINK-OR-FRAGMENT'\n");
    return 2;
  }
  const res = decodeFragment(link);
  if (!res.ok) {
    process.stderr.write(`${res.message}\n`);
    return 2;
  }
  process.stdout.write(`${JSON.stringify(res.scenario, null, 2)}\n`);
  return 0;
}
