// Replays every trace in ../shared/conformance (read in place) against the engine. A trace
// whose subject has no replayer FAILS (never skipped): a new kind of kernel trace must be
// implemented or the suite stays red.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDir } from '../testing/shared_dir';
import { loadTrace, outcomeLines, replayFile } from './run';

const DIR = sharedDir('conformance');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

/** The check each trace file gets: no mismatch, no reason (unknown subject, crash). */
function expectConforms(path: string): void {
  const outcome = replayFile(path);
  expect(outcomeLines(outcome).join('\n')).toBe('');
  expect(outcome.passed).toBe(true);
}

describe('conformance traces from the kernel', () => {
  it('finds the traces', () => {
    expect(files.length).toBeGreaterThan(50);
  });
  for (const f of files) {
    const path = join(DIR, f);
    it(`${f} (${loadTrace(path).subject})`, () => expectConforms(path));
  }
});

describe('a trace the engine cannot replay', () => {
  it('of an unknown subject fails, naming the subject', () => {
    const dir = mkdtempSync(join(tmpdir(), 'irqscope-conformance-'));
    const path = join(dir, 'irq_unheard_of-001.json');
    writeFileSync(path, JSON.stringify({ format: 'irq-conformance/1', subject: 'irq_unheard_of', setup: {}, steps: [], final: {} }));
    const outcome = replayFile(path);
    expect(outcome.passed).toBe(false);
    expect(outcome.reason).toBe('subject "irq_unheard_of" is not implemented yet');
    expect(() => expectConforms(path)).toThrow();
  });
});
