// How every fast-check property of the test suite is seeded and sized. FC_SEED fixes the seed
// (a failure prints the one it ran with, so CI failures replay), FC_PATH jumps straight to a
// printed counterexample, FC_RUNS sets the default number of runs (tests that need a precise
// count pass their own numRuns). Read by fc_setup.ts, vitest's setup file.

export interface FcSettings {
  seed: number;
  /** Only when FC_SEED was given: where the seed came from, for the replay hint. */
  fixed: boolean;
  numRuns?: number;
  path?: string;
}

export class FcEnvError extends Error {
  override name = 'FcEnvError';
}

type Env = Partial<Record<string, string>>;

export function fcSettings(env: Env, random: () => number = Math.random): FcSettings {
  const out: FcSettings = { seed: 0, fixed: false };
  const seed = env.FC_SEED?.trim();
  if (seed) {
    if (!/^-?\d{1,10}$/.test(seed) || Number(seed) !== (Number(seed) | 0)) throw new FcEnvError(`FC_SEED=${seed}: expected a 32-bit integer seed, as a failing property prints it`);
    out.seed = Number(seed);
    out.fixed = true;
  } else {
    out.seed = (random() * 2 ** 32) | 0;
  }
  const runs = env.FC_RUNS?.trim();
  if (runs) {
    if (!/^\d{1,7}$/.test(runs) || Number(runs) < 1) throw new FcEnvError(`FC_RUNS=${runs}: expected a number of runs from 1 to 9999999`);
    out.numRuns = Number(runs);
  }
  const path = env.FC_PATH?.trim();
  if (path) {
    if (!/^\d+(:\d+)*$/.test(path)) throw new FcEnvError(`FC_PATH=${path}: expected a counterexample path such as "12:0:3", as a failing property prints it`);
    if (!seed) throw new FcEnvError('FC_PATH needs the FC_SEED it was printed with');
    out.path = path;
  }
  return out;
}

/** The line a failing property adds to its report: how to run exactly this failure again. */
export function replayHint(seed: number, path: string | undefined, file: string | undefined, test: string | undefined): string {
  // vitest's -t is a regular expression: the name's own punctuation is escaped, then shell-quoted.
  const pattern = test?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const where = [file ? ` ${file}` : '', pattern ? ` -t '${pattern.replace(/'/g, `'\\''`)}'` : ''].join('');
  return `Replay: FC_SEED=${seed}${path ? ` FC_PATH=${path}` : ''} npx vitest run${where}`;
}

/** Runs for a fuzz test: FC_RUNS when set, else the test's own CI-sized default. */
export function fcRuns(ciDefault: number, env: Env): number {
  return fcSettings(env, () => 0).numRuns ?? ciDefault;
}
