/**
 * The `notices` section of ecr-guard.yml: what the owning team is told after ecr-guard
 * changed one of its repositories.
 *
 * @module
 */
import * as z from 'zod';

/** `30s`, `15m`, `1h`, `2d`: a whole number and its unit. */
const DURATION = /^(\d{1,6})(s|m|h|d)$/;
const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Who approves an exemption, when the standard does not say. */
export const DEFAULT_EXEMPTION_HELP =
  'An exemption needs the approval of the platform team: ask them before setting the tags.';

/**
 * A duration as written in the standard, in milliseconds.
 *
 * @returns the milliseconds, or `undefined` when `text` is not a duration
 *
 * @example
 * ```ts
 * durationMs('1h'); // 3_600_000
 * durationMs('an hour'); // undefined
 * ```
 */
export function durationMs(text: string): number | undefined {
  const match = DURATION.exec(text);
  const unit = match?.[2] === undefined ? undefined : UNIT_MS[match[2]];
  if (match?.[1] === undefined || unit === undefined) return undefined;
  return Number(match[1]) * unit;
}

/** The `notices` section; every field has its default. */
export const NoticesSchema = z.strictObject({
  /** Whether the owning team is told of each change (default true). */
  enabled: z.boolean().default(true),
  /**
   * A repository is announced at most once per this interval (default `1h`): a repository
   * fought over gets one notice, and the next one counts the changes held back meanwhile.
   */
  minInterval: z
    .string()
    .refine((text) => durationMs(text) !== undefined, 'must be a duration such as 30m, 1h or 1d')
    .default('1h'),
  /** Who approves an exemption and how to ask, shown in every notice. */
  exemptionHelp: z
    .string()
    .trim()
    .min(1, 'must say who approves an exemption')
    .max(1_000, 'at most 1000 characters')
    .default(DEFAULT_EXEMPTION_HELP),
});

/** The `notices` section, with its defaults applied. */
export type NoticesSettings = z.output<typeof NoticesSchema>;
