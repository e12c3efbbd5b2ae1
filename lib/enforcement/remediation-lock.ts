import { EnforcementError } from './errors.ts';

/**
 * One writer per repository at a time. EventBridge and Lambda may deliver an event more
 * than once, and a push and a drift event may arrive together: each would read the same
 * non-compliant state and write the same fix. The lock lets the first one write; the others
 * are retried later and then find the repository compliant (reads only).
 */
export interface RemediationLock {
  /** `true` when the caller now holds the lock on `key` (for at most `ttlMs`). */
  acquire(key: string, ttlMs: number): Promise<boolean>;
  release(key: string): Promise<void>;
}

/** Another invocation is remediating the repository right now: try again later. */
export class RemediationInProgressError extends EnforcementError {
  readonly repository: string;

  constructor(repository: string, options?: ErrorOptions) {
    super(
      `repository ${repository} is being remediated by another invocation; retry later`,
      options,
    );
    this.name = 'RemediationInProgressError';
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
 * if (await lock.acquire('123456789012/us-east-1/payments-api', 60_000)) { … }
 * ```
 */
export class InProcessRemediationLock implements RemediationLock {
  readonly #held = new Map<string, number>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async acquire(key: string, ttlMs: number): Promise<boolean> {
    const expiresAt = this.#held.get(key);
    if (expiresAt !== undefined && expiresAt > this.#now()) return false;
    this.#held.set(key, this.#now() + ttlMs);
    return true;
  }

  async release(key: string): Promise<void> {
    this.#held.delete(key);
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
