// Command-line entry: `npm run --silent sim -- <command> ...`.
import { conformanceCommand } from './cli/conformance';
import { runCommand } from './cli/run';

type Command = (args: string[]) => number | Promise<number>;

const COMMANDS: Record<string, { run: Command; help: string }> = {
  conformance: { run: conformanceCommand, help: 'conformance FILE.json...   replay kernel conformance traces' },
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
