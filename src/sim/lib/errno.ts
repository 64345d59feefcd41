// Linux errno values as the kernel returns them (negated), include/uapi/asm-generic/errno-base.h.
export const EIO = 5;
export const ENXIO = 6;
export const ENOMEM = 12;
export const EBUSY = 16;
export const EEXIST = 17;
export const EINVAL = 22;
export const ENOSPC = 28;
export const ERANGE = 34;
export const ENOSYS = 38;

const NAMES: Record<number, string> = {
  1: 'EPERM',
  2: 'ENOENT',
  19: 'ENODEV',
  [EIO]: 'EIO',
  [ENXIO]: 'ENXIO',
  [ENOMEM]: 'ENOMEM',
  [EBUSY]: 'EBUSY',
  [EEXIST]: 'EEXIST',
  [EINVAL]: 'EINVAL',
  [ENOSPC]: 'ENOSPC',
  [ERANGE]: 'ERANGE',
  [ENOSYS]: 'ENOSYS',
};

/** "-ENOSPC" for -28 (or 28); "-errno 99" for unknown values. */
export function errnoName(err: number): string {
  const n = Math.abs(err);
  return NAMES[n] ? `-${NAMES[n]}` : `-errno ${n}`;
}
export const ENODEV = 19;
export const ENOENT = 2;
export const EPERM = 1;
