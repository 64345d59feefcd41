// The one side effect the lifecycle machines have: appending a step to the scenario and
// learning the kernel's verdict. Components provide the real one (ui/engine/actions.ts).
import { fromPromise } from 'xstate';
import type { Step } from '../sim/scenario/schema';
import type { StepOutcome } from '../sim/snapshot';

/** Resolves with the step's outcome, or null when the engine could not run it at all. */
export const applyStep = fromPromise<StepOutcome | null, Step>(async () => {
  throw new Error('applyStep is not provided: use machine.provide({ actors: { applyStep } })');
});

/** "-EBUSY: CPU 3 has 175 vectors, 69 available..." from an outcome (or a generic line). */
export function refusal(o: StepOutcome | null | undefined): string {
  if (!o) return 'the engine could not run the step';
  const parts = [o.error ?? 'refused', o.reason].filter(Boolean);
  return parts.join(': ');
}
