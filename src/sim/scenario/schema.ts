// The scenario document, version 2 (docs/scenario-format.md and the README's scenario section)
// as a zod schema: the border's types. Version 2 names a kernel release (`machine.kernel.version`);
// version-1 documents are migrated (migrate.ts).
import { z } from 'zod';
import type { AffinityRule } from '../core/affinity';
import { releaseEvtchnAbi, resolveKernel, type ResolvedKernel } from './releases_resolve';
import { quoteText } from '../lib/quote';

// The built app runs under a CSP without 'unsafe-eval': zod must not compile parsers with new Function.
z.config({ jitless: true });

export const SCENARIO_VERSION = 2;

export const LIMITS = {
  cpus: 8192,
  nodes: 64,
  ioapics: 8,
  /** Our cap on nvme/nic queues (the kernel's own limits depend on the device). */
  queues: 2048,
  msiVectors: 32,
  vcpus: 4096,
  titleChars: 200,
  steps: 100_000,
  nrIrqsMin: 16,
  nrIrqsMax: 1 << 20,
} as const;

export const ID_RE = /^[A-Za-z][A-Za-z0-9_.-]{0,31}$/;
export const BDF_RE = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f]\.[0-7]$/;

// ---- error messages: every leaf says what it expects; validate.ts prefixes the path ----

/** Short human description of a JSON-ish value for messages. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') {
    return quoteText(v, 40);
  }
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

interface IssueLike {
  code?: string;
  expected?: string;
  input?: unknown;
}

/** A zod error function: "missing (expected X)", "expected X, got Y" or "Y is out of range (X)". */
function want(what: string) {
  return (iss: IssueLike): string => {
    const v = iss.input;
    if (v === undefined) return `missing (expected ${what})`;
    if ((iss.code === 'too_small' || iss.code === 'too_big') && typeof v === 'number') {
      return `${v} is out of range (expected ${what})`;
    }
    if (iss.code === 'invalid_type' && iss.expected === 'int' && typeof v === 'number' && Number.isFinite(v)) {
      return `${v} is not an integer (expected ${what})`;
    }
    return `expected ${what}, got ${describeValue(v)}`;
  };
}

function int(min: number, max: number, what = `an integer ${min}..${max}`) {
  const error = want(what);
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: want(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`) });
}

function bool() {
  return z.boolean({ error: want('true or false') });
}

function obj<S extends z.core.$ZodLooseShape>(shape: S, what: string) {
  return z.strictObject(shape, { error: want(what) });
}

const id = (what: string) => {
  const error = want(`${what}: a letter, then up to 31 letters, digits, '_', '.' or '-'`);
  return z.string({ error }).regex(ID_RE, { error });
};

const cpu = () => int(0, LIMITS.cpus - 1, 'a CPU number');

// ---- machine ----

export const ARCHES = ['x86_64', 'arm64'] as const;

const GicSchema = obj(
  {
    version: oneOf(['v3', 'v4.1']).optional(),
    lpiBits: int(14, 24).optional(),
    its: int(1, 4).optional(),
  },
  'an object { version, lpiBits, its }',
);

const XenSchema = obj(
  {
    role: oneOf(['dom0', 'hvm', 'pv']),
    evtchnAbi: oneOf(['2l', 'fifo']).optional(),
  },
  'an object { role, evtchnAbi }',
);

const KernelSchema = obj(
  {
    version: z
      .string({ error: want('a kernel release such as "6.5" or "v4.14"') })
      .max(20, { error: () => 'expected a kernel release such as "6.5" or "v4.14" (too long)' })
      .optional(),
    descriptors: oneOf(['bitmap', 'maple']).optional(),
    nrIrqs: int(LIMITS.nrIrqsMin, LIMITS.nrIrqsMax).optional(),
    vectors: oneOf(['legacy', 'matrix']).optional(),
    itsFree: oneOf(['bulk', 'per-irq', 'per-device', 'region']).optional(),
    mappingRefcount: bool().optional(),
    xenIrqs: oneOf(['2011', 'current']).optional(),
  },
  'an object { version, and optional overrides: descriptors, nrIrqs, vectors, itsFree, mappingRefcount, xenIrqs }',
);

export const MachineSchema = obj(
  {
    arch: oneOf(ARCHES).optional(),
    cpus: int(1, LIMITS.cpus).optional(),
    online: z
      .array(cpu(), { error: want('an array of CPU numbers') })
      .min(1, { error: () => 'must list at least CPU 0' })
      .max(LIMITS.cpus, { error: () => `lists more than ${LIMITS.cpus} CPUs` })
      .optional(),
    nodes: int(1, LIMITS.nodes).optional(),
    smt: z.union([z.literal(1), z.literal(2)], { error: want('1 or 2') }).optional(),
    ioapics: int(0, LIMITS.ioapics).optional(),
    remapping: bool().optional(),
    gic: GicSchema.optional(),
    xen: XenSchema.optional(),
    kernel: KernelSchema.optional(),
  },
  'an object describing the machine',
);

// ---- steps ----

export const STEP_KINDS = [
  'cpu.offline',
  'cpu.online',
  'device.add',
  'device.remove',
  'driver.unbind',
  'driver.bind',
  'irq.affinity',
  'irq.fire',
  'vm.launch',
  'vm.destroy',
] as const;

/** What a step must be, for messages: `a step object with "do" (one of "cpu.offline", ...)`. */
export const STEP_WANTED = `a step object with "do" (one of ${STEP_KINDS.map((k) => JSON.stringify(k)).join(', ')})`;

const step = <D extends string, S extends z.core.$ZodLooseShape>(kind: D, shape: S) => obj({ do: z.literal(kind), ...shape }, STEP_WANTED);

const bdf = () => {
  const error = want('a PCI address like "0000:01:00.0" (lower-case hex)');
  return z.string({ error }).regex(BDF_RE, { error });
};

/** Fields every device.add accepts, whatever its type. */
const deviceCommon = {
  id: id('a device id'),
  bdf: bdf().optional(),
  bind: bool().optional(),
  aliasOf: id('a device id').optional(),
};

const queues = () => int(1, LIMITS.queues, `an integer 1..${LIMITS.queues} (irqscope caps queues at ${LIMITS.queues})`);

export const DEVICE_TYPES = ['nvme', 'nic', 'msi', 'intx'] as const;

const DeviceAddSchema = z.discriminatedUnion('type', [
  step('device.add', { ...deviceCommon, type: z.literal('nvme'), queues: queues() }),
  step('device.add', { ...deviceCommon, type: z.literal('nic'), queues: queues() }),
  step('device.add', { ...deviceCommon, type: z.literal('msi'), vectors: int(1, LIMITS.msiVectors) }),
  step('device.add', {
    ...deviceCommon,
    type: z.literal('intx'),
    pin: oneOf(['A', 'B', 'C', 'D']),
    slot: int(0, 31).optional(),
  }),
], { error: want(STEP_WANTED) });

const cpuList = () =>
  z
    .array(cpu(), { error: want('an array of CPU numbers') })
    .min(1, { error: () => 'an empty CPU list (an affinity needs at least one CPU)' })
    .max(LIMITS.cpus, { error: () => `lists more than ${LIMITS.cpus} CPUs` });

const vector = () => int(0, LIMITS.queues, 'a vector index within its device');

export const StepSchema = z.discriminatedUnion('do', [
  step('cpu.offline', { cpu: cpu() }),
  step('cpu.online', { cpu: cpu() }),
  DeviceAddSchema,
  step('device.remove', { id: id('a device id') }),
  step('driver.unbind', { device: id('a device id') }),
  step('driver.bind', { device: id('a device id') }),
  step('irq.affinity', { device: id('a device id'), vector: vector(), cpus: cpuList() }),
  step('irq.fire', { device: id('a device id'), vector: vector() }),
  step('vm.launch', { id: id('a VM id'), vcpus: int(1, LIMITS.vcpus), type: oneOf(['kvm', 'xen']) }),
  step('vm.destroy', { id: id('a VM id') }),
], { error: want(STEP_WANTED) });

// ---- document ----

export const ScenarioSchema = obj(
  {
    // migrate.ts brings every document to SCENARIO_VERSION before this schema sees it; the type
    // also admits 1 because code and tests build version-1 objects directly, and the engine
    // reads them the same way (no `kernel.version` means the newest release, v1's mainline).
    scenario: z.literal([1, SCENARIO_VERSION], { error: want(`the format version ${SCENARIO_VERSION}`) }),
    title: z
      .string({ error: want('a string') })
      .max(LIMITS.titleChars, { error: (i) => `${(i.input as string).length} characters, at most ${LIMITS.titleChars}` })
      .optional(),
    machine: MachineSchema,
    steps: z
      .array(StepSchema, { error: want('an array of steps') })
      .max(LIMITS.steps, { error: (i) => `${(i.input as unknown[]).length} steps, at most ${LIMITS.steps}` }),
  },
  `a scenario object { "scenario": ${SCENARIO_VERSION}, "machine": {...}, "steps": [...] }`,
);

export type Scenario = z.infer<typeof ScenarioSchema>;
export type Machine = z.infer<typeof MachineSchema>;
export type Step = z.infer<typeof StepSchema>;
export type StepKind = Step['do'];
export type DeviceAddStep = Extract<Step, { do: 'device.add' }>;
/** What a device.add step says about the device (everything but `do`). */
export type DeviceSpec = DeviceAddStep extends infer D ? (D extends unknown ? Omit<D, 'do'> : never) : never;
export type DeviceType = DeviceSpec['type'];

// ---- defaults ----

export type Arch = (typeof ARCHES)[number];

/** The behaviours the engine is built with, resolved from the release table (releases.ts). */
export interface KernelPolicies {
  descriptors: 'bitmap' | 'maple';
  /** NR_IRQS for the bitmap policy; null means "as the arch computes it" (x86). */
  nrIrqs: number | null;
  vectors: 'legacy' | 'matrix';
  itsFree: 'bulk' | 'per-irq' | 'per-device' | 'region';
  mappingRefcount: boolean;
  xenIrqs: '2011' | 'current';
  /** The managed-interrupt spreading of the release (NVMe queue placement). */
  affinity: AffinityRule;
}

/** A machine with every default of the doc filled in: what the engine is built from. */
export interface MachineConfig {
  arch: Arch;
  cpus: number;
  /** CPUs online at boot, ascending, CPU 0 first. */
  online: number[];
  nodes: number;
  smt: 1 | 2;
  /** x86 only: 0 on arm64. */
  ioapics: number;
  /** x86 only: false on arm64. */
  remapping: boolean;
  /** Filled on every arch; only arm64 builds a GIC. */
  gic: { version: 'v3' | 'v4.1'; lpiBits: number; its: number };
  /** null when the machine is not a Xen domain. */
  xen: { role: 'dom0' | 'hvm' | 'pv'; evtchnAbi: '2l' | 'fifo' } | null;
  kernel: KernelPolicies;
  /** The release, its overrides and whether some release had this kernel (releases_resolve.ts). */
  release: ResolvedKernel;
}

/** Fills every default of the scenario format. The machine must already be validated. */
export function resolveMachine(m: Machine): MachineConfig {
  const arch = m.arch ?? 'x86_64';
  const cpus = m.cpus ?? 8;
  const online = m.online ? [...new Set(m.online)].sort((a, b) => a - b) : Array.from({ length: cpus }, (_, i) => i);
  const release = resolveKernel(m);
  return {
    arch,
    cpus,
    online,
    nodes: m.nodes ?? 1,
    smt: m.smt ?? 1,
    ioapics: arch === 'x86_64' ? (m.ioapics ?? 1) : 0,
    remapping: arch === 'x86_64' ? (m.remapping ?? true) : false,
    gic: {
      version: m.gic?.version ?? 'v3',
      lpiBits: m.gic?.lpiBits ?? 16,
      its: m.gic?.its ?? 1,
    },
    // Linux picks the FIFO ABI whenever the hypervisor offers it (Xen >= 4.4), since 3.14.
    xen: m.xen ? { role: m.xen.role, evtchnAbi: m.xen.evtchnAbi ?? releaseEvtchnAbi(release.release) } : null,
    kernel: release.policies,
    release,
  };
}

/** How many vectors a device of this spec has, indexed 0..n-1 in steps. */
export function deviceVectorCount(d: DeviceSpec): number {
  switch (d.type) {
    case 'nvme':
      return 1 + d.queues;
    case 'nic':
      return d.queues;
    case 'msi':
      return d.vectors;
    case 'intx':
      return 1;
  }
}
