/**
 * The `tagStrategy` section of ecr-guard.yml.
 *
 * @module
 */
import * as z from 'zod';
import { IMAGES_PAGE_SIZE } from '../facts/images-page-size.ts';

/** `report` (default): recent images' tags are judged (never changed); `off`: not. */
export const TAG_STRATEGY_MODES = ['report', 'off'] as const;
export type TagStrategyMode = (typeof TAG_STRATEGY_MODES)[number];

/** The tag kinds ecr-guard knows by name, and what each accepts. */
export const TAG_KINDS = {
  /** A semantic version, `v` optional: `v1.2.3`, `1.2.3-rc.1+build.5`. */
  semver: /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/,
  /** A git commit SHA, 7 to 40 hex characters. */
  'git-sha': /^[0-9a-f]{7,40}$/,
  /** A calendar date, `2024-01-15`. */
  date: /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/,
} as const;
export type TagKind = keyof typeof TAG_KINDS;

/** A literal tag or a `*` wildcard of tag characters. */
const TAG_PATTERN = /^[\w.*-]{1,128}$/;

/** The section's documented defaults. */
export const TAG_STRATEGY_DEFAULTS = {
  mode: 'report' as TagStrategyMode,
  sampleImages: 20,
  // The seed's strategy: versions, commits, dates, environments, and the immutability exclusion.
  allowed: ['semver', 'git-sha', 'date', 'prod', 'staging', 'latest'],
};

export const TagStrategyConfigSchema = z.strictObject({
  mode: z.enum(TAG_STRATEGY_MODES).default(() => TAG_STRATEGY_DEFAULTS.mode),
  sampleImages: z
    .number()
    .int('must be a whole number')
    .min(1, 'at least 1')
    .max(IMAGES_PAGE_SIZE, `at most ${IMAGES_PAGE_SIZE}`)
    .default(() => TAG_STRATEGY_DEFAULTS.sampleImages),
  allowed: z
    .array(
      z
        .string()
        .refine(
          (entry) => entry in TAG_KINDS || TAG_PATTERN.test(entry),
          `must be ${Object.keys(TAG_KINDS).join(', ')}, or a tag (letters, digits, . _ -, * wildcards)`,
        ),
    )
    .min(1, 'must allow at least one kind of tag')
    .default(() => [...TAG_STRATEGY_DEFAULTS.allowed]),
});

export type TagStrategyConfig = z.output<typeof TagStrategyConfigSchema>;
