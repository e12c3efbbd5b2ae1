/**
 * Errors of the delivery ledger. AWS failures are the `AwsCallError`s of `#lib/aws`.
 *
 * @module
 */

/** Base class of the delivery ledger's errors. */
export class DeliveryError extends Error {
  /** The ledger key of the message. */
  readonly key: string;

  constructor(key: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeliveryError';
    this.key = key;
  }
}

/**
 * Another delivery of the same message holds a lease that did not end within the wait: it
 * is delivering now, or it died and its lease has not run out yet. Trying again later
 * settles it either way (the message is then delivered, or the lease is taken over), so it
 * is thrown for Lambda to retry.
 *
 * @example
 * ```ts
 * try {
 *   await ledger.claim({ key, plan });
 * } catch (error) {
 *   if (error instanceof DeliveryInFlightError) logger.info('delivered elsewhere right now', { until: error.leaseUntil });
 *   throw error;
 * }
 * ```
 */
export class DeliveryInFlightError extends DeliveryError {
  /** When the other delivery's lease ends (epoch ms). */
  readonly leaseUntil: number;
  readonly retryable = true;

  constructor(key: string, leaseUntil: number, options?: ErrorOptions) {
    super(
      key,
      `${key} is being delivered by another invocation (its lease ends ${new Date(leaseUntil).toISOString()}); retry later`,
      options,
    );
    this.name = 'DeliveryInFlightError';
    this.leaseUntil = leaseUntil;
  }
}

/** The record kept changing under one claim (many deliveries at once): retry later. */
export class DeliveryContentionError extends DeliveryError {
  readonly attempts: number;
  readonly retryable = true;

  constructor(key: string, attempts: number, options?: ErrorOptions) {
    super(key, `the delivery record ${key} changed ${attempts} times during one claim`, options);
    this.name = 'DeliveryContentionError';
    this.attempts = attempts;
  }
}
