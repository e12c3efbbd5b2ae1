import { EnforcementError } from './errors.ts';

/**
 * One writer per repository at a time. EventBridge and Lambda may deliver an event more
 * than once, a push and a drift event may arrive together, and the sweep meets events: each
 * would read the same non-compliant state and write the same fix. The lock lets one write;
 * the others wait for it, read the repository again and find it compliant (reads only).
 */

/** A held lock: its holder's own, until `expiresAt` or its release. */
export interface RemediationLease {
  readonly key: string;
  /** When the lock frees itself if its holder never releases it (epoch ms). */
  readonly expiresAt: number;
  /**
   * Frees the lock if it is still this holder's: a holder whose lease ran out (and whose lock
   * was taken over) frees nothing.
   */
  release(): Promise<void>;
}

export interface RemediationLock {
  /** The lease on `key` for at most `ttlMs`, or `undefined` while another holder has it. */
  acquire(key: string, ttlMs: number): Promise<RemediationLease | undefined>;
}

/** Another invocation held the repository's lock through the whole wait: try again later. */
export class RemediationInProgressError extends EnforcementError {
  readonly repository: string;
  readonly retryable = true;

  constructor(repository: string, waitedMs = 0, options?: ErrorOptions) {
    super(
      `repository ${repository} is being remediated by another invocation${waitedMs > 0 ? ` (still after ${Math.round(waitedMs / 1000)} s)` : ''}; retry later`,
      options,
    );
    this.name = 'RemediationInProgressError';
    this.repository = repository;
  }
}

/**
 * The lease came too close to its end for another write to finish within it: the write is
 * not made (another holder may take the lock over any moment), for a retry to make it.
 */
export class RemediationLeaseEndingError extends EnforcementError {
  readonly repository: string;
  readonly retryable = true;

  constructor(repository: string, options?: ErrorOptions) {
    super(
      `the remediation lock of repository ${repository} ends before another write could; retry later`,
      options,
    );
    this.name = 'RemediationLeaseEndingError';
    this.repository = repository;
  }
}

/**
 * A lock for one process (the CLI, tests): concurrent enforcements of one repository in
 * this process take turns. Across Lambda containers, use the DynamoDB lock.
 *
 * @example
 * ```ts
 * const lock = new InProcessRemediationLock();
 * const lease = await lock.acquire('remediation#123456789012#us-east-1#payments-api', 60_000);
 * if (lease !== undefined) try { … } finally { await lease.release(); }
 * ```
 */
export class InProcessRemediationLock implements RemediationLock {
  readonly #held = new Map<string, { token: symbol; expiresAt: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async acquire(key: string, ttlMs: number): Promise<RemediationLease | undefined> {
    const held = this.#held.get(key);
    if (held !== undefined && held.expiresAt > this.#now()) return undefined;
    const token = Symbol(key);
    const expiresAt = this.#now() + ttlMs;
    this.#held.set(key, { token, expiresAt });
    return {
      key,
      expiresAt,
      release: async () => {
        if (this.#held.get(key)?.token === token) this.#held.delete(key);
      },
    };
  }
}

/**
 * What every lock key starts with. The dedupe table also holds alert fingerprints (keys that
 * start with an account id): the roles are split on this prefix (`dynamodb:LeadingKeys`), so
 * enforcement can never delete an alert's fingerprint, nor the alert path a lock.
 */
export const REMEDIATION_LOCK_KEY_PREFIX = 'remediation#';

/** The lock key of a repository. */
export function repositoryLockKey(account: string, region: string, repository: string): string {
  return `${REMEDIATION_LOCK_KEY_PREFIX}${account}#${region}#${repository}`;
}
