// `sim url FILE.json [--compare RELEASE]`: prints the scenario's link fragment (#s1.…), with
// `--compare` one that opens it under its own kernel and RELEASE side by side; a bad document
// or release, or a link longer than browsers open (MAX_LINK_CHARS), exits 2 with its message.
import { withRelease } from '../compare/compare';
import { readInputText } from './input';
import { MAX_LINK_CHARS, encodeFragment } from '../scenario/url';
import { encodeView } from '../scenario/view_link';
import { parseScenario } from '../scenario/validate';

export function urlCommand(argv: string[]): number {
  const args = [...argv];
  let compare: string | null = null;
  const ci = args.indexOf('--compare');
  if (ci >= 0) {
    compare = args[ci + 1] ?? null;
    if (!compare || compare.startsWith('--')) {
      process.stderr.write('sim url: --compare needs a kernel release, e.g. --compare 6.4\n');
      return 2;
    }
    args.splice(ci, 2);
  }
  const file = args[0];
  if (!file || args.length > 1) {
    process.stderr.write('usage: sim url FILE.json [--compare RELEASE]\n');
    return 2;
  }
  const text = readInputText('url', file);
  if (text === null) return 2;
  const res = parseScenario(text);
  if (!res.ok) {
    process.stderr.write(`${res.message}\n`);
    return 2;
  }
  let view = '';
  if (compare) {
    const side = parseScenario(withRelease(res.scenario, compare));
    if (!side.ok) {
      process.stderr.write(`--compare ${compare}: ${side.message}\n`);
      return 2;
    }
    view = encodeView({ compare: [compare.replace(/^v/, '')] });
  }
  const link = `${encodeFragment(res.scenario)}${view}`;
  if (link.length > MAX_LINK_CHARS) {
    process.stderr.write(
      `sim url: the link would be ${link.length} characters long, more than the ${MAX_LINK_CHARS} a browser opens (and sim decode accepts); share the JSON file instead, or fewer steps\n`,
    );
    return 2;
  }
  process.stdout.write(`${link}\n`);
  return 0;
}
