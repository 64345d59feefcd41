// Events that are not kernel tracepoints: WARN conditions the kernel hits (WARN_ON,
// WARN_ON_ONCE, WARN), kernel messages (pr_warn/pr_err/kvm_err) and refused operations.

/** A WARN_ON/WARN_ON_ONCE/WARN condition was true. `site` is the kernel function. */
export interface WarningEvent {
  type: 'warning';
  site: string;
  message: string;
}

/** A kernel log message that is not a WARN (pr_warn, pr_err, pr_info, kvm_err). */
export interface LogEvent {
  type: 'log';
  level: 'err' | 'warn' | 'info';
  site: string;
  message: string;
}

/** An operation the kernel refused: its error and the function that decided it. */
export interface FailureEvent {
  type: 'failure';
  site: string;
  errno: number;
  message: string;
}

export type CommonEvent = WarningEvent | LogEvent | FailureEvent;
