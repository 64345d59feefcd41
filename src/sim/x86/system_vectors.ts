// The names of the x86_64 system vectors, as arch/x86/include/asm/irq_vectors.h defines them.
// Read in a current mainline copy (the one with NMI-source vectors, v6.17+): SPURIOUS_APIC 0xff,
// ERROR_APIC 0xfe, RESCHEDULE 0xfd, CALL_FUNCTION 0xfc, CALL_FUNCTION_SINGLE 0xfb,
// THERMAL_APIC 0xfa, THRESHOLD_APIC 0xf9, REBOOT 0xf8, X86_PLATFORM_IPI 0xf7, IRQ_WORK 0xf6,
// 0xf5 unused (it was UV_BAU_MESSAGE), DEFERRED_ERROR 0xf4, HYPERVISOR_CALLBACK 0xf3, the KVM
// POSTED_INTR 0xf2 / _WAKEUP 0xf1 / _NESTED 0xf0, MANAGED_IRQ_SHUTDOWN 0xef, Hyper-V
// REENLIGHTENMENT 0xee / STIMER0 0xed, LOCAL_TIMER 0xec, POSTED_MSI_NOTIFICATION 0xeb, and
// IA32_SYSCALL 0x80. What moved between releases follows the release table (releases.ts):
// - X86_FIRST_SYSTEM_VECTOR: LOCAL_TIMER_VECTOR was FIRST_SYSTEM_VECTOR, 0xef before v4.15,
//   0xee in v4.15 (MANAGED_IRQ_SHUTDOWN_VECTOR took 0xef), 0xed in v4.16 (Hyper-V
//   REENLIGHTENMENT took 0xee), 0xec from v4.17 (Hyper-V STIMER0 took 0xed); from v6.10
//   POSTED_MSI_NOTIFICATION_VECTOR (0xeb) is the first system vector. (The Hyper-V vectors
//   exist with CONFIG_HYPERV, as in distribution kernels.)
// - X86_VECTOR_CLEANUP: IRQ_MOVE_CLEANUP_VECTOR (0x20, FIRST_EXTERNAL_VECTOR) until v6.6
//   replaced it with a timer.
import { atLeast, releaseKey } from '../scenario/release_number';
import { NEWEST_RELEASE, X86_FIRST_SYSTEM_VECTOR, X86_VECTOR_CLEANUP, eraAt } from '../scenario/releases';

/** Vectors whose name no release of the table moved. */
const FIXED: ReadonlyArray<readonly [number, string]> = [
  [0x80, 'IA32_SYSCALL_VECTOR'],
  [0xff, 'SPURIOUS_APIC_VECTOR'],
  [0xfe, 'ERROR_APIC_VECTOR'],
  [0xfd, 'RESCHEDULE_VECTOR'],
  [0xfc, 'CALL_FUNCTION_VECTOR'],
  [0xfb, 'CALL_FUNCTION_SINGLE_VECTOR'],
  [0xfa, 'THERMAL_APIC_VECTOR'],
  [0xf9, 'THRESHOLD_APIC_VECTOR'],
  [0xf8, 'REBOOT_VECTOR'],
  [0xf7, 'X86_PLATFORM_IPI_VECTOR'],
  [0xf6, 'IRQ_WORK_VECTOR'],
  [0xf4, 'DEFERRED_ERROR_VECTOR'],
  [0xf3, 'HYPERVISOR_CALLBACK_VECTOR'],
  [0xf2, 'POSTED_INTR_VECTOR'],
  [0xf1, 'POSTED_INTR_WAKEUP_VECTOR'],
  [0xf0, 'POSTED_INTR_NESTED_VECTOR'],
];

const cache = new Map<string, readonly string[]>();

/** Every vector's name in `release` ('' where irq_vectors.h names none), indexed by vector. */
export function systemVectorNames(release: string = NEWEST_RELEASE): readonly string[] {
  const hit = cache.get(release);
  if (hit) return hit;
  const names = new Array<string>(256).fill('');
  for (const [v, n] of FIXED) names[v] = n;
  const first = (eraAt(X86_FIRST_SYSTEM_VECTOR, releaseKey, release) ?? X86_FIRST_SYSTEM_VECTOR.eras[0]).value;
  if (first === 0xeb) {
    names[0xeb] = 'POSTED_MSI_NOTIFICATION_VECTOR';
    names[0xec] = 'LOCAL_TIMER_VECTOR';
  } else names[first] = 'LOCAL_TIMER_VECTOR';
  if (atLeast(release, '4.15')) names[0xef] = 'MANAGED_IRQ_SHUTDOWN_VECTOR';
  if (first <= 0xed) names[0xee] = 'HYPERV_REENLIGHTENMENT_VECTOR';
  if (first <= 0xec) names[0xed] = 'HYPERV_STIMER0_VECTOR';
  const cleanup = (eraAt(X86_VECTOR_CLEANUP, releaseKey, release) ?? X86_VECTOR_CLEANUP.eras[0]).value;
  if (cleanup === 'ipi') names[0x20] = 'IRQ_MOVE_CLEANUP_VECTOR';
  const frozen = Object.freeze(names);
  cache.set(release, frozen);
  return frozen;
}

/** The kernel's name of a system vector in `release`, or null when irq_vectors.h names none. */
export function systemVectorName(vector: number, release: string = NEWEST_RELEASE): string | null {
  if (!Number.isInteger(vector) || vector < 0 || vector > 255) return null;
  return systemVectorNames(release)[vector] || null;
}
