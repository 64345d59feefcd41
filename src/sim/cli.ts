// Command-line entry: `npm run --silent sim -- <command> ...`.
import { compareCommand } from './cli/compare';
import { conformanceCommand } from './cli/conformance';
import { decodeCommand } from './cli/decode';
import { importCommand } from './cli/import';
import { traceCommand } from './cli/trace';
import { urlCommand } from './cli/url';
import { runCommand } from './cli/run';

type Command = (args: string[]) => number | Promise<number>;

const COMMANDS: Record<string, { run: Command; help: string }> = {
  url: { run: urlCommand, help: 'url FILE.json [--compare RELEASE]   print the scenario link fragment (#s1.…)' },
  decode: { run: decodeCommand, help: "decode 'LINK-OR-FRAGMENT'   print the scenario JSON a link carries" },
  import: { run: importCommand, help: 'import FILE   a scenario from a saved capture: /proc/interrupts, /proc/irq, debugfs irq, Xen \'e\' (notes on stderr)' },
  trace: { run: traceCommand, help: 'trace FILE   replay an ftrace capture of irq_matrix/irq_vectors events: the rebuilt matrix and the tally' },
  conformance: { run: conformanceCommand, help: 'conformance FILE.json...   replay kernel conformance traces' },
  compare: { run: compareCommand, help: 'compare FILE.json RELEASE_A RELEASE_B   the scenario under two kernel releases: both summaries and diverges_at' },
  run: { run: runCommand, help: 'run FILE.json [--at K] [--debugfs PATH]   replay a scenario, print its summary or a text view' },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const cmd = name ? COMMANDS[name] : undefined;
  if (!cmd) {
    const lines = Object.values(COMMANDS).map((c) => `  sim ${c.help}`);
    process.stderr.write(`usage:\n${lines.join('\n')}\n`);
    return 2;
  }
  return cmd.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`sim: ${(err as Error).message}\n`);
    process.exitCode = 1;
  },
);
