/**
 * The `immutability` section of ecr-guard.yml.
 *
 * @module
 */
import * as z from 'zod';

/** What remediation writes with `PutImageTagMutability`. */
export const IMMUTABILITY_MODES = ['IMMUTABLE', 'IMMUTABLE_WITH_EXCLUSION'] as const;
export type ImmutabilityMode = (typeof IMMUTABILITY_MODES)[number];

/** ECR's pattern for an image tag mutability exclusion filter (`filterType: WILDCARD`). */
export const EXCLUSION_FILTER_PATTERN = /^[0-9a-zA-Z._*-]{1,128}$/;
/** ECR accepts 1–5 exclusion filters on a repository. */
export const MIN_EXCLUSION_FILTERS = 1;
export const MAX_EXCLUSION_FILTERS = 5;

/** The section's documented defaults (ecr-guard.yml writes each of them out). */
export const IMMUTABILITY_DEFAULTS = {
  mode: 'IMMUTABLE_WITH_EXCLUSION' as ImmutabilityMode,
  exclusions: ['latest'],
  exemptPullThroughCache: true,
};

export const ImmutabilityConfigSchema = z
  .strictObject({
    mode: z.enum(IMMUTABILITY_MODES).default(() => IMMUTABILITY_DEFAULTS.mode),
    exclusions: z
      .array(
        z.string().regex(EXCLUSION_FILTER_PATTERN, `must match ${EXCLUSION_FILTER_PATTERN.source}`),
      )
      .default(() => [...IMMUTABILITY_DEFAULTS.exclusions]),
    exemptPullThroughCache: z.boolean().default(() => IMMUTABILITY_DEFAULTS.exemptPullThroughCache),
  })
  .superRefine((immutability, ctx) => {
    const { mode, exclusions } = immutability;
    // In IMMUTABLE mode nothing is written, the list only says which filters a repository
    // may already have and still count as compliant, so ECR's 1–5 does not apply.
    if (
      mode === 'IMMUTABLE_WITH_EXCLUSION' &&
      (exclusions.length < MIN_EXCLUSION_FILTERS || exclusions.length > MAX_EXCLUSION_FILTERS)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['exclusions'],
        message: `${MIN_EXCLUSION_FILTERS}–${MAX_EXCLUSION_FILTERS} filters required with mode IMMUTABLE_WITH_EXCLUSION (found ${exclusions.length})`,
      });
    }
    exclusions.forEach((filter, index) => {
      if (exclusions.indexOf(filter) !== index) {
        ctx.addIssue({ code: 'custom', path: ['exclusions', index], message: 'duplicate filter' });
      }
    });
  });

export type ImmutabilityConfig = z.output<typeof ImmutabilityConfigSchema>;
