// The names of compare mode's two sides: "Kernel 6.4", "Kernel 7.0 + mappingRefcount (proposal)".
import { resolveKernel } from '../../sim/scenario/releases_resolve';
import type { Machine } from '../../sim/scenario/schema';

/** The kernel a machine runs, as the side's name shows it: the release, and any override. */
export function kernelLabel(m: Machine): string {
  const k = resolveKernel(m);
  const extra = k.overrides.map((o) => `${o.knob} ${JSON.stringify(o.value)}`);
  return extra.length ? `${k.release} + ${extra.join(', ')}` : k.release;
}
