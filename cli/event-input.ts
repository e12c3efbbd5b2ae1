import { type GuardEvent, InvalidEventError, parseEventJson } from '#lib/events/index.ts';
import { CliError } from './io.ts';

/** The fields every CloudTrail record has, and that an EventBridge event has not. */
function isCloudTrailRecord(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.eventVersion === 'string' &&
    typeof record.eventSource === 'string' &&
    typeof record.eventName === 'string' &&
    !('detail-type' in record) &&
    !('detail' in record)
  );
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Parses the event a command was given, as the Lambdas would receive it. A bare CloudTrail
 * record (what `aws cloudtrail lookup-events` or a trail's S3 file holds) is explained rather
 * than refused with the schema's issues: EventBridge delivers it wrapped.
 *
 * @throws {CliError} for anything that is not a valid EventBridge event.
 * @example
 * ```ts
 * const event = parseCliEvent(await readInput(path, io), path);
 * ```
 */
export function parseCliEvent(text: string, source: string): GuardEvent {
  try {
    return parseEventJson(text);
  } catch (error) {
    if (!(error instanceof InvalidEventError)) throw error;
    const value = parsed(text);
    if (isCloudTrailRecord(value)) {
      const record = value as { eventSource: string; eventName: string };
      throw new CliError(
        `${source} is a CloudTrail record (${record.eventName} from ${record.eventSource}), not an EventBridge event; EventBridge delivers it as the detail of an 'AWS API Call via CloudTrail' event: {"source": "aws.ecr", "detail-type": "AWS API Call via CloudTrail", "account": "…", "region": "…", "time": "…", "id": "…", "detail": <the record>}`,
        { cause: error },
      );
    }
    throw new CliError(`invalid event: ${error.message}`, { cause: error });
  }
}
