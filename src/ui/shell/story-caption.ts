// The story card's caption of step `at`: the preset's caption when the step did what the story
// expects, and what was refused (the kernel's error, its message and why) when it was refused.
import type { Step } from '../../sim/scenario/schema';
import type { StepOutcome } from '../../sim/snapshot';
import { stepLabel } from './step-label';

/** What the step is about: the caption's lead before its first ": ", else the step itself. */
function subjectOf(caption: string | undefined, step: Step | undefined): string {
  const lead = caption?.split(': ')[0];
  if (lead && lead !== caption) return lead.replace(/\.$/, '');
  return step ? stepLabel(step) : caption ? caption.replace(/\.$/, '') : 'This step';
}

/**
 * Caption of step `at` (1-based) of a story; null before the first step. `outcome` is that
 * step's outcome (undefined while the engine has not run it yet: the preset's caption).
 */
export function storyCaption(captions: readonly string[], at: number, outcome?: StepOutcome, step?: Step): string | null {
  if (at <= 0) return null;
  const caption = captions[at - 1];
  if (!outcome || outcome.ok) return caption ?? null;
  const error = outcome.error ?? 'refused';
  const said = outcome.message && outcome.message !== error ? ` (the kernel printed "${outcome.message}")` : '';
  // The reason often starts with a kernel function's name: keep it as the kernel spells it.
  const why = outcome.reason ? ` — ${outcome.reason}` : '.';
  return `${subjectOf(caption, step)}: refused with ${error}${said}${why}`;
}
