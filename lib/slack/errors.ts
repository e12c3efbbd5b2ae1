/**
 * Errors of the Slack notifier. None of them carries a webhook URL: the URL is a credential
 * (whoever has it can post to the channel), and errors end up in logs.
 *
 * @module
 */

/** Base class of the Slack errors. */
export class SlackError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SlackError';
  }
}

/**
 * The webhook secret cannot be used: not JSON, not a map of team to webhook URL, or without a
 * `default`. The message names the keys at fault, never a value.
 *
 * @example
 * ```ts
 * parseWebhookRoutes(arn, '{"payments":"https://hooks.slack.com/services/…"}');
 * // throws WebhookSecretError: Slack webhook secret arn:…: has no "default" webhook
 * ```
 */
export class WebhookSecretError extends SlackError {
  readonly secretId: string;

  constructor(secretId: string, problem: string, options?: ErrorOptions) {
    super(`Slack webhook secret ${secretId}: ${problem}`, options);
    this.name = 'WebhookSecretError';
    this.secretId = secretId;
  }
}

/**
 * Slack did not take the message after every attempt (rate limited, 5xx, network). Thrown so
 * that Lambda retries the invocation and, finally, sends it to the on-failure destination.
 *
 * @example
 * ```ts
 * await postToSlack(url, message, 'payments').catch((error) => {
 *   if (error instanceof SlackDeliveryError) logger.error('Slack unavailable', { attempts: error.attempts });
 *   throw error;
 * });
 * ```
 */
export class SlackDeliveryError extends SlackError {
  readonly route: string;
  readonly attempts: number;
  /** The last HTTP status, absent for a network failure. */
  readonly httpStatus: number | undefined;
  readonly retryable = true;

  constructor(
    details: { route: string; attempts: number; httpStatus: number | undefined; reason: string },
    options?: ErrorOptions,
  ) {
    super(
      `Slack did not accept the alert for route ${details.route} after ${details.attempts} attempt(s): ${details.reason}`,
      options,
    );
    this.name = 'SlackDeliveryError';
    this.route = details.route;
    this.attempts = details.attempts;
    this.httpStatus = details.httpStatus;
  }
}
