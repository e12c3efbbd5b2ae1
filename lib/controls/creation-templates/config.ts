/**
 * The `creationTemplates` section of ecr-guard.yml.
 *
 * @module
 */
import * as z from 'zod';

/** `report` (default): templates are judged; `enforce`: created or updated; `off`: not judged. */
export const CREATION_TEMPLATES_MODES = ['report', 'enforce', 'off'] as const;
export type CreationTemplatesMode = (typeof CREATION_TEMPLATES_MODES)[number];

/** How ECR creates a repository by itself, and applies a template then. */
export const APPLIED_FOR = ['CREATE_ON_PUSH', 'PULL_THROUGH_CACHE', 'REPLICATION'] as const;
export type AppliedFor = (typeof APPLIED_FOR)[number];

/** The prefix of the template for every repository no other template's prefix covers. */
export const ROOT_PREFIX = 'ROOT';

/** ECR's rule for a template prefix (API reference, `prefix`), or `ROOT`. */
const PREFIX_PATTERN =
  /^(?:ROOT|(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*\/?)$/;

/** The section's documented defaults. */
export const CREATION_TEMPLATES_DEFAULTS = {
  mode: 'report' as CreationTemplatesMode,
  prefixes: [ROOT_PREFIX],
  appliedFor: [...APPLIED_FOR] as AppliedFor[],
};

export const CreationTemplatesConfigSchema = z.strictObject({
  mode: z.enum(CREATION_TEMPLATES_MODES).default(() => CREATION_TEMPLATES_DEFAULTS.mode),
  prefixes: z
    .array(
      z.string().regex(PREFIX_PATTERN, 'must be ROOT or a repository name prefix (ECR’s rule)'),
    )
    .min(1, 'must list at least one prefix (ROOT: every repository)')
    .default(() => [...CREATION_TEMPLATES_DEFAULTS.prefixes]),
  appliedFor: z
    .array(z.enum(APPLIED_FOR))
    .min(1, 'must list at least one of CREATE_ON_PUSH, PULL_THROUGH_CACHE, REPLICATION')
    .default(() => [...CREATION_TEMPLATES_DEFAULTS.appliedFor]),
});

export type CreationTemplatesConfig = z.output<typeof CreationTemplatesConfigSchema>;
