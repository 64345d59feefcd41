// Which interrupt architecture a capture comes from, by its chip names, and the message for
// the ones irqscope does not model.
import type { ProcInterrupts } from '../scenario/proc_interrupts_parse';

export type Family =
  | { arch: 'x86_64' }
  | { arch: 'arm64'; gic: 'v3' | 'v2' }
  | { unsupported: string; evidence: string };

const X86_CHIP = /^(?:IR-)?(?:IO-APIC|PCI-MSIX?(?:-.*)?|XT-PIC|HPET-MSI|HPET|DMAR[-_]MSI|IOMMU-MSI|AMD-IR.*|INTEL-IR.*)$|^xen-/;
const GICV3_CHIP = /^(?:GICv3(?:-\d+)?|GICv4.*|ITS-MSI|ITS-pMSI|ITS-fMSI|GICv3-ITS.*|ITS-PCI-MSIX?-.*)$/;

export const MODELLED = 'irqscope models x86_64 (IO-APIC, PCI MSI/MSI-X, the vector matrix) and arm64 with a GIC (GICv3 ITS, LPIs)';

function chipsLike(chips: Set<string>, re: RegExp): string {
  const hit = [...chips].filter((c) => re.test(c));
  return `interrupt chips ${hit.slice(0, 4).join(', ')}`;
}

export function familyOf(p: ProcInterrupts): Family {
  const chips = new Set(p.rows.map((r) => r.chip));
  const has = (re: RegExp) => [...chips].some((c) => re.test(c));
  if (has(/PLIC|RISC-V INTC|APLIC|IMSIC/)) {
    return { unsupported: 'riscv (PLIC/INTC interrupt controllers)', evidence: chipsLike(chips, /PLIC|RISC-V INTC|APLIC|IMSIC/) };
  }
  if (has(/^XIVE|^XICS|^OPAL|^MPIC/)) {
    return { unsupported: 'powerpc (XIVE/XICS interrupt controllers)', evidence: chipsLike(chips, /^XIVE|^XICS|^OPAL|^MPIC/) };
  }
  if (has(/^AIC/)) {
    return {
      unsupported: 'arm64 with the Apple AIC interrupt controller (only the GIC is modelled)',
      evidence: chipsLike(chips, /^AIC/),
    };
  }
  // GIC first: arm64 Xen guests also show xen-* chips.
  if (has(GICV3_CHIP)) return { arch: 'arm64', gic: 'v3' };
  if (has(/^GIC(?:v2)?$/)) {
    // arm32 numbers its IPIs from a wake-up IPI0, so rescheduling is IPI2 there and IPI0 on arm64.
    const resched = p.archRows.find((r) => /^Rescheduling interrupts/.test(r.description));
    const arm32 =
      resched?.name === 'IPI2' ||
      p.archRows.some((r) => /completion interrupts|Single function call/.test(r.description)) ||
      (!resched && chips.has('GIC'));
    if (arm32) {
      const why = resched?.name === 'IPI2' ? `, rescheduling on IPI2 (arm32 numbering)` : '';
      return { unsupported: 'arm32 (32-bit ARM with a GICv1/v2)', evidence: `${chipsLike(chips, /^GIC/)}${why}` };
    }
    return { arch: 'arm64', gic: 'v2' };
  }
  if (has(X86_CHIP)) return { arch: 'x86_64' };
  const seen = [...chips].filter((c) => c !== '').slice(0, 8).join(', ');
  return {
    unsupported: 'unknown: no x86 (IO-APIC, PCI-MSI) or arm64 GIC interrupt chip found',
    evidence: seen ? `interrupt chips ${seen}` : 'no interrupt chip names',
  };
}

/** "architecture not supported: arm32 (...): <source> with <evidence>; irqscope models ..." */
export function unsupportedMessage(source: string, fam: { unsupported: string; evidence: string }): string {
  return `architecture not supported: ${fam.unsupported}: recognised ${source} with ${fam.evidence}; ${MODELLED}`;
}
