/** Runs at most `limit` tasks at a time; the others wait their turn, first come first served. */
export interface Limiter {
  /** Runs `task` as soon as fewer than `limit` tasks are running; settles as it settles. */
  run<T>(task: () => Promise<T>): Promise<T>;
  readonly limit: number;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly waiting: number;
}

/**
 * A counting semaphore: bounds how many AWS calls a sweep has in flight, per account and
 * region and overall. A dozen lines do not justify a dependency.
 *
 * @throws {RangeError} when `limit` is not a whole number ≥ 1.
 * @example
 * ```ts
 * const limiter = createLimiter(8);
 * const reports = await Promise.all(names.map((name) => limiter.run(() => check(name))));
 * ```
 */
export function createLimiter(limit: number): Limiter {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`a concurrency limit must be a whole number ≥ 1, not ${limit}`);
  }
  let active = 0;
  const queue: Array<() => void> = [];

  function release(): void {
    active -= 1;
    const next = queue.shift();
    if (next !== undefined) {
      active += 1;
      next();
    }
  }

  return {
    limit,
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active < limit) {
        active += 1;
      } else {
        // The slot is handed over by `release`, already counted.
        await new Promise<void>((resolve) => queue.push(resolve));
      }
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
