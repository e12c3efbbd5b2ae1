/**
 * The `repositoryPolicy` section of ecr-guard.yml.
 *
 * @module
 */
import * as z from 'zod';

/**
 * `report` (default): offending statements are reported; `enforce`: they are removed;
 * `off`: repository policies are not judged.
 */
export const REPOSITORY_POLICY_MODES = ['report', 'enforce', 'off'] as const;
export type RepositoryPolicyMode = (typeof REPOSITORY_POLICY_MODES)[number];

/** The actions that change a repository's images: granted to no other account unless allowed. */
export const PUSH_ACTIONS = [
  'ecr:PutImage',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:BatchDeleteImage',
] as const;

const AccountIdSchema = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');

/** The section's documented defaults. */
export const REPOSITORY_POLICY_DEFAULTS = {
  mode: 'report' as RepositoryPolicyMode,
  allowedAccounts: [] as string[],
  pushAccounts: [] as string[],
  organizationIds: [] as string[],
};

export const RepositoryPolicyConfigSchema = z.strictObject({
  mode: z.enum(REPOSITORY_POLICY_MODES).default(() => REPOSITORY_POLICY_DEFAULTS.mode),
  allowedAccounts: z
    .array(AccountIdSchema)
    .default(() => [...REPOSITORY_POLICY_DEFAULTS.allowedAccounts]),
  pushAccounts: z
    .array(AccountIdSchema)
    .default(() => [...REPOSITORY_POLICY_DEFAULTS.pushAccounts]),
  organizationIds: z
    .array(z.string().regex(/^o-[a-z0-9]{10,32}$/, 'must be an organization id (o-…)'))
    .default(() => [...REPOSITORY_POLICY_DEFAULTS.organizationIds]),
});

export type RepositoryPolicyConfig = z.output<typeof RepositoryPolicyConfigSchema>;
