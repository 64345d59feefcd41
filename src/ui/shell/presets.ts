// The presets of src/sim/scenario/presets.ts, loaded lazily (their own chunk) so the first
// screen does not wait for them.
import type { Preset } from '../../sim/scenario/presets';
import type { Scenario } from '../../sim/scenario/schema';

export type { Preset };

/** An opened story: the preset and which kernel variant is running. */
export interface OpenStory {
  preset: Preset;
  variant: number;
}

let cache: Promise<typeof import('../../sim/scenario/presets')> | null = null;

function mod() {
  cache ??= import('../../sim/scenario/presets');
  return cache;
}

export async function loadPresets(): Promise<readonly Preset[]> {
  return (await mod()).PRESETS;
}

/** The preset's scenario under one of its kernel variants. */
export async function storyScenario(p: Preset, variant: number): Promise<Scenario> {
  const m = await mod();
  return p.variants[variant] ? m.presetScenario(p, variant) : p.scenario;
}
