/**
 * Errors raised while turning a raw AWS event into a `GuardEvent`.
 *
 * @module
 */

/** How many issues the one-line message names before it says "(+N more)". */
const ISSUES_IN_MESSAGE = 3;

/**
 * The event is not something ecr-guard can act on safely: not JSON, not an object, not an
 * EventBridge envelope, or a known detail-type whose fields are missing or wrong.
 *
 * Retrying cannot fix such an event, so callers log it (with {@link InvalidEventError.issues})
 * and drop it without any write. Base class for every event problem.
 *
 * @example
 * ```ts
 * try {
 *   normalizeEvent(raw);
 * } catch (error) {
 *   if (error instanceof InvalidEventError) {
 *     logger.warn('dropping invalid event', { issues: error.issues });
 *     return;
 *   }
 *   throw error;
 * }
 * ```
 */
export class InvalidEventError extends Error {
  /** Human-readable problems, each naming the field path (`detail.repository-name: …`). */
  public readonly issues: readonly string[];

  /**
   * @param issues - one problem, or the list of problems; the message names the first ones.
   * @param options - `cause`, e.g. the `ZodError` or `SyntaxError` behind the problem.
   */
  public constructor(issues: string | readonly string[], options?: ErrorOptions) {
    const list = typeof issues === 'string' ? [issues] : [...issues];
    super(summarize(list), options);
    this.name = 'InvalidEventError';
    this.issues = list;
  }
}

function summarize(issues: readonly string[]): string {
  if (issues.length === 0) {
    return 'invalid event';
  }
  const named = issues.slice(0, ISSUES_IN_MESSAGE).join('; ');
  const more = issues.length - ISSUES_IN_MESSAGE;
  return more > 0 ? `${named} (+${more} more)` : named;
}
