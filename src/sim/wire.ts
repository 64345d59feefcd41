// A snapshot as it crosses from the worker to the page: its big row lists (interrupts,
// domains, devices, guests, event channels, ITS devices, text view paths) packed into
// typed-array columns (lib/packed_rows.ts) that are transferred, not copied, and rebuilt on
// the other side. Everything else in a snapshot is already typed arrays or small.
import { StringTable, packRows, packedBuffers, unpackRows, type PackedRows } from './lib/packed_rows';
import { snapshotTransferables, type Snapshot } from './snapshot';

export interface WireSnapshot {
  /** The snapshot with its row lists emptied. */
  rest: Snapshot;
  strings: string[];
  irqs: PackedRows;
  domains: PackedRows;
  devices: PackedRows;
  vms: PackedRows;
  textViews: PackedRows;
  channels: PackedRows | null;
  itsDevices: PackedRows | null;
}

export function packSnapshot(s: Snapshot): { wire: WireSnapshot; transfer: ArrayBuffer[] } {
  const table = new StringTable();
  const rest: Snapshot = { ...s, irqs: [], domains: [], devices: [], vms: [], textViews: [] };
  if (s.xenState) rest.xenState = { ...s.xenState, channels: [] };
  if (s.lpis) rest.lpis = { ...s.lpis, devices: [] };
  const wire: WireSnapshot = {
    rest,
    strings: table.strings,
    irqs: packRows(s.irqs, table),
    domains: packRows(s.domains, table),
    devices: packRows(s.devices, table),
    vms: packRows(s.vms, table),
    textViews: packRows(s.textViews.map((path) => ({ path })), table),
    channels: s.xenState ? packRows(s.xenState.channels, table) : null,
    itsDevices: s.lpis ? packRows(s.lpis.devices, table) : null,
  };
  const transfer = snapshotTransferables(s);
  for (const p of [wire.irqs, wire.domains, wire.devices, wire.vms, wire.textViews, wire.channels, wire.itsDevices]) if (p) packedBuffers(p, transfer);
  return { wire, transfer };
}

export function unpackSnapshot(w: WireSnapshot): Snapshot {
  const str = w.strings;
  const s: Snapshot = {
    ...w.rest,
    irqs: unpackRows(w.irqs, str),
    domains: unpackRows(w.domains, str),
    devices: unpackRows(w.devices, str),
    vms: unpackRows(w.vms, str),
    textViews: unpackRows<{ path: string }>(w.textViews, str).map((r) => r.path),
  };
  if (s.xenState && w.channels) s.xenState = { ...s.xenState, channels: unpackRows(w.channels, str) };
  if (s.lpis && w.itsDevices) s.lpis = { ...s.lpis, devices: unpackRows(w.itsDevices, str) };
  return s;
}
