// Event channel ABIs and the hypervisor's port space: include/xen/interface/event_channel.h
// (EVTCHN_2L_NR_CHANNELS, EVTCHN_FIFO_NR_CHANNELS), drivers/xen/events/events_2l.c and
// events_fifo.c (max_channels), and Xen's xen/common/event_channel.c get_free_port (the
// lowest free port is handed out; port 0 is reserved and never valid).
import { clearBit, findNextZero, newBits, setBit, testBit, type Bits } from '../lib/bitmap';
import { ENOSPC } from '../lib/errno';

export type EvtchnAbi = '2l' | 'fifo';

/** 2-level ABI: sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64 = 4096 with 64-bit xen_ulong_t. */
export const EVTCHN_2L_NR_CHANNELS_64 = 8 * 8 * 64;
/** 2-level ABI for a 32-bit x86 guest (4-byte xen_ulong_t). */
export const EVTCHN_2L_NR_CHANNELS_32 = 4 * 4 * 64;
/** FIFO ABI (Xen 4.4+, Linux v3.14+): 2^17 ports. */
export const EVTCHN_FIFO_NR_CHANNELS = 1 << 17;
/** FIFO priorities: 0 highest, 15 lowest, 7 the default. */
export const EVTCHN_FIFO_PRIORITY_MAX = 0;
export const EVTCHN_FIFO_PRIORITY_DEFAULT = 7;
export const EVTCHN_FIFO_PRIORITY_MIN = 15;

/** xen_evtchn_max_channels(): the ABI's port limit (ports 1 .. limit-1 are usable). */
export function evtchnMaxChannels(abi: EvtchnAbi, bits: 32 | 64 = 64): number {
  if (abi === 'fifo') return EVTCHN_FIFO_NR_CHANNELS;
  return bits === 64 ? EVTCHN_2L_NR_CHANNELS_64 : EVTCHN_2L_NR_CHANNELS_32;
}

/** Hypervisor-side channel state (ECS_* of xen/include/xen/event.h, as the 'e' key prints s=). */
export const ECS_FREE = 0;
export const ECS_RESERVED = 1;
export const ECS_UNBOUND = 2;
export const ECS_INTERDOMAIN = 3;
export const ECS_PIRQ = 4;
export const ECS_VIRQ = 5;
export const ECS_IPI = 6;

export const ECS_NAMES: Record<number, string> = {
  [ECS_FREE]: 'free',
  [ECS_RESERVED]: 'reserved',
  [ECS_UNBOUND]: 'unbound',
  [ECS_INTERDOMAIN]: 'interdomain',
  [ECS_PIRQ]: 'pirq',
  [ECS_VIRQ]: 'virq',
  [ECS_IPI]: 'ipi',
};

/**
 * One domain's port space as the hypervisor keeps it: which ports are in use, their state and
 * the vCPU they notify. get_free_port returns the lowest free port >= 1, or -ENOSPC once the
 * limit (the ABI's, or the domain's max_evtchn_port + 1 if lower) is reached.
 */
export class PortSpace {
  readonly limit: number;
  private used: Bits;
  private state: Uint8Array;
  private notifyVcpu: Int32Array;
  private inUse = 0;

  constructor(limit: number) {
    this.limit = limit;
    this.used = newBits(limit);
    this.state = new Uint8Array(limit);
    this.notifyVcpu = new Int32Array(limit);
    setBit(this.used, 0); // port 0 is never handed out
    this.state[0] = ECS_RESERVED;
  }

  /** Ports currently bound (port 0 not counted). */
  get bound(): number {
    return this.inUse;
  }

  /** EVTCHNOP_bind_vcpu: the vCPU the port notifies. */
  setVcpu(port: number, vcpu: number): void {
    if (port > 0 && port < this.limit) this.notifyVcpu[port] = vcpu;
  }

  /** get_free_port + the bind: lowest free port, or -ENOSPC. */
  alloc(state: number, vcpu: number): number {
    const port = findNextZero(this.used, 1, this.limit);
    if (port >= this.limit) return -ENOSPC;
    setBit(this.used, port);
    this.state[port] = state;
    this.notifyVcpu[port] = vcpu;
    this.inUse++;
    return port;
  }

  /** EVTCHNOP_close. Returns false for a port that was not bound. */
  close(port: number): boolean {
    if (port <= 0 || port >= this.limit || !testBit(this.used, port)) return false;
    clearBit(this.used, port);
    this.state[port] = ECS_FREE;
    this.notifyVcpu[port] = 0;
    this.inUse--;
    return true;
  }

  /** EVTCHNOP_bind_vcpu. */
  bindVcpu(port: number, vcpu: number): void {
    if (this.isBound(port)) this.notifyVcpu[port] = vcpu;
  }

  isBound(port: number): boolean {
    return port > 0 && port < this.limit && testBit(this.used, port);
  }

  stateOf(port: number): number {
    return port >= 0 && port < this.limit ? this.state[port] : ECS_FREE;
  }

  vcpuOf(port: number): number {
    return this.isBound(port) ? this.notifyVcpu[port] : -1;
  }

  /** Bound ports in ascending order. */
  *ports(): IterableIterator<number> {
    for (let p = 1; p < this.limit; p++) {
      const w = this.used[p >>> 5];
      if (w === 0) {
        p |= 31;
        continue;
      }
      if (testBit(this.used, p)) yield p;
    }
  }
}
