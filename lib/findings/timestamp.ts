/**
 * Timestamps as the SDK (a `Date`), the ECR wire format (epoch seconds), saved API responses
 * (ISO text) and placebo recordings (`{ "__class__": "datetime", … }`) carry them.
 *
 * @module
 */

interface PlaceboDatetime {
  __class__: 'datetime';
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  microsecond?: number;
}

function isPlaceboDatetime(value: object): value is PlaceboDatetime {
  const record = value as Record<string, unknown>;
  return (
    record.__class__ === 'datetime' &&
    typeof record.year === 'number' &&
    typeof record.month === 'number' &&
    typeof record.day === 'number'
  );
}

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'string') return new Date(value);
  if (typeof value === 'object' && value !== null && isPlaceboDatetime(value)) {
    // Placebo records naive local time; UTC is the best reading of it.
    return new Date(
      Date.UTC(
        value.year,
        value.month - 1,
        value.day,
        value.hour ?? 0,
        value.minute ?? 0,
        value.second ?? 0,
        Math.floor((value.microsecond ?? 0) / 1000),
      ),
    );
  }
  return undefined;
}

/**
 * Reads a timestamp in any of the forms AWS responses come in.
 *
 * @param value - a `Date`, epoch seconds, ISO text or a placebo datetime
 * @returns the ISO-8601 text, or `undefined` when `value` is absent or not a valid time
 *
 * @example
 * ```ts
 * toIsoTimestamp(1579839105); // '2020-01-24T04:11:45.000Z'
 * toIsoTimestamp('2025-05-27T17:53:50.554000+00:00'); // '2025-05-27T17:53:50.554Z'
 * ```
 */
export function toIsoTimestamp(value: unknown): string | undefined {
  const date = toDate(value);
  return date === undefined || Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
