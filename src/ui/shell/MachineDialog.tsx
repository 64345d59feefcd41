// Machine settings: the hardware, the kernel release and (advanced) the knobs that override
// the release. Applying starts a new scenario on the new machine with the same steps.
import { useMemo, useState } from 'react';
import { notableReleases } from '../../sim/scenario/releases';
import { NEWEST_RELEASE, parseRelease, releaseKey } from '../../sim/scenario/release_number';
import { releasePolicies, resolveKernel } from '../../sim/scenario/releases_resolve';
import { checkMachineKernel } from '../../sim/scenario/releases_validate';
import type { Machine, Scenario } from '../../sim/scenario/schema';
import { loadScenario } from '../engine/actions';
import { useUiNow } from '../store';
import { Dialog, Field, intField } from './Dialog';

type Form = {
  arch: 'x86_64' | 'arm64';
  cpus: string;
  nodes: string;
  smt: '1' | '2';
  ioapics: string;
  remapping: boolean;
  gicVersion: 'v3' | 'v4.1';
  lpiBits: string;
  its: string;
  xenRole: '' | 'dom0' | 'hvm' | 'pv';
  evtchnAbi: '2l' | 'fifo';
  release: string;
  /** '' = as the release has it. */
  descriptors: '' | 'bitmap' | 'maple';
  nrIrqs: string;
  vectors: '' | 'legacy' | 'matrix';
  itsFree: '' | 'bulk' | 'per-irq' | 'per-device' | 'region';
  mappingRefcount: '' | 'false' | 'true';
  xenIrqs: '' | '2011' | 'current';
};

function toForm(m: Machine): Form {
  const k = m.kernel ?? {};
  const p = k.version === undefined ? null : parseRelease(k.version);
  return {
    arch: m.arch ?? 'x86_64',
    cpus: String(m.cpus ?? 8),
    nodes: String(m.nodes ?? 1),
    smt: String(m.smt ?? 1) as '1' | '2',
    ioapics: String(m.ioapics ?? 1),
    remapping: m.remapping ?? true,
    gicVersion: m.gic?.version ?? 'v3',
    lpiBits: String(m.gic?.lpiBits ?? 16),
    its: String(m.gic?.its ?? 1),
    xenRole: m.xen?.role ?? '',
    evtchnAbi: m.xen?.evtchnAbi ?? 'fifo',
    release: p && p.ok ? p.release.name : NEWEST_RELEASE,
    descriptors: k.descriptors ?? '',
    nrIrqs: k.nrIrqs === undefined ? '' : String(k.nrIrqs),
    vectors: k.vectors ?? '',
    itsFree: k.itsFree ?? '',
    mappingRefcount: k.mappingRefcount === undefined ? '' : k.mappingRefcount ? 'true' : 'false',
    xenIrqs: k.xenIrqs ?? '',
  };
}

/** The machine of a form, or the message naming the first bad field. */
export function fromForm(f: Form, old: Machine): Machine | string {
  const cpus = intField('CPUs', f.cpus, 1, 8192);
  if (typeof cpus === 'string') return cpus;
  const nodes = intField('NUMA nodes', f.nodes, 1, 64);
  if (typeof nodes === 'string') return nodes;
  if (cpus % nodes !== 0) return `NUMA nodes: ${cpus} CPUs do not split evenly into ${nodes} nodes`;
  const smt = Number(f.smt) as 1 | 2;
  if ((cpus / nodes) % smt !== 0) return `Threads per core: ${cpus / nodes} CPUs per node do not pair into SMT siblings`;
  const m: Machine = { arch: f.arch, cpus, nodes, smt };
  // Keep the boot-online list only while it still fits the machine.
  if (old.online && cpus === (old.cpus ?? 8)) m.online = old.online;
  if (f.arch === 'x86_64') {
    const io = intField('IO-APICs', f.ioapics, 0, 8);
    if (typeof io === 'string') return io;
    m.ioapics = io;
    m.remapping = f.remapping;
    if (f.xenRole) m.xen = { role: f.xenRole, evtchnAbi: f.evtchnAbi };
  } else {
    const lpiBits = intField('LPI bits', f.lpiBits, 14, 24);
    if (typeof lpiBits === 'string') return lpiBits;
    const its = intField('ITS count', f.its, 1, 4);
    if (typeof its === 'string') return its;
    m.gic = { version: f.gicVersion, lpiBits, its };
  }
  const kernel: NonNullable<Machine['kernel']> = { version: f.release };
  const x86bare = f.arch === 'x86_64' && !f.xenRole;
  if (f.descriptors) kernel.descriptors = f.descriptors;
  if (x86bare && f.vectors) kernel.vectors = f.vectors;
  if (f.arch === 'arm64' && f.itsFree) kernel.itsFree = f.itsFree;
  if (f.mappingRefcount) kernel.mappingRefcount = f.mappingRefcount === 'true';
  if (f.arch === 'x86_64' && f.xenRole && f.xenIrqs) kernel.xenIrqs = f.xenIrqs;
  if (f.nrIrqs.trim() !== '') {
    const n = intField('NR_IRQS', f.nrIrqs, 16, 1 << 20);
    if (typeof n === 'string') return n;
    kernel.nrIrqs = n;
  }
  m.kernel = kernel;
  const bad = checkMachineKernel(m);
  if (bad) return bad.message;
  return m;
}

const RELEASES = notableReleases(releaseKey);

/** Why a release cannot run this form's hardware, or null. */
function releaseRefusal(f: Form, release: string): string | null {
  const m: Machine = { arch: f.arch, kernel: { version: release } };
  if (f.arch === 'x86_64' && f.xenRole) m.xen = { role: f.xenRole, evtchnAbi: '2l' };
  if (f.arch === 'arm64') m.gic = { version: f.gicVersion };
  const bad = checkMachineKernel(m);
  return bad ? bad.message.replace(/^machine\.[a-z.A-Z]+: /, '') : null;
}

/** "as Linux 6.5 has it: maple tree" for the first option of an override select. */
function asRelease(release: string, value: unknown): string {
  return `as Linux ${release} has it (${String(value)})`;
}

function hasOverrides(f: Form): boolean {
  return f.descriptors !== '' || f.vectors !== '' || f.itsFree !== '' || f.mappingRefcount !== '' || f.xenIrqs !== '' || f.nrIrqs.trim() !== '';
}

export function MachineDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const scenario = useUiNow((s) => s.scenario);
  if (!open || !scenario) return <Dialog title="Machine settings" open={false} onClose={onClose} onSubmit={() => {}} submitLabel="Apply">{null}</Dialog>;
  return <MachineForm scenario={scenario} onClose={onClose} />;
}

function MachineForm({ scenario, onClose }: { scenario: Scenario; onClose(): void }) {
  const [f, setF] = useState<Form>(() => toForm(scenario.machine));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Form>(k: K) => (v: Form[K]) => {
    setF((o) => ({ ...o, [k]: v }));
    setError(null);
  };
  const [advanced, setAdvanced] = useState(() => hasOverrides(f));
  const x86 = f.arch === 'x86_64';
  const base = releasePolicies(f.release, f.arch);
  const status = useMemo(() => {
    const m = fromForm(f, scenario.machine);
    if (typeof m === 'string') return m;
    const k = resolveKernel(m);
    if (k.counterfactual) return `Counterfactual: ${k.why}`;
    if (k.sameAs) return `With these overrides this is the kernel of Linux ${k.sameAs}.`;
    return k.overrides.length ? `Linux ${k.release} with ${k.overrides.length} override(s).` : `Linux ${k.release} as released.`;
  }, [f, scenario.machine]);

  const submit = async () => {
    const m = fromForm(f, scenario.machine);
    if (typeof m === 'string') return setError(m);
    setBusy(true);
    const ok = await loadScenario({ ...scenario, machine: m });
    setBusy(false);
    if (ok) onClose();
    else setError('The engine refused this machine with these steps: see the message at the top of the page.');
  };

  return (
    <Dialog title="Machine settings" open onClose={onClose} onSubmit={submit} submitLabel="Apply and replay" error={error} busy={busy} wide>
      <p className="dialog-note">Changing the machine replays the same {scenario.steps.length} steps on the new one.</p>
      <div className="dialog-columns">
      <fieldset>
        <legend>Hardware</legend>
        <Field label="Architecture" hint="x86_64 allocates CPU vectors from a per-CPU matrix; arm64 routes MSIs as LPIs through a GICv3 ITS.">
          <select value={f.arch} onChange={(e) => set('arch')(e.target.value as Form['arch'])}>
            <option value="x86_64">x86_64</option>
            <option value="arm64">arm64</option>
          </select>
        </Field>
        <Field label="CPUs" hint="Possible CPUs (nr_cpu_ids), 1 to 8192.">
          <input inputMode="numeric" value={f.cpus} onChange={(e) => set('cpus')(e.target.value)} />
        </Field>
        <Field label="NUMA nodes" hint="CPUs are split into equal contiguous blocks, one per node.">
          <input inputMode="numeric" value={f.nodes} onChange={(e) => set('nodes')(e.target.value)} />
        </Field>
        <Field label="Threads per core" hint="SMT siblings are adjacent CPU numbers.">
          <select value={f.smt} onChange={(e) => set('smt')(e.target.value as Form['smt'])}>
            <option value="1">1</option>
            <option value="2">2 (SMT)</option>
          </select>
        </Field>
        {x86 ? (
          <>
            <Field label="IO-APICs" hint="Each IO-APIC has 24 pins for legacy and INTx lines.">
              <input inputMode="numeric" value={f.ioapics} onChange={(e) => set('ioapics')(e.target.value)} />
            </Field>
            <label className="check" title="Interrupt remapping (the IR domain) sits between PCI-MSI and VECTOR; x86 Multi-MSI needs it.">
              <input type="checkbox" checked={f.remapping} onChange={(e) => set('remapping')(e.target.checked)} /> Interrupt remapping
            </label>
            <Field label="Xen role" hint="Run this kernel as a Xen domain: interrupts become event channels.">
              <select value={f.xenRole} onChange={(e) => set('xenRole')(e.target.value as Form['xenRole'])}>
                <option value="">none (bare metal)</option>
                <option value="dom0">dom0</option>
                <option value="hvm">HVM guest</option>
                <option value="pv">PV guest</option>
              </select>
            </Field>
            {f.xenRole ? (
              <Field label="Event channel ABI" hint="2-level bitmaps (4096 ports on 64-bit) or the FIFO ABI (up to 131072 ports).">
                <select value={f.evtchnAbi} onChange={(e) => set('evtchnAbi')(e.target.value as Form['evtchnAbi'])}>
                  <option value="fifo">FIFO</option>
                  <option value="2l">2-level</option>
                </select>
              </Field>
            ) : null}
          </>
        ) : (
          <>
            <Field label="GIC version" hint="GICv4.1 adds direct injection of virtual LPIs and SGIs into guests (vPEs).">
              <select value={f.gicVersion} onChange={(e) => set('gicVersion')(e.target.value as Form['gicVersion'])}>
                <option value="v3">GICv3</option>
                <option value="v4.1">GICv4.1</option>
              </select>
            </Field>
            <Field label="LPI bits" hint="GICD_TYPER.IDbits: the LPI INTID space is 8192 up to 2^bits.">
              <input inputMode="numeric" value={f.lpiBits} onChange={(e) => set('lpiBits')(e.target.value)} />
            </Field>
            <Field label="ITS count" hint="Interrupt Translation Services: each maps (DeviceID, EventID) to an LPI.">
              <input inputMode="numeric" value={f.its} onChange={(e) => set('its')(e.target.value)} />
            </Field>
          </>
        )}
      </fieldset>
      <fieldset>
        <legend>Kernel</legend>
        <Field label="Kernel release" hint="The Linux release whose interrupt code runs; every behaviour follows from it (the release table of the README).">
          <select value={f.release} onChange={(e) => set('release')(e.target.value)}>
            {(RELEASES.includes(f.release) ? RELEASES : [...RELEASES, f.release].sort((a, b) => releaseKey(a) - releaseKey(b)))
              .slice()
              .reverse()
              .map((r) => {
                const refusal = releaseRefusal(f, r);
                return (
                  <option key={r} value={r} disabled={refusal !== null} title={refusal ?? undefined}>
                    Linux {r}
                    {r === NEWEST_RELEASE ? ' (newest)' : ''}
                  </option>
                );
              })}
          </select>
        </Field>
        <p className="dialog-note" role="status" aria-label="Kernel status">
          {status}
        </p>
        <details className="overrides" open={advanced} onToggle={(e) => setAdvanced(e.currentTarget.open)}>
          <summary>Overrides (advanced)</summary>
          <p className="dialog-note">Each knob replaces what the release does. A combination no release had is marked counterfactual.</p>
          <Field label="Descriptor space" hint="bitmap: irq descriptors capped at NR_IRQS + 8196 (before v6.5); maple: a maple tree up to INT_MAX.">
            <select value={f.descriptors} onChange={(e) => set('descriptors')(e.target.value as Form['descriptors'])}>
              <option value="">{asRelease(f.release, base.descriptors)}</option>
              <option value="maple">maple tree (v6.5+)</option>
              <option value="bitmap">bitmap (before v6.5)</option>
            </select>
          </Field>
          <Field label="NR_IRQS" hint="The bitmap policy's NR_IRQS; empty means what the architecture computes.">
            <input inputMode="numeric" placeholder="arch default" value={f.nrIrqs} onChange={(e) => set('nrIrqs')(e.target.value)} />
          </Field>
          {x86 && !f.xenRole ? (
            <Field label="Vector allocator" hint="x86: the global vector matrix (v4.15+) or the older per-CPU search.">
              <select value={f.vectors} onChange={(e) => set('vectors')(e.target.value as Form['vectors'])}>
                <option value="">{asRelease(f.release, base.vectors)}</option>
                <option value="matrix">matrix (v4.15+)</option>
                <option value="legacy">legacy (before v4.15)</option>
              </select>
            </Field>
          ) : null}
          {!x86 ? (
            <Field label="ITS LPI freeing" hint="How a device's LPIs return to the pool when its interrupts are freed.">
              <select value={f.itsFree} onChange={(e) => set('itsFree')(e.target.value as Form['itsFree'])}>
                <option value="">{asRelease(f.release, base.itsFree)}</option>
                <option value="per-device">per-device MSI domains (v6.16+)</option>
                <option value="per-irq">one at a time (v5.11 to v6.15)</option>
                <option value="bulk">whole block at once (before v5.11)</option>
                <option value="region">region (proposed on the list, never merged)</option>
              </select>
            </Field>
          ) : null}
          <Field label="Refcounted irq mappings" hint="The 2020 proposal (never merged): a shared irq mapping is torn down only by its last user's dispose.">
            <select value={f.mappingRefcount} onChange={(e) => set('mappingRefcount')(e.target.value as Form['mappingRefcount'])}>
              <option value="">{asRelease(f.release, 'no')}</option>
              <option value="false">no (mainline)</option>
              <option value="true">yes (the 2020 proposal, never merged)</option>
            </select>
          </Field>
          {x86 && f.xenRole ? (
            <Field label="Xen IRQ numbering" hint="2011: dynamic IRQs above nr_irqs_gsi with fall-back below it (2.6.39); current: above the GSIs, nr_irqs grows.">
              <select value={f.xenIrqs} onChange={(e) => set('xenIrqs')(e.target.value as Form['xenIrqs'])}>
                <option value="">{asRelease(f.release, base.xenIrqs)}</option>
                <option value="current">current</option>
                <option value="2011">2011</option>
              </select>
            </Field>
          ) : null}
        </details>
      </fieldset>
      </div>
    </Dialog>
  );
}
