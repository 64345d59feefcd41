// Vitest setup file (vite.config.ts test.setupFiles): seeds fast-check for every test file from
// FC_SEED / FC_RUNS / FC_PATH (fc_config.ts) and makes every failing property print the line
// that replays it.
import fc from 'fast-check';
import { relative } from 'node:path';
import { expect } from 'vitest';
import { fcSettings, replayHint } from './fc_config';

const settings = fcSettings(process.env);

function report(details: fc.RunDetails<unknown>, message: string | undefined): void {
  if (!details.failed) return;
  const state = expect.getState();
  const file = state.testPath ? relative(process.cwd(), state.testPath) : undefined;
  // currentTestName joins the describe blocks with ' > '; the -t filter matches them joined by ' '.
  const hint = replayHint(details.seed, details.counterexamplePath ?? undefined, file, state.currentTestName?.split(' > ').join(' '));
  const error = new Error(`${message ?? 'Property failed'}\n\n${hint}`);
  if (details.errorInstance !== null) error.cause = details.errorInstance;
  throw error;
}

fc.configureGlobal({
  ...fc.readConfigureGlobal(),
  seed: settings.seed,
  ...(settings.numRuns !== undefined ? { numRuns: settings.numRuns } : {}),
  ...(settings.path !== undefined ? { path: settings.path } : {}),
  // Used by async properties too (fast-check refuses a reporter and an asyncReporter together).
  reporter: (details) => report(details, fc.defaultReportMessage(details)),
});
