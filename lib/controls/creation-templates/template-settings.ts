/**
 * The settings a creation template writes, as both remediations of the control carry them.
 *
 * @module
 */
import type { UpdateRepositoryCreationTemplateCommandInput } from '@aws-sdk/client-ecr';
import type { AppliedFor } from './config.ts';

/** The encryption a template gives new repositories. */
export interface TemplateEncryption {
  encryptionType: 'AES256' | 'KMS';
  kmsKey?: string;
}

/** What a template sets for the repositories ECR creates under its prefix. */
export interface TemplateSettings {
  appliedFor: AppliedFor[];
  imageTagMutability: 'IMMUTABLE' | 'IMMUTABLE_WITH_EXCLUSION';
  /** WILDCARD filters, with `IMMUTABLE_WITH_EXCLUSION`. */
  imageTagMutabilityExclusionFilters: string[];
  lifecyclePolicy: string;
  encryptionConfiguration: TemplateEncryption;
}

/**
 * The settings in the SDK's shape (`Create…` and `Update…` take the same members).
 *
 * @example
 * ```ts
 * templateInput({ imageTagMutability: 'IMMUTABLE' }); // { imageTagMutability: 'IMMUTABLE' }
 * ```
 */
export function templateInput(
  settings: Partial<TemplateSettings>,
): Omit<UpdateRepositoryCreationTemplateCommandInput, 'prefix'> {
  const { imageTagMutabilityExclusionFilters: filters, ...rest } = settings;
  return {
    ...rest,
    ...(filters === undefined
      ? {}
      : {
          imageTagMutabilityExclusionFilters: filters.map((filter) => ({
            filter,
            filterType: 'WILDCARD' as const,
          })),
        }),
  };
}
