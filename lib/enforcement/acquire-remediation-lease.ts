/**
 * Taking a repository's lock when another invocation may hold it: wait for it briefly.
 * Contention is routine (a push of two tags, a creation and its first push, a sweep meeting
 * an event) and ends within the holder's few calls; failing at once made every loser an
 * error datapoint and a Lambda retry.
 *
 * @module
 */
import type { RemediationLease, RemediationLock } from './remediation-lock.ts';

export interface AcquireOptions {
  /** How long the lease lasts if never released (ms). */
  ttlMs: number;
  /** How long to wait for another holder, in ms; 0 tries once. */
  waitMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** In [0, 1): jitters the polls, so that waiters do not ask in step (default `Math.random`). */
  random?: () => number;
}

const FIRST_POLL_MS = 50;
const MAX_POLL_MS = 1_000;

/**
 * Acquires `key`, polling with a jittered, doubling interval (50 ms to 1 s) for at most
 * `waitMs`.
 *
 * @returns the lease, or `undefined` when the lock stayed held through the wait
 *
 * @example
 * ```ts
 * const lease = await acquireRemediationLease(lock, key, { ttlMs: 180_000, waitMs: 20_000 });
 * if (lease === undefined) throw new RemediationInProgressError(repository, 20_000);
 * ```
 */
export async function acquireRemediationLease(
  lock: RemediationLock,
  key: string,
  options: AcquireOptions,
): Promise<RemediationLease | undefined> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const deadline = now() + options.waitMs;
  for (let poll = 0; ; poll += 1) {
    const lease = await lock.acquire(key, options.ttlMs);
    if (lease !== undefined) return lease;
    const left = deadline - now();
    if (left <= 0) return undefined;
    const ceiling = Math.min(MAX_POLL_MS, FIRST_POLL_MS * 2 ** poll);
    await sleep(Math.min(left, Math.round(ceiling / 2 + (ceiling / 2) * random())));
  }
}
