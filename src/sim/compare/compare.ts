// The same scenario under two kernels (compare mode, `sim compare`): the scenario with another
// release (its overrides, if any, kept), where the two replays first differ, and which steps
// differ. A step's outcome is what the kernel answered: refused or not, the error and the line
// it printed.
import type { Machine, Scenario } from '../scenario/schema';
import type { StepOutcome } from '../snapshot';

export type KernelSpec = NonNullable<Machine['kernel']>;

/** `s` under another kernel: a release and explicit policy settings (a story's variant, say). */
export function withKernel(s: Scenario, kernel: KernelSpec): Scenario {
  return { ...s, scenario: 2, machine: { ...s.machine, kernel } };
}

/** `s` under kernel release `release` (a name the release table knows, e.g. "6.4"), its overrides kept. */
export function withRelease(s: Scenario, release: string): Scenario {
  return withKernel(s, { ...(s.machine.kernel ?? {}), version: release.replace(/^v/, '') });
}

/** The release a scenario names, or null when it names none (the newest modelled). */
export function releaseOf(s: Scenario): string | null {
  return s.machine.kernel?.version?.replace(/^v/, '') ?? null;
}

export function sameOutcome(a: StepOutcome | undefined, b: StepOutcome | undefined): boolean {
  if (!a || !b) return a === b;
  return a.ok === b.ok && (a.error ?? null) === (b.error ?? null) && (a.message ?? null) === (b.message ?? null);
}

/** Indexes of the steps whose outcome differs (among those both sides have). */
export function differingSteps(a: readonly StepOutcome[], b: readonly StepOutcome[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (!sameOutcome(a[i], b[i])) out.push(i);
  return out;
}

/** The first step index whose outcome differs, or null. */
export function divergesAt(a: readonly StepOutcome[], b: readonly StepOutcome[]): number | null {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (!sameOutcome(a[i], b[i])) return i;
  return null;
}
