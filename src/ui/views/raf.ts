// The one animation-frame scheduler of the UI (the Perfetto idea): canvases ask for a redraw
// by key, the windowed lists for a scroll and dialogs for a focus or selection, all pending
// jobs run in one requestAnimationFrame, and a job that is still animating (a fading flash)
// returns true to be run again next frame. Nothing else in src/ui calls requestAnimationFrame
// (raf.test.ts checks).

export type FrameJob = (now: number) => boolean | void;

export interface FrameScheduler {
  /** Runs `job` in the next frame (replacing a pending job with the same key). */
  schedule(key: object, job: FrameJob): void;
  /** Runs `fn` once in the next frame, whatever it returns (replacing a pending job with the same key). */
  once(key: object, fn: () => unknown): void;
  cancel(key: object): void;
  /** Jobs waiting for the next frame. */
  pending(): number;
}

export function createScheduler(
  raf: (cb: (now: number) => void) => unknown,
  onError: (e: unknown) => void = (e) => console.error(e),
): FrameScheduler {
  const jobs = new Map<object, FrameJob>();
  let requested = false;

  function frame(now: number): void {
    requested = false;
    const run = [...jobs];
    jobs.clear();
    for (const [key, job] of run) {
      let again: boolean | void = false;
      try {
        again = job(now);
      } catch (e) {
        onError(e);
      }
      // A job scheduled anew while running wins over the repeat of the old one.
      if (again && !jobs.has(key)) jobs.set(key, job);
    }
    if (jobs.size) request();
  }

  function request(): void {
    if (requested) return;
    requested = true;
    raf(frame);
  }

  return {
    schedule(key, job) {
      jobs.set(key, job);
      request();
    },
    once(key, fn) {
      jobs.set(key, () => {
        fn();
      });
      request();
    },
    cancel(key) {
      jobs.delete(key);
    },
    pending: () => jobs.size,
  };
}

/** The scheduler all of the UI uses. */
export const frames: FrameScheduler = createScheduler((cb) =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(cb) : setTimeout(() => cb(Date.now()), 16),
);
