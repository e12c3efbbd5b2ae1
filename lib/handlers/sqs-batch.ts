/**
 * Tells an SQS batch (Lambda's SQS event source) from an EventBridge event, for a function
 * that receives both.
 *
 * @module
 */

/**
 * Whether an invocation's event is an SQS batch: `Records` whose first says `aws:sqs`.
 *
 * @example
 * ```ts
 * isSqsBatch({ Records: [{ eventSource: 'aws:sqs', messageId: 'm-1', body: '{}' }] }); // true
 * ```
 */
export function isSqsBatch(event: unknown): boolean {
  if (typeof event !== 'object' || event === null || !('Records' in event)) return false;
  const { Records } = event as { Records: unknown };
  if (!Array.isArray(Records) || Records.length === 0) return false;
  const [first] = Records as unknown[];
  return (
    typeof first === 'object' &&
    first !== null &&
    (first as { eventSource?: unknown }).eventSource === 'aws:sqs'
  );
}
