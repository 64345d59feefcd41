// Replays every trace in ../shared/conformance (read in place) against the engine.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayers } from './registry';
import { loadTrace, outcomeLines, replayFile } from './run';

const DIR = resolve(__dirname, '../../../../shared/conformance');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('conformance traces from the kernel', () => {
  it('finds the traces', () => {
    expect(files.length).toBeGreaterThan(50);
  });
  for (const f of files) {
    const path = join(DIR, f);
    const subject = loadTrace(path).subject;
    it.skipIf(!replayers[subject])(`${f} (${subject})`, () => {
      const outcome = replayFile(path);
      expect(outcomeLines(outcome).join('\n')).toBe('');
      expect(outcome.passed).toBe(true);
    });
  }
});
