// Validation of `machine.kernel` against the release table: the release must be one irqscope
// models for this kind of machine, each override must apply to it, and the hardware options
// that a release did not support yet are refused, each message naming the field.
import type { Located } from './issues';
import { SUPPORT, type Support } from './releases';
import { NEWEST_RELEASE, atLeast, parseRelease } from './release_number';
import { KNOB_KEYS, knobNotApplicable, machineKind } from './releases_resolve';
import type { Machine } from './schema';

function fail(path: string, what: string): Located {
  return { path, message: `${path}: ${what}` };
}

function cited(s: Support): string {
  return s.cite.commit ? `"${s.cite.title}", ${s.cite.commit}` : `"${s.cite.title}"`;
}

/** The release a machine names (or the newest), or the message about `machine.kernel.version`. */
export function checkRelease(m: Machine): { release: string } | Located {
  const v = m.kernel?.version;
  if (v === undefined) return { release: NEWEST_RELEASE };
  const p = parseRelease(v);
  if (!p.ok) return fail('machine.kernel.version', p.message);
  return { release: p.release.name };
}

function tooOld(release: string, s: Support, path = 'machine.kernel.version'): Located | null {
  if (!atLeast(release, s.since)) {
    return fail(path, `${s.what} is modelled from v${s.since} (${cited(s)}); machine.kernel.version is "${release}"`);
  }
  if (s.gap && atLeast(release, s.gap.from) && !atLeast(release, nextAfter(s.gap.until))) {
    return fail(path, `${s.what} is not modelled in v${s.gap.from} to v${s.gap.until}: ${s.gap.why} (machine.kernel.version is "${release}")`);
  }
  return null;
}

function nextAfter(release: string): string {
  const [a, b] = release.split('.').map(Number);
  return `${a}.${b + 1}`;
}

/** The first problem of a schema-valid machine's kernel against its release, or null. */
export function checkMachineKernel(m: Machine): Located | null {
  const r = checkRelease(m);
  if ('message' in r) return r;
  const { release } = r;
  const kind = machineKind(m);
  const k = m.kernel ?? {};
  for (const knob of KNOB_KEYS) {
    if (k[knob] === undefined) continue;
    const why = knobNotApplicable(knob, kind);
    if (why) return fail(`machine.kernel.${knob}`, `does not apply to this machine: ${why}`);
  }
  if (kind.xen) {
    const bad = tooOld(release, SUPPORT.xen);
    if (bad) return bad;
    if (m.xen?.evtchnAbi === 'fifo' && !atLeast(release, '3.14')) {
      return fail('machine.xen.evtchnAbi', `the FIFO event-channel ABI came with Linux 3.14 ("xen/events: Add the hypervisor interface for the FIFO-based event channels", bf2bbe07f138); machine.kernel.version is "${release}"`);
    }
  } else if (kind.arch === 'arm64') {
    const bad = tooOld(release, SUPPORT.arm64);
    if (bad) return bad;
    if (m.gic?.version === 'v4.1') {
      const old = tooOld(release, SUPPORT.gicV41, 'machine.gic.version');
      if (old) return old;
    }
  } else {
    const bad = tooOld(release, SUPPORT.x86);
    if (bad) return bad;
  }
  return null;
}

/** A device the machine's release cannot have (NVMe's managed queues before v4.8), or null. */
export function checkDeviceKernel(m: Machine, type: string, path: string): Located | null {
  if (type !== 'nvme' || m.xen !== undefined) return null;
  const r = checkRelease(m);
  if ('message' in r || atLeast(r.release, SUPPORT.nvme.since)) return null;
  return fail(path, `"nvme": ${SUPPORT.nvme.what} are modelled from v${SUPPORT.nvme.since} (${cited(SUPPORT.nvme)}); machine.kernel.version is "${r.release}"`);
}
