// What a Xen guest costs dom0 in interdomain event channels (each one a dom0 Linux IRQ):
// drivers/net/xen-netback (xenvif_connect_data, one or two channels per queue),
// drivers/block/xen-blkback (xen_blkif_map, one channel per ring), and the user-space
// daemons binding through drivers/xen/evtchn.c (xenstored, xenconsoled).
import type { XenIrqsPolicy } from './percpu';

export interface BackendChannel {
  backend: 'xenstore' | 'console' | 'netback' | 'blkback';
  /** The dom0 IRQ's name as /proc/interrupts shows it. */
  name: string;
}

export interface GuestBackendOptions {
  /** Which kernel generation runs the backends. */
  era: XenIrqsPolicy;
  /** dom0's online CPUs (netback's and blkback's default queue limits). */
  dom0Cpus: number;
  /** Virtual NICs and disks of the guest (default 1 each). */
  vifs?: number;
  vbds?: number;
}

/** netfront's MAX_QUEUES_DEFAULT: a frontend asks for at most min(8, its online vCPUs) queues. */
export const NETFRONT_MAX_QUEUES_DEFAULT = 8;
/** blkfront's and blkback's max_queues default. */
export const BLK_MAX_QUEUES_DEFAULT = 4;

/**
 * The model (stated, not measured):
 * - current kernels: per guest 1 xenstored + 1 xenconsoled channel (both via /dev/xen/evtchn);
 *   per vif min(guest vCPUs, 8, dom0 CPUs) netback queues with split tx/rx event channels
 *   (feature-split-event-channels, v3.10+) = 2 channels per queue; per vbd
 *   min(guest vCPUs, 4) blkback rings (multi-queue blkback, v4.6+), 1 channel each.
 * - 2011 (v3.0): 1 xenstored + 1 xenconsoled, 1 channel per vif (single queue, no split),
 *   1 per vbd (single ring): 4 per guest with one NIC and one disk.
 */
export function xenGuestBackendChannels(domid: number, vcpus: number, o: GuestBackendOptions): BackendChannel[] {
  const out: BackendChannel[] = [
    { backend: 'xenstore', name: 'evtchn:xenstored' },
    { backend: 'console', name: 'evtchn:xenconsoled' },
  ];
  const vifs = o.vifs ?? 1;
  const vbds = o.vbds ?? 1;
  const v = Math.max(1, vcpus);
  for (let n = 0; n < vifs; n++) {
    if (o.era === '2011') {
      out.push({ backend: 'netback', name: `vif${domid}.${n}` });
      continue;
    }
    const queues = Math.min(v, NETFRONT_MAX_QUEUES_DEFAULT, Math.max(1, o.dom0Cpus));
    for (let q = 0; q < queues; q++) {
      out.push({ backend: 'netback', name: `vif${domid}.${n}-q${q}-tx` });
      out.push({ backend: 'netback', name: `vif${domid}.${n}-q${q}-rx` });
    }
  }
  for (let n = 0; n < vbds; n++) {
    const rings = o.era === '2011' ? 1 : Math.min(v, BLK_MAX_QUEUES_DEFAULT);
    for (let r = 0; r < rings; r++) out.push({ backend: 'blkback', name: 'blkif-backend' });
  }
  return out;
}
