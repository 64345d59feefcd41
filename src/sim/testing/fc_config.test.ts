import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FcEnvError, fcRuns, fcSettings, replayHint } from './fc_config';

describe('fast-check seeding from the environment', () => {
  it('FC_SEED fixes the seed, FC_RUNS the runs, FC_PATH the counterexample', () => {
    expect(fcSettings({ FC_SEED: '-12345', FC_RUNS: '10000', FC_PATH: '3:0:1' })).toEqual({ seed: -12345, fixed: true, numRuns: 10000, path: '3:0:1' });
    expect(fcSettings({}, () => 0.5)).toEqual({ seed: (0.5 * 2 ** 32) | 0, fixed: false });
    expect(fcRuns(200, {})).toBe(200);
    expect(fcRuns(200, { FC_RUNS: '10000' })).toBe(10000);
  });

  it('refuses values it cannot use, naming the variable', () => {
    expect(() => fcSettings({ FC_SEED: '0x10' })).toThrow(new FcEnvError('FC_SEED=0x10: expected a 32-bit integer seed, as a failing property prints it'));
    expect(() => fcSettings({ FC_SEED: '99999999999' })).toThrow(/^FC_SEED=99999999999: expected a 32-bit integer seed/);
    expect(() => fcSettings({ FC_RUNS: 'many' })).toThrow(/^FC_RUNS=many: expected a number of runs/);
    expect(() => fcSettings({ FC_RUNS: '0' })).toThrow(/^FC_RUNS=0:/);
    expect(() => fcSettings({ FC_PATH: '1:2' })).toThrow('FC_PATH needs the FC_SEED it was printed with');
  });

  it('the setup file seeds every property from FC_SEED (or a random seed)', () => {
    const expected = fcSettings(process.env, () => 0);
    const seed = fc.readConfigureGlobal().seed;
    expect(typeof seed).toBe('number');
    if (expected.fixed) expect(seed).toBe(expected.seed);
  });

  it('a failing property prints its seed and a replay line, and that seed finds the same counterexample', () => {
    let message = '';
    try {
      fc.assert(fc.property(fc.integer(), fc.integer(), (a, b) => a + b < 1000));
    } catch (e) {
      message = (e as Error).message;
    }
    const m = /Replay: FC_SEED=(-?\d+) FC_PATH=([\d:]+) npx vitest run src\/sim\/testing\/fc_config\.test\.ts -t '(.+)'$/.exec(message);
    expect(m, message).not.toBeNull();
    expect(m![3]).toMatch(/^fast-check seeding from the environment a failing property prints its seed/);
    const [seed, path] = [Number(m![1]), m![2]];
    expect(message).toContain(`seed: ${seed}, path: "${path}"`);
    const again = fc.check(fc.property(fc.integer(), fc.integer(), (a, b) => a + b < 1000), { seed, path });
    const first = /Counterexample: (\[.*?\])/.exec(message)![1];
    expect(JSON.stringify(again.counterexample)).toBe(first.replace(/\s/g, ''));
  });

  it('replayHint names the seed, the path, the file and the test', () => {
    expect(replayHint(7, '1:2', 'src/a.test.ts', 'x > y')).toBe("Replay: FC_SEED=7 FC_PATH=1:2 npx vitest run src/a.test.ts -t 'x > y'");
    expect(replayHint(7, undefined, 'a.test.ts', "runs (300): it's $x")).toBe("Replay: FC_SEED=7 npx vitest run a.test.ts -t 'runs \\(300\\): it'\\''s \\$x'");
    expect(replayHint(7, undefined, undefined, undefined)).toBe('Replay: FC_SEED=7 npx vitest run');
  });
});
