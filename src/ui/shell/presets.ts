// The presets of src/sim/scenario/presets.ts, loaded lazily (its own chunk) so the first
// screen does not wait for them; an empty list while that module does not exist.
import type { Scenario } from '../../sim/scenario/schema';

export interface PresetInfo {
  id: string;
  title: string;
  story?: string;
  explanation?: string;
  scenario: Scenario;
  /** One caption per step, saying what to watch (optional). */
  captions?: string[];
  /** The id of the same story under the other policy, if any. */
  counterpart?: string;
  [k: string]: unknown;
}

const modules = import.meta.glob<{ PRESETS?: PresetInfo[] }>('../../sim/scenario/presets.ts');

let cache: Promise<PresetInfo[]> | null = null;

export function loadPresets(): Promise<PresetInfo[]> {
  if (!cache) {
    const load = Object.values(modules)[0];
    cache = load ? load().then((m) => m.PRESETS ?? []) : Promise.resolve([]);
  }
  return cache;
}
