// The one side effect the lifecycle machines have: appending a step to the scenario and
// learning the kernel's verdict. Components provide the real one (ui/engine/actions.ts).
import { fromPromise } from 'xstate';
import type { Step } from '../sim/scenario/schema';
import type { StepOutcome } from '../sim/snapshot';

/**
 * Resolves with the step's outcome, null when the engine could not run it at all, or 'kept'
 * when the user, scrubbed back, chose to keep the later steps and add nothing.
 */
export type ApplyResult = StepOutcome | null | 'kept';

export const applyStep = fromPromise<ApplyResult, Step>(async () => {
  throw new Error('applyStep is not provided: use machine.provide({ actors: { applyStep } })');
});

/** "-EBUSY: CPU 3 has 175 vectors, 69 available..." from an outcome (or a generic line). */
export function refusal(o: ApplyResult | undefined): string {
  if (o === 'kept') return 'not added: the later steps were kept';
  if (!o) return 'the engine could not run the step';
  const parts = [o.error ?? 'refused', o.reason].filter(Boolean);
  return parts.join(': ');
}

/** Guards of the machines: the step ran and the kernel agreed; the user kept the later steps instead. */
export function succeeded({ event }: { event: { output?: ApplyResult } }): boolean {
  return typeof event.output === 'object' && event.output?.ok === true;
}

export function kept({ event }: { event: { output?: ApplyResult } }): boolean {
  return event.output === 'kept';
}
