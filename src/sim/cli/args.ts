// Command-line arguments: positionals and `--name VALUE` / `--name=VALUE` options. Every
// mistake (an option without its value, an unknown or repeated option, a missing or extra
// argument) throws UsageError, the one error this module throws, with a message naming the
// argument; commands print it with their usage line and exit 2.
import { quoteText } from '../lib/quote';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ArgSpec {
  /** Option name ('--at') to the name of its value ('K'), shown when it is missing. */
  options: Record<string, string>;
  /** Names of the required positionals, in order ('FILE.json'). */
  positionals: string[];
}

export interface Args {
  positionals: string[];
  options: Partial<Record<string, string>>;
}

const MAX_SHOWN = 60;

/** An argument as a message can show it: bare when plain, else quoted with invisible characters escaped, long ones cut. */
export function showArg(s: string): string {
  return s !== '' && s.length <= MAX_SHOWN && /^[\x21-\x7e\p{L}\p{N}\p{P}\p{S}]+$/u.test(s) && !s.includes('"') ? s : quoteText(s, MAX_SHOWN);
}

export function parseArgs(argv: readonly string[], spec: ArgSpec): Args {
  const positionals: string[] = [];
  const options: Partial<Record<string, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const valueName = Object.hasOwn(spec.options, name) ? spec.options[name] : undefined;
    if (valueName === undefined) {
      const known = Object.keys(spec.options);
      throw new UsageError(`unknown option ${showArg(name)}${known.length ? ` (options: ${known.join(', ')})` : ' (this command takes no options)'}`);
    }
    if (options[name] !== undefined) throw new UsageError(`${name} given twice`);
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value (${name} ${valueName})`);
    options[name] = value;
  }
  if (positionals.length < spec.positionals.length) throw new UsageError(`missing ${spec.positionals[positionals.length]}`);
  if (positionals.length > spec.positionals.length) throw new UsageError(`unexpected argument ${showArg(positionals[spec.positionals.length])}`);
  return { positionals, options };
}

/** A step number for --at: decimal digits only (no 0x1, 1e0, " 1"), within 0..max. */
export function stepNumber(option: string, text: string, max: number): number {
  if (!/^\d{1,9}$/.test(text) || Number(text) > max) {
    throw new UsageError(`${option} ${showArg(text)}: not a step number 0..${max} (a decimal integer; the scenario has ${max} step${max === 1 ? '' : 's'})`);
  }
  return Number(text);
}
