// What a vector cell means, in words: the tooltip and the keyboard cursor's description.
import { CELL, type IrqRow, type Snapshot } from '../../sim/snapshot';
import { SWATCH_INFO, cellSwatch } from '../theme/palette';
import { allocatorRule } from './device-placement';
import { chainText, deviceIndex, irqIndex } from './irq-index';
import { hexVector } from './vector-layout';

export interface CellInfo {
  cpu: number;
  vector: number;
  state: number;
  irq: number | null;
  device: string | null;
  /** Top domain of the irq's chain. */
  domain: string | null;
  lines: string[];
}

/** Which rule put the irq here: the release's spreading (managed) or the vector allocator. */
function placementLines(s: Snapshot, row: IrqRow): string[] {
  if (row.managed) return [`managed: mask spread by ${row.placedBy ?? 'the kernel'}`];
  if (row.device === null) return [];
  const admin = row.index === 0 && deviceIndex(s).get(row.device)?.type === 'nvme';
  const out = [`${admin ? 'NVMe admin queue, ' : ''}not managed: ${allocatorRule(s)}`];
  // Each such vector lowers its CPU's count, so the next one goes to the next CPU: a run of
  // them (one admin queue per drive) draws a diagonal across the node's rows.
  if (s.vectors?.allocator === 'matrix') out.push('equally loaded CPUs take turns: a run of them steps across the CPUs');
  return out;
}

/** Description of cell (cpu, vector) of the snapshot's vector grid; null when out of range. */
export function cellInfo(s: Snapshot, cpu: number, vector: number): CellInfo | null {
  const v = s.vectors;
  if (!v || cpu < 0 || cpu >= v.nrCpus || vector < 0 || vector >= v.nrVectors) return null;
  const i = cpu * v.nrVectors + vector;
  const state = v.cells[i];
  const owner = v.owner[i];
  const online = s.cpus.online[cpu] === 1;
  const swatch = SWATCH_INFO[cellSwatch(state)].label;
  // A system vector says what the kernel calls it: "0xec LOCAL_TIMER_VECTOR (system)".
  const sysName = state === CELL.system ? v.systemNames?.[vector] : '';
  const lines = [
    `CPU ${cpu}${online ? '' : ' (offline)'} · vector ${hexVector(vector)} (${vector})`,
    sysName ? `${hexVector(vector)} ${sysName} (${swatch})` : swatch,
  ];
  let irq: number | null = null;
  let device: string | null = null;
  let domain: string | null = null;
  if (owner >= 0) {
    irq = owner;
    const row = irqIndex(s).get(owner);
    if (row) {
      device = row.device;
      domain = row.levels[0]?.domain ?? null;
      lines.push(`irq ${owner}${row.name ? ' ' + row.name : ''}${row.managed ? ' (managed)' : ''}`);
      if (row.device) lines.push(`device ${row.device}`);
      const chain = chainText(row);
      if (chain) lines.push(`domains ${chain}`);
      else if (row.levels[0]?.chip) lines.push(`chip ${row.levels[0].chip}`);
      lines.push(`affinity ${row.affinity} · effective ${row.effective}`);
      lines.push(...placementLines(s, row));
    } else lines.push(`irq ${owner}`);
  } else if (state === CELL.exception) lines.push('CPU exception vector');
  return { cpu, vector, state, irq, device, domain, lines };
}
