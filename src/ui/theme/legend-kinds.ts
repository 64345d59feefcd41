// Which colours the views of the machine on screen can show, for the legend: the vector grid's
// states on x86 (no managed reservation before v4.15), the LPI space and ITS event maps on
// arm64, and the descriptor ranges and event channels on Xen.
import type { Snapshot } from '../../sim/snapshot';
import { SWATCH_INFO, type Swatch } from './palette';

export type LegendKind = 'x86' | 'x86-legacy' | 'arm64' | 'xen';

export interface LegendEntry {
  swatch: Swatch;
  label: string;
  tip: string;
}

const entry = (swatch: Swatch, label?: string, tip?: string): LegendEntry => ({
  swatch,
  label: label ?? SWATCH_INFO[swatch].label,
  tip: tip ?? SWATCH_INFO[swatch].tip,
});

const X86: Swatch[] = ['free', 'exception', 'system', 'legacy', 'reservedManaged', 'allocatedManaged', 'allocated', 'moving', 'flash', 'failed'];

export const LEGEND_ENTRIES: Record<LegendKind, readonly LegendEntry[]> = {
  x86: X86.map((s) => entry(s)),
  // v4.14 and earlier: vectors are taken at allocation, nothing is reserved ahead.
  'x86-legacy': X86.filter((s) => s !== 'reservedManaged').map((s) => entry(s)),
  arm64: [
    entry('free', 'free', 'An LPI, ITS event or IRQ number no interrupt uses yet.'),
    entry('allocated', 'allocated', 'An LPI range, ITS event or IRQ descriptor in use by a device or a guest (GICv4 doorbells and vSGIs).'),
    entry('failed'),
  ],
  xen: [
    entry('free', 'free', 'An IRQ number no event channel or GSI uses yet.'),
    entry('allocated', 'allocated', 'An IRQ descriptor in use: a GSI or an event channel bound to an IRQ.'),
    entry('gsiIdentity'),
    entry('xenDynamic'),
    entry('failed'),
  ],
};

/** The legend of a snapshot's machine (x86 until the first snapshot arrives). */
export function legendKind(s: Pick<Snapshot, 'arch' | 'xen' | 'vectors'> | null | undefined): LegendKind {
  if (!s) return 'x86';
  if (s.xen) return 'xen';
  if (s.arch === 'arm64') return 'arm64';
  return s.vectors?.allocator === 'legacy' ? 'x86-legacy' : 'x86';
}
