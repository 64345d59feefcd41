// From a machine's `kernel` (a release plus optional knob overrides) to the policies the engine
// is built with, the overrides that differ from the release, and whether the result is a kernel
// that some release really was (releases.ts is the only source of what a release did).
import { affinityRuleLabel, type AffinityRule } from '../core/affinity';
import {
  AFFINITY,
  DESCRIPTORS,
  EVTCHN_ABI,
  ITS_FREE,
  MAPPING_REFCOUNT,
  NR_IRQS_DEFAULT,
  VECTORS,
  XEN_IRQS,
  eraAt,
  type EvtchnAbi,
  type ReleaseRow,
} from './releases';
import { NEWEST_RELEASE, OLDEST_RELEASE, atLeast, parseRelease, previousRelease, releaseKey } from './release_number';
import type { KernelPolicies, Machine } from './schema';

export type KnobKey = 'descriptors' | 'nrIrqs' | 'vectors' | 'itsFree' | 'mappingRefcount' | 'xenIrqs';
export const KNOB_KEYS: readonly KnobKey[] = ['descriptors', 'nrIrqs', 'vectors', 'itsFree', 'mappingRefcount', 'xenIrqs'];

export interface MachineKind {
  arch: 'x86_64' | 'arm64';
  xen: boolean;
}

export function machineKind(m: Pick<Machine, 'arch' | 'xen'>): MachineKind {
  return { arch: m.arch ?? 'x86_64', xen: m.xen !== undefined };
}

/** Why a knob does not apply to this kind of machine, or null when it does. */
export function knobNotApplicable(knob: KnobKey, kind: MachineKind): string | null {
  switch (knob) {
    case 'vectors':
      if (kind.arch !== 'x86_64') return `the x86 vector allocator does not exist on ${kind.arch}`;
      if (kind.xen) return 'a Xen domain allocates no CPU vectors of its own (Xen owns them; interrupts arrive as event channels)';
      return null;
    case 'itsFree':
      if (kind.arch !== 'arm64') return 'it is how the arm64 GICv3 ITS frees LPIs (arch is x86_64)';
      return null;
    case 'xenIrqs':
      if (!kind.xen) return 'it is the IRQ numbering of a Xen domain (machine.xen is absent)';
      return null;
    default:
      return null;
  }
}

export interface KernelOverride {
  knob: KnobKey;
  value: unknown;
  /** What the release itself has for that knob. */
  release: unknown;
}

export interface ResolvedKernel {
  /** Canonical release name, e.g. "6.5". */
  release: string;
  policies: KernelPolicies;
  /** Knobs given in the scenario whose value differs from the release's. */
  overrides: KernelOverride[];
  /** No release had this combination (or a knob is an unmerged proposal). */
  counterfactual: boolean;
  /** One sentence saying why, when counterfactual. */
  why?: string;
  /** With overrides that some release had together: the first such release. */
  sameAs?: string;
  /** Where irqscope approximates this release (shown, never hidden). */
  notes: string[];
}

function valueAt<V>(row: ReleaseRow<V>, release: string): V {
  return (eraAt(row, releaseKey, release) ?? row.eras[0]).value;
}

/** The value `row` has in `release` (its first era's before the row begins). */
export function releaseRowValue<V>(row: ReleaseRow<V>, release: string): V {
  return valueAt(row, release);
}

/** The policies a release has on its own, before any override. */
export function releasePolicies(release: string, arch: 'x86_64' | 'arm64'): KernelPolicies {
  return {
    descriptors: valueAt(DESCRIPTORS, release),
    nrIrqs: NR_IRQS_DEFAULT[arch].value,
    vectors: valueAt(VECTORS, release),
    itsFree: valueAt(ITS_FREE, release),
    mappingRefcount: valueAt(MAPPING_REFCOUNT, release),
    xenIrqs: valueAt(XEN_IRQS, release),
    affinity: valueAt(AFFINITY, release),
  };
}

/** The event-channel ABI Linux of that release picks when the hypervisor offers FIFO. */
export function releaseEvtchnAbi(release: string): EvtchnAbi {
  return valueAt(EVTCHN_ABI, release);
}

/** The canonical release of a (validated) machine: its `kernel.version`, else the newest. */
export function machineRelease(m: Machine): string {
  const v = m.kernel?.version;
  if (v === undefined) return NEWEST_RELEASE;
  const p = parseRelease(v);
  if (!p.ok) throw new Error(`machine.kernel.version: ${p.message}`);
  return p.release.name;
}

// ---- counterfactual check -------------------------------------------------------------------

interface Item {
  /** "vectors: \"legacy\"" or "the managed spreading of ..." */
  name: string;
  /** The value in words, for the span ("legacy", "that spreading"). */
  word: string;
  row: ReleaseRow<unknown>;
  value: unknown;
  override: boolean;
}

interface Span {
  from: number;
  to: number;
  fromName: string;
  toName: string;
}

function spanOf(item: Item): Span | null {
  const eras = item.row.eras;
  for (let i = 0; i < eras.length; i++) {
    if (eras[i].value !== item.value) continue;
    const fromName = eras[i].since;
    const toName = eras[i].until ?? (i + 1 < eras.length ? previousRelease(eras[i + 1].since) : NEWEST_RELEASE);
    return { from: releaseKey(fromName), to: releaseKey(toName), fromName, toName };
  }
  return null;
}

function spanText(word: string, s: Span): string {
  if (s.fromName === s.toName) return `${word} only in v${s.fromName}`;
  if (s.fromName === OLDEST_RELEASE && s.toName === NEWEST_RELEASE) return `${word} in every modelled release`;
  if (s.fromName === OLDEST_RELEASE) return `${word} until v${s.toName}`;
  if (s.toName === NEWEST_RELEASE) return `${word} from v${s.fromName}`;
  return `${word} in v${s.fromName} to v${s.toName}`;
}

function knobItem(knob: KnobKey, row: ReleaseRow<unknown>, value: unknown, override: boolean): Item {
  return { name: `${knob}: ${JSON.stringify(value)}`, word: typeof value === 'string' ? value : JSON.stringify(value), row, value, override };
}

function judge(items: Item[]): Pick<ResolvedKernel, 'counterfactual' | 'why' | 'sameAs'> {
  for (const it of items) {
    const proposal = it.row.proposals?.find((p) => p.value === it.value);
    if (proposal) return { counterfactual: true, why: `${it.name} is ${proposal.what}` };
  }
  const spans = items.map(spanOf);
  for (let i = 0; i < items.length; i++) {
    if (!spans[i]) return { counterfactual: true, why: `${items[i].name}: no release had that value` };
  }
  let from = -Infinity;
  let to = Infinity;
  for (const s of spans) {
    from = Math.max(from, s!.from);
    to = Math.min(to, s!.to);
  }
  if (from <= to) {
    const first = spans.find((s) => s!.from === from)!;
    return { counterfactual: false, sameAs: first.fromName };
  }
  // On a line, an empty intersection always has a disjoint pair, and one of them is an
  // override (everything else comes from one release and so meets there).
  for (let i = 0; i < items.length; i++) {
    if (!items[i].override) continue;
    for (let j = 0; j < items.length; j++) {
      if (i === j) continue;
      const a = spans[i]!;
      const b = spans[j]!;
      if (a.to < b.from || b.to < a.from) {
        return {
          counterfactual: true,
          why: `${items[i].name} with ${items[j].name}: no release had both (${spanText(items[i].word, a)}, ${spanText(items[j].word, b)})`,
        };
      }
    }
  }
  return { counterfactual: true, why: 'no release had this combination' };
}

// ---- approximations ---------------------------------------------------------------------------

function notesFor(release: string, kind: MachineKind, p: KernelPolicies): string[] {
  const notes: string[] = [];
  if (!kind.xen && p.affinity === 'v4.17' && !atLeast(release, '4.17')) {
    notes.push(`managed spreading: ${release} is run with the v4.17 irq_create_affinity_masks (the 4.8-4.16 copies, which spread over online, then present, then possible CPUs in one pass, are not modelled separately)`);
  }
  if (kind.arch === 'x86_64' && !kind.xen && p.vectors === 'matrix' && !atLeast(release, '6.7')) {
    notes.push('x86: the vector domain is the one of v6.18 (old vectors freed by a timer, not the IRQ_MOVE_CLEANUP_VECTOR IPI of v4.15-v6.5; irq_matrix_allocated without managed vectors, as since v6.7)');
  }
  if (kind.arch === 'x86_64' && !kind.xen && p.vectors === 'legacy') {
    notes.push('x86: the allocator before v4.15 is the one of v4.14');
  }
  if (kind.arch === 'arm64' && atLeast(release, '6.11') && !atLeast(release, '6.16') && p.itsFree === 'per-irq') {
    notes.push('arm64: v6.11-v6.15 already had per-device ITS-PCI-MSI(X) domains; irqscope builds them only with .msi_teardown (v6.16) and shows one ITS-PCI-MSI domain per ITS before');
  }
  if (kind.xen && p.xenIrqs === 'current' && !atLeast(release, '6.6')) {
    notes.push('Xen: event channels and dynamic IRQs are modelled on events_base.c of v6.6');
  }
  return notes;
}

// ---- the resolution -------------------------------------------------------------------------

const KNOB_ROWS: Record<Exclude<KnobKey, 'nrIrqs'>, ReleaseRow<unknown>> = {
  descriptors: DESCRIPTORS as ReleaseRow<unknown>,
  vectors: VECTORS as ReleaseRow<unknown>,
  itsFree: ITS_FREE as ReleaseRow<unknown>,
  mappingRefcount: MAPPING_REFCOUNT as ReleaseRow<unknown>,
  xenIrqs: XEN_IRQS as ReleaseRow<unknown>,
};

/**
 * Resolves a machine's kernel: the release (`kernel.version`, default the newest modelled),
 * every policy from the release table, the knobs that override it (only those that apply to
 * this machine: validation refuses the others) and whether some release had the result.
 */
export function resolveKernel(m: Machine): ResolvedKernel {
  const release = machineRelease(m);
  const kind = machineKind(m);
  const base = releasePolicies(release, kind.arch);
  const policies: KernelPolicies = { ...base };
  const k = m.kernel ?? {};
  const overrides: KernelOverride[] = [];
  const given = new Set<KnobKey>();
  for (const knob of KNOB_KEYS) {
    const value = k[knob];
    if (value === undefined || knobNotApplicable(knob, kind)) continue;
    given.add(knob);
    (policies as unknown as Record<string, unknown>)[knob] = value;
    if (value !== base[knob]) overrides.push({ knob, value, release: base[knob] });
  }
  const relevant: Array<Exclude<KnobKey, 'nrIrqs'>> = ['descriptors', 'mappingRefcount'];
  if (kind.xen) relevant.push('xenIrqs');
  else if (kind.arch === 'arm64') relevant.push('itsFree');
  else relevant.push('vectors');
  const items: Item[] = relevant.map((knob) =>
    knobItem(knob, KNOB_ROWS[knob], policies[knob], given.has(knob) && policies[knob] !== base[knob]),
  );
  if (!kind.xen) {
    items.push({
      name: `the managed spreading of ${affinityRuleLabel(policies.affinity as AffinityRule)}`,
      word: 'that spreading',
      row: AFFINITY as ReleaseRow<unknown>,
      value: policies.affinity,
      override: false,
    });
  }
  const verdict = overrides.length === 0 ? { counterfactual: false } : judge(items);
  const out: ResolvedKernel = { release, policies, overrides, counterfactual: verdict.counterfactual, notes: notesFor(release, kind, policies) };
  if (verdict.counterfactual && 'why' in verdict && verdict.why) out.why = verdict.why;
  if (!verdict.counterfactual && 'sameAs' in verdict && verdict.sameAs && verdict.sameAs !== release) out.sameAs = verdict.sameAs;
  return out;
}
