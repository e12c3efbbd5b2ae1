/**
 * Whether an image runs, as Inspector tells it (`lastInUseAt`, `inUseCount`): what ranks
 * images, what the message says, and what keeps an image nobody pulls from paging.
 *
 * @module
 */

/** Inspector counts an image in use when it ran within this many days. */
export const IN_USE_WITHIN_DAYS = 30;

const DAY_MS = 86_400_000;

export interface ImageUsage {
  inUse: boolean;
  lastInUseAt?: string;
  inUseCount?: number;
  /** Days since it was last in use, when it is not in use and Inspector says when it was. */
  notPulledForDays?: number;
}

/**
 * Reads Inspector's usage fields: in use when it ran within {@link IN_USE_WITHIN_DAYS} days
 * or a running workload counts it (`inUseCount` > 0).
 *
 * @returns the usage, or `undefined` when Inspector says nothing
 *
 * @example
 * ```ts
 * imageUsageOf({ lastInUseAt: '2026-01-01T00:00:00Z' }, new Date('2026-04-11T00:00:00Z'));
 * // { inUse: false, lastInUseAt: '2026-01-01T00:00:00Z', notPulledForDays: 100 }
 * ```
 */
export function imageUsageOf(
  fields: { lastInUseAt?: string | undefined; inUseCount?: number | undefined },
  now: Date,
): ImageUsage | undefined {
  const { lastInUseAt, inUseCount } = fields;
  if (lastInUseAt === undefined && inUseCount === undefined) return undefined;
  const last = lastInUseAt === undefined ? Number.NaN : Date.parse(lastInUseAt);
  const days = Number.isNaN(last)
    ? undefined
    : Math.max(0, Math.floor((now.getTime() - last) / DAY_MS));
  const inUse = (inUseCount ?? 0) > 0 || (days !== undefined && days <= IN_USE_WITHIN_DAYS);
  return {
    inUse,
    ...(lastInUseAt === undefined ? {} : { lastInUseAt }),
    ...(inUseCount === undefined ? {} : { inUseCount }),
    ...(!inUse && days !== undefined ? { notPulledForDays: days } : {}),
  };
}

/**
 * What a message says about it: `in use`, `not pulled for N days`, or nothing when unknown.
 *
 * @example
 * ```ts
 * usageText({ inUse: false, notPulledForDays: 120 }); // 'not pulled for 120 days'
 * ```
 */
export function usageText(usage: ImageUsage | undefined): string | undefined {
  if (usage === undefined) return undefined;
  if (usage.inUse) return 'in use';
  return usage.notPulledForDays === undefined
    ? 'not in use'
    : `not pulled for ${usage.notPulledForDays} days`;
}

/**
 * Whether an image is quiet: known not in use for at least `quietAfterDays` days.
 *
 * @example
 * ```ts
 * isQuiet({ inUse: false, notPulledForDays: 120 }, 90); // true
 * ```
 */
export function isQuiet(usage: ImageUsage | undefined, quietAfterDays: number): boolean {
  return usage !== undefined && !usage.inUse && (usage.notPulledForDays ?? 0) >= quietAfterDays;
}
