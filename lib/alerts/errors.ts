/**
 * Errors of the alerting path. AWS failures are the `AwsCallError`s of `#lib/aws`; these are
 * the alerting's own.
 *
 * @module
 */

/** Base class of the alerting errors. */
export class AlertError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AlertError';
  }
}

/**
 * An SNS message is not an ecr-guard alert (not JSON, or not the alert's shape). Retrying
 * cannot fix it: the subscriber logs it and drops it. `issues` name the fields.
 *
 * @example
 * ```ts
 * try {
 *   parseAlertMessage(record.Sns.Message);
 * } catch (error) {
 *   if (error instanceof InvalidAlertError) logger.warn('not an alert', { issues: error.issues });
 *   else throw error;
 * }
 * ```
 */
export class InvalidAlertError extends AlertError {
  readonly issues: readonly string[];

  constructor(issues: readonly string[], options?: ErrorOptions) {
    super(`not an ecr-guard alert: ${issues.join('; ')}`, options);
    this.name = 'InvalidAlertError';
    this.issues = issues;
  }
}

/**
 * The dedupe record of an image kept changing under a claim (many deliveries at once).
 * Trying the event again later settles it, so it is thrown for Lambda to retry.
 */
export class AlertClaimContentionError extends AlertError {
  readonly key: string;
  readonly attempts: number;
  readonly retryable = true;

  constructor(key: string, attempts: number, options?: ErrorOptions) {
    super(`the dedupe record ${key} changed ${attempts} times during one claim`, options);
    this.name = 'AlertClaimContentionError';
    this.key = key;
    this.attempts = attempts;
  }
}
