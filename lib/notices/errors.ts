/**
 * The errors of notices.
 *
 * @module
 */

/**
 * A notice could be neither published nor parked. The remediation it announces was made and
 * is not undone; the invocation fails so that the failure is seen (on-failure queue, alarm).
 *
 * @example
 * ```ts
 * throw new NoticeDeliveryError('payments', 'sns:Publish failed', { cause: error });
 * ```
 */
export class NoticeDeliveryError extends Error {
  override readonly name = 'NoticeDeliveryError';
  readonly team: string;

  constructor(team: string, reason: string, options?: ErrorOptions) {
    super(`the notice to ${team} could be neither published nor parked: ${reason}`, options);
    this.team = team;
  }
}
